/* Conformance: heaps, Local and Global memory, virtual memory. */
#include "conformance.h"

static void test_heap_alloc(void)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    unsigned char *p;
    int zero = 1;

    ok(heap != NULL, "HeapCreate gave %p", heap);
    p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 1000);
    ok(p != NULL, "HeapAlloc gave %p", p);
    for (int i = 0; i < 1000; i++)
        zero &= p[i] == 0;
    ok(zero, "HEAP_ZERO_MEMORY block not zeroed");
    ok(((ULONG_PTR)p & 15) == 0, "block %p not 16-byte aligned", p);
    ok(HeapSize(heap, 0, p) == 1000, "HeapSize gave %lu", (unsigned long)HeapSize(heap, 0, p));
    p[999] = 7;
    p = HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, 5000);
    ok(p != NULL && p[999] == 7 && p[4999] == 0, "HeapReAlloc lost or did not zero data");
    ok(HeapSize(heap, 0, p) == 5000, "HeapSize after realloc gave %lu",
       (unsigned long)HeapSize(heap, 0, p));
    ok(HeapFree(heap, 0, p), "HeapFree failed");
    ok(HeapDestroy(heap), "HeapDestroy failed");
}

static void test_heap_free_null(void)
{
    SetLastError(0xdeadbeef);
    ok(HeapFree(GetProcessHeap(), 0, NULL), "HeapFree(NULL) failed");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", GetLastError());
}

static void test_heap_destroy_process_heap(void)
{
    ok(!HeapDestroy(GetProcessHeap()), "HeapDestroy(GetProcessHeap()) succeeded");
    ok(HeapAlloc(GetProcessHeap(), 0, 10) != NULL, "process heap unusable");
}

static void test_heap_destroy_with_live_blocks(void)
{
    HANDLE heap = HeapCreate(HEAP_NO_SERIALIZE, 0, 0);

    for (int i = 0; i < 50; i++)
        HeapAlloc(heap, 0, 100);
    ok(HeapValidate(heap, 0, NULL), "HeapValidate failed");
    ok(HeapDestroy(heap), "HeapDestroy with live blocks failed");
}

static void test_fixed_size_heap(void)
{
    HANDLE heap = HeapCreate(0, 0, 65536);
    void *p;

    SetLastError(0xdeadbeef);
    p = HeapAlloc(heap, 0, 100000);
    ok(p == NULL, "block larger than the heap: %p", p);
    ok(GetLastError() == ERROR_NOT_ENOUGH_MEMORY, "last error %lu", GetLastError());
    ok(HeapAlloc(heap, 0, 1000) != NULL, "small block failed");
    HeapDestroy(heap);
}

static void test_heap_alloc_impossible_size(void)
{
    void *p;

    SetLastError(0xdeadbeef);
    p = HeapAlloc(GetProcessHeap(), 0, ~(SIZE_T)0 - 64);
    ok(p == NULL, "HeapAlloc(~0) gave %p", p);
    ok(GetLastError() == ERROR_NOT_ENOUGH_MEMORY, "last error %lu", GetLastError());
}

static void test_global_fixed(void)
{
    HGLOBAL h = GlobalAlloc(GPTR, 10);

    ok(h != NULL && ((char *)h)[9] == 0, "GlobalAlloc(GPTR) gave %p", h);
    ok(GlobalLock(h) == h, "GlobalLock(fixed) is not the pointer");
    ok(GlobalUnlock(h), "GlobalUnlock(fixed) returned FALSE");
    ok(GlobalFlags(h) == 0, "GlobalFlags(fixed) gave %u", GlobalFlags(h));
    ok(GlobalSize(h) == 10, "GlobalSize gave %lu", (unsigned long)GlobalSize(h));
    ok(GlobalHandle(h) == h, "GlobalHandle(fixed) gave %p", GlobalHandle(h));
    ok(GlobalFree(h) == NULL, "GlobalFree failed");
}

static void test_global_moveable(void)
{
    HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE, 10);
    void *p = GlobalLock(h);
    BOOL ret;

    ok(p != NULL && p != h, "GlobalLock(moveable) gave %p for %p", p, h);
    ok(GlobalFlags(h) == 1, "GlobalFlags gave %u", GlobalFlags(h));
    ok(GlobalHandle(p) == h, "GlobalHandle gave %p", GlobalHandle(p));
    SetLastError(0xdeadbeef);
    ret = GlobalUnlock(h);
    ok(!ret && GetLastError() == NO_ERROR, "last unlock gave %d, error %lu", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = GlobalUnlock(h);
    ok(!ret && GetLastError() == ERROR_NOT_LOCKED, "extra unlock gave %d, error %lu", ret,
       GetLastError());
    ok(GlobalFree(h) == NULL, "GlobalFree failed");
}

static void test_local_moveable_zero_size(void)
{
    HLOCAL h = LocalAlloc(LMEM_MOVEABLE, 0);

    ok(h != NULL, "LocalAlloc(MOVEABLE, 0) failed");
    ok(LocalFlags(h) == LMEM_DISCARDED, "LocalFlags gave %x", LocalFlags(h));
    ok(LocalLock(h) == NULL, "LocalLock of a discarded block is not NULL");
    ok(LocalFree(h) == NULL, "LocalFree failed");
    ok(LocalFree(NULL) == NULL, "LocalFree(NULL) is not NULL");
}

static void test_local_realloc_fixed(void)
{
    HLOCAL h = LocalAlloc(LMEM_FIXED, 16), moved;

    SetLastError(0xdeadbeef);
    moved = LocalReAlloc(h, 1 << 24, 0);
    ok(moved == NULL, "fixed block moved without LMEM_MOVEABLE");
    ok(GetLastError() == ERROR_NOT_ENOUGH_MEMORY, "last error %lu", GetLastError());
    moved = LocalReAlloc(h, 100000, LMEM_MOVEABLE);
    ok(moved != NULL && LocalSize(moved) == 100000, "LocalReAlloc(MOVEABLE) failed");
    LocalFree(moved);
}

static void test_virtual_reserve(void)
{
    char *p = VirtualAlloc(NULL, 100, MEM_RESERVE, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION mbi;

    ok(p != NULL && ((ULONG_PTR)p & 0xFFFF) == 0, "reservation %p not 64 KiB aligned", p);
    ok(VirtualQuery(p + 10, &mbi, sizeof(mbi)) == sizeof(mbi), "VirtualQuery failed");
    ok(mbi.BaseAddress == p && mbi.AllocationBase == p, "bases %p %p", mbi.BaseAddress,
       mbi.AllocationBase);
    ok(mbi.AllocationProtect == PAGE_READWRITE, "AllocationProtect %lx", mbi.AllocationProtect);
    ok(mbi.RegionSize == 0x1000, "RegionSize %lx", (unsigned long)mbi.RegionSize);
    ok(mbi.State == MEM_RESERVE && mbi.Protect == 0 && mbi.Type == MEM_PRIVATE,
       "state %lx protect %lx type %lx", mbi.State, mbi.Protect, mbi.Type);
    ok(VirtualFree(p, 0, MEM_RELEASE), "MEM_RELEASE failed");
    ok(VirtualQuery(p, &mbi, sizeof(mbi)) == sizeof(mbi), "VirtualQuery of freed memory failed");
    ok(mbi.State == MEM_FREE && mbi.Protect == PAGE_NOACCESS, "freed: state %lx protect %lx",
       mbi.State, mbi.Protect);
}

static void test_virtual_commit(void)
{
    char *p = VirtualAlloc(NULL, 0x10000, MEM_RESERVE, PAGE_NOACCESS);
    char *c = VirtualAlloc(p + 0x1010, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION mbi;

    ok(c == p + 0x1000, "commit gave %p for %p", c, p + 0x1000);
    ok(c && c[0] == 0 && c[0x1fff] == 0, "committed memory not zero");
    ok(VirtualQuery(c, &mbi, sizeof(mbi)) == sizeof(mbi), "VirtualQuery failed");
    ok(mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READWRITE && mbi.RegionSize == 0x2000,
       "state %lx protect %lx size %lx", mbi.State, mbi.Protect, (unsigned long)mbi.RegionSize);
    c[0] = 1;
    ok(VirtualFree(c, 0x1000, MEM_DECOMMIT), "MEM_DECOMMIT failed");
    ok(VirtualAlloc(c, 0x1000, MEM_COMMIT, PAGE_READWRITE) == c && c[0] == 0,
       "recommitted page not zero");
    ok(VirtualFree(p, 0, MEM_RELEASE), "MEM_RELEASE failed");
}

static void test_virtual_alloc_errors(void)
{
    static const struct {
        SIZE_T size;
        DWORD type, protect, error;
    } bad[] = {
        { 0, MEM_COMMIT, PAGE_READWRITE, ERROR_INVALID_PARAMETER },
        { 10, 0, PAGE_READWRITE, ERROR_INVALID_PARAMETER },
        { 10, MEM_COMMIT, 0, ERROR_INVALID_PARAMETER },
        { 10, MEM_COMMIT, PAGE_READONLY | PAGE_READWRITE, ERROR_INVALID_PARAMETER },
        { 10, MEM_COMMIT, PAGE_WRITECOPY, ERROR_INVALID_PARAMETER },
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        void *p;
        SetLastError(0xdeadbeef);
        p = VirtualAlloc(NULL, bad[i].size, bad[i].type, bad[i].protect);
        ok(p == NULL && GetLastError() == bad[i].error, "case %u: %p, error %lu", (unsigned)i, p,
           GetLastError());
    }
}

static void test_virtual_address_errors(void)
{
    char *p = VirtualAlloc(NULL, 0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    void *q;
    BOOL ret;

    SetLastError(0xdeadbeef);
    q = VirtualAlloc(p, 0x1000, MEM_RESERVE, PAGE_READWRITE);
    ok(q == NULL && GetLastError() == ERROR_INVALID_ADDRESS, "reserve over reserved: %p, %lu", q,
       GetLastError());
    SetLastError(0xdeadbeef);
    ret = VirtualFree(p, 0x1000, MEM_RELEASE);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "release with size: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ret = VirtualFree(p + 0x1000, 0, MEM_RELEASE);
    ok(!ret && GetLastError() == ERROR_INVALID_ADDRESS, "release not at base: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ret = VirtualFree(p, 0, MEM_RELEASE | MEM_DECOMMIT);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "release|decommit: %lu", GetLastError());
    ok(VirtualFree(p, 0, MEM_RELEASE), "MEM_RELEASE failed");
    SetLastError(0xdeadbeef);
    q = VirtualAlloc(p, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    ok(q == NULL && GetLastError() == ERROR_INVALID_ADDRESS, "commit of free memory: %p, %lu", q,
       GetLastError());
}

static void test_virtual_protect(void)
{
    char *p = VirtualAlloc(NULL, 0x2000, MEM_RESERVE, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION mbi;
    DWORD old = 0;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = VirtualProtect(p, 10, PAGE_READONLY, &old);
    ok(!ret && GetLastError() == ERROR_INVALID_ADDRESS, "protect of reserved: %lu", GetLastError());
    VirtualAlloc(p, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    ok(VirtualProtect(p + 1, 10, PAGE_READONLY, &old), "VirtualProtect failed");
    ok(old == PAGE_READWRITE, "old protection %lx", old);
    VirtualQuery(p, &mbi, sizeof(mbi));
    ok(mbi.Protect == PAGE_READONLY, "protection now %lx", mbi.Protect);
    SetLastError(0xdeadbeef);
    ret = VirtualProtect(p, 0x2000, PAGE_READWRITE, &old);
    ok(!ret && GetLastError() == ERROR_INVALID_ADDRESS, "protect across reserved: %lu",
       GetLastError());
    VirtualFree(p, 0, MEM_RELEASE);
}

static void test_virtual_guard_page(void)
{
    /* Windows supports guard pages; w32shim cannot raise their one-shot exception. */
    void *p = VirtualAlloc(NULL, 0x1000, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);

    todo_w32shim_ok(p != NULL, "PAGE_GUARD allocation failed");
    if (p)
        VirtualFree(p, 0, MEM_RELEASE);
}

static void test_GlobalReAlloc_moveable_keeps_the_handle_and_contents(void)
{
    HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE, 10), again;
    char *p = GlobalLock(h);

    ok(p != NULL, "GlobalLock failed");
    memcpy(p, "abcdefghi", 10);
    GlobalUnlock(h);
    again = GlobalReAlloc(h, 100000, GMEM_MOVEABLE | GMEM_ZEROINIT);
    ok(again == h, "GlobalReAlloc gave %p for %p", (void *)again, (void *)h);
    ok(GlobalSize(h) >= 100000, "GlobalSize %lu", (unsigned long)GlobalSize(h));
    p = GlobalLock(h);
    ok(p && !memcmp(p, "abcdefghi", 10), "contents lost");
    ok(p && p[10] == 0 && p[99999] == 0, "GMEM_ZEROINIT did not zero the new part");
    GlobalUnlock(h);
    again = GlobalReAlloc(h, 5, GMEM_MOVEABLE);
    ok(again == h && GlobalSize(h) >= 5 && GlobalSize(h) < 100000, "shrinking: %p, size %lu",
       (void *)again, (unsigned long)GlobalSize(h));
    again = GlobalReAlloc(h, 0, GMEM_MODIFY);
    ok(again == h && GlobalSize(h) >= 5 && GlobalSize(h) < 100000, "GMEM_MODIFY changed it");
    ok(GlobalFree(h) == NULL, "GlobalFree failed");
}

static void test_GlobalReAlloc_fixed_moves_only_when_allowed(void)
{
    HGLOBAL h = GlobalAlloc(GMEM_FIXED, 16), moved;

    memcpy(h, "0123456789abcde", 16);
    SetLastError(0xdeadbeef);
    moved = GlobalReAlloc(h, 1 << 24, 0);
    ok(moved == NULL && GetLastError() == ERROR_NOT_ENOUGH_MEMORY,
       "a fixed block moved without GMEM_MOVEABLE: %p, error %lu", (void *)moved,
       (unsigned long)GetLastError());
    ok(!memcmp(h, "0123456789abcde", 16), "the failed GlobalReAlloc changed the block");
    moved = GlobalReAlloc(h, 1 << 20, GMEM_MOVEABLE);
    ok(moved != NULL && GlobalSize(moved) == 1 << 20, "GlobalReAlloc(MOVEABLE) failed");
    ok(moved && !memcmp(moved, "0123456789abcde", 16), "contents lost");
    ok(GlobalFree(moved ? moved : h) == NULL, "GlobalFree failed");
}

static void test_LocalHandle_maps_memory_back_to_its_handle(void)
{
    HLOCAL fixed = LocalAlloc(LPTR, 8), moveable = LocalAlloc(LMEM_MOVEABLE, 8);
    void *p = LocalLock(moveable);

    ok(LocalHandle(fixed) == fixed, "fixed: LocalHandle gave %p for %p", (void *)LocalHandle(fixed),
       (void *)fixed);
    ok(p != NULL && p != moveable, "LocalLock gave %p", p);
    ok(LocalHandle(p) == moveable, "moveable: LocalHandle gave %p for %p", (void *)LocalHandle(p),
       (void *)moveable);
    LocalUnlock(moveable);
    ok(LocalFree(fixed) == NULL && LocalFree(moveable) == NULL, "LocalFree failed");
}

static void test_LocalUnlock_counts_locks_down_to_not_locked(void)
{
    HLOCAL h = LocalAlloc(LMEM_MOVEABLE, 8), fixed = LocalAlloc(LMEM_FIXED, 8);
    BOOL ret;

    ok(LocalLock(h) != NULL && LocalLock(h) != NULL, "LocalLock failed");
    ok((LocalFlags(h) & LMEM_LOCKCOUNT) == 2, "lock count %u", LocalFlags(h) & LMEM_LOCKCOUNT);
    SetLastError(0xdeadbeef);
    ok(LocalUnlock(h), "LocalUnlock with a lock left gave FALSE");
    ok((LocalFlags(h) & LMEM_LOCKCOUNT) == 1, "lock count %u", LocalFlags(h) & LMEM_LOCKCOUNT);
    SetLastError(0xdeadbeef);
    ret = LocalUnlock(h);
    ok(!ret && GetLastError() == NO_ERROR, "last unlock: %d, error %lu", ret,
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ret = LocalUnlock(h);
    ok(!ret && GetLastError() == ERROR_NOT_LOCKED, "extra unlock: %d, error %lu", ret,
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ret = LocalUnlock(fixed);
    /* kernel32/tests/heap.c test_LocalAlloc: LocalUnlock of an LMEM_FIXED block is FALSE
     * with ERROR_NOT_LOCKED on Windows (no todo_wine). */
    ok(!ret && GetLastError() == ERROR_NOT_LOCKED, "fixed: %d, error %lu", ret,
       (unsigned long)GetLastError());
    ok(LocalFree(h) == NULL && LocalFree(fixed) == NULL, "LocalFree failed");
}

static void test_GetSystemInfo(void)
{
    SYSTEM_INFO si, native;

    memset(&si, 0xcc, sizeof(si));
    GetSystemInfo(&si);
    GetNativeSystemInfo(&native);
    ok(si.dwPageSize == 4096 || si.dwPageSize == 16384 || si.dwPageSize == 65536,
       "page size %lu", (unsigned long)si.dwPageSize);
    ok(si.dwAllocationGranularity == 65536, "granularity %lu",
       (unsigned long)si.dwAllocationGranularity);
    ok(si.dwNumberOfProcessors >= 1 && si.dwActiveProcessorMask != 0, "processors %lu",
       (unsigned long)si.dwNumberOfProcessors);
    ok((ULONG_PTR)si.lpMinimumApplicationAddress == 0x10000, "minimum address %p",
       si.lpMinimumApplicationAddress);
    ok((ULONG_PTR)si.lpMaximumApplicationAddress > (ULONG_PTR)si.lpMinimumApplicationAddress,
       "maximum address %p", si.lpMaximumApplicationAddress);
    ok(si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64 ||
           si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_ARM64,
       "architecture %u", si.wProcessorArchitecture);
    ok(native.dwPageSize == si.dwPageSize &&
           native.wProcessorArchitecture == si.wProcessorArchitecture,
       "GetNativeSystemInfo agrees in a native process");
}

/*
 * HeapLock, HeapWalk, GetProcessHeaps, HeapQueryInformation: Microsoft's
 * pages of each, and Wine's dlls/kernel32/tests/heap.c (test_HeapCreate),
 * which records Windows: GetProcessHeaps lists the process heap first and
 * the created heaps in creation order; a walk starts with the heap's region
 * and ends with ERROR_NO_MORE_ITEMS; a HeapLock of another thread holds up
 * HeapAlloc unless the heap or the call says HEAP_NO_SERIALIZE, and a
 * HEAP_NO_SERIALIZE heap's HeapLock excludes nobody; the low-fragmentation
 * heap (2) can be set once and not undone (ERROR_GEN_FAILURE), and not on a
 * HEAP_NO_SERIALIZE heap (ERROR_INVALID_PARAMETER). Wine 8 predates parts.
 */
#define HEAP_WAIT 60000

static int heap_index(const HANDLE *heaps, DWORD n, HANDLE heap)
{
    for (DWORD i = 0; i < n; i++)
        if (heaps[i] == heap)
            return (int)i;
    return -1;
}

static void test_GetProcessHeaps_lists_every_heap(void)
{
    DWORD before = GetProcessHeaps(0, NULL), n;
    HANDLE h1 = HeapCreate(0, 0, 0), h2 = HeapCreate(HEAP_NO_SERIALIZE, 0, 0);
    HANDLE heaps[64];
    int i1, i2;

    ok(before >= 1, "at least the process heap: %lu", (unsigned long)before);
    n = GetProcessHeaps(0, NULL);
    ok(n == before + 2, "two more heaps: %lu then %lu", (unsigned long)before, (unsigned long)n);
    if (n > 64)
        n = 64;
    ok(GetProcessHeaps(64, heaps) == before + 2, "the same count with a buffer");
    ok(heaps[0] == GetProcessHeap(), "the process heap first");
    i1 = heap_index(heaps, n, h1);
    i2 = heap_index(heaps, n, h2);
    ok(i1 > 0 && i2 > 0, "both created heaps listed: %d %d", i1, i2);
    /* Wine lists the newest first (todo_wine in Wine's own test). */
    todo_wine_ok(i1 < i2, "in creation order: %d %d", i1, i2);

    heaps[0] = heaps[1] = NULL;
    ok(GetProcessHeaps(1, heaps) == before + 2, "a short buffer: the count all the same");
    /* Wine 8 stores none when the buffer is short; Microsoft's page says as many as fit. */
    todo_wine_ok(heaps[0] != NULL && heaps[1] == NULL, "and exactly one handle stored");

    ok(HeapDestroy(h1) && HeapDestroy(h2), "HeapDestroy");
    ok(GetProcessHeaps(0, NULL) == before, "destroyed heaps are gone");
}

struct walk_count {
    int regions, busy, found[3];
    DWORD last_error;
};

/* Walks heap from the start; found[i]: times want[i] was listed busy with size[i] bytes. */
static struct walk_count walk_heap(HANDLE heap, void *const *want, const SIZE_T *size, int n)
{
    struct walk_count c = { 0 };
    PROCESS_HEAP_ENTRY e;
    int first = 1;

    memset(&e, 0xcd, sizeof(e));
    e.lpData = NULL;
    SetLastError(0xdeadbeef);
    while (HeapWalk(heap, &e)) {
        if (first)
            ok(e.wFlags == PROCESS_HEAP_REGION && e.lpData == heap && e.cbOverhead == 0 &&
               e.iRegionIndex == 0, "the heap's region first: flags %#x, %p", e.wFlags, e.lpData);
        first = 0;
        c.regions += (e.wFlags & PROCESS_HEAP_REGION) != 0;
        if (!(e.wFlags & PROCESS_HEAP_ENTRY_BUSY))
            continue;
        c.busy++;
        ok(!(e.wFlags & (PROCESS_HEAP_REGION | PROCESS_HEAP_UNCOMMITTED_RANGE)),
           "a busy block is no region: %#x", e.wFlags);
        for (int i = 0; i < n; i++)
            if (e.lpData == want[i]) {
                c.found[i]++;
                ok(e.cbData == size[i], "block %d: cbData %lu", i, (unsigned long)e.cbData);
                ok(e.cbOverhead != 0, "block %d: its header is overhead", i);
            }
    }
    c.last_error = GetLastError();
    return c;
}

static void test_HeapWalk_lists_busy_blocks(void)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    SIZE_T size[3] = { 123, 456, 5000 };
    void *p[3];
    struct walk_count c;

    c = walk_heap(heap, NULL, NULL, 0);
    ok(c.last_error == ERROR_NO_MORE_ITEMS, "the end: ERROR_NO_MORE_ITEMS (%lu)", (unsigned long)c.last_error);
    ok(c.regions >= 1 && c.busy == 0, "an empty heap: %d regions, %d busy", c.regions, c.busy);

    for (int i = 0; i < 3; i++)
        p[i] = HeapAlloc(heap, 0, size[i]);
    c = walk_heap(heap, p, size, 3);
    ok(c.last_error == ERROR_NO_MORE_ITEMS, "the end: ERROR_NO_MORE_ITEMS");
    ok(c.busy == 3, "three busy blocks: %d", c.busy);
    ok(c.found[0] == 1 && c.found[1] == 1 && c.found[2] == 1, "each once: %d %d %d",
       c.found[0], c.found[1], c.found[2]);

    ok(HeapFree(heap, 0, p[1]), "HeapFree");
    c = walk_heap(heap, p, size, 3);
    ok(c.busy == 2 && c.found[0] == 1 && c.found[1] == 0 && c.found[2] == 1,
       "the freed block is no longer busy: %d busy", c.busy);
    ok(HeapDestroy(heap), "HeapDestroy");

    /* A HEAP_NO_SERIALIZE heap walks the same. */
    heap = HeapCreate(HEAP_NO_SERIALIZE, 0, 0);
    p[0] = HeapAlloc(heap, 0, 10);
    c = walk_heap(heap, p, size, 0);
    ok(c.busy == 1 && c.last_error == ERROR_NO_MORE_ITEMS, "HEAP_NO_SERIALIZE: %d busy", c.busy);
    ok(HeapDestroy(heap), "HeapDestroy");
}

/* The process heap walks under HeapLock, as programs walk it. */
static void test_HeapWalk_process_heap_under_HeapLock(void)
{
    HANDLE heap = GetProcessHeap();
    SIZE_T size = 77;
    void *p = HeapAlloc(heap, 0, size);
    struct walk_count c;

    ok(HeapLock(heap), "HeapLock");
    c = walk_heap(heap, &p, &size, 1);
    ok(HeapUnlock(heap), "HeapUnlock");
    ok(c.found[0] == 1, "our block listed once: %d", c.found[0]);
    ok(c.last_error == ERROR_NO_MORE_ITEMS, "the end: ERROR_NO_MORE_ITEMS");
    HeapFree(heap, 0, p);
}

struct locker {
    HANDLE heap;
    DWORD flags;
    BOOL lock;
    BOOL ok;
};

/* Allocates and frees once, inside HeapLock if asked. */
static DWORD WINAPI heap_user(void *arg)
{
    struct locker *l = arg;
    void *p;

    if (l->lock && !HeapLock(l->heap))
        return 1;
    p = HeapAlloc(l->heap, l->flags, 16);
    l->ok = p && HeapFree(l->heap, l->flags, p);
    if (l->lock && !HeapUnlock(l->heap))
        return 2;
    return 0;
}

/* Runs heap_user while this thread holds HeapLock; whether it got through before HeapUnlock. */
static BOOL runs_during_heap_lock(HANDLE heap, DWORD flags, BOOL lock)
{
    struct locker l = { heap, flags, lock, FALSE };
    HANDLE t;
    DWORD during;

    ok(HeapLock(heap), "HeapLock");
    ok(HeapLock(heap), "HeapLock again: the owner's lock is recursive");
    ok(HeapUnlock(heap), "HeapUnlock once");
    t = CreateThread(NULL, 0, heap_user, &l, 0, NULL);
    /* Only a thread the lock does not hold up can end before HeapUnlock; a
     * held one times out whatever the load. */
    during = WaitForSingleObject(t, l.flags || lock ? HEAP_WAIT : 200);
    ok(HeapUnlock(heap), "HeapUnlock");
    ok(WaitForSingleObject(t, HEAP_WAIT) == WAIT_OBJECT_0, "the thread ends");
    ok(l.ok, "its HeapAlloc and HeapFree succeeded");
    CloseHandle(t);
    return during == WAIT_OBJECT_0;
}

static void test_HeapLock_holds_up_other_threads(void)
{
    HANDLE heap = HeapCreate(0, 0, 0);

    ok(!runs_during_heap_lock(heap, 0, FALSE), "HeapAlloc of another thread waits for HeapUnlock");
    ok(runs_during_heap_lock(heap, HEAP_NO_SERIALIZE, FALSE),
       "HeapAlloc with HEAP_NO_SERIALIZE does not wait");
    ok(HeapDestroy(heap), "HeapDestroy");

    heap = HeapCreate(HEAP_NO_SERIALIZE, 0, 0);
    ok(runs_during_heap_lock(heap, 0, TRUE), "a HEAP_NO_SERIALIZE heap's HeapLock excludes nobody");
    ok(HeapDestroy(heap), "HeapDestroy");
}

static void test_HeapQueryInformation_compatibility(void)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    ULONG info = 0xdeadbeef;
    SIZE_T size = 0;

    SetLastError(0xdeadbeef);
    ok(!HeapQueryInformation(heap, HeapCompatibilityInformation, NULL, 0, &size),
       "no buffer fails");
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "ERROR_INSUFFICIENT_BUFFER");
    ok(size == sizeof(ULONG), "the size needed: %lu", (unsigned long)size);
    ok(HeapQueryInformation(heap, HeapCompatibilityInformation, &info, sizeof(info) + 1, NULL),
       "a larger buffer, no length pointer");
    ok(info == 0, "a new heap is a standard heap: %lu", (unsigned long)info);

    info = 2;
    ok(HeapSetInformation(heap, HeapCompatibilityInformation, &info, sizeof(info)), "set LFH");
    info = 0xdeadbeef;
    ok(HeapQueryInformation(heap, HeapCompatibilityInformation, &info, sizeof(info), &size),
       "query");
    /* Wine 8's HeapSetInformation changes nothing and accepts everything. */
    todo_wine_ok(info == 2, "the heap reports LFH: %lu", (unsigned long)info);
    info = 0;
    SetLastError(0xdeadbeef);
    todo_wine_ok(!HeapSetInformation(heap, HeapCompatibilityInformation, &info, sizeof(info)) &&
                 GetLastError() == ERROR_GEN_FAILURE, "LFH cannot be undone: ERROR_GEN_FAILURE");
    ok(HeapDestroy(heap), "HeapDestroy");

    heap = HeapCreate(HEAP_NO_SERIALIZE, 0, 0);
    info = 2;
    SetLastError(0xdeadbeef);
    todo_wine_ok(!HeapSetInformation(heap, HeapCompatibilityInformation, &info, sizeof(info)) &&
                 GetLastError() == ERROR_INVALID_PARAMETER,
                 "no LFH for a HEAP_NO_SERIALIZE heap: ERROR_INVALID_PARAMETER");
    ok(HeapQueryInformation(heap, HeapCompatibilityInformation, &info, sizeof(info), NULL) &&
       info == 0, "still a standard heap: %lu", (unsigned long)info);
    ok(HeapDestroy(heap), "HeapDestroy");

    ok(HeapSetInformation(NULL, HeapEnableTerminationOnCorruption, NULL, 0),
       "HeapEnableTerminationOnCorruption");
}

CONFORMANCE_MAIN(test_GetSystemInfo, test_heap_alloc, test_heap_free_null, test_heap_destroy_process_heap,
                 test_heap_destroy_with_live_blocks, test_fixed_size_heap,
                 test_heap_alloc_impossible_size, test_global_fixed, test_global_moveable,
                 test_local_moveable_zero_size, test_local_realloc_fixed, test_virtual_reserve,
                 test_virtual_commit, test_virtual_alloc_errors, test_virtual_address_errors,
                 test_virtual_protect, test_virtual_guard_page,
                 test_GlobalReAlloc_moveable_keeps_the_handle_and_contents,
                 test_GlobalReAlloc_fixed_moves_only_when_allowed,
                 test_LocalHandle_maps_memory_back_to_its_handle,
                 test_LocalUnlock_counts_locks_down_to_not_locked,
                 test_GetProcessHeaps_lists_every_heap, test_HeapWalk_lists_busy_blocks,
                 test_HeapWalk_process_heap_under_HeapLock, test_HeapLock_holds_up_other_threads,
                 test_HeapQueryInformation_compatibility)
