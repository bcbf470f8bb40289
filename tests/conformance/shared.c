/*
 * Named objects shared between processes: every test here runs this program
 * again as a child, which opens, signals or owns the objects the parent named.
 */
#define CONFORMANCE_CHILD child_main
#include "conformance.h"
#include <stdlib.h>

#define LONG_WAIT 10000

/* A name of this run, so that runs at once do not meet: "w32c_<pid>_<what>". */
static const char *name_of(const char *what)
{
    static char names[8][96];
    static int next;
    char *name = names[next++ % 8];

    snprintf(name, sizeof(names[0]), "w32c_%lu_%s", (unsigned long)GetCurrentProcessId(),
             what);
    return name;
}

/* ---- the child's roles: argv[0] the role, argv[1] a name ---- */

static int child_open_and_set(const char *name)
{
    HANDLE h = OpenEventA(EVENT_MODIFY_STATE, FALSE, name);

    return h && SetEvent(h) && CloseHandle(h) ? 0 : 1;
}

static int child_expect_existing_mutex(const char *name)
{
    HANDLE h = CreateMutexA(NULL, TRUE, name);

    if (!h || GetLastError() != ERROR_ALREADY_EXISTS)
        return 1;
    /* bInitialOwner is ignored for an existing mutex: this process does not own it. */
    if (ReleaseMutex(h) || GetLastError() != ERROR_NOT_OWNER)
        return 2;
    return CloseHandle(h) ? 0 : 3;
}

static int child_expect_other_type(const char *name)
{
    HANDLE h = CreateMutexA(NULL, FALSE, name);

    return !h && GetLastError() == ERROR_INVALID_HANDLE ? 0 : 1;
}

static int child_expect_missing(const char *name)
{
    HANDLE h = OpenEventA(SYNCHRONIZE, FALSE, name);

    return !h && GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : 1;
}

/* Owns the mutex name, says so through event "<name>_ready", then waits for
 * "<name>_go" (or forever) and ends without releasing it. */
static int child_own_and_end(const char *name, int wait_forever)
{
    char ready[128], go[128];
    HANDLE m, r, g;

    snprintf(ready, sizeof(ready), "%s_ready", name);
    snprintf(go, sizeof(go), "%s_go", name);
    m = CreateMutexA(NULL, TRUE, name);
    r = OpenEventA(EVENT_MODIFY_STATE, FALSE, ready);
    g = OpenEventA(SYNCHRONIZE, FALSE, go);
    if (!m || GetLastError() == ERROR_ALREADY_EXISTS || !r || !g || !SetEvent(r))
        return 1;
    WaitForSingleObject(g, wait_forever ? INFINITE : LONG_WAIT);
    ExitProcess(0);
}

static int child_release_semaphores(const char *name)
{
    char second[128];
    HANDLE a, b;

    snprintf(second, sizeof(second), "%s_2", name);
    a = OpenSemaphoreA(SEMAPHORE_MODIFY_STATE, FALSE, name);
    b = OpenSemaphoreA(SEMAPHORE_MODIFY_STATE, FALSE, second);
    if (!a || !b)
        return 1;
    /* One first: the parent's wait-all must not take it alone. */
    if (!ReleaseSemaphore(a, 1, NULL))
        return 2;
    Sleep(50);
    return ReleaseSemaphore(b, 1, NULL) && CloseHandle(a) && CloseHandle(b) ? 0 : 3;
}

static int child_release_two(const char *name)
{
    HANDLE h = OpenSemaphoreA(SEMAPHORE_MODIFY_STATE, FALSE, name);

    return h && ReleaseSemaphore(h, 2, NULL) && CloseHandle(h) ? 0 : 1;
}

/* Opens the timer name and sets it: due in ms milliseconds (relative), with
 * period (0: once); exits without waiting for it. */
static int child_set_timer(const char *name, int ms, int period)
{
    HANDLE h = OpenWaitableTimerA(TIMER_MODIFY_STATE, FALSE, name);
    LARGE_INTEGER due;

    due.QuadPart = -10000LL * ms;
    if (!h)
        return 1;
    return SetWaitableTimer(h, &due, period, NULL, NULL, FALSE) && CloseHandle(h) ? 0 : 2;
}

static int child_cancel_timer(const char *name)
{
    HANDLE h = OpenWaitableTimerA(TIMER_MODIFY_STATE, FALSE, name);

    return h && CancelWaitableTimer(h) && CloseHandle(h) ? 0 : 1;
}

/* Waits for count expiries of the (synchronization) timer name. */
static int child_wait_timer(const char *name, int count)
{
    HANDLE h = OpenWaitableTimerA(SYNCHRONIZE, FALSE, name);

    if (!h)
        return 1;
    for (int i = 0; i < count; i++)
        if (WaitForSingleObject(h, LONG_WAIT) != WAIT_OBJECT_0)
            return 2;
    return CloseHandle(h) ? 0 : 3;
}

static int child_create_and_close(const char *name, int rounds)
{
    for (int i = 0; i < rounds; i++) {
        HANDLE h = CreateEventA(NULL, TRUE, FALSE, name);
        DWORD error = GetLastError();
        if (!h || (error != ERROR_SUCCESS && error != ERROR_ALREADY_EXISTS) || !CloseHandle(h))
            return 1;
    }
    return 0;
}

static int child_main(int argc, char **argv)
{
    if (argc < 2)
        return 99;
    if (strcmp(argv[0], "open_and_set") == 0)
        return child_open_and_set(argv[1]);
    if (strcmp(argv[0], "expect_existing_mutex") == 0)
        return child_expect_existing_mutex(argv[1]);
    if (strcmp(argv[0], "expect_other_type") == 0)
        return child_expect_other_type(argv[1]);
    if (strcmp(argv[0], "expect_missing") == 0)
        return child_expect_missing(argv[1]);
    if (strcmp(argv[0], "own_and_exit") == 0)
        return child_own_and_end(argv[1], 0);
    if (strcmp(argv[0], "own_and_wait") == 0)
        return child_own_and_end(argv[1], 1);
    if (strcmp(argv[0], "release_semaphores") == 0)
        return child_release_semaphores(argv[1]);
    if (strcmp(argv[0], "set_timer") == 0 && argc == 4)
        return child_set_timer(argv[1], atoi(argv[2]), atoi(argv[3]));
    if (strcmp(argv[0], "cancel_timer") == 0)
        return child_cancel_timer(argv[1]);
    if (strcmp(argv[0], "wait_timer") == 0 && argc == 3)
        return child_wait_timer(argv[1], atoi(argv[2]));
    if (strcmp(argv[0], "release_two") == 0)
        return child_release_two(argv[1]);
    if (strcmp(argv[0], "create_and_close") == 0 && argc == 3)
        return child_create_and_close(argv[1], atoi(argv[2]));
    return 98;
}

/* ---- the parent's side ---- */

static PROCESS_INFORMATION spawn(const char *role, const char *name, const char *extra)
{
    PROCESS_INFORMATION pi;
    char args[512];

    memset(&pi, 0, sizeof(pi));
    snprintf(args, sizeof(args), "%s %s%s%s", role, name, extra ? " " : "", extra ? extra : "");
    ok(start_child(args, &pi), "CreateProcess of the child (%s) failed", role);
    return pi;
}

static void test_an_event_set_by_another_process_wakes_a_waiter(void)
{
    const char *name = name_of("event");
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, name);
    PROCESS_INFORMATION pi;

    ok(ev && GetLastError() == ERROR_SUCCESS, "CreateEventA failed");
    pi = spawn("open_and_set", name, NULL);
    ok(WaitForSingleObject(ev, LONG_WAIT) == WAIT_OBJECT_0, "the child's SetEvent was not seen");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "an auto-reset event gives one wait");
    ok(finish_child(&pi) == 0, "the child could not open and set the event");
    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_a_second_process_finds_the_mutex_of_the_first(void)
{
    const char *name = name_of("single");
    HANDLE m = CreateMutexA(NULL, TRUE, name);
    PROCESS_INFORMATION pi;

    ok(m && GetLastError() == ERROR_SUCCESS, "CreateMutexA failed");
    pi = spawn("expect_existing_mutex", name, NULL);
    ok(finish_child(&pi) == 0, "the second instance did not see ERROR_ALREADY_EXISTS");
    ok(ReleaseMutex(m) && CloseHandle(m), "ReleaseMutex or CloseHandle failed");
}

static void test_a_name_of_another_type_is_refused_in_another_process(void)
{
    const char *name = name_of("typed");
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, name);
    PROCESS_INFORMATION pi;

    ok(ev != NULL, "CreateEventA failed");
    pi = spawn("expect_other_type", name, NULL);
    ok(finish_child(&pi) == 0, "CreateMutexA on an event's name did not fail with ERROR_INVALID_HANDLE");
    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_a_name_goes_with_its_last_handle(void)
{
    const char *name = name_of("gone");
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, name);
    PROCESS_INFORMATION pi;

    ok(ev != NULL, "CreateEventA failed");
    ok(CloseHandle(ev), "CloseHandle failed");
    pi = spawn("expect_missing", name, NULL);
    ok(finish_child(&pi) == 0, "the name outlived its last handle");
}

static void test_global_and_local_names_are_apart(void)
{
    char global[128];
    HANDLE ev;
    PROCESS_INFORMATION pi;

    snprintf(global, sizeof(global), "Global\\%s", name_of("apart"));
    ev = CreateEventA(NULL, TRUE, FALSE, global);
    ok(ev != NULL, "CreateEventA(Global\\...) failed");
    pi = spawn("expect_missing", global + 7, NULL);
    ok(finish_child(&pi) == 0, "a Global\\ name was found without its prefix");
    pi = spawn("open_and_set", global, NULL);
    ok(finish_child(&pi) == 0, "the Global\\ name was not found in another process");
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "the child's SetEvent was not seen");
    ok(CloseHandle(ev), "CloseHandle failed");
}

/* The child owns the mutex and ends (by ExitProcess, or killed) without releasing it. */
static void check_abandoned_by_ending_process(const char *role, BOOL kill)
{
    const char *name = name_of(role);
    char ready[128], go[128];
    HANDLE r, g, m;
    PROCESS_INFORMATION pi;
    DWORD code;

    snprintf(ready, sizeof(ready), "%s_ready", name);
    snprintf(go, sizeof(go), "%s_go", name);
    r = CreateEventA(NULL, TRUE, FALSE, ready);
    g = CreateEventA(NULL, TRUE, FALSE, go);
    pi = spawn(role, name, NULL);
    ok(WaitForSingleObject(r, LONG_WAIT) == WAIT_OBJECT_0, "the child did not take the mutex");
    m = OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, name);
    ok(m != NULL, "OpenMutexA failed");
    ok(WaitForSingleObject(m, 0) == WAIT_TIMEOUT, "the child's mutex was free");
    if (kill)
        ok(TerminateProcess(pi.hProcess, 7), "TerminateProcess failed");
    else
        ok(SetEvent(g), "SetEvent failed");
    code = finish_child(&pi);
    ok(code == (kill ? 7u : 0u), "the child's exit code is %lu", (unsigned long)code);
    ok(WaitForSingleObject(m, LONG_WAIT) == WAIT_ABANDONED_0, "the mutex was not abandoned");
    ok(WaitForSingleObject(m, 0) == WAIT_OBJECT_0, "the new owner cannot take it again");
    ok(ReleaseMutex(m) && ReleaseMutex(m), "ReleaseMutex failed");
    ok(CloseHandle(m) && CloseHandle(r) && CloseHandle(g), "CloseHandle failed");
}

static void test_a_mutex_owned_by_a_process_that_exits_is_abandoned(void)
{
    check_abandoned_by_ending_process("own_and_exit", FALSE);
}

static void test_a_mutex_owned_by_a_killed_process_is_abandoned(void)
{
    check_abandoned_by_ending_process("own_and_wait", TRUE);
}

static void test_wait_any_on_a_local_and_a_shared_event(void)
{
    const char *name = name_of("mixed");
    HANDLE h[2] = { CreateEventA(NULL, TRUE, FALSE, NULL), CreateEventA(NULL, FALSE, FALSE, name) };
    PROCESS_INFORMATION pi;

    ok(h[0] && h[1], "CreateEventA failed");
    pi = spawn("open_and_set", name, NULL);
    ok(WaitForMultipleObjects(2, h, FALSE, LONG_WAIT) == WAIT_OBJECT_0 + 1,
       "the shared event set by the child did not end the wait");
    ok(finish_child(&pi) == 0, "the child failed");
    ok(CloseHandle(h[0]) && CloseHandle(h[1]), "CloseHandle failed");
}

/* A registered wait's callback: counts its calls and sets the event in context. */
static volatile LONG registered_calls;
static volatile LONG registered_timeouts;

static void CALLBACK registered_callback(void *context, BOOLEAN timed_out)
{
    if (timed_out)
        InterlockedIncrement(&registered_timeouts);
    InterlockedIncrement(&registered_calls);
    SetEvent((HANDLE)context);
}

static void test_a_registered_wait_sees_an_event_set_by_another_process(void)
{
    const char *name = name_of("registered");
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, name);
    HANDLE called = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE wait = NULL;
    PROCESS_INFORMATION pi;

    ok(ev && called, "CreateEventA failed");
    registered_calls = registered_timeouts = 0;
    ok(RegisterWaitForSingleObject(&wait, ev, registered_callback, called, INFINITE,
                                   WT_EXECUTEONLYONCE),
       "RegisterWaitForSingleObject failed with %lu", (unsigned long)GetLastError());
    pi = spawn("open_and_set", name, NULL);
    ok(WaitForSingleObject(called, LONG_WAIT) == WAIT_OBJECT_0,
       "the callback did not run after the child's SetEvent");
    ok(finish_child(&pi) == 0, "the child could not open and set the event");
    ok(registered_calls == 1 && registered_timeouts == 0,
       "the callback ran %ld times, %ld timed out", (long)registered_calls,
       (long)registered_timeouts);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT,
       "the registered wait did not take the auto-reset event's signal");
    ok(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE), "UnregisterWaitEx failed");
    ok(CloseHandle(ev) && CloseHandle(called), "CloseHandle failed");
}

/* A thread pool wait's callback: records the result and sets the event in context. */
static volatile LONG pool_wait_result = -1;

static void CALLBACK pool_wait_callback(PTP_CALLBACK_INSTANCE instance, void *context,
                                        PTP_WAIT wait, TP_WAIT_RESULT result)
{
    (void)instance;
    (void)wait;
    pool_wait_result = (LONG)result;
    SetEvent((HANDLE)context);
}

static void test_a_pool_wait_sees_a_semaphore_released_by_another_process(void)
{
    const char *name = name_of("poolwait");
    HANDLE sem = CreateSemaphoreA(NULL, 0, 2, name);
    HANDLE called = CreateEventA(NULL, FALSE, FALSE, NULL);
    PTP_WAIT wait;
    PROCESS_INFORMATION pi;
    LONG previous = -1;

    ok(sem && called, "CreateSemaphoreA or CreateEventA failed");
    wait = CreateThreadpoolWait(pool_wait_callback, called, NULL);
    ok(wait != NULL, "CreateThreadpoolWait failed");
    pool_wait_result = -1;
    SetThreadpoolWait(wait, sem, NULL);
    pi = spawn("release_two", name, NULL);
    ok(WaitForSingleObject(called, LONG_WAIT) == WAIT_OBJECT_0,
       "the callback did not run after the child's ReleaseSemaphore");
    ok(pool_wait_result == WAIT_OBJECT_0, "the wait's result is %ld", (long)pool_wait_result);
    ok(finish_child(&pi) == 0, "the child failed");
    /* The child released both units; the pool's wait took one of them. */
    ok(ReleaseSemaphore(sem, 1, &previous) && previous == 1,
       "the semaphore's count after the pool's wait is %ld", (long)previous);
    WaitForThreadpoolWaitCallbacks(wait, FALSE);
    CloseThreadpoolWait(wait);
    ok(CloseHandle(sem) && CloseHandle(called), "CloseHandle failed");
}

static void test_wait_all_takes_two_semaphores_released_by_another_process(void)
{
    const char *name = name_of("sems");
    char second[128];
    HANDLE h[2];
    PROCESS_INFORMATION pi;

    snprintf(second, sizeof(second), "%s_2", name);
    h[0] = CreateSemaphoreA(NULL, 0, 5, name);
    h[1] = CreateSemaphoreA(NULL, 0, 5, second);
    ok(h[0] && h[1], "CreateSemaphoreA failed");
    pi = spawn("release_semaphores", name, NULL);
    ok(WaitForMultipleObjects(2, h, TRUE, LONG_WAIT) == WAIT_OBJECT_0, "the wait-all failed");
    ok(WaitForSingleObject(h[0], 0) == WAIT_TIMEOUT && WaitForSingleObject(h[1], 0) == WAIT_TIMEOUT,
       "the wait-all did not take one unit of each");
    ok(finish_child(&pi) == 0, "the child failed");
    ok(CloseHandle(h[0]) && CloseHandle(h[1]), "CloseHandle failed");
}

/* Two processes create and close one name at once: each create either makes
 * the object or finds it, and every handle works. */
static void test_two_processes_create_and_close_one_name_at_once(void)
{
    const char *name = name_of("race");
    PROCESS_INFORMATION pi = spawn("create_and_close", name, "2000");
    DWORD first_error = 0;
    int bad = 0;

    for (int i = 0; i < 2000; i++) {
        HANDLE h = CreateEventA(NULL, TRUE, FALSE, name);
        DWORD error = GetLastError();
        if (!h || (error != ERROR_SUCCESS && error != ERROR_ALREADY_EXISTS) || !SetEvent(h) ||
            WaitForSingleObject(h, 0) != WAIT_OBJECT_0 || !CloseHandle(h)) {
            if (!bad++)
                first_error = h ? GetLastError() : error;
        }
    }
    ok(bad == 0, "%d rounds went wrong, the first with error %lu", bad,
       (unsigned long)first_error);
    ok(finish_child(&pi) == 0, "the child's rounds went wrong");
}

/* A timer set by a process that then exits still fires for the other holders. */
static void test_a_timer_set_by_another_process_fires_after_it_exits(void)
{
    const char *name = name_of("timer_set");
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, name);
    PROCESS_INFORMATION pi;

    ok(t != NULL && GetLastError() == ERROR_SUCCESS, "CreateWaitableTimerA failed");
    pi = spawn("set_timer", name, "100 0");
    ok(finish_child(&pi) == 0, "the child could not open and set the timer");
    ok(WaitForSingleObject(t, LONG_WAIT) == WAIT_OBJECT_0, "the child's timer did not fire");
    ok(WaitForSingleObject(t, 0) == WAIT_OBJECT_0, "a manual-reset timer stays signalled");
    ok(CloseHandle(t), "CloseHandle failed");
}

/* Re-arming in another process replaces this process's due time. */
static void test_a_timer_rearmed_by_another_process_follows_the_new_due_time(void)
{
    const char *name = name_of("timer_rearm");
    HANDLE t = CreateWaitableTimerA(NULL, FALSE, name);
    LARGE_INTEGER hour;
    PROCESS_INFORMATION pi;

    hour.QuadPart = -36000000000LL;
    ok(t && SetWaitableTimer(t, &hour, 0, NULL, NULL, FALSE), "SetWaitableTimer failed");
    pi = spawn("set_timer", name, "1 0");
    ok(finish_child(&pi) == 0, "the child could not set the timer");
    ok(WaitForSingleObject(t, LONG_WAIT) == WAIT_OBJECT_0,
       "the timer kept its old due time after another process set it again");
    ok(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "a synchronization timer gives one wait");
    ok(CloseHandle(t), "CloseHandle failed");
}

/* A periodic timer cancelled in another process expires no more. */
static void test_a_timer_cancelled_by_another_process_expires_no_more(void)
{
    const char *name = name_of("timer_cancel");
    HANDLE t = CreateWaitableTimerA(NULL, FALSE, name);
    LARGE_INTEGER soon;
    PROCESS_INFORMATION pi;

    soon.QuadPart = -10000LL * 20;
    ok(t && SetWaitableTimer(t, &soon, 20, NULL, NULL, FALSE), "SetWaitableTimer failed");
    ok(WaitForSingleObject(t, LONG_WAIT) == WAIT_OBJECT_0, "the periodic timer did not fire");
    pi = spawn("cancel_timer", name, NULL);
    ok(finish_child(&pi) == 0, "the child could not cancel the timer");
    WaitForSingleObject(t, 0);  /* an expiry from before the cancel */
    ok(WaitForSingleObject(t, 200) == WAIT_TIMEOUT,
       "the timer expired again after another process cancelled it");
    ok(CloseHandle(t), "CloseHandle failed");
}

/* Each expiry of a periodic synchronization timer releases one waiter, in any process. */
static void test_a_periodic_timer_wakes_a_waiter_in_another_process(void)
{
    const char *name = name_of("timer_periodic");
    HANDLE t = CreateWaitableTimerA(NULL, FALSE, name);
    HANDLE second;
    LARGE_INTEGER soon;
    PROCESS_INFORMATION pi;

    soon.QuadPart = -10000LL * 10;
    ok(t != NULL, "CreateWaitableTimerA failed");
    second = CreateWaitableTimerA(NULL, TRUE, name);
    ok(second != NULL && GetLastError() == ERROR_ALREADY_EXISTS,
       "CreateWaitableTimerA of an existing name: error %lu", (unsigned long)GetLastError());
    pi = spawn("wait_timer", name, "3");
    ok(SetWaitableTimer(t, &soon, 10, NULL, NULL, FALSE), "SetWaitableTimer failed");
    ok(finish_child(&pi) == 0, "the child did not see three expiries");
    /* The second handle names the same synchronization timer: bManualReset was ignored. */
    ok(CancelWaitableTimer(second), "CancelWaitableTimer failed");
    WaitForSingleObject(t, 0);
    ok(WaitForSingleObject(second, 0) == WAIT_TIMEOUT,
       "the existing timer took the second create's manual reset");
    ok(CloseHandle(t) && CloseHandle(second), "CloseHandle failed");
}

/* A functions take names of MAX_PATH characters at most (a buffer of MAX_PATH
 * UTF-16 units); W functions longer ones, which other processes open. */
static void test_long_names(void)
{
    static char name[1024];
    static WCHAR wname[1024];
    size_t len;
    HANDLE ev, second;
    PROCESS_INFORMATION pi;

    snprintf(name, sizeof(name), "%s_", name_of("long"));
    len = strlen(name);
    memset(name + len, 'x', 259 - len);
    name[259] = '\0';
    ev = CreateEventA(NULL, TRUE, FALSE, name);
    ok(ev != NULL, "CreateEventA with a 259-character name failed");
    ok(CloseHandle(ev), "CloseHandle failed");
    memset(name + len, 'x', 300 - len);
    name[300] = '\0';
    ok(!CreateEventA(NULL, TRUE, FALSE, name) && GetLastError() == ERROR_FILENAME_EXCED_RANGE,
       "a 300-character name: error %lu", (unsigned long)GetLastError());
    ok(!OpenEventA(SYNCHRONIZE, FALSE, name) && GetLastError() == ERROR_FILENAME_EXCED_RANGE,
       "OpenEventA of a 300-character name: error %lu", (unsigned long)GetLastError());
    for (size_t i = 0; i < 1000; i++)
        wname[i] = i < len ? (WCHAR)name[i] : 'y';
    ev = CreateEventW(NULL, TRUE, FALSE, wname);
    ok(ev != NULL, "CreateEventW with a 1000-character name failed");
    second = OpenEventW(SYNCHRONIZE, FALSE, wname);
    ok(second != NULL, "OpenEventW of the long name failed");
    ok(CloseHandle(ev) && CloseHandle(second), "CloseHandle failed");
    pi = spawn("expect_missing", name_of("long_absent"), NULL);
    ok(finish_child(&pi) == 0, "the child failed");
}

CONFORMANCE_MAIN(test_an_event_set_by_another_process_wakes_a_waiter,
                 test_a_second_process_finds_the_mutex_of_the_first,
                 test_a_name_of_another_type_is_refused_in_another_process,
                 test_a_name_goes_with_its_last_handle,
                 test_global_and_local_names_are_apart,
                 test_a_mutex_owned_by_a_process_that_exits_is_abandoned,
                 test_a_mutex_owned_by_a_killed_process_is_abandoned,
                 test_wait_any_on_a_local_and_a_shared_event,
                 test_a_registered_wait_sees_an_event_set_by_another_process,
                 test_a_pool_wait_sees_a_semaphore_released_by_another_process,
                 test_wait_all_takes_two_semaphores_released_by_another_process,
                 test_two_processes_create_and_close_one_name_at_once,
                 test_a_timer_set_by_another_process_fires_after_it_exits,
                 test_a_timer_rearmed_by_another_process_follows_the_new_due_time,
                 test_a_timer_cancelled_by_another_process_expires_no_more,
                 test_a_periodic_timer_wakes_a_waiter_in_another_process,
                 test_long_names)
