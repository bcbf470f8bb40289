/* TerminateThread: the thread ends with the code given, wherever it is, but
 * never inside the library's locks or queued waits. */
#include <pthread.h>
#include "testutil.h"
#include "../lib/handle.h"
#include "../lib/thread.h"

DWORD w32_address_waiters(const volatile void *addr);     /* lib/waitonaddress.c */

/* ---- Where the thread is ---- */

struct target {
    HANDLE started;         /* set by the thread once it is where the test wants it */
    HANDLE event;           /* what it waits on, if anything */
    volatile LONG spins;
};

static HANDLE start_target(LPTHREAD_START_ROUTINE fn, struct target *t)
{
    HANDLE h;

    t->started = CreateEventA(NULL, TRUE, FALSE, NULL);
    t->event = CreateEventA(NULL, FALSE, FALSE, NULL);
    t->spins = 0;
    h = CreateThread(NULL, 0, fn, t, 0, NULL);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(t->started, LONG_WAIT), WAIT_OBJECT_0);
    return h;
}

static void end_target(HANDLE h, struct target *t, DWORD code)
{
    ck_assert(TerminateThread(h, code));
    ck_assert_uint_eq(exit_code(h), code);
    ck_assert(CloseHandle(h));
    ck_assert(CloseHandle(t->started));
    ck_assert(CloseHandle(t->event));
}

static DWORD WINAPI wait_forever(LPVOID arg)
{
    struct target *t = arg;

    SetEvent(t->started);
    WaitForSingleObject(t->event, INFINITE);
    return 1;
}

static DWORD WINAPI wait_many_forever(LPVOID arg)
{
    struct target *t = arg;
    HANDLE both[2] = { t->event, t->event };

    SetEvent(t->started);
    WaitForMultipleObjects(1, both, TRUE, INFINITE);
    return 1;
}

static DWORD WINAPI spin(LPVOID arg)
{
    struct target *t = arg;

    SetEvent(t->started);
    /* A yield now and then: ThreadSanitizer delivers signals at calls only. */
    for (;;)
        if ((InterlockedIncrement(&t->spins) & 1023) == 0)
            SwitchToThread();
    return 0;
}

static DWORD WINAPI sleep_forever(LPVOID arg)
{
    struct target *t = arg;

    SetEvent(t->started);
    Sleep(INFINITE);
    return 1;
}

START_TEST(test_terminate_ends_thread_blocked_in_a_wait)
{
    struct target t;
    LEAK_CHECK_BEGIN();
    HANDLE h = start_target(wait_forever, &t);

    end_target(h, &t, 7);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_terminate_ends_thread_blocked_in_a_wait_for_all)
{
    struct target t;
    HANDLE h = start_target(wait_many_forever, &t);

    end_target(h, &t, 8);
}
END_TEST

START_TEST(test_terminate_ends_thread_running_its_own_code)
{
    struct target t;
    HANDLE h = start_target(spin, &t);

    end_target(h, &t, 9);
}
END_TEST

START_TEST(test_terminate_ends_thread_in_sleep)
{
    struct target t;
    HANDLE h = start_target(sleep_forever, &t);

    end_target(h, &t, 10);
}
END_TEST

/* The event the ended thread waited on is whole: it still works for others. */
START_TEST(test_object_of_an_ended_wait_still_works)
{
    struct target t;
    HANDLE h = start_target(wait_forever, &t), ev = t.event;

    ck_assert(TerminateThread(h, 1));
    ck_assert_uint_eq(exit_code(h), 1);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);   /* nobody took it */
    ck_assert(CloseHandle(h));
    ck_assert(CloseHandle(t.started));
    ck_assert(CloseHandle(ev));
}
END_TEST

START_TEST(test_terminate_ends_suspended_thread)
{
    struct target t;
    HANDLE h = start_target(spin, &t);

    ck_assert_uint_eq(SuspendThread(h), 0);
    end_target(h, &t, 11);
}
END_TEST

/* A thread waiting on an address ends when its wait ends (the waiter is
 * queued on its stack), not before. TerminateThread may itself return only
 * then (where signals wait for the end of a system call: ThreadSanitizer),
 * so another thread calls it. */
static volatile LONG address_word;
static HANDLE address_waiter;

static DWORD WINAPI wait_on_address(LPVOID arg)
{
    struct target *t = arg;
    LONG zero = 0;

    SetEvent(t->started);
    WaitOnAddress(&address_word, &zero, sizeof(zero), INFINITE);
    InterlockedIncrement(&t->spins);    /* never: the thread ends as the wait does */
    return 1;
}

static DWORD WINAPI terminate_address_waiter(LPVOID arg)
{
    (void)arg;
    return TerminateThread(address_waiter, 12);
}

static bool terminating(HANDLE h)
{
    struct w32_thread *thread = w32_thread_get(h, 0);
    bool marked = atomic_load(&thread->terminating);

    w32_object_unref(&thread->obj);
    return marked;
}

START_TEST(test_thread_waiting_on_address_ends_when_woken)
{
    struct target t;
    HANDLE terminator;

    address_waiter = start_target(wait_on_address, &t);
    while (w32_address_waiters(&address_word) == 0)
        Sleep(1);
    terminator = CreateThread(NULL, 0, terminate_address_waiter, NULL, 0, NULL);
    while (!terminating(address_waiter))
        Sleep(1);
    ck_assert_uint_eq(WaitForSingleObject(address_waiter, 0), WAIT_TIMEOUT);
    InterlockedExchange(&address_word, 1);
    WakeByAddressAll((PVOID)&address_word);
    ck_assert_uint_eq(exit_code(address_waiter), 12);
    ck_assert_uint_eq(exit_code(terminator), TRUE);
    ck_assert_int_eq(t.spins, 0);
    ck_assert(CloseHandle(terminator));
    ck_assert(CloseHandle(address_waiter));
    ck_assert(CloseHandle(t.started));
    ck_assert(CloseHandle(t.event));
}
END_TEST

/* As on Windows, FLS callbacks do not run for a terminated thread. */
static LONG fls_calls;

static void WINAPI count_fls(PVOID value)
{
    (void)value;
    InterlockedIncrement(&fls_calls);
}

static DWORD fls_index;

static DWORD WINAPI set_fls_then_wait(LPVOID arg)
{
    FlsSetValue(fls_index, (PVOID)1);
    return wait_forever(arg);
}

START_TEST(test_terminated_thread_runs_no_fls_callback)
{
    struct target t;
    HANDLE h;

    fls_index = FlsAlloc(count_fls);
    h = start_target(set_fls_then_wait, &t);
    end_target(h, &t, 13);
    ck_assert_int_eq(fls_calls, 0);
    ck_assert(FlsFree(fls_index));
    ck_assert_int_eq(fls_calls, 0);     /* the value went with the thread */
}
END_TEST

/* ---- What an ended wait held ---- */

/* The references others hold on h's object: in-flight users, not handles
 * (one handle: h). */
static unsigned users_of(HANDLE h)
{
    struct w32_object *obj = w32_handle_get(h, NULL, 0);
    unsigned refs = atomic_load(&obj->refs);

    w32_object_unref(obj);
    return refs - 2;
}

/* The thread holds a reference for its wait on t->event, then is ended:
 * it holds none any more. */
static void end_waiter_and_count(LPTHREAD_START_ROUTINE fn)
{
    struct target t;
    HANDLE h = start_target(fn, &t);

    while (users_of(t.event) == 0)
        Sleep(1);
    ck_assert(TerminateThread(h, 21));
    ck_assert_uint_eq(exit_code(h), 21);
    ck_assert_uint_eq(users_of(t.event), 0);
    ck_assert(CloseHandle(h));
    ck_assert(CloseHandle(t.started));
    ck_assert(CloseHandle(t.event));
}

static DWORD WINAPI wait_any_forever(LPVOID arg)
{
    struct target *t = arg;
    HANDLE both[2] = { t->event, t->event };

    SetEvent(t->started);
    WaitForMultipleObjects(2, both, FALSE, INFINITE);
    return 1;
}

static DWORD WINAPI wait_all_forever(LPVOID arg)
{
    struct target *t = arg;
    HANDLE both[2] = { t->started, t->event };

    SetEvent(t->started);
    WaitForMultipleObjects(2, both, TRUE, INFINITE);
    return 1;
}

static DWORD WINAPI signal_and_wait_forever(LPVOID arg)
{
    struct target *t = arg;

    SignalObjectAndWait(t->started, t->event, INFINITE, FALSE);
    return 1;
}

static DWORD WINAPI wait_alertable_forever(LPVOID arg)
{
    struct target *t = arg;

    SetEvent(t->started);
    WaitForSingleObjectEx(t->event, INFINITE, TRUE);
    return 1;
}

START_TEST(test_ended_wait_for_one_object_holds_no_reference)
{
    end_waiter_and_count(wait_forever);
    end_waiter_and_count(wait_alertable_forever);
}
END_TEST

START_TEST(test_ended_wait_for_any_object_holds_no_reference)
{
    end_waiter_and_count(wait_any_forever);
}
END_TEST

START_TEST(test_ended_wait_for_all_objects_holds_no_reference)
{
    end_waiter_and_count(wait_all_forever);
}
END_TEST

START_TEST(test_ended_signal_and_wait_holds_no_reference)
{
    end_waiter_and_count(signal_and_wait_forever);
}
END_TEST

/* A thread ended in GetQueuedCompletionStatus(Ex) took no packet and left
 * the port whole (the sanitizer build sees a reference it kept as a leak). */
static HANDLE port;

static DWORD WINAPI take_forever(LPVOID arg)
{
    struct target *t = arg;
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED ov;

    SetEvent(t->started);
    GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE);
    return 1;
}

static DWORD WINAPI take_many_forever(LPVOID arg)
{
    struct target *t = arg;
    OVERLAPPED_ENTRY entries[4];
    ULONG n;

    SetEvent(t->started);
    GetQueuedCompletionStatusEx(port, entries, 4, &n, INFINITE, TRUE);
    return 1;
}

static void end_taker(LPTHREAD_START_ROUTINE fn)
{
    struct target t;
    HANDLE h;
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED ov;

    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    ck_assert_ptr_nonnull(port);
    h = start_target(fn, &t);
    end_target(h, &t, 22);
    ck_assert(PostQueuedCompletionStatus(port, 5, 6, NULL));
    ck_assert(GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0));
    ck_assert_uint_eq(bytes, 5);
    ck_assert_uint_eq(key, 6);
    ck_assert(CloseHandle(port));
}

START_TEST(test_ended_port_wait_leaves_the_port_whole)
{
    LEAK_CHECK_BEGIN();
    end_taker(take_forever);
    end_taker(take_many_forever);
    LEAK_CHECK_END();
}
END_TEST

/* ---- Errors ---- */

START_TEST(test_terminate_of_the_process_pseudo_handle_is_invalid)
{
    SetLastError(0xdeadbeef);
    ck_assert(!TerminateThread(GetCurrentProcess(), 1));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
}
END_TEST

/* ---- Hammer ---- */

/* Waits and SetEvent in a loop, on events other threads use too. */
static HANDLE shared[2];
static volatile LONG bystander_stop;

static DWORD WINAPI busy(LPVOID arg)
{
    struct target *t = arg;

    SetEvent(t->started);
    for (;;) {
        SetEvent(shared[0]);
        WaitForMultipleObjects(2, shared, FALSE, 1);
        ResetEvent(shared[1]);
        WaitForSingleObject(shared[0], 0);
    }
    return 0;
}

static DWORD WINAPI bystander(LPVOID arg)
{
    DWORD rounds = 0;

    (void)arg;
    while (!InterlockedCompareExchange(&bystander_stop, 0, 0)) {
        SetEvent(shared[1]);
        WaitForSingleObject(shared[1], 1);
        WaitForMultipleObjects(2, shared, TRUE, 0);
        rounds++;
    }
    return rounds ? 1 : 0;
}

START_TEST(test_terminate_busy_threads_1000_times)
{
    HANDLE side;
    struct target t;

    shared[0] = CreateEventA(NULL, FALSE, FALSE, NULL);
    shared[1] = CreateEventA(NULL, TRUE, FALSE, NULL);
    side = CreateThread(NULL, 0, bystander, NULL, 0, NULL);
    for (int i = 0; i < 1000; i++) {
        HANDLE h = start_target(busy, &t);

        ck_assert(TerminateThread(h, 1000 + i));
        ck_assert_uint_eq(exit_code(h), 1000 + i);
        ck_assert(CloseHandle(h));
        ck_assert(CloseHandle(t.started));
        ck_assert(CloseHandle(t.event));
    }
    /* Nothing is left held: the bystander went on, and the events work. */
    InterlockedExchange(&bystander_stop, 1);
    ck_assert_uint_eq(exit_code(side), 1);
    ck_assert(SetEvent(shared[0]));
    ck_assert_uint_eq(WaitForSingleObject(shared[0], LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CloseHandle(side));
    ck_assert(CloseHandle(shared[0]));
    ck_assert(CloseHandle(shared[1]));
}
END_TEST

static Suite *terminate_suite(void)
{
    Suite *s = suite_create("terminate");
    TCase *tc;

    tc = tcase_create("where");
    tcase_add_test(tc, test_terminate_ends_thread_blocked_in_a_wait);
    tcase_add_test(tc, test_terminate_ends_thread_blocked_in_a_wait_for_all);
    tcase_add_test(tc, test_terminate_ends_thread_running_its_own_code);
    tcase_add_test(tc, test_terminate_ends_thread_in_sleep);
    tcase_add_test(tc, test_object_of_an_ended_wait_still_works);
    tcase_add_test(tc, test_terminate_ends_suspended_thread);
    tcase_add_test(tc, test_thread_waiting_on_address_ends_when_woken);
    tcase_add_test(tc, test_terminated_thread_runs_no_fls_callback);
    tcase_add_test(tc, test_terminate_of_the_process_pseudo_handle_is_invalid);
    suite_add_tcase(s, tc);

    tc = tcase_create("held");
    tcase_add_test(tc, test_ended_wait_for_one_object_holds_no_reference);
    tcase_add_test(tc, test_ended_wait_for_any_object_holds_no_reference);
    tcase_add_test(tc, test_ended_wait_for_all_objects_holds_no_reference);
    tcase_add_test(tc, test_ended_signal_and_wait_holds_no_reference);
    tcase_add_test(tc, test_ended_port_wait_leaves_the_port_whole);
    suite_add_tcase(s, tc);

    tc = tcase_create("hammer");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_terminate_busy_threads_1000_times);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(terminate_suite)
