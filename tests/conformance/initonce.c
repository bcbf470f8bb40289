/*
 * Conformance: one-time initialisation. InitOnceInitialize, InitOnceExecuteOnce,
 * InitOnceBeginInitialize, InitOnceComplete. The Ptr values checked here are
 * the ones Wine's dlls/kernel32/tests/sync.c (test_initonce) records on Windows.
 */
#include "conformance.h"

#define CTX ((void *)0x1230)

struct call {
    LONG calls;
    BOOL result;
    void *store;
    void *seen_ptr;
    void *seen_param;
};

static BOOL WINAPI record_call(PINIT_ONCE once, PVOID param, PVOID *context)
{
    struct call *c = param;

    InterlockedIncrement(&c->calls);
    c->seen_ptr = once->Ptr;
    c->seen_param = param;
    if (context)
        *context = c->store;
    return c->result;
}

static void test_initialize_clears_the_structure(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    ok(once.Ptr == NULL, "static init gave %p", once.Ptr);
    once.Ptr = (void *)0xdeadbeef;
    InitOnceInitialize(&once);
    ok(once.Ptr == NULL, "InitOnceInitialize left %p", once.Ptr);
}

static void test_execute_once_calls_back_once_and_returns_context(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct call c = { 0, TRUE, CTX, NULL, NULL };
    void *context = NULL;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = InitOnceExecuteOnce(&once, record_call, &c, &context);
    ok(ret, "InitOnceExecuteOnce failed");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    ok(c.seen_ptr == (void *)1, "callback saw Ptr %p", c.seen_ptr);
    ok(c.seen_param == &c, "callback got parameter %p", c.seen_param);
    ok(context == CTX, "context %p", context);
    ok(once.Ptr == (char *)CTX + 2, "Ptr %p", once.Ptr);
    context = NULL;
    ret = InitOnceExecuteOnce(&once, record_call, &c, &context);
    ok(ret, "second InitOnceExecuteOnce failed");
    ok(context == CTX, "second call: context %p", context);
    ok(c.calls == 1, "callback ran %ld times", (long)c.calls);
}

static void test_execute_once_failure_lets_next_call_run_it_again(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct call c = { 0, FALSE, NULL, NULL, NULL };
    void *context = NULL;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = InitOnceExecuteOnce(&once, record_call, &c, &context);
    ok(!ret, "InitOnceExecuteOnce succeeded");
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu",
       (unsigned long)GetLastError());
    ok(once.Ptr == NULL, "Ptr %p after a failed callback", once.Ptr);
    c.result = TRUE;
    c.store = CTX;
    ret = InitOnceExecuteOnce(&once, record_call, &c, &context);
    ok(ret, "retry failed");
    ok(c.calls == 2, "callback ran %ld times", (long)c.calls);
    ok(context == CTX, "context %p", context);
}

static void test_execute_once_on_async_start_fails(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct call c = { 0, TRUE, NULL, NULL, NULL };
    BOOL pending = FALSE, ret;

    ret = InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, NULL);
    ok(ret && pending, "async begin: ret %d pending %d", ret, pending);
    SetLastError(0xdeadbeef);
    ret = InitOnceExecuteOnce(&once, record_call, &c, NULL);
    ok(!ret, "InitOnceExecuteOnce succeeded during an async start");
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu",
       (unsigned long)GetLastError());
    ok(c.calls == 0, "callback ran");
    ok(once.Ptr == (void *)3, "Ptr %p", once.Ptr);
}

static void test_begin_and_complete_synchronously(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL pending = FALSE, ret;
    void *context = NULL;

    ret = InitOnceBeginInitialize(&once, 0, &pending, &context);
    ok(ret && pending, "begin: ret %d pending %d", ret, pending);
    ok(once.Ptr == (void *)1, "Ptr %p", once.Ptr);
    ok(context == NULL, "context %p", context);
    SetLastError(0xdeadbeef);
    ret = InitOnceComplete(&once, 0, (void *)0xdeadbee0);
    ok(ret, "complete failed");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    ok(once.Ptr == (void *)0xdeadbee2, "Ptr %p", once.Ptr);
    ret = InitOnceBeginInitialize(&once, 0, &pending, &context);
    ok(ret && !pending, "begin after completion: ret %d pending %d", ret, pending);
    ok(context == (void *)0xdeadbee0, "context %p", context);
}

static void test_check_only_fails_until_completed(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL pending = 0xf, ret;
    void *context = NULL;

    SetLastError(0xdeadbeef);
    ret = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context);
    ok(!ret && GetLastError() == ERROR_GEN_FAILURE, "new: ret %d error %lu", ret,
       (unsigned long)GetLastError());
    ok(pending == 0xf, "pending changed to %d", pending);
    ok(InitOnceBeginInitialize(&once, 0, &pending, &context) && pending, "begin failed");
    SetLastError(0xdeadbeef);
    ret = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context);
    ok(!ret && GetLastError() == ERROR_GEN_FAILURE, "started: ret %d error %lu", ret,
       (unsigned long)GetLastError());
    ok(once.Ptr == (void *)1, "Ptr %p", once.Ptr);
    ok(InitOnceComplete(&once, 0, CTX), "complete failed");
    ret = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context);
    ok(ret && !pending, "done: ret %d pending %d", ret, pending);
    ok(context == CTX, "context %p", context);
}

static void test_check_only_with_async_is_invalid(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL pending = FALSE, ret;
    void *context = NULL;

    SetLastError(0xdeadbeef);
    ret = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC, &pending,
                                  &context);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "ret %d error %lu", ret,
       (unsigned long)GetLastError());
    ok(InitOnceBeginInitialize(&once, 0, &pending, &context), "begin failed");
    ok(InitOnceComplete(&once, 0, CTX), "complete failed");
    SetLastError(0xdeadbeef);
    ret = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC, &pending,
                                  &context);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "done: ret %d error %lu", ret,
       (unsigned long)GetLastError());
}

static void test_complete_rejects_bad_contexts_and_flags(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL pending = FALSE, ret;

    ok(InitOnceBeginInitialize(&once, 0, &pending, NULL) && pending, "begin failed");
    SetLastError(0xdeadbeef);
    ret = InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, (void *)0xdeadbee0);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "failed with context: %d %lu", ret,
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ret = InitOnceComplete(&once, INIT_ONCE_INIT_FAILED | INIT_ONCE_ASYNC, NULL);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "failed|async: %d %lu", ret,
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ret = InitOnceComplete(&once, 0, (void *)0xdeadbeef);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "reserved bits: %d %lu", ret,
       (unsigned long)GetLastError());
    ok(once.Ptr == (void *)1, "Ptr %p", once.Ptr);
    ret = InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, NULL);
    ok(ret, "INIT_FAILED failed");
    ok(once.Ptr == NULL, "Ptr %p after a failed start", once.Ptr);
}

static void test_complete_without_start_fails(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, NULL);
    ok(!ret && GetLastError() == ERROR_GEN_FAILURE, "ret %d error %lu", ret,
       (unsigned long)GetLastError());
    ok(once.Ptr == NULL, "Ptr %p", once.Ptr);
}

static void test_async_start_is_pending_for_every_caller(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL pending = FALSE, ret;
    void *context = NULL;

    ret = InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, &context);
    ok(ret && pending, "first: ret %d pending %d", ret, pending);
    ok(once.Ptr == (void *)3, "Ptr %p", once.Ptr);
    pending = FALSE;
    ret = InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, &context);
    ok(ret && pending, "second: ret %d pending %d", ret, pending);
    SetLastError(0xdeadbeef);
    ret = InitOnceBeginInitialize(&once, 0, &pending, &context);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "sync begin: %d %lu", ret,
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ret = InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, NULL);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "INIT_FAILED: %d %lu", ret,
       (unsigned long)GetLastError());
    ok(once.Ptr == (void *)3, "Ptr %p", once.Ptr);
}

static void test_async_second_completer_loses(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL pending = FALSE, ret;
    void *context = NULL;

    ok(InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, NULL) && pending, "begin 1");
    ok(InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, NULL) && pending, "begin 2");
    ok(InitOnceComplete(&once, INIT_ONCE_ASYNC, CTX), "first complete failed");
    SetLastError(0xdeadbeef);
    ret = InitOnceComplete(&once, INIT_ONCE_ASYNC, (void *)0x7770);
    ok(!ret && GetLastError() == ERROR_GEN_FAILURE, "second complete: %d %lu", ret,
       (unsigned long)GetLastError());
    ok(once.Ptr == (char *)CTX + 2, "Ptr %p", once.Ptr);
    ret = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context);
    ok(ret && !pending && context == CTX, "winner's context: %d %d %p", ret, pending, context);
}

struct waiter {
    INIT_ONCE *once;
    LONG returned;
    BOOL pending;
    void *context;
};

static DWORD WINAPI wait_begin(LPVOID arg)
{
    struct waiter *w = arg;
    BOOL ret = InitOnceBeginInitialize(w->once, 0, &w->pending, &w->context);

    InterlockedExchange(&w->returned, 1);
    return ret;
}

static void test_begin_blocks_until_another_thread_completes(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct waiter w = { &once, 0, TRUE, NULL };
    BOOL pending = FALSE;
    DWORD code = 0;
    HANDLE thread;

    ok(InitOnceBeginInitialize(&once, 0, &pending, NULL) && pending, "begin failed");
    thread = CreateThread(NULL, 0, wait_begin, &w, 0, NULL);
    ok(thread != NULL, "CreateThread failed");
    ok(WaitForSingleObject(thread, 50) == WAIT_TIMEOUT, "waiter did not block");
    ok(InterlockedCompareExchange(&w.returned, 0, 0) == 0, "waiter returned");
    ok(InitOnceComplete(&once, 0, CTX), "complete failed");
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "waiter did not wake");
    ok(GetExitCodeThread(thread, &code) && code == TRUE, "waiter's begin failed");
    ok(!w.pending, "waiter is pending");
    ok(w.context == CTX, "waiter's context %p", w.context);
    CloseHandle(thread);
}

#define RACE_THREADS 6

struct race {
    INIT_ONCE once;
    LONG calls, wrong;
    HANDLE go;
};

static BOOL WINAPI count_call(PINIT_ONCE once, PVOID param, PVOID *context)
{
    struct race *r = param;

    InterlockedIncrement(&r->calls);
    Sleep(10);
    *context = CTX;
    return TRUE;
}

static DWORD WINAPI race_main(LPVOID arg)
{
    struct race *r = arg;
    void *context = NULL;

    if (WaitForSingleObject(r->go, 5000) != WAIT_OBJECT_0)
        return 0;
    if (!InitOnceExecuteOnce(&r->once, count_call, r, &context) || context != CTX)
        InterlockedIncrement(&r->wrong);
    return 1;
}

static void test_execute_once_race_calls_back_once(void)
{
    struct race r;
    HANDLE threads[RACE_THREADS];
    int i;

    InitOnceInitialize(&r.once);
    r.calls = r.wrong = 0;
    r.go = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(r.go != NULL, "CreateEvent failed");
    for (i = 0; i < RACE_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, race_main, &r, 0, NULL);
        ok(threads[i] != NULL, "CreateThread %d failed", i);
    }
    SetEvent(r.go);
    ok(WaitForMultipleObjects(RACE_THREADS, threads, TRUE, 5000) == WAIT_OBJECT_0,
       "threads did not end");
    ok(r.calls == 1, "callback ran %ld times", (long)r.calls);
    ok(r.wrong == 0, "%ld threads failed or saw a wrong context", (long)r.wrong);
    for (i = 0; i < RACE_THREADS; i++)
        CloseHandle(threads[i]);
    CloseHandle(r.go);
}

CONFORMANCE_MAIN(test_initialize_clears_the_structure,
                 test_execute_once_calls_back_once_and_returns_context,
                 test_execute_once_failure_lets_next_call_run_it_again,
                 test_execute_once_on_async_start_fails,
                 test_begin_and_complete_synchronously,
                 test_check_only_fails_until_completed,
                 test_check_only_with_async_is_invalid,
                 test_complete_rejects_bad_contexts_and_flags,
                 test_complete_without_start_fails,
                 test_async_start_is_pending_for_every_caller,
                 test_async_second_completer_loses,
                 test_begin_blocks_until_another_thread_completes,
                 test_execute_once_race_calls_back_once)
