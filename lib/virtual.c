/*
 * Virtual memory on mmap. A reservation is a PROT_NONE mapping at a 64 KiB
 * boundary, Windows' allocation granularity; committing a page gives it its
 * protection, decommitting maps fresh PROT_NONE pages over it so that its
 * contents are gone and it reads as zeros when committed again, as on
 * Windows. Each reservation keeps one protection value per page (0: not
 * committed), which VirtualQuery and VirtualProtect report.
 *
 * The views of file mappings (mapping.c maps them through virtual.h) are
 * regions of the same list: a view is an mmap of its section's fd at a 64
 * KiB boundary, MAP_SHARED, or MAP_PRIVATE for a copy-on-write view. A page
 * of a shared view given a copy-on-write protection is mapped again,
 * privately, over itself.
 */
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "cpu.h"
#include "error.h"
#include "file.h"
#include "virtual.h"
#include "fork.h"

#define GRANULARITY W32_GRANULARITY
/* The top of the user address space on x86-64 and AArch64 (47 bits). */
#define USER_SPACE_END ((ULONG_PTR)1 << 47)

/* In a view's per-page protections: the page is the process's private copy. */
#define PAGE_PRIVATE_COPY 0x8000
#define PROTECT_MASK 0x07ff

struct region {
    struct region *next;
    char *base;
    SIZE_T size;                    /* whole pages */
    DWORD alloc_protect;
    /*
     * Per page; 0 = reserved only. NULL in a view none of whose pages has
     * changed: each then has alloc_protect (a large view costs no array).
     */
    WORD *protect;
    struct w32_section *section;    /* a view's mapping; NULL for VirtualAlloc's memory */
    ULONGLONG offset;               /* a view's offset in its section */
    bool copy_view;                 /* a view mapped copy-on-write as a whole */
};

static pthread_mutex_t regions_lock = PTHREAD_MUTEX_INITIALIZER;  /* guards regions and their pages */
static struct region *regions;
/* How many regions exist, written under regions_lock: read without it, a 0
 * lets I/O skip the buffer check in a program that never calls VirtualAlloc. */
static atomic_size_t region_count;

static SIZE_T page_size(void)
{
    return (SIZE_T)sysconf(_SC_PAGESIZE);
}

static DWORD page_protect(const struct region *r, SIZE_T i)
{
    return r->protect ? (DWORD)(r->protect[i] & PROTECT_MASK) : r->alloc_protect;
}

/* Gives r its per-page array, every page at alloc_protect; false out of memory. */
static bool own_protect_array(struct region *r)
{
    SIZE_T n = r->size / page_size();

    if (r->protect)
        return true;
    r->protect = malloc(n * sizeof(WORD));
    if (!r->protect)
        return false;
    for (SIZE_T i = 0; i < n; i++)
        r->protect[i] = (WORD)r->alloc_protect;
    return true;
}

/* Records protect for pages [first, first + n), keeping their private-copy marks. */
static void set_protect(struct region *r, SIZE_T first, SIZE_T n, DWORD protect)
{
    for (SIZE_T i = first; i < first + n; i++)
        r->protect[i] = (WORD)((r->protect[i] & PAGE_PRIVATE_COPY) | protect);
}

/* The PROT_* flags for a PAGE_* value, or -1 if VirtualAlloc would reject it. */
static int prot_of(DWORD protect)
{
    switch (protect & ~(DWORD)(PAGE_NOCACHE | PAGE_WRITECOMBINE)) {
    case PAGE_NOACCESS:
        return PROT_NONE;
    case PAGE_READONLY:
        return PROT_READ;
    case PAGE_READWRITE:
        return PROT_READ | PROT_WRITE;
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ:
        return PROT_READ | PROT_EXEC;
    case PAGE_EXECUTE_READWRITE:
        return PROT_READ | PROT_WRITE | PROT_EXEC;
    default:
        return -1;
    }
}

/* Checks a protection argument, setting the error; PAGE_GUARD cannot be emulated. */
static int check_protect(DWORD protect)
{
    if (protect & PAGE_GUARD) {
        w32_set_error((protect & ~(DWORD)PAGE_GUARD) && prot_of(protect & ~(DWORD)PAGE_GUARD) >= 0
                          ? ERROR_NOT_SUPPORTED : ERROR_INVALID_PARAMETER);
        return -1;
    }
    if ((protect & PAGE_NOCACHE) && (protect & PAGE_WRITECOMBINE)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return -1;
    }
    if (prot_of(protect) < 0) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return -1;
    }
    return prot_of(protect);
}

/* The region holding [start, start + size), under regions_lock. */
static struct region *find_region(const char *start, SIZE_T size)
{
    for (struct region *r = regions; r; r = r->next)
        if (start >= r->base && start < r->base + r->size)
            return size <= (SIZE_T)(r->base + r->size - start) ? r : NULL;
    return NULL;
}

/*
 * The base of the view unmapped last: free, and at a boundary. A program
 * that maps and unmaps views in turn gets each at the same place, in one
 * mmap; a hint that another mapping took costs one munmap more.
 */
static _Atomic(char *) view_hint;

static char *map_at_hint(SIZE_T size, int prot, int flags, int fd, off_t offset)
{
    char *hint = atomic_load_explicit(&view_hint, memory_order_relaxed), *p;

    if (!hint)
        return MAP_FAILED;
    p = mmap(hint, size, prot, flags, fd, offset);
    if (p == MAP_FAILED || (ULONG_PTR)p % GRANULARITY == 0)
        return p;
    munmap(p, size);
    return MAP_FAILED;
}

/*
 * Maps size bytes at a 64 KiB boundary (at, if not NULL): fd's pages from
 * offset, or with fd -1 fresh inaccessible ones (a reservation). MAP_FAILED,
 * errno set (EEXIST: at is taken), on failure.
 */
static char *map_aligned(char *at, SIZE_T size, int prot, int flags, int fd, off_t offset)
{
    SIZE_T span = size + GRANULARITY;
    char *p, *base;

    if (fd < 0)
        flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    if (!at && fd >= 0 && (p = map_at_hint(size, prot, flags, fd, offset)) != MAP_FAILED)
        return p;
    if (at) {
        p = mmap(at, size, prot, flags | MAP_FIXED_NOREPLACE, fd, offset);
        if (p != MAP_FAILED && p != at) {   /* a kernel without MAP_FIXED_NOREPLACE takes a hint */
            munmap(p, size);
            errno = EEXIST;
            return MAP_FAILED;
        }
        return p;
    }
    /* Room for size bytes at a boundary; the mapping then goes over its middle. */
    p = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return MAP_FAILED;
    base = (char *)(((ULONG_PTR)p + GRANULARITY - 1) & ~(ULONG_PTR)(GRANULARITY - 1));
    if (fd >= 0 && mmap(base, size, prot, flags | MAP_FIXED, fd, offset) == MAP_FAILED) {
        int err = errno;
        munmap(p, span);
        errno = err;
        return MAP_FAILED;
    }
    if (base > p)
        munmap(p, (SIZE_T)(base - p));
    if (base + size < p + span)
        munmap(base + size, (SIZE_T)(p + span - (base + size)));
    return base;
}

/* The error for a failed map_aligned: at taken, no access to the fd, no memory. */
static DWORD map_error(int err)
{
    if (err == EEXIST)
        return ERROR_INVALID_ADDRESS;
    if (err == EACCES || err == EPERM)
        return ERROR_ACCESS_DENIED;
    return ERROR_NOT_ENOUGH_MEMORY;
}

static void link_region(struct region *r)
{
    r->next = regions;
    regions = r;
    atomic_fetch_add_explicit(&region_count, 1, memory_order_relaxed);
}

static void unlink_region(struct region *r)
{
    for (struct region **p = &regions; *p; p = &(*p)->next) {
        if (*p == r) {
            *p = r->next;
            break;
        }
    }
    atomic_fetch_sub_explicit(&region_count, 1, memory_order_relaxed);
}

static struct region *new_region(char *at, SIZE_T size, DWORD protect)
{
    struct region *r = calloc(1, sizeof(*r));

    if (!r || !(r->protect = calloc(size / page_size(), sizeof(WORD)))) {
        free(r);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    r->base = map_aligned(at, size, PROT_NONE, 0, -1, 0);
    if (r->base == MAP_FAILED) {
        free(r->protect);
        free(r);
        w32_set_error(at ? ERROR_INVALID_ADDRESS : ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    r->size = size;
    r->alloc_protect = protect;
    link_region(r);
    return r;
}

static BOOL commit(struct region *r, char *start, SIZE_T size, DWORD protect, int prot)
{
    SIZE_T first = (SIZE_T)(start - r->base) / page_size();

    if (mprotect(start, size, prot)) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    for (SIZE_T i = 0; i < size / page_size(); i++)
        r->protect[first + i] = (WORD)protect;
    return TRUE;
}

/* ---- views ---- */

enum { ACCESS_READ = 1, ACCESS_WRITE = 2, ACCESS_EXECUTE = 4 };

/* What a view protection lets through; copy-on-write reads until a write copies. */
static unsigned view_access(DWORD protect)
{
    switch (protect) {
    case PAGE_READONLY:
    case PAGE_WRITECOPY:
        return ACCESS_READ;
    case PAGE_READWRITE:
        return ACCESS_READ | ACCESS_WRITE;
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_WRITECOPY:
        return ACCESS_READ | ACCESS_EXECUTE;
    case PAGE_EXECUTE_READWRITE:
        return ACCESS_READ | ACCESS_WRITE | ACCESS_EXECUTE;
    default:
        return 0;
    }
}

bool w32_view_protect_valid(DWORD protect)
{
    return protect == PAGE_NOACCESS || view_access(protect) != 0;
}

bool w32_view_protect_allowed(DWORD granted, DWORD protect)
{
    return (view_access(protect) & ~view_access(granted)) == 0;
}

static bool is_copy_on_write(DWORD protect)
{
    return protect == PAGE_WRITECOPY || protect == PAGE_EXECUTE_WRITECOPY;
}

/* The PROT_* flags of a view's page; a copy-on-write page is writable, privately. */
static int view_prot(DWORD protect)
{
    unsigned access = view_access(protect);

    if (is_copy_on_write(protect))
        access |= ACCESS_WRITE;
    return (access & ACCESS_READ ? PROT_READ : 0) | (access & ACCESS_WRITE ? PROT_WRITE : 0) |
           (access & ACCESS_EXECUTE ? PROT_EXEC : 0);
}

static bool page_is_private(const struct region *r, SIZE_T i)
{
    return r->copy_view || (r->protect && (r->protect[i] & PAGE_PRIVATE_COPY));
}

/*
 * Gives a view's pages [first, first + n) protection protect (a valid view
 * protection; modifier bits are kept for VirtualQuery only). A shared page
 * made copy-on-write is mapped again over itself, privately, so that its
 * first write copies it; it stays the process's own from then on. The
 * region has its per-page array. False, error set, on failure.
 */
static bool protect_view_pages(struct region *r, SIZE_T first, SIZE_T n, DWORD protect)
{
    DWORD value = protect & ~(DWORD)(PAGE_NOCACHE | PAGE_WRITECOMBINE);
    SIZE_T page = page_size();
    int prot = view_prot(value);

    for (SIZE_T i = first, run; i < first + n; i += run) {
        bool private_page = page_is_private(r, i);
        char *at = r->base + i * page;
        int rc;

        for (run = 1; i + run < first + n && page_is_private(r, i + run) == private_page; run++)
            ;
        if (is_copy_on_write(value) && !private_page) {
            rc = mmap(at, run * page, prot, MAP_PRIVATE | MAP_FIXED, r->section->fd,
                      (off_t)(r->section->start + r->offset + i * page)) == MAP_FAILED ? -1 : 0;
            for (SIZE_T j = i; j < i + run && rc == 0; j++)
                r->protect[j] |= PAGE_PRIVATE_COPY;
        } else {
            rc = mprotect(at, run * page, prot);
        }
        if (rc != 0) {
            w32_set_error(map_error(errno));
            return false;
        }
    }
    set_protect(r, first, n, protect);
    return true;
}

/*
 * A SEC_RESERVE section's pages [first, first + n) (in section pages) are
 * committed: in every view of it in this process, those pages get the
 * view's protection. The committed bytes are read when a view is mapped.
 */
static bool commit_section_pages(struct w32_section *section, SIZE_T first, SIZE_T n)
{
    SIZE_T page = page_size();

    for (struct region *v = regions; v; v = v->next) {
        SIZE_T view_first = (SIZE_T)(v->offset / page), view_pages = v->size / page;
        SIZE_T from = first > view_first ? first : view_first;
        SIZE_T to = first + n < view_first + view_pages ? first + n : view_first + view_pages;

        if (v->section != section)
            continue;
        for (SIZE_T i = from; i < to; i++) {
            if (section->committed[i] || v->protect[i - view_first])
                continue;
            if (mprotect(v->base + (i - view_first) * page, page, view_prot(v->alloc_protect))) {
                w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
                return false;
            }
            v->protect[i - view_first] = (WORD)v->alloc_protect;
        }
    }
    memset(section->committed + first, 1, n);
    return true;
}

/*
 * VirtualAlloc's MEM_COMMIT inside a view: only a paging-file view's pages
 * can be committed (SEC_RESERVE) or given a protection the view allows.
 */
static LPVOID commit_view(struct region *r, char *start, SIZE_T len, DWORD protect)
{
    DWORD value = protect & ~(DWORD)(PAGE_NOCACHE | PAGE_WRITECOMBINE);
    SIZE_T page = page_size(), first = (SIZE_T)(start - r->base) / page;

    if (r->section->file) {
        w32_set_error(ERROR_ACCESS_DENIED);
        return NULL;
    }
    if (protect & PAGE_GUARD) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return NULL;
    }
    if (!w32_view_protect_valid(value) || !w32_view_protect_allowed(r->alloc_protect, value)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!own_protect_array(r)) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (r->section->committed &&
        !commit_section_pages(r->section, (SIZE_T)(r->offset / page) + first, len / page))
        return NULL;
    return protect_view_pages(r, first, len / page, protect) ? start : NULL;
}

/* A new view's pages that its SEC_RESERVE section has committed get its protection. */
static bool apply_section_commits(struct region *r)
{
    SIZE_T page = page_size(), first = (SIZE_T)(r->offset / page);

    if (!(r->protect = calloc(r->size / page, sizeof(WORD))))
        return false;
    for (SIZE_T i = 0; i < r->size / page; i++) {
        if (!r->section->committed[first + i])
            continue;
        if (mprotect(r->base + i * page, page, view_prot(r->alloc_protect)))
            return false;
        r->protect[i] = (WORD)r->alloc_protect;
    }
    return true;
}

static void free_region(struct region *r)
{
    free(r->protect);
    free(r);
}

void *w32_view_map(struct w32_section *section, ULONGLONG offset, SIZE_T size, DWORD protect,
                   void *at)
{
    SIZE_T page = page_size(), len = (size + page - 1) & ~(page - 1);
    bool copy = is_copy_on_write(protect);
    struct region *r = calloc(1, sizeof(*r));

    if (!r) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    r->base = map_aligned(at, len, section->committed ? PROT_NONE : view_prot(protect),
                          copy ? MAP_PRIVATE : MAP_SHARED, section->fd,
                          (off_t)(section->start + offset));
    if (r->base == MAP_FAILED) {
        w32_set_error(map_error(errno));
        free(r);
        return NULL;
    }
    r->size = len;
    r->alloc_protect = protect;
    r->section = section;
    r->offset = offset;
    r->copy_view = copy;
    pthread_mutex_lock(&regions_lock);
    if (section->committed && !apply_section_commits(r)) {
        pthread_mutex_unlock(&regions_lock);
        munmap(r->base, r->size);
        free_region(r);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    link_region(r);
    pthread_mutex_unlock(&regions_lock);
    return r->base;
}

struct w32_section *w32_view_unmap(const void *address)
{
    struct w32_section *section = NULL;
    struct region *r;

    pthread_mutex_lock(&regions_lock);
    r = find_region(address, 1);
    if (r && r->section) {
        section = r->section;
        unlink_region(r);
        munmap(r->base, r->size);
        atomic_store_explicit(&view_hint, r->base, memory_order_relaxed);
        free_region(r);
    }
    pthread_mutex_unlock(&regions_lock);
    if (!section)
        w32_set_error(ERROR_INVALID_ADDRESS);
    return section;
}

/* What FlushViewOfFile finds at an address. */
enum flush_target { FLUSH_FILE_VIEW, FLUSH_NOTHING, FLUSH_OUTSIDE_VIEW, FLUSH_UNKNOWN };

static enum flush_target flush_target(const char *from, SIZE_T size, const char **end)
{
    enum flush_target target = FLUSH_UNKNOWN;
    struct region *r;

    pthread_mutex_lock(&regions_lock);
    r = find_region(from, 1);
    if (r && !r->section) {
        target = FLUSH_NOTHING;
    } else if (r) {
        *end = size ? from + size : r->base + r->size;
        if (*end > r->base + r->size || *end < from)
            target = FLUSH_OUTSIDE_VIEW;
        else
            target = r->section->file ? FLUSH_FILE_VIEW : FLUSH_NOTHING;
    }
    pthread_mutex_unlock(&regions_lock);
    return target;
}

DWORD w32_view_flush(const void *address, SIZE_T size)
{
    SIZE_T page = page_size();
    const char *from = address, *start = (const char *)((ULONG_PTR)from & ~(page - 1));
    const char *end = NULL;

    switch (flush_target(from, size, &end)) {
    case FLUSH_NOTHING:
        return ERROR_SUCCESS;   /* nothing of a file's: nothing to write, as on Windows */
    case FLUSH_OUTSIDE_VIEW:
        return ERROR_INVALID_ADDRESS;
    case FLUSH_FILE_VIEW:
        /* Written back and waited for; outside the lock, which a disk must not hold up. */
        if (msync((void *)start, (SIZE_T)(end - start), MS_SYNC) != 0)
            return errno == ENOMEM ? ERROR_INVALID_ADDRESS : w32_error_from_errno(errno);
        return ERROR_SUCCESS;
    default:
        /* Memory of no view of ours holds nothing to write; msync tells it from none at all. */
        return msync((void *)start, page, MS_ASYNC) == 0 ? ERROR_SUCCESS : ERROR_INVALID_ADDRESS;
    }
}

/*
 * Whether the copy-on-write pages of a view have been written, from
 * /proc/self/pagemap: a written page is the process's own (bit 61, "file
 * page or shared", clear) and present or swapped (bits 63, 62). Entries
 * are read a block at a time.
 */
struct pagemap {
    int fd;                 /* -1 until opened; -2 if it cannot be */
    uint64_t entries[512];
    SIZE_T first, count;    /* the pages whose entries are in the block */
};

static bool page_written(struct pagemap *pm, const char *address)
{
    SIZE_T index = (ULONG_PTR)address / page_size();
    ssize_t got;

    if (pm->fd == -1)
        pm->fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (pm->fd < 0) {
        pm->fd = -2;
        return false;
    }
    if (index < pm->first || index >= pm->first + pm->count) {
        got = pread(pm->fd, pm->entries, sizeof(pm->entries), (off_t)(index * sizeof(uint64_t)));
        pm->first = index;
        pm->count = got > 0 ? (SIZE_T)got / sizeof(uint64_t) : 0;
        if (!pm->count)
            return false;
    }
    uint64_t entry = pm->entries[index - pm->first];
    return (entry >> 62) != 0 && !(entry & (1ull << 61));
}

static void pagemap_close(struct pagemap *pm)
{
    if (pm->fd >= 0)
        close(pm->fd);
}

/* A page's protection as VirtualQuery reports it: a copied copy-on-write page is writable. */
static DWORD effective_protect(const struct region *r, SIZE_T i, struct pagemap *pm)
{
    DWORD protect = page_protect(r, i), value = protect & 0xff;

    if (r->section && is_copy_on_write(value) && page_written(pm, r->base + i * page_size()))
        return (protect & ~(DWORD)0xff) |
               (value == PAGE_WRITECOPY ? PAGE_READWRITE : PAGE_EXECUTE_READWRITE);
    return protect;
}

/* ---- VirtualAlloc, VirtualFree, VirtualProtect ---- */

#define VALID_ALLOCATION_TYPES (MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_RESET_UNDO | \
                                MEM_TOP_DOWN | MEM_WRITE_WATCH | MEM_PHYSICAL | MEM_LARGE_PAGES)

/* MEM_RESET: the contents may be discarded, the pages stay committed. */
static LPVOID reset(char *address, SIZE_T size)
{
    char *start = (char *)((ULONG_PTR)address & ~(page_size() - 1));
    SIZE_T len = ((SIZE_T)(address + size - start) + page_size() - 1) & ~(page_size() - 1);
    struct region *r;

    pthread_mutex_lock(&regions_lock);
    r = find_region(start, len);
    if (r)
        madvise(start, len, MADV_FREE);     /* a hint; a shared view's pages ignore it */
    pthread_mutex_unlock(&regions_lock);
    if (!r) {
        w32_set_error(ERROR_INVALID_ADDRESS);
        return NULL;
    }
    return address;
}

/* MEM_COMMIT inside an existing reservation or view: the pages the range touches. */
static LPVOID commit_in_place(char *address, SIZE_T size, DWORD protect)
{
    SIZE_T page = page_size();
    char *start = (char *)((ULONG_PTR)address & ~(page - 1)), *result = NULL;
    SIZE_T len = ((SIZE_T)(address + size - start) + page - 1) & ~(page - 1);
    struct region *r;
    int prot;

    pthread_mutex_lock(&regions_lock);
    r = find_region(start, len);
    if (r && r->section)
        result = commit_view(r, start, len, protect);
    else if ((prot = check_protect(protect)) < 0)
        ;
    else if (!r)
        w32_set_error(ERROR_INVALID_ADDRESS);
    else if (commit(r, start, len, protect, prot))
        result = start;
    pthread_mutex_unlock(&regions_lock);
    return result;
}

LPVOID WINAPI VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize, DWORD flAllocationType,
                           DWORD flProtect)
{
    SIZE_T page = page_size();
    char *address = lpAddress, *start, *result = NULL;
    SIZE_T len;
    struct region *r;
    int prot;

    if (!dwSize || (flAllocationType & ~(DWORD)VALID_ALLOCATION_TYPES) ||
        !(flAllocationType & (MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_RESET_UNDO)) ||
        ((flAllocationType & (MEM_RESET | MEM_RESET_UNDO)) &&
         (flAllocationType & ~(DWORD)(MEM_RESET | MEM_RESET_UNDO))) ||
        (ULONG_PTR)address >= USER_SPACE_END || dwSize >= USER_SPACE_END) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (flAllocationType & (MEM_WRITE_WATCH | MEM_PHYSICAL | MEM_LARGE_PAGES | MEM_RESET_UNDO)) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return NULL;
    }
    if (!(flAllocationType & MEM_RESERVE) && address && !(flAllocationType & MEM_RESET))
        return commit_in_place(address, dwSize, flProtect);
    if ((prot = check_protect(flProtect)) < 0)
        return NULL;
    if (flAllocationType & MEM_RESET)
        return address ? reset(address, dwSize) : (w32_set_error(ERROR_INVALID_ADDRESS), NULL);

    /* A reservation starts at a 64 KiB boundary and spans whole pages. */
    start = (char *)((ULONG_PTR)address & ~(ULONG_PTR)(GRANULARITY - 1));
    len = ((SIZE_T)(address + dwSize - start) + page - 1) & ~(page - 1);
    pthread_mutex_lock(&regions_lock);
    r = new_region(start, len, flProtect);
    if (r) {
        result = r->base;
        if ((flAllocationType & MEM_COMMIT) && !commit(r, r->base, len, flProtect, prot))
            result = NULL;
    }
    pthread_mutex_unlock(&regions_lock);
    return result;
}

static void release(struct region *r)
{
    unlink_region(r);
    munmap(r->base, r->size);
    free_region(r);
}

/* Decommits [start, start + len): fresh inaccessible pages replace the old ones. */
static BOOL decommit(struct region *r, char *start, SIZE_T len)
{
    SIZE_T first = (SIZE_T)(start - r->base) / page_size();

    if (mmap(start, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0)
        == MAP_FAILED) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    for (SIZE_T i = 0; i < len / page_size(); i++)
        r->protect[first + i] = 0;
    return TRUE;
}

BOOL WINAPI VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType)
{
    SIZE_T page = page_size();
    char *address = lpAddress, *start;
    struct region *r;
    BOOL ok = FALSE;
    SIZE_T len;

    if ((dwFreeType != MEM_RELEASE && dwFreeType != MEM_DECOMMIT) ||
        (dwFreeType == MEM_RELEASE && dwSize)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pthread_mutex_lock(&regions_lock);
    start = (char *)((ULONG_PTR)address & ~(page - 1));
    r = find_region(dwFreeType == MEM_RELEASE ? address : start, 1);
    if (r && r->section) {
        w32_set_error(ERROR_INVALID_PARAMETER);     /* views go with UnmapViewOfFile */
    } else if (dwFreeType == MEM_RELEASE) {
        if (r && r->base == address) {
            release(r);
            ok = TRUE;
        } else {
            w32_set_error(ERROR_INVALID_ADDRESS);
        }
    } else {
        if (r && !dwSize && address != r->base) {
            w32_set_error(ERROR_INVALID_PARAMETER);
        } else if (r) {
            len = dwSize ? (((SIZE_T)(address + dwSize - start) + page - 1) & ~(page - 1))
                         : r->size;
            if (find_region(start, len))
                ok = decommit(r, start, len);
            else
                w32_set_error(ERROR_INVALID_ADDRESS);
        } else {
            w32_set_error(ERROR_INVALID_ADDRESS);
        }
    }
    pthread_mutex_unlock(&regions_lock);
    return ok;
}

/* Whether every page of [first, first + n) is committed. */
static bool all_committed(const struct region *r, SIZE_T first, SIZE_T n)
{
    for (SIZE_T i = first; i < first + n; i++)
        if (!page_protect(r, i))
            return false;
    return true;
}

/* VirtualProtect in a view: only protections the view's own allows. */
static BOOL protect_view(struct region *r, SIZE_T first, SIZE_T n, DWORD protect, DWORD *old)
{
    DWORD value = protect & ~(DWORD)(PAGE_NOCACHE | PAGE_WRITECOMBINE);
    struct pagemap pm = { .fd = -1 };

    if (!w32_view_protect_valid(value) || !w32_view_protect_allowed(r->alloc_protect, value)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!all_committed(r, first, n)) {
        w32_set_error(ERROR_INVALID_ADDRESS);
        return FALSE;
    }
    if (!own_protect_array(r)) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    *old = effective_protect(r, first, &pm);
    pagemap_close(&pm);
    return protect_view_pages(r, first, n, protect);
}

BOOL WINAPI VirtualProtect(LPVOID lpAddress, SIZE_T dwSize, DWORD flNewProtect,
                           PDWORD lpflOldProtect)
{
    SIZE_T page = page_size();
    char *address = lpAddress;
    char *start = (char *)((ULONG_PTR)address & ~(page - 1));
    SIZE_T len, first;
    struct region *r;
    BOOL ok = FALSE;
    int prot;

    if (!lpflOldProtect) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if ((flNewProtect & PAGE_GUARD) && check_protect(flNewProtect) < 0)
        return FALSE;
    if (!dwSize || dwSize >= USER_SPACE_END) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    len = ((SIZE_T)(address + dwSize - start) + page - 1) & ~(page - 1);
    pthread_mutex_lock(&regions_lock);
    r = find_region(start, len);
    first = r ? (SIZE_T)(start - r->base) / page : 0;
    if (r && r->section) {
        ok = protect_view(r, first, len / page, flNewProtect, lpflOldProtect);
    } else if ((prot = check_protect(flNewProtect)) < 0) {
        ;
    } else if (!r || !all_committed(r, first, len / page)) {
        w32_set_error(ERROR_INVALID_ADDRESS);
    } else {
        *lpflOldProtect = r->protect[first];
        ok = commit(r, start, len, flNewProtect, prot);
    }
    pthread_mutex_unlock(&regions_lock);
    return ok;
}

/* Describes memory w32shim did not allocate, from /proc/self/maps. */
static void query_system(char *page, MEMORY_BASIC_INFORMATION *mbi)
{
    FILE *maps = fopen("/proc/self/maps", "re");
    unsigned long lo = 0, hi = 0, inode = 0;
    char perms[8];
    int found = 0;

    memset(mbi, 0, sizeof(*mbi));
    mbi->BaseAddress = page;
    mbi->State = MEM_FREE;
    mbi->Protect = PAGE_NOACCESS;
    mbi->RegionSize = USER_SPACE_END - (ULONG_PTR)page;
    while (maps && fscanf(maps, "%lx-%lx %7s %*s %*s %lu%*[^\n]", &lo, &hi, perms, &inode) == 4) {
        if ((ULONG_PTR)page < lo) {
            mbi->RegionSize = lo - (ULONG_PTR)page;
            break;
        }
        if ((ULONG_PTR)page >= hi)
            continue;
        found = 1;
        break;
    }
    if (maps)
        fclose(maps);
    if (!found)
        return;
    mbi->AllocationBase = (void *)lo;
    mbi->RegionSize = hi - (ULONG_PTR)page;
    mbi->State = MEM_COMMIT;
    mbi->Type = inode ? (perms[2] == 'x' ? MEM_IMAGE : MEM_MAPPED) : MEM_PRIVATE;
    if (perms[0] != 'r')
        mbi->Protect = PAGE_NOACCESS;
    else if (perms[2] == 'x')
        mbi->Protect = perms[1] == 'w' ? PAGE_EXECUTE_READWRITE : PAGE_EXECUTE_READ;
    else
        mbi->Protect = perms[1] == 'w' ? PAGE_READWRITE : PAGE_READONLY;
    mbi->AllocationProtect = mbi->Protect;
}

SIZE_T WINAPI VirtualQuery(LPCVOID lpAddress, PMEMORY_BASIC_INFORMATION lpBuffer, SIZE_T dwLength)
{
    SIZE_T page = page_size();
    char *start = (char *)((ULONG_PTR)lpAddress & ~(page - 1));
    struct region *r;
    SIZE_T first, n;

    if ((ULONG_PTR)lpAddress >= USER_SPACE_END) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!lpBuffer) {
        w32_set_error(ERROR_NOACCESS);
        return 0;
    }
    if (dwLength < sizeof(*lpBuffer)) {
        w32_set_error(ERROR_BAD_LENGTH);
        return 0;
    }
    pthread_mutex_lock(&regions_lock);
    r = find_region(start, 1);
    if (r) {
        struct pagemap pm = { .fd = -1 };
        DWORD protect;

        memset(lpBuffer, 0, sizeof(*lpBuffer));
        first = (SIZE_T)(start - r->base) / page;
        protect = effective_protect(r, first, &pm);
        for (n = 1; first + n < r->size / page && effective_protect(r, first + n, &pm) == protect;
             n++)
            ;
        pagemap_close(&pm);
        lpBuffer->BaseAddress = start;
        lpBuffer->AllocationBase = r->base;
        lpBuffer->AllocationProtect = r->alloc_protect;
        lpBuffer->RegionSize = n * page;
        lpBuffer->State = protect ? MEM_COMMIT : MEM_RESERVE;
        lpBuffer->Protect = protect;
        lpBuffer->Type = r->section ? MEM_MAPPED : MEM_PRIVATE;
    }
    pthread_mutex_unlock(&regions_lock);
    if (!r)
        query_system(start, lpBuffer);
    return sizeof(*lpBuffer);
}

/* Whether a page of protection protect (0: reserved only) lets the access through. */
static bool page_allows(DWORD protect, bool write)
{
    switch (protect & ~(DWORD)(PAGE_NOCACHE | PAGE_WRITECOMBINE)) {
    case PAGE_READWRITE:
    case PAGE_EXECUTE_READWRITE:
    case PAGE_WRITECOPY:
    case PAGE_EXECUTE_WRITECOPY:
        return true;
    case PAGE_READONLY:
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE:
        return !write;
    default:
        return false;
    }
}

bool w32_virtual_accessible(const void *buf, size_t len, bool write)
{
    const char *start = buf, *end = start + len;
    SIZE_T page;
    bool ok = true;

    /* Every ReadFile and WriteFile comes here: sysconf only when needed. */
    if (!len || !atomic_load_explicit(&region_count, memory_order_relaxed))
        return true;
    page = page_size();
    pthread_mutex_lock(&regions_lock);
    for (struct region *r = regions; r && ok; r = r->next) {
        const char *from = start > r->base ? start : r->base;
        const char *to = end < r->base + r->size ? end : r->base + r->size;
        for (const char *at = from; at < to && ok; at = r->base + ((SIZE_T)(at - r->base) / page + 1) * page)
            ok = page_allows(page_protect(r, (SIZE_T)(at - r->base) / page), write);
    }
    pthread_mutex_unlock(&regions_lock);
    return ok;
}

/* ---- sysinfoapi.h: what the machine is ---- */

/* The processor's family, and model and stepping, as Windows reports them from CPUID. */
static void processor_level(WORD *level, WORD *revision)
{
    unsigned int eax = 0, ebx, ecx, edx;

    *level = *revision = 0;
#if defined(__x86_64__) || defined(__i386__)
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
        unsigned family = (eax >> 8) & 0xF, model = (eax >> 4) & 0xF, stepping = eax & 0xF;
        if (family == 0xF)
            family += (eax >> 20) & 0xFF;
        if (family == 0x6 || family >= 0xF)
            model |= ((eax >> 16) & 0xF) << 4;
        *level = (WORD)family;
        *revision = (WORD)((model << 8) | stepping);
    }
#endif
}

/*
 * The memory figures are the ones VirtualAlloc works with: the page size,
 * 64 KiB granularity, user space from 64 KiB to just below 2^47, as on
 * 64-bit Windows. The processors are lib/cpu.h's: the ones online, at most 64 (one group).
 */
void WINAPI GetSystemInfo(LPSYSTEM_INFO lpSystemInfo)
{
    DWORD cpus = w32_processor_count();

    if (!lpSystemInfo)
        return;
    memset(lpSystemInfo, 0, sizeof(*lpSystemInfo));
#if defined(__aarch64__)
    lpSystemInfo->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_ARM64;
#elif defined(__x86_64__)
    lpSystemInfo->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    lpSystemInfo->dwProcessorType = PROCESSOR_AMD_X8664;
#else
    lpSystemInfo->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_UNKNOWN;
#endif
    lpSystemInfo->dwPageSize = (DWORD)page_size();
    lpSystemInfo->lpMinimumApplicationAddress = (LPVOID)(ULONG_PTR)GRANULARITY;
    lpSystemInfo->lpMaximumApplicationAddress = (LPVOID)(USER_SPACE_END - GRANULARITY - 1);
    lpSystemInfo->dwNumberOfProcessors = cpus;
    lpSystemInfo->dwActiveProcessorMask = cpus == 64 ? ~(DWORD_PTR)0 : ((DWORD_PTR)1 << cpus) - 1;
    lpSystemInfo->dwAllocationGranularity = GRANULARITY;
    processor_level(&lpSystemInfo->wProcessorLevel, &lpSystemInfo->wProcessorRevision);
}

/* A native process: what GetSystemInfo says. */
void WINAPI GetNativeSystemInfo(LPSYSTEM_INFO lpSystemInfo)
{
    GetSystemInfo(lpSystemInfo);
}

/* fork (fork.h): the regions lock is held across a fork. */
void w32_virtual_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&regions_lock, phase);
}
