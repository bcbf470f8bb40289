/*
 * Sections: the fds file mappings' views map, the list of the files they
 * hold (so that the file functions can refuse to shorten or delete a
 * mapped file), and the layout of a named mapping's shared block.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "error.h"
#include "mapping.h"
#include "section.h"
#include "shared.h"
#include "fork.h"

/* ---- the list of file sections ---- */

/* Guards the list of file sections; a leaf. */
static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;
static struct section *files;
/* How many are listed: read without the lock, 0 spares the file functions the lock. */
static atomic_uint file_count;

static void list_file(struct section *sec)
{
    pthread_mutex_lock(&files_lock);
    sec->next = files;
    if (files)
        files->prev = sec;
    files = sec;
    atomic_fetch_add_explicit(&file_count, 1, memory_order_relaxed);
    pthread_mutex_unlock(&files_lock);
}

static void unlist_file(struct section *sec)
{
    pthread_mutex_lock(&files_lock);
    if (sec->prev)
        sec->prev->next = sec->next;
    else
        files = sec->next;
    if (sec->next)
        sec->next->prev = sec->prev;
    atomic_fetch_sub_explicit(&file_count, 1, memory_order_relaxed);
    pthread_mutex_unlock(&files_lock);
}

/* Whether a listed section of dev/ino (with a view, if viewed) exists. */
static bool file_mapped(dev_t dev, ino_t ino, bool viewed)
{
    bool found = false;

    if (!atomic_load_explicit(&file_count, memory_order_relaxed))
        return false;
    pthread_mutex_lock(&files_lock);
    for (struct section *sec = files; sec && !found; sec = sec->next)
        found = sec->dev == dev && sec->ino == ino &&
                (!viewed || atomic_load_explicit(&sec->views, memory_order_relaxed));
    pthread_mutex_unlock(&files_lock);
    return found;
}

bool w32_mapping_holds(dev_t dev, ino_t ino)
{
    return file_mapped(dev, ino, false);
}

bool w32_mapping_viewed(dev_t dev, ino_t ino)
{
    return file_mapped(dev, ino, true);
}

bool w32_mapping_refuses_resize(int fd, LONGLONG size)
{
    struct stat st;

    if (!atomic_load_explicit(&file_count, memory_order_relaxed) || fstat(fd, &st) != 0)
        return false;
    return size < st.st_size && file_mapped(st.st_dev, st.st_ino, false);
}

/* ---- sections ---- */

static ULONGLONG page_size(void)
{
    return (ULONGLONG)sysconf(_SC_PAGESIZE);
}

static ULONGLONG round_up(ULONGLONG n, ULONGLONG to)
{
    return (n + to - 1) / to * to;
}

/* A section for fd (taken over: closed on failure too); NULL, error set. */
static struct section *new_section(int fd, ULONGLONG size)
{
    struct section *sec = calloc(1, sizeof(*sec));

    if (!sec) {
        close(fd);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    sec->base.fd = fd;
    sec->base.size = size;
    atomic_init(&sec->refs, 1);
    atomic_init(&sec->views, 0);
    return sec;
}

void w32_section_release(struct section *sec)
{
    ULONGLONG pages = sec->base.size / page_size();

    if (atomic_fetch_sub_explicit(&sec->refs, 1, memory_order_acq_rel) != 1)
        return;
    if (sec->base.file)
        unlist_file(sec);
    if (sec->committed_mapped)
        munmap(sec->base.committed, round_up(pages, page_size()));
    else
        free(sec->base.committed);
    close(sec->base.fd);
    free(sec);
}

/* A memory file of size bytes: the paging file's share of a mapping; -1, error set. */
static int memory_file(ULONGLONG size)
{
    int fd = memfd_create("w32shim-section", MFD_CLOEXEC);

    if (fd < 0 && errno == ENOSYS)
        fd = open("/dev/shm", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {
        w32_set_error(w32_error_from_errno(errno));
        return -1;
    }
    if (ftruncate(fd, (off_t)size) != 0) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        close(fd);
        return -1;
    }
    return fd;
}

struct section *w32_section_memory(ULONGLONG size, bool reserve)
{
    int fd = memory_file(size);
    struct section *sec = fd >= 0 ? new_section(fd, size) : NULL;

    if (sec && reserve && !(sec->base.committed = calloc(size / page_size(), 1))) {
        w32_section_release(sec);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return sec;
}

struct section *w32_section_file(int fd, ULONGLONG size, const struct stat *st)
{
    struct section *sec = new_section(fd, size);

    if (!sec)
        return NULL;
    sec->base.file = true;
    sec->dev = st->st_dev;
    sec->ino = st->st_ino;
    list_file(sec);
    return sec;
}

/* Without /proc, a duplicate of fd, which shares the open and its locks. */
int w32_section_reopen(int fd, bool writable)
{
    char path[32];
    int copy;

    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    copy = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY);
    if (copy < 0 && errno == ENOENT)
        copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0)
        w32_set_error(w32_error_from_errno(errno));
    return copy;
}

/* ---- named mappings' shared blocks ---- */

struct w32_section_block {
    struct w32_shared_sync sync;    /* every shared block starts so; a mapping never signals */
    uint64_t size;                  /* the bytes a view may reach */
    uint32_t protect;
    uint32_t reserve;               /* the paging file's pages start uncommitted */
    uint32_t file;                  /* a file's mapping: path, dev and ino name the file */
    uint64_t dev, ino;
    char path[PATH_MAX];
};

size_t w32_section_block_size(ULONGLONG size, bool reserve, bool file)
{
    ULONGLONG page = page_size();

    if (file)
        return sizeof(struct w32_section_block);
    /* Room to reach a page boundary of the file twice, wherever the block starts. */
    return sizeof(struct w32_section_block) + page +
           (reserve ? round_up(size / page, page) : 0) + page + size;
}

/* The file's path as the kernel knows it; "" if it has none (deleted). */
static void file_path(int fd, char *path, size_t size)
{
    char self[32];
    ssize_t n;

    snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
    n = readlink(self, path, size - 1);
    path[n > 0 ? n : 0] = '\0';
}

void w32_section_block_init(void *block, const struct section *sec, ULONGLONG size,
                            DWORD protect, bool reserve)
{
    struct w32_section_block *b = block;

    b->size = size;
    b->protect = protect;
    b->reserve = !sec && reserve;
    if (sec && sec->base.file) {
        b->file = 1;
        b->dev = sec->dev;
        b->ino = sec->ino;
        file_path(sec->base.fd, b->path, sizeof(b->path));
    }
}

DWORD w32_section_block_protect(const void *block)
{
    return ((const struct w32_section_block *)block)->protect;
}

static bool is_writable(DWORD protect)
{
    return protect == PAGE_READWRITE || protect == PAGE_EXECUTE_READWRITE;
}

/*
 * The file a named mapping of a file maps, opened anew by its path; the
 * mapping's file must still be there. NULL, error set.
 */
static struct section *shared_file_section(const struct w32_section_block *b)
{
    int fd = open(b->path, (is_writable(b->protect) ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY);
    struct stat st;

    if (fd < 0 || fstat(fd, &st) != 0 || (uint64_t)st.st_dev != b->dev ||
        (uint64_t)st.st_ino != b->ino) {
        if (fd >= 0)
            close(fd);
        w32_set_error(ERROR_FILE_NOT_FOUND);
        return NULL;
    }
    return w32_section_file(fd, b->size, &st);
}

/*
 * The pages of a named mapping of the paging file, in the named object's
 * file after its block; the section opens that file anew, so that its
 * views hold no lock of the name, which goes with the last handle.
 */
static struct section *shared_memory_section(struct w32_shared *shared)
{
    const struct w32_section_block *b = shared->block;
    ULONGLONG page = page_size(), pages = b->size / page;
    ULONGLONG at = (ULONGLONG)((char *)shared->block - (char *)shared->map);
    ULONGLONG committed = round_up(at + sizeof(*b), page);
    int fd = w32_section_reopen(shared->fd, true);
    struct section *sec = fd >= 0 ? new_section(fd, b->size) : NULL;
    void *map;

    if (!sec)
        return NULL;
    sec->base.start = round_up(committed + (b->reserve ? pages : 0), page);
    if (!b->reserve)
        return sec;
    map = mmap(NULL, round_up(pages, page), PROT_READ | PROT_WRITE, MAP_SHARED, fd,
               (off_t)committed);
    if (map == MAP_FAILED) {
        w32_section_release(sec);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    sec->base.committed = map;
    sec->committed_mapped = true;
    return sec;
}

struct section *w32_section_shared(struct w32_shared *shared)
{
    const struct w32_section_block *b = shared->block;

    return b->file ? shared_file_section(b) : shared_memory_section(shared);
}

/* fork (fork.h): the files lock is held across a fork. */
void w32_section_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&files_lock, phase);
}
