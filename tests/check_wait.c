/* Waits: WaitForSingleObject, WaitForMultipleObjects, SignalObjectAndWait, Sleep(Ex). */
#include "waitutil.h"

#define NEVER_ISSUED ((HANDLE)(ULONG_PTR)0x3ffffff0)
#define NWAITERS 4

static void assert_wait_fails(HANDLE h, DWORD error)
{
    SetLastError(0);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_FAILED);
    ck_assert_uint_eq(GetLastError(), error);
}

static void assert_multiple_fails(DWORD n, const HANDLE *handles, BOOL all, DWORD error)
{
    SetLastError(0);
    ck_assert_uint_eq(WaitForMultipleObjects(n, handles, all, 0), WAIT_FAILED);
    ck_assert_uint_eq(GetLastError(), error);
}

static void assert_signal_and_wait_fails(HANDLE signal, HANDLE wait, DWORD error)
{
    SetLastError(0);
    ck_assert_uint_eq(SignalObjectAndWait(signal, wait, 0, FALSE), WAIT_FAILED);
    ck_assert_uint_eq(GetLastError(), error);
}

START_TEST(test_wait_rejects_null_closed_and_unknown_handles)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, TRUE, NULL);

    ck_assert(CloseHandle(ev));
    assert_wait_fails(NULL, ERROR_INVALID_HANDLE);
    assert_wait_fails(ev, ERROR_INVALID_HANDLE);
    assert_wait_fails(NEVER_ISSUED, ERROR_INVALID_HANDLE);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wait_on_pseudo_handles_times_out)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(WaitForSingleObject(GetCurrentProcess(), 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForSingleObject(GetCurrentThread(), 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_successful_waits_leave_last_error_alone)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, TRUE, NULL);
    HANDLE unset = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE both[2] = { unset, ev };

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(unset, 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForMultipleObjects(2, both, FALSE, 0), WAIT_OBJECT_0 + 1);
    ck_assert_uint_eq(WaitForMultipleObjects(2, both, TRUE, 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(unset));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wait_timeout_is_honoured)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    ULONGLONG start = GetTickCount64();

    ck_assert_uint_eq(WaitForSingleObject(ev, 50), WAIT_TIMEOUT);
    ck_assert_uint_ge(GetTickCount64() - start, 50);
    start = GetTickCount64();
    ck_assert_uint_eq(WaitForMultipleObjects(1, &ev, FALSE, 50), WAIT_TIMEOUT);
    ck_assert_uint_ge(GetTickCount64() - start, 50);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wait_multiple_rejects_count_0_and_65)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, TRUE, NULL);
    HANDLE handles[MAXIMUM_WAIT_OBJECTS + 1];

    for (int i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++)
        handles[i] = ev;
    assert_multiple_fails(0, handles, FALSE, ERROR_INVALID_PARAMETER);
    assert_multiple_fails(MAXIMUM_WAIT_OBJECTS + 1, handles, FALSE, ERROR_INVALID_PARAMETER);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wait_multiple_handles_64_objects)
{
    LEAK_CHECK_BEGIN();
    HANDLE events[MAXIMUM_WAIT_OBJECTS];

    for (int i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
        events[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert(SetEvent(events[MAXIMUM_WAIT_OBJECTS - 1]));
    ck_assert_uint_eq(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, events, FALSE, 0),
                      WAIT_OBJECT_0 + MAXIMUM_WAIT_OBJECTS - 1);
    ck_assert_uint_eq(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, events, TRUE, 0), WAIT_TIMEOUT);
    for (int i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
        ck_assert(SetEvent(events[i]));
    ck_assert_uint_eq(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, events, TRUE, 0), WAIT_OBJECT_0);
    close_all(events, MAXIMUM_WAIT_OBJECTS);
    LEAK_CHECK_END();
}
END_TEST

/* Windows would fault on the NULL array; w32shim reports it instead. */
START_TEST(test_wait_multiple_null_array_is_noaccess)
{
    LEAK_CHECK_BEGIN();
    assert_multiple_fails(1, NULL, FALSE, ERROR_NOACCESS);
    assert_multiple_fails(2, NULL, TRUE, ERROR_NOACCESS);
    LEAK_CHECK_END();
}
END_TEST

/* Windows refuses them here although WaitForSingleObject takes them (Wine accepts). */
START_TEST(test_wait_multiple_rejects_pseudo_handles)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, TRUE, NULL);
    HANDLE process[2] = { ev, GetCurrentProcess() };
    HANDLE thread[2] = { ev, GetCurrentThread() };

    assert_multiple_fails(1, &process[1], FALSE, ERROR_INVALID_HANDLE);
    assert_multiple_fails(1, &thread[1], FALSE, ERROR_INVALID_HANDLE);
    assert_multiple_fails(2, process, FALSE, ERROR_INVALID_HANDLE);
    assert_multiple_fails(2, thread, TRUE, ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wait_multiple_with_one_invalid_handle_fails_and_consumes_nothing)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, TRUE, NULL);
    HANDLE sem = CreateSemaphoreA(NULL, 1, 1, NULL);
    HANDLE handles[3] = { ev, sem, NEVER_ISSUED };

    assert_multiple_fails(3, handles, FALSE, ERROR_INVALID_HANDLE);
    assert_multiple_fails(3, handles, TRUE, ERROR_INVALID_HANDLE);
    handles[2] = NULL;
    assert_multiple_fails(3, handles, TRUE, ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(sem, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(sem));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wait_any_takes_lowest_signalled_index_only)
{
    LEAK_CHECK_BEGIN();
    HANDLE events[3];

    for (int i = 0; i < 3; i++)
        events[i] = CreateEventA(NULL, FALSE, FALSE, NULL);
    ck_assert(SetEvent(events[2]));
    ck_assert(SetEvent(events[1]));
    ck_assert_uint_eq(WaitForMultipleObjects(3, events, FALSE, 0), WAIT_OBJECT_0 + 1);
    ck_assert_uint_eq(WaitForMultipleObjects(3, events, FALSE, 0), WAIT_OBJECT_0 + 2);
    ck_assert_uint_eq(WaitForMultipleObjects(3, events, FALSE, 0), WAIT_TIMEOUT);
    close_all(events, 3);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wait_all_timing_out_consumes_nothing)
{
    LEAK_CHECK_BEGIN();
    HANDLE set = CreateEventA(NULL, FALSE, TRUE, NULL);
    HANDLE unset = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE both[2] = { set, unset };

    ck_assert_uint_eq(WaitForMultipleObjects(2, both, TRUE, 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForMultipleObjects(2, both, TRUE, 10), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForSingleObject(set, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(unset, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(set));
    ck_assert(CloseHandle(unset));
    LEAK_CHECK_END();
}
END_TEST

struct set_later {
    HANDLE watch;           /* set ev once this has a waiter */
    HANDLE ev;
};

static DWORD WINAPI set_when_waited_on(LPVOID arg)
{
    struct set_later *s = arg;

    return poll_waiters(s->watch, 1) && SetEvent(s->ev);
}

START_TEST(test_wait_all_completes_on_last_set_and_consumes_all)
{
    LEAK_CHECK_BEGIN();
    HANDLE first = CreateEventA(NULL, FALSE, TRUE, NULL);
    HANDLE last = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE both[2] = { first, last };
    struct set_later s = { last, last };
    HANDLE setter = CreateThread(NULL, 0, set_when_waited_on, &s, 0, NULL);

    ck_assert_uint_eq(WaitForMultipleObjects(2, both, TRUE, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(exit_code(setter), TRUE);
    ck_assert_uint_eq(WaitForSingleObject(first, 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForSingleObject(last, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(setter));
    ck_assert(CloseHandle(first));
    ck_assert(CloseHandle(last));
    LEAK_CHECK_END();
}
END_TEST

/* Windows: ERROR_INVALID_PARAMETER for any two handles of one object (Wine takes the second). */
START_TEST(test_wait_all_rejects_one_object_twice)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, TRUE, NULL);
    HANDLE dup;
    HANDLE same[2] = { ev, ev };

    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    HANDLE two_handles[2] = { ev, dup };
    assert_multiple_fails(2, same, TRUE, ERROR_INVALID_PARAMETER);
    assert_multiple_fails(2, two_handles, TRUE, ERROR_INVALID_PARAMETER);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(dup));
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wait_any_accepts_one_object_twice)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, TRUE, NULL);
    HANDLE same[2] = { ev, ev };

    ck_assert_uint_eq(WaitForMultipleObjects(2, same, FALSE, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForMultipleObjects(2, same, FALSE, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI wait_all_of_pair(LPVOID pair)
{
    return WaitForMultipleObjects(2, pair, TRUE, LONG_WAIT);
}

static DWORD WINAPI wait_forever(LPVOID h)
{
    return WaitForSingleObject(h, INFINITE);
}

START_TEST(test_wait_all_does_not_partially_consume_against_wait_any)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE b = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE pair[2] = { a, b };
    HANDLE all = CreateThread(NULL, 0, wait_all_of_pair, pair, 0, NULL);
    HANDLE any;

    await_waiters(b, 1);
    any = CreateThread(NULL, 0, wait_forever, b, 0, NULL);
    await_waiters(b, 2);
    ck_assert(SetEvent(b));                 /* a is unset: only the wait-any can have b */
    ck_assert_uint_eq(exit_code(any), WAIT_OBJECT_0);
    ck_assert(SetEvent(a));                 /* b is gone: the wait-all must leave a set */
    ck_assert_uint_eq(waiters_on(a), 1);
    ck_assert_uint_eq(WaitForSingleObject(a, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(all, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(a));
    ck_assert(SetEvent(b));
    ck_assert_uint_eq(exit_code(all), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForMultipleObjects(2, pair, FALSE, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(all));
    ck_assert(CloseHandle(any));
    ck_assert(CloseHandle(a));
    ck_assert(CloseHandle(b));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_signal_and_wait_signals_event)
{
    LEAK_CHECK_BEGIN();
    HANDLE to_signal = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE to_wait = CreateEventA(NULL, TRUE, TRUE, NULL);

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(SignalObjectAndWait(to_signal, to_wait, 0, FALSE), WAIT_OBJECT_0);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_uint_eq(WaitForSingleObject(to_signal, 0), WAIT_OBJECT_0);
    ck_assert(ResetEvent(to_wait));
    ck_assert_uint_eq(SignalObjectAndWait(to_signal, to_wait, 0, FALSE), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForSingleObject(to_signal, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(to_signal));
    ck_assert(CloseHandle(to_wait));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_signal_and_wait_releases_semaphore)
{
    LEAK_CHECK_BEGIN();
    HANDLE sem = CreateSemaphoreA(NULL, 0, 2, NULL);
    HANDLE to_wait = CreateEventA(NULL, TRUE, TRUE, NULL);
    LONG previous = -1;

    ck_assert_uint_eq(SignalObjectAndWait(sem, to_wait, 0, FALSE), WAIT_OBJECT_0);
    ck_assert(ReleaseSemaphore(sem, 1, &previous));
    ck_assert_int_eq(previous, 1);
    ck_assert(CloseHandle(sem));
    ck_assert(CloseHandle(to_wait));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI try_wait(LPVOID h)
{
    return WaitForSingleObject(h, 0);
}

START_TEST(test_signal_and_wait_releases_mutex)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexA(NULL, TRUE, NULL);
    HANDLE to_wait = CreateEventA(NULL, TRUE, TRUE, NULL);
    HANDLE thread;

    ck_assert_uint_eq(SignalObjectAndWait(m, to_wait, 0, FALSE), WAIT_OBJECT_0);
    thread = CreateThread(NULL, 0, try_wait, m, 0, NULL);
    ck_assert_uint_eq(exit_code(thread), WAIT_OBJECT_0);
    ck_assert(CloseHandle(thread));
    ck_assert(CloseHandle(m));
    ck_assert(CloseHandle(to_wait));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_signal_and_wait_on_same_auto_event_consumes_it)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);

    for (int i = 0; i < 100; i++)
        ck_assert_uint_eq(SignalObjectAndWait(ev, ev, 0, FALSE), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

struct ping_pong {
    HANDLE ping;            /* auto-reset: the test signals it */
    HANDLE pong;            /* manual-reset: the thread pulses it back */
};

static DWORD WINAPI pulse_back(LPVOID arg)
{
    struct ping_pong *p = arg;

    for (int i = 0; i < 50; i++) {
        if (WaitForSingleObject(p->ping, LONG_WAIT) != WAIT_OBJECT_0)
            return FALSE;
        PulseEvent(p->pong);
    }
    return TRUE;
}

/* The pulse only reaches threads already waiting: it is never lost if the
 * signal and the start of the wait are one step. */
START_TEST(test_signal_and_wait_is_atomic)
{
    LEAK_CHECK_BEGIN();
    struct ping_pong p = {
        CreateEventA(NULL, FALSE, FALSE, NULL),
        CreateEventA(NULL, TRUE, FALSE, NULL),
    };
    HANDLE thread = CreateThread(NULL, 0, pulse_back, &p, 0, NULL);

    for (int i = 0; i < 50; i++)
        ck_assert_uint_eq(SignalObjectAndWait(p.ping, p.pong, LONG_WAIT, FALSE), WAIT_OBJECT_0);
    ck_assert_uint_eq(exit_code(thread), TRUE);
    ck_assert(CloseHandle(thread));
    ck_assert(CloseHandle(p.ping));
    ck_assert(CloseHandle(p.pong));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_signal_and_wait_rejects_thread_as_signal)
{
    LEAK_CHECK_BEGIN();
    HANDLE to_wait = CreateEventA(NULL, FALSE, TRUE, NULL);
    HANDLE thread = CreateThread(NULL, 0, try_wait, NULL, 0, NULL);

    assert_signal_and_wait_fails(thread, to_wait, ERROR_INVALID_HANDLE);
    assert_signal_and_wait_fails(GetCurrentThread(), to_wait, ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(WaitForSingleObject(to_wait, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(exit_code(thread), WAIT_FAILED);
    ck_assert(CloseHandle(thread));
    ck_assert(CloseHandle(to_wait));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_signal_and_wait_unowned_mutex_is_not_owner)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);
    HANDLE to_wait = CreateEventA(NULL, FALSE, TRUE, NULL);

    assert_signal_and_wait_fails(m, to_wait, ERROR_NOT_OWNER);
    ck_assert_uint_eq(WaitForSingleObject(to_wait, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(m));
    ck_assert(CloseHandle(to_wait));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_signal_and_wait_full_semaphore_is_too_many_posts)
{
    LEAK_CHECK_BEGIN();
    HANDLE sem = CreateSemaphoreA(NULL, 1, 1, NULL);
    HANDLE to_wait = CreateEventA(NULL, FALSE, TRUE, NULL);

    assert_signal_and_wait_fails(sem, to_wait, ERROR_TOO_MANY_POSTS);
    ck_assert_uint_eq(WaitForSingleObject(to_wait, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(sem, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(sem, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(sem));
    ck_assert(CloseHandle(to_wait));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_signal_and_wait_rejects_null_handles)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);

    assert_signal_and_wait_fails(NULL, NULL, ERROR_INVALID_HANDLE);
    assert_signal_and_wait_fails(NULL, ev, ERROR_INVALID_HANDLE);
    assert_signal_and_wait_fails(ev, NULL, ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_sleep_zero_and_sleep_ex_zero_return)
{
    LEAK_CHECK_BEGIN();
    Sleep(0);
    ck_assert_uint_eq(SleepEx(0, TRUE), 0);
    ck_assert_uint_eq(SleepEx(0, FALSE), 0);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_sleep_ex_sleeps_at_least_the_time_given)
{
    LEAK_CHECK_BEGIN();
    ULONGLONG start = GetTickCount64();

    ck_assert_uint_eq(SleepEx(10, FALSE), 0);
    ck_assert_uint_ge(GetTickCount64() - start, 10);
    start = GetTickCount64();
    Sleep(10);
    ck_assert_uint_ge(GetTickCount64() - start, 10);
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI wait_then_return_7(LPVOID go)
{
    return WaitForSingleObject(go, INFINITE) == WAIT_OBJECT_0 ? 7 : 0;
}

START_TEST(test_wait_on_thread_returns_when_thread_ends)
{
    LEAK_CHECK_BEGIN();
    HANDLE go = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE thread = CreateThread(NULL, 0, wait_then_return_7, go, 0, NULL);
    DWORD code = 0;

    await_waiters(go, 1);
    ck_assert_uint_eq(WaitForSingleObject(thread, 0), WAIT_TIMEOUT);
    ck_assert(GetExitCodeThread(thread, &code));
    ck_assert_uint_eq(code, STILL_ACTIVE);
    ck_assert(SetEvent(go));
    ck_assert_uint_eq(WaitForSingleObject(thread, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(thread, &code));
    ck_assert_uint_eq(code, 7);
    ck_assert_uint_eq(WaitForSingleObject(thread, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(thread));
    ck_assert(CloseHandle(go));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_one_set_event_wakes_every_waiter_of_manual_event)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE threads[NWAITERS];

    for (int i = 0; i < NWAITERS; i++)
        threads[i] = CreateThread(NULL, 0, wait_forever, ev, 0, NULL);
    await_waiters(ev, NWAITERS);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(WaitForMultipleObjects(NWAITERS, threads, TRUE, LONG_WAIT), WAIT_OBJECT_0);
    for (int i = 0; i < NWAITERS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), WAIT_OBJECT_0);
    close_all(threads, NWAITERS);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

static Suite *wait_suite(void)
{
    Suite *s = suite_create("wait");
    TCase *single = tcase_create("single");
    TCase *multiple = tcase_create("multiple");
    TCase *signal = tcase_create("signal_and_wait");
    TCase *sleep = tcase_create("sleep");

    tcase_add_test(single, test_wait_rejects_null_closed_and_unknown_handles);
    tcase_add_test(single, test_wait_on_pseudo_handles_times_out);
    tcase_add_test(single, test_successful_waits_leave_last_error_alone);
    tcase_add_test(single, test_wait_timeout_is_honoured);
    tcase_add_test(single, test_wait_on_thread_returns_when_thread_ends);
    tcase_add_test(single, test_one_set_event_wakes_every_waiter_of_manual_event);
    suite_add_tcase(s, single);

    tcase_add_test(multiple, test_wait_multiple_rejects_count_0_and_65);
    tcase_add_test(multiple, test_wait_multiple_handles_64_objects);
    tcase_add_test(multiple, test_wait_multiple_null_array_is_noaccess);
    tcase_add_test(multiple, test_wait_multiple_rejects_pseudo_handles);
    tcase_add_test(multiple, test_wait_multiple_with_one_invalid_handle_fails_and_consumes_nothing);
    tcase_add_test(multiple, test_wait_any_takes_lowest_signalled_index_only);
    tcase_add_test(multiple, test_wait_all_timing_out_consumes_nothing);
    tcase_add_test(multiple, test_wait_all_completes_on_last_set_and_consumes_all);
    tcase_add_test(multiple, test_wait_all_rejects_one_object_twice);
    tcase_add_test(multiple, test_wait_any_accepts_one_object_twice);
    tcase_add_test(multiple, test_wait_all_does_not_partially_consume_against_wait_any);
    suite_add_tcase(s, multiple);

    tcase_add_test(signal, test_signal_and_wait_signals_event);
    tcase_add_test(signal, test_signal_and_wait_releases_semaphore);
    tcase_add_test(signal, test_signal_and_wait_releases_mutex);
    tcase_add_test(signal, test_signal_and_wait_on_same_auto_event_consumes_it);
    tcase_add_test(signal, test_signal_and_wait_is_atomic);
    tcase_add_test(signal, test_signal_and_wait_rejects_thread_as_signal);
    tcase_add_test(signal, test_signal_and_wait_unowned_mutex_is_not_owner);
    tcase_add_test(signal, test_signal_and_wait_full_semaphore_is_too_many_posts);
    tcase_add_test(signal, test_signal_and_wait_rejects_null_handles);
    suite_add_tcase(s, signal);

    tcase_add_test(sleep, test_sleep_zero_and_sleep_ex_zero_return);
    tcase_add_test(sleep, test_sleep_ex_sleeps_at_least_the_time_given);
    suite_add_tcase(s, sleep);
    return s;
}

W32_TEST_MAIN(wait_suite)
