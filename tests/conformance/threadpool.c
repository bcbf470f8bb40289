/*
 * Conformance: the default thread pool. TrySubmitThreadpoolCallback, work,
 * wait and timer objects (threadpoolapiset.h); QueueUserWorkItem,
 * RegisterWaitForSingleObject, UnregisterWait(Ex) and timer queues
 * (threadpoollegacyapiset.h). Expectations follow Microsoft's documentation
 * and Wine's dlls/kernel32/tests/thread.c, sync.c and dlls/ntdll/tests/threadpool.c.
 */
#include "conformance.h"

static LONG calls, fired_count;

static LONG peek(LONG *p)
{
    return InterlockedCompareExchange(p, 0, 0);
}

/* Windows timeouts may end up to one scheduler tick (about 15.6 ms) early. */
#define TICK_SLACK 16

static FILETIME relative_ms(LONGLONG ms)
{
    ULARGE_INTEGER t;
    FILETIME ft;

    t.QuadPart = (ULONGLONG)(-ms * 10000);
    ft.dwLowDateTime = t.LowPart;
    ft.dwHighDateTime = t.HighPart;
    return ft;
}

static VOID CALLBACK simple_release(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    InterlockedIncrement(&calls);
    ReleaseSemaphore(ctx, 1, NULL);
}

static VOID CALLBACK work_count(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    Sleep(1);
    InterlockedIncrement(&calls);
}

static DWORD WINAPI user_work(LPVOID ctx)
{
    InterlockedIncrement(&calls);
    ReleaseSemaphore(ctx, 1, NULL);
    return 0;
}

static VOID CALLBACK legacy_release(PVOID ctx, BOOLEAN fired)
{
    InterlockedIncrement(&calls);
    if (fired)
        InterlockedIncrement(&fired_count);
    ReleaseSemaphore(ctx, 1, NULL);
}

static void reset(void)
{
    InterlockedExchange(&calls, 0);
    InterlockedExchange(&fired_count, 0);
}

static void test_callback_environ_has_windows_layout(void)
{
    TP_CALLBACK_ENVIRON env;

    memset(&env, 0xcc, sizeof(env));
    InitializeThreadpoolEnvironment(&env);
    ok(env.Version == 3, "Version %lu", (unsigned long)env.Version);
    ok(env.Pool == NULL && env.CleanupGroup == NULL && env.FinalizationCallback == NULL,
       "default fields not NULL");
    ok(env.u.Flags == 0, "Flags %lu", (unsigned long)env.u.Flags);
    ok(env.CallbackPriority == TP_CALLBACK_PRIORITY_NORMAL, "priority %d", (int)env.CallbackPriority);
    ok(env.Size == sizeof(env), "Size %lu", (unsigned long)env.Size);
    ok(sizeof(void *) != 8 || sizeof(env) == 72, "sizeof %lu", (unsigned long)sizeof(env));
    SetThreadpoolCallbackRunsLong(&env);
    ok(env.u.s.LongFunction == 1, "LongFunction not set");
    DestroyThreadpoolEnvironment(&env);
}

static void test_TrySubmitThreadpoolCallback_runs_callback_with_default_environ(void)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    TP_CALLBACK_ENVIRON env;

    reset();
    SetLastError(0xdeadbeef);
    ok(TrySubmitThreadpoolCallback(simple_release, sem, NULL), "NULL environ failed");
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "callback did not run");
    memset(&env, 0, sizeof(env));
    env.Version = 1;
    ok(TrySubmitThreadpoolCallback(simple_release, sem, &env), "version 1 environ failed");
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "callback did not run");
    InitializeThreadpoolEnvironment(&env);
    ok(TrySubmitThreadpoolCallback(simple_release, sem, &env), "version 3 environ failed");
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "callback did not run");
    ok(peek(&calls) == 3, "calls %ld", (long)peek(&calls));
    CloseHandle(sem);
}

static void test_TrySubmitThreadpoolCallback_rejects_unknown_environ_version(void)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    TP_CALLBACK_ENVIRON env;
    BOOL ret;

    memset(&env, 0, sizeof(env));
    env.Version = 9999;
    SetLastError(0xdeadbeef);
    ret = TrySubmitThreadpoolCallback(simple_release, sem, &env);
    /* ntdll/tests/threadpool.c test_tp_simple: Windows answers STATUS_INVALID_PARAMETER
     * (todo_wine there); Wine runs the callback. */
    todo_wine_ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "ret %d", ret);
    if (ret)
        WaitForSingleObject(sem, 5000);
    CloseHandle(sem);
}

static void test_work_submitted_ten_times_runs_ten_times(void)
{
    PTP_WORK work;

    reset();
    work = CreateThreadpoolWork(work_count, NULL, NULL);
    ok(work != NULL, "CreateThreadpoolWork failed");
    for (int i = 0; i < 10; i++)
        SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ok(peek(&calls) == 10, "calls %ld", (long)peek(&calls));
    CloseThreadpoolWork(work);
}

static VOID CALLBACK work_sleeps(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    Sleep(10);
    InterlockedIncrement(&calls);
}

static void test_wait_for_work_with_cancel_drops_queued_callbacks(void)
{
    PTP_WORK work;

    reset();
    work = CreateThreadpoolWork(work_sleeps, NULL, NULL);
    for (int i = 0; i < 100; i++)
        SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, TRUE);
    ok(peek(&calls) < 100, "calls %ld", (long)peek(&calls));
    CloseThreadpoolWork(work);
}

static void test_close_work_still_runs_queued_callbacks(void)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    PTP_WORK work = CreateThreadpoolWork((PTP_WORK_CALLBACK)(void *)simple_release, sem, NULL);
    int ran = 0;

    for (int i = 0; i < 3; i++)
        SubmitThreadpoolWork(work);
    CloseThreadpoolWork(work);
    for (int i = 0; i < 3; i++)
        ran += WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0;
    ok(ran == 3, "%d of 3 ran", ran);
    CloseHandle(sem);
}

static void test_QueueUserWorkItem_runs_items_with_any_flags(void)
{
    static const ULONG flags[] = { WT_EXECUTEDEFAULT, WT_EXECUTEINIOTHREAD,
                                   WT_EXECUTEINPERSISTENTTHREAD, WT_EXECUTELONGFUNCTION,
                                   WT_TRANSFER_IMPERSONATION };
    HANDLE sem = CreateSemaphoreW(NULL, 0, 200, NULL);
    int ran = 0;

    reset();
    for (int i = 0; i < 100; i++) {
        SetLastError(0xdeadbeef);
        ok(QueueUserWorkItem(user_work, sem, flags[i % 5]), "QueueUserWorkItem %d failed", i);
    }
    for (int i = 0; i < 100; i++)
        ran += WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0;
    ok(ran == 100 && peek(&calls) == 100, "%d ran, calls %ld", ran, (long)peek(&calls));
    CloseHandle(sem);
}

/* ---- RegisterWaitForSingleObject ---- */

static void test_RegisterWaitForSingleObject_signaled_calls_back_with_false(void)
{
    HANDLE ev = CreateEventW(NULL, TRUE, TRUE, NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE wait = NULL;

    reset();
    ok(RegisterWaitForSingleObject(&wait, ev, legacy_release, sem, INFINITE, WT_EXECUTEONLYONCE),
       "RegisterWaitForSingleObject failed");
    ok(wait != NULL, "no wait handle");
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "callback did not run");
    ok(peek(&fired_count) == 0, "TimerOrWaitFired was TRUE");
    ok(WaitForSingleObject(sem, 50) == WAIT_TIMEOUT, "WT_EXECUTEONLYONCE called back twice");
    ok(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE), "UnregisterWaitEx failed");
    CloseHandle(ev);
    CloseHandle(sem);
}

static void test_RegisterWaitForSingleObject_timeout_calls_back_with_true(void)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE wait = NULL;

    reset();
    ok(RegisterWaitForSingleObject(&wait, ev, legacy_release, sem, 0, WT_EXECUTEONLYONCE),
       "RegisterWaitForSingleObject failed");
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "callback did not run");
    ok(peek(&fired_count) == 1, "TimerOrWaitFired was FALSE");
    Sleep(20);
    SetLastError(0xdeadbeef);
    ok(UnregisterWait(wait), "UnregisterWait after the callback ended failed");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    CloseHandle(ev);
    CloseHandle(sem);
}

static void test_RegisterWaitForSingleObject_repeats_and_consumes_signals(void)
{
    HANDLE obj = CreateSemaphoreW(NULL, 0, 2, NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE wait = NULL;

    reset();
    ok(RegisterWaitForSingleObject(&wait, obj, legacy_release, sem, INFINITE, WT_EXECUTEDEFAULT),
       "RegisterWaitForSingleObject failed");
    ReleaseSemaphore(obj, 1, NULL);
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "first callback did not run");
    ReleaseSemaphore(obj, 1, NULL);
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "second callback did not run");
    ok(WaitForSingleObject(obj, 0) == WAIT_TIMEOUT, "the wait did not consume the signal");
    ok(peek(&calls) == 2 && peek(&fired_count) == 0, "calls %ld", (long)peek(&calls));
    ok(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE), "UnregisterWaitEx failed");
    ReleaseSemaphore(obj, 1, NULL);
    ok(WaitForSingleObject(sem, 50) == WAIT_TIMEOUT, "called back after unregistering");
    CloseHandle(obj);
    CloseHandle(sem);
}

static void test_UnregisterWait_null_fails_with_invalid_handle(void)
{
    SetLastError(0xdeadbeef);
    ok(!UnregisterWait(NULL), "UnregisterWait(NULL) succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "last error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!UnregisterWaitEx(NULL, INVALID_HANDLE_VALUE), "UnregisterWaitEx(NULL) succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "last error %lu", (unsigned long)GetLastError());
}

struct blocker {
    HANDLE started, gate, wait;
    BOOL result;
    DWORD error;
};

static VOID CALLBACK legacy_blocks(PVOID ctx, BOOLEAN fired)
{
    struct blocker *b = ctx;

    SetEvent(b->started);
    WaitForSingleObject(b->gate, 5000);
    InterlockedIncrement(&calls);
}

static void test_UnregisterWait_while_callback_runs_returns_io_pending(void)
{
    struct blocker b;
    HANDLE ev = CreateEventW(NULL, TRUE, TRUE, NULL);
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);

    reset();
    b.started = CreateEventW(NULL, TRUE, FALSE, NULL);
    b.gate = CreateEventW(NULL, TRUE, FALSE, NULL);
    ok(RegisterWaitForSingleObject(&b.wait, ev, legacy_blocks, &b, INFINITE, WT_EXECUTEONLYONCE),
       "RegisterWaitForSingleObject failed");
    ok(WaitForSingleObject(b.started, 5000) == WAIT_OBJECT_0, "callback did not start");
    SetLastError(0xdeadbeef);
    ok(!UnregisterWaitEx(b.wait, done), "UnregisterWaitEx with a running callback succeeded");
    ok(GetLastError() == ERROR_IO_PENDING, "last error %lu", (unsigned long)GetLastError());
    ok(WaitForSingleObject(done, 30) == WAIT_TIMEOUT, "event set while the callback runs");
    SetEvent(b.gate);
    ok(WaitForSingleObject(done, 5000) == WAIT_OBJECT_0, "event not set when the callback ended");
    ok(peek(&calls) == 1, "calls %ld", (long)peek(&calls));
    CloseHandle(b.started);
    CloseHandle(b.gate);
    CloseHandle(ev);
    CloseHandle(done);
}

static DWORD WINAPI open_gate_later(LPVOID ctx)
{
    Sleep(30);
    SetEvent(ctx);
    return 0;
}

static void test_UnregisterWaitEx_invalid_handle_value_waits_for_callback(void)
{
    struct blocker b;
    HANDLE ev = CreateEventW(NULL, TRUE, TRUE, NULL);
    HANDLE opener;

    reset();
    b.started = CreateEventW(NULL, TRUE, FALSE, NULL);
    b.gate = CreateEventW(NULL, TRUE, FALSE, NULL);
    ok(RegisterWaitForSingleObject(&b.wait, ev, legacy_blocks, &b, INFINITE, WT_EXECUTEONLYONCE),
       "RegisterWaitForSingleObject failed");
    ok(WaitForSingleObject(b.started, 5000) == WAIT_OBJECT_0, "callback did not start");
    opener = CreateThread(NULL, 0, open_gate_later, b.gate, 0, NULL);
    SetLastError(0xdeadbeef);
    ok(UnregisterWaitEx(b.wait, INVALID_HANDLE_VALUE), "UnregisterWaitEx failed");
    ok(peek(&calls) == 1, "returned before the callback ended");
    WaitForSingleObject(opener, 5000);
    CloseHandle(opener);
    CloseHandle(b.started);
    CloseHandle(b.gate);
    CloseHandle(ev);
}

static void test_UnregisterWaitEx_event_is_set_even_when_idle(void)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE wait;

    ok(RegisterWaitForSingleObject(&wait, ev, legacy_release, NULL, INFINITE, WT_EXECUTEDEFAULT),
       "RegisterWaitForSingleObject failed");
    SetLastError(0xdeadbeef);
    ok(UnregisterWaitEx(wait, done), "UnregisterWaitEx failed");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    /* ntdll/tests/threadpool.c test_RtlRegisterWait: Windows sets the event. */
    ok(WaitForSingleObject(done, 1000) == WAIT_OBJECT_0, "completion event not set");
    CloseHandle(ev);
    CloseHandle(done);
}

static VOID CALLBACK unregisters_itself(PVOID ctx, BOOLEAN fired)
{
    struct blocker *b = ctx;

    SetLastError(0xdeadbeef);
    b->result = UnregisterWait(b->wait);
    b->error = GetLastError();
    SetEvent(b->started);
}

static void test_UnregisterWait_inside_own_wait_thread_callback_succeeds(void)
{
    struct blocker b;
    HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);

    b.started = CreateEventW(NULL, TRUE, FALSE, NULL);
    b.wait = NULL;
    b.result = FALSE;
    ok(RegisterWaitForSingleObject(&b.wait, ev, unregisters_itself, &b, INFINITE,
                                   WT_EXECUTEONLYONCE | WT_EXECUTEINWAITTHREAD),
       "RegisterWaitForSingleObject failed");
    SetEvent(ev);
    ok(WaitForSingleObject(b.started, 5000) == WAIT_OBJECT_0, "callback did not run");
    /* kernel32/tests/thread.c test_RegisterWaitForSingleObject: TRUE on Windows
     * (todo_wine there). */
    todo_wine_ok(b.result, "UnregisterWait in its own callback failed, error %lu",
                 (unsigned long)b.error);
    CloseHandle(b.started);
    CloseHandle(ev);
}

/* ---- thread pool waits ---- */

struct wait_info {
    HANDLE sem;
    LONG signaled, timeouts;
};

static VOID CALLBACK tp_wait_cb(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WAIT wait,
                                TP_WAIT_RESULT result)
{
    struct wait_info *info = ctx;

    if (result == WAIT_OBJECT_0)
        InterlockedIncrement(&info->signaled);
    else if (result == WAIT_TIMEOUT)
        InterlockedIncrement(&info->timeouts);
    ReleaseSemaphore(info->sem, 1, NULL);
}

static void test_threadpool_wait_fires_once_per_set(void)
{
    struct wait_info info = { CreateSemaphoreW(NULL, 0, 10, NULL), 0, 0 };
    HANDLE obj = CreateSemaphoreW(NULL, 0, 10, NULL);
    PTP_WAIT wait = CreateThreadpoolWait(tp_wait_cb, &info, NULL);

    ok(wait != NULL, "CreateThreadpoolWait failed");
    SetThreadpoolWait(wait, obj, NULL);
    ReleaseSemaphore(obj, 2, NULL);
    ok(WaitForSingleObject(info.sem, 5000) == WAIT_OBJECT_0, "callback did not run");
    ok(WaitForSingleObject(info.sem, 50) == WAIT_TIMEOUT, "called back twice");
    ok(peek(&info.signaled) == 1, "signaled %ld", (long)peek(&info.signaled));
    ok(WaitForSingleObject(obj, 0) == WAIT_OBJECT_0, "the wait took more than one count");
    WaitForThreadpoolWaitCallbacks(wait, FALSE);
    CloseThreadpoolWait(wait);
    CloseHandle(obj);
    CloseHandle(info.sem);
}

static void test_threadpool_wait_timeouts(void)
{
    struct wait_info info = { CreateSemaphoreW(NULL, 0, 10, NULL), 0, 0 };
    HANDLE obj = CreateEventW(NULL, TRUE, FALSE, NULL);
    PTP_WAIT wait = CreateThreadpoolWait(tp_wait_cb, &info, NULL);
    FILETIME ft, zero = { 0, 0 };
    ULONGLONG start;

    /* The tick is read before the due time is computed, so that the elapsed
     * time is a lower bound however late this thread runs. */
    start = GetTickCount64();
    ft = relative_ms(40);
    SetThreadpoolWait(wait, obj, &ft);
    ok(WaitForSingleObject(info.sem, 5000) == WAIT_OBJECT_0, "relative timeout never came");
    ok(GetTickCount64() - start + TICK_SLACK >= 40, "timed out too soon");
    SetThreadpoolWait(wait, obj, &zero);
    ok(WaitForSingleObject(info.sem, 5000) == WAIT_OBJECT_0, "zero timeout never came");
    SetThreadpoolWait(wait, INVALID_HANDLE_VALUE, &zero);
    ok(WaitForSingleObject(info.sem, 5000) == WAIT_OBJECT_0, "INVALID_HANDLE_VALUE: no callback");
    ok(peek(&info.timeouts) == 3 && peek(&info.signaled) == 0, "timeouts %ld, signaled %ld",
       (long)peek(&info.timeouts), (long)peek(&info.signaled));
    WaitForThreadpoolWaitCallbacks(wait, FALSE);
    CloseThreadpoolWait(wait);
    CloseHandle(obj);
    CloseHandle(info.sem);
}

static void test_threadpool_wait_set_to_null_cancels(void)
{
    struct wait_info info = { CreateSemaphoreW(NULL, 0, 10, NULL), 0, 0 };
    HANDLE obj = CreateEventW(NULL, TRUE, FALSE, NULL);
    PTP_WAIT wait = CreateThreadpoolWait(tp_wait_cb, &info, NULL);
    FILETIME ft = relative_ms(60000);      /* far enough never to come before the cancel */

    SetThreadpoolWait(wait, obj, &ft);
    SetThreadpoolWait(wait, NULL, NULL);
    SetEvent(obj);
    ok(WaitForSingleObject(info.sem, 80) == WAIT_TIMEOUT, "a cancelled wait called back");
    WaitForThreadpoolWaitCallbacks(wait, TRUE);
    CloseThreadpoolWait(wait);
    CloseHandle(obj);
    CloseHandle(info.sem);
}

static void test_two_threadpool_waits_share_one_semaphore_count(void)
{
    struct wait_info info = { CreateSemaphoreW(NULL, 0, 10, NULL), 0, 0 };
    HANDLE obj = CreateSemaphoreW(NULL, 0, 2, NULL);
    PTP_WAIT w1 = CreateThreadpoolWait(tp_wait_cb, &info, NULL);
    PTP_WAIT w2 = CreateThreadpoolWait(tp_wait_cb, &info, NULL);

    SetThreadpoolWait(w1, obj, NULL);
    SetThreadpoolWait(w2, obj, NULL);
    Sleep(30);
    ReleaseSemaphore(obj, 1, NULL);
    ok(WaitForSingleObject(info.sem, 5000) == WAIT_OBJECT_0, "no callback");
    ok(WaitForSingleObject(info.sem, 50) == WAIT_TIMEOUT, "one count woke two waits");
    ReleaseSemaphore(obj, 1, NULL);
    ok(WaitForSingleObject(info.sem, 5000) == WAIT_OBJECT_0, "second wait never fired");
    WaitForThreadpoolWaitCallbacks(w1, FALSE);
    WaitForThreadpoolWaitCallbacks(w2, FALSE);
    CloseThreadpoolWait(w1);
    CloseThreadpoolWait(w2);
    CloseHandle(obj);
    CloseHandle(info.sem);
}

/* ---- thread pool timers ---- */

static VOID CALLBACK tp_timer_cb(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_TIMER timer)
{
    ReleaseSemaphore(ctx, 1, NULL);
}

static void test_threadpool_timer_one_shot_stays_set_until_cleared(void)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    PTP_TIMER timer = CreateThreadpoolTimer(tp_timer_cb, sem, NULL);
    ULONGLONG start = GetTickCount64();
    FILETIME ft = relative_ms(40);

    ok(timer != NULL, "CreateThreadpoolTimer failed");
    ok(!IsThreadpoolTimerSet(timer), "a new timer is set");
    SetThreadpoolTimer(timer, &ft, 0, 0);
    ok(IsThreadpoolTimerSet(timer), "timer not set");
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "never fired");
    ok(GetTickCount64() - start + TICK_SLACK >= 40, "fired too soon");
    ok(WaitForSingleObject(sem, 50) == WAIT_TIMEOUT, "a one-shot timer fired twice");
    ok(IsThreadpoolTimerSet(timer), "a fired one-shot timer is no longer set");
    SetThreadpoolTimer(timer, NULL, 0, 0);
    ok(!IsThreadpoolTimerSet(timer), "timer still set after NULL");
    WaitForThreadpoolTimerCallbacks(timer, TRUE);
    CloseThreadpoolTimer(timer);
    CloseHandle(sem);
}

static void test_threadpool_timer_periodic_with_zero_due_time(void)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 100, NULL);
    PTP_TIMER timer = CreateThreadpoolTimer(tp_timer_cb, sem, NULL);
    FILETIME zero = { 0, 0 };
    int ticks = 0;

    SetThreadpoolTimer(timer, &zero, 20, 0);
    for (int i = 0; i < 3; i++)
        ticks += WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0;
    ok(ticks == 3, "%d ticks of 3", ticks);
    SetThreadpoolTimer(timer, NULL, 0, 0);
    WaitForThreadpoolTimerCallbacks(timer, TRUE);
    CloseThreadpoolTimer(timer);
    CloseHandle(sem);
}

/* ---- callback instances ---- */

#ifdef _WIN32
/* Windows 8 and later; Wine 8's kernel32 does not export them, so look them up
 * (a direct import would abort the whole run under Wine). */
typedef BOOL(WINAPI *set_timer_ex_fn)(PTP_TIMER, PFILETIME, DWORD, DWORD);
typedef BOOL(WINAPI *set_wait_ex_fn)(PTP_WAIT, HANDLE, PFILETIME, PVOID);
#define SetThreadpoolTimerEx \
    ((set_timer_ex_fn)(void (*)(void))GetProcAddress(GetModuleHandleA("kernel32.dll"), \
                                                     "SetThreadpoolTimerEx"))
#define SetThreadpoolWaitEx \
    ((set_wait_ex_fn)(void (*)(void))GetProcAddress(GetModuleHandleA("kernel32.dll"), \
                                                    "SetThreadpoolWaitEx"))
#endif

struct instance_ctx {
    HANDLE obj;             /* the event, semaphore or mutex the instance acts on */
    HANDLE started, gate;
    LONG before_return;     /* 1 if obj was already signaled before the callback returned */
    LONG result;
};

static VOID CALLBACK sets_event_on_return(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    struct instance_ctx *c = ctx;

    SetEventWhenCallbackReturns(inst, c->obj);
    Sleep(20);
    InterlockedExchange(&c->before_return, WaitForSingleObject(c->obj, 0) == WAIT_OBJECT_0);
}

static void test_SetEventWhenCallbackReturns_sets_event_after_callback(void)
{
    struct instance_ctx c = { CreateEventW(NULL, TRUE, FALSE, NULL), NULL, NULL, 0, 0 };

    ok(TrySubmitThreadpoolCallback(sets_event_on_return, &c, NULL), "submit failed");
    ok(WaitForSingleObject(c.obj, 5000) == WAIT_OBJECT_0, "event never set");
    ok(peek(&c.before_return) == 0, "event set while the callback still ran");
    CloseHandle(c.obj);
}

static VOID CALLBACK releases_semaphore_on_return(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    struct instance_ctx *c = ctx;

    ReleaseSemaphoreWhenCallbackReturns(inst, c->obj, 2);
    Sleep(20);
    InterlockedExchange(&c->before_return, WaitForSingleObject(c->obj, 0) == WAIT_OBJECT_0);
}

static void test_ReleaseSemaphoreWhenCallbackReturns_releases_the_count(void)
{
    struct instance_ctx c = { CreateSemaphoreW(NULL, 0, 10, NULL), NULL, NULL, 0, 0 };
    LONG previous = -1;

    ok(TrySubmitThreadpoolCallback(releases_semaphore_on_return, &c, NULL), "submit failed");
    ok(WaitForSingleObject(c.obj, 5000) == WAIT_OBJECT_0, "semaphore never released");
    ok(peek(&c.before_return) == 0, "semaphore released while the callback still ran");
    ok(WaitForSingleObject(c.obj, 0) == WAIT_OBJECT_0, "released by 1, not 2");
    ok(WaitForSingleObject(c.obj, 0) == WAIT_TIMEOUT, "released by more than 2");
    ok(ReleaseSemaphore(c.obj, 1, &previous) && previous == 0, "previous count %ld",
       (long)previous);
    CloseHandle(c.obj);
}

static VOID CALLBACK releases_mutex_on_return(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    struct instance_ctx *c = ctx;

    InterlockedExchange(&c->result, WaitForSingleObject(c->obj, 0) == WAIT_OBJECT_0);
    ReleaseMutexWhenCallbackReturns(inst, c->obj);
    SetEvent(c->started);
    Sleep(20);
}

static void test_ReleaseMutexWhenCallbackReturns_releases_a_mutex_the_callback_owns(void)
{
    struct instance_ctx c = { CreateMutexW(NULL, FALSE, NULL),
                              CreateEventW(NULL, TRUE, FALSE, NULL), NULL, 0, 0 };
    DWORD r;

    ok(TrySubmitThreadpoolCallback(releases_mutex_on_return, &c, NULL), "submit failed");
    ok(WaitForSingleObject(c.started, 5000) == WAIT_OBJECT_0, "callback never ran");
    ok(peek(&c.result) == 1, "the callback did not get the mutex");
    /* Not WAIT_ABANDONED: the pool thread lives on and released it. */
    r = WaitForSingleObject(c.obj, 5000);
    ok(r == WAIT_OBJECT_0, "wait returned %lu", (unsigned long)r);
    ok(ReleaseMutex(c.obj), "this thread does not own the mutex now");
    CloseHandle(c.obj);
    CloseHandle(c.started);
}

static VOID CALLBACK asks_may_run_long(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    struct instance_ctx *c = ctx;

    InterlockedExchange(&c->result, CallbackMayRunLong(inst) ? 1 : 2);
    SetEvent(c->obj);
}

static void test_CallbackMayRunLong_is_true_while_the_pool_can_grow(void)
{
    struct instance_ctx c = { CreateEventW(NULL, TRUE, FALSE, NULL), NULL, NULL, 0, 0 };

    ok(TrySubmitThreadpoolCallback(asks_may_run_long, &c, NULL), "submit failed");
    ok(WaitForSingleObject(c.obj, 5000) == WAIT_OBJECT_0, "callback never ran");
    /* MS docs: TRUE if another thread is available or can be created. */
    ok(peek(&c.result) == 1, "CallbackMayRunLong answered %ld", (long)peek(&c.result));
    CloseHandle(c.obj);
}

static VOID CALLBACK work_disassociates(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    struct instance_ctx *c = ctx;

    DisassociateCurrentThreadFromCallback(inst);
    SetEvent(c->started);
    WaitForSingleObject(c->gate, 5000);
    InterlockedExchange(&c->result, 1);
    SetEvent(c->obj);
}

static void test_DisassociateCurrentThreadFromCallback_ends_the_wait_for_callbacks(void)
{
    struct instance_ctx c = { CreateEventW(NULL, TRUE, FALSE, NULL),
                              CreateEventW(NULL, TRUE, FALSE, NULL),
                              CreateEventW(NULL, TRUE, FALSE, NULL), 0, 0 };
    PTP_WORK work = CreateThreadpoolWork(work_disassociates, &c, NULL);

    ok(work != NULL, "CreateThreadpoolWork failed");
    SubmitThreadpoolWork(work);
    ok(WaitForSingleObject(c.started, 5000) == WAIT_OBJECT_0, "callback never ran");
    /* MS docs: WaitForThreadpoolWorkCallbacks no longer waits for this callback. */
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ok(peek(&c.result) == 0, "WaitForThreadpoolWorkCallbacks waited for the callback");
    SetEvent(c.gate);
    ok(WaitForSingleObject(c.obj, 5000) == WAIT_OBJECT_0, "callback never returned");
    ok(peek(&c.result) == 1, "callback did not finish");
    CloseThreadpoolWork(work);
    CloseHandle(c.obj);
    CloseHandle(c.started);
    CloseHandle(c.gate);
}

static void test_SetThreadpoolTimerEx_returns_whether_a_set_timer_was_replaced(void)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    PTP_TIMER timer = CreateThreadpoolTimer(tp_timer_cb, sem, NULL);
    FILETIME later = relative_ms(100000), soon = relative_ms(10);

    ok(timer != NULL, "CreateThreadpoolTimer failed");
    /* MS docs: SetThreadpoolTimerEx exists since Windows 8; Wine 8 lacks it. */
    if (!todo_wine_ok(SetThreadpoolTimerEx != NULL, "SetThreadpoolTimerEx missing")) {
        CloseThreadpoolTimer(timer);
        CloseHandle(sem);
        return;
    }
    /* MS docs: TRUE if the timer was previously active and was canceled. */
    ok(!SetThreadpoolTimerEx(timer, &later, 0, 0), "a new timer was active");
    ok(IsThreadpoolTimerSet(timer), "timer not set");
    ok(SetThreadpoolTimerEx(timer, &later, 0, 0), "resetting an active timer gave FALSE");
    ok(SetThreadpoolTimerEx(timer, NULL, 0, 0), "cancelling an active timer gave FALSE");
    ok(!IsThreadpoolTimerSet(timer), "timer still set");
    ok(!SetThreadpoolTimerEx(timer, NULL, 0, 0), "cancelling an idle timer gave TRUE");
    ok(!SetThreadpoolTimerEx(timer, &soon, 0, 0), "an idle timer was active");
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "timer never fired");
    WaitForThreadpoolTimerCallbacks(timer, FALSE);
    ok(!SetThreadpoolTimerEx(timer, NULL, 0, 0), "a fired one-shot timer was still active");
    WaitForThreadpoolTimerCallbacks(timer, TRUE);
    CloseThreadpoolTimer(timer);
    CloseHandle(sem);
}

static void test_SetThreadpoolWaitEx_returns_whether_a_pending_wait_was_replaced(void)
{
    struct wait_info info = { CreateSemaphoreW(NULL, 0, 10, NULL), 0, 0 };
    HANDLE obj = CreateEventW(NULL, TRUE, FALSE, NULL);
    PTP_WAIT wait = CreateThreadpoolWait(tp_wait_cb, &info, NULL);

    ok(wait != NULL, "CreateThreadpoolWait failed");
    /* MS docs: SetThreadpoolWaitEx exists since Windows 8; Wine 8 lacks it. */
    if (!todo_wine_ok(SetThreadpoolWaitEx != NULL, "SetThreadpoolWaitEx missing")) {
        CloseThreadpoolWait(wait);
        CloseHandle(obj);
        CloseHandle(info.sem);
        return;
    }
    /* MS docs: TRUE if the wait was previously active and was canceled. */
    ok(!SetThreadpoolWaitEx(wait, obj, NULL, NULL), "a new wait was active");
    ok(SetThreadpoolWaitEx(wait, obj, NULL, NULL), "re-arming an active wait gave FALSE");
    ok(SetThreadpoolWaitEx(wait, NULL, NULL, NULL), "cancelling an active wait gave FALSE");
    ok(!SetThreadpoolWaitEx(wait, NULL, NULL, NULL), "cancelling an idle wait gave TRUE");
    SetEvent(obj);
    ok(WaitForSingleObject(info.sem, 50) == WAIT_TIMEOUT, "a cancelled wait called back");
    ok(!SetThreadpoolWaitEx(wait, obj, NULL, NULL), "an idle wait was active");
    ok(WaitForSingleObject(info.sem, 5000) == WAIT_OBJECT_0, "wait never fired");
    WaitForThreadpoolWaitCallbacks(wait, FALSE);
    ok(!SetThreadpoolWaitEx(wait, NULL, NULL, NULL), "a fired wait was still active");
    ok(peek(&info.signaled) == 1, "signaled %ld", (long)peek(&info.signaled));
    WaitForThreadpoolWaitCallbacks(wait, TRUE);
    CloseThreadpoolWait(wait);
    CloseHandle(obj);
    CloseHandle(info.sem);
}

/* ---- timer queues ---- */

static void test_timer_queue_timer_one_shot_and_periodic(void)
{
    HANDLE q = CreateTimerQueue();
    HANDLE sem = CreateSemaphoreW(NULL, 0, 100, NULL);
    HANDLE once = NULL, periodic = NULL;
    int ticks = 0;

    reset();
    ok(q != NULL, "CreateTimerQueue failed");
    ok(CreateTimerQueueTimer(&once, q, legacy_release, sem, 10, 0, WT_EXECUTEDEFAULT),
       "CreateTimerQueueTimer failed");
    ok(CreateTimerQueueTimer(&periodic, q, legacy_release, sem, 0, 20, WT_EXECUTEDEFAULT),
       "CreateTimerQueueTimer failed");
    for (int i = 0; i < 4; i++)
        ticks += WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0;
    ok(ticks == 4, "%d callbacks of 4", ticks);
    ok(peek(&fired_count) == peek(&calls), "TimerOrWaitFired was FALSE");
    ok(DeleteTimerQueueTimer(q, periodic, INVALID_HANDLE_VALUE), "DeleteTimerQueueTimer failed");
    ok(DeleteTimerQueueEx(q, INVALID_HANDLE_VALUE), "DeleteTimerQueueEx failed");
    CloseHandle(sem);
}

static void test_SetTimerQueueTimer_returns_a_timer_that_fires(void)
{
    HANDLE q = CreateTimerQueue();
    HANDLE sem = CreateSemaphoreW(NULL, 0, 100, NULL);
    HANDLE t1, t2;

    /* MS docs: SetTimerQueueTimer creates the timer (as CreateTimerQueueTimer);
     * Wine 8's kernel32 has only an unimplemented stub, which aborts the program. */
    if (!todo_wine_ok(!running_on_wine(), "SetTimerQueueTimer is a stub under Wine")) {
        DeleteTimerQueueEx(q, INVALID_HANDLE_VALUE);
        CloseHandle(sem);
        return;
    }
    reset();
    t1 = SetTimerQueueTimer(q, legacy_release, sem, 0, 0, FALSE);
    ok(t1 != NULL, "SetTimerQueueTimer on a queue failed");
    t2 = SetTimerQueueTimer(NULL, legacy_release, sem, 10, 0, TRUE);
    ok(t2 != NULL, "SetTimerQueueTimer on the default queue failed");
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "first timer never fired");
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "second timer never fired");
    ok(peek(&fired_count) == 2, "TimerOrWaitFired was FALSE");
    ok(DeleteTimerQueueTimer(q, t1, INVALID_HANDLE_VALUE), "DeleteTimerQueueTimer failed");
    ok(DeleteTimerQueueTimer(NULL, t2, INVALID_HANDLE_VALUE), "DeleteTimerQueueTimer failed");
    ok(DeleteTimerQueueEx(q, INVALID_HANDLE_VALUE), "DeleteTimerQueueEx failed");
    CloseHandle(sem);
}

static void test_CancelTimerQueueTimer_stops_a_pending_timer(void)
{
    HANDLE q = CreateTimerQueue();
    HANDLE sem = CreateSemaphoreW(NULL, 0, 100, NULL);
    HANDLE t = NULL;
    BOOL ret;

    ok(CreateTimerQueueTimer(&t, q, legacy_release, sem, 100, 0, 0),
       "CreateTimerQueueTimer failed");
    /* MS docs: CancelTimerQueueTimer cancels the timer, nonzero on success (ReactOS's
     * kernel32, timerqueue.c: RtlDeleteTimer without an event, whose STATUS_PENDING
     * counts as success); Wine 8's kernel32 has only a stub, which aborts the program. */
    if (todo_wine_ok(!running_on_wine(), "CancelTimerQueueTimer is a stub under Wine")) {
        ret = CancelTimerQueueTimer(q, t);
        ok(ret, "CancelTimerQueueTimer failed");
        ok(WaitForSingleObject(sem, 200) == WAIT_TIMEOUT, "a cancelled timer fired");
    }
    ok(DeleteTimerQueueEx(q, INVALID_HANDLE_VALUE), "DeleteTimerQueueEx failed");
    CloseHandle(sem);
}

static void test_DeleteTimerQueue_deletes_the_queue_and_its_timers(void)
{
    HANDLE q = CreateTimerQueue();
    HANDLE sem = CreateSemaphoreW(NULL, 0, 100, NULL);
    HANDLE t = NULL;
    BOOL ret;

    ok(q != NULL, "CreateTimerQueue failed");
    ok(CreateTimerQueueTimer(&t, q, legacy_release, sem, 100, 0, 0),
       "CreateTimerQueueTimer failed");
    SetLastError(0xdeadbeef);
    ret = DeleteTimerQueue(q);
    /* kernel32/tests/sync.c test_timer_queue: DeleteTimerQueueEx(q, NULL) is TRUE
     * since Vista ("ret /+ vista +/"), FALSE with ERROR_IO_PENDING before. */
    todo_wine_ok(ret, "DeleteTimerQueue failed, error %lu", (unsigned long)GetLastError());
    ok(WaitForSingleObject(sem, 200) == WAIT_TIMEOUT, "a deleted queue's timer fired");
    CloseHandle(sem);
}

static void test_DeleteTimerQueueTimer_without_event_returns_io_pending(void)
{
    HANDLE q = CreateTimerQueue();
    HANDLE sem = CreateSemaphoreW(NULL, 0, 100, NULL);
    HANDLE t = NULL;
    BOOL ret;

    ok(CreateTimerQueueTimer(&t, q, legacy_release, sem, 100000, 0, 0),
       "CreateTimerQueueTimer failed");
    SetLastError(0xdeadbeef);
    ret = DeleteTimerQueueTimer(q, t, NULL);
    /* kernel32/tests/sync.c test_timer_queue, timer t0: with a NULL event FALSE and
     * ERROR_IO_PENDING even for a timer whose callback is not running (broken(TRUE)
     * only for Windows 2000, XP and 2003). */
    ok(!ret && GetLastError() == ERROR_IO_PENDING, "ret %d, error %lu", ret,
       (unsigned long)GetLastError());
    ok(DeleteTimerQueueEx(q, INVALID_HANDLE_VALUE), "DeleteTimerQueueEx failed");
    ok(WaitForSingleObject(sem, 0) == WAIT_TIMEOUT, "the deleted timer fired");
    CloseHandle(sem);
}

/* ReactOS's kernel32, timerqueue.c: the default queue cannot be deleted. */
static void test_DeleteTimerQueue_null_fails_with_invalid_handle(void)
{
    SetLastError(0xdeadbeef);
    ok(!DeleteTimerQueue(NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "DeleteTimerQueue(NULL): %lu", (unsigned long)GetLastError());
}

static void test_ChangeTimerQueueTimer_before_and_after_a_one_shot_fires(void)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 100, NULL);
    HANDLE t = NULL;

    ok(CreateTimerQueueTimer(&t, NULL, legacy_release, sem, 100000, 0, 0),
       "CreateTimerQueueTimer on the default queue failed");
    ok(ChangeTimerQueueTimer(NULL, t, 0, 0), "ChangeTimerQueueTimer before firing failed");
    ok(WaitForSingleObject(sem, 5000) == WAIT_OBJECT_0, "changed timer never fired");
    Sleep(20);
    /* MS docs: a one-shot timer that has expired is not updated. */
    ok(ChangeTimerQueueTimer(NULL, t, 0, 10), "ChangeTimerQueueTimer after firing failed");
    ok(WaitForSingleObject(sem, 60) == WAIT_TIMEOUT, "an expired one-shot timer fired again");
    ok(DeleteTimerQueueTimer(NULL, t, INVALID_HANDLE_VALUE), "DeleteTimerQueueTimer failed");
    CloseHandle(sem);
}

static VOID CALLBACK timer_deletes_itself(PVOID ctx, BOOLEAN fired)
{
    struct blocker *b = ctx;

    SetLastError(0xdeadbeef);
    b->result = DeleteTimerQueueTimer(NULL, b->wait, NULL);
    b->error = GetLastError();
    SetEvent(b->started);
}

static void test_DeleteTimerQueueTimer_in_own_callback_returns_io_pending(void)
{
    struct blocker b;

    b.started = CreateEventW(NULL, TRUE, FALSE, NULL);
    b.wait = NULL;
    ok(CreateTimerQueueTimer(&b.wait, NULL, timer_deletes_itself, &b, 100000, 0, 0),
       "CreateTimerQueueTimer failed");
    ok(ChangeTimerQueueTimer(NULL, b.wait, 0, 0), "ChangeTimerQueueTimer failed");
    ok(WaitForSingleObject(b.started, 5000) == WAIT_OBJECT_0, "callback never ran");
    ok(!b.result && b.error == ERROR_IO_PENDING, "result %d, error %lu", b.result,
       (unsigned long)b.error);
    CloseHandle(b.started);
}

static void test_DeleteTimerQueueTimer_with_event_sets_it(void)
{
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE t = NULL;

    ok(CreateTimerQueueTimer(&t, NULL, legacy_release, NULL, 100000, 0, 0),
       "CreateTimerQueueTimer failed");
    SetLastError(0xdeadbeef);
    ok(DeleteTimerQueueTimer(NULL, t, done), "DeleteTimerQueueTimer failed");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    ok(WaitForSingleObject(done, 1000) == WAIT_OBJECT_0, "completion event not set");
    CloseHandle(done);
}

static void test_DeleteTimerQueueEx_with_event_deletes_pending_timers(void)
{
    HANDLE q = CreateTimerQueue();
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 100, NULL);
    HANDLE t = NULL;

    ok(CreateTimerQueueTimer(&t, q, legacy_release, sem, 20, 0, 0), "CreateTimerQueueTimer failed");
    /* kernel32/tests/sync.c test_timer_queue: TRUE since Vista ("ret /+ vista +/");
     * Wine answers FALSE with ERROR_IO_PENDING, as Windows XP did. */
    todo_wine_ok(DeleteTimerQueueEx(q, done), "DeleteTimerQueueEx failed");
    ok(WaitForSingleObject(done, 1000) == WAIT_OBJECT_0, "completion event not set");
    ok(WaitForSingleObject(sem, 60) == WAIT_TIMEOUT, "a deleted queue's timer fired");
    CloseHandle(done);
    CloseHandle(sem);
}

CONFORMANCE_MAIN(test_callback_environ_has_windows_layout,
                 test_TrySubmitThreadpoolCallback_runs_callback_with_default_environ,
                 test_TrySubmitThreadpoolCallback_rejects_unknown_environ_version,
                 test_work_submitted_ten_times_runs_ten_times,
                 test_wait_for_work_with_cancel_drops_queued_callbacks,
                 test_close_work_still_runs_queued_callbacks,
                 test_QueueUserWorkItem_runs_items_with_any_flags,
                 test_RegisterWaitForSingleObject_signaled_calls_back_with_false,
                 test_RegisterWaitForSingleObject_timeout_calls_back_with_true,
                 test_RegisterWaitForSingleObject_repeats_and_consumes_signals,
                 test_UnregisterWait_null_fails_with_invalid_handle,
                 test_UnregisterWait_while_callback_runs_returns_io_pending,
                 test_UnregisterWaitEx_invalid_handle_value_waits_for_callback,
                 test_UnregisterWaitEx_event_is_set_even_when_idle,
                 test_UnregisterWait_inside_own_wait_thread_callback_succeeds,
                 test_threadpool_wait_fires_once_per_set,
                 test_threadpool_wait_timeouts,
                 test_threadpool_wait_set_to_null_cancels,
                 test_two_threadpool_waits_share_one_semaphore_count,
                 test_threadpool_timer_one_shot_stays_set_until_cleared,
                 test_threadpool_timer_periodic_with_zero_due_time,
                 test_timer_queue_timer_one_shot_and_periodic,
                 test_ChangeTimerQueueTimer_before_and_after_a_one_shot_fires,
                 test_DeleteTimerQueueTimer_in_own_callback_returns_io_pending,
                 test_DeleteTimerQueueTimer_with_event_sets_it,
                 test_DeleteTimerQueueEx_with_event_deletes_pending_timers,
                 test_SetEventWhenCallbackReturns_sets_event_after_callback,
                 test_ReleaseSemaphoreWhenCallbackReturns_releases_the_count,
                 test_ReleaseMutexWhenCallbackReturns_releases_a_mutex_the_callback_owns,
                 test_CallbackMayRunLong_is_true_while_the_pool_can_grow,
                 test_DisassociateCurrentThreadFromCallback_ends_the_wait_for_callbacks,
                 test_SetThreadpoolTimerEx_returns_whether_a_set_timer_was_replaced,
                 test_SetThreadpoolWaitEx_returns_whether_a_pending_wait_was_replaced,
                 test_SetTimerQueueTimer_returns_a_timer_that_fires,
                 test_CancelTimerQueueTimer_stops_a_pending_timer,
                 test_DeleteTimerQueue_deletes_the_queue_and_its_timers,
                 test_DeleteTimerQueue_null_fails_with_invalid_handle,
                 test_DeleteTimerQueueTimer_without_event_returns_io_pending)
