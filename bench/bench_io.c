/* Benchmark rows: files and pipes. */
#include "bench.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define BLOCK 4096
#define BLOCKS_PER_PASS 64      /* the file is rewound after this many blocks */

static char chunk[CHUNK];

/* ---- 64 KiB WriteFile through a pipe to a reader thread vs write/read ---- */

/* The reader drains iters chunks; both sides start it with pthread_create. */
struct drain {
    bool w32;
    HANDLE h;
    int fd;
    long bytes;
};

static void *drain_pipe(void *arg)
{
    static char buf[CHUNK];
    struct drain *d = arg;
    long got = 0;

    while (got < d->bytes) {
        DWORD n = 0;
        ssize_t r;
        if (d->w32) {
            if (!ReadFile(d->h, buf, CHUNK, &n, NULL))
                fail("ReadFile");
            r = n;
        } else {
            r = read(d->fd, buf, CHUNK);
            if (r <= 0)
                fail("read");
        }
        got += r;
    }
    return NULL;
}

static void w32_pipe_chunks(void *ctx, long iters)
{
    struct drain d = { .w32 = true, .bytes = iters * (long)CHUNK };
    HANDLE w;
    pthread_t reader;
    DWORD n;

    if (!CreatePipe(&d.h, &w, NULL, 0))
        fail("CreatePipe");
    if (pthread_create(&reader, NULL, drain_pipe, &d))
        fail("pthread_create");
    for (long i = 0; i < iters; i++)
        if (!WriteFile(w, chunk, CHUNK, &n, NULL) || n != CHUNK)
            fail("WriteFile");
    pthread_join(reader, NULL);
    CloseHandle(d.h);
    CloseHandle(w);
}

static void posix_pipe_chunks(void *ctx, long iters)
{
    struct drain d = { .w32 = false, .bytes = iters * (long)CHUNK };
    int fds[2];
    pthread_t reader;

    if (pipe2(fds, O_CLOEXEC))
        fail("pipe2");
    d.fd = fds[0];
    if (pthread_create(&reader, NULL, drain_pipe, &d))
        fail("pthread_create");
    for (long i = 0; i < iters; i++) {
        for (size_t off = 0; off < CHUNK;) {
            ssize_t n = write(fds[1], chunk + off, CHUNK - off);
            if (n <= 0)
                fail("write");
            off += n;
        }
    }
    pthread_join(reader, NULL);
    close(fds[0]);
    close(fds[1]);
}

static void bench_pipe_throughput(void)
{
    double w32, posix;

    measure(&(struct side){ w32_pipe_chunks, NULL }, &(struct side){ posix_pipe_chunks, NULL },
            20000, &w32, &posix);
    report("WriteFile 64 KiB through a pipe to a reader", w32, posix, 0, 1.11, "<= 1.11x");
}

/* ---- 4 KiB WriteFile / ReadFile on a file vs write / read ---- */

struct file_ctx {
    HANDLE h;
    int fd;
};

static void w32_write_blocks(void *ctx, long iters)
{
    struct file_ctx *f = ctx;
    DWORD n;

    for (long i = 0; i < iters; i++) {
        if (i % BLOCKS_PER_PASS == 0)
            SetFilePointer(f->h, 0, NULL, FILE_BEGIN);
        if (!WriteFile(f->h, chunk, BLOCK, &n, NULL))
            fail("WriteFile");
    }
}

static void posix_write_blocks(void *ctx, long iters)
{
    struct file_ctx *f = ctx;

    for (long i = 0; i < iters; i++) {
        if (i % BLOCKS_PER_PASS == 0)
            lseek(f->fd, 0, SEEK_SET);
        if (write(f->fd, chunk, BLOCK) != BLOCK)
            fail("write");
    }
}

static void w32_read_blocks(void *ctx, long iters)
{
    static char buf[BLOCK];
    struct file_ctx *f = ctx;
    DWORD n;

    for (long i = 0; i < iters; i++) {
        if (i % BLOCKS_PER_PASS == 0)
            SetFilePointer(f->h, 0, NULL, FILE_BEGIN);
        if (!ReadFile(f->h, buf, BLOCK, &n, NULL) || n != BLOCK)
            fail("ReadFile");
    }
}

static void posix_read_blocks(void *ctx, long iters)
{
    static char buf[BLOCK];
    struct file_ctx *f = ctx;

    for (long i = 0; i < iters; i++) {
        if (i % BLOCKS_PER_PASS == 0)
            lseek(f->fd, 0, SEEK_SET);
        if (read(f->fd, buf, BLOCK) != BLOCK)
            fail("read");
    }
}

/* ---- 4 KiB ReadFile at an OVERLAPPED offset vs pread, on a cached file ---- */

static void w32_read_at(void *ctx, long iters)
{
    static char buf[BLOCK];
    struct file_ctx *f = ctx;
    OVERLAPPED ov = { 0 };
    DWORD n;

    for (long i = 0; i < iters; i++) {
        ov.Offset = (DWORD)(i % BLOCKS_PER_PASS) * BLOCK;
        if (!ReadFile(f->h, buf, BLOCK, &n, &ov) || n != BLOCK)
            fail("ReadFile at an offset");
    }
}

static void posix_read_at(void *ctx, long iters)
{
    static char buf[BLOCK];
    struct file_ctx *f = ctx;

    for (long i = 0; i < iters; i++)
        if (pread(f->fd, buf, BLOCK, (off_t)(i % BLOCKS_PER_PASS) * BLOCK) != BLOCK)
            fail("pread");
}

/* ---- LockFileEx + UnlockFileEx of one byte vs two fcntl(F_OFD_SETLK) ---- */

static void w32_lock_byte(void *ctx, long iters)
{
    struct file_ctx *f = ctx;
    OVERLAPPED ov = { .Offset = 100 };

    for (long i = 0; i < iters; i++) {
        if (!LockFileEx(f->h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov))
            fail("LockFileEx");
        if (!UnlockFileEx(f->h, 0, 1, 0, &ov))
            fail("UnlockFileEx");
    }
}

static void posix_lock_byte(void *ctx, long iters)
{
    struct file_ctx *f = ctx;
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 100, .l_len = 1 };
    struct flock unlock = lock;

    unlock.l_type = F_UNLCK;
    for (long i = 0; i < iters; i++) {
        if (fcntl(f->fd, F_OFD_SETLK, &lock) != 0)
            fail("fcntl(F_OFD_SETLK)");
        if (fcntl(f->fd, F_OFD_SETLK, &unlock) != 0)
            fail("fcntl(F_OFD_SETLK, F_UNLCK)");
    }
}

static void bench_file_blocks(void)
{
    char dir[MAX_PATH], wpath[MAX_PATH + 32], ppath[MAX_PATH + 32];
    struct file_ctx w = { 0 }, p = { 0 };
    double w32, posix;

    GetTempPathA(sizeof(dir), dir);
    snprintf(wpath, sizeof(wpath), "%sw32bench-io-%d-a", dir, (int)getpid());
    snprintf(ppath, sizeof(ppath), "%sw32bench-io-%d-b", dir, (int)getpid());
    w.h = CreateFileA(wpath, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                      FILE_FLAG_DELETE_ON_CLOSE, NULL);
    p.fd = open(ppath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (w.h == INVALID_HANDLE_VALUE || p.fd < 0)
        fail("open");
    unlink(ppath);

    measure(&(struct side){ w32_write_blocks, &w }, &(struct side){ posix_write_blocks, &p },
            400000, &w32, &posix);
    report("WriteFile 4 KiB to a file", w32, posix, 0, 1.2, "<= 1.2x");
    w32_write_blocks(&w, BLOCKS_PER_PASS);
    posix_write_blocks(&p, BLOCKS_PER_PASS);
    measure(&(struct side){ w32_read_blocks, &w }, &(struct side){ posix_read_blocks, &p },
            400000, &w32, &posix);
    report("ReadFile 4 KiB from a file", w32, posix, 0, 1.2, "<= 1.2x");
    measure(&(struct side){ w32_read_at, &w }, &(struct side){ posix_read_at, &p },
            400000, &w32, &posix);
    report("ReadFile 4 KiB at an OVERLAPPED offset", w32, posix, 0, 1.05, "<= 1.05x");
    measure(&(struct side){ w32_lock_byte, &w }, &(struct side){ posix_lock_byte, &p },
            400000, &w32, &posix);
    report("LockFileEx+UnlockFileEx, 1 byte", w32, posix, 0, 1.1, "<= 1.1x");
    CloseHandle(w.h);
    close(p.fd);
}

void bench_io(void)
{
    memset(chunk, 'x', sizeof(chunk));
    bench_pipe_throughput();
    bench_file_blocks();
}
