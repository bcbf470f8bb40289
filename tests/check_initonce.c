/* InitOnceInitialize, InitOnceExecuteOnce, InitOnceBeginInitialize, InitOnceComplete. */
#include <time.h>
#include "testutil.h"

#define CTX ((void *)0x1230)

/* ---- InitOnceExecuteOnce ---- */

struct call {
    LONG calls;
    BOOL result;
    void *store;                /* written to *Context by the callback */
    void *seen_ptr;             /* InitOnce->Ptr during the callback */
    void *seen_context;         /* *Context on entry (Context NULL: 0x1) */
    void *seen_param;
    DWORD set_error;            /* the callback's SetLastError, if nonzero */
};

static BOOL WINAPI record_call(PINIT_ONCE once, PVOID param, PVOID *context)
{
    struct call *c = param;

    InterlockedIncrement(&c->calls);
    c->seen_ptr = once->Ptr;
    c->seen_param = param;
    c->seen_context = context ? *context : (void *)1;
    if (context)
        *context = c->store;
    if (c->set_error)
        SetLastError(c->set_error);
    return c->result;
}

START_TEST(test_static_init_and_initialize_clear_ptr)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    ck_assert_ptr_null(once.Ptr);
    once.Ptr = (void *)0xdeadbeef;
    InitOnceInitialize(&once);
    ck_assert_ptr_null(once.Ptr);
    ck_assert_uint_eq(sizeof(INIT_ONCE), sizeof(void *));
}
END_TEST

START_TEST(test_execute_once_runs_callback_once_and_returns_context)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct call c = { .result = TRUE, .store = CTX };
    void *context = NULL;

    SetLastError(0xdeadbeef);
    ck_assert(InitOnceExecuteOnce(&once, record_call, &c, &context));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_ptr_eq(context, CTX);
    ck_assert_ptr_eq(once.Ptr, (char *)CTX + 2);
    context = NULL;
    ck_assert(InitOnceExecuteOnce(&once, record_call, &c, &context));
    ck_assert_ptr_eq(context, CTX);
    ck_assert_int_eq(c.calls, 1);
}
END_TEST

START_TEST(test_execute_once_callback_sees_started_state_and_arguments)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct call c = { .result = TRUE };
    void *context = (void *)0x4560;

    ck_assert(InitOnceExecuteOnce(&once, record_call, &c, &context));
    ck_assert_ptr_eq(c.seen_ptr, (void *)1);
    ck_assert_ptr_eq(c.seen_param, &c);
    ck_assert_ptr_eq(c.seen_context, (void *)0x4560);
    ck_assert_ptr_null(context);
    ck_assert_ptr_eq(once.Ptr, (void *)2);
}
END_TEST

START_TEST(test_execute_once_with_null_context)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct call c = { .result = TRUE };

    ck_assert(InitOnceExecuteOnce(&once, record_call, &c, NULL));
    ck_assert_ptr_eq(c.seen_context, (void *)1);
    ck_assert_ptr_eq(once.Ptr, (void *)2);
}
END_TEST

START_TEST(test_execute_once_failed_callback_runs_again_next_time)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct call c = { .result = FALSE, .store = CTX };
    void *context = NULL;

    SetLastError(0xdeadbeef);
    ck_assert(!InitOnceExecuteOnce(&once, record_call, &c, &context));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_ptr_null(once.Ptr);
    c.result = TRUE;
    ck_assert(InitOnceExecuteOnce(&once, record_call, &c, &context));
    ck_assert_int_eq(c.calls, 2);
    ck_assert_ptr_eq(context, CTX);
}
END_TEST

START_TEST(test_execute_once_keeps_error_set_by_failed_callback)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct call c = { .result = FALSE, .set_error = ERROR_FILE_NOT_FOUND };

    ck_assert(!InitOnceExecuteOnce(&once, record_call, &c, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert_ptr_null(once.Ptr);
}
END_TEST

START_TEST(test_execute_once_context_with_reserved_bits_fails_and_resets)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct call c = { .result = TRUE, .store = (void *)0x1233 };
    void *context = NULL;

    SetLastError(0xdeadbeef);
    ck_assert(!InitOnceExecuteOnce(&once, record_call, &c, &context));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_ptr_null(once.Ptr);
}
END_TEST

START_TEST(test_execute_once_on_async_start_fails_keeping_last_error)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct call c = { .result = TRUE };
    BOOL pending = FALSE;

    ck_assert(InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, NULL));
    SetLastError(0xdeadbeef);
    ck_assert(!InitOnceExecuteOnce(&once, record_call, &c, NULL));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_int_eq(c.calls, 0);
    ck_assert_ptr_eq(once.Ptr, (void *)3);
}
END_TEST

START_TEST(test_execute_once_null_arguments_fail)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    SetLastError(0xdeadbeef);
    ck_assert(!InitOnceExecuteOnce(NULL, record_call, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0xdeadbeef);
    ck_assert(!InitOnceExecuteOnce(&once, NULL, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_ptr_null(once.Ptr);
}
END_TEST

/* ---- InitOnceBeginInitialize / InitOnceComplete ---- */

static void begin_ok(PINIT_ONCE once, DWORD flags, BOOL expect_pending)
{
    BOOL pending = !expect_pending;

    ck_assert(InitOnceBeginInitialize(once, flags, &pending, NULL));
    ck_assert_int_eq(pending, expect_pending);
}

static void begin_fails(PINIT_ONCE once, DWORD flags, DWORD error)
{
    BOOL pending = 0xf;
    void *context = (void *)0xabc0;
    void *before = once->Ptr;

    SetLastError(0xdeadbeef);
    ck_assert(!InitOnceBeginInitialize(once, flags, &pending, &context));
    ck_assert_uint_eq(GetLastError(), error);
    ck_assert_int_eq(pending, 0xf);
    ck_assert_ptr_eq(context, (void *)0xabc0);
    ck_assert_ptr_eq(once->Ptr, before);
}

static void complete_fails(PINIT_ONCE once, DWORD flags, void *context, DWORD error)
{
    void *before = once->Ptr;

    SetLastError(0xdeadbeef);
    ck_assert(!InitOnceComplete(once, flags, context));
    ck_assert_uint_eq(GetLastError(), error);
    ck_assert_ptr_eq(once->Ptr, before);
}

START_TEST(test_begin_sync_starts_and_complete_stores_context)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL pending = FALSE;
    void *context = NULL;

    SetLastError(0xdeadbeef);
    ck_assert(InitOnceBeginInitialize(&once, 0, &pending, &context));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert(pending);
    ck_assert_ptr_null(context);
    ck_assert_ptr_eq(once.Ptr, (void *)1);
    ck_assert(InitOnceComplete(&once, 0, CTX));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_ptr_eq(once.Ptr, (char *)CTX + 2);
    ck_assert(InitOnceBeginInitialize(&once, 0, &pending, &context));
    ck_assert(!pending);
    ck_assert_ptr_eq(context, CTX);
}
END_TEST

START_TEST(test_begin_on_completed_once_accepts_null_context)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    begin_ok(&once, 0, TRUE);
    ck_assert(InitOnceComplete(&once, 0, CTX));
    begin_ok(&once, 0, FALSE);
    begin_ok(&once, INIT_ONCE_ASYNC, FALSE);
    begin_ok(&once, INIT_ONCE_CHECK_ONLY, FALSE);
}
END_TEST

START_TEST(test_check_only_fails_until_completed)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL pending = TRUE;
    void *context = NULL;

    begin_fails(&once, INIT_ONCE_CHECK_ONLY, ERROR_GEN_FAILURE);
    begin_ok(&once, 0, TRUE);
    begin_fails(&once, INIT_ONCE_CHECK_ONLY, ERROR_GEN_FAILURE);
    ck_assert(InitOnceComplete(&once, 0, CTX));
    ck_assert(InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context));
    ck_assert(!pending);
    ck_assert_ptr_eq(context, CTX);
}
END_TEST

START_TEST(test_check_only_fails_during_async_start)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    begin_ok(&once, INIT_ONCE_ASYNC, TRUE);
    begin_fails(&once, INIT_ONCE_CHECK_ONLY, ERROR_GEN_FAILURE);
}
END_TEST

START_TEST(test_check_only_with_async_is_invalid_in_every_state)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    begin_fails(&once, INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC, ERROR_INVALID_PARAMETER);
    begin_ok(&once, 0, TRUE);
    begin_fails(&once, INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC, ERROR_INVALID_PARAMETER);
    ck_assert(InitOnceComplete(&once, 0, CTX));
    begin_fails(&once, INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC, ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_begin_unknown_flag_is_invalid)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    begin_fails(&once, 0x8, ERROR_INVALID_PARAMETER);
    begin_fails(&once, INIT_ONCE_INIT_FAILED, ERROR_INVALID_PARAMETER);
    ck_assert_ptr_null(once.Ptr);
}
END_TEST

START_TEST(test_begin_null_pending_gives_noaccess_and_starts_nothing)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL pending;

    SetLastError(0xdeadbeef);
    ck_assert(!InitOnceBeginInitialize(&once, 0, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert_ptr_null(once.Ptr);
    SetLastError(0xdeadbeef);
    ck_assert(!InitOnceBeginInitialize(NULL, 0, &pending, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
}
END_TEST

START_TEST(test_async_begin_is_pending_for_every_caller)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    begin_ok(&once, INIT_ONCE_ASYNC, TRUE);
    ck_assert_ptr_eq(once.Ptr, (void *)3);
    begin_ok(&once, INIT_ONCE_ASYNC, TRUE);
    ck_assert_ptr_eq(once.Ptr, (void *)3);
}
END_TEST

START_TEST(test_begin_in_other_mode_than_start_is_invalid)
{
    INIT_ONCE sync = INIT_ONCE_STATIC_INIT, async = INIT_ONCE_STATIC_INIT;

    begin_ok(&sync, 0, TRUE);
    begin_fails(&sync, INIT_ONCE_ASYNC, ERROR_INVALID_PARAMETER);
    begin_ok(&async, INIT_ONCE_ASYNC, TRUE);
    begin_fails(&async, 0, ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_async_second_completer_gets_gen_failure)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL pending = FALSE;
    void *context = NULL;

    begin_ok(&once, INIT_ONCE_ASYNC, TRUE);
    begin_ok(&once, INIT_ONCE_ASYNC, TRUE);
    ck_assert(InitOnceComplete(&once, INIT_ONCE_ASYNC, CTX));
    complete_fails(&once, INIT_ONCE_ASYNC, (void *)0x7770, ERROR_GEN_FAILURE);
    ck_assert(InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context));
    ck_assert_ptr_eq(context, CTX);
}
END_TEST

START_TEST(test_complete_failed_resets_so_next_begin_is_pending)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    begin_ok(&once, 0, TRUE);
    SetLastError(0xdeadbeef);
    ck_assert(InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, NULL));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_ptr_null(once.Ptr);
    begin_ok(&once, 0, TRUE);
}
END_TEST

START_TEST(test_complete_without_begin_gives_gen_failure)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    complete_fails(&once, 0, CTX, ERROR_GEN_FAILURE);
    complete_fails(&once, INIT_ONCE_ASYNC, CTX, ERROR_GEN_FAILURE);
    complete_fails(&once, INIT_ONCE_INIT_FAILED, NULL, ERROR_GEN_FAILURE);
}
END_TEST

START_TEST(test_complete_after_completion_gives_gen_failure)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    begin_ok(&once, 0, TRUE);
    ck_assert(InitOnceComplete(&once, 0, CTX));
    complete_fails(&once, 0, (void *)0x40, ERROR_GEN_FAILURE);
    complete_fails(&once, INIT_ONCE_INIT_FAILED, NULL, ERROR_GEN_FAILURE);
}
END_TEST

START_TEST(test_complete_rejects_bad_flags_and_contexts)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    begin_ok(&once, 0, TRUE);
    complete_fails(&once, 0, (void *)0xdeadbeef, ERROR_INVALID_PARAMETER);
    complete_fails(&once, 0, (void *)0x2, ERROR_INVALID_PARAMETER);
    complete_fails(&once, INIT_ONCE_INIT_FAILED, (void *)0xdeadbee0, ERROR_INVALID_PARAMETER);
    complete_fails(&once, INIT_ONCE_INIT_FAILED | INIT_ONCE_ASYNC, NULL, ERROR_INVALID_PARAMETER);
    complete_fails(&once, 0x8, CTX, ERROR_INVALID_PARAMETER);
    complete_fails(&once, INIT_ONCE_CHECK_ONLY, CTX, ERROR_INVALID_PARAMETER);
    ck_assert_ptr_eq(once.Ptr, (void *)1);
    SetLastError(0xdeadbeef);
    ck_assert(!InitOnceComplete(NULL, 0, CTX));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
}
END_TEST

START_TEST(test_complete_in_other_mode_than_start_is_invalid)
{
    INIT_ONCE sync = INIT_ONCE_STATIC_INIT, async = INIT_ONCE_STATIC_INIT;

    begin_ok(&sync, 0, TRUE);
    complete_fails(&sync, INIT_ONCE_ASYNC, CTX, ERROR_INVALID_PARAMETER);
    begin_ok(&async, INIT_ONCE_ASYNC, TRUE);
    complete_fails(&async, 0, CTX, ERROR_INVALID_PARAMETER);
    complete_fails(&async, INIT_ONCE_INIT_FAILED, NULL, ERROR_INVALID_PARAMETER);
    ck_assert_ptr_eq(sync.Ptr, (void *)1);
    ck_assert_ptr_eq(async.Ptr, (void *)3);
}
END_TEST

/* ---- Blocking and races ---- */

struct waiter {
    PINIT_ONCE once;
    LONG returned;
    BOOL pending;
    void *context;
    struct timespec cpu;        /* CPU time the thread used while it waited */
};

static DWORD WINAPI wait_begin(LPVOID arg)
{
    struct waiter *w = arg;
    struct timespec start, end;
    BOOL ok;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    ok = InitOnceBeginInitialize(w->once, 0, &w->pending, &w->context);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
    w->cpu.tv_sec = end.tv_sec - start.tv_sec;
    w->cpu.tv_nsec = end.tv_nsec - start.tv_nsec;
    InterlockedExchange(&w->returned, 1);
    if (ok && w->pending)
        ok = InitOnceComplete(w->once, 0, (void *)(UINT_PTR)(0x100 * GetCurrentThreadId()));
    return ok;
}

START_TEST(test_begin_blocks_until_completed_and_gets_context)
{
    LEAK_CHECK_BEGIN();
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct waiter w = { .once = &once };
    HANDLE thread;

    begin_ok(&once, 0, TRUE);
    thread = CreateThread(NULL, 0, wait_begin, &w, 0, NULL);
    ck_assert_ptr_nonnull(thread);
    ck_assert_uint_eq(WaitForSingleObject(thread, 50), WAIT_TIMEOUT);
    ck_assert_int_eq(InterlockedCompareExchange(&w.returned, 0, 0), 0);
    ck_assert(InitOnceComplete(&once, 0, CTX));
    ck_assert_uint_eq(exit_code(thread), TRUE);
    ck_assert(!w.pending);
    ck_assert_ptr_eq(w.context, CTX);
    ck_assert(CloseHandle(thread));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_blocked_waiter_sleeps_instead_of_spinning)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct waiter w = { .once = &once };
    HANDLE thread;

    begin_ok(&once, 0, TRUE);
    thread = CreateThread(NULL, 0, wait_begin, &w, 0, NULL);
    ck_assert_ptr_nonnull(thread);
    ck_assert_uint_eq(WaitForSingleObject(thread, 200), WAIT_TIMEOUT);
    ck_assert(InitOnceComplete(&once, 0, CTX));
    ck_assert_uint_eq(exit_code(thread), TRUE);
    ck_assert(CloseHandle(thread));
    /* A spinning waiter would have used most of the 200 ms. */
    ck_assert_int_lt(w.cpu.tv_sec * 1000 + w.cpu.tv_nsec / 1000000, 50);
}
END_TEST

START_TEST(test_failed_start_lets_exactly_one_waiter_start_again)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct waiter w[4];
    HANDLE threads[4];
    int pending = 0;

    begin_ok(&once, 0, TRUE);
    for (int i = 0; i < 4; i++) {
        w[i] = (struct waiter){ .once = &once };
        threads[i] = CreateThread(NULL, 0, wait_begin, &w[i], 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    ck_assert_uint_eq(WaitForMultipleObjects(4, threads, FALSE, 30), WAIT_TIMEOUT);
    ck_assert(InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, NULL));
    for (int i = 0; i < 4; i++)
        ck_assert_uint_eq(exit_code(threads[i]), TRUE);
    for (int i = 0; i < 4; i++) {
        if (w[i].pending)
            pending++;
        else
            ck_assert_ptr_eq(w[i].context, (char *)once.Ptr - 2);
    }
    ck_assert_int_eq(pending, 1);
    ck_assert_uint_eq((UINT_PTR)once.Ptr & 3, 2);
    close_all(threads, 4);
}
END_TEST

#define RACE_ONCES 64
#define RACE_THREADS 8

struct race {
    INIT_ONCE once[RACE_ONCES];
    LONG calls[RACE_ONCES];
    LONG wrong;
    HANDLE go;
};

static BOOL WINAPI count_call(PINIT_ONCE once, PVOID param, PVOID *context)
{
    struct race *r = param;
    size_t i = once - r->once;

    InterlockedIncrement(&r->calls[i]);
    Sleep(0);
    *context = (void *)((i + 1) * 4);
    return TRUE;
}

static DWORD WINAPI race_main(LPVOID arg)
{
    struct race *r = arg;

    if (WaitForSingleObject(r->go, LONG_WAIT) != WAIT_OBJECT_0)
        return 0;
    for (size_t i = 0; i < RACE_ONCES; i++) {
        void *context = NULL;
        if (!InitOnceExecuteOnce(&r->once[i], count_call, r, &context) ||
            context != (void *)((i + 1) * 4))
            InterlockedIncrement(&r->wrong);
    }
    return 1;
}

START_TEST(test_execute_once_race_runs_each_callback_once)
{
    LEAK_CHECK_BEGIN();
    static struct race r;
    HANDLE threads[RACE_THREADS];

    r.go = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert_ptr_nonnull(r.go);
    for (int i = 0; i < RACE_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, race_main, &r, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    ck_assert(SetEvent(r.go));
    for (int i = 0; i < RACE_THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 1);
    for (int i = 0; i < RACE_ONCES; i++)
        ck_assert_int_eq(r.calls[i], 1);
    ck_assert_int_eq(r.wrong, 0);
    close_all(threads, RACE_THREADS);
    ck_assert(CloseHandle(r.go));
    LEAK_CHECK_END();
}
END_TEST

struct async_race {
    INIT_ONCE once;
    LONG winners, losers, wrong;
    HANDLE go;
};

static DWORD WINAPI async_main(LPVOID arg)
{
    struct async_race *r = arg;
    BOOL pending = FALSE;
    void *mine = (void *)(UINT_PTR)(GetCurrentThreadId() * 4u), *context = NULL;

    if (WaitForSingleObject(r->go, LONG_WAIT) != WAIT_OBJECT_0)
        return 0;
    if (!InitOnceBeginInitialize(&r->once, INIT_ONCE_ASYNC, &pending, &context))
        return 0;
    if (pending && InitOnceComplete(&r->once, INIT_ONCE_ASYNC, mine)) {
        InterlockedIncrement(&r->winners);
        context = mine;
    } else if (pending) {
        if (GetLastError() != ERROR_GEN_FAILURE ||
            !InitOnceBeginInitialize(&r->once, INIT_ONCE_CHECK_ONLY, &pending, &context))
            InterlockedIncrement(&r->wrong);
        InterlockedIncrement(&r->losers);
    }
    return (DWORD)(UINT_PTR)context;
}

START_TEST(test_async_race_has_one_winner_whose_context_all_see)
{
    LEAK_CHECK_BEGIN();
    struct async_race r = { .once = INIT_ONCE_STATIC_INIT };
    HANDLE threads[RACE_THREADS];
    DWORD first;

    r.go = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert_ptr_nonnull(r.go);
    for (int i = 0; i < RACE_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, async_main, &r, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    ck_assert(SetEvent(r.go));
    first = exit_code(threads[0]);
    ck_assert_uint_ne(first, 0);
    for (int i = 1; i < RACE_THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), first);
    ck_assert_int_eq(r.winners, 1);
    ck_assert_int_eq(r.wrong, 0);
    ck_assert_ptr_eq(r.once.Ptr, (void *)(UINT_PTR)(first + 2));
    close_all(threads, RACE_THREADS);
    ck_assert(CloseHandle(r.go));
    LEAK_CHECK_END();
}
END_TEST

static Suite *initonce_suite(void)
{
    Suite *s = suite_create("initonce");
    TCase *tc;

    tc = tcase_create("execute_once");
    tcase_add_test(tc, test_static_init_and_initialize_clear_ptr);
    tcase_add_test(tc, test_execute_once_runs_callback_once_and_returns_context);
    tcase_add_test(tc, test_execute_once_callback_sees_started_state_and_arguments);
    tcase_add_test(tc, test_execute_once_with_null_context);
    tcase_add_test(tc, test_execute_once_failed_callback_runs_again_next_time);
    tcase_add_test(tc, test_execute_once_keeps_error_set_by_failed_callback);
    tcase_add_test(tc, test_execute_once_context_with_reserved_bits_fails_and_resets);
    tcase_add_test(tc, test_execute_once_on_async_start_fails_keeping_last_error);
    tcase_add_test(tc, test_execute_once_null_arguments_fail);
    suite_add_tcase(s, tc);

    tc = tcase_create("begin_complete");
    tcase_add_test(tc, test_begin_sync_starts_and_complete_stores_context);
    tcase_add_test(tc, test_begin_on_completed_once_accepts_null_context);
    tcase_add_test(tc, test_check_only_fails_until_completed);
    tcase_add_test(tc, test_check_only_fails_during_async_start);
    tcase_add_test(tc, test_check_only_with_async_is_invalid_in_every_state);
    tcase_add_test(tc, test_begin_unknown_flag_is_invalid);
    tcase_add_test(tc, test_begin_null_pending_gives_noaccess_and_starts_nothing);
    tcase_add_test(tc, test_async_begin_is_pending_for_every_caller);
    tcase_add_test(tc, test_begin_in_other_mode_than_start_is_invalid);
    tcase_add_test(tc, test_async_second_completer_gets_gen_failure);
    tcase_add_test(tc, test_complete_failed_resets_so_next_begin_is_pending);
    tcase_add_test(tc, test_complete_without_begin_gives_gen_failure);
    tcase_add_test(tc, test_complete_after_completion_gives_gen_failure);
    tcase_add_test(tc, test_complete_rejects_bad_flags_and_contexts);
    tcase_add_test(tc, test_complete_in_other_mode_than_start_is_invalid);
    suite_add_tcase(s, tc);

    tc = tcase_create("threads");
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test_begin_blocks_until_completed_and_gets_context);
    tcase_add_test(tc, test_blocked_waiter_sleeps_instead_of_spinning);
    tcase_add_test(tc, test_failed_start_lets_exactly_one_waiter_start_again);
    tcase_add_test(tc, test_execute_once_race_runs_each_callback_once);
    tcase_add_test(tc, test_async_race_has_one_winner_whose_context_all_see);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(initonce_suite)
