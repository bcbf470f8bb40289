/* APCs: QueueUserAPC, alertable waits and sleeps, WAIT_IO_COMPLETION. */
#include "waitutil.h"
#include "thread.h"

#define HAMMER_THREADS 4
#define HAMMER_APCS 500

static LONG volatile runs;
static ULONG_PTR volatile order[8];

static void CALLBACK record_apc(ULONG_PTR data)
{
    LONG n = InterlockedIncrement(&runs);
    if (n <= 8)
        order[n - 1] = data;
}

static void CALLBACK count_apc(ULONG_PTR data)
{
    InterlockedIncrement((LONG volatile *)data);
}

START_TEST(test_apcs_run_in_order_only_in_alertable_waits)
{
    LEAK_CHECK_BEGIN();
    runs = 0;
    ck_assert_uint_eq(QueueUserAPC(record_apc, GetCurrentThread(), 1), 1);
    ck_assert_uint_eq(QueueUserAPC(record_apc, GetCurrentThread(), 2), 1);
    ck_assert_uint_eq(SleepEx(0, FALSE), 0);
    Sleep(1);
    ck_assert_int_eq(runs, 0);
    ck_assert_uint_eq(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    ck_assert_int_eq(runs, 2);
    ck_assert_uint_eq(order[0], 1);
    ck_assert_uint_eq(order[1], 2);
    ck_assert_uint_eq(SleepEx(0, TRUE), 0);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_signalled_object_wins_over_queued_apc)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, TRUE, NULL);

    runs = 0;
    ck_assert_uint_eq(QueueUserAPC(record_apc, GetCurrentThread(), 5), 1);
    ck_assert_uint_eq(WaitForSingleObjectEx(ev, 0, TRUE), WAIT_OBJECT_0);
    ck_assert_uint_eq(SignalObjectAndWait(ev, ev, 0, TRUE), WAIT_OBJECT_0);
    ck_assert_int_eq(runs, 0);
    ck_assert(ResetEvent(ev));
    ck_assert_uint_eq(WaitForMultipleObjectsEx(1, &ev, FALSE, INFINITE, TRUE),
                      WAIT_IO_COMPLETION);
    ck_assert_int_eq(runs, 1);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

struct sleeper {
    HANDLE ready;
    DWORD result;
};

static DWORD WINAPI sleep_alertably(LPVOID arg)
{
    struct sleeper *s = arg;

    SetEvent(s->ready);
    s->result = SleepEx(INFINITE, TRUE);
    return 0;
}

/* Whether the thread behind h is in an alertable wait now (internal state). */
static bool in_alertable_wait(HANDLE h)
{
    struct w32_thread *t = (struct w32_thread *)w32_handle_get(h, &w32_thread_type, 0);
    bool waiting;

    ck_assert_ptr_nonnull(t);
    w32_lock(&t->apc_lock);
    waiting = t->alertable != NULL;
    w32_unlock(&t->apc_lock);
    w32_object_unref(&t->obj);
    return waiting;
}

START_TEST(test_apc_ends_another_threads_infinite_alertable_sleep)
{
    LEAK_CHECK_BEGIN();
    struct sleeper s = { CreateEventA(NULL, TRUE, FALSE, NULL), 0 };
    LONG volatile count = 0;
    HANDLE h = CreateThread(NULL, 0, sleep_alertably, &s, 0, NULL);

    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(s.ready, LONG_WAIT), WAIT_OBJECT_0);
    for (int i = 0; i < LONG_WAIT && !in_alertable_wait(h); i++)
        Sleep(1);
    ck_assert(in_alertable_wait(h));
    ck_assert_uint_eq(QueueUserAPC(count_apc, h, (ULONG_PTR)&count), 1);
    ck_assert_uint_eq(exit_code(h), 0);
    ck_assert_uint_eq(s.result, WAIT_IO_COMPLETION);
    ck_assert_int_eq(count, 1);
    ck_assert(!in_alertable_wait(h));
    ck_assert(CloseHandle(h));
    ck_assert(CloseHandle(s.ready));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI report_runs(LPVOID arg)
{
    return (DWORD)*(LONG volatile *)arg;
}

START_TEST(test_apc_queued_before_start_runs_before_the_routine)
{
    LEAK_CHECK_BEGIN();
    LONG volatile count = 0;
    HANDLE h = CreateThread(NULL, 0, report_runs, (LPVOID)&count, CREATE_SUSPENDED, NULL);

    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(QueueUserAPC(count_apc, h, (ULONG_PTR)&count), 1);
    ck_assert_uint_eq(ResumeThread(h), 1);
    ck_assert_uint_eq(exit_code(h), 1);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI never_alertable(LPVOID arg)
{
    HANDLE *events = arg;       /* [0] started, [1] go */

    SetEvent(events[0]);
    return WaitForSingleObject(events[1], LONG_WAIT);
}

/* APCs still queued when a thread ends are dropped, not run and not leaked. */
START_TEST(test_apcs_of_an_ending_thread_are_dropped)
{
    LEAK_CHECK_BEGIN();
    LONG volatile count = 0;
    HANDLE events[2] = { CreateEventA(NULL, TRUE, FALSE, NULL),
                         CreateEventA(NULL, TRUE, FALSE, NULL) };
    HANDLE go = events[1];
    HANDLE h = CreateThread(NULL, 0, never_alertable, events, 0, NULL);

    ck_assert_ptr_nonnull(h);
    /* Started: APCs queued now wait for an alertable wait, not for the start. */
    ck_assert_uint_eq(WaitForSingleObject(events[0], LONG_WAIT), WAIT_OBJECT_0);
    for (int i = 0; i < 3; i++)
        ck_assert_uint_eq(QueueUserAPC(count_apc, h, (ULONG_PTR)&count), 1);
    ck_assert(SetEvent(go));
    ck_assert_uint_eq(exit_code(h), WAIT_OBJECT_0);
    ck_assert_int_eq(count, 0);
    SetLastError(0);
    ck_assert_uint_eq(QueueUserAPC(count_apc, h, (ULONG_PTR)&count), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_GEN_FAILURE);
    ck_assert(CloseHandle(h));
    ck_assert(CloseHandle(events[0]));
    ck_assert(CloseHandle(go));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_queue_user_apc_bad_arguments)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE limited;

    SetLastError(0);
    ck_assert_uint_eq(QueueUserAPC(NULL, GetCurrentThread(), 0), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    ck_assert_uint_eq(QueueUserAPC(record_apc, NULL, 0), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    ck_assert_uint_eq(QueueUserAPC(record_apc, ev, 0), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(),
                              &limited, SYNCHRONIZE, FALSE, 0));
    SetLastError(0);
    ck_assert_uint_eq(QueueUserAPC(record_apc, limited, 0), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(SleepEx(0, TRUE), 0);
    ck_assert(CloseHandle(limited));
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

struct hammer {
    HANDLE target;
    LONG volatile count;
};

static DWORD WINAPI queue_many(LPVOID arg)
{
    struct hammer *h = arg;

    for (int i = 0; i < HAMMER_APCS; i++)
        if (!QueueUserAPC(count_apc, h->target, (ULONG_PTR)&h->count))
            return 1;
    return 0;
}

/* Several threads queue to one that drains in alertable sleeps: every APC runs once. */
START_TEST(test_apcs_from_many_threads_all_run_once)
{
    LEAK_CHECK_BEGIN();
    struct hammer h = { NULL, 0 };
    HANDLE threads[HAMMER_THREADS];

    ck_assert(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(),
                              &h.target, 0, FALSE, DUPLICATE_SAME_ACCESS));
    for (int i = 0; i < HAMMER_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, queue_many, &h, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    while (InterlockedCompareExchange(&h.count, 0, 0) < HAMMER_THREADS * HAMMER_APCS)
        SleepEx(1, TRUE);
    for (int i = 0; i < HAMMER_THREADS; i++) {
        ck_assert_uint_eq(exit_code(threads[i]), 0);
        ck_assert(CloseHandle(threads[i]));
    }
    ck_assert_uint_eq(SleepEx(0, TRUE), 0);
    ck_assert_int_eq(h.count, HAMMER_THREADS * HAMMER_APCS);
    ck_assert(CloseHandle(h.target));
    LEAK_CHECK_END();
}
END_TEST

static Suite *apc_suite(void)
{
    Suite *s = suite_create("apc");
    TCase *tc = tcase_create("apc");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_apcs_run_in_order_only_in_alertable_waits);
    tcase_add_test(tc, test_signalled_object_wins_over_queued_apc);
    tcase_add_test(tc, test_apc_ends_another_threads_infinite_alertable_sleep);
    tcase_add_test(tc, test_apc_queued_before_start_runs_before_the_routine);
    tcase_add_test(tc, test_apcs_of_an_ending_thread_are_dropped);
    tcase_add_test(tc, test_queue_user_apc_bad_arguments);
    tcase_add_test(tc, test_apcs_from_many_threads_all_run_once);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(apc_suite)
