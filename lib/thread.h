/* Thread records: one per thread that uses the library, also the thread object. */
#ifndef W32_THREAD_H
#define W32_THREAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "cputime.h"
#include "object.h"

struct w32_mutex;
struct w32_apc;
struct w32_waiter;

struct w32_thread {
    struct w32_object obj;
    DWORD id;
    DWORD exit_code;                /* written once, before exited */
    atomic_bool exited;             /* the thread object's signalled state */
    bool started;                   /* object lock: past CREATE_SUSPENDED (or never so) */
    atomic_uint suspend_state;      /* W32_SUSPEND_*; changed under the object lock; futex word */
    atomic_uint parked_for;         /* the suspension it last parked for (suspend.c) */
    struct w32_mutex *owned;        /* mutexes this thread owns; the thread's own */
    w32_lock_t apc_lock;            /* guards the three below */
    struct w32_apc *apc_head, *apc_tail;    /* queued APCs */
    struct w32_waiter *alertable;   /* its alertable wait in progress */
    DWORD pending_exit_code;        /* written by the thread itself only */
    /*
     * TerminateThread (suspend.c): terminating and terminate_code are set
     * once, under the object lock; the thread ends at its first safe point
     * (outside the library's locks and queued waits) and says it has seen
     * the request in terminate_seen. leaving: the thread itself is ending
     * (written by it only).
     */
    atomic_bool terminating;
    DWORD terminate_code;
    atomic_bool terminate_seen;
    volatile bool leaving;
    struct w32_waiter *blocked;     /* apc_lock: its wait in progress, if any (wait.c) */
    uint64_t shared_tag;            /* pid << 32 | thread id << 2: owns named mutexes */
    DWORD process_id;               /* another process's thread (a child's), or 0 */
    LPTHREAD_START_ROUTINE start;
    LPVOID param;
    _Atomic(void *) *tls_slots;     /* TlsGetValue slots; set under the thread list lock */
    /*
     * Scheduling (sched.c). The kernel's id of the thread is 0 until the
     * thread runs; settings made before that are applied by the thread as
     * it starts (sched_dirty). The object lock guards the rest.
     */
    atomic_int tid;
    atomic_bool sched_dirty;
    bool sched_set;                 /* priority, affinity or background mode set */
    int priority;                   /* THREAD_PRIORITY_* */
    bool boost_disabled;
    bool background;                /* THREAD_MODE_BACKGROUND_BEGIN */
    ULONG_PTR affinity;             /* set by SetThreadAffinityMask; 0: never set */
    WCHAR *description;             /* SetThreadDescription's; NULL: empty */
    /* created is set with the record; the rest by the thread as it ends,
     * before exited (GetThreadTimes). */
    struct w32_cpu_times times;
    struct w32_thread *prev, *next; /* all records; thread list lock */
};

extern const struct w32_object_type w32_thread_type;

extern __thread struct w32_thread *w32_thread_current __attribute__((tls_model("initial-exec")));

struct w32_thread *w32_thread_self_slow(void);

/* A suspend state: the suspend count (at most MAXIMUM_SUSPEND_COUNT) in the
 * low bits, above them which suspension this is, moved on as the count
 * leaves 0. One word, so a thread that parks reads both at once. */
#define W32_SUSPEND_COUNT(state) ((state) & 0xffu)
#define W32_SUSPENSION(state) ((state) >> 8)
#define W32_SUSPENSION_ONE 0x100u

/* The calling thread's record if it has one already. */
static inline struct w32_thread *w32_thread_peek(void)
{
    return w32_thread_current;
}

/* The calling thread's record, made on first use; NULL only when out of memory. */
static inline struct w32_thread *w32_thread_self(void)
{
    struct w32_thread *t = w32_thread_current;

    return t ? t : w32_thread_self_slow();
}
/* The thread a handle names, referenced, if it grants access; NULL with the
 * last error set otherwise. */
struct w32_thread *w32_thread_get(HANDLE h, ACCESS_MASK access);
/* The same, referenced, with the last error set on failure (pseudo-handle). */
struct w32_object *w32_thread_self_ref(void);

/*
 * A record for the main thread of a child process: waitable, it ends with
 * the process (w32_thread_end). Referenced once, for the caller.
 */
struct w32_thread *w32_thread_new_remote(DWORD process_id);
/* The thread's kernel id may be reused from now on: scheduling calls stop
 * reaching it. No lock held. */
void w32_thread_forget_tid(struct w32_thread *thread);
/* The thread ended with code: signal its waiters. No lock held. */
void w32_thread_end(struct w32_thread *thread, DWORD code);

/* The calling thread is now running as t: publishes its kernel id and
 * applies what SetThreadPriority and its kin set before it ran (sched.c). */
void w32_sched_thread_started(struct w32_thread *t);

/* The nice value w32shim gives a thread of this process with priority
 * (THREAD_PRIORITY_*), or INT_MIN if it leaves nice values alone. */
int w32_sched_nice(int priority);

/* Gives t's kernel thread the name its description begins with. Object lock held. */
void w32_thread_apply_name(struct w32_thread *t);

/* The stack CreateThread reserves for dwStackSize and dwCreationFlags. */
SIZE_T w32_thread_stack_reserve(SIZE_T size, DWORD flags);

/*
 * Stops t, a running thread of this process with kernel id tid, whose
 * suspend count was just raised from 0, suspension number epoch (suspend.c):
 * returns once it is parked, resumed or ended; false if no signal is free to
 * stop it with.
 */
bool w32_suspend_running(struct w32_thread *t, pid_t tid, unsigned epoch);
/* The calling thread is suspended (by itself, or before it ran): waits,
 * parked, until it is resumed or terminated. */
void w32_suspend_self(struct w32_thread *t);

/*
 * Makes t, a running thread of this process with kernel id tid whose
 * terminating flag is set, see it (suspend.c): returns once it has, or has
 * ended; false if no signal is free to reach it with.
 */
bool w32_terminate_running(struct w32_thread *t, pid_t tid);
/* Ends the calling thread t as TerminateThread asked, with terminate_code;
 * called outside the library's locks and queued waits only. */
_Noreturn void w32_thread_terminated(struct w32_thread *t);
/* The calling thread t ends here if TerminateThread asked it to and it is
 * in none of the library's locks or queued waits. */
void w32_thread_terminate_point(struct w32_thread *t);
/* The same for the calling thread, if it has a record. */
void w32_terminate_point_self(void);
/* Ends t's wait in progress, if any, for TerminateThread (wait.c). */
void w32_dispatch_terminate(struct w32_thread *t);

/* Calls fn on every thread record, under the thread list lock. */
void w32_thread_for_each(void (*fn)(struct w32_thread *thread, void *arg), void *arg);
/* The record of this process's thread with kernel id tid, referenced; or NULL. */
struct w32_thread *w32_thread_find_tid(pid_t tid);
/* Gives thread its TLS slot array, under the thread list lock. */
void w32_thread_set_tls(struct w32_thread *thread, _Atomic(void *) *slots);

#endif
