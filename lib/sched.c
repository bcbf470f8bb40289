/*
 * Thread priorities, process priority classes and affinity masks, mapped
 * onto Linux scheduling (doc/api.md has the table).
 *
 * A thread's Windows base priority (its class's base plus its own priority)
 * becomes a per-thread nice value, three nice steps per priority level
 * around the process's nice value at first use. Linux lets an unprivileged
 * thread raise its nice value but not lower it again below what RLIMIT_NICE
 * allows, so w32shim changes nice values only where every change can be
 * undone (CAP_SYS_NICE, or RLIMIT_NICE reaching the starting value); else
 * priorities are kept and reported, and the scheduler is left alone.
 * Affinity masks are the first 64 CPUs of the kernel's per-thread masks.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <linux/capability.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "error.h"
#include "handle.h"
#include "process.h"
#include "thread.h"
#include "wait.h"
#include "fork.h"

#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_CLASS_IDLE 3
#define IOPRIO_WHO_PROCESS 1

/* ---- what may be changed ---- */

struct nice_policy {
    bool apply;     /* nice values are changed (every change can be undone) */
    int base;       /* the process's nice value at first use: NORMAL threads of the NORMAL class */
    int floor;      /* the lowest nice value the process may set */
};

static pthread_once_t policy_once = PTHREAD_ONCE_INIT;
static struct nice_policy policy;

static bool has_cap_sys_nice(void)
{
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2] = { { 0 } };

    if (syscall(SYS_capget, &header, data) != 0)
        return false;
    return data[CAP_SYS_NICE / 32].effective & (1u << (CAP_SYS_NICE % 32));
}

static void decide_policy(void)
{
    struct rlimit limit;
    int base;

    errno = 0;
    base = getpriority(PRIO_PROCESS, (id_t)getpid());
    if (errno)
        base = 0;
    policy.floor = 20;
    if (has_cap_sys_nice())
        policy.floor = -20;
    else if (getrlimit(RLIMIT_NICE, &limit) == 0)
        policy.floor = limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= 40
                           ? -20 : 20 - (int)limit.rlim_cur;
    policy.base = base;
    policy.apply = policy.floor <= base;
}

static const struct nice_policy *nice_policy(void)
{
    pthread_once(&policy_once, decide_policy);
    return &policy;
}


/* ---- the process's class ---- */

/* The class and background mode of this process; changed under class_lock. */
static pthread_mutex_t class_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic DWORD process_class = NORMAL_PRIORITY_CLASS;
static atomic_bool process_background;

static int class_base(DWORD cls)
{
    switch (cls) {
    case IDLE_PRIORITY_CLASS: return 4;
    case BELOW_NORMAL_PRIORITY_CLASS: return 6;
    case ABOVE_NORMAL_PRIORITY_CLASS: return 10;
    case HIGH_PRIORITY_CLASS: return 13;
    default: return 8;
    }
}

/* Windows' base priority of a thread: 1 to 15 outside the real-time class. */
static int base_priority(DWORD cls, int priority)
{
    if (priority == THREAD_PRIORITY_IDLE)
        return 1;
    if (priority == THREAD_PRIORITY_TIME_CRITICAL)
        return 15;
    return class_base(cls) + priority;
}

static int nice_of(int base)
{
    const struct nice_policy *p = nice_policy();
    int nice = p->base + 3 * (8 - base);

    if (nice > 19)
        nice = 19;
    return nice < p->floor ? p->floor : nice < -20 ? -20 : nice;
}

int w32_sched_nice(int priority)
{
    if (!nice_policy()->apply)
        return INT_MIN;
    return nice_of(base_priority(atomic_load(&process_class), priority));
}

/* Set once w32shim first changed a thread: from then on a new thread is
 * given its own settings as it starts instead of inheriting its creator's. */
static atomic_bool threads_touched;

/* A thread's nice value, as its priority and its process's class ask. */
static void apply_nice(pid_t tid, int priority, bool background)
{
    DWORD cls = atomic_load(&process_class);

    if (background || atomic_load(&process_background))
        priority = THREAD_PRIORITY_IDLE;
    if (nice_policy()->apply)
        setpriority(PRIO_PROCESS, (id_t)tid, nice_of(base_priority(cls, priority)));
}

/* A background thread's I/O class; unlike a nice value, it can always be taken back. */
static void apply_io(pid_t tid, bool background)
{
    background |= atomic_load(&process_background);
    syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, tid,
            background ? IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT : 0);
}

/* ---- affinity ---- */

static ULONG_PTR system_mask(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);

    if (cpus < 1)
        cpus = 1;
    return cpus >= 64 ? ~(ULONG_PTR)0 : ((ULONG_PTR)1 << cpus) - 1;
}

static ULONG_PTR mask_of(const cpu_set_t *set)
{
    ULONG_PTR mask = 0;

    for (int cpu = 0; cpu < 64; cpu++)
        if (CPU_ISSET(cpu, set))
            mask |= (ULONG_PTR)1 << cpu;
    return mask;
}

static void set_of(ULONG_PTR mask, cpu_set_t *set)
{
    CPU_ZERO(set);
    for (int cpu = 0; cpu < 64; cpu++)
        if (mask & ((ULONG_PTR)1 << cpu))
            CPU_SET(cpu, set);
}

/* A task's mask, or 0 if it cannot be read (the task has ended). */
static ULONG_PTR task_affinity(pid_t tid)
{
    cpu_set_t set;

    if (sched_getaffinity(tid, sizeof(set), &set) != 0)
        return 0;
    return mask_of(&set) & system_mask();
}

/* The process's mask: the CPUs it was started on, until SetProcessAffinityMask. */
static pthread_once_t process_mask_once = PTHREAD_ONCE_INIT;
static _Atomic ULONG_PTR process_mask;

static void read_process_mask(void)
{
    ULONG_PTR mask = task_affinity((pid_t)syscall(SYS_gettid));

    atomic_store(&process_mask, mask ? mask : system_mask());
}

static ULONG_PTR own_process_mask(void)
{
    pthread_once(&process_mask_once, read_process_mask);
    return atomic_load(&process_mask);
}

static int set_task_affinity(pid_t tid, ULONG_PTR mask)
{
    cpu_set_t set;

    set_of(mask, &set);
    return sched_setaffinity(tid, sizeof(set), &set) == 0 ? 0 : errno;
}

/* ---- threads ---- */

/*
 * Applies t's settings to its kernel thread, if it runs yet: its nice value,
 * its I/O class and its CPUs (the process's unless it has its own). A thread
 * that has ended has no kernel id, so one that reuses its id is not touched.
 * Object lock held.
 */
static void apply_sched(struct w32_thread *t)
{
    pid_t tid = atomic_load(&t->tid);

    if (!tid)
        return;
    atomic_store(&threads_touched, true);
    apply_nice(tid, t->priority, t->background);
    apply_io(tid, t->background);
    set_task_affinity(tid, t->affinity ? t->affinity : own_process_mask());
}

/*
 * t's settings changed: apply them now if its kernel thread runs, and mark
 * them for the thread to apply as it starts otherwise. The thread publishes
 * its id and then looks at the mark; this marks and then looks at the id:
 * one of the two sees the other. Object lock held.
 */
static void settings_changed(struct w32_thread *t)
{
    t->sched_set = true;
    atomic_store(&t->sched_dirty, true);
    apply_sched(t);
}

/*
 * Settings made before the thread ran, or any thread's settings changed
 * since (a new thread would inherit its creator's nice value, I/O class and
 * CPUs, where Windows starts it afresh): the thread applies its own.
 */
void w32_sched_thread_started(struct w32_thread *t)
{
    atomic_store(&t->tid, (int)syscall(SYS_gettid));
    if (!atomic_load(&t->sched_dirty) && !atomic_load(&threads_touched))
        return;
    w32_object_lock(&t->obj);
    if (t->sched_set || atomic_load(&threads_touched))
        apply_sched(t);
    if (t->description)
        w32_thread_apply_name(t);
    w32_object_unlock(&t->obj);
}

static bool valid_priority(int priority)
{
    return (priority >= THREAD_PRIORITY_LOWEST && priority <= THREAD_PRIORITY_HIGHEST) ||
           priority == THREAD_PRIORITY_IDLE || priority == THREAD_PRIORITY_TIME_CRITICAL;
}

/* THREAD_MODE_BACKGROUND_BEGIN or _END, for the calling thread only. */
static DWORD set_background(struct w32_thread *t, bool begin)
{
    if (t != w32_thread_peek())
        return ERROR_INVALID_PARAMETER;
    if (t->background == begin)
        return begin ? ERROR_THREAD_MODE_ALREADY_BACKGROUND : ERROR_THREAD_MODE_NOT_BACKGROUND;
    t->background = begin;
    settings_changed(t);
    return ERROR_SUCCESS;
}

BOOL WINAPI SetThreadPriority(HANDLE hThread, int nPriority)
{
    struct w32_thread *t = w32_thread_get(hThread, THREAD_SET_LIMITED_INFORMATION);
    DWORD error = ERROR_SUCCESS;

    if (!t)
        return FALSE;
    w32_object_lock(&t->obj);
    if (nPriority == THREAD_MODE_BACKGROUND_BEGIN || nPriority == THREAD_MODE_BACKGROUND_END) {
        error = set_background(t, nPriority == THREAD_MODE_BACKGROUND_BEGIN);
    } else if (!valid_priority(nPriority)) {
        error = ERROR_INVALID_PARAMETER;
    } else {
        t->priority = nPriority;
        settings_changed(t);
    }
    w32_object_unlock(&t->obj);
    w32_object_unref(&t->obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

int WINAPI GetThreadPriority(HANDLE hThread)
{
    struct w32_thread *t = w32_thread_get(hThread, THREAD_QUERY_LIMITED_INFORMATION);
    int priority;

    if (!t)
        return THREAD_PRIORITY_ERROR_RETURN;
    w32_object_lock(&t->obj);
    priority = t->priority;
    w32_object_unlock(&t->obj);
    w32_object_unref(&t->obj);
    return priority;
}

BOOL WINAPI SetThreadPriorityBoost(HANDLE hThread, BOOL bDisablePriorityBoost)
{
    struct w32_thread *t = w32_thread_get(hThread, THREAD_SET_LIMITED_INFORMATION);

    if (!t)
        return FALSE;
    w32_object_lock(&t->obj);
    t->boost_disabled = bDisablePriorityBoost != FALSE;
    w32_object_unlock(&t->obj);
    w32_object_unref(&t->obj);
    return TRUE;
}

BOOL WINAPI GetThreadPriorityBoost(HANDLE hThread, PBOOL pDisablePriorityBoost)
{
    struct w32_thread *t = w32_thread_get(hThread, THREAD_QUERY_LIMITED_INFORMATION);
    bool disabled;

    if (!t)
        return FALSE;
    w32_object_lock(&t->obj);
    disabled = t->boost_disabled;
    w32_object_unlock(&t->obj);
    w32_object_unref(&t->obj);
    if (!pDisablePriorityBoost) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *pDisablePriorityBoost = disabled;
    return TRUE;
}

/*
 * The mask SetThreadAffinityMask may set: all bits asks for every CPU of
 * the process; bits beyond the system's CPUs are dropped, as Windows drops
 * them. 0 if what remains is empty or outside the process's mask.
 */
static ULONG_PTR allowed_mask(ULONG_PTR mask)
{
    ULONG_PTR process = own_process_mask();

    if (mask == ~(ULONG_PTR)0)
        return process;
    mask &= system_mask();
    return (mask & ~process) ? 0 : mask;
}

DWORD_PTR WINAPI SetThreadAffinityMask(HANDLE hThread, DWORD_PTR dwThreadAffinityMask)
{
    struct w32_thread *t = w32_thread_get(hThread, THREAD_SET_LIMITED_INFORMATION |
                                                   THREAD_QUERY_LIMITED_INFORMATION);
    ULONG_PTR mask = allowed_mask(dwThreadAffinityMask), previous;
    pid_t tid;

    if (!t)
        return 0;
    if (!mask) {
        w32_object_unref(&t->obj);
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    w32_object_lock(&t->obj);
    tid = atomic_load(&t->tid);
    previous = tid ? task_affinity(tid) : 0;
    if (!previous)
        previous = t->affinity ? t->affinity : own_process_mask();
    t->affinity = mask;
    settings_changed(t);
    w32_object_unlock(&t->obj);
    w32_object_unref(&t->obj);
    return previous;
}

/* ---- processes ---- */

static struct w32_object *get_process(HANDLE h, ACCESS_MASK access)
{
    return w32_handle_get(h, &w32_process_type, access);
}

/* Calls fn(tid, arg) for every thread of process pid (/proc), until it fails. */
static int for_each_task(pid_t pid, int (*fn)(pid_t tid, void *arg), void *arg)
{
    char path[64];
    struct dirent *entry;
    DIR *dir;
    int err = 0;

    snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
    dir = opendir(path);
    if (!dir)
        return errno;
    while (!err && (entry = readdir(dir)))
        if (entry->d_name[0] != '.')
            err = fn((pid_t)atoi(entry->d_name), arg);
    closedir(dir);
    return err;
}

/* A thread of the process, as its class or background mode changed. */
static int reapply_task(pid_t tid, void *arg)
{
    struct w32_thread *t = w32_thread_find_tid(tid);

    atomic_store(&threads_touched, true);
    if (!t) {
        apply_nice(tid, THREAD_PRIORITY_NORMAL, false);
        apply_io(tid, false);
        return 0;
    }
    w32_object_lock(&t->obj);
    apply_nice(tid, t->priority, t->background);
    apply_io(tid, t->background);
    w32_object_unlock(&t->obj);
    w32_object_unref(&t->obj);
    return 0;
}

static bool valid_class(DWORD cls)
{
    switch (cls) {
    case IDLE_PRIORITY_CLASS:
    case BELOW_NORMAL_PRIORITY_CLASS:
    case NORMAL_PRIORITY_CLASS:
    case ABOVE_NORMAL_PRIORITY_CLASS:
    case HIGH_PRIORITY_CLASS:
    case REALTIME_PRIORITY_CLASS:
        return true;
    default:
        return false;
    }
}

/* PROCESS_MODE_BACKGROUND_BEGIN or _END, for the current process only. */
static DWORD set_process_background(bool begin)
{
    if (atomic_load(&process_background) == begin)
        return begin ? ERROR_PROCESS_MODE_ALREADY_BACKGROUND : ERROR_PROCESS_MODE_NOT_BACKGROUND;
    atomic_store(&process_background, begin);
    return ERROR_SUCCESS;
}

/* The class of the current process; real-time needs a privilege w32shim
 * never has, and Windows then gives the high class, as here. */
static DWORD set_own_class(DWORD cls)
{
    DWORD error = ERROR_SUCCESS;

    pthread_mutex_lock(&class_lock);
    if (cls == PROCESS_MODE_BACKGROUND_BEGIN || cls == PROCESS_MODE_BACKGROUND_END)
        error = set_process_background(cls == PROCESS_MODE_BACKGROUND_BEGIN);
    else
        atomic_store(&process_class, cls == REALTIME_PRIORITY_CLASS ? HIGH_PRIORITY_CLASS : cls);
    if (error == ERROR_SUCCESS)
        for_each_task(getpid(), reapply_task, NULL);
    pthread_mutex_unlock(&class_lock);
    return error;
}

static int renice_task(pid_t tid, void *arg)
{
    if (setpriority(PRIO_PROCESS, (id_t)tid, *(int *)arg) != 0 && errno != ESRCH)
        return errno;
    return 0;
}

/* Another process's class: its threads' nice values, as far as Linux lets us. */
static DWORD set_other_class(struct w32_object *process, DWORD cls)
{
    pid_t pid = w32_process_lock_pid(process);
    int nice, err;

    if (cls == PROCESS_MODE_BACKGROUND_BEGIN || cls == PROCESS_MODE_BACKGROUND_END) {
        if (pid)
            w32_process_unlock_pid(process);
        return ERROR_INVALID_PARAMETER;
    }
    if (!pid)
        return ERROR_SUCCESS;       /* it has ended: nothing to schedule */
    nice = nice_of(class_base(cls == REALTIME_PRIORITY_CLASS ? HIGH_PRIORITY_CLASS : cls));
    err = for_each_task(pid, renice_task, &nice);
    w32_process_unlock_pid(process);
    return err == 0 || err == ENOENT ? ERROR_SUCCESS
           : err == EPERM || err == EACCES ? ERROR_ACCESS_DENIED : w32_error_from_errno(err);
}

BOOL WINAPI SetPriorityClass(HANDLE hProcess, DWORD dwPriorityClass)
{
    struct w32_object *process = get_process(hProcess, PROCESS_SET_INFORMATION);
    DWORD error;

    if (!process)
        return FALSE;
    if (!valid_class(dwPriorityClass) && dwPriorityClass != PROCESS_MODE_BACKGROUND_BEGIN &&
        dwPriorityClass != PROCESS_MODE_BACKGROUND_END)
        error = ERROR_INVALID_PARAMETER;
    else if (w32_process_is_self(process))
        error = set_own_class(dwPriorityClass);
    else
        error = set_other_class(process, dwPriorityClass);
    w32_object_unref(process);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

/* The class whose nice value is nearest to a process's main thread's. */
static DWORD class_of_nice(int nice)
{
    static const DWORD classes[] = { IDLE_PRIORITY_CLASS, BELOW_NORMAL_PRIORITY_CLASS,
                                     NORMAL_PRIORITY_CLASS, ABOVE_NORMAL_PRIORITY_CLASS,
                                     HIGH_PRIORITY_CLASS };
    DWORD best = NORMAL_PRIORITY_CLASS;
    int best_distance = 100;

    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
        int distance = abs(nice_of(class_base(classes[i])) - nice);
        if (distance < best_distance) {
            best = classes[i];
            best_distance = distance;
        }
    }
    return best;
}

static DWORD other_class(struct w32_object *process)
{
    pid_t pid = w32_process_lock_pid(process);
    int nice;

    if (!pid)
        return NORMAL_PRIORITY_CLASS;
    errno = 0;
    nice = getpriority(PRIO_PROCESS, (id_t)pid);
    w32_process_unlock_pid(process);
    return errno ? NORMAL_PRIORITY_CLASS : class_of_nice(nice);
}

DWORD WINAPI GetPriorityClass(HANDLE hProcess)
{
    struct w32_object *process = get_process(hProcess, PROCESS_QUERY_LIMITED_INFORMATION);
    DWORD cls;

    if (!process)
        return 0;
    cls = w32_process_is_self(process) ? atomic_load(&process_class) : other_class(process);
    w32_object_unref(process);
    return cls;
}

static ULONG_PTR other_process_mask(struct w32_object *process)
{
    pid_t pid = w32_process_lock_pid(process);
    ULONG_PTR mask;

    if (!pid)
        return system_mask();
    mask = task_affinity(pid);
    w32_process_unlock_pid(process);
    return mask ? mask : system_mask();
}

BOOL WINAPI GetProcessAffinityMask(HANDLE hProcess, PDWORD_PTR lpProcessAffinityMask,
                                   PDWORD_PTR lpSystemAffinityMask)
{
    struct w32_object *process = get_process(hProcess, PROCESS_QUERY_LIMITED_INFORMATION);
    ULONG_PTR mask;

    if (!process)
        return FALSE;
    mask = w32_process_is_self(process) ? own_process_mask() : other_process_mask(process);
    w32_object_unref(process);
    if (lpProcessAffinityMask)
        *lpProcessAffinityMask = mask;
    if (lpSystemAffinityMask)
        *lpSystemAffinityMask = system_mask();
    return TRUE;
}

static int set_task_affinity_to(pid_t tid, void *arg)
{
    int err = set_task_affinity(tid, *(ULONG_PTR *)arg);

    return err == ESRCH ? 0 : err;
}

/* A thread of this process gives up its own mask for the process's new one. */
static int reset_task_affinity(pid_t tid, void *arg)
{
    struct w32_thread *t = w32_thread_find_tid(tid);

    atomic_store(&threads_touched, true);
    if (t) {
        w32_object_lock(&t->obj);
        t->affinity = 0;
        w32_object_unlock(&t->obj);
        w32_object_unref(&t->obj);
    }
    return set_task_affinity_to(tid, arg);
}

/* Every thread of the process gets the new mask, as on Windows. */
static DWORD set_process_mask(struct w32_object *process, ULONG_PTR mask)
{
    pid_t pid;
    int err;

    if (w32_process_is_self(process)) {
        own_process_mask();
        pthread_mutex_lock(&class_lock);
        atomic_store(&process_mask, mask);
        err = for_each_task(getpid(), reset_task_affinity, &mask);
        pthread_mutex_unlock(&class_lock);
    } else {
        pid = w32_process_lock_pid(process);
        if (!pid)
            return ERROR_SUCCESS;
        err = for_each_task(pid, set_task_affinity_to, &mask);
        w32_process_unlock_pid(process);
    }
    return err == 0 || err == ENOENT ? ERROR_SUCCESS
           : err == EPERM ? ERROR_ACCESS_DENIED : w32_error_from_errno(err);
}

BOOL WINAPI SetProcessAffinityMask(HANDLE hProcess, DWORD_PTR dwProcessAffinityMask)
{
    struct w32_object *process = get_process(hProcess, PROCESS_SET_INFORMATION);
    DWORD error;

    if (!process)
        return FALSE;
    if (!dwProcessAffinityMask || (dwProcessAffinityMask & ~system_mask()))
        error = ERROR_INVALID_PARAMETER;
    else
        error = set_process_mask(process, dwProcessAffinityMask);
    w32_object_unref(process);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

/* fork (fork.h): the class lock is held across a fork. */
void w32_sched_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&class_lock, phase);
}
