/* Heaps, Local and Global memory, virtual memory. */
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"
#include <tlhelp32.h>

/* A 16-byte-aligned address that is no block: the bytes before it are readable. */
static __attribute__((aligned(16))) char not_a_block[256];
#define FAKE_BLOCK ((void *)(not_a_block + 128))

START_TEST(test_heap_alloc_zero_memory_is_zeroed)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    unsigned char *p;

    ck_assert_ptr_nonnull(heap);
    p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 4096);
    ck_assert_ptr_nonnull(p);
    for (int i = 0; i < 4096; i++)
        ck_assert_uint_eq(p[i], 0);
    ck_assert(HeapDestroy(heap));
}
END_TEST

START_TEST(test_heap_alloc_is_16_byte_aligned)
{
    HANDLE heap = GetProcessHeap();

    for (SIZE_T size = 0; size < 64; size++) {
        void *p = HeapAlloc(heap, 0, size);
        ck_assert_ptr_nonnull(p);
        ck_assert_uint_eq((ULONG_PTR)p % MEMORY_ALLOCATION_ALIGNMENT, 0);
        ck_assert(HeapFree(heap, 0, p));
    }
}
END_TEST

START_TEST(test_heap_alloc_zero_bytes_gives_distinct_blocks)
{
    void *a = HeapAlloc(GetProcessHeap(), 0, 0);
    void *b = HeapAlloc(GetProcessHeap(), 0, 0);

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_ne(a, b);
    ck_assert_uint_eq(HeapSize(GetProcessHeap(), 0, a), 0);
    ck_assert(HeapFree(GetProcessHeap(), 0, a));
    ck_assert(HeapFree(GetProcessHeap(), 0, b));
}
END_TEST

START_TEST(test_heap_size_reports_requested_size)
{
    void *p = HeapAlloc(GetProcessHeap(), 0, 1234);

    ck_assert_uint_eq(HeapSize(GetProcessHeap(), 0, p), 1234);
    ck_assert(HeapFree(GetProcessHeap(), 0, p));
}
END_TEST

START_TEST(test_heap_realloc_grows_and_keeps_contents)
{
    char *p = HeapAlloc(GetProcessHeap(), 0, 16);

    memcpy(p, "0123456789abcde", 16);
    p = HeapReAlloc(GetProcessHeap(), 0, p, 100000);
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p, "0123456789abcde");
    ck_assert_uint_eq(HeapSize(GetProcessHeap(), 0, p), 100000);
    ck_assert(HeapFree(GetProcessHeap(), 0, p));
}
END_TEST

START_TEST(test_heap_realloc_zero_memory_zeroes_the_growth)
{
    unsigned char *p = HeapAlloc(GetProcessHeap(), 0, 8);

    memset(p, 0xAA, 8);
    p = HeapReAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, p, 5000);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p[7], 0xAA);
    for (int i = 8; i < 5000; i++)
        ck_assert_uint_eq(p[i], 0);
    ck_assert(HeapFree(GetProcessHeap(), 0, p));
}
END_TEST

START_TEST(test_heap_realloc_in_place_only_fails_when_the_block_must_move)
{
    char *p = HeapAlloc(GetProcessHeap(), 0, 16);

    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(HeapReAlloc(GetProcessHeap(), HEAP_REALLOC_IN_PLACE_ONLY, p, 1 << 24));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    ck_assert_uint_eq(HeapSize(GetProcessHeap(), 0, p), 16);
    ck_assert(HeapFree(GetProcessHeap(), 0, p));
}
END_TEST

START_TEST(test_heap_realloc_in_place_only_shrinks_in_place)
{
    char *p = HeapAlloc(GetProcessHeap(), 0, 1000);

    ck_assert_ptr_eq(HeapReAlloc(GetProcessHeap(), HEAP_REALLOC_IN_PLACE_ONLY, p, 10), p);
    ck_assert_uint_eq(HeapSize(GetProcessHeap(), 0, p), 10);
    ck_assert(HeapFree(GetProcessHeap(), 0, p));
}
END_TEST

START_TEST(test_heap_free_null_returns_true)
{
    SetLastError(0xdeadbeef);
    ck_assert(HeapFree(GetProcessHeap(), 0, NULL));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
}
END_TEST

START_TEST(test_heap_free_of_another_heaps_block_fails)
{
    HANDLE a = HeapCreate(0, 0, 0), b = HeapCreate(0, 0, 0);
    void *p = HeapAlloc(a, 0, 10);

    SetLastError(0xdeadbeef);
    ck_assert(!HeapFree(b, 0, p));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(HeapValidate(a, 0, p));
    ck_assert(!HeapValidate(b, 0, p));
    ck_assert(HeapDestroy(a));
    ck_assert(HeapDestroy(b));
}
END_TEST

START_TEST(test_heap_free_of_a_non_block_fails)
{
    SetLastError(0xdeadbeef);
    ck_assert(!HeapFree(GetProcessHeap(), 0, FAKE_BLOCK));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_heap_destroy_frees_every_block)
{
    LEAK_CHECK_BEGIN();
    HANDLE heap = HeapCreate(HEAP_NO_SERIALIZE, 4096, 0);

    /* LeakSanitizer (ASan build) reports any block HeapDestroy leaves behind. */
    for (int i = 0; i < 100; i++)
        ck_assert_ptr_nonnull(HeapAlloc(heap, 0, (SIZE_T)i * 37));
    ck_assert(HeapValidate(heap, 0, NULL));
    ck_assert(HeapDestroy(heap));
    LEAK_CHECK_END();   /* a heap is no kernel object: no handle, no fd */
}
END_TEST

START_TEST(test_heap_destroy_of_the_process_heap_fails)
{
    ck_assert(!HeapDestroy(GetProcessHeap()));
    ck_assert_ptr_eq(GetProcessHeap(), GetProcessHeap());
}
END_TEST

START_TEST(test_heap_null_handle_fails_with_invalid_handle)
{
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(HeapAlloc(NULL, 0, 10));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!HeapDestroy(NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
}
END_TEST

START_TEST(test_fixed_size_heap_refuses_more_than_its_maximum)
{
    HANDLE heap = HeapCreate(0, 0, 65536);
    void *p;

    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(HeapAlloc(heap, 0, 100000));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    p = HeapAlloc(heap, 0, 60000);
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_null(HeapAlloc(heap, 0, 10000));
    ck_assert(HeapFree(heap, 0, p));
    ck_assert_ptr_nonnull(HeapAlloc(heap, 0, 10000));
    ck_assert(HeapDestroy(heap));
}
END_TEST

START_TEST(test_heap_alloc_of_an_impossible_size_fails)
{
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(HeapAlloc(GetProcessHeap(), HEAP_GENERATE_EXCEPTIONS, (SIZE_T)-64));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
}
END_TEST

static DWORD WINAPI churn(LPVOID heap)
{
    for (int i = 0; i < 2000; i++) {
        void *p = HeapAlloc(heap, 0, (SIZE_T)(i % 97));
        if (!p || !(p = HeapReAlloc(heap, 0, p, (SIZE_T)(i % 200))) || !HeapFree(heap, 0, p))
            return 1;
    }
    return 0;
}

START_TEST(test_heap_is_safe_to_share_between_threads)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    HANDLE threads[2];

    for (int i = 0; i < 2; i++)
        threads[i] = CreateThread(NULL, 0, churn, heap, 0, NULL);
    for (int i = 0; i < 2; i++) {
        ck_assert_uint_eq(exit_code(threads[i]), 0);
        ck_assert(CloseHandle(threads[i]));
    }
    ck_assert(HeapValidate(heap, 0, NULL));
    ck_assert(HeapDestroy(heap));
}
END_TEST

static DWORD WINAPI lock_unlock(LPVOID h)
{
    for (int i = 0; i < 2000; i++) {
        char *p = GlobalLock(h);
        if (!p)
            return 1;
        InterlockedIncrement((LONG *)p);
        GlobalUnlock(h);
    }
    return 0;
}

START_TEST(test_global_lock_counts_are_thread_safe)
{
    HGLOBAL h = GlobalAlloc(GHND, sizeof(LONG));
    HANDLE threads[2];

    for (int i = 0; i < 2; i++)
        threads[i] = CreateThread(NULL, 0, lock_unlock, h, 0, NULL);
    for (int i = 0; i < 2; i++) {
        ck_assert_uint_eq(exit_code(threads[i]), 0);
        ck_assert(CloseHandle(threads[i]));
    }
    ck_assert_uint_eq(GlobalFlags(h), 0);
    ck_assert_int_eq(*(LONG *)GlobalLock(h), 4000);
    ck_assert_ptr_null(GlobalFree(h));
}
END_TEST

START_TEST(test_local_alloc_lptr_gives_zeroed_pointer)
{
    unsigned char *p = LocalAlloc(LPTR, 100);

    ck_assert_ptr_nonnull(p);
    for (int i = 0; i < 100; i++)
        ck_assert_uint_eq(p[i], 0);
    ck_assert_uint_eq(LocalSize(p), 100);
    ck_assert_ptr_eq(LocalLock(p), p);
    ck_assert_uint_eq(LocalFlags(p), 0);
    ck_assert_ptr_null(LocalFree(p));
}
END_TEST

START_TEST(test_global_moveable_lock_gives_the_memory)
{
    HGLOBAL h = GlobalAlloc(GHND, 64);
    char *p;

    ck_assert_ptr_nonnull(h);
    p = GlobalLock(h);
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_ne(p, h);
    ck_assert_ptr_eq(*(void **)h, p);
    ck_assert_uint_eq(p[63], 0);
    ck_assert_uint_eq(GlobalFlags(h) & GMEM_LOCKCOUNT, 1);
    ck_assert_ptr_eq(GlobalHandle(p), h);
    ck_assert_uint_eq(GlobalSize(h), 64);
    ck_assert_ptr_null(GlobalFree(h));
}
END_TEST

START_TEST(test_global_unlock_reports_no_error_when_the_count_reaches_zero)
{
    HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE, 8);

    GlobalLock(h);
    GlobalLock(h);
    ck_assert(GlobalUnlock(h));
    SetLastError(0xdeadbeef);
    ck_assert(!GlobalUnlock(h));
    ck_assert_uint_eq(GetLastError(), NO_ERROR);
    SetLastError(0xdeadbeef);
    ck_assert(!GlobalUnlock(h));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_LOCKED);
    ck_assert_ptr_null(GlobalFree(h));
}
END_TEST

START_TEST(test_global_unlock_of_fixed_memory_returns_true)
{
    HGLOBAL h = GlobalAlloc(GMEM_FIXED, 8);

    ck_assert_ptr_eq(GlobalLock(h), h);
    ck_assert(GlobalUnlock(h));
    ck_assert_ptr_eq(GlobalHandle(h), h);
    ck_assert_ptr_null(GlobalFree(h));
}
END_TEST

START_TEST(test_local_unlock_of_fixed_memory_fails_not_locked)
{
    HLOCAL h = LocalAlloc(LMEM_FIXED, 8);

    ck_assert_ptr_eq(LocalLock(h), h);
    SetLastError(0xdeadbeef);
    ck_assert(!LocalUnlock(h));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_LOCKED);
    ck_assert_ptr_null(LocalFree(h));
}
END_TEST

/* A freed moveable handle stays recognisable: no read of freed memory (ASan). */
START_TEST(test_freed_moveable_handle_is_invalid_not_a_use_after_free)
{
    HLOCAL h = LocalAlloc(LMEM_MOVEABLE, 8);
    HLOCAL again;

    ck_assert_ptr_null(LocalFree(h));
    SetLastError(0xdeadbeef);
    ck_assert(!LocalUnlock(h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(LocalLock(h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(LocalFlags(h), LMEM_INVALID_HANDLE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    /* The record is reused, as Windows reuses a handle slot. */
    again = LocalAlloc(LMEM_MOVEABLE, 16);
    ck_assert_ptr_eq(again, h);
    ck_assert_uint_eq(LocalSize(again), 16);
    ck_assert_ptr_null(LocalFree(again));
}
END_TEST

START_TEST(test_moveable_block_of_zero_bytes_is_discarded)
{
    HLOCAL h = LocalAlloc(LMEM_MOVEABLE, 0);

    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(LocalFlags(h), LMEM_DISCARDED);
    ck_assert_ptr_null(LocalLock(h));
    ck_assert_uint_eq(LocalSize(h), 0);
    ck_assert_ptr_eq(LocalReAlloc(h, 10, LMEM_MOVEABLE), h);
    ck_assert_uint_eq(LocalSize(h), 10);
    ck_assert_ptr_null(LocalFree(h));
}
END_TEST

START_TEST(test_local_realloc_of_fixed_memory_does_not_move_without_moveable)
{
    HLOCAL h = LocalAlloc(LMEM_FIXED, 16), moved;

    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(LocalReAlloc(h, 1 << 24, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    moved = LocalReAlloc(h, 1 << 20, LMEM_MOVEABLE);
    ck_assert_ptr_nonnull(moved);
    ck_assert_uint_eq(LocalSize(moved), 1 << 20);
    ck_assert_ptr_null(LocalFree(moved));
}
END_TEST

START_TEST(test_local_realloc_of_moveable_memory_keeps_the_handle)
{
    HLOCAL h = LocalAlloc(LHND, 4);

    strcpy(LocalLock(h), "abc");
    ck_assert(!LocalUnlock(h));
    ck_assert_ptr_eq(LocalReAlloc(h, 100000, LMEM_ZEROINIT), h);
    ck_assert_str_eq(LocalLock(h), "abc");
    ck_assert_uint_eq(((char *)LocalLock(h))[99999], 0);
    ck_assert_uint_eq(LocalSize(h), 100000);
    ck_assert_ptr_null(LocalFree(h));
}
END_TEST

START_TEST(test_local_free_of_an_invalid_handle_returns_it)
{
    ck_assert_ptr_null(LocalFree(NULL));
    SetLastError(0xdeadbeef);
    ck_assert_ptr_eq(LocalFree(FAKE_BLOCK), FAKE_BLOCK);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(GlobalFlags(FAKE_BLOCK), GMEM_INVALID_HANDLE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
}
END_TEST

/* HeapSummary: the heap's own accounting of what its blocks hold. */
START_TEST(test_heap_summary_counts_the_blocks)
{
    HANDLE heap = HeapCreate(0, 0, 0), fixed = HeapCreate(0, 0, 256 << 10);
    HEAP_SUMMARY sum = { .cb = sizeof(sum) };
    void *a, *b;

    ck_assert(HeapSummary(heap, 0, &sum));
    ck_assert_uint_eq(sum.cbAllocated, 0);
    a = HeapAlloc(heap, 0, 100);
    b = HeapAlloc(heap, 0, 50);
    ck_assert(HeapSummary(heap, 0, &sum));
    ck_assert_uint_eq(sum.cbAllocated, 150);
    ck_assert_uint_gt(sum.cbCommitted, sum.cbAllocated);
    ck_assert_uint_ge(sum.cbReserved, sum.cbCommitted);
    ck_assert_uint_ge(sum.cbMaxReserve, sum.cbReserved);
    ck_assert(HeapFree(heap, 0, b));
    ck_assert(HeapSummary(heap, 0, &sum));
    ck_assert_uint_eq(sum.cbAllocated, 100);
    ck_assert(HeapFree(heap, 0, a));
    /* A fixed-size heap reserves its maximum. */
    ck_assert(HeapSummary(fixed, 0, &sum));
    ck_assert_uint_ge(sum.cbReserved, 256 << 10);
    ck_assert_uint_lt(sum.cbCommitted, sum.cbReserved);
    ck_assert(HeapSummary(GetProcessHeap(), HEAP_NO_SERIALIZE, &sum));

    sum.cb = sizeof(sum) - 1;
    SetLastError(0xdeadbeef);
    ck_assert(!HeapSummary(heap, 0, &sum));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert(!HeapSummary(heap, 0, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    sum.cb = sizeof(sum);
    SetLastError(0xdeadbeef);
    ck_assert(!HeapSummary(NULL, 0, &sum));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(HeapDestroy(heap));
    ck_assert(HeapDestroy(fixed));
}
END_TEST

/* Every Local and Global function, given h, fails as Windows documents,
 * with ERROR_INVALID_HANDLE, and reads nothing through h. */
static void assert_invalid_everywhere(HLOCAL h)
{
    SetLastError(0xdeadbeef);
    ck_assert_ptr_eq(LocalFree(h), h);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_eq(GlobalFree(h), h);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(LocalLock(h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(GlobalLock(h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!LocalUnlock(h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!GlobalUnlock(h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(LocalSize(h), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(GlobalSize(h), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(LocalFlags(h), LMEM_INVALID_HANDLE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(LocalReAlloc(h, 32, LMEM_MOVEABLE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(GlobalReAlloc(h, 0, GMEM_MODIFY | GMEM_MOVEABLE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(LocalHandle(h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
}

/* Handles that are not, or are no longer, Local or Global memory. */
START_TEST(test_invalid_and_freed_handles_fail_cleanly_everywhere)
{
    char stack[64];
    HANDLE heap = HeapCreate(0, 0, 0);
    void *other = HeapAlloc(heap, 0, 32);
    HLOCAL fixed = LocalAlloc(LMEM_FIXED, 32), moveable = GlobalAlloc(GMEM_MOVEABLE, 32);
    void *data = GlobalLock(moveable);

    assert_invalid_everywhere((HLOCAL)(ULONG_PTR)0x10);
    assert_invalid_everywhere((HLOCAL)(ULONG_PTR)0x18);         /* shaped as a moveable one */
    assert_invalid_everywhere((HLOCAL)(ULONG_PTR)0x7ffffffffff8);
    assert_invalid_everywhere(stack + 16);
    assert_invalid_everywhere((char *)fixed + 16);
    assert_invalid_everywhere((char *)moveable + 16);
    assert_invalid_everywhere(other);
    ck_assert_ptr_eq(LocalHandle(data), moveable);
    ck_assert_ptr_eq(LocalHandle(fixed), fixed);
    ck_assert(!GlobalUnlock(moveable));
    ck_assert_ptr_null(LocalFree(fixed));
    ck_assert_ptr_null(GlobalFree(moveable));
    assert_invalid_everywhere(fixed);
    assert_invalid_everywhere(moveable);
    assert_invalid_everywhere(data);
    ck_assert(HeapDestroy(heap));
}
END_TEST

/* Windows stops at 65,536 moveable handles, and frees their slots again. */
START_TEST(test_moveable_handles_stop_at_65536)
{
    static HLOCAL handles[70000];
    size_t n = 0;

    while (n < sizeof(handles) / sizeof(handles[0]) &&
           (handles[n] = LocalAlloc(LMEM_MOVEABLE, 0)))
        n++;
    ck_assert_uint_eq(n, 65536);
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    ck_assert_ptr_null(GlobalAlloc(GMEM_MOVEABLE, 8));
    ck_assert_ptr_null(LocalFree(handles[--n]));
    handles[n] = GlobalAlloc(GMEM_MOVEABLE, 8);
    ck_assert_ptr_nonnull(handles[n++]);
    while (n > 0)       /* one assertion: Check records each one it runs */
        if (LocalFree(handles[--n]))
            ck_abort_msg("LocalFree of handle %zu failed", n);
}
END_TEST

/* Virtual memory. */
static DWORD WINAPI map_unmap(LPVOID unused)
{
    for (int i = 0; i < 300; i++) {
        char *p = VirtualAlloc(NULL, 8192, MEM_RESERVE, PAGE_NOACCESS);
        DWORD old;
        if (!p || VirtualAlloc(p + 4096, 10, MEM_COMMIT, PAGE_READWRITE) != p + 4096)
            return 1;
        p[4096] = 1;
        if (!VirtualProtect(p + 4096, 1, PAGE_READONLY, &old) || !VirtualFree(p, 0, MEM_RELEASE))
            return 1;
    }
    return 0;
}

START_TEST(test_virtual_memory_is_safe_to_use_from_threads)
{
    HANDLE threads[2];

    for (int i = 0; i < 2; i++)
        threads[i] = CreateThread(NULL, 0, map_unmap, NULL, 0, NULL);
    for (int i = 0; i < 2; i++) {
        ck_assert_uint_eq(exit_code(threads[i]), 0);
        ck_assert(CloseHandle(threads[i]));
    }
}
END_TEST

START_TEST(test_virtual_reserve_is_aligned_to_64k)
{
    char *p = VirtualAlloc(NULL, 100, MEM_RESERVE, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION mbi;

    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq((ULONG_PTR)p % 0x10000, 0);
    ck_assert_uint_eq(VirtualQuery(p + 10, &mbi, sizeof(mbi)), sizeof(mbi));
    ck_assert_ptr_eq(mbi.BaseAddress, p);
    ck_assert_ptr_eq(mbi.AllocationBase, p);
    ck_assert_uint_eq(mbi.AllocationProtect, PAGE_READWRITE);
    ck_assert_uint_eq(mbi.RegionSize, (SIZE_T)sysconf(_SC_PAGESIZE));
    ck_assert_uint_eq(mbi.State, MEM_RESERVE);
    ck_assert_uint_eq(mbi.Protect, 0);
    ck_assert_uint_eq(mbi.Type, MEM_PRIVATE);
    ck_assert(VirtualFree(p, 0, MEM_RELEASE));
}
END_TEST

START_TEST(test_virtual_commit_gives_zeroed_writable_pages)
{
    LEAK_CHECK_BEGIN();
    unsigned char *p = VirtualAlloc(NULL, 3 * 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);

    ck_assert_ptr_nonnull(p);
    for (int i = 0; i < 3 * 4096; i++)
        ck_assert_uint_eq(p[i], 0);
    p[5000] = 42;
    ck_assert_uint_eq(p[5000], 42);
    ck_assert(VirtualFree(p, 0, MEM_RELEASE));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_virtual_commit_inside_a_reservation_commits_the_touched_pages)
{
    SIZE_T page = (SIZE_T)sysconf(_SC_PAGESIZE);
    char *p = VirtualAlloc(NULL, 16 * page, MEM_RESERVE, PAGE_NOACCESS);
    MEMORY_BASIC_INFORMATION mbi;

    ck_assert_ptr_eq(VirtualAlloc(p + page + 10, page, MEM_COMMIT, PAGE_READWRITE), p + page);
    ck_assert_uint_eq(VirtualQuery(p + page, &mbi, sizeof(mbi)), sizeof(mbi));
    ck_assert_uint_eq(mbi.State, MEM_COMMIT);
    ck_assert_uint_eq(mbi.Protect, PAGE_READWRITE);
    ck_assert_uint_eq(mbi.RegionSize, 2 * page);
    ck_assert_uint_eq(mbi.AllocationProtect, PAGE_NOACCESS);
    ck_assert(VirtualFree(p, 0, MEM_RELEASE));
}
END_TEST

START_TEST(test_virtual_decommitted_pages_read_zero_when_committed_again)
{
    char *p = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION mbi;

    p[0] = 'x';
    ck_assert(VirtualFree(p, 4096, MEM_DECOMMIT));
    ck_assert_uint_eq(VirtualQuery(p, &mbi, sizeof(mbi)), sizeof(mbi));
    ck_assert_uint_eq(mbi.State, MEM_RESERVE);
    ck_assert_ptr_eq(VirtualAlloc(p, 4096, MEM_COMMIT, PAGE_READWRITE), p);
    ck_assert_uint_eq(p[0], 0);
    ck_assert(VirtualFree(p, 0, MEM_RELEASE));
}
END_TEST

START_TEST(test_virtual_alloc_rejects_bad_arguments)
{
    static const struct {
        SIZE_T size;
        DWORD type, protect;
    } bad[] = {
        { 0, MEM_COMMIT, PAGE_READWRITE },
        { 10, 0, PAGE_READWRITE },
        { 10, MEM_DECOMMIT, PAGE_READWRITE },
        { 10, MEM_COMMIT, 0 },
        { 10, MEM_COMMIT, PAGE_READONLY | PAGE_READWRITE },
        { 10, MEM_COMMIT, PAGE_WRITECOPY },
        { 10, MEM_COMMIT | MEM_RESET, PAGE_READWRITE },
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        SetLastError(0xdeadbeef);
        ck_assert_ptr_null(VirtualAlloc(NULL, bad[i].size, bad[i].type, bad[i].protect));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
}
END_TEST

START_TEST(test_virtual_guard_pages_are_not_supported)
{
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(VirtualAlloc(NULL, 10, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
}
END_TEST

START_TEST(test_virtual_commit_outside_any_reservation_fails)
{
    char *p = VirtualAlloc(NULL, 4096, MEM_RESERVE, PAGE_READWRITE);

    ck_assert(VirtualFree(p, 0, MEM_RELEASE));
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(VirtualAlloc(p, 4096, MEM_COMMIT, PAGE_READWRITE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_ADDRESS);
}
END_TEST

START_TEST(test_virtual_reserve_over_a_reservation_fails)
{
    char *p = VirtualAlloc(NULL, 4096, MEM_RESERVE, PAGE_READWRITE);

    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(VirtualAlloc(p, 4096, MEM_RESERVE, PAGE_READWRITE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_ADDRESS);
    ck_assert(VirtualFree(p, 0, MEM_RELEASE));
}
END_TEST

START_TEST(test_virtual_release_needs_size_zero_and_the_base)
{
    char *p = VirtualAlloc(NULL, 2 * 4096, MEM_COMMIT, PAGE_READWRITE);

    SetLastError(0xdeadbeef);
    ck_assert(!VirtualFree(p, 4096, MEM_RELEASE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert(!VirtualFree(p + 4096, 0, MEM_RELEASE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_ADDRESS);
    SetLastError(0xdeadbeef);
    ck_assert(!VirtualFree(p, 0, MEM_RELEASE | MEM_DECOMMIT));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(VirtualFree(p, 0, MEM_RELEASE));
    SetLastError(0xdeadbeef);
    ck_assert(!VirtualFree(p, 0, MEM_RELEASE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_ADDRESS);
}
END_TEST

START_TEST(test_virtual_protect_returns_the_old_protection)
{
    char *p = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION mbi;
    DWORD old = 0;

    ck_assert(VirtualProtect(p + 1, 10, PAGE_READONLY, &old));
    ck_assert_uint_eq(old, PAGE_READWRITE);
    ck_assert_uint_eq(VirtualQuery(p, &mbi, sizeof(mbi)), sizeof(mbi));
    ck_assert_uint_eq(mbi.Protect, PAGE_READONLY);
    ck_assert_uint_eq(p[0], 0);
    ck_assert(VirtualFree(p, 0, MEM_RELEASE));
}
END_TEST

START_TEST(test_virtual_protect_readonly_page_faults_on_write)
{
    char *p = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READWRITE);
    DWORD old;

    ck_assert(!write_faults(p));
    ck_assert(VirtualProtect(p, 4096, PAGE_READONLY, &old));
    ck_assert(write_faults(p));
    ck_assert(VirtualProtect(p, 4096, PAGE_READWRITE, &old));
    ck_assert_uint_eq(old, PAGE_READONLY);
    ck_assert(!write_faults(p));
    ck_assert(VirtualFree(p, 0, MEM_RELEASE));
}
END_TEST

START_TEST(test_virtual_protect_fails_on_reserved_pages_and_null_old)
{
    char *p = VirtualAlloc(NULL, 4096, MEM_RESERVE, PAGE_READWRITE);
    DWORD old;

    SetLastError(0xdeadbeef);
    ck_assert(!VirtualProtect(p, 10, PAGE_READONLY, &old));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_ADDRESS);
    ck_assert_ptr_eq(VirtualAlloc(p, 10, MEM_COMMIT, PAGE_READWRITE), p);
    SetLastError(0xdeadbeef);
    ck_assert(!VirtualProtect(p, 10, PAGE_READONLY, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(VirtualFree(p, 0, MEM_RELEASE));
}
END_TEST

START_TEST(test_virtual_query_reports_released_memory_as_free)
{
    char *p = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION mbi;

    ck_assert(VirtualFree(p, 0, MEM_RELEASE));
    ck_assert_uint_eq(VirtualQuery(p, &mbi, sizeof(mbi)), sizeof(mbi));
    ck_assert_uint_eq(mbi.State, MEM_FREE);
    ck_assert_uint_eq(mbi.Protect, PAGE_NOACCESS);
}
END_TEST

START_TEST(test_virtual_query_sees_the_stack_as_committed_read_write)
{
    int local = 0;
    MEMORY_BASIC_INFORMATION mbi;

    ck_assert_uint_eq(VirtualQuery(&local, &mbi, sizeof(mbi)), sizeof(mbi));
    ck_assert_uint_eq(mbi.State, MEM_COMMIT);
    ck_assert_uint_eq(mbi.Protect, PAGE_READWRITE);
    ck_assert_uint_eq(mbi.Type, MEM_PRIVATE);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(VirtualQuery(&local, &mbi, sizeof(mbi) - 1), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_BAD_LENGTH);
}
END_TEST

/* ---- HeapLock and HeapWalk ---- */

/* Busy blocks a walk from the start lists; -1 if it does not end with ERROR_NO_MORE_ITEMS. */
static int count_busy(HANDLE heap)
{
    PROCESS_HEAP_ENTRY e = { .lpData = NULL };
    int busy = 0;

    while (HeapWalk(heap, &e))
        busy += (e.wFlags & PROCESS_HEAP_ENTRY_BUSY) != 0;
    return GetLastError() == ERROR_NO_MORE_ITEMS ? busy : -1;
}

#define WALK_BLOCKS 64
#define WALK_ALLOCS 200

struct allocator {
    HANDLE heap;
    HANDLE started;
    void *blocks[WALK_ALLOCS];
};

static DWORD WINAPI allocate_many(void *arg)
{
    struct allocator *a = arg;

    SetEvent(a->started);
    for (int i = 0; i < WALK_ALLOCS; i++)
        a->blocks[i] = HeapAlloc(a->heap, 0, 32 + i);
    return 0;
}

/* Another thread allocates all along; under HeapLock two walks see the same
 * heap, and every block it made is listed once it is done. */
START_TEST(test_heap_walk_under_heap_lock_sees_a_still_heap)
{
    struct allocator a = { HeapCreate(0, 0, 0), CreateEventA(NULL, TRUE, FALSE, NULL), { 0 } };
    void *mine[WALK_BLOCKS];
    HANDLE t;
    int first, second;

    for (int i = 0; i < WALK_BLOCKS; i++)
        mine[i] = HeapAlloc(a.heap, 0, 100);
    t = CreateThread(NULL, 0, allocate_many, &a, 0, NULL);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(WaitForSingleObject(a.started, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(HeapLock(a.heap));
    first = count_busy(a.heap);
    ck_assert(HeapLock(a.heap));        /* recursive: the walk's own calls pass */
    second = count_busy(a.heap);
    ck_assert(HeapUnlock(a.heap));
    ck_assert(HeapUnlock(a.heap));
    ck_assert_int_ge(first, WALK_BLOCKS);
    ck_assert_int_eq(first, second);
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    CloseHandle(t);
    CloseHandle(a.started);
    for (int i = 0; i < WALK_ALLOCS; i++)
        ck_assert_ptr_nonnull(a.blocks[i]);
    ck_assert_int_eq(count_busy(a.heap), WALK_BLOCKS + WALK_ALLOCS);
    for (int i = 0; i < WALK_BLOCKS; i++)
        ck_assert(HeapFree(a.heap, 0, mine[i]));
    ck_assert_int_eq(count_busy(a.heap), WALK_ALLOCS);
    ck_assert(HeapDestroy(a.heap));
}
END_TEST

/* A walk goes on from a block the walker has just freed, and reaches every other block. */
START_TEST(test_heap_walk_goes_on_after_freeing_the_current_block)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    PROCESS_HEAP_ENTRY e = { .lpData = NULL };
    int freed = 0;

    for (int i = 0; i < 10; i++)
        ck_assert_ptr_nonnull(HeapAlloc(heap, 0, 10 + i));
    while (HeapWalk(heap, &e))
        if (e.wFlags & PROCESS_HEAP_ENTRY_BUSY) {
            ck_assert(HeapFree(heap, 0, e.lpData));
            freed++;
        }
    ck_assert_uint_eq(GetLastError(), ERROR_NO_MORE_ITEMS);
    ck_assert_int_eq(freed, 10);
    ck_assert_int_eq(count_busy(heap), 0);
    ck_assert(HeapDestroy(heap));
}
END_TEST

/* Blocks are listed in allocation order, and one that grew by moving keeps its place. */
START_TEST(test_heap_walk_lists_blocks_in_allocation_order)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    PROCESS_HEAP_ENTRY e = { .lpData = NULL };
    void *p[3];
    int i = 0;

    for (int k = 0; k < 3; k++)
        p[k] = HeapAlloc(heap, 0, 16);
    p[1] = HeapReAlloc(heap, 0, p[1], 1 << 20);
    ck_assert_ptr_nonnull(p[1]);
    ck_assert(HeapWalk(heap, &e));
    ck_assert_uint_eq(e.wFlags, PROCESS_HEAP_REGION);
    ck_assert_ptr_eq(e.lpData, heap);
    ck_assert_ptr_null(e.Region.lpFirstBlock);
    while (HeapWalk(heap, &e)) {
        ck_assert_int_lt(i, 3);
        ck_assert_ptr_eq(e.lpData, p[i]);
        ck_assert_uint_eq(e.cbData, i == 1 ? 1 << 20 : 16);
        ck_assert_uint_eq(e.wFlags, PROCESS_HEAP_ENTRY_BUSY);
        ck_assert_ptr_null(e.Block.hMem);
        i++;
    }
    ck_assert_int_eq(i, 3);
    ck_assert(HeapDestroy(heap));
}
END_TEST

START_TEST(test_heap_walk_rejects_bad_entries_and_heaps)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    PROCESS_HEAP_ENTRY e = { .lpData = FAKE_BLOCK };
    void *p = HeapAlloc(heap, 0, 8);

    SetLastError(0);
    ck_assert(!HeapWalk(heap, &e));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    e.lpData = (char *)p + 16;          /* inside a block */
    ck_assert(!HeapWalk(heap, &e));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!HeapWalk(heap, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    e.lpData = NULL;
    ck_assert(!HeapWalk(NULL, &e));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!HeapLock(NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!HeapUnlock(heap));        /* not locked */
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_OWNER);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(HeapCompact(heap, 0), 0);
    ck_assert_uint_eq(GetLastError(), NO_ERROR);
    ck_assert(HeapDestroy(heap));
}
END_TEST

struct local_user {
    HANDLE started;
    HLOCAL mem;
};

static DWORD WINAPI local_alloc_once(void *arg)
{
    struct local_user *u = arg;

    SetEvent(u->started);
    u->mem = LocalAlloc(LMEM_MOVEABLE, 10);
    return 0;
}

/* Local* lock the process heap as on Windows: another thread waits for HeapUnlock, the owner does not. */
START_TEST(test_local_alloc_waits_for_heap_lock_of_the_process_heap)
{
    struct local_user u = { CreateEventA(NULL, TRUE, FALSE, NULL), NULL };
    HLOCAL mine;
    HANDLE t;

    ck_assert(HeapLock(GetProcessHeap()));
    t = CreateThread(NULL, 0, local_alloc_once, &u, 0, NULL);
    ck_assert_uint_eq(WaitForSingleObject(u.started, LONG_WAIT), WAIT_OBJECT_0);
    mine = LocalAlloc(LMEM_MOVEABLE, 20);   /* the owner: no deadlock with the waiter */
    ck_assert_ptr_nonnull(mine);
    ck_assert_uint_eq(WaitForSingleObject(t, 100), WAIT_TIMEOUT);
    ck_assert(HeapUnlock(GetProcessHeap()));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_ptr_nonnull(u.mem);
    ck_assert_ptr_null(LocalFree(u.mem));
    ck_assert_ptr_null(LocalFree(mine));
    CloseHandle(t);
    CloseHandle(u.started);
}
END_TEST

struct lock_holder {
    HANDLE heap, locked, release;
};

static DWORD WINAPI hold_heap_lock(void *arg)
{
    struct lock_holder *h = arg;

    HeapLock(h->heap);
    SetEvent(h->locked);
    WaitForSingleObject(h->release, INFINITE);
    HeapUnlock(h->heap);
    return 0;
}

/* A forked child has only the forking thread: another thread's HeapLock does not hold it up. */
START_TEST(test_forked_child_is_not_held_by_another_threads_heap_lock)
{
    struct lock_holder h = { HeapCreate(0, 0, 0), CreateEventA(NULL, TRUE, FALSE, NULL),
                             CreateEventA(NULL, TRUE, FALSE, NULL) };
    HANDLE t = CreateThread(NULL, 0, hold_heap_lock, &h, 0, NULL);
    int status = -1;
    pid_t pid;

    ck_assert_uint_eq(WaitForSingleObject(h.locked, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(HeapLock(GetProcessHeap()));  /* the forking thread's own lock stays its own */
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        void *p;

        signal(SIGALRM, SIG_DFL);
        alarm((unsigned)(LONG_WAIT / 1000 * 4));
        p = HeapAlloc(h.heap, 0, 10);
        _exit(p && HeapFree(h.heap, 0, p) && HeapUnlock(GetProcessHeap()) ? 0 : 1);
    }
    ck_assert(HeapUnlock(GetProcessHeap()));
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    SetEvent(h.release);
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    CloseHandle(t);
    CloseHandle(h.locked);
    CloseHandle(h.release);
    ck_assert(HeapDestroy(h.heap));
}
END_TEST

/* ---- toolhelp's view of the heaps ---- */

/* Busy blocks Heap32First/Next list in heap; -1 if the walk ends otherwise than at its end. */
static int count_heap32(HANDLE heap)
{
    HEAPENTRY32 he = { .dwSize = sizeof(he) };
    int n = 0;

    if (Heap32First(&he, 0, (ULONG_PTR)heap)) {
        do
            n++;
        while (Heap32Next(&he));
    }
    return GetLastError() == ERROR_NO_MORE_FILES ? n : -1;
}

/* Heap ids are looked up, never read through: a destroyed or made-up heap fails cleanly. */
START_TEST(test_heap32_refuses_heaps_that_are_gone_or_made_up)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    HEAPENTRY32 he = { .dwSize = sizeof(he) };

    ck_assert_ptr_nonnull(HeapAlloc(heap, 0, 10));
    ck_assert_ptr_nonnull(HeapAlloc(heap, 0, 20));
    ck_assert(Heap32First(&he, GetCurrentProcessId(), (ULONG_PTR)heap));
    ck_assert(HeapDestroy(heap));
    ck_assert(!Heap32Next(&he));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!Heap32First(&he, 0, (ULONG_PTR)FAKE_BLOCK));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!Heap32First(&he, 0, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    he.dwSize = sizeof(he) - 1;
    ck_assert(!Heap32First(&he, 0, (ULONG_PTR)GetProcessHeap()));
    ck_assert_uint_eq(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
}
END_TEST

/* Other processes' heaps cannot be read: ERROR_ACCESS_DENIED (an unknown one: ERROR_INVALID_PARAMETER). */
START_TEST(test_heap_lists_of_other_processes_are_refused)
{
    HEAPENTRY32 he = { .dwSize = sizeof(he) };

    ck_assert_ptr_eq(CreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, (DWORD)getppid()), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_ptr_eq(CreateToolhelp32Snapshot(TH32CS_SNAPALL, (DWORD)getppid()), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_ptr_eq(CreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, 0x7ffffff0), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!Heap32First(&he, (DWORD)getppid(), (ULONG_PTR)GetProcessHeap()));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
}
END_TEST

static DWORD WINAPI churn_heap(void *arg)
{
    HANDLE heap = arg;

    for (int i = 0; i < 2000; i++) {
        void *p = HeapAlloc(heap, 0, 16 + i % 64);

        ck_assert_ptr_nonnull(p);
        ck_assert(HeapFree(heap, 0, p));
    }
    return 0;
}

/* Heap32First/Next read the live heap while another thread allocates and frees in it. */
START_TEST(test_heap32_walks_a_heap_other_threads_change)
{
    HANDLE heap = HeapCreate(0, 0, 0), t;
    void *kept[8];

    for (int i = 0; i < 8; i++)
        kept[i] = HeapAlloc(heap, 0, 100);
    t = CreateThread(NULL, 0, churn_heap, heap, 0, NULL);
    ck_assert_ptr_nonnull(t);
    for (int round = 0; round < 50; round++) {
        int n = count_heap32(heap);

        /* A block freed just after it was listed ends a walk early: never below the kept ones. */
        ck_assert(n == -1 || n >= 8);
    }
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    CloseHandle(t);
    ck_assert_int_eq(count_heap32(heap), 8);
    for (int i = 0; i < 8; i++)
        ck_assert(HeapFree(heap, 0, kept[i]));
    ck_assert_int_eq(count_heap32(heap), 0);
    ck_assert(HeapDestroy(heap));
}
END_TEST

/* A read that runs into an unreadable page copies what it can: ERROR_PARTIAL_COPY. */
START_TEST(test_toolhelp_read_stops_at_an_unreadable_page)
{
    char *pages = VirtualAlloc(NULL, 2 * 4096, MEM_RESERVE, PAGE_NOACCESS), buf[64];
    SIZE_T n = 0;

    ck_assert_ptr_nonnull(pages);
    ck_assert_ptr_nonnull(VirtualAlloc(pages, 4096, MEM_COMMIT, PAGE_READWRITE));
    memset(pages + 4096 - 16, 'x', 16);
    ck_assert(!Toolhelp32ReadProcessMemory(0, pages + 4096 - 16, buf, sizeof(buf), &n));
    ck_assert_uint_eq(GetLastError(), ERROR_PARTIAL_COPY);
    ck_assert_uint_eq(n, 16);
    ck_assert_int_eq(buf[15], 'x');
    ck_assert(Toolhelp32ReadProcessMemory(0, pages, buf, 0, &n));
    ck_assert_uint_eq(n, 0);
    ck_assert(VirtualFree(pages, 0, MEM_RELEASE));
}
END_TEST

static DWORD WINAPI alloc_once(void *heap)
{
    return HeapAlloc(heap, 0, 32) ? 0 : 1;
}

/* A thread terminated while it waits for another thread's HeapLock ends once it has
 * the heap and has left it: it never ends holding the heap's own lock. */
START_TEST(test_terminated_heap_lock_waiter_leaves_the_heap_usable)
{
    HANDLE heap = HeapCreate(0, 0, 0), t, other;
    DWORD code = 0;

    ck_assert(HeapLock(heap));
    t = CreateThread(NULL, 0, alloc_once, heap, 0, NULL);
    ck_assert_ptr_nonnull(t);
    ck_assert(TerminateThread(t, 77));
    ck_assert_ptr_nonnull(HeapAlloc(heap, 0, 8));   /* the owner goes on */
    ck_assert(HeapUnlock(heap));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(t, &code));
    ck_assert_uint_eq(code, 77);
    other = CreateThread(NULL, 0, alloc_once, heap, 0, NULL);
    ck_assert_uint_eq(WaitForSingleObject(other, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(other, &code));
    ck_assert_uint_eq(code, 0);
    ck_assert_int_ge(count_busy(heap), 2);
    CloseHandle(t);
    CloseHandle(other);
    ck_assert(HeapDestroy(heap));
}
END_TEST

static Suite *heap_suite(void)
{
    Suite *s = suite_create("heap");
    TCase *tc = tcase_create("heap");
    TCase *local = tcase_create("local");
    TCase *virt = tcase_create("virtual");

    tcase_add_test(tc, test_heap_summary_counts_the_blocks);
    tcase_add_test(tc, test_heap_alloc_zero_memory_is_zeroed);
    tcase_add_test(tc, test_heap_alloc_is_16_byte_aligned);
    tcase_add_test(tc, test_heap_alloc_zero_bytes_gives_distinct_blocks);
    tcase_add_test(tc, test_heap_size_reports_requested_size);
    tcase_add_test(tc, test_heap_realloc_grows_and_keeps_contents);
    tcase_add_test(tc, test_heap_realloc_zero_memory_zeroes_the_growth);
    tcase_add_test(tc, test_heap_realloc_in_place_only_fails_when_the_block_must_move);
    tcase_add_test(tc, test_heap_realloc_in_place_only_shrinks_in_place);
    tcase_add_test(tc, test_heap_free_null_returns_true);
    tcase_add_test(tc, test_heap_free_of_another_heaps_block_fails);
    tcase_add_test(tc, test_heap_free_of_a_non_block_fails);
    tcase_add_test(tc, test_heap_destroy_frees_every_block);
    tcase_add_test(tc, test_heap_destroy_of_the_process_heap_fails);
    tcase_add_test(tc, test_heap_null_handle_fails_with_invalid_handle);
    tcase_add_test(tc, test_fixed_size_heap_refuses_more_than_its_maximum);
    tcase_add_test(tc, test_heap_alloc_of_an_impossible_size_fails);
    tcase_add_test(tc, test_heap_is_safe_to_share_between_threads);
    tcase_add_test(tc, test_heap_walk_under_heap_lock_sees_a_still_heap);
    tcase_add_test(tc, test_heap_walk_goes_on_after_freeing_the_current_block);
    tcase_add_test(tc, test_heap_walk_lists_blocks_in_allocation_order);
    tcase_add_test(tc, test_heap_walk_rejects_bad_entries_and_heaps);
    tcase_add_test(tc, test_local_alloc_waits_for_heap_lock_of_the_process_heap);
    tcase_add_test(tc, test_forked_child_is_not_held_by_another_threads_heap_lock);
    tcase_add_test(tc, test_heap32_refuses_heaps_that_are_gone_or_made_up);
    tcase_add_test(tc, test_heap_lists_of_other_processes_are_refused);
    tcase_add_test(tc, test_heap32_walks_a_heap_other_threads_change);
    tcase_add_test(tc, test_toolhelp_read_stops_at_an_unreadable_page);
    tcase_add_test(tc, test_terminated_heap_lock_waiter_leaves_the_heap_usable);
    suite_add_tcase(s, tc);

    tcase_add_test(local, test_global_lock_counts_are_thread_safe);
    tcase_add_test(local, test_local_alloc_lptr_gives_zeroed_pointer);
    tcase_add_test(local, test_global_moveable_lock_gives_the_memory);
    tcase_add_test(local, test_global_unlock_reports_no_error_when_the_count_reaches_zero);
    tcase_add_test(local, test_global_unlock_of_fixed_memory_returns_true);
    tcase_add_test(local, test_local_unlock_of_fixed_memory_fails_not_locked);
    tcase_add_test(local, test_freed_moveable_handle_is_invalid_not_a_use_after_free);
    tcase_add_test(local, test_moveable_block_of_zero_bytes_is_discarded);
    tcase_add_test(local, test_local_realloc_of_fixed_memory_does_not_move_without_moveable);
    tcase_add_test(local, test_local_realloc_of_moveable_memory_keeps_the_handle);
    tcase_add_test(local, test_local_free_of_an_invalid_handle_returns_it);
    tcase_add_test(local, test_invalid_and_freed_handles_fail_cleanly_everywhere);
    tcase_add_test(local, test_moveable_handles_stop_at_65536);
    suite_add_tcase(s, local);

    tcase_add_test(virt, test_virtual_reserve_is_aligned_to_64k);
    tcase_add_test(virt, test_virtual_commit_gives_zeroed_writable_pages);
    tcase_add_test(virt, test_virtual_commit_inside_a_reservation_commits_the_touched_pages);
    tcase_add_test(virt, test_virtual_decommitted_pages_read_zero_when_committed_again);
    tcase_add_test(virt, test_virtual_alloc_rejects_bad_arguments);
    tcase_add_test(virt, test_virtual_guard_pages_are_not_supported);
    tcase_add_test(virt, test_virtual_commit_outside_any_reservation_fails);
    tcase_add_test(virt, test_virtual_reserve_over_a_reservation_fails);
    tcase_add_test(virt, test_virtual_release_needs_size_zero_and_the_base);
    tcase_add_test(virt, test_virtual_protect_returns_the_old_protection);
    tcase_add_test(virt, test_virtual_protect_readonly_page_faults_on_write);
    tcase_add_test(virt, test_virtual_protect_fails_on_reserved_pages_and_null_old);
    tcase_add_test(virt, test_virtual_query_reports_released_memory_as_free);
    tcase_add_test(virt, test_virtual_query_sees_the_stack_as_committed_read_write);
    tcase_add_test(virt, test_virtual_memory_is_safe_to_use_from_threads);
    suite_add_tcase(s, virt);
    return s;
}

W32_TEST_MAIN(heap_suite)
