/* Waitable timers: arming, firing, periods, cancelling, completion routines. */
#include <stdbool.h>
#include <stdint.h>
#include "testutil.h"

#define MANY_TIMERS 1000
#define HAMMER_THREADS 4
#define HAMMER_ROUNDS 300

static LARGE_INTEGER relative_ms(LONGLONG ms)
{
    LARGE_INTEGER due;
    due.QuadPart = -ms * 10000;
    return due;
}

/* An absolute due time (a FILETIME) ms from now; negative ms is in the past. */
static LARGE_INTEGER absolute_ms(LONGLONG ms)
{
    FILETIME now;
    LARGE_INTEGER due;

    GetSystemTimeAsFileTime(&now);
    due.LowPart = now.dwLowDateTime;
    due.HighPart = (LONG)now.dwHighDateTime;
    due.QuadPart += ms * 10000;
    return due;
}

static bool signalled(HANDLE h)
{
    return WaitForSingleObject(h, 0) == WAIT_OBJECT_0;
}

START_TEST(test_manual_timer_fires_and_stays_signalled)
{
    LEAK_CHECK_BEGIN();
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER due = relative_ms(5);

    ck_assert_ptr_nonnull(t);
    ck_assert(!signalled(t));
    ck_assert(SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(signalled(t));
    ck_assert(signalled(t));
    ck_assert(CloseHandle(t));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_auto_timer_releases_one_wait_per_firing)
{
    LEAK_CHECK_BEGIN();
    HANDLE t = CreateWaitableTimerExW(NULL, NULL, 0, TIMER_ALL_ACCESS);
    LARGE_INTEGER due = relative_ms(5);

    ck_assert_ptr_nonnull(t);
    ck_assert(SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(!signalled(t));
    ck_assert(CloseHandle(t));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_periodic_timer_keeps_firing_until_cancelled)
{
    LEAK_CHECK_BEGIN();
    HANDLE t = CreateWaitableTimerA(NULL, FALSE, NULL);
    LARGE_INTEGER due = relative_ms(2);

    ck_assert(SetWaitableTimer(t, &due, 3, NULL, NULL, FALSE));
    for (int i = 0; i < 5; i++)
        ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CancelWaitableTimer(t));
    /* A firing that raced the cancel may have left it set once; none follows. */
    WaitForSingleObject(t, 0);
    ck_assert_uint_eq(WaitForSingleObject(t, 30), WAIT_TIMEOUT);
    ck_assert(CloseHandle(t));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_rearming_resets_and_cancel_keeps_the_state)
{
    LEAK_CHECK_BEGIN();
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER soon = relative_ms(1), later = relative_ms(10000);

    ck_assert(SetWaitableTimer(t, &soon, 0, NULL, NULL, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CancelWaitableTimer(t));
    ck_assert(signalled(t));
    ck_assert(SetWaitableTimer(t, &later, 0, NULL, NULL, FALSE));
    ck_assert(!signalled(t));
    ck_assert(CancelWaitableTimer(t));
    ck_assert_uint_eq(WaitForSingleObject(t, 20), WAIT_TIMEOUT);
    ck_assert(CloseHandle(t));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_absolute_due_times_follow_the_wall_clock)
{
    LEAK_CHECK_BEGIN();
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER past = absolute_ms(-1000), future, far = absolute_ms(600000);
    ULONGLONG start;

    ck_assert(SetWaitableTimer(t, &past, 0, NULL, NULL, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(SetWaitableTimer(t, &far, 0, NULL, NULL, FALSE));
    ck_assert(!signalled(t));
    /* Ticks read before the due time is computed: a lower bound however
     * late this thread runs (the two clocks may differ by a tick). */
    start = GetTickCount64();
    future = absolute_ms(20);
    ck_assert(SetWaitableTimer(t, &future, 0, NULL, NULL, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_ge(GetTickCount64() - start, 15);
    ck_assert(CloseHandle(t));
    LEAK_CHECK_END();
}
END_TEST

static LONG volatile routine_runs;
static LPVOID volatile routine_arg;

static void CALLBACK routine(LPVOID arg, DWORD low, DWORD high)
{
    routine_arg = arg;
    InterlockedIncrement(&routine_runs);
}

START_TEST(test_completion_routine_runs_in_the_setting_threads_alertable_wait)
{
    LEAK_CHECK_BEGIN();
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER due = relative_ms(2);

    routine_runs = 0;
    ck_assert(SetWaitableTimer(t, &due, 0, routine, (LPVOID)0x77, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_int_eq(routine_runs, 0);
    ck_assert_uint_eq(SleepEx(LONG_WAIT, TRUE), WAIT_IO_COMPLETION);
    ck_assert_int_eq(routine_runs, 1);
    ck_assert_ptr_eq(routine_arg, (LPVOID)0x77);
    ck_assert(CloseHandle(t));
    LEAK_CHECK_END();
}
END_TEST

/* A routine queued but not run yet goes with CancelWaitableTimer, and with the handle. */
START_TEST(test_cancel_and_close_drop_queued_routines)
{
    LEAK_CHECK_BEGIN();
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER due = relative_ms(1);

    routine_runs = 0;
    ck_assert(SetWaitableTimer(t, &due, 0, routine, NULL, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CancelWaitableTimer(t));
    ck_assert_uint_eq(SleepEx(0, TRUE), 0);

    ck_assert(SetWaitableTimer(t, &due, 0, routine, NULL, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CloseHandle(t));
    ck_assert_uint_eq(SleepEx(0, TRUE), 0);
    ck_assert_int_eq(routine_runs, 0);
    LEAK_CHECK_END();
}
END_TEST

/*
 * A periodic timer due in 1601 with a 1 ms period is late by billions of
 * periods: it fires once, queues one routine, and keeps its schedule from
 * now on. Replaying every missed period would hold the timers lock for
 * hours and hang every other timer operation, this CloseHandle included.
 */
START_TEST(test_periodic_timer_due_in_the_past_fires_once_without_replaying)
{
    LEAK_CHECK_BEGIN();
    HANDLE t = CreateWaitableTimerA(NULL, FALSE, NULL);
    HANDLE other = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER long_ago = { .QuadPart = 0 }, soon = relative_ms(1);

    routine_runs = 0;
    ck_assert(SetWaitableTimer(t, &long_ago, 1, routine, NULL, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(SetWaitableTimer(other, &soon, 0, NULL, NULL, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(other, LONG_WAIT), WAIT_OBJECT_0);
    /* Routines: one per period since it was set, not one per period since 1601. */
    ck_assert_uint_eq(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    ck_assert_int_ge(routine_runs, 1);
    ck_assert_int_lt(routine_runs, 1000000);
    ck_assert(CancelWaitableTimer(t));
    ck_assert(CloseHandle(t));
    ck_assert(CloseHandle(other));
    LEAK_CHECK_END();
}
END_TEST

/*
 * A due time past the clock's range never comes: 2^63 100 ns intervals from
 * now, or an absolute time in year 30828, must not wrap to a time already
 * past and fire at once. Windows (and Wine) let such a timer wait.
 */
START_TEST(test_due_time_past_the_clocks_range_never_comes)
{
    LEAK_CHECK_BEGIN();
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, NULL);
    const LONGLONG far[] = { INT64_MIN, -INT64_MAX, INT64_MIN / 100 * 99, INT64_MAX,
                             INT64_MAX / 100 * 99 };

    for (size_t i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
        LARGE_INTEGER due = { .QuadPart = far[i] };

        ck_assert(SetWaitableTimer(t, &due, i % 2 ? 1 : 0, NULL, NULL, FALSE));
        if (WaitForSingleObject(t, 20) != WAIT_TIMEOUT)
            ck_abort_msg("due time %lld fired", (long long)far[i]);
    }
    ck_assert(CancelWaitableTimer(t));
    ck_assert(CloseHandle(t));
    LEAK_CHECK_END();
}
END_TEST

/*
 * The first Set starts the timer thread. When it cannot (here no address
 * space is left for the thread's stack), that Set fails with
 * ERROR_NOT_ENOUGH_MEMORY, and the next one tries again: it used to be a
 * one-time initialisation, and every later Set of the program failed. Needs a
 * process whose timer thread has not started, as Check's forked tests are;
 * sanitizers reserve terabytes of address space, so their builds skip it.
 */
START_TEST(test_failing_to_start_the_timer_thread_is_not_for_ever)
{
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER due = relative_ms(1);
    struct rlimit saved;
    BOOL set;

    if (!starve_address_space(&saved))
        return;
    SetLastError(0xdead);
    set = SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
    feed_address_space(&saved);
    ck_assert(!set);
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    ck_assert(SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CloseHandle(t));
}
END_TEST

/* Closing armed timers is safe: the timer thread forgets them. */
START_TEST(test_many_timers_fire_and_armed_ones_can_be_closed)
{
    LEAK_CHECK_BEGIN();
    static HANDLE timers[MANY_TIMERS];
    LARGE_INTEGER soon = relative_ms(5), never = relative_ms(3600 * 1000);

    for (int i = 0; i < MANY_TIMERS; i++) {
        timers[i] = CreateWaitableTimerA(NULL, TRUE, NULL);
        ck_assert_ptr_nonnull(timers[i]);
        ck_assert(SetWaitableTimer(timers[i], i % 2 ? &never : &soon, 0, NULL, NULL, FALSE));
    }
    for (int i = 0; i < MANY_TIMERS; i += 2)
        ck_assert_uint_eq(WaitForSingleObject(timers[i], LONG_WAIT), WAIT_OBJECT_0);
    for (int i = 1; i < MANY_TIMERS; i += 2)
        ck_assert(!signalled(timers[i]));
    close_all(timers, MANY_TIMERS);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_timer_bad_arguments)
{
    LEAK_CHECK_BEGIN();
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, NULL);
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE sync_only;
    LARGE_INTEGER due = relative_ms(1);

    SetLastError(0);
    ck_assert(!SetWaitableTimer(t, NULL, 0, NULL, NULL, FALSE));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    ck_assert(!SetWaitableTimer(t, &due, -1, NULL, NULL, FALSE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    ck_assert(!SetWaitableTimer(ev, &due, 0, NULL, NULL, FALSE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    ck_assert(!CancelWaitableTimer(NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    ck_assert_ptr_null(CreateWaitableTimerExA(NULL, NULL, 0x4, TIMER_ALL_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(DuplicateHandle(GetCurrentProcess(), t, GetCurrentProcess(), &sync_only,
                              SYNCHRONIZE, FALSE, 0));
    SetLastError(0);
    ck_assert(!SetWaitableTimer(sync_only, &due, 0, NULL, NULL, FALSE));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    SetLastError(0);
    ck_assert(SetWaitableTimer(t, &due, 0, NULL, NULL, TRUE));
    ck_assert_uint_eq(GetLastError(), ERROR_TIMER_RESUME_IGNORED);
    ck_assert_uint_eq(WaitForSingleObject(sync_only, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CloseHandle(sync_only));
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(t));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_named_timer_is_shared_and_goes_with_its_last_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE t = CreateWaitableTimerW(NULL, TRUE, u"check_timer_named");
    HANDLE again, opened;
    LARGE_INTEGER due = relative_ms(1);

    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    again = CreateWaitableTimerA(NULL, FALSE, "check_timer_named");
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert(CompareObjectHandles(t, again));
    opened = OpenWaitableTimerA(TIMER_MODIFY_STATE | SYNCHRONIZE, FALSE, "check_timer_named");
    ck_assert(SetWaitableTimer(opened, &due, 0, NULL, NULL, FALSE));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CloseHandle(t) && CloseHandle(again) && CloseHandle(opened));
    SetLastError(0);
    ck_assert_ptr_null(OpenWaitableTimerW(SYNCHRONIZE, FALSE, u"check_timer_named"));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI churn(LPVOID arg)
{
    HANDLE shared = arg;
    LARGE_INTEGER due = relative_ms(1);

    for (int i = 0; i < HAMMER_ROUNDS; i++) {
        HANDLE own = CreateWaitableTimerA(NULL, i % 2, NULL);
        if (!own || !SetWaitableTimer(own, &due, i % 3, NULL, NULL, FALSE) ||
            !SetWaitableTimer(shared, &due, 0, NULL, NULL, FALSE))
            return 1;
        if (i % 4 == 0 && WaitForSingleObject(own, LONG_WAIT) != WAIT_OBJECT_0)
            return 2;
        if (!CancelWaitableTimer(shared) || !CloseHandle(own))
            return 3;
    }
    return 0;
}

START_TEST(test_threads_racing_set_cancel_close)
{
    LEAK_CHECK_BEGIN();
    HANDLE shared = CreateWaitableTimerA(NULL, FALSE, NULL);
    HANDLE threads[HAMMER_THREADS];

    for (int i = 0; i < HAMMER_THREADS; i++)
        threads[i] = CreateThread(NULL, 0, churn, shared, 0, NULL);
    for (int i = 0; i < HAMMER_THREADS; i++) {
        ck_assert_uint_eq(exit_code(threads[i]), 0);
        ck_assert(CloseHandle(threads[i]));
    }
    ck_assert(CloseHandle(shared));
    LEAK_CHECK_END();
}
END_TEST

static Suite *timer_suite(void)
{
    Suite *s = suite_create("timer");
    TCase *tc = tcase_create("timer");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_manual_timer_fires_and_stays_signalled);
    tcase_add_test(tc, test_auto_timer_releases_one_wait_per_firing);
    tcase_add_test(tc, test_periodic_timer_keeps_firing_until_cancelled);
    tcase_add_test(tc, test_rearming_resets_and_cancel_keeps_the_state);
    tcase_add_test(tc, test_absolute_due_times_follow_the_wall_clock);
    tcase_add_test(tc, test_completion_routine_runs_in_the_setting_threads_alertable_wait);
    tcase_add_test(tc, test_cancel_and_close_drop_queued_routines);
    tcase_add_test(tc, test_many_timers_fire_and_armed_ones_can_be_closed);
    tcase_add_test(tc, test_periodic_timer_due_in_the_past_fires_once_without_replaying);
    tcase_add_test(tc, test_due_time_past_the_clocks_range_never_comes);
    tcase_add_test(tc, test_failing_to_start_the_timer_thread_is_not_for_ever);
    tcase_add_test(tc, test_timer_bad_arguments);
    tcase_add_test(tc, test_named_timer_is_shared_and_goes_with_its_last_handle);
    tcase_add_test(tc, test_threads_racing_set_cancel_close);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(timer_suite)
