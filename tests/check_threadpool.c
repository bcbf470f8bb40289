/* The default thread pool: work, waits, timers, and their legacy forms. */
#include "waitutil.h"
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

static LONG calls;              /* callbacks that ran, in the test's process */
static LONG timed_out;          /* of those, the ones told the wait timed out */

/* A LONG other threads change with Interlocked*, read atomically. */
static LONG peek(LONG *p)
{
    return InterlockedCompareExchange(p, 0, 0);
}

/* Threads of this process, counted from /proc/self/task. */
static int thread_count(void)
{
    DIR *d = opendir("/proc/self/task");
    int n = 0;
    struct dirent *e;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static void wait_ok(HANDLE h)
{
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
}

static void wait_times_out(HANDLE h, DWORD ms)
{
    ck_assert_uint_eq(WaitForSingleObject(h, ms), WAIT_TIMEOUT);
}

static FILETIME relative_ms(LONGLONG ms)
{
    ULARGE_INTEGER t;
    FILETIME ft;

    t.QuadPart = (ULONGLONG)(-ms * 10000);
    ft.dwLowDateTime = t.LowPart;
    ft.dwHighDateTime = t.HighPart;
    return ft;
}

/* ---- when a callback ran ---- */

static ULONGLONG filetime_now(void)
{
    FILETIME now;
    ULARGE_INTEGER t;

    GetSystemTimeAsFileTime(&now);
    t.LowPart = now.dwLowDateTime;
    t.HighPart = now.dwHighDateTime;
    return t.QuadPart;
}

/* CLOCK_MONOTONIC, the clock relative due times and timeouts are on. */
static uint64_t mono_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* When the last timer or wait callback ran, on both clocks. A due time is a
 * lower bound on these, however late the test thread runs; 1 ms less on the
 * wall clock, which NTP may slew against the monotonic one the pool sleeps on.
 * Atomic: a periodic timer's callbacks may run on two workers at once. */
static _Atomic uint64_t called_mono_ns;
static _Atomic ULONGLONG called_filetime;
#define SLEW_100NS 10000u

static void stamp_call(void)
{
    called_mono_ns = mono_ns();
    called_filetime = filetime_now();
}

/* ---- callbacks ---- */

static VOID CALLBACK simple_set_event(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    InterlockedIncrement(&calls);
    SetEvent(ctx);
}

static VOID CALLBACK simple_release(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    InterlockedIncrement(&calls);
    ReleaseSemaphore(ctx, 1, NULL);
}

static VOID CALLBACK work_count(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    InterlockedIncrement(&calls);
}

static VOID CALLBACK work_release(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    InterlockedIncrement(&calls);
    ReleaseSemaphore(ctx, 1, NULL);
}

static VOID CALLBACK work_gated(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    InterlockedIncrement(&calls);
    ck_assert_uint_eq(WaitForSingleObject(ctx, LONG_WAIT), WAIT_OBJECT_0);
}

static DWORD WINAPI user_work_release(LPVOID ctx)
{
    InterlockedIncrement(&calls);
    ReleaseSemaphore(ctx, 1, NULL);
    return 0;
}

static VOID CALLBACK legacy_release(PVOID ctx, BOOLEAN fired)
{
    InterlockedIncrement(&calls);
    if (fired)
        InterlockedIncrement(&timed_out);
    ReleaseSemaphore(ctx, 1, NULL);
}

/* ---- TrySubmitThreadpoolCallback, work objects ---- */

START_TEST(test_try_submit_runs_callback_once)
{
    LEAK_CHECK_BEGIN();
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);

    ck_assert(TrySubmitThreadpoolCallback(simple_set_event, done, NULL));
    wait_ok(done);
    Sleep(10);
    ck_assert_int_eq(peek(&calls), 1);
    ck_assert(CloseHandle(done));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_try_submit_null_callback_fails_invalid_parameter)
{
    SetLastError(0xdeadbeef);
    ck_assert(!TrySubmitThreadpoolCallback(NULL, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_environ_version_other_than_1_or_3_fails_invalid_parameter)
{
    TP_CALLBACK_ENVIRON env;

    memset(&env, 0, sizeof(env));
    env.Version = 9999;
    SetLastError(0xdeadbeef);
    ck_assert(!TrySubmitThreadpoolCallback(simple_set_event, NULL, &env));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    env.Version = 2;
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateThreadpoolWork(work_count, NULL, &env));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_default_environ_v1_and_v3_are_accepted)
{
    TP_CALLBACK_ENVIRON env;
    PTP_WORK work;

    InitializeThreadpoolEnvironment(&env);
    ck_assert_uint_eq(env.Version, 3);
    ck_assert_uint_eq(env.Size, sizeof(env));
    SetThreadpoolCallbackRunsLong(&env);
    SetThreadpoolCallbackPriority(&env, TP_CALLBACK_PRIORITY_HIGH);
    work = CreateThreadpoolWork(work_count, NULL, &env);
    ck_assert_ptr_nonnull(work);
    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    CloseThreadpoolWork(work);
    memset(&env, 0, sizeof(env));
    env.Version = 1;
    work = CreateThreadpoolWork(work_count, NULL, &env);
    ck_assert_ptr_nonnull(work);
    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    CloseThreadpoolWork(work);
    DestroyThreadpoolEnvironment(&env);
    ck_assert_int_eq(peek(&calls), 2);
}
END_TEST

START_TEST(test_work_null_callback_fails_invalid_parameter)
{
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateThreadpoolWork(NULL, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateThreadpoolWait(NULL, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateThreadpoolTimer(NULL, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_work_submitted_ten_times_runs_ten_times)
{
    PTP_WORK work = CreateThreadpoolWork(work_count, NULL, NULL);

    ck_assert_ptr_nonnull(work);
    for (int i = 0; i < 10; i++)
        SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ck_assert_int_eq(peek(&calls), 10);
    CloseThreadpoolWork(work);
}
END_TEST

static PTP_WORK seen_work;
static PVOID seen_context;

static VOID CALLBACK work_records(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    seen_work = work;
    seen_context = ctx;
}

START_TEST(test_work_callback_gets_its_work_and_context)
{
    PTP_WORK work = CreateThreadpoolWork(work_records, (PVOID)0x1234, NULL);

    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ck_assert_ptr_eq(seen_work, work);
    ck_assert_ptr_eq(seen_context, (PVOID)0x1234);
    CloseThreadpoolWork(work);
}
END_TEST

static DWORD WINAPI set_after_50ms(LPVOID event)
{
    Sleep(50);
    SetEvent(event);
    return 0;
}

START_TEST(test_wait_with_cancel_skips_callbacks_not_started)
{
    HANDLE gate = CreateEventW(NULL, TRUE, FALSE, NULL);
    PTP_WORK work = CreateThreadpoolWork(work_gated, gate, NULL);
    HANDLE opener;

    for (int i = 0; i < 200; i++)
        SubmitThreadpoolWork(work);
    opener = CreateThread(NULL, 0, set_after_50ms, gate, 0, NULL);
    WaitForThreadpoolWorkCallbacks(work, TRUE);
    /* How many ran before the cancel depends on the scheduler; that nothing
     * runs after the wait returns does not. */
    LONG ran = peek(&calls);
    ck_assert_int_le(ran, 200);
    Sleep(20);
    ck_assert_int_eq(peek(&calls), ran);
    CloseThreadpoolWork(work);
    wait_ok(opener);
    ck_assert(CloseHandle(opener));
    ck_assert(CloseHandle(gate));
}
END_TEST

static VOID CALLBACK work_slow(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    Sleep(30);
    InterlockedIncrement(&calls);
}

START_TEST(test_wait_for_callbacks_waits_for_running_ones)
{
    PTP_WORK work = CreateThreadpoolWork(work_slow, NULL, NULL);

    SubmitThreadpoolWork(work);
    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ck_assert_int_eq(peek(&calls), 2);
    CloseThreadpoolWork(work);
}
END_TEST

START_TEST(test_close_work_with_queued_callbacks_runs_them)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 5, NULL);
    PTP_WORK work = CreateThreadpoolWork(work_release, sem, NULL);

    for (int i = 0; i < 5; i++)
        SubmitThreadpoolWork(work);
    CloseThreadpoolWork(work);
    for (int i = 0; i < 5; i++)
        wait_ok(sem);
    ck_assert_int_eq(peek(&calls), 5);
    ck_assert(CloseHandle(sem));
}
END_TEST

static VOID CALLBACK work_closes_itself(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    WaitForThreadpoolWorkCallbacks(work, FALSE);    /* its own: must not deadlock */
    CloseThreadpoolWork(work);
    SetEvent(ctx);
}

START_TEST(test_work_may_wait_for_and_close_itself_in_its_callback)
{
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    PTP_WORK work = CreateThreadpoolWork(work_closes_itself, done, NULL);

    SubmitThreadpoolWork(work);
    wait_ok(done);
    ck_assert(CloseHandle(done));
}
END_TEST

START_TEST(test_null_objects_are_ignored)
{
    SetLastError(0xdeadbeef);
    SubmitThreadpoolWork(NULL);
    WaitForThreadpoolWorkCallbacks(NULL, TRUE);
    CloseThreadpoolWork(NULL);
    SetThreadpoolWait(NULL, NULL, NULL);
    CloseThreadpoolWait(NULL);
    SetThreadpoolTimer(NULL, NULL, 0, 0);
    ck_assert(!IsThreadpoolTimerSet(NULL));
    CloseThreadpoolTimer(NULL);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
}
END_TEST

/* Each callback waits until all of them run: the pool must grow past the CPUs. */
#define BLOCKERS 12
static LONG started;

static DWORD WINAPI blocker(LPVOID event)
{
    if (InterlockedIncrement(&started) == BLOCKERS)
        SetEvent(event);
    WaitForSingleObject(event, LONG_WAIT);
    InterlockedIncrement(&calls);
    return 0;
}

START_TEST(test_pool_grows_when_every_worker_blocks)
{
    HANDLE all = CreateEventW(NULL, TRUE, FALSE, NULL);

    for (int i = 0; i < BLOCKERS; i++)
        ck_assert(QueueUserWorkItem(blocker, all, WT_EXECUTEDEFAULT));
    wait_ok(all);
    while (peek(&calls) < BLOCKERS)
        Sleep(1);
    ck_assert(CloseHandle(all));
}
END_TEST

START_TEST(test_queue_user_work_item_accepts_every_flag)
{
    static const ULONG flags[] = {
        WT_EXECUTEDEFAULT, WT_EXECUTELONGFUNCTION, WT_EXECUTEINIOTHREAD, WT_EXECUTEINUITHREAD,
        WT_EXECUTEINPERSISTENTTHREAD, WT_TRANSFER_IMPERSONATION, WT_EXECUTEINWAITTHREAD,
        WT_EXECUTEONLYONCE,
    };
    HANDLE sem = CreateSemaphoreW(NULL, 0, 100, NULL);

    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        ck_assert(QueueUserWorkItem(user_work_release, sem, flags[i]));
        wait_ok(sem);
    }
    ck_assert_int_eq(peek(&calls), (LONG)(sizeof(flags) / sizeof(flags[0])));
    ck_assert(CloseHandle(sem));
}
END_TEST

START_TEST(test_queue_user_work_item_null_function_fails)
{
    SetLastError(0xdeadbeef);
    ck_assert(!QueueUserWorkItem(NULL, NULL, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

#define SUBMITTERS 4
#define SUBMITS 1000

static DWORD WINAPI submitter(LPVOID sem)
{
    for (int i = 0; i < SUBMITS; i++)
        ck_assert(TrySubmitThreadpoolCallback(simple_release, sem, NULL));
    return 0;
}

START_TEST(test_hammer_submissions_from_several_threads_all_run)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, SUBMITTERS * SUBMITS, NULL);
    HANDLE threads[SUBMITTERS];

    for (int i = 0; i < SUBMITTERS; i++)
        threads[i] = CreateThread(NULL, 0, submitter, sem, 0, NULL);
    for (int i = 0; i < SUBMITTERS * SUBMITS; i++)
        wait_ok(sem);
    ck_assert_int_eq(peek(&calls), SUBMITTERS * SUBMITS);
    ck_assert_uint_eq(WaitForMultipleObjects(SUBMITTERS, threads, TRUE, LONG_WAIT), WAIT_OBJECT_0);
    close_all(threads, SUBMITTERS);
    ck_assert(CloseHandle(sem));
}
END_TEST

/* ---- callback instances ---- */

static VOID CALLBACK instance_actions(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    HANDLE *h = ctx;

    SetEventWhenCallbackReturns(inst, h[0]);
    ReleaseSemaphoreWhenCallbackReturns(inst, h[1], 2);
    ck_assert_uint_eq(WaitForSingleObject(h[2], 0), WAIT_OBJECT_0);
    ReleaseMutexWhenCallbackReturns(inst, h[2]);
    ck_assert(CallbackMayRunLong(inst));
    /* Nothing happens before the callback returns. */
    ck_assert_uint_eq(WaitForSingleObject(h[0], 0), WAIT_TIMEOUT);
}

START_TEST(test_instance_actions_happen_when_callback_returns)
{
    HANDLE h[3] = {
        CreateEventW(NULL, TRUE, FALSE, NULL),
        CreateSemaphoreW(NULL, 0, 2, NULL),
        CreateMutexW(NULL, FALSE, NULL),
    };

    ck_assert(TrySubmitThreadpoolCallback(instance_actions, h, NULL));
    wait_ok(h[0]);
    wait_ok(h[2]);          /* released by the worker: free to take */
    ck_assert(ReleaseMutex(h[2]));
    wait_ok(h[1]);
    wait_ok(h[1]);
    wait_times_out(h[1], 0);
    close_all(h, 3);
}
END_TEST

static VOID CALLBACK work_disassociates(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    DisassociateCurrentThreadFromCallback(inst);
    ck_assert_uint_eq(WaitForSingleObject(ctx, LONG_WAIT), WAIT_OBJECT_0);
    InterlockedIncrement(&calls);
}

START_TEST(test_wait_for_callbacks_ignores_disassociated_callback)
{
    HANDLE gate = CreateEventW(NULL, TRUE, FALSE, NULL);
    PTP_WORK work = CreateThreadpoolWork(work_disassociates, gate, NULL);

    SubmitThreadpoolWork(work);
    Sleep(20);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ck_assert_int_eq(peek(&calls), 0);
    CloseThreadpoolWork(work);
    ck_assert(SetEvent(gate));
    while (peek(&calls) == 0)
        Sleep(1);
    ck_assert(CloseHandle(gate));
}
END_TEST

static LONG finalized_after;
static HANDLE finalized;

static VOID CALLBACK finalization(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    InterlockedExchange(&finalized_after, peek(&calls));
    SetEvent(finalized);
}

START_TEST(test_finalization_callback_runs_after_the_callback)
{
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    TP_CALLBACK_ENVIRON env;

    InitializeThreadpoolEnvironment(&env);
    env.FinalizationCallback = finalization;
    finalized = CreateEventW(NULL, TRUE, FALSE, NULL);
    ck_assert(TrySubmitThreadpoolCallback(simple_set_event, done, &env));
    wait_ok(finalized);
    ck_assert_int_eq(peek(&finalized_after), 1);
    ck_assert(CloseHandle(done));
    ck_assert(CloseHandle(finalized));
}
END_TEST

/* ---- RegisterWaitForSingleObject ---- */

START_TEST(test_registered_wait_on_signaled_event_calls_back_not_timed_out)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventW(NULL, TRUE, TRUE, NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE wait = NULL;

    ck_assert(RegisterWaitForSingleObject(&wait, ev, legacy_release, sem, INFINITE,
                                          WT_EXECUTEONLYONCE));
    ck_assert_ptr_nonnull(wait);
    wait_ok(sem);
    ck_assert_int_eq(peek(&timed_out), 0);
    ck_assert(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
    ck_assert_int_eq(peek(&calls), 1);
    close_all((HANDLE[]){ ev, sem }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_registered_wait_times_out_with_true)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE wait = NULL;

    ck_assert(RegisterWaitForSingleObject(&wait, ev, legacy_release, sem, 20,
                                          WT_EXECUTEONLYONCE));
    wait_ok(sem);
    ck_assert_int_eq(peek(&timed_out), 1);
    wait_times_out(sem, 50);
    ck_assert(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
    close_all((HANDLE[]){ ev, sem }, 2);
}
END_TEST

START_TEST(test_registered_wait_repeats_without_only_once)
{
    HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE wait = NULL;

    ck_assert(RegisterWaitForSingleObject(&wait, ev, legacy_release, sem, INFINITE, 0));
    for (int i = 0; i < 3; i++) {
        ck_assert(SetEvent(ev));
        wait_ok(sem);
    }
    ck_assert_int_eq(peek(&calls), 3);
    ck_assert_int_eq(peek(&timed_out), 0);
    ck_assert(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
    ck_assert(SetEvent(ev));
    wait_times_out(sem, 30);
    close_all((HANDLE[]){ ev, sem }, 2);
}
END_TEST

START_TEST(test_registered_wait_with_timeout_repeats_timeouts)
{
    HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE wait = NULL;

    ck_assert(RegisterWaitForSingleObject(&wait, ev, legacy_release, sem, 10, 0));
    wait_ok(sem);
    wait_ok(sem);
    ck_assert(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
    ck_assert_int_ge(peek(&timed_out), 2);
    close_all((HANDLE[]){ ev, sem }, 2);
}
END_TEST

START_TEST(test_registered_wait_consumes_the_signal)
{
    HANDLE sem_obj = CreateSemaphoreW(NULL, 0, 1, NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE wait = NULL;

    ck_assert(RegisterWaitForSingleObject(&wait, sem_obj, legacy_release, sem, INFINITE,
                                          WT_EXECUTEONLYONCE));
    await_waiters(sem_obj, 1);
    ck_assert(ReleaseSemaphore(sem_obj, 1, NULL));
    wait_ok(sem);
    ck_assert_uint_eq(WaitForSingleObject(sem_obj, 0), WAIT_TIMEOUT);
    ck_assert(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
    close_all((HANDLE[]){ sem_obj, sem }, 2);
}
END_TEST

START_TEST(test_register_wait_bad_arguments_fail)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE wait = (HANDLE)0x1;

    SetLastError(0xdeadbeef);
    ck_assert(!RegisterWaitForSingleObject(NULL, ev, legacy_release, NULL, INFINITE, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0xdeadbeef);
    ck_assert(!RegisterWaitForSingleObject(&wait, ev, NULL, NULL, INFINITE, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert(!RegisterWaitForSingleObject(&wait, NULL, legacy_release, NULL, INFINITE, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!RegisterWaitForSingleObject(&wait, (HANDLE)0xdeadbee0, legacy_release, NULL,
                                           INFINITE, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_ptr_eq(wait, (HANDLE)0x1);
    ck_assert(CloseHandle(ev));
}
END_TEST

START_TEST(test_unregister_null_or_stale_handle_fails_invalid_handle)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE wait = NULL;

    SetLastError(0xdeadbeef);
    ck_assert(!UnregisterWait(NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!UnregisterWaitEx(NULL, INVALID_HANDLE_VALUE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(RegisterWaitForSingleObject(&wait, ev, legacy_release, NULL, INFINITE, 0));
    SetLastError(0xdeadbeef);
    ck_assert(UnregisterWait(wait));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    SetLastError(0xdeadbeef);
    ck_assert(!UnregisterWait(wait));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!UnregisterWait(ev));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(ev));
}
END_TEST

struct gated {
    HANDLE started, gate;
    HANDLE wait;
    BOOL result;
    DWORD error;
};

static VOID CALLBACK legacy_blocks(PVOID ctx, BOOLEAN fired)
{
    struct gated *g = ctx;

    SetEvent(g->started);
    ck_assert_uint_eq(WaitForSingleObject(g->gate, LONG_WAIT), WAIT_OBJECT_0);
    InterlockedIncrement(&calls);
}

START_TEST(test_unregister_while_callback_runs_returns_io_pending)
{
    struct gated g = { .started = CreateEventW(NULL, TRUE, FALSE, NULL), .gate = CreateEventW(NULL, TRUE, FALSE, NULL) };
    HANDLE ev = CreateEventW(NULL, TRUE, TRUE, NULL);
    HANDLE wait;

    ck_assert(RegisterWaitForSingleObject(&wait, ev, legacy_blocks, &g, INFINITE,
                                          WT_EXECUTEONLYONCE));
    wait_ok(g.started);
    SetLastError(0xdeadbeef);
    ck_assert(!UnregisterWait(wait));
    ck_assert_uint_eq(GetLastError(), ERROR_IO_PENDING);
    ck_assert(SetEvent(g.gate));
    while (peek(&calls) == 0)
        Sleep(1);
    close_all((HANDLE[]){ g.started, g.gate, ev }, 3);
}
END_TEST

static DWORD WINAPI open_gate_later(LPVOID ctx)
{
    struct gated *g = ctx;

    Sleep(30);
    SetEvent(g->gate);
    return 0;
}

START_TEST(test_unregister_with_invalid_handle_value_waits_for_callback)
{
    struct gated g = { .started = CreateEventW(NULL, TRUE, FALSE, NULL), .gate = CreateEventW(NULL, TRUE, FALSE, NULL) };
    HANDLE ev = CreateEventW(NULL, TRUE, TRUE, NULL);
    HANDLE wait, opener;

    ck_assert(RegisterWaitForSingleObject(&wait, ev, legacy_blocks, &g, INFINITE,
                                          WT_EXECUTEONLYONCE));
    wait_ok(g.started);
    opener = CreateThread(NULL, 0, open_gate_later, &g, 0, NULL);
    SetLastError(0xdeadbeef);
    ck_assert(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_int_eq(peek(&calls), 1);
    wait_ok(opener);
    close_all((HANDLE[]){ g.started, g.gate, ev, opener }, 4);
}
END_TEST

START_TEST(test_unregister_with_event_sets_it_when_callback_ends)
{
    struct gated g = { .started = CreateEventW(NULL, TRUE, FALSE, NULL), .gate = CreateEventW(NULL, TRUE, FALSE, NULL) };
    HANDLE ev = CreateEventW(NULL, TRUE, TRUE, NULL);
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE wait;

    ck_assert(RegisterWaitForSingleObject(&wait, ev, legacy_blocks, &g, INFINITE,
                                          WT_EXECUTEONLYONCE));
    wait_ok(g.started);
    SetLastError(0xdeadbeef);
    ck_assert(!UnregisterWaitEx(wait, done));
    ck_assert_uint_eq(GetLastError(), ERROR_IO_PENDING);
    wait_times_out(done, 20);
    ck_assert(SetEvent(g.gate));
    wait_ok(done);
    ck_assert_int_eq(peek(&calls), 1);
    close_all((HANDLE[]){ g.started, g.gate, ev, done }, 4);
}
END_TEST

START_TEST(test_unregister_idle_wait_with_event_sets_it_at_once)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE wait;

    ck_assert(RegisterWaitForSingleObject(&wait, ev, legacy_release, NULL, INFINITE, 0));
    SetLastError(0xdeadbeef);
    ck_assert(UnregisterWaitEx(wait, done));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    wait_ok(done);
    close_all((HANDLE[]){ ev, done }, 2);
}
END_TEST

static VOID CALLBACK legacy_unregisters_itself(PVOID ctx, BOOLEAN fired)
{
    struct gated *g = ctx;

    SetLastError(0xdeadbeef);
    g->result = UnregisterWaitEx(g->wait, INVALID_HANDLE_VALUE);
    g->error = GetLastError();
    SetEvent(g->started);
}

START_TEST(test_unregister_blocking_in_own_worker_callback_returns_io_pending)
{
    struct gated g = { .started = CreateEventW(NULL, TRUE, FALSE, NULL) };
    HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);

    ck_assert(RegisterWaitForSingleObject(&g.wait, ev, legacy_unregisters_itself, &g, INFINITE,
                                          WT_EXECUTEONLYONCE));
    ck_assert(SetEvent(ev));
    wait_ok(g.started);
    ck_assert(!g.result);
    ck_assert_uint_eq(g.error, ERROR_IO_PENDING);
    close_all((HANDLE[]){ g.started, ev }, 2);
}
END_TEST

static VOID CALLBACK legacy_unregisters_itself_nonblocking(PVOID ctx, BOOLEAN fired)
{
    struct gated *g = ctx;

    SetLastError(0xdeadbeef);
    g->result = UnregisterWait(g->wait);
    g->error = GetLastError();
    SetEvent(g->started);
}

START_TEST(test_unregister_in_own_wait_thread_callback_succeeds)
{
    struct gated g = { .started = CreateEventW(NULL, TRUE, FALSE, NULL) };
    HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);

    ck_assert(RegisterWaitForSingleObject(&g.wait, ev, legacy_unregisters_itself_nonblocking, &g,
                                          INFINITE, WT_EXECUTEONLYONCE | WT_EXECUTEINWAITTHREAD));
    ck_assert(SetEvent(ev));
    wait_ok(g.started);
    ck_assert(g.result);
    ck_assert_uint_eq(g.error, 0xdeadbeef);
    close_all((HANDLE[]){ g.started, ev }, 2);
}
END_TEST

START_TEST(test_registered_wait_survives_closing_the_handle)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE wait;

    ck_assert(RegisterWaitForSingleObject(&wait, ev, legacy_release, sem, 20, WT_EXECUTEONLYONCE));
    ck_assert(CloseHandle(ev));
    wait_ok(sem);
    ck_assert_int_eq(peek(&timed_out), 1);
    ck_assert(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
    ck_assert(CloseHandle(sem));
}
END_TEST

#define MANY_WAITS 400

START_TEST(test_many_registered_waits_cost_no_thread)
{
    static HANDLE events[MANY_WAITS], waits[MANY_WAITS];
    HANDLE sem = CreateSemaphoreW(NULL, 0, MANY_WAITS, NULL);
    int before;

    /* The pool's own threads exist once it has been used. */
    ck_assert(TrySubmitThreadpoolCallback(simple_release, sem, NULL));
    wait_ok(sem);
    before = thread_count();
    for (int i = 0; i < MANY_WAITS; i++) {
        events[i] = CreateEventW(NULL, FALSE, FALSE, NULL);
        ck_assert(RegisterWaitForSingleObject(&waits[i], events[i], legacy_release, sem,
                                              i % 2 ? INFINITE : 60000, 0));
    }
    /* Armed waits, with or without a timeout, cost no thread. */
    ck_assert_int_eq(thread_count(), before);
    for (int i = MANY_WAITS - 1; i >= 0; i--) {
        ck_assert(SetEvent(events[i]));
        wait_ok(sem);
    }
    ck_assert_int_eq(peek(&calls), MANY_WAITS + 1);
    for (int i = 0; i < MANY_WAITS; i++) {
        ck_assert(UnregisterWaitEx(waits[i], INVALID_HANDLE_VALUE));
        ck_assert(CloseHandle(events[i]));
    }
    ck_assert(CloseHandle(sem));
}
END_TEST

static DWORD WINAPI register_unregister(LPVOID ev)
{
    for (int i = 0; i < 200; i++) {
        HANDLE wait;
        ck_assert(RegisterWaitForSingleObject(&wait, ev, legacy_release, ev, i % 3, 0));
        ck_assert(UnregisterWaitEx(wait, i % 2 ? INVALID_HANDLE_VALUE : NULL) || GetLastError() == ERROR_IO_PENDING);
    }
    return 0;
}

START_TEST(test_hammer_register_and_unregister_from_several_threads)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 0x7fffffff, NULL);
    HANDLE threads[4];

    for (int i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, register_unregister, sem, 0, NULL);
    ck_assert_uint_eq(WaitForMultipleObjects(4, threads, TRUE, LONG_WAIT), WAIT_OBJECT_0);
    close_all(threads, 4);
    Sleep(20);
    ck_assert(CloseHandle(sem));
}
END_TEST

/* ---- thread pool waits ---- */

struct tp_wait_info {
    HANDLE sem;
    LONG signaled, timeouts;
};

static VOID CALLBACK tp_wait_cb(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WAIT wait,
                                TP_WAIT_RESULT result)
{
    struct tp_wait_info *info = ctx;

    stamp_call();
    if (result == WAIT_OBJECT_0)
        InterlockedIncrement(&info->signaled);
    else if (result == WAIT_TIMEOUT)
        InterlockedIncrement(&info->timeouts);
    ReleaseSemaphore(info->sem, 1, NULL);
}

START_TEST(test_threadpool_wait_fires_once_when_signaled)
{
    struct tp_wait_info info = { .sem = CreateSemaphoreW(NULL, 0, 10, NULL) };
    HANDLE obj = CreateSemaphoreW(NULL, 0, 10, NULL);
    PTP_WAIT wait = CreateThreadpoolWait(tp_wait_cb, &info, NULL);

    ck_assert_ptr_nonnull(wait);
    SetThreadpoolWait(wait, obj, NULL);
    ck_assert(ReleaseSemaphore(obj, 2, NULL));
    wait_ok(info.sem);
    wait_times_out(info.sem, 30);
    ck_assert_int_eq(peek(&info.signaled), 1);
    ck_assert_uint_eq(WaitForSingleObject(obj, 0), WAIT_OBJECT_0);     /* one left */
    WaitForThreadpoolWaitCallbacks(wait, FALSE);
    CloseThreadpoolWait(wait);
    close_all((HANDLE[]){ info.sem, obj }, 2);
}
END_TEST

START_TEST(test_threadpool_wait_relative_and_zero_timeouts)
{
    struct tp_wait_info info = { .sem = CreateSemaphoreW(NULL, 0, 10, NULL) };
    HANDLE obj = CreateEventW(NULL, TRUE, FALSE, NULL);
    PTP_WAIT wait = CreateThreadpoolWait(tp_wait_cb, &info, NULL);
    FILETIME ft = relative_ms(30);
    FILETIME zero = { 0, 0 };
    uint64_t set_at = mono_ns();

    SetThreadpoolWait(wait, obj, &ft);
    wait_ok(info.sem);
    ck_assert_uint_ge(called_mono_ns - set_at, 30000000u);
    ck_assert_int_eq(peek(&info.timeouts), 1);
    SetThreadpoolWait(wait, obj, &zero);
    wait_ok(info.sem);
    ck_assert_int_eq(peek(&info.timeouts), 2);
    /* INVALID_HANDLE_VALUE is the current process: never signalled. */
    SetThreadpoolWait(wait, INVALID_HANDLE_VALUE, &zero);
    wait_ok(info.sem);
    ck_assert_int_eq(peek(&info.timeouts), 3);
    ck_assert_int_eq(peek(&info.signaled), 0);
    WaitForThreadpoolWaitCallbacks(wait, FALSE);
    CloseThreadpoolWait(wait);
    close_all((HANDLE[]){ info.sem, obj }, 2);
}
END_TEST

START_TEST(test_threadpool_wait_absolute_timeout)
{
    struct tp_wait_info info = { .sem = CreateSemaphoreW(NULL, 0, 10, NULL) };
    HANDLE obj = CreateEventW(NULL, TRUE, FALSE, NULL);
    PTP_WAIT wait = CreateThreadpoolWait(tp_wait_cb, &info, NULL);
    ULARGE_INTEGER due = { .QuadPart = filetime_now() + 30 * 10000 };
    FILETIME ft = { due.LowPart, due.HighPart };

    SetThreadpoolWait(wait, obj, &ft);
    wait_ok(info.sem);
    ck_assert_uint_ge(called_filetime + SLEW_100NS, due.QuadPart);
    ck_assert_int_eq(peek(&info.timeouts), 1);
    WaitForThreadpoolWaitCallbacks(wait, FALSE);
    CloseThreadpoolWait(wait);
    close_all((HANDLE[]){ info.sem, obj }, 2);
}
END_TEST

START_TEST(test_set_threadpool_wait_null_cancels)
{
    struct tp_wait_info info = { .sem = CreateSemaphoreW(NULL, 0, 10, NULL) };
    HANDLE obj = CreateEventW(NULL, TRUE, FALSE, NULL);
    PTP_WAIT wait = CreateThreadpoolWait(tp_wait_cb, &info, NULL);

    /* No timeout: the wait is still pending when it is cancelled, however
     * late this thread runs. */
    ck_assert(!SetThreadpoolWaitEx(wait, obj, NULL, NULL));
    ck_assert(SetThreadpoolWaitEx(wait, NULL, NULL, NULL));
    ck_assert(SetEvent(obj));
    wait_times_out(info.sem, 50);
    ck_assert_int_eq(peek(&info.signaled) + peek(&info.timeouts), 0);
    CloseThreadpoolWait(wait);
    close_all((HANDLE[]){ info.sem, obj }, 2);
}
END_TEST

START_TEST(test_two_threadpool_waits_on_one_semaphore_count_take_one)
{
    struct tp_wait_info info = { .sem = CreateSemaphoreW(NULL, 0, 10, NULL) };
    HANDLE obj = CreateSemaphoreW(NULL, 0, 2, NULL);
    PTP_WAIT w1 = CreateThreadpoolWait(tp_wait_cb, &info, NULL);
    PTP_WAIT w2 = CreateThreadpoolWait(tp_wait_cb, &info, NULL);

    SetThreadpoolWait(w1, obj, NULL);
    SetThreadpoolWait(w2, obj, NULL);
    await_waiters(obj, 2);
    ck_assert(ReleaseSemaphore(obj, 1, NULL));
    wait_ok(info.sem);
    wait_times_out(info.sem, 30);
    ck_assert(ReleaseSemaphore(obj, 1, NULL));
    wait_ok(info.sem);
    ck_assert_int_eq(peek(&info.signaled), 2);
    CloseThreadpoolWait(w1);
    CloseThreadpoolWait(w2);
    close_all((HANDLE[]){ info.sem, obj }, 2);
}
END_TEST

START_TEST(test_close_armed_threadpool_wait_never_calls_back)
{
    struct tp_wait_info info = { .sem = CreateSemaphoreW(NULL, 0, 10, NULL) };
    HANDLE obj = CreateEventW(NULL, TRUE, FALSE, NULL);
    PTP_WAIT wait = CreateThreadpoolWait(tp_wait_cb, &info, NULL);

    SetThreadpoolWait(wait, obj, NULL);
    CloseThreadpoolWait(wait);
    ck_assert(SetEvent(obj));
    wait_times_out(info.sem, 30);
    close_all((HANDLE[]){ info.sem, obj }, 2);
}
END_TEST

static VOID CALLBACK tp_wait_rearms(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WAIT wait,
                                    TP_WAIT_RESULT result)
{
    struct tp_wait_info *info = ctx;

    if (InterlockedIncrement(&info->signaled) < 3) {
        SetEvent(info->sem);
        SetThreadpoolWait(wait, info->sem, NULL);
    }
}

START_TEST(test_threadpool_wait_can_rearm_in_its_callback)
{
    struct tp_wait_info info = { .sem = CreateEventW(NULL, FALSE, TRUE, NULL) };
    PTP_WAIT wait = CreateThreadpoolWait(tp_wait_rearms, &info, NULL);

    SetThreadpoolWait(wait, info.sem, NULL);
    while (peek(&info.signaled) < 3)
        Sleep(1);
    WaitForThreadpoolWaitCallbacks(wait, FALSE);
    CloseThreadpoolWait(wait);
    ck_assert(CloseHandle(info.sem));
}
END_TEST

/* ---- thread pool timers ---- */

static VOID CALLBACK tp_timer_cb(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_TIMER timer)
{
    stamp_call();
    InterlockedIncrement(&calls);
    ReleaseSemaphore(ctx, 1, NULL);
}

START_TEST(test_threadpool_timer_relative_fires_once_and_stays_set)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    PTP_TIMER timer = CreateThreadpoolTimer(tp_timer_cb, sem, NULL);
    FILETIME ft = relative_ms(30);
    uint64_t set_at = mono_ns();

    ck_assert_ptr_nonnull(timer);
    ck_assert(!IsThreadpoolTimerSet(timer));
    SetThreadpoolTimer(timer, &ft, 0, 0);
    ck_assert(IsThreadpoolTimerSet(timer));
    wait_ok(sem);
    ck_assert_uint_ge(called_mono_ns - set_at, 30000000u);
    wait_times_out(sem, 30);
    ck_assert(IsThreadpoolTimerSet(timer));
    SetThreadpoolTimer(timer, NULL, 0, 0);
    ck_assert(!IsThreadpoolTimerSet(timer));
    WaitForThreadpoolTimerCallbacks(timer, TRUE);
    CloseThreadpoolTimer(timer);
    ck_assert_int_eq(peek(&calls), 1);
    ck_assert(CloseHandle(sem));
}
END_TEST

START_TEST(test_threadpool_timer_periodic_fires_repeatedly)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 100, NULL);
    PTP_TIMER timer = CreateThreadpoolTimer(tp_timer_cb, sem, NULL);
    FILETIME zero = { 0, 0 };

    SetThreadpoolTimer(timer, &zero, 10, 0);
    for (int i = 0; i < 3; i++)
        wait_ok(sem);
    ck_assert(SetThreadpoolTimerEx(timer, NULL, 0, 0));
    ck_assert(!SetThreadpoolTimerEx(timer, NULL, 0, 0));
    WaitForThreadpoolTimerCallbacks(timer, FALSE);
    CloseThreadpoolTimer(timer);
    ck_assert(CloseHandle(sem));
}
END_TEST

/* A due time past the clock's range (2^63 intervals from now, year 30828)
 * never comes: it used to wrap to a time already past and fire at once. */
START_TEST(test_threadpool_timer_past_the_clocks_range_never_fires)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    PTP_TIMER timer = CreateThreadpoolTimer(tp_timer_cb, sem, NULL);
    FILETIME far[] = { { 0, 0x80000000u }, { 1, 0x80000000u }, { 0xffffffffu, 0x7fffffffu } };

    ck_assert_ptr_nonnull(timer);
    for (size_t i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
        SetThreadpoolTimer(timer, &far[i], 0, 0);
        ck_assert(IsThreadpoolTimerSet(timer));
        wait_times_out(sem, 20);
    }
    SetThreadpoolTimer(timer, NULL, 0, 0);
    WaitForThreadpoolTimerCallbacks(timer, TRUE);
    CloseThreadpoolTimer(timer);
    ck_assert_int_eq(peek(&calls), 0);
    ck_assert(CloseHandle(sem));
}
END_TEST

/* An absolute due time is on the wall clock. */
START_TEST(test_threadpool_timer_absolute_due_time)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    PTP_TIMER timer = CreateThreadpoolTimer(tp_timer_cb, sem, NULL);
    ULARGE_INTEGER due = { .QuadPart = filetime_now() + 30 * 10000 };
    FILETIME ft = { due.LowPart, due.HighPart };

    SetThreadpoolTimer(timer, &ft, 0, 0);
    wait_ok(sem);
    ck_assert_uint_ge(called_filetime + SLEW_100NS, due.QuadPart);
    CloseThreadpoolTimer(timer);
    ck_assert(CloseHandle(sem));
}
END_TEST

START_TEST(test_close_armed_threadpool_timer_never_fires)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    PTP_TIMER timer = CreateThreadpoolTimer(tp_timer_cb, sem, NULL);
    FILETIME ft = relative_ms(10);

    SetThreadpoolTimer(timer, &ft, 0, 0);
    CloseThreadpoolTimer(timer);
    wait_times_out(sem, 40);
    ck_assert(CloseHandle(sem));
}
END_TEST

START_TEST(test_many_timers_share_one_thread)
{
    static PTP_TIMER timers[200];
    HANDLE sem = CreateSemaphoreW(NULL, 0, 1000, NULL);
    int before;
    FILETIME ft = relative_ms(10000);

    /* The timer thread exists once the pool has been used. */
    ck_assert(TrySubmitThreadpoolCallback(simple_release, sem, NULL));
    wait_ok(sem);
    before = thread_count();
    for (int i = 0; i < 200; i++) {
        timers[i] = CreateThreadpoolTimer(tp_timer_cb, sem, NULL);
        SetThreadpoolTimer(timers[i], &ft, 0, 0);
    }
    ck_assert_int_eq(thread_count(), before);
    for (int i = 0; i < 200; i++)
        CloseThreadpoolTimer(timers[i]);
    ck_assert(CloseHandle(sem));
}
END_TEST

/* ---- timer queues ---- */

START_TEST(test_timer_queue_one_shot_fires_once)
{
    HANDLE q = CreateTimerQueue();
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE t = NULL;

    ck_assert_ptr_nonnull(q);
    ck_assert(CreateTimerQueueTimer(&t, q, legacy_release, sem, 10, 0, 0));
    ck_assert_ptr_nonnull(t);
    wait_ok(sem);
    wait_times_out(sem, 30);
    ck_assert_int_eq(peek(&timed_out), 1);
    ck_assert(DeleteTimerQueueTimer(q, t, INVALID_HANDLE_VALUE));
    ck_assert(DeleteTimerQueueEx(q, INVALID_HANDLE_VALUE));
    ck_assert(CloseHandle(sem));
}
END_TEST

START_TEST(test_timer_queue_periodic_fires_until_deleted)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 100, NULL);
    HANDLE t;

    ck_assert(CreateTimerQueueTimer(&t, NULL, legacy_release, sem, 0, 10, 0));
    for (int i = 0; i < 3; i++)
        wait_ok(sem);
    ck_assert(DeleteTimerQueueTimer(NULL, t, INVALID_HANDLE_VALUE));
    while (WaitForSingleObject(sem, 0) == WAIT_OBJECT_0)
        ;
    wait_times_out(sem, 30);
    ck_assert(CloseHandle(sem));
}
END_TEST

START_TEST(test_change_timer_before_and_after_a_one_shot_fires)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE t;

    ck_assert(CreateTimerQueueTimer(&t, NULL, legacy_release, sem, 10000, 0, 0));
    ck_assert(ChangeTimerQueueTimer(NULL, t, 0, 0));
    wait_ok(sem);
    /* A fired one-shot timer is not updated, yet the call succeeds. */
    ck_assert(ChangeTimerQueueTimer(NULL, t, 0, 10));
    wait_times_out(sem, 40);
    ck_assert(DeleteTimerQueueTimer(NULL, t, INVALID_HANDLE_VALUE));
    ck_assert(CloseHandle(sem));
}
END_TEST

START_TEST(test_timer_queue_only_once_ignores_period)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE t;

    ck_assert(CreateTimerQueueTimer(&t, NULL, legacy_release, sem, 0, 5, WT_EXECUTEONLYONCE));
    wait_ok(sem);
    wait_times_out(sem, 30);
    ck_assert(DeleteTimerQueueTimer(NULL, t, INVALID_HANDLE_VALUE));
    ck_assert(CloseHandle(sem));
}
END_TEST

static VOID CALLBACK timer_deletes_itself(PVOID ctx, BOOLEAN fired)
{
    struct gated *g = ctx;

    SetLastError(0xdeadbeef);
    g->result = DeleteTimerQueueTimer(NULL, g->wait, NULL);
    g->error = GetLastError();
    SetEvent(g->started);
}

START_TEST(test_delete_idle_timer_without_event_returns_io_pending_and_deletes_it)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE t;

    ck_assert(CreateTimerQueueTimer(&t, NULL, legacy_release, sem, 100000, 0, 0));
    SetLastError(0xdeadbeef);
    ck_assert(!DeleteTimerQueueTimer(NULL, t, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_IO_PENDING);
    /* Deleted all the same: the handle is gone. */
    SetLastError(0xdeadbeef);
    ck_assert(!DeleteTimerQueueTimer(NULL, t, INVALID_HANDLE_VALUE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(CloseHandle(sem));
}
END_TEST

START_TEST(test_delete_timer_in_own_callback_returns_io_pending)
{
    struct gated g = { .started = CreateEventW(NULL, TRUE, FALSE, NULL) };

    ck_assert(CreateTimerQueueTimer(&g.wait, NULL, timer_deletes_itself, &g, 1000000, 0, 0));
    ck_assert(ChangeTimerQueueTimer(NULL, g.wait, 0, 0));
    wait_ok(g.started);
    ck_assert(!g.result);
    ck_assert_uint_eq(g.error, ERROR_IO_PENDING);
    ck_assert(CloseHandle(g.started));
}
END_TEST

START_TEST(test_delete_timer_with_event_sets_it)
{
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE t;

    ck_assert(CreateTimerQueueTimer(&t, NULL, legacy_release, NULL, 100000, 0, 0));
    SetLastError(0xdeadbeef);
    ck_assert(DeleteTimerQueueTimer(NULL, t, done));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    wait_ok(done);
    ck_assert(CloseHandle(done));
}
END_TEST

START_TEST(test_timer_queue_bad_arguments_fail)
{
    HANDLE q = CreateTimerQueue();
    HANDLE t = NULL;

    SetLastError(0xdeadbeef);
    ck_assert(!CreateTimerQueueTimer(NULL, NULL, legacy_release, NULL, 0, 0, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0xdeadbeef);
    ck_assert(!CreateTimerQueueTimer(&t, NULL, NULL, NULL, 0, 0, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert(!CreateTimerQueueTimer(&t, (HANDLE)0xdeadbee0, legacy_release, NULL, 0, 0, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_ptr_null(t);
    SetLastError(0xdeadbeef);
    ck_assert(!ChangeTimerQueueTimer(q, NULL, 0, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert(!DeleteTimerQueueTimer(q, q, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert(!DeleteTimerQueueEx(NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(DeleteTimerQueue(q));
    SetLastError(0xdeadbeef);
    ck_assert(!DeleteTimerQueueEx(q, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
}
END_TEST

static VOID CALLBACK legacy_slow(PVOID ctx, BOOLEAN fired)
{
    Sleep(30);
    InterlockedIncrement(&calls);
}

START_TEST(test_delete_timer_queue_blocking_waits_for_callbacks_and_cancels)
{
    HANDLE q = CreateTimerQueue();
    HANDLE t1, t2;
    LONG after;

    ck_assert(CreateTimerQueueTimer(&t1, q, legacy_slow, NULL, 0, 0, 0));
    ck_assert(CreateTimerQueueTimer(&t2, q, legacy_slow, NULL, 100000, 0, 0));
    Sleep(5);               /* t1 has probably started: it must be waited for */
    ck_assert(DeleteTimerQueueEx(q, INVALID_HANDLE_VALUE));
    after = peek(&calls);
    ck_assert_int_le(after, 1);
    Sleep(40);
    ck_assert_int_eq(peek(&calls), after);
    SetLastError(0xdeadbeef);
    ck_assert(!ChangeTimerQueueTimer(NULL, t2, 0, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_delete_timer_queue_with_event_sets_it)
{
    HANDLE q = CreateTimerQueue();
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE t;

    ck_assert(CreateTimerQueueTimer(&t, q, legacy_release, NULL, 100000, 0, 0));
    ck_assert(DeleteTimerQueueEx(q, done));
    wait_ok(done);
    ck_assert(CloseHandle(done));
}
END_TEST

static LONG timer_thread_id;

static VOID CALLBACK legacy_records_thread(PVOID ctx, BOOLEAN fired)
{
    InterlockedExchange(&timer_thread_id, (LONG)GetCurrentThreadId());
    SetEvent(ctx);
}

START_TEST(test_execute_in_timer_thread_runs_callbacks)
{
    HANDLE done = CreateEventW(NULL, FALSE, FALSE, NULL);
    HANDLE t;
    LONG first;

    ck_assert(CreateTimerQueueTimer(&t, NULL, legacy_records_thread, done, 0, 10,
                                    WT_EXECUTEINTIMERTHREAD));
    wait_ok(done);
    first = peek(&timer_thread_id);
    wait_ok(done);
    ck_assert_int_eq(peek(&timer_thread_id), first);
    ck_assert(DeleteTimerQueueTimer(NULL, t, INVALID_HANDLE_VALUE));
    ck_assert(CloseHandle(done));
}
END_TEST

START_TEST(test_set_and_cancel_timer_queue_timer)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    HANDLE t = SetTimerQueueTimer(NULL, legacy_release, sem, 0, 0, FALSE);

    ck_assert_ptr_nonnull(t);
    wait_ok(sem);
    Sleep(10);
    ck_assert(CancelTimerQueueTimer(NULL, t));
    ck_assert(CloseHandle(sem));
}
END_TEST

/* Counters start at 0 in every test, forked or not (CK_FORK=no). */
static void reset_counters(void)
{
    InterlockedExchange(&calls, 0);
    InterlockedExchange(&timed_out, 0);
}

/* ---- private pools and cleanup groups ---- */

/* An environment naming pool (and group, cancel callback). */
static void private_env(TP_CALLBACK_ENVIRON *env, PTP_POOL pool, PTP_CLEANUP_GROUP group,
                        PTP_CLEANUP_GROUP_CANCEL_CALLBACK cancel)
{
    InitializeThreadpoolEnvironment(env);
    SetThreadpoolCallbackPool(env, pool);
    SetThreadpoolCallbackCleanupGroup(env, group, cancel);
}

/* Starts the pool's own threads (timer, wait) so they are in a baseline. */
static int baseline_threads(void)
{
    CloseThreadpool(CreateThreadpool(NULL));
    return thread_count();
}

/* Polls until the process has at most n threads; false if it never does. */
static bool threads_fall_to(int n)
{
    DWORD start = GetTickCount();

    while (thread_count() > n) {
        if (GetTickCount() - start > (DWORD)LONG_WAIT)
            return false;
        Sleep(1);
    }
    return true;
}

static VOID CALLBACK work_free_library(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    (void)work;
    FreeLibraryWhenCallbackReturns(inst, ctx);
}

/* The library is freed once, after the callback: of two loads, one is left. */
START_TEST(test_free_library_when_callback_returns_frees_one_load)
{
    HMODULE lib = LoadLibraryA("libm.so.6");
    PTP_WORK work;

    ck_assert_ptr_nonnull(lib);
    ck_assert_ptr_eq(LoadLibraryA("libm.so.6"), lib);
    work = CreateThreadpoolWork(work_free_library, lib, NULL);
    ck_assert_ptr_nonnull(work);
    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    CloseThreadpoolWork(work);
    ck_assert_ptr_eq(GetModuleHandleA("libm.so.6"), lib);
    ck_assert(FreeLibrary(lib));
    ck_assert_ptr_null(GetModuleHandleA("libm.so.6"));
}
END_TEST

/* The size of the stack the callback runs on, as the C library knows it. */
static VOID CALLBACK work_stack_size(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    pthread_attr_t attr;
    size_t size = 0;

    (void)inst;
    (void)work;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstacksize(&attr, &size);
        pthread_attr_destroy(&attr);
    }
    *(size_t *)ctx = size;
}

/* The stack a worker of a pool with this stack information (NULL: none set) gets. */
static size_t pool_stack_size(SIZE_T reserve, SIZE_T commit, bool set)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    TP_POOL_STACK_INFORMATION info = { reserve, commit };
    TP_CALLBACK_ENVIRON env;
    PTP_WORK work;
    size_t size = 0;

    ck_assert_ptr_nonnull(pool);
    if (set)
        ck_assert(SetThreadpoolStackInformation(pool, &info));
    private_env(&env, pool, NULL, NULL);
    work = CreateThreadpoolWork(work_stack_size, &size, &env);
    ck_assert_ptr_nonnull(work);
    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    CloseThreadpoolWork(work);
    CloseThreadpool(pool);
    return size;
}

/* A private pool's workers reserve what SetThreadpoolStackInformation asks,
 * as CreateThread sizes a stack: the program's default (1 MiB) unless set,
 * the reserve in 64 KiB units, or a larger commit rounded up to whole MiB. */
START_TEST(test_pool_threads_get_the_stack_asked)
{
    size_t mib = (size_t)1 << 20;
    /* The small one first: the C library keeps the stacks of ended threads
     * and gives one to a new thread that asks up to 4 times less, so after
     * a 1 MiB worker has ended a 256 KiB one may run on its stack. */
    size_t small = pool_stack_size(256 << 10, 4096, true);
    size_t dflt = pool_stack_size(0, 0, false);
    size_t big = pool_stack_size(0, 3 * mib + 4096, true);

    ck_assert_uint_ge(dflt, mib - (64 << 10));
    ck_assert_uint_le(dflt, mib);
    ck_assert_uint_ge(small, (256 << 10) - (64 << 10));
/* TSan raises every thread's stack to 1 MiB or more. */
#if !defined(__SANITIZE_THREAD__)
    ck_assert_uint_le(small, 256 << 10);
#endif
    ck_assert_uint_ge(big, 4 * mib - (64 << 10));
    ck_assert_uint_le(big, 4 * mib);
}
END_TEST

START_TEST(test_minimum_threads_start_at_once_and_end_after_close)
{
    int base = baseline_threads();
    PTP_POOL pool = CreateThreadpool(NULL);

    ck_assert_ptr_nonnull(pool);
    ck_assert(SetThreadpoolThreadMinimum(pool, 4));
    ck_assert_int_ge(thread_count(), base + 4);
    CloseThreadpool(pool);
    ck_assert(threads_fall_to(base));
}
END_TEST

START_TEST(test_closed_pool_keeps_its_threads_until_its_last_object_goes)
{
    int base = baseline_threads();
    PTP_POOL pool = CreateThreadpool(NULL);
    TP_CALLBACK_ENVIRON env;
    PTP_WORK work;

    ck_assert(SetThreadpoolThreadMinimum(pool, 2));
    private_env(&env, pool, NULL, NULL);
    work = CreateThreadpoolWork(work_count, NULL, &env);
    ck_assert_ptr_nonnull(work);
    CloseThreadpool(pool);
    /* The work object keeps the pool and its minimum of threads, and can
     * still be submitted (Wine's ntdll asserts on that). */
    ck_assert_int_ge(thread_count(), base + 2);
    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ck_assert_int_eq(peek(&calls), 1);
    ck_assert_int_ge(thread_count(), base + 2);
    CloseThreadpoolWork(work);
    ck_assert(threads_fall_to(base));
}
END_TEST

START_TEST(test_lowered_maximum_ends_idle_threads_beyond_it)
{
    int base = baseline_threads();
    PTP_POOL pool = CreateThreadpool(NULL);

    ck_assert(SetThreadpoolThreadMinimum(pool, 4));
    ck_assert_int_ge(thread_count(), base + 4);
    SetThreadpoolThreadMaximum(pool, 1);
    ck_assert(threads_fall_to(base + 1));
    CloseThreadpool(pool);
    ck_assert(threads_fall_to(base));
}
END_TEST

START_TEST(test_set_minimum_of_null_pool_fails_invalid_parameter)
{
    SetLastError(0xdeadbeef);
    ck_assert(!SetThreadpoolThreadMinimum(NULL, 1));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    /* The others ignore NULL. */
    SetThreadpoolThreadMaximum(NULL, 1);
    CloseThreadpool(NULL);
    CloseThreadpoolCleanupGroupMembers(NULL, TRUE, NULL);
    CloseThreadpoolCleanupGroup(NULL);
}
END_TEST

/* Callbacks that count how many of them run at once. */
static LONG active, most_active;

static VOID CALLBACK count_concurrency(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    LONG now = InterlockedIncrement(&active);
    LONG seen;

    while ((seen = peek(&most_active)) < now &&
           InterlockedCompareExchange(&most_active, now, seen) != seen)
        ;
    /* Give the others a chance to overlap with this one. */
    Sleep(1);
    InterlockedIncrement(&calls);
    InterlockedDecrement(&active);
}

START_TEST(test_callbacks_never_exceed_the_maximum)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    TP_CALLBACK_ENVIRON env;

    SetThreadpoolThreadMaximum(pool, 3);
    private_env(&env, pool, group, NULL);
    /* Long functions ask for more threads: the maximum still holds. */
    SetThreadpoolCallbackRunsLong(&env);
    for (int i = 0; i < 60; i++)
        ck_assert(TrySubmitThreadpoolCallback(count_concurrency, NULL, &env));
    CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
    ck_assert_int_eq(peek(&calls), 60);
    ck_assert_int_le(peek(&most_active), 3);
    ck_assert_int_ge(peek(&most_active), 1);
    CloseThreadpoolCleanupGroup(group);
    CloseThreadpool(pool);
}
END_TEST

static VOID CALLBACK wait_for_event(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    HANDLE *h = ctx;

    ReleaseSemaphore(h[0], 1, NULL);
    WaitForSingleObject(h[1], LONG_WAIT);
}

START_TEST(test_lowered_maximum_holds_for_busy_workers)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    HANDLE h[2] = { CreateSemaphoreW(NULL, 0, 3, NULL), CreateEventW(NULL, TRUE, FALSE, NULL) };
    TP_CALLBACK_ENVIRON env;

    SetThreadpoolThreadMaximum(pool, 3);
    ck_assert(SetThreadpoolThreadMinimum(pool, 3));
    private_env(&env, pool, group, NULL);
    for (int i = 0; i < 3; i++)
        ck_assert(TrySubmitThreadpoolCallback(wait_for_event, h, &env));
    for (int i = 0; i < 3; i++)
        wait_ok(h[0]);
    for (int i = 0; i < 30; i++)
        ck_assert(TrySubmitThreadpoolCallback(count_concurrency, NULL, &env));
    /* All three workers are busy; from now on one at most runs callbacks. */
    SetThreadpoolThreadMaximum(pool, 1);
    SetEvent(h[1]);
    CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
    ck_assert_int_eq(peek(&calls), 30);
    ck_assert_int_eq(peek(&most_active), 1);
    CloseThreadpoolCleanupGroup(group);
    CloseThreadpool(pool);
    CloseHandle(h[0]);
    CloseHandle(h[1]);
}
END_TEST

/* Several threads submit to one private pool and group at once. */
struct submitter {
    PTP_CALLBACK_ENVIRON env;
    PTP_WORK work;
};

static DWORD WINAPI submit_many(LPVOID arg)
{
    struct submitter *sub = arg;

    for (int i = 0; i < 200; i++) {
        SubmitThreadpoolWork(sub->work);
        ck_assert(TrySubmitThreadpoolCallback(count_concurrency, NULL, sub->env));
    }
    return 0;
}

START_TEST(test_hammer_private_pool_from_several_threads)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    TP_CALLBACK_ENVIRON env;
    struct submitter sub = { &env, NULL };
    HANDLE threads[4];

    SetThreadpoolThreadMaximum(pool, 4);
    private_env(&env, pool, group, NULL);
    sub.work = CreateThreadpoolWork(work_count, NULL, &env);
    ck_assert_ptr_nonnull(sub.work);
    for (int i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, submit_many, &sub, 0, NULL);
    ck_assert_uint_eq(WaitForMultipleObjects(4, threads, TRUE, LONG_WAIT), WAIT_OBJECT_0);
    for (int i = 0; i < 4; i++)
        CloseHandle(threads[i]);
    CloseThreadpool(pool);
    CloseThreadpoolCleanupGroupMembers(group, FALSE, NULL);
    ck_assert_int_eq(peek(&calls), 2 * 4 * 200);
    ck_assert_int_le(peek(&most_active), 4);
    CloseThreadpoolCleanupGroup(group);
}
END_TEST

/* A group released with cancellation while other threads still submit:
 * what ran plus what was cancelled is what was submitted. */
static LONG cancelled;

static VOID CALLBACK count_cancel(PVOID object_ctx, PVOID cleanup_ctx)
{
    InterlockedIncrement(&cancelled);
}

START_TEST(test_cancel_group_of_many_simple_callbacks_accounts_for_each)
{
    PTP_POOL pool = CreateThreadpool(NULL);
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    TP_CALLBACK_ENVIRON env;

    SetThreadpoolThreadMaximum(pool, 2);
    private_env(&env, pool, group, count_cancel);
    for (int i = 0; i < 300; i++)
        ck_assert(TrySubmitThreadpoolCallback(count_concurrency, NULL, &env));
    CloseThreadpoolCleanupGroupMembers(group, TRUE, NULL);
    /* Every member not yet freed gets the cancel callback: those cancelled
     * and those still running; those that ended before are no members. */
    ck_assert_int_le(peek(&calls) + peek(&cancelled), 300 + 2);
    ck_assert_int_ge(peek(&calls) + peek(&cancelled), 300);
    ck_assert_int_le(peek(&most_active), 2);
    CloseThreadpoolCleanupGroup(group);
    CloseThreadpool(pool);
}
END_TEST

static VOID CALLBACK io_count(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PVOID ov, ULONG result,
                              ULONG_PTR bytes, PTP_IO io)
{
    InterlockedIncrement(&calls);
    ReleaseSemaphore(ctx, 1, NULL);
}

/* A temporary file for overlapped I/O, deleted when closed. */
static HANDLE overlapped_temp_file(const char *tag)
{
    char dir[MAX_PATH], path[MAX_PATH + 64];

    GetTempPathA(sizeof(dir), dir);
    snprintf(path, sizeof(path), "%s%s-%lu.tmp", dir, tag, (unsigned long)GetCurrentProcessId());
    return CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE, NULL);
}

/* Writes to a temporary file through an I/O object of pool (NULL: the
 * default pool), closing the pool first: its callback still runs. */
static void write_through_io(PTP_POOL pool)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    TP_CALLBACK_ENVIRON env;
    OVERLAPPED ov = { 0 };
    HANDLE f;
    PTP_IO io;

    f = overlapped_temp_file("w32tpool-io");
    ck_assert_ptr_ne(f, INVALID_HANDLE_VALUE);
    private_env(&env, pool, NULL, NULL);
    io = CreateThreadpoolIo(f, io_count, sem, &env);
    ck_assert_ptr_nonnull(io);
    if (pool)
        CloseThreadpool(pool);
    StartThreadpoolIo(io);
    ck_assert(WriteFile(f, "abcdef", 6, NULL, &ov) || GetLastError() == ERROR_IO_PENDING);
    wait_ok(sem);
    WaitForThreadpoolIoCallbacks(io, FALSE);
    CloseThreadpoolIo(io);
    CloseHandle(f);
    CloseHandle(sem);
}

START_TEST(test_io_object_keeps_a_closed_pool)
{
    int base;

    /* The library's own I/O threads and the default pool's start first. */
    write_through_io(NULL);
    base = thread_count();
    write_through_io(CreateThreadpool(NULL));
    ck_assert_int_eq(peek(&calls), 2);
    /* The private pool's workers end with it. */
    ck_assert(threads_fall_to(base));
}
END_TEST

START_TEST(test_group_release_frees_io_objects_and_their_pool)
{
    int base;
    PTP_POOL pool = CreateThreadpool(NULL);
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    HANDLE sem = CreateSemaphoreW(NULL, 0, 10, NULL);
    TP_CALLBACK_ENVIRON env;
    HANDLE f;

    write_through_io(NULL);
    base = thread_count();
    f = overlapped_temp_file("w32tpool-gio");
    ck_assert_ptr_ne(f, INVALID_HANDLE_VALUE);
    private_env(&env, pool, group, count_cancel);
    ck_assert(SetThreadpoolThreadMinimum(pool, 1));
    /* Never started: the group's release closes it all the same. */
    ck_assert_ptr_nonnull(CreateThreadpoolIo(f, io_count, sem, &env));
    CloseThreadpool(pool);
    CloseThreadpoolCleanupGroupMembers(group, TRUE, NULL);
    ck_assert_int_eq(peek(&cancelled), 1);
    CloseThreadpoolCleanupGroup(group);
    CloseHandle(f);
    CloseHandle(sem);
    ck_assert(threads_fall_to(base));
}
END_TEST

static void reset_private_counters(void)
{
    reset_counters();
    InterlockedExchange(&active, 0);
    InterlockedExchange(&most_active, 0);
    InterlockedExchange(&cancelled, 0);
}

START_TEST(test_closing_a_group_with_members_leaves_them_to_the_program)
{
    PTP_CLEANUP_GROUP group = CreateThreadpoolCleanupGroup();
    TP_CALLBACK_ENVIRON env;
    PTP_WORK work;

    private_env(&env, NULL, group, NULL);
    work = CreateThreadpoolWork(work_count, NULL, &env);
    CloseThreadpoolCleanupGroup(group);
    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ck_assert_int_eq(peek(&calls), 1);
    CloseThreadpoolWork(work);
}
END_TEST

static Suite *threadpool_suite(void)
{
    Suite *s = suite_create("threadpool");
    TCase *work = tcase_create("work");
    TCase *waits = tcase_create("waits");
    TCase *timers = tcase_create("timers");
    TCase *private = tcase_create("private");

    tcase_add_test(work, test_try_submit_runs_callback_once);
    tcase_add_test(work, test_try_submit_null_callback_fails_invalid_parameter);
    tcase_add_test(work, test_environ_version_other_than_1_or_3_fails_invalid_parameter);
    tcase_add_test(work, test_default_environ_v1_and_v3_are_accepted);
    tcase_add_test(work, test_work_null_callback_fails_invalid_parameter);
    tcase_add_test(work, test_work_submitted_ten_times_runs_ten_times);
    tcase_add_test(work, test_work_callback_gets_its_work_and_context);
    tcase_add_test(work, test_wait_with_cancel_skips_callbacks_not_started);
    tcase_add_test(work, test_wait_for_callbacks_waits_for_running_ones);
    tcase_add_test(work, test_close_work_with_queued_callbacks_runs_them);
    tcase_add_test(work, test_work_may_wait_for_and_close_itself_in_its_callback);
    tcase_add_test(work, test_null_objects_are_ignored);
    tcase_add_test(work, test_pool_grows_when_every_worker_blocks);
    tcase_add_test(work, test_queue_user_work_item_accepts_every_flag);
    tcase_add_test(work, test_queue_user_work_item_null_function_fails);
    tcase_add_test(work, test_hammer_submissions_from_several_threads_all_run);
    tcase_add_test(work, test_instance_actions_happen_when_callback_returns);
    tcase_add_test(work, test_wait_for_callbacks_ignores_disassociated_callback);
    tcase_add_test(work, test_finalization_callback_runs_after_the_callback);
    suite_add_tcase(s, work);

    tcase_add_test(waits, test_registered_wait_on_signaled_event_calls_back_not_timed_out);
    tcase_add_test(waits, test_registered_wait_times_out_with_true);
    tcase_add_test(waits, test_registered_wait_repeats_without_only_once);
    tcase_add_test(waits, test_registered_wait_with_timeout_repeats_timeouts);
    tcase_add_test(waits, test_registered_wait_consumes_the_signal);
    tcase_add_test(waits, test_register_wait_bad_arguments_fail);
    tcase_add_test(waits, test_unregister_null_or_stale_handle_fails_invalid_handle);
    tcase_add_test(waits, test_unregister_while_callback_runs_returns_io_pending);
    tcase_add_test(waits, test_unregister_with_invalid_handle_value_waits_for_callback);
    tcase_add_test(waits, test_unregister_with_event_sets_it_when_callback_ends);
    tcase_add_test(waits, test_unregister_idle_wait_with_event_sets_it_at_once);
    tcase_add_test(waits, test_unregister_blocking_in_own_worker_callback_returns_io_pending);
    tcase_add_test(waits, test_unregister_in_own_wait_thread_callback_succeeds);
    tcase_add_test(waits, test_registered_wait_survives_closing_the_handle);
    tcase_add_test(waits, test_many_registered_waits_cost_no_thread);
    tcase_add_test(waits, test_hammer_register_and_unregister_from_several_threads);
    tcase_add_test(waits, test_threadpool_wait_fires_once_when_signaled);
    tcase_add_test(waits, test_threadpool_wait_relative_and_zero_timeouts);
    tcase_add_test(waits, test_threadpool_wait_absolute_timeout);
    tcase_add_test(waits, test_set_threadpool_wait_null_cancels);
    tcase_add_test(waits, test_two_threadpool_waits_on_one_semaphore_count_take_one);
    tcase_add_test(waits, test_close_armed_threadpool_wait_never_calls_back);
    tcase_add_test(waits, test_threadpool_wait_can_rearm_in_its_callback);
    tcase_set_timeout(waits, 30);
    suite_add_tcase(s, waits);

    tcase_add_test(timers, test_threadpool_timer_relative_fires_once_and_stays_set);
    tcase_add_test(timers, test_threadpool_timer_periodic_fires_repeatedly);
    tcase_add_test(timers, test_threadpool_timer_absolute_due_time);
    tcase_add_test(timers, test_threadpool_timer_past_the_clocks_range_never_fires);
    tcase_add_test(timers, test_close_armed_threadpool_timer_never_fires);
    tcase_add_test(timers, test_many_timers_share_one_thread);
    tcase_add_test(timers, test_timer_queue_one_shot_fires_once);
    tcase_add_test(timers, test_timer_queue_periodic_fires_until_deleted);
    tcase_add_test(timers, test_change_timer_before_and_after_a_one_shot_fires);
    tcase_add_test(timers, test_timer_queue_only_once_ignores_period);
    tcase_add_test(timers, test_delete_idle_timer_without_event_returns_io_pending_and_deletes_it);
    tcase_add_test(timers, test_delete_timer_in_own_callback_returns_io_pending);
    tcase_add_test(timers, test_delete_timer_with_event_sets_it);
    tcase_add_test(timers, test_timer_queue_bad_arguments_fail);
    tcase_add_test(timers, test_delete_timer_queue_blocking_waits_for_callbacks_and_cancels);
    tcase_add_test(timers, test_delete_timer_queue_with_event_sets_it);
    tcase_add_test(timers, test_execute_in_timer_thread_runs_callbacks);
    tcase_add_test(timers, test_set_and_cancel_timer_queue_timer);
    tcase_set_timeout(timers, 30);
    suite_add_tcase(s, timers);
    tcase_set_timeout(work, 30);
    tcase_add_checked_fixture(work, reset_counters, NULL);
    tcase_add_checked_fixture(waits, reset_counters, NULL);
    tcase_add_checked_fixture(timers, reset_counters, NULL);

    tcase_add_test(private, test_pool_threads_get_the_stack_asked);
    tcase_add_test(private, test_free_library_when_callback_returns_frees_one_load);
    tcase_add_test(private, test_minimum_threads_start_at_once_and_end_after_close);
    tcase_add_test(private, test_closed_pool_keeps_its_threads_until_its_last_object_goes);
    tcase_add_test(private, test_lowered_maximum_ends_idle_threads_beyond_it);
    tcase_add_test(private, test_set_minimum_of_null_pool_fails_invalid_parameter);
    tcase_add_test(private, test_callbacks_never_exceed_the_maximum);
    tcase_add_test(private, test_lowered_maximum_holds_for_busy_workers);
    tcase_add_test(private, test_hammer_private_pool_from_several_threads);
    tcase_add_test(private, test_cancel_group_of_many_simple_callbacks_accounts_for_each);
    tcase_add_test(private, test_closing_a_group_with_members_leaves_them_to_the_program);
    tcase_add_test(private, test_io_object_keeps_a_closed_pool);
    tcase_add_test(private, test_group_release_frees_io_objects_and_their_pool);
    tcase_set_timeout(private, 60);
    tcase_add_checked_fixture(private, reset_private_counters, NULL);
    suite_add_tcase(s, private);
    return s;
}

W32_TEST_MAIN(threadpool_suite)
