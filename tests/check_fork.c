/*
 * fork(): a child forked while other threads signal, wait, start processes,
 * arm timers, queue pool work and make and close handles may call every
 * function, and the parent goes on working (doc/design.md, "Fork").
 */
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"
#include "handle.h"
#include "wait.h"

/* The child starts threads of its own (monitor, timer, pool): TSan must let it. */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
    return "die_after_fork=0";
}

/* What a thread of the parent that has a record ends with in the child. */
#define FORKED_THREAD_EXIT_CODE 0xC000004Bu
#define FORKS 4

enum busy_kind { BUSY_EVENTS, BUSY_PROCESSES, BUSY_TIMERS, BUSY_POOL, BUSY_HANDLES, BUSY_KINDS };

static atomic_bool stop;
static atomic_uint progress[BUSY_KINDS];

/*
 * The sanitizer runtimes of GCC 12 do not take all of their own locks around
 * fork(), so a child forked while another thread is inside the runtime can
 * inherit one of them held, whatever the library does:
 * - ASan takes no lock of its allocator: a child forked while another thread
 *   is inside malloc or free hangs at its next allocation of that size.
 * - TSan takes none of the spin locks of its metadata allocators (one for
 *   heap blocks, one for sync objects): a child forked while another thread
 *   refills its cache of either spins forever in the first thread that
 *   allocates, which is one the library's pthread_atfork child handler
 *   starts, inside fork() itself.
 * Under either sanitizer the busy threads therefore stop between calls for
 * the moment of each fork, and the fork waits until every other thread
 * sleeps in the kernel. The plain build forks amid the traffic.
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define QUIET_FORK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define QUIET_FORK 1
#endif
#endif
static atomic_bool hold;
static atomic_uint held;

/* The state letter of one of this process's threads, 0 if gone. */
static char task_state(int tid)
{
    char path[64], buf[512], *p;
    size_t n;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
    f = fopen(path, "r");
    if (!f)
        return 0;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    p = strrchr(buf, ')');
    return p && p[1] == ' ' ? p[2] : 0;
}


/* Starts cmdline with stdin from input (NULL: /dev/null), our stdout and stderr. */
static bool start(const char *cmdline, HANDLE input, PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si = { .cb = sizeof(si), .dwFlags = STARTF_USESTDHANDLES };
    char *copy = strdup(cmdline);
    BOOL ok;

    si.hStdInput = input;
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    ok = CreateProcessA(NULL, copy, NULL, NULL, FALSE, 0, NULL, NULL, &si, pi);
    free(copy);
    return ok;
}

/* cmdline's exit code, or ~0u if it could not be run and waited for. */
static DWORD run(const char *cmdline)
{
    PROCESS_INFORMATION pi;
    DWORD code = ~0u;

    if (!start(cmdline, NULL, &pi))
        return ~0u;
    if (WaitForSingleObject(pi.hProcess, LONG_WAIT) != WAIT_OBJECT_0 ||
        !GetExitCodeProcess(pi.hProcess, &code))
        code = ~0u;
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code;
}

static void CALLBACK count_callback(PTP_CALLBACK_INSTANCE inst, void *ctx)
{
    atomic_fetch_add((atomic_uint *)ctx, 1);
}

static DWORD WINAPI busy(void *arg)
{
    enum busy_kind kind = (enum busy_kind)(uintptr_t)arg;
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    /* Static: the pool may run a callback after this thread has returned. */
    static atomic_uint pool_done;

    while (!atomic_load(&stop)) {
        if (atomic_load(&hold)) {
            struct timespec ms = { 0, 1000000 };

            atomic_fetch_add(&held, 1);
            while (atomic_load(&hold))
                nanosleep(&ms, NULL);
            atomic_fetch_sub(&held, 1);
        }
        switch (kind) {
        case BUSY_EVENTS:
            SetEvent(event);
            WaitForSingleObject(event, LONG_WAIT);
            break;
        case BUSY_PROCESSES:
            run("true");
            break;
        case BUSY_TIMERS: {
            HANDLE t = CreateWaitableTimerA(NULL, FALSE, NULL);
            LARGE_INTEGER due = { .QuadPart = -10000 };
            SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
            WaitForSingleObject(t, LONG_WAIT);
            CloseHandle(t);
            break;
        }
        case BUSY_POOL:
            TrySubmitThreadpoolCallback(count_callback, &pool_done, NULL);
            Sleep(0);
            break;
        case BUSY_HANDLES:
            CloseHandle(CreateEventA(NULL, TRUE, FALSE, NULL));
            break;
        case BUSY_KINDS:
            break;
        }
        atomic_fetch_add(&progress[kind], 1);
    }
    CloseHandle(event);
    return 0;
}

static void CALLBACK set_event_work(PTP_CALLBACK_INSTANCE inst, void *ctx, PTP_WORK work)
{
    SetEvent(ctx);
}

/* The child's checks: 0 if all hold, else the number of the first that failed. */
static int child_checks(HANDLE *threads, HANDLE running, HANDLE input, HANDLE named,
                        DWORD handles_at_fork)
{
    DWORD n = 0, code = 0;
    HANDLE done, timer, opened;
    LARGE_INTEGER due = { .QuadPart = -20000 };
    PTP_WORK work;

    /* Handles are as fork copied them: the busy threads hold one or two
     * each beyond the count taken before they were asked to go on. */
    if (!GetProcessHandleCount(GetCurrentProcess(), &n) || n + 2 * BUSY_KINDS < handles_at_fork ||
        n > handles_at_fork + 2 * BUSY_KINDS) {
        fprintf(stderr, "handles: %u, at fork %u\n", (unsigned)n, (unsigned)handles_at_fork);
        return 1;
    }
    /* The parent's threads ended in the child, with the documented code. */
    for (int i = 0; i < BUSY_KINDS; i++)
        if (WaitForSingleObject(threads[i], LONG_WAIT) != WAIT_OBJECT_0 ||
            !GetExitCodeThread(threads[i], &code) || code != FORKED_THREAD_EXIT_CODE)
            return 2;
    /* A process of its own, signalled with its exit code. */
    if (run("sh -c \"exit 7\"") != 7)
        return 3;
    /* A waitable timer fires. */
    timer = CreateWaitableTimerA(NULL, TRUE, NULL);
    if (!timer || !SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE) ||
        WaitForSingleObject(timer, LONG_WAIT) != WAIT_OBJECT_0 || !CloseHandle(timer))
        return 4;
    /* Pool work runs. */
    done = CreateEventA(NULL, TRUE, FALSE, NULL);
    work = CreateThreadpoolWork(set_event_work, done, NULL);
    if (!done || !work)
        return 5;
    SubmitThreadpoolWork(work);
    if (WaitForSingleObject(done, LONG_WAIT) != WAIT_OBJECT_0)
        return 5;
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    CloseThreadpoolWork(work);
    CloseHandle(done);
    /* The write end of running's input is the parent's to close. */
    if (!CloseHandle(input))
        return 6;
    /* Named objects are the parent's too: the parent sees this signal. */
    opened = OpenEventA(EVENT_MODIFY_STATE | SYNCHRONIZE, FALSE, "w32shim-check-fork");
    if (!opened || !SetEvent(named) || !CloseHandle(opened))
        return 6;
    /* The parent's child is not this child's: it ends signalled (once the
     * parent closes its input), its exit code unknown. */
    SetLastError(0);
    if (WaitForSingleObject(running, LONG_WAIT) != WAIT_OBJECT_0 ||
        GetExitCodeProcess(running, &code) || GetLastError() != ERROR_NOT_SUPPORTED)
        return 7;
    /* A second process after all that. */
    if (run("sh -c \"exit 9\"") != 9)
        return 8;
    return 0;
}

/* Waits for every kind of busy thread to make progress: no timing assumed. */
static void wait_for_progress(void)
{
    unsigned seen[BUSY_KINDS];

    for (int i = 0; i < BUSY_KINDS; i++)
        seen[i] = atomic_load(&progress[i]);
    for (int i = 0; i < BUSY_KINDS; i++)
        while (atomic_load(&progress[i]) == seen[i])
            Sleep(1);
}

#ifdef QUIET_FORK
/* Whether every thread of this process but the caller sleeps in the kernel. */
static bool others_asleep(void)
{
    int self = (int)syscall(SYS_gettid);
    bool asleep = true;
    struct dirent *d;
    DIR *dir = opendir("/proc/self/task");

    if (!dir)
        return false;
    while (asleep && (d = readdir(dir))) {
        int tid = atoi(d->d_name);
        char state = tid > 0 && tid != self ? task_state(tid) : 'S';

        asleep = state == 'S' || state == 0;
    }
    closedir(dir);
    return asleep;
}
#endif

/* fork(), with the busy threads and the library quiet if the sanitizer needs it. */
static pid_t fork_amid_busy_threads(void)
{
    pid_t pid;

#ifdef QUIET_FORK
    atomic_store(&hold, true);
    while (atomic_load(&held) < BUSY_KINDS || !others_asleep())
        Sleep(1);
#endif
    pid = fork();
    if (pid != 0)
        atomic_store(&hold, false);
    return pid;
}

/* In a forked child: a time limit that ends it, whatever handlers Check set. */
static void limit_child(void)
{
    signal(SIGALRM, SIG_DFL);
    alarm((unsigned)(LONG_WAIT / 1000 * 4));
}

/*
 * Reaps a forked child into *status; false if it had not ended once its own
 * time limit should have ended it: then it hung where that limit could not
 * be set yet (inside fork(), in a pthread_atfork handler), and is killed.
 */
static bool reaped_in_time(pid_t pid, int *status)
{
    ULONGLONG deadline = GetTickCount64() + (ULONGLONG)LONG_WAIT * 5;
    pid_t got;

    while ((got = waitpid(pid, status, WNOHANG)) == 0 && GetTickCount64() < deadline)
        Sleep(10);
    if (got != 0)
        return got == pid;
    kill(pid, SIGKILL);
    waitpid(pid, status, 0);
    return false;
}

START_TEST(test_forked_child_works_and_parent_goes_on)
{
    HANDLE threads[BUSY_KINDS], named;
    DWORD code = 0;

    named = CreateEventA(NULL, TRUE, FALSE, "w32shim-check-fork");
    ck_assert_ptr_nonnull(named);
    for (int i = 0; i < BUSY_KINDS; i++) {
        threads[i] = CreateThread(NULL, 0, busy, (void *)(uintptr_t)i, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    for (int round = 0; round < FORKS; round++) {
        PROCESS_INFORMATION running;
        HANDLE rd, wr;
        DWORD handles;
        int status = 0;
        pid_t pid;

        /* A child of the parent's that runs until the parent closes its input. */
        ck_assert(CreatePipe(&rd, &wr, NULL, 0));
        ck_assert(start("sh -c \"read x; exit 3\"", rd, &running));
        ck_assert(CloseHandle(rd));
        ck_assert(ResetEvent(named));
        wait_for_progress();
        handles = handle_count();
        pid = fork_amid_busy_threads();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            limit_child();
            _exit(child_checks(threads, running.hProcess, wr, named, handles));
        }
        /* The child has let go of its copy of wr once it signals. */
        WaitForSingleObject(named, LONG_WAIT);
        ck_assert(CloseHandle(wr));
        ck_assert_msg(reaped_in_time(pid, &status), "round %d: the child hung", round);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                      "round %d: the child failed check %d (status %#x)", round,
                      WIFEXITED(status) ? WEXITSTATUS(status) : -1, status);
        /* The child's signal of the named event reached the parent. */
        ck_assert_uint_eq(WaitForSingleObject(named, 0), WAIT_OBJECT_0);
        /* The parent's child is still its own: its exit code is known here. */
        ck_assert_uint_eq(WaitForSingleObject(running.hProcess, LONG_WAIT), WAIT_OBJECT_0);
        ck_assert(GetExitCodeProcess(running.hProcess, &code));
        ck_assert_uint_eq(code, 3);
        ck_assert(CloseHandle(running.hProcess));
        ck_assert(CloseHandle(running.hThread));
        /* The parent's monitor still signals its children. */
        ck_assert_uint_eq(run("sh -c \"exit 5\""), 5);
    }
    atomic_store(&stop, true);
    for (int i = 0; i < BUSY_KINDS; i++) {
        ck_assert_uint_eq(WaitForSingleObject(threads[i], LONG_WAIT), WAIT_OBJECT_0);
        ck_assert(GetExitCodeThread(threads[i], &code));
        ck_assert_uint_eq(code, 0);
        ck_assert(CloseHandle(threads[i]));
    }
    ck_assert(CloseHandle(named));
}
END_TEST

/* A child forked by a program that never started a background thread. */
START_TEST(test_child_of_a_quiet_program_starts_everything_itself)
{
    int status = 0;
    pid_t pid;
    HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL);

    ck_assert_ptr_nonnull(e);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        PROCESS_INFORMATION pi;

        limit_child();
        /* The unnamed event is the child's own copy, and works. */
        if (!SetEvent(e) || WaitForSingleObject(e, 0) != WAIT_OBJECT_0)
            _exit(20);
        if (!start("sh -c \"sleep 10\"", NULL, &pi) || !TerminateProcess(pi.hProcess, 4) ||
            WaitForSingleObject(pi.hProcess, LONG_WAIT) != WAIT_OBJECT_0)
            _exit(21);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
        _exit(run("sh -c \"exit 0\"") == 0 ? 0 : 22);
    }
    ck_assert_msg(reaped_in_time(pid, &status), "the child hung");
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
    /* The child's SetEvent was on its own copy. */
    ck_assert_uint_eq(WaitForSingleObject(e, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(e));
}
END_TEST

/* A process object's lock, held by another thread until told. */
struct held_lock {
    struct w32_object *obj;
    HANDLE locked, release;
};

static DWORD WINAPI hold_lock(void *arg)
{
    struct held_lock *h = arg;

    w32_object_lock(h->obj);
    SetEvent(h->locked);
    WaitForSingleObject(h->release, INFINITE);
    w32_object_unlock(h->obj);
    return 0;
}

/* Whether pid is gone or a zombie: its exit is there to be seen. */
static bool ended(DWORD pid)
{
    char path[64], buf[512];
    const char *state;
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "/proc/%lu/stat", (unsigned long)pid);
    if (!(f = fopen(path, "r")))
        return true;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    state = strrchr(buf, ')');
    return !state || state[1] == 0 || state[2] == 'Z' || state[2] == 'X';
}

/*
 * A process the parent's monitor watches whose handles are all closed, its
 * lock held by another thread at the fork, as the monitor holds it while it
 * reaps: the child's monitor watches it again and, once it ends, reaches
 * that lock; the lock must be free there, or the child's monitor stops and
 * nothing the child spawns is seen to end.
 */
START_TEST(test_child_reaps_past_a_lock_held_at_the_fork)
{
    struct held_lock h;
    PROCESS_INFORMATION pi;
    HANDLE rd, wr, locker;
    int status = 0;
    pid_t pid;

    ck_assert(CreatePipe(&rd, &wr, NULL, 0));
    ck_assert(start("sh -c \"read x\"", rd, &pi));
    ck_assert(CloseHandle(rd));
    h.obj = w32_handle_get(pi.hProcess, NULL, 0);       /* a reference, not a handle */
    ck_assert_ptr_nonnull(h.obj);
    ck_assert(CloseHandle(pi.hProcess));
    ck_assert(CloseHandle(pi.hThread));
    h.locked = CreateEventA(NULL, TRUE, FALSE, NULL);
    h.release = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert(h.locked && h.release);
    locker = CreateThread(NULL, 0, hold_lock, &h, 0, NULL);
    ck_assert_ptr_nonnull(locker);
    ck_assert_uint_eq(WaitForSingleObject(h.locked, LONG_WAIT), WAIT_OBJECT_0);
#ifdef QUIET_FORK
    /* The locker goes on into its wait, and may be inside the sanitizer's
     * runtime on the way (see QUIET_FORK): the fork waits until it sleeps
     * there, the lock still held. */
    while (!others_asleep())
        Sleep(1);
#endif
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        limit_child();
        /* Both copies of wr close: sh ends. Once it has, the child's monitor
         * has its end to take, first, before the end of what run() spawns. */
        CloseHandle(wr);
        for (int i = 0; i < LONG_WAIT && !ended(pi.dwProcessId); i++)
            Sleep(1);
        _exit(run("sh -c \"exit 7\"") == 7 ? 0 : 1);
    }
    ck_assert(CloseHandle(wr));
    ck_assert(SetEvent(h.release));
    ck_assert_uint_eq(WaitForSingleObject(locker, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_msg(reaped_in_time(pid, &status), "the child hung");
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
    w32_object_unref(h.obj);
    ck_assert(CloseHandle(locker));
    ck_assert(CloseHandle(h.locked));
    ck_assert(CloseHandle(h.release));
}
END_TEST

/* A thread's scheduling state (/proc): 'S' while it sleeps. */
struct sleeper {
    HANDLE event, port;
    atomic_int tid;                     /* set just before it starts its wait */
};

static DWORD WINAPI wait_on_event(void *arg)
{
    struct sleeper *s = arg;

    atomic_store(&s->tid, (int)syscall(SYS_gettid));
    return WaitForSingleObject(s->event, INFINITE);
}

static DWORD WINAPI wait_on_port(void *arg)
{
    struct sleeper *s = arg;
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    OVERLAPPED *ov = NULL;

    atomic_store(&s->tid, (int)syscall(SYS_gettid));
    return GetQueuedCompletionStatus(s->port, &bytes, &key, &ov, INFINITE) ? bytes : 0;
}

/* Returns once the thread sleeps in the wait it announced. (If it is seen
 * asleep anywhere else first, the test below merely proves less.) */
static void wait_until_asleep(atomic_int *tid)
{
    while (!atomic_load(tid))
        Sleep(1);
    while (task_state(atomic_load(tid)) != 'S')
        Sleep(1);
}

/* A wait of the parent's thread at the fork is not the child's: a signal or
 * packet in the child goes to the child's own waits. */
START_TEST(test_waits_of_the_parents_threads_are_not_the_childs)
{
    struct sleeper on_event = { CreateEventA(NULL, FALSE, FALSE, NULL), NULL, 0 };
    struct sleeper on_port = { NULL, CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0), 0 };
    HANDLE t1, t2;
    DWORD code = 0;
    int status = 0;
    pid_t pid;

    ck_assert_ptr_nonnull(on_event.event);
    ck_assert_ptr_nonnull(on_port.port);
    t1 = CreateThread(NULL, 0, wait_on_event, &on_event, 0, NULL);
    t2 = CreateThread(NULL, 0, wait_on_port, &on_port, 0, NULL);
    ck_assert_ptr_nonnull(t1);
    ck_assert_ptr_nonnull(t2);
    wait_until_asleep(&on_event.tid);
    wait_until_asleep(&on_port.tid);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        OVERLAPPED *ov = NULL;

        limit_child();
        if (!SetEvent(on_event.event) || WaitForSingleObject(on_event.event, 0) != WAIT_OBJECT_0)
            _exit(30);
        if (!PostQueuedCompletionStatus(on_port.port, 5, 6, NULL) ||
            !GetQueuedCompletionStatus(on_port.port, &bytes, &key, &ov, 0) || bytes != 5 ||
            key != 6)
            _exit(31);
        if (WaitForSingleObject(t1, 0) != WAIT_OBJECT_0 || WaitForSingleObject(t2, 0) != WAIT_OBJECT_0)
            _exit(32);
        _exit(0);
    }
    ck_assert_msg(reaped_in_time(pid, &status), "the child hung");
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
    /* The parent's threads still wait, and are served. */
    ck_assert_uint_eq(WaitForSingleObject(t1, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(on_event.event));
    ck_assert_uint_eq(WaitForSingleObject(t1, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(t1, &code));
    ck_assert_uint_eq(code, WAIT_OBJECT_0);
    ck_assert(PostQueuedCompletionStatus(on_port.port, 7, 0, NULL));
    ck_assert_uint_eq(WaitForSingleObject(t2, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(t2, &code));
    ck_assert_uint_eq(code, 7);
    ck_assert(CloseHandle(t1));
    ck_assert(CloseHandle(t2));
    ck_assert(CloseHandle(on_event.event));
    ck_assert(CloseHandle(on_port.port));
}
END_TEST

static Suite *fork_suite(void)
{
    Suite *s = suite_create("fork");
    TCase *tc = tcase_create("fork");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_forked_child_works_and_parent_goes_on);
    tcase_add_test(tc, test_child_of_a_quiet_program_starts_everything_itself);
    tcase_add_test(tc, test_child_reaps_past_a_lock_held_at_the_fork);
    tcase_add_test(tc, test_waits_of_the_parents_threads_are_not_the_childs);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(fork_suite)
