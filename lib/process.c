/*
 * processthreadsapi.h: processes. The current process is one static object;
 * a child is an object with a pidfd, watched by one monitor thread (epoll) and
 * reaped with waitid(P_PIDFD) when it ends, so w32shim installs no SIGCHLD
 * handler and never reaps a child it did not create. OpenProcess of any
 * other process gives an object watched the same way, never reaped.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "process.h"
#include "procattr.h"
#include "cmdline.h"
#include "error.h"
#include "file.h"
#include "handle.h"
#include "inherit.h"
#include "job.h"
#include "thread.h"
#include "unicode.h"
#include "wait.h"
#include "xproc.h"
#include "fork.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

struct process {
    struct w32_object obj;
    pid_t pid;                          /* 0: the current process */
    int pidfd;                          /* closed, under the object lock, once reaped */
    struct w32_thread *main_thread;     /* a child's, referenced; NULL if opened */
    bool child;                         /* created by CreateProcess: ours to reap */
    int resume_fd;                      /* CREATE_SUSPENDED, until resumed: monitor_lock */
    int record_fd;                      /* a child's inheritance record (its exit code); object lock */
    struct process *watch_prev, *watch_next;    /* watched: monitor_lock */
    atomic_bool exited;                 /* the signalled state; set under the object lock */
    bool job_ended;                     /* job.c's lock (w32_process_job_ended) */
    struct w32_job_chain job_outer;     /* job.c's lock (w32_process_job_outer) */
    /* The object lock guards the three below and pidfd. */
    bool terminated;                    /* TerminateProcess's code wins over the signal */
    bool code_known;                    /* false: an opened process ended, code unknown */
    DWORD exit_code;
    struct w32_cpu_times times;         /* read as it was reaped (GetProcessTimes) */
    struct w32_xproc_peer *peer;        /* its record, if a w32shim process; object lock */
    uint64_t inbox_nonce;               /* a child's inbox (xproc.h), 0 if none; set once */
    uint64_t start;                     /* a child's start time, if start_known; set once */
    bool start_known;
};

static bool process_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return atomic_load_explicit(&((struct process *)obj)->exited, memory_order_seq_cst);
}

static struct process self_process;

static bool process_destroy(struct w32_object *obj)
{
    struct process *p = (struct process *)obj;

    if (p == &self_process)
        return false;   /* the current process's object is static */
    if (p->pidfd >= 0)
        close(p->pidfd);
    if (p->resume_fd >= 0)
        close(p->resume_fd);     /* never resumed: the child is killed (cmdline.h) */
    if (p->record_fd >= 0)
        close(p->record_fd);
    w32_xproc_detach(p->peer);
    if (p->main_thread)
        w32_object_unref(&p->main_thread->obj);
    return true;
}

const struct w32_object_type w32_process_type = {
    .name = "Process",
    .access = {
        .read = STANDARD_RIGHTS_READ | PROCESS_VM_READ | PROCESS_QUERY_INFORMATION,
        .write = STANDARD_RIGHTS_WRITE | PROCESS_CREATE_PROCESS | PROCESS_CREATE_THREAD |
                 PROCESS_VM_OPERATION | PROCESS_VM_WRITE | PROCESS_DUP_HANDLE |
                 PROCESS_TERMINATE | PROCESS_SET_QUOTA | PROCESS_SET_INFORMATION |
                 PROCESS_SUSPEND_RESUME,
        .execute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE |
                   PROCESS_QUERY_LIMITED_INFORMATION,
        .all = PROCESS_ALL_ACCESS,
        .query = PROCESS_QUERY_INFORMATION,
        .query_limited = PROCESS_QUERY_LIMITED_INFORMATION,
    },
    .signaled = process_signaled,
    .listed = true,
    .destroy = process_destroy,
};

static struct process self_process = {
    .obj = { .refs = 1, .type = &w32_process_type },
};

struct w32_object *w32_process_self(void)
{
    return &self_process.obj;
}

struct w32_object *w32_process_self_ref(void)
{
    w32_object_ref(&self_process.obj);
    return &self_process.obj;
}

bool w32_process_is_self(struct w32_object *obj)
{
    return obj == &self_process.obj;
}

pid_t w32_process_lock_pid(struct w32_object *obj)
{
    struct process *p = (struct process *)obj;

    if (p == &self_process)
        return getpid();
    /* A child is reaped under the lock, so its pid is not reused while it is
     * held; a process that is not our child may be reaped by its parent at
     * any time, as with kill(2). */
    w32_object_lock(obj);
    if (!atomic_load_explicit(&p->exited, memory_order_relaxed) && p->pidfd >= 0)
        return p->pid;
    w32_object_unlock(obj);
    return 0;
}

void w32_process_unlock_pid(struct w32_object *obj)
{
    if (obj != &self_process.obj)
        w32_object_unlock(obj);
}

/* ---- the monitor: one thread for every child ---- */

/* Guards monitor_fd and its set of children; orders a child's fields before the monitor reads them. */
static pthread_mutex_t monitor_lock = PTHREAD_MUTEX_INITIALIZER;
static int monitor_fd = -1;             /* epoll over the children's pidfds; set once */

/* Windows' codes for the ways a process dies of a signal (doc/api.md). */
static DWORD signal_exit_code(int sig)
{
    switch (sig) {
    case SIGSEGV:
    case SIGBUS:
        return 0xC0000005;              /* STATUS_ACCESS_VIOLATION */
    case SIGILL:
        return 0xC000001D;              /* STATUS_ILLEGAL_INSTRUCTION */
    case SIGFPE:
        return 0xC0000094;              /* STATUS_INTEGER_DIVIDE_BY_ZERO */
    case SIGABRT:
        return 3;                       /* abort()'s exit code on Windows */
    case SIGINT:
        return 0xC000013A;              /* STATUS_CONTROL_C_EXIT */
    default:
        return 0xC0000000 | (DWORD)sig;
    }
}

/*
 * The process behind p has ended: reap it if it is our child, and signal its
 * process and thread. Another process is not reaped: its exit status is read
 * without consuming it if it is a child of the program's own (WNOWAIT), and
 * is unknown otherwise.
 */
static void reap(struct process *p)
{
    siginfo_t info = { 0 };
    struct w32_cpu_times times;
    bool known = true, abnormal;
    DWORD code;

    /* Reaped, its pid may be reused: its thread's scheduling calls stop first. */
    if (p->main_thread)
        w32_thread_forget_tid(p->main_thread);
    /* Reaped under the lock, so that w32_process_lock_pid pins the pid. */
    w32_object_lock(&p->obj);
    w32_cputime_of_proc(p->pid, 0, &p->times);     /* a zombie still has its stat */
    p->times.exited = w32_cputime_now();
    if (p->child) {
        if (waitid((idtype_t)P_PIDFD, (id_t)p->pidfd, &info, WEXITED) != 0)
            info.si_code = CLD_KILLED, info.si_status = SIGKILL;
    } else {
        known = waitid((idtype_t)P_PIDFD, (id_t)p->pidfd, &info,
                       WEXITED | WNOWAIT | WNOHANG) == 0 && info.si_pid != 0;
    }
    code = info.si_code == CLD_EXITED ? (DWORD)info.si_status : signal_exit_code(info.si_status);
    /* A w32shim child reported its code in full (inherit.h). */
    if (p->child && info.si_code == CLD_EXITED)
        w32_inherit_exit_code(p->record_fd, p->pid, info.si_status, &code);
    if (p->record_fd >= 0)
        close(p->record_fd);
    p->record_fd = -1;
    /* An opened w32shim process reported it in its record, which goes now (xproc.h). */
    if (!known && p->peer)
        known = w32_xproc_peer_exit_code(p->peer, &code);
    w32_xproc_detach(p->peer);
    p->peer = NULL;
    if (p->terminated)
        code = p->exit_code, known = true;
    p->exit_code = code;
    p->code_known = known;
    close(p->pidfd);            /* the process is gone: its fd goes before anyone wakes */
    p->pidfd = -1;
    /* Only a status that says so: an opened process's is not ours to read. */
    abnormal = (info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED) && !p->terminated;
    times = p->times;
    /* Its jobs learn of its end before any waiter does; meanwhile it is
     * gone (no pidfd) but not signalled. */
    w32_object_unlock(&p->obj);
    w32_job_process_ended(&p->obj, code, abnormal, times.user, times.kernel);
    w32_object_lock(&p->obj);
    atomic_store_explicit(&p->exited, true, memory_order_seq_cst);
    w32_dispatch_wake(&p->obj);
    w32_object_unlock(&p->obj);
    if (p->main_thread)
        w32_thread_end(p->main_thread, code);
}

/* Watched processes, for OpenProcess by pid; monitor_lock. */
static struct process *watched;

void w32_process_exit_let_go(void)
{
    struct process **all = NULL;
    size_t n = 0, cap = 0;

    pthread_mutex_lock(&monitor_lock);
    for (struct process *p = watched; p; p = p->watch_next)
        cap++;
    all = cap ? malloc(cap * sizeof(*all)) : NULL;
    for (struct process *p = watched; all && p; p = p->watch_next) {
        w32_object_ref(&p->obj);
        all[n++] = p;
    }
    pthread_mutex_unlock(&monitor_lock);
    for (size_t i = 0; i < n; i++) {
        /* Under its lock, as the monitor lets it go (process_ended). */
        w32_object_lock(&all[i]->obj);
        w32_xproc_let_go_if_ended(all[i]->peer, all[i]->pidfd);
        w32_object_unlock(&all[i]->obj);
        w32_object_unref(&all[i]->obj);
    }
    free(all);
}

static void watched_unlink(struct process *p)
{
    if (p->watch_prev)
        p->watch_prev->watch_next = p->watch_next;
    else
        watched = p->watch_next;
    if (p->watch_next)
        p->watch_next->watch_prev = p->watch_prev;
}

static void *monitor_main(void *arg)
{
    struct epoll_event events[16];

    w32_handle_never_close_asked();
    for (;;) {
        int n = epoll_wait(monitor_fd, events, 16, -1);
        for (int i = 0; i < n; i++) {
            struct process *p = events[i].data.ptr;
            pthread_mutex_lock(&monitor_lock);
            epoll_ctl(monitor_fd, EPOLL_CTL_DEL, p->pidfd, NULL);
            /* Ended before anyone resumed it: its pipe goes before waiters
             * wake, not with the monitor's reference, which may be the last
             * and dropped after they have closed their handles. */
            if (p->resume_fd >= 0)
                close(p->resume_fd);
            p->resume_fd = -1;
            pthread_mutex_unlock(&monitor_lock);
            reap(p);
            /* Listed until reaped: a child forked meanwhile watches it again. */
            pthread_mutex_lock(&monitor_lock);
            watched_unlink(p);
            pthread_mutex_unlock(&monitor_lock);
            w32_object_unref(&p->obj);  /* the monitor's reference */
        }
    }
    return NULL;
}

/* Starts the monitor unless it runs; monitor_lock held. A failure (out of
 * fds, of threads) is returned, not remembered: the next call tries again. */
static DWORD start_monitor_locked(void)
{
    pthread_attr_t attr;
    pthread_t tid;
    int fd, err;

    if (monitor_fd >= 0)
        return ERROR_SUCCESS;
    w32_fork_ensure();
    fd = epoll_create1(EPOLL_CLOEXEC);
    if (fd < 0)
        return w32_error_from_errno(errno);
    monitor_fd = fd;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    err = pthread_create(&tid, &attr, monitor_main, NULL);
    pthread_attr_destroy(&attr);
    if (err) {
        monitor_fd = -1;
        close(fd);
        return w32_error_from_errno(err);
    }
    return ERROR_SUCCESS;
}

/* The monitor runs (started if need be); false with the last error set. */
static bool monitor_running(void)
{
    DWORD error;

    pthread_mutex_lock(&monitor_lock);
    error = start_monitor_locked();
    pthread_mutex_unlock(&monitor_lock);
    if (error != ERROR_SUCCESS)
        w32_set_error(error);
    return error == ERROR_SUCCESS;
}

/* Hands p to the monitor, which holds a reference until it has reaped the
 * child; false with the last error set. */
static bool watch(struct process *p)
{
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = p };
    DWORD error;
    int r;

    w32_object_ref(&p->obj);
    pthread_mutex_lock(&monitor_lock);
    error = start_monitor_locked();
    r = error == ERROR_SUCCESS ? epoll_ctl(monitor_fd, EPOLL_CTL_ADD, p->pidfd, &ev) : -1;
    if (r != 0 && error == ERROR_SUCCESS)
        error = w32_error_from_errno(errno);
    if (r == 0) {
        p->watch_prev = NULL;
        p->watch_next = watched;
        if (watched)
            watched->watch_prev = p;
        watched = p;
    }
    pthread_mutex_unlock(&monitor_lock);
    if (r != 0) {
        w32_object_unref(&p->obj);
        w32_set_error(error);
    }
    return r == 0;
}

/* ---- CreateProcess ---- */

/* A child's object and its main thread's, made before the child starts; the
 * pid and pidfd come with the child (set_child). NULL, error set, if out of memory. */
static struct process *new_child(void)
{
    struct process *p = calloc(1, sizeof(*p));

    if (p)
        p->main_thread = w32_thread_new_remote(0);
    if (!p || !p->main_thread) {
        free(p);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&p->obj, &w32_process_type);
    p->pidfd = -1;
    p->resume_fd = -1;
    p->record_fd = -1;
    p->child = true;
    return p;
}

static void set_child(struct process *p, pid_t pid, int pidfd)
{
    p->pid = pid;
    p->pidfd = pidfd;
    p->main_thread->process_id = (DWORD)pid;
}

/* The child is running and watched: hand out its handles. */
static BOOL give_handles(struct process *p, LPSECURITY_ATTRIBUTES psa, LPSECURITY_ATTRIBUTES tsa,
                         LPPROCESS_INFORMATION pi)
{
    HANDLE hp, ht;

    w32_object_ref(&p->main_thread->obj);
    ht = w32_handle_create(&p->main_thread->obj, THREAD_ALL_ACCESS, tsa && tsa->bInheritHandle);
    hp = w32_handle_create(&p->obj, PROCESS_ALL_ACCESS, psa && psa->bInheritHandle);
    if (!hp || !ht) {
        if (hp)
            CloseHandle(hp);
        if (ht)
            CloseHandle(ht);
        return FALSE;
    }
    pi->hProcess = hp;
    pi->hThread = ht;
    pi->dwProcessId = (DWORD)p->pid;
    pi->dwThreadId = p->main_thread->id;
    w32_set_error(ERROR_SUCCESS);
    return TRUE;
}

static BOOL check_create_arguments(LPCSTR app, LPCSTR cmdline, DWORD flags,
                                   LPSTARTUPINFOA si, LPPROCESS_INFORMATION pi)
{
    DWORD error = ERROR_SUCCESS;

    if (!si || !pi)
        error = ERROR_NOACCESS;
    else if (!app && !cmdline)
        error = ERROR_INVALID_PARAMETER;
    /* Not supported (doc/api.md): debugging a child. */
    else if (flags & (DEBUG_PROCESS | DEBUG_ONLY_THIS_PROCESS))
        error = ERROR_NOT_SUPPORTED;
    if (error != ERROR_SUCCESS)
        w32_set_error(error);
    return error == ERROR_SUCCESS;
}

/* ---- the fds a child gets ---- */

/*
 * The child's fds: those of its inherited handles (inherit.h) under their own
 * numbers, then its standard handles as fds 0, 1 and 2. inh's references and
 * fds keep every one open until the child has started.
 */
struct child_fds {
    struct w32_inherit inh;     /* map and refs have room for 3 more */
    int temps[3];               /* our copies of standard fds that would be overwritten */
};

static void release_fds(struct child_fds *fds)
{
    w32_inherit_release(&fds->inh);
    for (int i = 0; i < 3; i++)
        if (fds->temps[i] >= 0)
            close(fds->temps[i]);
}

/*
 * hStdInput, hStdOutput and hStdError become fds 0, 1 and 2; NULL or
 * INVALID_HANDLE_VALUE gives /dev/null. A handle that is not fd-backed fails
 * with ERROR_INVALID_HANDLE.
 */
static bool add_std(struct child_fds *fds, const HANDLE std[3])
{
    for (int i = 0; i < 3; i++) {
        struct w32_object *ref;
        int fd = -1;
        if (std[i] && std[i] != INVALID_HANDLE_VALUE) {
            fd = w32_handle_fd(std[i], 0, &ref);
            if (fd < 0) {
                w32_set_error(ERROR_INVALID_HANDLE);
                return false;
            }
            fds->inh.refs[fds->inh.nrefs++] = ref;
        }
        /* A source among fds 0-2 could be overwritten by an earlier mapping: copy it. */
        if (fd >= 0 && fd <= 2 && fd != i) {
            fd = fds->temps[i] = fcntl(fd, F_DUPFD_CLOEXEC, 3);
            if (fd < 0) {
                w32_set_error(w32_error_from_errno(errno));
                return false;
            }
        }
        fds->inh.map[fds->inh.count++] = (struct w32_fd_map){ fd, i };
    }
    return true;
}

/* The handles a child of si's (with flags) may inherit: *only NULL for all of
 * them, or the handle list of its STARTUPINFOEX. */
static bool handle_list(LPSTARTUPINFOA si, DWORD flags, const HANDLE **only, size_t *nonly)
{
    LPPROC_THREAD_ATTRIBUTE_LIST list = NULL;

    if (flags & EXTENDED_STARTUPINFO_PRESENT)
        list = ((LPSTARTUPINFOEXA)si)->lpAttributeList;
    return w32_procattr_read(list, only, nonly);
}

static bool collect_fds(struct child_fds *fds, BOOL inherit, LPSTARTUPINFOA si, DWORD flags,
                        const struct w32_job_chain *jobs)
{
    HANDLE std[3] = { si->hStdInput, si->hStdOutput, si->hStdError };
    const HANDLE *only;
    size_t nonly;

    fds->temps[0] = fds->temps[1] = fds->temps[2] = -1;
    if (!handle_list(si, flags, &only, &nonly)) {
        fds->inh = (struct w32_inherit){ .record = -1 };
        return false;
    }
    if (!w32_inherit_collect(&fds->inh, inherit, 3, only, nonly, si, jobs))
        return false;
    if ((si->dwFlags & STARTF_USESTDHANDLES) && !add_std(fds, std))
        return false;
    return true;
}

/*
 * CREATE_SUSPENDED: the pipe the child waits on before exec (cmdline.h),
 * both ends close-on-exec and above the standard fds; p keeps the write
 * end, *hold_fd gets the read end. Other flags: *hold_fd is -1.
 */
static bool make_hold_pipe(struct process *p, DWORD flags, int *hold_fd)
{
    int fds[2];

    *hold_fd = -1;
    if (!(flags & CREATE_SUSPENDED))
        return true;
    if (!w32_spawn_pipe(fds)) {
        w32_set_error(w32_error_from_errno(errno));
        return false;
    }
    *hold_fd = fds[0];
    p->resume_fd = fds[1];
    return true;
}

/*
 * A suspended child's main thread has a suspend count of 1 and has not
 * started: SuspendThread and ResumeThread count on it (thread.c), and the
 * ResumeThread that brings the count to 0 calls w32_process_resume_main.
 * Set before any handle to the thread exists.
 */
static void mark_suspended(struct w32_thread *t)
{
    w32_object_lock(&t->obj);
    t->started = false;
    atomic_store(&t->suspend_state, W32_SUSPENSION_ONE + 1);
    w32_object_unlock(&t->obj);
}

/*
 * Now on the clock /proc/PID/stat gives start times on: CLOCK_BOOTTIME in
 * clock ticks (rounded down, as the kernel does); false if the tick is not
 * a whole number of nanoseconds.
 */
static bool boot_tick(uint64_t *tick)
{
    long hz = sysconf(_SC_CLK_TCK);
    struct timespec now;

    if (hz <= 0 || 1000000000L % hz != 0 || clock_gettime(CLOCK_BOOTTIME, &now) != 0)
        return false;
    *tick = ((uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec) /
            (uint64_t)(1000000000L / hz);
    return true;
}

/* Runs the program with its fds (held, for CREATE_SUSPENDED) and a record
 * saying it is in jobs; the child's pid and pidfd, or -1 with the last
 * error set. */
static pid_t start_child(struct process *p, struct w32_spawn *spawn, LPCSTR cwd, BOOL inherit,
                         LPSTARTUPINFOA si, DWORD flags, const struct w32_job_chain *jobs,
                         int *pidfd)
{
    struct child_fds fds;
    pid_t pid = -1;
    int hold_fd;

    if (!make_hold_pipe(p, flags, &hold_fd))
        return -1;
    if (collect_fds(&fds, inherit, si, flags, jobs)) {
        /* The child's start time (its identity with its pid, xproc.h) is
         * the tick of both clock reads around its start, if they agree: no
         * need to read /proc for it as its handle is listed. */
        uint64_t before, after;
        bool timed = boot_tick(&before);
        pid = w32_spawn_start(spawn, cwd, fds.inh.map, fds.inh.count, hold_fd, pidfd);
        p->start_known = pid > 0 && timed && boot_tick(&after) && after == before;
        p->start = before;
    }
    if (pid > 0) {
        p->record_fd = w32_inherit_take_record(&fds.inh);
        /* Its record is made at the first handle sent to it, if it has not
         * made it itself by then (prepare_peer): most children never get
         * one, and many are no w32shim programs. */
        p->inbox_nonce = fds.inh.inbox_nonce;
    }
    release_fds(&fds);
    if (hold_fd >= 0)
        close(hold_fd);
    if (pid > 0 && hold_fd >= 0)
        mark_suspended(p->main_thread);
    return pid;
}

void w32_process_resume_main(struct w32_thread *t)
{
    int fd = -1;

    pthread_mutex_lock(&monitor_lock);
    for (struct process *p = watched; p; p = p->watch_next) {
        if (p->main_thread == t) {
            fd = p->resume_fd;
            p->resume_fd = -1;
            break;
        }
    }
    pthread_mutex_unlock(&monitor_lock);
    if (fd >= 0) {
        /* The byte the child waits for; a child already killed has closed its end. */
        while (write(fd, "", 1) < 0 && errno == EINTR)
            ;
        close(fd);
    }
}

BOOL WINAPI CreateProcessA(LPCSTR lpApplicationName, LPSTR lpCommandLine,
                           LPSECURITY_ATTRIBUTES lpProcessAttributes,
                           LPSECURITY_ATTRIBUTES lpThreadAttributes, BOOL bInheritHandles,
                           DWORD dwCreationFlags, LPVOID lpEnvironment,
                           LPCSTR lpCurrentDirectory, LPSTARTUPINFOA lpStartupInfo,
                           LPPROCESS_INFORMATION lpProcessInformation)
{
    struct w32_spawn spawn;
    struct w32_object *job;
    struct w32_job_chain outer, jobs;
    struct process *p;
    pid_t pid;
    int pidfd;
    BOOL ok;

    if (!check_create_arguments(lpApplicationName, lpCommandLine, dwCreationFlags,
                                lpStartupInfo, lpProcessInformation))
        return FALSE;
    /* Everything that can fail is had before the child starts. */
    if (!monitor_running() || !(p = new_child()))
        return FALSE;
    if (!w32_job_for_new_child(dwCreationFlags, &job, &outer, &jobs)) {
        w32_object_unref(&p->obj);
        return FALSE;
    }
    if (!w32_spawn_prepare(&spawn, lpApplicationName, lpCommandLine, lpEnvironment,
                           dwCreationFlags & CREATE_UNICODE_ENVIRONMENT)) {
        w32_job_add_child(job, NULL, NULL, NULL);
        w32_object_unref(&p->obj);
        return FALSE;
    }
    pid = start_child(p, &spawn, lpCurrentDirectory, bInheritHandles, lpStartupInfo,
                      dwCreationFlags, &jobs, &pidfd);
    w32_spawn_free(&spawn);
    if (pid < 0) {
        w32_job_add_child(job, NULL, NULL, NULL);
        w32_object_unref(&p->obj);
        return FALSE;
    }
    set_child(p, pid, pidfd);
    if (!watch(p)) {
        /* The kernel refused to watch one more fd: nobody could ever wait for
         * the child, so stop it and reap it now. */
        DWORD error = GetLastError();
        syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
        waitid((idtype_t)P_PIDFD, (id_t)pidfd, &(siginfo_t){ 0 }, WEXITED);
        w32_job_add_child(job, NULL, NULL, NULL);
        w32_object_unref(&p->obj);      /* closes the pidfd */
        w32_set_error(error);
        return FALSE;
    }
    /* The child belongs to its job before its creator has a handle to it. */
    w32_job_add_child(job, &p->obj, &outer, &jobs);
    ok = give_handles(p, lpProcessAttributes, lpThreadAttributes, lpProcessInformation);
    if (!ok)
        w32_object_unref(&p->obj);
    return ok;
}

static bool utf8_or_null(LPCWSTR s, char **out)
{
    *out = s ? w32_utf16_to_utf8(s) : NULL;
    return !s || *out;
}

BOOL WINAPI CreateProcessW(LPCWSTR lpApplicationName, LPWSTR lpCommandLine,
                           LPSECURITY_ATTRIBUTES lpProcessAttributes,
                           LPSECURITY_ATTRIBUTES lpThreadAttributes, BOOL bInheritHandles,
                           DWORD dwCreationFlags, LPVOID lpEnvironment,
                           LPCWSTR lpCurrentDirectory, LPSTARTUPINFOW lpStartupInfo,
                           LPPROCESS_INFORMATION lpProcessInformation)
{
    STARTUPINFOEXA si = { .StartupInfo.cb = sizeof(si) };
    char *app = NULL, *cmdline = NULL, *cwd = NULL, *title = NULL, *desktop = NULL;
    BOOL ok = FALSE, strings = true;

    if (lpStartupInfo) {
        /* The same fields, strings apart: the layouts agree. */
        memcpy(&si.StartupInfo, lpStartupInfo, sizeof(si.StartupInfo));
        si.StartupInfo.cb = sizeof(si);
        strings = utf8_or_null(lpStartupInfo->lpTitle, &title) &&
                  utf8_or_null(lpStartupInfo->lpDesktop, &desktop);
        si.StartupInfo.lpTitle = title;
        si.StartupInfo.lpDesktop = desktop;
        si.StartupInfo.lpReserved = NULL;
        if (dwCreationFlags & EXTENDED_STARTUPINFO_PRESENT)
            si.lpAttributeList = ((LPSTARTUPINFOEXW)lpStartupInfo)->lpAttributeList;
    }
    if (strings && utf8_or_null(lpApplicationName, &app) &&
        utf8_or_null(lpCommandLine, &cmdline) && utf8_or_null(lpCurrentDirectory, &cwd))
        ok = CreateProcessA(app, cmdline, lpProcessAttributes, lpThreadAttributes,
                            bInheritHandles, dwCreationFlags, lpEnvironment, cwd,
                            lpStartupInfo ? &si.StartupInfo : NULL, lpProcessInformation);
    else
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    free(app);
    free(cmdline);
    free(cwd);
    free(title);
    free(desktop);
    return ok;
}

/*
 * What a w32shim parent passed in its STARTUPINFO (inherit.h); with
 * STARTF_USESTDHANDLES the standard handles are this process's own, which
 * its fds 0-2 are. A process whose parent is not a w32shim program: cb
 * only, no title, window or STARTF_* flag (GetStdHandle has the handles).
 */
static void startup_std_handles(DWORD flags, HANDLE *in, HANDLE *out, HANDLE *err)
{
    if (!(flags & STARTF_USESTDHANDLES))
        return;
    *in = GetStdHandle(STD_INPUT_HANDLE);
    *out = GetStdHandle(STD_OUTPUT_HANDLE);
    *err = GetStdHandle(STD_ERROR_HANDLE);
}

VOID WINAPI GetStartupInfoA(LPSTARTUPINFOA lpStartupInfo)
{
    if (!lpStartupInfo)
        return;
    memset(lpStartupInfo, 0, sizeof(*lpStartupInfo));
    lpStartupInfo->cb = sizeof(*lpStartupInfo);
    w32_handle_adopt_inherited();
    if (w32_inherit_startup(lpStartupInfo, NULL))
        startup_std_handles(lpStartupInfo->dwFlags, &lpStartupInfo->hStdInput,
                            &lpStartupInfo->hStdOutput, &lpStartupInfo->hStdError);
}

VOID WINAPI GetStartupInfoW(LPSTARTUPINFOW lpStartupInfo)
{
    if (!lpStartupInfo)
        return;
    memset(lpStartupInfo, 0, sizeof(*lpStartupInfo));
    lpStartupInfo->cb = sizeof(*lpStartupInfo);
    w32_handle_adopt_inherited();
    if (w32_inherit_startup(NULL, lpStartupInfo))
        startup_std_handles(lpStartupInfo->dwFlags, &lpStartupInfo->hStdInput,
                            &lpStartupInfo->hStdOutput, &lpStartupInfo->hStdError);
}

/* ---- the API for process handles ---- */

HANDLE WINAPI GetCurrentProcess(void)
{
    return W32_PSEUDO_PROCESS;
}

DWORD WINAPI GetCurrentProcessId(void)
{
    return (DWORD)getpid();
}

static struct process *get_process(HANDLE h, ACCESS_MASK access)
{
    return (struct process *)w32_handle_get(h, &w32_process_type, access);
}

static DWORD process_id(struct process *p)
{
    return p->pid ? (DWORD)p->pid : GetCurrentProcessId();
}

DWORD WINAPI GetProcessId(HANDLE Process)
{
    struct process *p = get_process(Process, PROCESS_QUERY_LIMITED_INFORMATION);
    DWORD pid;

    if (!p)
        return 0;
    pid = process_id(p);
    w32_object_unref(&p->obj);
    return pid;
}

BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode)
{
    struct process *p = get_process(hProcess, PROCESS_QUERY_LIMITED_INFORMATION);
    DWORD code;
    bool known, exited;

    if (!p)
        return FALSE;
    w32_object_lock(&p->obj);
    exited = atomic_load_explicit(&p->exited, memory_order_relaxed);
    known = !exited || p->code_known;
    code = exited ? p->exit_code : STILL_ACTIVE;
    w32_object_unlock(&p->obj);
    w32_object_unref(&p->obj);
    if (!known) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    if (!lpExitCode) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *lpExitCode = code;
    return TRUE;
}

/* A w32shim parent gets the code in full: the record is adopted now if it
 * was not, and exit's handler reports the code (inherit.h). */
void WINAPI ExitProcess(UINT uExitCode)
{
    w32_handle_adopt_inherited();
    exit((int)uExitCode);
}

/* The watched process with pid, still running, referenced; or NULL. */
static struct process *find_watched(pid_t pid)
{
    struct process *p;

    pthread_mutex_lock(&monitor_lock);
    for (p = watched; p && p->pid != pid; p = p->watch_next)
        ;
    if (p)
        w32_object_ref(&p->obj);
    pthread_mutex_unlock(&monitor_lock);
    return p;
}

/*
 * The current process; a child of CreateProcess (the same object its
 * creator's handle refers to); or any other process, as a new object on a
 * pidfd, watched by the monitor but never reaped. A pid that does not exist
 * (or 0) gives ERROR_INVALID_PARAMETER, a process of another user
 * ERROR_ACCESS_DENIED, as on Windows.
 */
/* Maps p's record if it runs and has one now (xproc.h); object lock held. */
static void attach_peer(struct process *p)
{
    if (!p->peer && p->pidfd >= 0 && !atomic_load_explicit(&p->exited, memory_order_relaxed))
        p->peer = w32_xproc_attach(p->pid, p->pidfd);
}

/* The same, for a handle to be sent to it: a child that has not made its
 * record yet (it may not even run: CREATE_SUSPENDED) gets it made now, for
 * the inbox we passed it, and takes it over at its first handle operation. */
static void prepare_peer(struct process *p)
{
    if (!p->peer && p->inbox_nonce && p->pidfd >= 0 &&
        !atomic_load_explicit(&p->exited, memory_order_relaxed))
        p->peer = w32_xproc_prepare(p->pid, p->pidfd, p->inbox_nonce);
    attach_peer(p);
}

/* A watched object for process pid on pidfd (consumed); NULL, error set. */
static struct process *open_pidfd(pid_t pid, int pidfd)
{
    struct process *p;

    fcntl(pidfd, F_SETFD, FD_CLOEXEC);
    p = calloc(1, sizeof(*p));
    if (!p) {
        close(pidfd);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&p->obj, &w32_process_type);
    p->pid = pid;
    p->pidfd = pidfd;
    p->resume_fd = -1;
    p->record_fd = -1;
    if (!watch(p)) {
        DWORD error = GetLastError();
        w32_object_unref(&p->obj);
        w32_set_error(error);
        return NULL;
    }
    /* Held from now on, its record outlives the process: its exit code too. */
    w32_object_lock(&p->obj);
    attach_peer(p);
    w32_object_unlock(&p->obj);
    return p;
}

bool w32_process_handle_count(struct w32_object *obj, DWORD *count)
{
    struct process *p = (struct process *)obj;
    bool ok = true;

    w32_object_lock(obj);
    attach_peer(p);
    if (atomic_load_explicit(&p->exited, memory_order_relaxed) || p->pidfd < 0) {
        *count = 0;     /* its table went with it */
    } else if (p->peer && w32_xproc_peer_claimed(p->peer)) {
        *count = w32_xproc_peer_handles(p->peer);
    } else {
        /* A child's record we prepared counts what we sent it already. */
        ok = w32_xproc_fd_count(p->pid, p->pidfd, count);
        if (ok && p->peer)
            *count += w32_xproc_peer_pending(p->peer);
    }
    w32_object_unlock(obj);
    return ok;
}

bool w32_process_send_handle(struct w32_object *obj, struct w32_xproc_parcel *parcel, int fd)
{
    struct process *p = (struct process *)obj;
    bool ok = false;

    w32_object_lock(obj);
    prepare_peer(p);
    if (atomic_load_explicit(&p->exited, memory_order_relaxed) || p->pidfd < 0)
        w32_set_error(ERROR_ACCESS_DENIED);     /* its table went with it */
    else if (!p->peer)
        w32_set_error(ERROR_NOT_SUPPORTED);     /* no w32shim process, or none yet */
    else
        ok = w32_xproc_send(p->peer, parcel, fd);
    w32_object_unlock(obj);
    return ok;
}

void w32_process_send_join(struct w32_object *obj, pid_t holder, uint64_t holder_start,
                           uint64_t job)
{
    struct w32_xproc_parcel parcel = { .what = W32_HELD_JOIN, .desc_len = sizeof(job) };
    struct w32_xproc_peer *peer = NULL;
    int holder_fd = (int)syscall(SYS_pidfd_open, holder, 0), fd = -1;
    struct process *p = (struct process *)obj;
    uint64_t start;

    /* Its record made now if it has none yet, as for a handle sent to it:
     * the holder maps it, and reads its exit code there once it ends. */
    w32_object_lock(obj);
    prepare_peer(p);
    w32_object_unlock(obj);
    memcpy(parcel.desc, &job, sizeof(job));
    /* The holder it was, not a process that took its pid since. */
    if (holder_fd >= 0 && w32_xproc_start_time(holder, holder_fd, &start) &&
        start == holder_start)
        peer = w32_xproc_attach(holder, holder_fd);
    if (peer)
        fd = w32_process_pidfd_for_child(obj);
    if (fd >= 0) {
        w32_xproc_send(peer, &parcel, fd);
        close(fd);
    }
    w32_xproc_detach(peer);
    if (holder_fd >= 0)
        close(holder_fd);
}

int w32_process_pidfd_for_child(struct w32_object *obj)
{
    struct process *p = (struct process *)obj;
    int fd = -1;

    if (p == &self_process)
        return (int)syscall(SYS_pidfd_open, getpid(), 0);
    w32_object_lock(obj);
    if (p->pidfd >= 0 && !atomic_load_explicit(&p->exited, memory_order_relaxed))
        fd = fcntl(p->pidfd, F_DUPFD_CLOEXEC, 3);
    w32_object_unlock(obj);
    return fd;
}

bool w32_process_identity(struct w32_object *obj, int32_t *pid, uint64_t *start)
{
    struct process *p = (struct process *)obj;
    bool ok;

    if (p == &self_process) {
        *pid = getpid();
        return w32_xproc_start_time(*pid, -1, start);
    }
    w32_object_lock(obj);
    *pid = p->pid;
    ok = p->pidfd >= 0 && !atomic_load_explicit(&p->exited, memory_order_relaxed);
    if (ok && p->start_known)
        *start = p->start;     /* unreaped (pidfd open): the pid is still its */
    else if (ok)
        ok = w32_xproc_start_time(p->pid, p->pidfd, start);
    w32_object_unlock(obj);
    return ok;
}

int w32_process_take_handle(struct w32_object *obj, uintptr_t value, unsigned how,
                            struct w32_xproc_parcel *parcel)
{
    struct process *p = (struct process *)obj;
    int fd = -1;

    w32_object_lock(obj);
    attach_peer(p);
    if (atomic_load_explicit(&p->exited, memory_order_relaxed) || p->pidfd < 0)
        w32_set_error(ERROR_ACCESS_DENIED);     /* its table went with it */
    else if (!p->peer || !w32_xproc_peer_claimed(p->peer))
        w32_set_error(ERROR_NOT_SUPPORTED);     /* no w32shim process, or none yet */
    else
        fd = w32_xproc_take(p->peer, p->pidfd, value, how, parcel);
    w32_object_unlock(obj);
    return fd;
}

/* The pid a pidfd stands for, from its fdinfo; 0 if it cannot be read. */
static pid_t pid_of_pidfd(int pidfd)
{
    char path[40], line[128];
    FILE *f;
    int pid = 0;

    snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
    f = fopen(path, "re");
    if (!f)
        return 0;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "Pid: %d", &pid) == 1)
            break;
    fclose(f);
    return pid > 0 ? (pid_t)pid : 0;
}

struct w32_object *w32_process_adopt(int pidfd)
{
    pid_t pid = pid_of_pidfd(pidfd);
    struct process *p;

    if (pid == 0)
        return NULL;
    if (pid == getpid()) {
        close(pidfd);
        return w32_process_self_ref();
    }
    p = find_watched(pid);
    if (p) {
        close(pidfd);
        return &p->obj;
    }
    p = open_pidfd(pid, pidfd);
    return p ? &p->obj : NULL;
}

HANDLE WINAPI OpenProcess(DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwProcessId)
{
    pid_t pid = (pid_t)dwProcessId;
    struct process *p;
    int pidfd;

    if (dwProcessId == GetCurrentProcessId())
        return w32_handle_create(w32_process_self_ref(), dwDesiredAccess, bInheritHandle);
    if (pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (kill(pid, 0) != 0 && errno == EPERM) {
        w32_set_error(ERROR_ACCESS_DENIED);
        return NULL;
    }
    p = find_watched(pid);
    if (p)
        return w32_handle_create(&p->obj, dwDesiredAccess, bInheritHandle);
    pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) {
        w32_set_error(errno == ESRCH ? ERROR_INVALID_PARAMETER : w32_error_from_errno(errno));
        return NULL;
    }
    p = open_pidfd(pid, pidfd);
    return p ? w32_handle_create(&p->obj, dwDesiredAccess, bInheritHandle) : NULL;
}

BOOL WINAPI TerminateProcess(HANDLE hProcess, UINT uExitCode)
{
    struct process *p = get_process(hProcess, PROCESS_TERMINATE);
    bool ok;

    if (!p)
        return FALSE;
    if (!p->pid) {
        w32_file_delete_on_exit();      /* what closing every handle would do */
        w32_handle_adopt_inherited();
        w32_inherit_report_exit(uExitCode);     /* _exit runs no exit handler */
        _exit((int)uExitCode);
    }
    ok = w32_process_terminate(&p->obj, uExitCode);
    w32_object_unref(&p->obj);
    return ok;
}

bool w32_process_terminate(struct w32_object *obj, DWORD code)
{
    struct process *p = (struct process *)obj;
    bool running, denied = false;

    /* Under the lock: once reaped, the pidfd is closed and its number may be reused. */
    w32_object_lock(&p->obj);
    running = !atomic_load_explicit(&p->exited, memory_order_relaxed) && p->pidfd >= 0;
    if (running && syscall(SYS_pidfd_send_signal, p->pidfd, SIGKILL, NULL, 0) != 0 &&
        errno == EPERM) {
        denied = true;          /* an opened process of another user */
    } else if (running && !p->terminated) {
        p->terminated = true;
        p->exit_code = code;
    }
    w32_object_unlock(&p->obj);
    if (denied)
        w32_set_error(ERROR_ACCESS_DENIED);
    return !denied;
}

DWORD w32_process_id(struct w32_object *obj)
{
    return process_id((struct process *)obj);
}

bool *w32_process_job_ended(struct w32_object *obj)
{
    return &((struct process *)obj)->job_ended;
}

struct w32_job_chain *w32_process_job_outer(struct w32_object *obj)
{
    return &((struct process *)obj)->job_outer;
}

void w32_process_tell_jobs(struct w32_object *obj, const struct w32_job_chain *chain)
{
    struct process *p = (struct process *)obj;

    w32_object_lock(&p->obj);
    if (p->record_fd >= 0) {
        w32_inherit_set_jobs(p->record_fd, chain);
    } else {
        /* A process we did not create: a w32shim one reads them in its own
         * record, once it has one (xproc.h). */
        attach_peer(p);
        if (p->peer)
            w32_xproc_peer_set_jobs(p->peer, chain);
    }
    w32_object_unlock(&p->obj);
}

bool w32_process_has_exited(struct w32_object *obj)
{
    return atomic_load_explicit(&((struct process *)obj)->exited, memory_order_seq_cst);
}

/*
 * fork (fork.h): the monitor and its epoll instance are the parent's (the
 * child's descriptor of it names the parent's set). The child closes it and
 * watches the processes it knows of with a monitor of its own. They are
 * not its children: they end signalled, with their exit code unknown, as
 * for a process OpenProcess opened (doc/design.md, "Fork").
 */
void w32_process_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&monitor_lock, phase);
    if (phase == W32_FORK_CHILD) {
        if (monitor_fd >= 0)
            close(monitor_fd);
        monitor_fd = -1;
        for (struct process *p = watched; p; p = p->watch_next) {
            /* Its lock too, which handle.c releases only for objects in the
             * table: the parent's monitor holds it while it reaps, and it
             * keeps the last reference to a process whose handles are closed. */
            w32_fork_object(&p->obj);
            p->child = false;
            /* Only the creator may resume a suspended child (cmdline.h). */
            if (p->resume_fd >= 0)
                close(p->resume_fd);
            p->resume_fd = -1;
            if (p->record_fd >= 0)
                close(p->record_fd);
            p->record_fd = -1;
        }
    } else if (phase == W32_FORK_RESUME && watched) {
        pthread_mutex_lock(&monitor_lock);
        if (start_monitor_locked() == ERROR_SUCCESS) {
            for (struct process *p = watched; p; p = p->watch_next) {
                struct epoll_event ev = { .events = EPOLLIN, .data.ptr = p };
                if (!atomic_load_explicit(&p->exited, memory_order_relaxed) && p->pidfd >= 0)
                    epoll_ctl(monitor_fd, EPOLL_CTL_ADD, p->pidfd, &ev);
            }
        }
        pthread_mutex_unlock(&monitor_lock);
    }
}

/* ---- GetProcessTimes ---- */

BOOL WINAPI GetProcessTimes(HANDLE hProcess, LPFILETIME lpCreationTime, LPFILETIME lpExitTime,
                            LPFILETIME lpKernelTime, LPFILETIME lpUserTime)
{
    struct process *p = get_process(hProcess, PROCESS_QUERY_LIMITED_INFORMATION);
    struct w32_cpu_times times = { 0 };
    pid_t pid;

    if (!p)
        return FALSE;
    if (p == &self_process) {
        w32_cputime_of_self(true, &times);
    } else if ((pid = w32_process_lock_pid(&p->obj))) {
        w32_cputime_of_proc(pid, 0, &times);
        w32_process_unlock_pid(&p->obj);
    } else {
        w32_object_lock(&p->obj);
        times = p->times;
        w32_object_unlock(&p->obj);
    }
    w32_object_unref(&p->obj);
    return w32_cputime_put(&times, lpCreationTime, lpExitTime, lpKernelTime, lpUserTime);
}
