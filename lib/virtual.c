/*
 * Virtual memory on mmap. A reservation is a PROT_NONE mapping at a 64 KiB
 * boundary, Windows' allocation granularity; committing a page gives it its
 * protection, decommitting maps fresh PROT_NONE pages over it so that its
 * contents are gone and it reads as zeros when committed again, as on
 * Windows. Each reservation keeps one protection value per page (0: not
 * committed), which VirtualQuery and VirtualProtect report.
 */
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "error.h"
#include "file.h"

#define GRANULARITY 0x10000
/* The top of the user address space on x86-64 and AArch64 (47 bits). */
#define USER_SPACE_END ((ULONG_PTR)1 << 47)

struct region {
    struct region *next;
    char *base;
    SIZE_T size;
    DWORD alloc_protect;
    WORD *protect;                  /* per page; 0 = reserved only */
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

static void *map_reserved(void *at, SIZE_T size)
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;

    if (at)
        flags |= MAP_FIXED_NOREPLACE;
    return mmap(at, size, PROT_NONE, flags, -1, 0);
}

/* A PROT_NONE mapping of size bytes at a 64 KiB boundary (at, if not NULL). */
static char *reserve(char *at, SIZE_T size)
{
    char *p, *base;
    SIZE_T span;

    if (at) {
        p = map_reserved(at, size);
        if (p == MAP_FAILED)
            return NULL;
        if (p != at) {      /* a kernel without MAP_FIXED_NOREPLACE treats it as a hint */
            munmap(p, size);
            return NULL;
        }
        return p;
    }
    span = size + GRANULARITY;
    p = map_reserved(NULL, span);
    if (p == MAP_FAILED)
        return NULL;
    base = (char *)(((ULONG_PTR)p + GRANULARITY - 1) & ~(ULONG_PTR)(GRANULARITY - 1));
    if (base > p)
        munmap(p, (SIZE_T)(base - p));
    if (base + size < p + span)
        munmap(base + size, (SIZE_T)(p + span - (base + size)));
    return base;
}

static struct region *new_region(char *at, SIZE_T size, DWORD protect)
{
    struct region *r = calloc(1, sizeof(*r));

    if (!r || !(r->protect = calloc(size / page_size(), sizeof(WORD)))) {
        free(r);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    r->base = reserve(at, size);
    if (!r->base) {
        free(r->protect);
        free(r);
        w32_set_error(at ? ERROR_INVALID_ADDRESS : ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    r->size = size;
    r->alloc_protect = protect;
    r->next = regions;
    regions = r;
    atomic_fetch_add_explicit(&region_count, 1, memory_order_relaxed);
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
        madvise(start, len, MADV_FREE);
    pthread_mutex_unlock(&regions_lock);
    if (!r) {
        w32_set_error(ERROR_INVALID_ADDRESS);
        return NULL;
    }
    return address;
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
    if ((prot = check_protect(flProtect)) < 0)
        return NULL;
    if (flAllocationType & MEM_RESET)
        return address ? reset(address, dwSize) : (w32_set_error(ERROR_INVALID_ADDRESS), NULL);

    if ((flAllocationType & MEM_RESERVE) || !address) {
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

    /* MEM_COMMIT inside an existing reservation: the pages the range touches. */
    start = (char *)((ULONG_PTR)address & ~(page - 1));
    len = ((SIZE_T)(address + dwSize - start) + page - 1) & ~(page - 1);
    pthread_mutex_lock(&regions_lock);
    r = find_region(start, len);
    if (!r)
        w32_set_error(ERROR_INVALID_ADDRESS);
    else if (commit(r, start, len, flProtect, prot))
        result = start;
    pthread_mutex_unlock(&regions_lock);
    return result;
}

static void release(struct region *r)
{
    for (struct region **p = &regions; *p; p = &(*p)->next) {
        if (*p == r) {
            *p = r->next;
            break;
        }
    }
    atomic_fetch_sub_explicit(&region_count, 1, memory_order_relaxed);
    munmap(r->base, r->size);
    free(r->protect);
    free(r);
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
    if (dwFreeType == MEM_RELEASE) {
        r = find_region(address, 1);
        if (r && r->base == address) {
            release(r);
            ok = TRUE;
        } else {
            w32_set_error(ERROR_INVALID_ADDRESS);
        }
    } else {
        start = (char *)((ULONG_PTR)address & ~(page - 1));
        r = find_region(start, 1);
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
    if ((prot = check_protect(flNewProtect)) < 0)
        return FALSE;
    if (!dwSize || dwSize >= USER_SPACE_END) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    len = ((SIZE_T)(address + dwSize - start) + page - 1) & ~(page - 1);
    pthread_mutex_lock(&regions_lock);
    r = find_region(start, len);
    if (r) {
        first = (SIZE_T)(start - r->base) / page;
        ok = TRUE;
        for (SIZE_T i = 0; i < len / page && ok; i++)
            ok = r->protect[first + i] != 0;
        if (ok) {
            *lpflOldProtect = r->protect[first];
            ok = commit(r, start, len, flNewProtect, prot);
        } else {
            w32_set_error(ERROR_INVALID_ADDRESS);
        }
    } else {
        w32_set_error(ERROR_INVALID_ADDRESS);
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
        memset(lpBuffer, 0, sizeof(*lpBuffer));
        first = (SIZE_T)(start - r->base) / page;
        for (n = 1; first + n < r->size / page && r->protect[first + n] == r->protect[first]; n++)
            ;
        lpBuffer->BaseAddress = start;
        lpBuffer->AllocationBase = r->base;
        lpBuffer->AllocationProtect = r->alloc_protect;
        lpBuffer->RegionSize = n * page;
        lpBuffer->State = r->protect[first] ? MEM_COMMIT : MEM_RESERVE;
        lpBuffer->Protect = r->protect[first];
        lpBuffer->Type = MEM_PRIVATE;
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
    SIZE_T page = page_size();
    bool ok = true;

    if (!len || !atomic_load_explicit(&region_count, memory_order_relaxed))
        return true;
    pthread_mutex_lock(&regions_lock);
    for (struct region *r = regions; r && ok; r = r->next) {
        const char *from = start > r->base ? start : r->base;
        const char *to = end < r->base + r->size ? end : r->base + r->size;
        for (const char *at = from; at < to && ok; at = r->base + ((SIZE_T)(at - r->base) / page + 1) * page)
            ok = page_allows(r->protect[(SIZE_T)(at - r->base) / page], write);
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
 * 64-bit Windows. The processors are the ones online, at most 64 (one group).
 */
void WINAPI GetSystemInfo(LPSYSTEM_INFO lpSystemInfo)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);

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
    if (cpus < 1)
        cpus = 1;
    if (cpus > 64)
        cpus = 64;
    lpSystemInfo->dwNumberOfProcessors = (DWORD)cpus;
    lpSystemInfo->dwActiveProcessorMask = cpus == 64 ? ~(DWORD_PTR)0 : ((DWORD_PTR)1 << cpus) - 1;
    lpSystemInfo->dwAllocationGranularity = GRANULARITY;
    processor_level(&lpSystemInfo->wProcessorLevel, &lpSystemInfo->wProcessorRevision);
}

/* A native process: what GetSystemInfo says. */
void WINAPI GetNativeSystemInfo(LPSYSTEM_INFO lpSystemInfo)
{
    GetSystemInfo(lpSystemInfo);
}
