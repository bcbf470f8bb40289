/*
 * Conformance: private thread pools and cleanup groups (threadpoolapiset.h).
 * CreateThreadpool, SetThreadpoolThreadMaximum/Minimum, CloseThreadpool,
 * CreateThreadpoolCleanupGroup, CloseThreadpoolCleanupGroupMembers,
 * CloseThreadpoolCleanupGroup, Set/QueryThreadpoolStackInformation, and the callback objects and instance
 * functions on a private pool. Expectations follow Microsoft's documentation
 * and Wine's dlls/ntdll/tests/threadpool.c (test_tp_simple, test_tp_work,
 * test_tp_work_scheduler, test_tp_group_cancel, test_tp_instance,
 * test_tp_disassociate), which records what Windows does.
 */
#include "conformance.h"

/* Waits that only time out if the pool is broken. */
#define LONG_MS 10000
/* A wait that must time out: the callback it waits for cannot have run. */
#define SHORT_MS 200

static LONG peek(LONG *p)
{
    return InterlockedCompareExchange(p, 0, 0);
}

/* An environment naming pool (and group, cancel callback). */
static void private_env(TP_CALLBACK_ENVIRON *env, PTP_POOL pool, PTP_CLEANUP_GROUP group,
                        PTP_CLEANUP_GROUP_CANCEL_CALLBACK cancel)
{
    InitializeThreadpoolEnvironment(env);
    SetThreadpoolCallbackPool(env, pool);
    if (group)
        SetThreadpoolCallbackCleanupGroup(env, group, cancel);
}

/* A temporary file for overlapped I/O, deleted when closed. */
static HANDLE overlapped_temp_file(const char *tag)
{
    char dir[MAX_PATH], path[MAX_PATH];

    GetTempPathA(sizeof(dir) - 32, dir);
    snprintf(path, sizeof(path), "%.200s%s-%lu.tmp", dir, tag, (unsigned long)GetCurrentProcessId());
    return CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE, NULL);
}

/* Ends a test: its group, pool and two semaphores go. */
static void close_all(PTP_POOL pool, PTP_CLEANUP_GROUP group, HANDLE *sems)
{
    CloseThreadpoolCleanupGroup(group);
    CloseThreadpool(pool);
    CloseHandle(sems[0]);
    CloseHandle(sems[1]);
}

/* A pool limited to one thread. */
static PTP_POOL one_thread_pool(void)
{
    PTP_POOL pool = CreateThreadpool(NULL);

    ok(pool != NULL, "CreateThreadpool failed %lu", (unsigned long)GetLastError());
    SetThreadpoolThreadMaximum(pool, 1);
    return pool;
}

/* test_tp_group_cancel: the cancel callback runs in the thread releasing
 * the group, once per object, with the object's and the release's data. */
static LONG cancel_calls;
static DWORD cancel_thread;
static PVOID cancel_object_ctx, cancel_cleanup_ctx;

static VOID CALLBACK group_cancel(PVOID object_ctx, PVOID cleanup_ctx)
{
    InterlockedIncrement(&cancel_calls);
    cancel_thread = GetCurrentThreadId();
    cancel_object_ctx = object_ctx;
    cancel_cleanup_ctx = cleanup_ctx;
}

static VOID CALLBACK work_count(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    InterlockedIncrement((LONG *)ctx);
}

static VOID CALLBACK simple_count(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    InterlockedIncrement((LONG *)ctx);
}

static VOID CALLBACK simple_release(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    ReleaseSemaphore(ctx, 1, NULL);
}

static void test_work_runs_on_a_private_pool(void)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    TP_CALLBACK_ENVIRON env;
    PTP_WORK work;
    LONG count = 0;
    int i;

    ok(pool != NULL, "CreateThreadpool failed");
    private_env(&env, pool, NULL, NULL);
    work = CreateThreadpoolWork(work_count, &count, &env);
    ok(work != NULL, "CreateThreadpoolWork failed %lu", (unsigned long)GetLastError());
    for (i = 0; i < 10; i++)
        SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ok(peek(&count) == 10, "count %ld", (long)peek(&count));
    CloseThreadpoolWork(work);
    DestroyThreadpoolEnvironment(&env);
    CloseThreadpool(pool);
}

static void test_simple_callback_runs_on_a_private_pool(void)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 1, NULL);
    TP_CALLBACK_ENVIRON env;

    private_env(&env, pool, NULL, NULL);
    ok(TrySubmitThreadpoolCallback(simple_release, sem, &env), "TrySubmitThreadpoolCallback failed");
    ok(WaitForSingleObject(sem, LONG_MS) == WAIT_OBJECT_0, "callback did not run");
    /* Version 1 environments name pools too. */
    env.Version = 1;
    ok(TrySubmitThreadpoolCallback(simple_release, sem, &env), "version 1 failed");
    ok(WaitForSingleObject(sem, LONG_MS) == WAIT_OBJECT_0, "callback did not run");
    CloseThreadpool(pool);
    CloseHandle(sem);
}

/* Two callbacks that wait for each other: with a maximum of one thread, the
 * first cannot see the second run; with two, it can. */
struct pair {
    HANDLE second_ran;
    DWORD wait_ms;
    DWORD first_saw;
};

static VOID CALLBACK pair_first(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    struct pair *p = ctx;

    p->first_saw = WaitForSingleObject(p->second_ran, p->wait_ms);
}

static VOID CALLBACK pair_second(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    struct pair *p = ctx;

    SetEvent(p->second_ran);
}

static void run_pair(PTP_POOL pool, struct pair *p, DWORD wait_ms, DWORD first_wait)
{
    TP_CALLBACK_ENVIRON env;
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();

    p->second_ran = CreateEventW(NULL, TRUE, FALSE, NULL);
    p->wait_ms = wait_ms;
    p->first_saw = 0xdeadbeef;
    private_env(&env, pool, group, NULL);
    ok(TrySubmitThreadpoolCallback(pair_first, p, &env), "submit first failed");
    ok(TrySubmitThreadpoolCallback(pair_second, p, &env), "submit second failed");
    CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
    ok(p->first_saw == first_wait, "first callback's wait %lu, expected %lu",
       (unsigned long)p->first_saw, (unsigned long)first_wait);
    ok(WaitForSingleObject(p->second_ran, 0) == WAIT_OBJECT_0, "second callback did not run");
    CloseThreadpoolCleanupGroup(group);
    CloseHandle(p->second_ran);
}

static void test_maximum_of_one_runs_callbacks_one_at_a_time(void)
{
    PTP_POOL pool = one_thread_pool();
    struct pair p;

    run_pair(pool, &p, SHORT_MS, WAIT_TIMEOUT);
    /* Raised to two, the second runs while the first waits for it. */
    SetThreadpoolThreadMaximum(pool, 2);
    run_pair(pool, &p, LONG_MS, WAIT_OBJECT_0);
    CloseThreadpool(pool);
}

/* A callback on a one-thread pool that holds its only thread until told. */
static VOID CALLBACK hold_thread(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    HANDLE *h = ctx;

    SetEvent(h[0]);
    WaitForSingleObject(h[1], LONG_MS);
}

static VOID CALLBACK timer_release(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_TIMER timer)
{
    ReleaseSemaphore(ctx, 1, NULL);
}

static VOID CALLBACK wait_release(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WAIT wait,
                                  TP_WAIT_RESULT result)
{
    ReleaseSemaphore(ctx, 1, NULL);
}

static void test_timers_and_waits_run_on_their_pools_threads(void)
{
    PTP_POOL pool = one_thread_pool();
    HANDLE hold[2] = { CreateEventW(NULL, TRUE, FALSE, NULL), CreateEventW(NULL, TRUE, FALSE, NULL) };
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE signaled = CreateEventW(NULL, TRUE, TRUE, NULL);
    TP_CALLBACK_ENVIRON env;
    FILETIME now = { 0, 0 };
    PTP_TIMER timer;
    PTP_WAIT wait;

    private_env(&env, pool, NULL, NULL);
    timer = CreateThreadpoolTimer(timer_release, sem, &env);
    wait = CreateThreadpoolWait(wait_release, sem, &env);
    ok(timer && wait, "create failed");
    ok(TrySubmitThreadpoolCallback(hold_thread, hold, &env), "submit failed");
    ok(WaitForSingleObject(hold[0], LONG_MS) == WAIT_OBJECT_0, "holder did not start");
    SetThreadpoolTimer(timer, &now, 0, 0);
    SetThreadpoolWait(wait, signaled, NULL);
    /* The pool's one thread is busy: neither may run yet. */
    ok(WaitForSingleObject(sem, SHORT_MS) == WAIT_TIMEOUT, "a callback ran beyond the maximum");
    SetEvent(hold[1]);
    ok(WaitForSingleObject(sem, LONG_MS) == WAIT_OBJECT_0, "first callback did not run");
    ok(WaitForSingleObject(sem, LONG_MS) == WAIT_OBJECT_0, "second callback did not run");
    WaitForThreadpoolTimerCallbacks(timer, FALSE);
    WaitForThreadpoolWaitCallbacks(wait, FALSE);
    CloseThreadpoolTimer(timer);
    CloseThreadpoolWait(wait);
    CloseThreadpool(pool);
    CloseHandle(hold[0]);
    CloseHandle(hold[1]);
    CloseHandle(sem);
    CloseHandle(signaled);
}

static VOID CALLBACK io_release(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PVOID ov, ULONG result,
                                ULONG_PTR bytes, PTP_IO io)
{
    if (result == NO_ERROR && bytes == 6)
        ReleaseSemaphore(ctx, 1, NULL);
}

/* An I/O object of env for a new temporary file (*f), whose callbacks
 * release sem. */
static PTP_IO io_on_temp_file(const char *tag, HANDLE sem, TP_CALLBACK_ENVIRON *env, HANDLE *f)
{
    PTP_IO io;

    *f = overlapped_temp_file(tag);
    ok(*f != INVALID_HANDLE_VALUE, "CreateFileA failed %lu", (unsigned long)GetLastError());
    io = CreateThreadpoolIo(*f, io_release, sem, env);
    ok(io != NULL, "CreateThreadpoolIo failed %lu", (unsigned long)GetLastError());
    return io;
}

/* Writes 6 bytes to f through io. */
static void start_write(PTP_IO io, HANDLE f, OVERLAPPED *ov)
{
    BOOL r;

    StartThreadpoolIo(io);
    r = WriteFile(f, "abcdef", 6, NULL, ov);
    ok(r || GetLastError() == ERROR_IO_PENDING, "WriteFile failed %lu", (unsigned long)GetLastError());
}

/* An I/O object's completions run on its pool. */
static void test_io_runs_on_its_pools_threads(void)
{
    PTP_POOL pool = one_thread_pool();
    HANDLE hold[2] = { CreateEventW(NULL, TRUE, FALSE, NULL), CreateEventW(NULL, TRUE, FALSE, NULL) };
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    TP_CALLBACK_ENVIRON env;
    OVERLAPPED ov = { 0 };
    HANDLE f;
    PTP_IO io;

    private_env(&env, pool, NULL, NULL);
    io = io_on_temp_file("w32tpool", sem, &env, &f);
    ok(TrySubmitThreadpoolCallback(hold_thread, hold, &env), "submit failed");
    ok(WaitForSingleObject(hold[0], LONG_MS) == WAIT_OBJECT_0, "holder did not start");
    start_write(io, f, &ov);
    /* The pool's one thread is busy: the completion waits for it. */
    ok(WaitForSingleObject(sem, SHORT_MS) == WAIT_TIMEOUT, "the I/O callback ran beyond the maximum");
    SetEvent(hold[1]);
    ok(WaitForSingleObject(sem, LONG_MS) == WAIT_OBJECT_0, "the I/O callback did not run");
    WaitForThreadpoolIoCallbacks(io, FALSE);
    CloseThreadpoolIo(io);
    CloseThreadpool(pool);
    CloseHandle(f);
    CloseHandle(hold[0]);
    CloseHandle(hold[1]);
    CloseHandle(sem);
}

/* An I/O object joins the group its environment names: the group's
 * release closes it, and calls the cancel callback with its context. */
static void test_cleanup_group_releases_io_objects(void)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    TP_CALLBACK_ENVIRON env;
    OVERLAPPED ov = { 0 };
    HANDLE f;
    PTP_IO io;

    private_env(&env, pool, group, group_cancel);
    io = io_on_temp_file("w32tpool-g", sem, &env, &f);
    start_write(io, f, &ov);
    ok(WaitForSingleObject(sem, LONG_MS) == WAIT_OBJECT_0, "the I/O callback did not run");
    cancel_calls = 0;
    CloseThreadpoolCleanupGroupMembers(group, TRUE, &ov);
    ok(cancel_calls == 1, "cancel callback called %ld times", (long)cancel_calls);
    ok(cancel_object_ctx == sem && cancel_cleanup_ctx == &ov, "cancel callback's contexts");
    /* The object is gone: not closed again. */
    CloseHandle(f);
    CloseThreadpoolCleanupGroup(group);
    CloseThreadpool(pool);
    CloseHandle(sem);
}

static void test_SetThreadpoolThreadMinimum_succeeds(void)
{
    PTP_POOL pool = CreateThreadpool(NULL);

    ok(SetThreadpoolThreadMinimum(pool, 2), "minimum 2 failed %lu", (unsigned long)GetLastError());
    /* Above the maximum: the maximum follows. */
    SetThreadpoolThreadMaximum(pool, 1);
    ok(SetThreadpoolThreadMinimum(pool, 3), "minimum 3 failed %lu", (unsigned long)GetLastError());
    ok(SetThreadpoolThreadMinimum(pool, 0), "minimum 0 failed %lu", (unsigned long)GetLastError());
    CloseThreadpool(pool);
}

/* Objects keep a closed pool: callbacks queued when it closes still run.
 * (Submitting after CloseThreadpool asserts in Wine's ntdll, so that is
 * checked in check_threadpool only.) */
static void test_closed_pool_runs_queued_callbacks(void)
{
    PTP_POOL pool = one_thread_pool();
    HANDLE hold[2] = { CreateEventW(NULL, TRUE, FALSE, NULL), CreateEventW(NULL, TRUE, FALSE, NULL) };
    TP_CALLBACK_ENVIRON env;
    PTP_WORK work;
    LONG count = 0;

    private_env(&env, pool, NULL, NULL);
    work = CreateThreadpoolWork(work_count, &count, &env);
    ok(TrySubmitThreadpoolCallback(hold_thread, hold, &env), "submit failed");
    ok(WaitForSingleObject(hold[0], LONG_MS) == WAIT_OBJECT_0, "holder did not start");
    SubmitThreadpoolWork(work);
    SubmitThreadpoolWork(work);
    CloseThreadpool(pool);
    SetEvent(hold[1]);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ok(peek(&count) == 2, "count %ld", (long)peek(&count));
    CloseThreadpoolWork(work);
    CloseHandle(hold[0]);
    CloseHandle(hold[1]);
}

static VOID CALLBACK may_run_long(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    *(BOOL *)ctx = CallbackMayRunLong(inst);
}

static void test_CallbackMayRunLong_is_false_at_the_pools_maximum(void)
{
    PTP_POOL pool = one_thread_pool();
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    TP_CALLBACK_ENVIRON env;
    BOOL ret = 0xdead;

    private_env(&env, pool, group, NULL);
    ok(TrySubmitThreadpoolCallback(may_run_long, &ret, &env), "submit failed");
    CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
    ok(ret == FALSE, "CallbackMayRunLong returned %d", ret);
    CloseThreadpoolCleanupGroup(group);
    CloseThreadpool(pool);
}

static void test_cleanup_group_without_cancel_waits_for_every_callback(void)
{
    PTP_POOL pool = one_thread_pool();
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    TP_CALLBACK_ENVIRON env;
    PTP_WORK work;
    LONG count = 0, simple = 0;
    int i;

    ok(group != NULL, "CreateThreadpoolCleanupGroup failed");
    private_env(&env, pool, group, NULL);
    work = CreateThreadpoolWork(work_count, &count, &env);
    for (i = 0; i < 10; i++)
        SubmitThreadpoolWork(work);
    ok(TrySubmitThreadpoolCallback(simple_count, &simple, &env), "submit failed");
    CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
    ok(peek(&count) == 10, "work ran %ld times", (long)peek(&count));
    ok(peek(&simple) == 1, "simple callback ran %ld times", (long)peek(&simple));
    /* The work object is gone with the group: not closed again. The group
     * can be used again. */
    work = CreateThreadpoolWork(work_count, &count, &env);
    SubmitThreadpoolWork(work);
    CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
    ok(peek(&count) == 11, "work ran %ld times", (long)peek(&count));
    CloseThreadpoolCleanupGroup(group);
    CloseThreadpool(pool);
}

static VOID CALLBACK group_cancel_release(PVOID object_ctx, PVOID cleanup_ctx)
{
    group_cancel(object_ctx, cleanup_ctx);
    ReleaseSemaphore(((HANDLE *)cleanup_ctx)[0], 1, NULL);
}

static VOID CALLBACK blocker(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    HANDLE *sems = ctx;

    WaitForSingleObject(sems[0], LONG_MS);
    ReleaseSemaphore(sems[1], 1, NULL);
}

static VOID CALLBACK never_called(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    InterlockedIncrement((LONG *)ctx);
}

static void test_cleanup_group_cancel_drops_pending_and_calls_back(void)
{
    PTP_POOL pool = one_thread_pool();
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    HANDLE sems[2] = { CreateSemaphoreW(NULL, 0, 1, NULL), CreateSemaphoreW(NULL, 0, 1, NULL) };
    TP_CALLBACK_ENVIRON env;
    LONG ran = 0;

    /* The pool's only thread blocks until the cancel callback releases it,
     * so the group's callback is still queued when the group is released. */
    private_env(&env, pool, NULL, NULL);
    ok(TrySubmitThreadpoolCallback(blocker, sems, &env), "submit failed");
    private_env(&env, pool, group, group_cancel_release);
    ok(TrySubmitThreadpoolCallback(never_called, &ran, &env), "submit failed");
    cancel_calls = 0;
    cancel_thread = 0;
    CloseThreadpoolCleanupGroupMembers(group, TRUE, sems);
    ok(WaitForSingleObject(sems[1], LONG_MS) == WAIT_OBJECT_0, "blocker did not end");
    ok(peek(&ran) == 0, "a cancelled callback ran");
    ok(cancel_calls == 1, "cancel callback called %ld times", (long)cancel_calls);
    ok(cancel_thread == GetCurrentThreadId(), "cancel callback ran in thread %lu",
       (unsigned long)cancel_thread);
    ok(cancel_object_ctx == &ran && cancel_cleanup_ctx == sems, "cancel callback's contexts");
    close_all(pool, group, sems);
}

static void test_cleanup_group_cancel_calls_back_once_per_object(void)
{
    PTP_POOL pool = one_thread_pool();
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    HANDLE sems[2] = { CreateSemaphoreW(NULL, 0, 1, NULL), CreateSemaphoreW(NULL, 0, 1, NULL) };
    TP_CALLBACK_ENVIRON env;
    PTP_WORK work;
    LONG count = 0;
    int i;

    private_env(&env, pool, NULL, NULL);
    ok(TrySubmitThreadpoolCallback(blocker, sems, &env), "submit failed");
    private_env(&env, pool, group, group_cancel);
    work = CreateThreadpoolWork(work_count, &count, &env);
    for (i = 0; i < 10; i++)
        SubmitThreadpoolWork(work);
    cancel_calls = 0;
    CloseThreadpoolCleanupGroupMembers(group, TRUE, &count);
    ok(peek(&count) == 0, "cancelled work ran %ld times", (long)peek(&count));
    ok(cancel_calls == 1, "cancel callback called %ld times", (long)cancel_calls);
    ok(cancel_object_ctx == &count && cancel_cleanup_ctx == &count, "cancel callback's contexts");
    ReleaseSemaphore(sems[0], 1, NULL);
    ok(WaitForSingleObject(sems[1], LONG_MS) == WAIT_OBJECT_0, "blocker did not end");
    close_all(pool, group, sems);
}

/* Released timers and waits are disarmed: they never fire. */
static void test_cleanup_group_disarms_timers_and_waits(void)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
    TP_CALLBACK_ENVIRON env;
    FILETIME due;
    ULARGE_INTEGER t;
    PTP_TIMER timer;
    PTP_WAIT wait;

    t.QuadPart = (ULONGLONG)(-100 * 10000);     /* 100 ms from now */
    due.dwLowDateTime = t.LowPart;
    due.dwHighDateTime = t.HighPart;
    private_env(&env, pool, group, NULL);
    timer = CreateThreadpoolTimer(timer_release, sem, &env);
    wait = CreateThreadpoolWait(wait_release, sem, &env);
    SetThreadpoolTimer(timer, &due, 0, 0);
    SetThreadpoolWait(wait, event, NULL);
    CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
    SetEvent(event);
    ok(WaitForSingleObject(sem, SHORT_MS + 100) == WAIT_TIMEOUT, "a released object fired");
    CloseThreadpoolCleanupGroup(group);
    CloseThreadpool(pool);
    CloseHandle(sem);
    CloseHandle(event);
}

/* test_tp_instance on a private pool. */
static VOID CALLBACK release_on_return(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    HANDLE *h = ctx;

    ReleaseSemaphoreWhenCallbackReturns(inst, h[0], 1);
    SetEventWhenCallbackReturns(inst, h[1]);
}

static VOID CALLBACK finalization_checks(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    HANDLE *h = ctx;

    /* The instance's actions come after the finalization callback. */
    if (WaitForSingleObject(h[0], 0) == WAIT_TIMEOUT)
        ReleaseSemaphore(h[2], 1, NULL);
}

static void test_instance_functions_on_a_private_pool(void)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    HANDLE h[3] = { CreateSemaphoreW(NULL, 0, 1, NULL), CreateEventW(NULL, TRUE, FALSE, NULL),
                    CreateSemaphoreW(NULL, 0, 1, NULL) };
    TP_CALLBACK_ENVIRON env;

    private_env(&env, pool, NULL, NULL);
    env.FinalizationCallback = finalization_checks;
    ok(TrySubmitThreadpoolCallback(release_on_return, h, &env), "submit failed");
    ok(WaitForSingleObject(h[0], LONG_MS) == WAIT_OBJECT_0, "semaphore not released");
    ok(WaitForSingleObject(h[1], LONG_MS) == WAIT_OBJECT_0, "event not set");
    ok(WaitForSingleObject(h[2], LONG_MS) == WAIT_OBJECT_0, "finalization ran after the actions");
    CloseThreadpool(pool);
    CloseHandle(h[0]);
    CloseHandle(h[1]);
    CloseHandle(h[2]);
}

/* The instance's critical section is left (after the callback) before its
 * event is set. */
struct cs_test {
    CRITICAL_SECTION cs;
    HANDLE done;
};

static VOID CALLBACK leave_cs_on_return(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    struct cs_test *t = ctx;

    EnterCriticalSection(&t->cs);
    LeaveCriticalSectionWhenCallbackReturns(inst, &t->cs);
    SetEventWhenCallbackReturns(inst, t->done);
}

static void test_LeaveCriticalSectionWhenCallbackReturns(void)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    TP_CALLBACK_ENVIRON env;
    struct cs_test t;

    InitializeCriticalSection(&t.cs);
    t.done = CreateEventW(NULL, TRUE, FALSE, NULL);
    private_env(&env, pool, NULL, NULL);
    ok(TrySubmitThreadpoolCallback(leave_cs_on_return, &t, &env), "submit failed");
    ok(WaitForSingleObject(t.done, LONG_MS) == WAIT_OBJECT_0, "event not set");
    ok(TryEnterCriticalSection(&t.cs), "the callback's thread still owns the critical section");
    LeaveCriticalSection(&t.cs);
    DeleteCriticalSection(&t.cs);
    CloseHandle(t.done);
    CloseThreadpool(pool);
}

/* test_tp_disassociate: unlike WaitForThreadpoolWorkCallbacks, releasing a
 * group waits for a callback that disassociated itself. */
static VOID CALLBACK disassociate_then_wait(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    HANDLE *sems = ctx;

    DisassociateCurrentThreadFromCallback(inst);
    WaitForSingleObject(sems[0], SHORT_MS);
    ReleaseSemaphore(sems[1], 1, NULL);
}

static VOID CALLBACK work_disassociate_then_wait(PTP_CALLBACK_INSTANCE inst, PVOID ctx,
                                                  PTP_WORK work)
{
    disassociate_then_wait(inst, ctx);
}

static void test_cleanup_group_waits_for_disassociated_callbacks(void)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    HANDLE sems[2] = { CreateSemaphoreW(NULL, 0, 1, NULL), CreateSemaphoreW(NULL, 0, 1, NULL) };
    TP_CALLBACK_ENVIRON env;
    PTP_WORK work;

    private_env(&env, pool, group, NULL);
    ok(TrySubmitThreadpoolCallback(disassociate_then_wait, sems, &env), "submit failed");
    CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
    ok(WaitForSingleObject(sems[1], 0) == WAIT_OBJECT_0, "released before the callback ended");
    /* Its wait timed out before: the count is still there. */
    ReleaseSemaphore(sems[0], 1, NULL);
    ok(WaitForSingleObject(sems[0], 0) == WAIT_OBJECT_0, "the callback took the count");

    work = CreateThreadpoolWork(work_disassociate_then_wait, sems, &env);
    SubmitThreadpoolWork(work);
    CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
    ok(WaitForSingleObject(sems[1], 0) == WAIT_OBJECT_0, "released before the work ended");
    close_all(pool, group, sems);
}

/* The cancel callback is called neither without fCancelPendingCallbacks
 * nor for an object the program closed itself (waited for, not released
 * twice). */
static void test_cleanup_group_cancel_callback_only_when_cancelling_open_objects(void)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    TP_CALLBACK_ENVIRON env;
    PTP_WORK work;
    LONG count = 0;

    private_env(&env, pool, group, group_cancel);
    work = CreateThreadpoolWork(work_count, &count, &env);
    SubmitThreadpoolWork(work);
    cancel_calls = 0;
    CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
    ok(peek(&count) == 1, "work ran %ld times", (long)peek(&count));
    ok(cancel_calls == 0, "cancel callback called %ld times", (long)cancel_calls);

    work = CreateThreadpoolWork(work_count, &count, &env);
    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    CloseThreadpoolWork(work);
    CloseThreadpoolCleanupGroupMembers(group, TRUE, NULL);
    ok(cancel_calls == 0, "cancel callback called %ld times", (long)cancel_calls);
    ok(peek(&count) == 2, "work ran %ld times", (long)peek(&count));
    CloseThreadpoolCleanupGroup(group);
    CloseThreadpool(pool);
}

/* Uses depth * 64 KiB of stack; returns the sum of what it stored, so no
 * frame can be left out. */
static int deep_stack(int depth)
{
    volatile char frame[64 * 1024];

    frame[0] = (char)depth;
    frame[sizeof(frame) - 1] = 1;
    if (depth > 1)
        return frame[0] + frame[sizeof(frame) - 1] + deep_stack(depth - 1);
    return frame[0] + frame[sizeof(frame) - 1];
}

static VOID CALLBACK work_deep_stack(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    *(int *)ctx = deep_stack(48);
}

/* The pool's threads get the stack asked: a callback on a pool with an
 * 8 MiB reserve uses 3 MiB, more than a thread's default. */
static void test_stack_information(void)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    TP_POOL_STACK_INFORMATION info = { 0, 0 }, set = { 8 << 20, 64 << 10 };
    TP_CALLBACK_ENVIRON env;
    PTP_WORK work;
    int sum = 0;

    ok(QueryThreadpoolStackInformation(pool, &info) && info.StackReserve >= info.StackCommit &&
           info.StackCommit > 0,
       "a new pool's stack: reserve %lu, commit %lu", (unsigned long)info.StackReserve,
       (unsigned long)info.StackCommit);
    SetLastError(0xdeadbeef);
    ok(!QueryThreadpoolStackInformation(pool, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "Query with NULL: error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetThreadpoolStackInformation(pool, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "Set with NULL: error %lu", (unsigned long)GetLastError());
    ok(SetThreadpoolStackInformation(pool, &set), "Set failed %lu", (unsigned long)GetLastError());
    ok(QueryThreadpoolStackInformation(pool, &info) && info.StackReserve == set.StackReserve &&
           info.StackCommit == set.StackCommit,
       "Query gives what was set: reserve %lu, commit %lu", (unsigned long)info.StackReserve,
       (unsigned long)info.StackCommit);
    if (running_on_wine()) {
        /* Wine 8 starts pool threads with the program's default stack, on
         * which the deep callback would overflow: not run there. */
        todo_wine_ok(FALSE, "Wine gives a pool's threads the stack asked");
        CloseThreadpool(pool);
        return;
    }
    private_env(&env, pool, NULL, NULL);
    work = CreateThreadpoolWork(work_deep_stack, &sum, &env);
    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ok(sum == 48 * 49 / 2 + 48, "the deep callback returned %d", sum);
    CloseThreadpoolWork(work);
    CloseThreadpool(pool);
}

CONFORMANCE_MAIN(test_work_runs_on_a_private_pool,
                 test_stack_information,
                 test_simple_callback_runs_on_a_private_pool,
                 test_maximum_of_one_runs_callbacks_one_at_a_time,
                 test_timers_and_waits_run_on_their_pools_threads,
                 test_io_runs_on_its_pools_threads,
                 test_cleanup_group_releases_io_objects,
                 test_SetThreadpoolThreadMinimum_succeeds,
                 test_closed_pool_runs_queued_callbacks,
                 test_CallbackMayRunLong_is_false_at_the_pools_maximum,
                 test_cleanup_group_without_cancel_waits_for_every_callback,
                 test_cleanup_group_cancel_drops_pending_and_calls_back,
                 test_cleanup_group_cancel_calls_back_once_per_object,
                 test_cleanup_group_disarms_timers_and_waits,
                 test_instance_functions_on_a_private_pool,
                 test_LeaveCriticalSectionWhenCallbackReturns,
                 test_cleanup_group_waits_for_disassociated_callbacks,
                 test_cleanup_group_cancel_callback_only_when_cancelling_open_objects)
