/* Thread priorities, priority classes, affinity masks and thread descriptions. */
#include <errno.h>
#include <limits.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <ntstatus.h>
#include "testutil.h"
#include "../lib/thread.h"

static pid_t own_tid(void)
{
    return (pid_t)syscall(SYS_gettid);
}

static int nice_of_task(pid_t tid)
{
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, (id_t)tid);
    ck_assert_int_eq(errno, 0);
    return nice;
}

/* normal moved by steps nice values, as Linux clamps them (a test may start niced). */
static int niced(int normal, int steps)
{
    int n = normal + steps;

    return n > 19 ? 19 : n < -20 ? -20 : n;
}

static int io_class_of_task(pid_t tid)
{
    long prio = syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, tid);

    ck_assert_int_ge(prio, 0);
    return (int)(prio >> 13);
}

static ULONG_PTR affinity_of_task(pid_t tid)
{
    cpu_set_t set;
    ULONG_PTR mask = 0;

    ck_assert_int_eq(sched_getaffinity(tid, sizeof(set), &set), 0);
    for (int cpu = 0; cpu < 64; cpu++)
        if (CPU_ISSET(cpu, &set))
            mask |= (ULONG_PTR)1 << cpu;
    return mask;
}

/* What a thread reports of itself once it runs. */
struct report {
    HANDLE ready, release;
    LONG tid, nice;
    ULONG_PTR affinity;
    char comm[32];
};

static DWORD WINAPI report_self(LPVOID param)
{
    struct report *r = param;
    char path[64];
    FILE *f;

    r->tid = own_tid();
    r->nice = nice_of_task(r->tid);
    r->affinity = affinity_of_task(r->tid);
    snprintf(path, sizeof(path), "/proc/self/task/%d/comm", (int)r->tid);
    f = fopen(path, "r");
    if (f) {
        if (!fgets(r->comm, sizeof(r->comm), f))
            r->comm[0] = '\0';
        r->comm[strcspn(r->comm, "\n")] = '\0';
        fclose(f);
    }
    if (r->ready)
        SetEvent(r->ready);
    if (r->release)
        WaitForSingleObject(r->release, LONG_WAIT);
    return 0;
}

static void report_init(struct report *r, bool hold)
{
    memset(r, 0, sizeof(*r));
    if (hold) {
        r->ready = CreateEventA(NULL, TRUE, FALSE, NULL);
        r->release = CreateEventA(NULL, TRUE, FALSE, NULL);
        ck_assert_ptr_nonnull(r->ready);
        ck_assert_ptr_nonnull(r->release);
    }
}

static void report_free(struct report *r)
{
    if (r->ready)
        ck_assert(CloseHandle(r->ready));
    if (r->release)
        ck_assert(CloseHandle(r->release));
}

/* A thread that has reported and now waits for its release. */
static HANDLE held_thread(struct report *r)
{
    HANDLE h;

    report_init(r, true);
    h = CreateThread(NULL, 0, report_self, r, 0, NULL);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(r->ready, LONG_WAIT), WAIT_OBJECT_0);
    return h;
}

static void release_thread(struct report *r, HANDLE h)
{
    ck_assert(SetEvent(r->release));
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CloseHandle(h));
    report_free(r);
}

/* ---- thread priorities ---- */

START_TEST(test_priority_starts_normal_and_reads_back_every_valid_value)
{
    static const int valid[] = { THREAD_PRIORITY_IDLE, THREAD_PRIORITY_LOWEST,
                                 THREAD_PRIORITY_BELOW_NORMAL, THREAD_PRIORITY_NORMAL,
                                 THREAD_PRIORITY_ABOVE_NORMAL, THREAD_PRIORITY_HIGHEST,
                                 THREAD_PRIORITY_TIME_CRITICAL };
    HANDLE self = GetCurrentThread();

    ck_assert_int_eq(GetThreadPriority(self), THREAD_PRIORITY_NORMAL);
    for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
        SetLastError(0xdeadbeef);
        ck_assert(SetThreadPriority(self, valid[i]));
        ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
        ck_assert_int_eq(GetThreadPriority(self), valid[i]);
    }
    ck_assert(SetThreadPriority(self, THREAD_PRIORITY_NORMAL));
}
END_TEST

/* -7..-3 and 3..6 are for the real-time class only, which w32shim never has. */
START_TEST(test_invalid_priorities_fail_and_change_nothing)
{
    static const int invalid[] = { -3, 3, 6, -7, 14, 16, -16, 31, 0x7fffffff, 0x30000 };
    HANDLE self = GetCurrentThread();

    ck_assert(SetThreadPriority(self, THREAD_PRIORITY_LOWEST));
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
        SetLastError(0xdeadbeef);
        ck_assert(!SetThreadPriority(self, invalid[i]));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        ck_assert_int_eq(GetThreadPriority(self), THREAD_PRIORITY_LOWEST);
    }
    ck_assert(SetThreadPriority(self, THREAD_PRIORITY_NORMAL));
}
END_TEST

/* Three nice steps per priority level, around the starting nice value. */
START_TEST(test_priority_becomes_the_threads_nice_value)
{
    HANDLE self = GetCurrentThread();
    int normal = w32_sched_nice(THREAD_PRIORITY_NORMAL);

    if (normal == INT_MIN)
        return;         /* not allowed here: covered by the unprivileged test */
    ck_assert(SetThreadPriority(self, THREAD_PRIORITY_LOWEST));
    ck_assert_int_eq(nice_of_task(own_tid()), niced(normal, 6));
    ck_assert(SetThreadPriority(self, THREAD_PRIORITY_IDLE));
    ck_assert_int_eq(nice_of_task(own_tid()), 19);
    ck_assert(SetThreadPriority(self, THREAD_PRIORITY_ABOVE_NORMAL));
    ck_assert_int_eq(nice_of_task(own_tid()), w32_sched_nice(THREAD_PRIORITY_ABOVE_NORMAL));
    ck_assert_int_lt(nice_of_task(own_tid()), normal);
    ck_assert(SetThreadPriority(self, THREAD_PRIORITY_NORMAL));
    ck_assert_int_eq(nice_of_task(own_tid()), normal);
}
END_TEST

START_TEST(test_priority_reaches_another_running_thread)
{
    struct report r;
    HANDLE h = held_thread(&r);
    int lowest = w32_sched_nice(THREAD_PRIORITY_LOWEST);

    ck_assert(SetThreadPriority(h, THREAD_PRIORITY_LOWEST));
    ck_assert_int_eq(GetThreadPriority(h), THREAD_PRIORITY_LOWEST);
    if (lowest != INT_MIN)
        ck_assert_int_eq(nice_of_task(r.tid), lowest);
    release_thread(&r, h);
}
END_TEST

/* Set before the thread runs, applied by the thread as it starts. */
START_TEST(test_priority_of_a_suspended_thread_applies_when_it_runs)
{
    struct report r;
    HANDLE h;

    report_init(&r, false);
    h = CreateThread(NULL, 0, report_self, &r, CREATE_SUSPENDED, NULL);
    ck_assert_ptr_nonnull(h);
    ck_assert(SetThreadPriority(h, THREAD_PRIORITY_BELOW_NORMAL));
    ck_assert_int_eq(GetThreadPriority(h), THREAD_PRIORITY_BELOW_NORMAL);
    ck_assert_uint_eq(ResumeThread(h), 1);
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    if (w32_sched_nice(THREAD_PRIORITY_BELOW_NORMAL) != INT_MIN)
        ck_assert_int_eq(r.nice, w32_sched_nice(THREAD_PRIORITY_BELOW_NORMAL));
    ck_assert(CloseHandle(h));
}
END_TEST

/* Linux would give a new thread its creator's nice value; Windows starts it at NORMAL. */
START_TEST(test_new_thread_starts_normal_whatever_its_creator)
{
    struct report r;
    HANDLE h;

    ck_assert(SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_LOWEST));
    report_init(&r, false);
    h = CreateThread(NULL, 0, report_self, &r, 0, NULL);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_int_eq(GetThreadPriority(h), THREAD_PRIORITY_NORMAL);
    if (w32_sched_nice(THREAD_PRIORITY_NORMAL) != INT_MIN)
        ck_assert_int_eq(r.nice, w32_sched_nice(THREAD_PRIORITY_NORMAL));
    ck_assert(CloseHandle(h));
    ck_assert(SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_NORMAL));
}
END_TEST

static void drop_cap_sys_nice(void)
{
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    struct rlimit none = { 0, 0 };

    ck_assert_int_eq(syscall(SYS_capget, &header, data), 0);
    data[CAP_SYS_NICE / 32].effective &= ~(1u << (CAP_SYS_NICE % 32));
    data[CAP_SYS_NICE / 32].permitted &= ~(1u << (CAP_SYS_NICE % 32));
    ck_assert_int_eq(syscall(SYS_capset, &header, data), 0);
    ck_assert_int_eq(setrlimit(RLIMIT_NICE, &none), 0);
}

/*
 * Without CAP_SYS_NICE and with RLIMIT_NICE 0, a nice value raised could
 * never come down again: priorities are kept and reported, nice values are
 * left alone. In a child process, so that the capability stays here.
 */
START_TEST(test_unprivileged_priorities_are_kept_but_not_applied)
{
    pid_t pid = fork();
    int status;

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int before;

        drop_cap_sys_nice();
        before = nice_of_task(own_tid());
        if (!SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_LOWEST) ||
            GetThreadPriority(GetCurrentThread()) != THREAD_PRIORITY_LOWEST ||
            nice_of_task(own_tid()) != before || w32_sched_nice(THREAD_PRIORITY_NORMAL) != INT_MIN ||
            !SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_HIGHEST) ||
            GetThreadPriority(GetCurrentThread()) != THREAD_PRIORITY_HIGHEST)
            _exit(1);
        _exit(0);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

START_TEST(test_background_mode_is_for_the_calling_thread)
{
    struct report r;
    HANDLE self = GetCurrentThread(), other = held_thread(&r);

    ck_assert(SetThreadPriority(self, THREAD_MODE_BACKGROUND_BEGIN));
    ck_assert_int_eq(io_class_of_task(own_tid()), 3);   /* IOPRIO_CLASS_IDLE */
    SetLastError(0xdeadbeef);
    ck_assert(!SetThreadPriority(self, THREAD_MODE_BACKGROUND_BEGIN));
    ck_assert_uint_eq(GetLastError(), ERROR_THREAD_MODE_ALREADY_BACKGROUND);
    ck_assert_int_eq(GetThreadPriority(self), THREAD_PRIORITY_NORMAL);
    ck_assert(SetThreadPriority(self, THREAD_MODE_BACKGROUND_END));
    ck_assert_int_eq(io_class_of_task(own_tid()), 0);
    SetLastError(0xdeadbeef);
    ck_assert(!SetThreadPriority(self, THREAD_MODE_BACKGROUND_END));
    ck_assert_uint_eq(GetLastError(), ERROR_THREAD_MODE_NOT_BACKGROUND);
    SetLastError(0xdeadbeef);
    ck_assert(!SetThreadPriority(other, THREAD_MODE_BACKGROUND_BEGIN));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    release_thread(&r, other);
}
END_TEST

START_TEST(test_priority_boost_reads_back)
{
    BOOL disabled = 7;

    ck_assert(GetThreadPriorityBoost(GetCurrentThread(), &disabled));
    ck_assert_int_eq(disabled, FALSE);
    ck_assert(SetThreadPriorityBoost(GetCurrentThread(), 5));
    ck_assert(GetThreadPriorityBoost(GetCurrentThread(), &disabled));
    ck_assert_int_eq(disabled, TRUE);
    ck_assert(SetThreadPriorityBoost(GetCurrentThread(), FALSE));
    ck_assert(GetThreadPriorityBoost(GetCurrentThread(), &disabled));
    ck_assert_int_eq(disabled, FALSE);
    SetLastError(0xdeadbeef);
    ck_assert(!GetThreadPriorityBoost(GetCurrentThread(), NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
}
END_TEST

START_TEST(test_thread_calls_need_their_rights)
{
    LEAK_CHECK_BEGIN();
    HANDLE query = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentThreadId());
    HANDLE set = OpenThread(THREAD_SET_INFORMATION, FALSE, GetCurrentThreadId());
    BOOL disabled;

    ck_assert_ptr_nonnull(query);
    ck_assert_ptr_nonnull(set);
    SetLastError(0xdeadbeef);
    ck_assert(!SetThreadPriority(query, THREAD_PRIORITY_LOWEST));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!SetThreadPriorityBoost(query, TRUE));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_int_eq(GetThreadPriority(query), THREAD_PRIORITY_NORMAL);
    /* THREAD_SET_INFORMATION implies its limited form. */
    ck_assert(SetThreadPriority(set, THREAD_PRIORITY_NORMAL));
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(GetThreadPriority(set), THREAD_PRIORITY_ERROR_RETURN);
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!GetThreadPriorityBoost(set, &disabled));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(CloseHandle(query));
    ck_assert(CloseHandle(set));
    LEAK_CHECK_END();
}
END_TEST

/* NULL, closed, wrong-type and process pseudo-handles: ERROR_INVALID_HANDLE. */
START_TEST(test_thread_calls_reject_bad_handles)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL), closed = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE bad[] = { NULL, ev, closed, GetCurrentProcess(), INVALID_HANDLE_VALUE };
    BOOL disabled;

    ck_assert(CloseHandle(closed));
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        SetLastError(0xdeadbeef);
        ck_assert(!SetThreadPriority(bad[i], THREAD_PRIORITY_LOWEST));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        SetLastError(0xdeadbeef);
        ck_assert_int_eq(GetThreadPriority(bad[i]), THREAD_PRIORITY_ERROR_RETURN);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        SetLastError(0xdeadbeef);
        ck_assert(!SetThreadPriorityBoost(bad[i], TRUE));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        SetLastError(0xdeadbeef);
        ck_assert(!GetThreadPriorityBoost(bad[i], &disabled));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        SetLastError(0xdeadbeef);
        ck_assert_uint_eq(SetThreadAffinityMask(bad[i], 1), 0);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    }
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

/* ---- priority classes ---- */

START_TEST(test_priority_class_reads_back_and_realtime_becomes_high)
{
    static const DWORD classes[] = { IDLE_PRIORITY_CLASS, BELOW_NORMAL_PRIORITY_CLASS,
                                     ABOVE_NORMAL_PRIORITY_CLASS, HIGH_PRIORITY_CLASS,
                                     NORMAL_PRIORITY_CLASS };
    HANDLE self = GetCurrentProcess();

    ck_assert_uint_eq(GetPriorityClass(self), NORMAL_PRIORITY_CLASS);
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
        ck_assert(SetPriorityClass(self, classes[i]));
        ck_assert_uint_eq(GetPriorityClass(self), classes[i]);
    }
    /* No privilege for real-time: Windows then gives the high class. */
    ck_assert(SetPriorityClass(self, REALTIME_PRIORITY_CLASS));
    ck_assert_uint_eq(GetPriorityClass(self), HIGH_PRIORITY_CLASS);
    ck_assert(SetPriorityClass(self, NORMAL_PRIORITY_CLASS));
}
END_TEST

START_TEST(test_invalid_priority_class_fails)
{
    static const DWORD invalid[] = { 0, 1, NORMAL_PRIORITY_CLASS | IDLE_PRIORITY_CLASS,
                                     0x10, 0x80000000 };

    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
        SetLastError(0xdeadbeef);
        ck_assert(!SetPriorityClass(GetCurrentProcess(), invalid[i]));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    ck_assert_uint_eq(GetPriorityClass(GetCurrentProcess()), NORMAL_PRIORITY_CLASS);
}
END_TEST

/* The class moves every thread of the process, each keeping its own priority. */
START_TEST(test_priority_class_moves_every_thread)
{
    struct report r;
    HANDLE h = held_thread(&r);
    int normal = w32_sched_nice(THREAD_PRIORITY_NORMAL);

    ck_assert(SetThreadPriority(h, THREAD_PRIORITY_LOWEST));
    ck_assert(SetPriorityClass(GetCurrentProcess(), BELOW_NORMAL_PRIORITY_CLASS));
    if (normal != INT_MIN) {
        /* BELOW_NORMAL is two levels below NORMAL: six nice steps. */
        ck_assert_int_eq(nice_of_task(own_tid()), niced(normal, 6));
        ck_assert_int_eq(nice_of_task(r.tid), niced(normal, 12));
    }
    ck_assert_int_eq(GetThreadPriority(h), THREAD_PRIORITY_LOWEST);
    ck_assert(SetPriorityClass(GetCurrentProcess(), NORMAL_PRIORITY_CLASS));
    if (normal != INT_MIN) {
        ck_assert_int_eq(nice_of_task(own_tid()), normal);
        ck_assert_int_eq(nice_of_task(r.tid), niced(normal, 6));
    }
    release_thread(&r, h);
}
END_TEST

START_TEST(test_process_background_mode)
{
    ck_assert(SetPriorityClass(GetCurrentProcess(), PROCESS_MODE_BACKGROUND_BEGIN));
    ck_assert_int_eq(io_class_of_task(own_tid()), 3);
    ck_assert_uint_eq(GetPriorityClass(GetCurrentProcess()), NORMAL_PRIORITY_CLASS);
    SetLastError(0xdeadbeef);
    ck_assert(!SetPriorityClass(GetCurrentProcess(), PROCESS_MODE_BACKGROUND_BEGIN));
    ck_assert_uint_eq(GetLastError(), ERROR_PROCESS_MODE_ALREADY_BACKGROUND);
    ck_assert(SetPriorityClass(GetCurrentProcess(), PROCESS_MODE_BACKGROUND_END));
    ck_assert_int_eq(io_class_of_task(own_tid()), 0);
    SetLastError(0xdeadbeef);
    ck_assert(!SetPriorityClass(GetCurrentProcess(), PROCESS_MODE_BACKGROUND_END));
    ck_assert_uint_eq(GetLastError(), ERROR_PROCESS_MODE_NOT_BACKGROUND);
}
END_TEST

START_TEST(test_process_calls_reject_bad_handles_and_rights)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE limited = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentProcessId());
    HANDLE bad[] = { NULL, ev, GetCurrentThread() };
    DWORD_PTR pmask, smask;

    ck_assert_ptr_nonnull(limited);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        SetLastError(0xdeadbeef);
        ck_assert(!SetPriorityClass(bad[i], NORMAL_PRIORITY_CLASS));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        SetLastError(0xdeadbeef);
        ck_assert_uint_eq(GetPriorityClass(bad[i]), 0);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        SetLastError(0xdeadbeef);
        ck_assert(!GetProcessAffinityMask(bad[i], &pmask, &smask));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        SetLastError(0xdeadbeef);
        ck_assert(!SetProcessAffinityMask(bad[i], 1));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    }
    ck_assert_uint_eq(GetPriorityClass(limited), NORMAL_PRIORITY_CLASS);
    SetLastError(0xdeadbeef);
    ck_assert(!SetPriorityClass(limited, NORMAL_PRIORITY_CLASS));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(CloseHandle(limited));
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

/* ---- affinity ---- */

START_TEST(test_thread_affinity_returns_the_previous_mask)
{
    DWORD_PTR process, system, previous;
    ULONG_PTR lowest;

    ck_assert(GetProcessAffinityMask(GetCurrentProcess(), &process, &system));
    ck_assert_uint_ne(process, 0);
    ck_assert_uint_eq(process & ~system, 0);
    lowest = process & (0 - process);
    ck_assert_uint_eq(SetThreadAffinityMask(GetCurrentThread(), lowest), process);
    ck_assert_uint_eq(affinity_of_task(own_tid()), lowest);
    /* Every bit set asks for all of the process's CPUs. */
    ck_assert_uint_eq(SetThreadAffinityMask(GetCurrentThread(), ~(DWORD_PTR)0), lowest);
    ck_assert_uint_eq(affinity_of_task(own_tid()) & system, process);
    /* Bits beyond the system's CPUs are dropped, as Windows drops them. */
    previous = SetThreadAffinityMask(GetCurrentThread(), ~(DWORD_PTR)0 >> 3);
    ck_assert_uint_eq(previous, process);
    ck_assert(GetProcessAffinityMask(GetCurrentProcess(), NULL, NULL));
}
END_TEST

START_TEST(test_thread_affinity_outside_the_process_fails)
{
    DWORD_PTR process, system;

    ck_assert(GetProcessAffinityMask(GetCurrentProcess(), &process, &system));
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(SetThreadAffinityMask(GetCurrentThread(), 0), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    if (system != ~(DWORD_PTR)0) {
        SetLastError(0xdeadbeef);
        ck_assert_uint_eq(SetThreadAffinityMask(GetCurrentThread(), system + 1), 0);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    ck_assert_uint_eq(affinity_of_task(own_tid()) & system, process);
}
END_TEST

START_TEST(test_affinity_of_a_suspended_thread_applies_when_it_runs)
{
    DWORD_PTR process, system;
    struct report r;
    HANDLE h;

    ck_assert(GetProcessAffinityMask(GetCurrentProcess(), &process, &system));
    report_init(&r, false);
    h = CreateThread(NULL, 0, report_self, &r, CREATE_SUSPENDED, NULL);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(SetThreadAffinityMask(h, process & (0 - process)), process);
    ck_assert_uint_eq(ResumeThread(h), 1);
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(r.affinity, process & (0 - process));
    ck_assert(CloseHandle(h));
}
END_TEST

/* A new thread gets the process's CPUs, not its pinned creator's. */
START_TEST(test_new_thread_gets_the_process_mask)
{
    DWORD_PTR process, system;
    struct report r;
    HANDLE h;

    ck_assert(GetProcessAffinityMask(GetCurrentProcess(), &process, &system));
    ck_assert_uint_ne(SetThreadAffinityMask(GetCurrentThread(), process & (0 - process)), 0);
    report_init(&r, false);
    h = CreateThread(NULL, 0, report_self, &r, 0, NULL);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(r.affinity & system, process);
    ck_assert(CloseHandle(h));
}
END_TEST

START_TEST(test_process_affinity_moves_every_thread)
{
    DWORD_PTR process, system, now;
    struct report r;
    HANDLE h = held_thread(&r);
    ULONG_PTR lowest;

    ck_assert(GetProcessAffinityMask(GetCurrentProcess(), &process, &system));
    lowest = process & (0 - process);
    ck_assert(SetProcessAffinityMask(GetCurrentProcess(), lowest));
    ck_assert(GetProcessAffinityMask(GetCurrentProcess(), &now, NULL));
    ck_assert_uint_eq(now, lowest);
    ck_assert_uint_eq(affinity_of_task(own_tid()), lowest);
    ck_assert_uint_eq(affinity_of_task(r.tid), lowest);
    /* A thread mask outside the new process mask is refused. */
    if (process != lowest) {
        SetLastError(0xdeadbeef);
        ck_assert_uint_eq(SetThreadAffinityMask(h, process), 0);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    SetLastError(0xdeadbeef);
    ck_assert(!SetProcessAffinityMask(GetCurrentProcess(), 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    if (system != ~(DWORD_PTR)0) {
        ck_assert(!SetProcessAffinityMask(GetCurrentProcess(), system + 1));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    ck_assert(SetProcessAffinityMask(GetCurrentProcess(), process));
    ck_assert_uint_eq(affinity_of_task(r.tid) & system, process);
    release_thread(&r, h);
}
END_TEST

/* ---- descriptions ---- */

static HRESULT nt(NTSTATUS status)
{
    return HRESULT_FROM_NT(status);
}

static void check_description(HANDLE h, const WCHAR *want)
{
    PWSTR got = (PWSTR)0x1234;

    ck_assert_int_eq(GetThreadDescription(h, &got), nt(STATUS_SUCCESS));
    ck_assert_ptr_nonnull(got);
    ck_assert_int_eq(lstrcmpW(got, want), 0);
    ck_assert_ptr_null(LocalFree(got));
}

START_TEST(test_description_starts_empty_and_reads_back)
{
    HANDLE self = GetCurrentThread();

    check_description(self, u"");
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(SetThreadDescription(self, u"worker one"), nt(STATUS_SUCCESS));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    check_description(self, u"worker one");
    ck_assert_int_eq(SetThreadDescription(self, NULL), nt(STATUS_SUCCESS));
    check_description(self, u"");
    ck_assert_int_eq(SetThreadDescription(self, u""), nt(STATUS_SUCCESS));
    check_description(self, u"");
}
END_TEST

static void read_comm(pid_t tid, char *out, size_t size)
{
    char path[64];
    FILE *f;

    snprintf(path, sizeof(path), "/proc/self/task/%d/comm", (int)tid);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(fgets(out, (int)size, f));
    out[strcspn(out, "\n")] = '\0';
    fclose(f);
}

/* The kernel's thread name is the description's first 15 bytes of UTF-8, whole characters. */
START_TEST(test_description_names_the_kernel_thread)
{
    struct report r;
    HANDLE h = held_thread(&r);
    char comm[32];

    ck_assert_int_eq(SetThreadDescription(h, u"a long description of a thread"),
                     nt(STATUS_SUCCESS));
    read_comm(r.tid, comm, sizeof(comm));
    ck_assert_str_eq(comm, "a long descript");
    ck_assert_int_eq(SetThreadDescription(GetCurrentThread(), u"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"),
                     nt(STATUS_SUCCESS));
    read_comm(own_tid(), comm, sizeof(comm));
    ck_assert_str_eq(comm, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
    check_description(h, u"a long description of a thread");
    release_thread(&r, h);
}
END_TEST

START_TEST(test_description_of_a_suspended_thread_names_it_when_it_runs)
{
    struct report r;
    HANDLE h;

    report_init(&r, false);
    h = CreateThread(NULL, 0, report_self, &r, CREATE_SUSPENDED, NULL);
    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(SetThreadDescription(h, u"late starter"), nt(STATUS_SUCCESS));
    ck_assert_uint_eq(ResumeThread(h), 1);
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_str_eq(r.comm, "late starter");
    check_description(h, u"late starter");
    ck_assert(CloseHandle(h));
}
END_TEST

/* Failures come back as NT statuses in HRESULTs; the last error is not touched. */
START_TEST(test_description_errors_are_nt_statuses)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE query = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentThreadId());
    HANDLE set = OpenThread(THREAD_SET_LIMITED_INFORMATION, FALSE, GetCurrentThreadId());
    PWSTR got;
    WCHAR *huge = HeapAlloc(GetProcessHeap(), 0, 40000 * sizeof(WCHAR));

    ck_assert_ptr_nonnull(query);
    ck_assert_ptr_nonnull(set);
    ck_assert_ptr_nonnull(huge);
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(SetThreadDescription(NULL, u"x"), nt(STATUS_INVALID_HANDLE));
    ck_assert_int_eq(SetThreadDescription(ev, u"x"), nt(STATUS_OBJECT_TYPE_MISMATCH));
    ck_assert_int_eq(SetThreadDescription(GetCurrentProcess(), u"x"),
                     nt(STATUS_OBJECT_TYPE_MISMATCH));
    ck_assert_int_eq(SetThreadDescription(query, u"x"), nt(STATUS_ACCESS_DENIED));
    ck_assert_int_eq(GetThreadDescription(NULL, &got), nt(STATUS_INVALID_HANDLE));
    ck_assert_ptr_null(got);
    ck_assert_int_eq(GetThreadDescription(ev, &got), nt(STATUS_OBJECT_TYPE_MISMATCH));
    ck_assert_int_eq(GetThreadDescription(set, &got), nt(STATUS_ACCESS_DENIED));
    ck_assert_int_eq(GetThreadDescription(GetCurrentThread(), NULL), nt(STATUS_ACCESS_VIOLATION));
    for (int i = 0; i < 39999; i++)
        huge[i] = u'x';
    huge[39999] = 0;
    ck_assert_int_eq(SetThreadDescription(GetCurrentThread(), huge), nt(STATUS_INVALID_PARAMETER));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    /* The limited rights suffice. */
    ck_assert_int_eq(SetThreadDescription(set, u"limited"), nt(STATUS_SUCCESS));
    check_description(query, u"limited");
    ck_assert(HeapFree(GetProcessHeap(), 0, huge));
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(query));
    ck_assert(CloseHandle(set));
    LEAK_CHECK_END();
}
END_TEST

/* An ended thread keeps its settings, and its kernel id (maybe reused) is never reached. */
START_TEST(test_ended_thread_keeps_its_settings)
{
    LEAK_CHECK_BEGIN();
    struct report r;
    HANDLE h;

    report_init(&r, false);
    h = CreateThread(NULL, 0, report_self, &r, 0, NULL);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(SetThreadPriority(h, THREAD_PRIORITY_HIGHEST));
    ck_assert_int_eq(GetThreadPriority(h), THREAD_PRIORITY_HIGHEST);
    ck_assert_int_eq(SetThreadDescription(h, u"gone"), nt(STATUS_SUCCESS));
    check_description(h, u"gone");
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

static Suite *sched_suite(void)
{
    Suite *s = suite_create("sched");
    TCase *tc = tcase_create("priority");

    tcase_add_test(tc, test_priority_starts_normal_and_reads_back_every_valid_value);
    tcase_add_test(tc, test_invalid_priorities_fail_and_change_nothing);
    tcase_add_test(tc, test_priority_becomes_the_threads_nice_value);
    tcase_add_test(tc, test_priority_reaches_another_running_thread);
    tcase_add_test(tc, test_priority_of_a_suspended_thread_applies_when_it_runs);
    tcase_add_test(tc, test_new_thread_starts_normal_whatever_its_creator);
    tcase_add_test(tc, test_unprivileged_priorities_are_kept_but_not_applied);
    tcase_add_test(tc, test_background_mode_is_for_the_calling_thread);
    tcase_add_test(tc, test_priority_boost_reads_back);
    tcase_add_test(tc, test_thread_calls_need_their_rights);
    tcase_add_test(tc, test_thread_calls_reject_bad_handles);
    suite_add_tcase(s, tc);

    tc = tcase_create("class");
    tcase_add_test(tc, test_priority_class_reads_back_and_realtime_becomes_high);
    tcase_add_test(tc, test_invalid_priority_class_fails);
    tcase_add_test(tc, test_priority_class_moves_every_thread);
    tcase_add_test(tc, test_process_background_mode);
    tcase_add_test(tc, test_process_calls_reject_bad_handles_and_rights);
    suite_add_tcase(s, tc);

    tc = tcase_create("affinity");
    tcase_add_test(tc, test_thread_affinity_returns_the_previous_mask);
    tcase_add_test(tc, test_thread_affinity_outside_the_process_fails);
    tcase_add_test(tc, test_affinity_of_a_suspended_thread_applies_when_it_runs);
    tcase_add_test(tc, test_new_thread_gets_the_process_mask);
    tcase_add_test(tc, test_process_affinity_moves_every_thread);
    suite_add_tcase(s, tc);

    tc = tcase_create("description");
    tcase_add_test(tc, test_description_starts_empty_and_reads_back);
    tcase_add_test(tc, test_description_names_the_kernel_thread);
    tcase_add_test(tc, test_description_of_a_suspended_thread_names_it_when_it_runs);
    tcase_add_test(tc, test_description_errors_are_nt_statuses);
    tcase_add_test(tc, test_ended_thread_keeps_its_settings);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(sched_suite)
