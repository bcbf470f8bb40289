/* File mappings: a view mapped, touched and unmapped against mmap, the same pages, munmap. */
#include "bench.h"
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define VIEW_SIZE (1 << 20)

struct view_ctx {
    HANDLE mapping;     /* w32shim's side */
    int fd;             /* the baseline's: a memory file or a file, as the mapping's */
};

/* Writes one byte in every page, as a program does that fills its view. */
static void touch(volatile char *p)
{
    for (long at = 0; at < VIEW_SIZE; at += 4096)
        p[at] = (char)at;
}

static void w32_map_touch_unmap(void *ctx, long iters)
{
    struct view_ctx *v = ctx;

    for (long i = 0; i < iters; i++) {
        char *p = MapViewOfFile(v->mapping, FILE_MAP_WRITE, 0, 0, VIEW_SIZE);
        if (!p)
            fail("MapViewOfFile");
        touch(p);
        if (!UnmapViewOfFile(p))
            fail("UnmapViewOfFile");
    }
}

static void posix_map_touch_unmap(void *ctx, long iters)
{
    struct view_ctx *v = ctx;

    for (long i = 0; i < iters; i++) {
        char *p = mmap(NULL, VIEW_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
        if (p == MAP_FAILED)
            fail("mmap");
        touch(p);
        if (munmap(p, VIEW_SIZE) != 0)
            fail("munmap");
    }
}

static void bench_views(const char *what, struct view_ctx *w, struct view_ctx *p)
{
    double w32, posix;

    measure(&(struct side){ w32_map_touch_unmap, w }, &(struct side){ posix_map_touch_unmap, p },
            4000, &w32, &posix);
    report(what, w32, posix, 0, 1.2, "<= 1.2x");
}

void bench_mapping(void)
{
    char dir[MAX_PATH], path[MAX_PATH + 32];
    struct view_ctx w = { 0 }, p = { 0 };
    HANDLE file;

    w.mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, VIEW_SIZE, NULL);
    p.fd = memfd_create("bench", MFD_CLOEXEC);
    if (!w.mapping || p.fd < 0 || ftruncate(p.fd, VIEW_SIZE) != 0)
        fail("a paging-file mapping");
    bench_views("MapViewOfFile+touch+Unmap, 1 MiB, paging file", &w, &p);
    CloseHandle(w.mapping);
    close(p.fd);

    GetTempPathA(sizeof(dir), dir);
    snprintf(path, sizeof(path), "%sw32bench-map-%d", dir, (int)getpid());
    file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_FLAG_DELETE_ON_CLOSE, NULL);
    w.mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, VIEW_SIZE, NULL);
    p.fd = open(path, O_RDWR | O_CLOEXEC);
    if (!w.mapping || p.fd < 0)
        fail("a file mapping");
    bench_views("MapViewOfFile+touch+Unmap, 1 MiB, file", &w, &p);
    CloseHandle(w.mapping);
    CloseHandle(file);
    close(p.fd);
}
