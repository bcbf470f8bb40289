/* Tick counts, the performance counter, the current process, Interlocked*, stubs. */
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"

/* ---- tick counts and the performance counter ---- */

START_TEST(test_tick_counts_are_monotonic)
{
    ULONGLONG last64 = GetTickCount64();
    DWORD last = GetTickCount();

    for (int i = 0; i < 10000; i++) {
        ULONGLONG now64 = GetTickCount64();
        DWORD now = GetTickCount();

        ck_assert_uint_ge(now64, last64);
        ck_assert_uint_lt((DWORD)(now - last), 0x80000000u);
        last64 = now64;
        last = now;
    }
}
END_TEST

START_TEST(test_tick_count_is_low_part_of_tick_count64)
{
    for (int i = 0; i < 1000; i++) {
        ULONGLONG before = GetTickCount64();
        DWORD now = GetTickCount();
        ULONGLONG after = GetTickCount64();

        ck_assert_uint_le((DWORD)(now - (DWORD)before), (DWORD)(after - before));
    }
}
END_TEST

START_TEST(test_tick_count_advances_across_sleep)
{
    ULONGLONG before64 = GetTickCount64();
    DWORD before = GetTickCount();

    /* Milliseconds: at least a coarse Windows tick (~16 ms) passes. How much
     * more depends on the scheduler, which a test cannot bound. */
    Sleep(20);
    ULONGLONG elapsed64 = GetTickCount64() - before64;
    DWORD elapsed = GetTickCount() - before;
    ck_assert_uint_ge(elapsed64, 15);
    ck_assert_uint_ge(elapsed, 15);
}
END_TEST

START_TEST(test_performance_frequency_is_10_mhz)
{
    LARGE_INTEGER f = { .QuadPart = 0 };

    SetLastError(0xfacefeed);
    ck_assert(QueryPerformanceFrequency(&f));
    ck_assert_int_eq(f.QuadPart, 10000000);
    ck_assert_uint_eq(GetLastError(), 0xfacefeed);
}
END_TEST

START_TEST(test_performance_counter_is_monotonic)
{
    LARGE_INTEGER last, now;

    ck_assert(QueryPerformanceCounter(&last));
    ck_assert_int_gt(last.QuadPart, 0);
    for (int i = 0; i < 10000; i++) {
        ck_assert(QueryPerformanceCounter(&now));
        ck_assert_int_ge(now.QuadPart, last.QuadPart);
        last = now;
    }
}
END_TEST

/* Ticks are read outside the counter readings, so they span at least as long. */
START_TEST(test_performance_counter_agrees_with_tick_count)
{
    LARGE_INTEGER q0, q1;
    ULONGLONG t0 = GetTickCount64(), t1;

    ck_assert(QueryPerformanceCounter(&q0));
    Sleep(30);
    ck_assert(QueryPerformanceCounter(&q1));
    t1 = GetTickCount64();
    ck_assert_int_ge(q1.QuadPart - q0.QuadPart, 30 * 10000);
    ck_assert_int_le(q1.QuadPart - q0.QuadPart, (LONGLONG)(t1 - t0 + 1) * 10000);
}
END_TEST

START_TEST(test_performance_null_pointers_fail_with_noaccess)
{
    SetLastError(0);
    ck_assert(!QueryPerformanceCounter(NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    ck_assert(!QueryPerformanceFrequency(NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
}
END_TEST

/* ---- the current process ---- */

START_TEST(test_current_process_id_is_pid)
{
    ck_assert_uint_eq(GetCurrentProcessId(), (DWORD)getpid());
    ck_assert_uint_eq(GetProcessId(GetCurrentProcess()), (DWORD)getpid());
}
END_TEST

START_TEST(test_process_id_of_non_process_handle_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE bad[] = { ev, NULL, (HANDLE)(ULONG_PTR)0xdeadbee0, GetCurrentThread() };

    ck_assert_ptr_nonnull(ev);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        SetLastError(0);
        ck_assert_uint_eq(GetProcessId(bad[i]), 0);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    }
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_exit_code_of_current_process_is_still_active)
{
    DWORD code = 0;

    SetLastError(0xfacefeed);
    ck_assert(GetExitCodeProcess(GetCurrentProcess(), &code));
    ck_assert_uint_eq(code, STILL_ACTIVE);
    ck_assert_uint_eq(GetLastError(), 0xfacefeed);
}
END_TEST

START_TEST(test_exit_code_process_null_pointer_fails_with_noaccess)
{
    SetLastError(0);
    ck_assert(!GetExitCodeProcess(GetCurrentProcess(), NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
}
END_TEST

START_TEST(test_exit_code_of_event_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD code = 0x77;

    ck_assert_ptr_nonnull(ev);
    SetLastError(0);
    ck_assert(!GetExitCodeProcess(ev, &code));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(code, 0x77);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_own_process_gives_handle_to_it)
{
    LEAK_CHECK_BEGIN();
    HANDLE p = OpenProcess(PROCESS_ALL_ACCESS, FALSE, GetCurrentProcessId());
    DWORD code = 0, flags = 0xff;

    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_ne(p, GetCurrentProcess());
    ck_assert_uint_eq(handle_count(), leak_handles_ + 1);
    ck_assert_uint_eq(GetProcessId(p), GetCurrentProcessId());
    ck_assert(CompareObjectHandles(p, GetCurrentProcess()));
    ck_assert(GetExitCodeProcess(p, &code));
    ck_assert_uint_eq(code, STILL_ACTIVE);
    ck_assert_uint_eq(WaitForSingleObject(p, 0), WAIT_TIMEOUT);
    ck_assert(GetHandleInformation(p, &flags));
    ck_assert_uint_eq(flags, 0);
    ck_assert(CloseHandle(p));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_own_process_inheritable_sets_inherit_flag)
{
    LEAK_CHECK_BEGIN();
    HANDLE p = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, TRUE, GetCurrentProcessId());
    DWORD flags = 0;

    ck_assert_ptr_nonnull(p);
    ck_assert(GetHandleInformation(p, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT);
    ck_assert(CloseHandle(p));
    LEAK_CHECK_END();
}
END_TEST

/* MS docs (Process Security and Access Rights): a handle with PROCESS_QUERY_INFORMATION
 * is automatically granted PROCESS_QUERY_LIMITED_INFORMATION. */
START_TEST(test_query_information_access_implies_limited_query)
{
    LEAK_CHECK_BEGIN();
    HANDLE p = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());
    DWORD code = 0;

    ck_assert_ptr_nonnull(p);
    SetLastError(0);
    ck_assert_uint_eq(GetProcessId(p), GetCurrentProcessId());
    ck_assert_uint_eq(GetLastError(), 0);
    ck_assert(GetExitCodeProcess(p, &code));
    ck_assert_uint_eq(code, STILL_ACTIVE);
    ck_assert(CloseHandle(p));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_process_handle_without_query_access_is_denied)
{
    LEAK_CHECK_BEGIN();
    HANDLE p = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    DWORD code = 0x77;

    ck_assert_ptr_nonnull(p);
    SetLastError(0);
    ck_assert_uint_eq(GetProcessId(p), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    SetLastError(0);
    ck_assert(!GetExitCodeProcess(p, &code));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(code, 0x77);
    ck_assert_uint_eq(WaitForSingleObject(p, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(p));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_process_zero_pid_fails_with_invalid_parameter)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0);
    ck_assert_ptr_null(OpenProcess(PROCESS_ALL_ACCESS, FALSE, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    LEAK_CHECK_END();
}
END_TEST

/* ---- Interlocked* ---- */

START_TEST(test_interlocked_32_bit_return_values)
{
    LONG volatile v = 5;

    ck_assert_int_eq(InterlockedIncrement(&v), 6);
    ck_assert_int_eq(v, 6);
    ck_assert_int_eq(InterlockedDecrement(&v), 5);
    ck_assert_int_eq(v, 5);
    ck_assert_int_eq(InterlockedExchange(&v, 42), 5);
    ck_assert_int_eq(v, 42);
    ck_assert_int_eq(InterlockedExchangeAdd(&v, 8), 42);
    ck_assert_int_eq(v, 50);
    ck_assert_int_eq(InterlockedExchangeAdd(&v, -60), 50);
    ck_assert_int_eq(v, -10);
    ck_assert_int_eq(InterlockedAdd(&v, 15), 5);
    ck_assert_int_eq(v, 5);
    v = 0x0f0f;
    ck_assert_int_eq(InterlockedAnd(&v, 0x00ff), 0x0f0f);
    ck_assert_int_eq(v, 0x000f);
    ck_assert_int_eq(InterlockedOr(&v, 0x0f00), 0x000f);
    ck_assert_int_eq(v, 0x0f0f);
    ck_assert_int_eq(InterlockedXor(&v, 0x0ff0), 0x0f0f);
    ck_assert_int_eq(v, 0x00ff);
}
END_TEST

START_TEST(test_interlocked_32_bit_wraps_like_two_complement)
{
    LONG volatile v = MAXLONG;

    ck_assert_int_eq(InterlockedIncrement(&v), (LONG)MINLONG);
    ck_assert_int_eq(InterlockedDecrement(&v), MAXLONG);
    v = 0;
    ck_assert_int_eq(InterlockedDecrement(&v), -1);
}
END_TEST

START_TEST(test_interlocked_compare_exchange_returns_initial_value)
{
    LONG volatile v = 10;

    ck_assert_int_eq(InterlockedCompareExchange(&v, 20, 10), 10);     /* match: swapped */
    ck_assert_int_eq(v, 20);
    ck_assert_int_eq(InterlockedCompareExchange(&v, 30, 10), 20);     /* no match: kept */
    ck_assert_int_eq(v, 20);
}
END_TEST

START_TEST(test_interlocked_64_bit_return_values)
{
    const LONG64 big = (LONG64)1 << 40;
    LONG64 volatile v = big;

    ck_assert_int_eq(InterlockedIncrement64(&v), big + 1);
    ck_assert_int_eq(v, big + 1);
    ck_assert_int_eq(InterlockedDecrement64(&v), big);
    ck_assert_int_eq(InterlockedExchange64(&v, 3 * big), big);
    ck_assert_int_eq(v, 3 * big);
    ck_assert_int_eq(InterlockedExchangeAdd64(&v, big), 3 * big);
    ck_assert_int_eq(v, 4 * big);
    ck_assert_int_eq(InterlockedAdd64(&v, -big), 3 * big);
    ck_assert_int_eq(v, 3 * big);
    v = 0x0f0f00000000LL;
    ck_assert_int_eq(InterlockedAnd64(&v, 0x00ff00000000LL), 0x0f0f00000000LL);
    ck_assert_int_eq(v, 0x000f00000000LL);
    ck_assert_int_eq(InterlockedOr64(&v, 0x0f0000000000LL), 0x000f00000000LL);
    ck_assert_int_eq(v, 0x0f0f00000000LL);
    ck_assert_int_eq(InterlockedXor64(&v, 0x0ff000000000LL), 0x0f0f00000000LL);
    ck_assert_int_eq(v, 0x00ff00000000LL);
}
END_TEST

START_TEST(test_interlocked_compare_exchange64_returns_initial_value)
{
    const LONG64 big = (LONG64)1 << 40;
    LONG64 volatile v = big;

    ck_assert_int_eq(InterlockedCompareExchange64(&v, 2 * big, big), big);
    ck_assert_int_eq(v, 2 * big);
    ck_assert_int_eq(InterlockedCompareExchange64(&v, 3 * big, big), 2 * big);
    ck_assert_int_eq(v, 2 * big);
}
END_TEST

START_TEST(test_interlocked_pointer_forms)
{
    int a, b, c;
    PVOID volatile p = &a;

    ck_assert_ptr_eq(InterlockedExchangePointer(&p, &b), &a);
    ck_assert_ptr_eq(p, &b);
    ck_assert_ptr_eq(InterlockedCompareExchangePointer(&p, &c, &b), &b);
    ck_assert_ptr_eq(p, &c);
    ck_assert_ptr_eq(InterlockedCompareExchangePointer(&p, &a, &b), &c);
    ck_assert_ptr_eq(p, &c);
    ck_assert_ptr_eq(InterlockedExchangePointer(&p, NULL), &c);
    ck_assert_ptr_null(p);
}
END_TEST

#define HAMMER_THREADS 4
#define HAMMER_ROUNDS 100000

struct hammer {
    LONG volatile counter;
    LONG64 volatile counter64;
    LONG volatile cas_counter;
};

static DWORD WINAPI hammer_main(LPVOID arg)
{
    struct hammer *h = arg;

    for (int i = 0; i < HAMMER_ROUNDS; i++) {
        LONG seen;

        InterlockedIncrement(&h->counter);
        InterlockedExchangeAdd64(&h->counter64, 3);
        do
            seen = InterlockedCompareExchange(&h->cas_counter, 0, 0);
        while (InterlockedCompareExchange(&h->cas_counter, seen + 1, seen) != seen);
    }
    return 0;
}

START_TEST(test_interlocked_increment_from_many_threads_gives_exact_total)
{
    LEAK_CHECK_BEGIN();
    struct hammer h = { 0, 0, 0 };
    HANDLE t[HAMMER_THREADS];

    for (int i = 0; i < HAMMER_THREADS; i++) {
        t[i] = CreateThread(NULL, 0, hammer_main, &h, 0, NULL);
        ck_assert_ptr_nonnull(t[i]);
    }
    ck_assert_uint_eq(WaitForMultipleObjects(HAMMER_THREADS, t, TRUE, 20000), WAIT_OBJECT_0);
    ck_assert_int_eq(h.counter, HAMMER_THREADS * HAMMER_ROUNDS);
    ck_assert_int_eq(h.counter64, 3LL * HAMMER_THREADS * HAMMER_ROUNDS);
    ck_assert_int_eq(h.cas_counter, HAMMER_THREADS * HAMMER_ROUNDS);
    for (int i = 0; i < HAMMER_THREADS; i++)
        ck_assert(CloseHandle(t[i]));
    LEAK_CHECK_END();
}
END_TEST

/* One version, configure.ac's: the headers, the library and configure agree. */
START_TEST(test_version_is_configures)
{
    char major[16];

    ck_assert_str_eq(W32SHIM_VERSION, PACKAGE_VERSION);
    ck_assert_str_eq(w32shim_version(), W32SHIM_VERSION);
    snprintf(major, sizeof(major), "%d.", W32SHIM_VERSION_MAJOR);
    ck_assert_int_eq(strncmp(PACKAGE_VERSION, major, strlen(major)), 0);
}
END_TEST

/* Without a debugger a breakpoint ends the process, by SIGTRAP. */
START_TEST(test_debug_break_ends_a_process_without_a_debugger)
{
    int status;
    pid_t child = fork();

    ck_assert_int_ge(child, 0);
    if (child == 0) {
        struct rlimit no_core = { 0, 0 };
        setrlimit(RLIMIT_CORE, &no_core);
        signal(SIGTRAP, SIG_DFL);
        DebugBreak();
        _exit(0);
    }
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFSIGNALED(status));
    ck_assert_int_eq(WTERMSIG(status), SIGTRAP);
}
END_TEST

static Suite *misc_suite(void)
{
    Suite *s = suite_create("misc");
    TCase *tc;

    tc = tcase_create("time");
    tcase_add_test(tc, test_tick_counts_are_monotonic);
    tcase_add_test(tc, test_tick_count_is_low_part_of_tick_count64);
    tcase_add_test(tc, test_tick_count_advances_across_sleep);
    tcase_add_test(tc, test_performance_frequency_is_10_mhz);
    tcase_add_test(tc, test_performance_counter_is_monotonic);
    tcase_add_test(tc, test_performance_counter_agrees_with_tick_count);
    tcase_add_test(tc, test_performance_null_pointers_fail_with_noaccess);
    suite_add_tcase(s, tc);

    tc = tcase_create("process");
    tcase_add_test(tc, test_current_process_id_is_pid);
    tcase_add_test(tc, test_debug_break_ends_a_process_without_a_debugger);
    tcase_add_test(tc, test_process_id_of_non_process_handle_fails_with_invalid_handle);
    tcase_add_test(tc, test_exit_code_of_current_process_is_still_active);
    tcase_add_test(tc, test_exit_code_process_null_pointer_fails_with_noaccess);
    tcase_add_test(tc, test_exit_code_of_event_fails_with_invalid_handle);
    tcase_add_test(tc, test_open_own_process_gives_handle_to_it);
    tcase_add_test(tc, test_open_own_process_inheritable_sets_inherit_flag);
    tcase_add_test(tc, test_query_information_access_implies_limited_query);
    tcase_add_test(tc, test_process_handle_without_query_access_is_denied);
    tcase_add_test(tc, test_open_process_zero_pid_fails_with_invalid_parameter);
    suite_add_tcase(s, tc);

    tc = tcase_create("interlocked");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_interlocked_32_bit_return_values);
    tcase_add_test(tc, test_interlocked_32_bit_wraps_like_two_complement);
    tcase_add_test(tc, test_interlocked_compare_exchange_returns_initial_value);
    tcase_add_test(tc, test_interlocked_64_bit_return_values);
    tcase_add_test(tc, test_interlocked_compare_exchange64_returns_initial_value);
    tcase_add_test(tc, test_interlocked_pointer_forms);
    tcase_add_test(tc, test_interlocked_increment_from_many_threads_gives_exact_total);
    suite_add_tcase(s, tc);

    tc = tcase_create("version");
    tcase_add_test(tc, test_version_is_configures);
    suite_add_tcase(s, tc);

    return s;
}

W32_TEST_MAIN(misc_suite)
