/* Events: auto and manual reset, Set/Reset/Pulse, CreateEventEx flags, bad handles. */
#include "waitutil.h"

#define NWAITERS 3

static DWORD WINAPI wait_forever(LPVOID event)
{
    return WaitForSingleObject(event, INFINITE);
}

static void start_waiters(HANDLE event, HANDLE *threads, DWORD n)
{
    for (DWORD i = 0; i < n; i++) {
        threads[i] = CreateThread(NULL, 0, wait_forever, event, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    await_waiters(event, n);
}

/* SetEvent, ResetEvent and PulseEvent all refuse h with the given error. */
static void assert_event_calls_fail(HANDLE h, DWORD error)
{
    SetLastError(0);
    ck_assert(!SetEvent(h));
    ck_assert_uint_eq(GetLastError(), error);
    SetLastError(0);
    ck_assert(!ResetEvent(h));
    ck_assert_uint_eq(GetLastError(), error);
    SetLastError(0);
    ck_assert(!PulseEvent(h));
    ck_assert_uint_eq(GetLastError(), error);
}

START_TEST(test_auto_event_resets_after_one_wait)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, TRUE, NULL);

    ck_assert_ptr_nonnull(ev);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_auto_event_set_wakes_one_waiter_per_set)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE threads[NWAITERS];

    start_waiters(ev, threads, NWAITERS);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(waiters_on(ev), NWAITERS - 1);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(waiters_on(ev), NWAITERS - 2);
    ck_assert(SetEvent(ev));
    for (DWORD i = 0; i < NWAITERS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    close_all(threads, NWAITERS);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_manual_event_stays_set_for_every_waiter_until_reset)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE threads[NWAITERS];

    start_waiters(ev, threads, NWAITERS);
    ck_assert(SetEvent(ev));
    for (DWORD i = 0; i < NWAITERS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert(ResetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    close_all(threads, NWAITERS);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_event_initial_state_is_honoured)
{
    LEAK_CHECK_BEGIN();
    HANDLE auto_unset = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE manual_unset = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE manual_set = CreateEventA(NULL, TRUE, TRUE, NULL);

    ck_assert_uint_eq(WaitForSingleObject(auto_unset, 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForSingleObject(manual_unset, 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForSingleObject(manual_set, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(auto_unset));
    ck_assert(CloseHandle(manual_unset));
    ck_assert(CloseHandle(manual_set));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_set_event_on_set_event_does_not_count)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, TRUE, NULL);

    SetLastError(0xdeadbeef);
    ck_assert(SetEvent(ev));
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_reset_event_on_unset_event_succeeds)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);

    ck_assert(ResetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_pulse_manual_event_wakes_all_waiters_and_resets)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE threads[NWAITERS];

    start_waiters(ev, threads, NWAITERS);
    ck_assert(PulseEvent(ev));
    ck_assert_uint_eq(waiters_on(ev), 0);
    for (DWORD i = 0; i < NWAITERS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForSingleObject(ev, 10), WAIT_TIMEOUT);
    close_all(threads, NWAITERS);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_pulse_auto_event_wakes_exactly_one_waiter)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE threads[NWAITERS];
    DWORD first;

    start_waiters(ev, threads, NWAITERS);
    ck_assert(PulseEvent(ev));
    ck_assert_uint_eq(waiters_on(ev), NWAITERS - 1);
    first = WaitForMultipleObjects(NWAITERS, threads, FALSE, LONG_WAIT);
    ck_assert_uint_lt(first, WAIT_OBJECT_0 + NWAITERS);
    ck_assert_uint_eq(WaitForMultipleObjects(NWAITERS, threads, TRUE, 10), WAIT_TIMEOUT);
    ck_assert_uint_eq(waiters_on(ev), NWAITERS - 1);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    for (DWORD i = 1; i < NWAITERS; i++)
        ck_assert(SetEvent(ev));
    for (DWORD i = 0; i < NWAITERS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), WAIT_OBJECT_0);
    close_all(threads, NWAITERS);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_pulse_auto_event_without_waiter_leaves_it_reset)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);

    ck_assert(PulseEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(ev));
    ck_assert(PulseEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_event_ex_manual_reset_flag)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventExA(NULL, NULL, CREATE_EVENT_MANUAL_RESET, EVENT_ALL_ACCESS);

    ck_assert_ptr_nonnull(ev);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_event_ex_initial_set_flag)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventExA(NULL, NULL, CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS);

    ck_assert_ptr_nonnull(ev);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_event_ex_both_flags)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventExA(NULL, NULL, CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET,
                               EVENT_ALL_ACCESS);

    ck_assert_ptr_nonnull(ev);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

/* Windows validates the flags (Wine ignores unknown bits). */
START_TEST(test_create_event_ex_rejects_unknown_flags)
{
    LEAK_CHECK_BEGIN();
    static const DWORD bad[] = { 0x4, 0x80000000, CREATE_EVENT_MANUAL_RESET | 0x100 };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        SetLastError(0);
        ck_assert_ptr_null(CreateEventExA(NULL, NULL, bad[i], EVENT_ALL_ACCESS));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        SetLastError(0);
        ck_assert_ptr_null(CreateEventExW(NULL, NULL, bad[i], EVENT_ALL_ACCESS));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_event_calls_reject_null_handle)
{
    LEAK_CHECK_BEGIN();
    assert_event_calls_fail(NULL, ERROR_INVALID_HANDLE);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_event_calls_reject_closed_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);

    ck_assert(CloseHandle(ev));
    assert_event_calls_fail(ev, ERROR_INVALID_HANDLE);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_event_calls_reject_mutex_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);

    assert_event_calls_fail(m, ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    ck_assert(ReleaseMutex(m));
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_event_calls_reject_semaphore_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE sem = CreateSemaphoreA(NULL, 0, 1, NULL);

    assert_event_calls_fail(sem, ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(WaitForSingleObject(sem, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(sem));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI return_zero(LPVOID unused)
{
    return 0;
}

START_TEST(test_event_calls_reject_thread_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE thread = CreateThread(NULL, 0, return_zero, NULL, 0, NULL);

    ck_assert_ptr_nonnull(thread);
    assert_event_calls_fail(thread, ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(exit_code(thread), 0);
    ck_assert(CloseHandle(thread));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_event_calls_reject_pseudo_handles)
{
    LEAK_CHECK_BEGIN();
    assert_event_calls_fail(GetCurrentProcess(), ERROR_INVALID_HANDLE);
    assert_event_calls_fail(GetCurrentThread(), ERROR_INVALID_HANDLE);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_event_calls_need_modify_state_right)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE sync_only;

    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &sync_only,
                              SYNCHRONIZE, FALSE, 0));
    assert_event_calls_fail(sync_only, ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(WaitForSingleObject(sync_only, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(sync_only, 0), WAIT_OBJECT_0);
    assert_event_calls_fail(sync_only, ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(sync_only));
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_event_w_unnamed)
{
    LEAK_CHECK_BEGIN();
    HANDLE manual = CreateEventW(NULL, TRUE, TRUE, NULL);
    HANDLE automatic = CreateEventW(NULL, FALSE, TRUE, NULL);

    ck_assert_ptr_nonnull(manual);
    ck_assert_ptr_nonnull(automatic);
    ck_assert_uint_eq(WaitForSingleObject(manual, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(manual, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(automatic, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(automatic, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(manual));
    ck_assert(CloseHandle(automatic));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_event_ex_w_unnamed)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventExW(NULL, NULL, CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS);

    ck_assert_ptr_nonnull(ev);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(ev));
    ck_assert(ResetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

static Suite *event_suite(void)
{
    Suite *s = suite_create("event");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_auto_event_resets_after_one_wait);
    tcase_add_test(tc, test_auto_event_set_wakes_one_waiter_per_set);
    tcase_add_test(tc, test_manual_event_stays_set_for_every_waiter_until_reset);
    tcase_add_test(tc, test_event_initial_state_is_honoured);
    tcase_add_test(tc, test_set_event_on_set_event_does_not_count);
    tcase_add_test(tc, test_reset_event_on_unset_event_succeeds);
    tcase_add_test(tc, test_pulse_manual_event_wakes_all_waiters_and_resets);
    tcase_add_test(tc, test_pulse_auto_event_wakes_exactly_one_waiter);
    tcase_add_test(tc, test_pulse_auto_event_without_waiter_leaves_it_reset);
    tcase_add_test(tc, test_create_event_ex_manual_reset_flag);
    tcase_add_test(tc, test_create_event_ex_initial_set_flag);
    tcase_add_test(tc, test_create_event_ex_both_flags);
    tcase_add_test(tc, test_create_event_ex_rejects_unknown_flags);
    tcase_add_test(tc, test_event_calls_reject_null_handle);
    tcase_add_test(tc, test_event_calls_reject_closed_handle);
    tcase_add_test(tc, test_event_calls_reject_mutex_handle);
    tcase_add_test(tc, test_event_calls_reject_semaphore_handle);
    tcase_add_test(tc, test_event_calls_reject_thread_handle);
    tcase_add_test(tc, test_event_calls_reject_pseudo_handles);
    tcase_add_test(tc, test_event_calls_need_modify_state_right);
    tcase_add_test(tc, test_create_event_w_unnamed);
    tcase_add_test(tc, test_create_event_ex_w_unnamed);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(event_suite)
