/*
 * The dispatcher: waits on objects, and the wake-ups that satisfy them.
 *
 * There is no global lock. Each object's state belongs to its type, which
 * changes it with atomics on its fast paths; the object lock guards its wait
 * queue. A waiter is claimed by exactly one party (the state change that
 * satisfies it, an APC that alerts it, or its own timeout) through one
 * compare-and-swap on its futex word, so a wait-any acquires exactly one
 * object. A wait-all acquires its objects only while it holds all of their
 * locks (doc/design.md has the argument).
 */
#ifndef W32_WAIT_H
#define W32_WAIT_H

#include "object.h"

struct w32_waiter;

struct w32_wait_block {
    struct w32_wait_block *prev, *next;     /* in obj->waiters; obj->lock */
    struct w32_waiter *waiter;
    struct w32_object *obj;
    /* On obj->waiters. Changed under obj->lock; its waiter may read it
     * without the lock, to skip a lock whose queue no longer holds it. */
    atomic_bool linked;
};

/*
 * A wait in progress: a thread's, on its stack, or an asynchronous one, in
 * the memory of whoever started it.
 */
struct w32_waiter {
    atomic_uint state;                  /* futex word; wait.c's states */
    DWORD result;                       /* written before state becomes done */
    DWORD count;
    bool all;
    bool alertable;                     /* an APC ends it with WAIT_IO_COMPLETION */
    struct w32_thread *thread;
    struct w32_wait_block *blocks;      /* count blocks, one per object */
    /* Asynchronous waits only: called, with the satisfying object's lock
     * held, once a state change has satisfied the wait; w->result holds the
     * result. It must not take an object lock. */
    void (*complete)(struct w32_waiter *w);
    /*
     * A waiter of w32_waiter_sleep that may block elsewhere than on its
     * futex word (a completion port's poller), or NULL. block sleeps until
     * w's state may have moved or the deadline (NULL: none) passed, and
     * returns 0 or ETIMEDOUT. While it sleeps elsewhere it sets polling, and the
     * party that ends the wait then writes 1 to wake_fd too. state is the
     * state w was seen in (for a futex wait on w->state).
     */
    int (*block)(struct w32_waiter *w, unsigned state, const struct timespec *deadline);
    atomic_bool polling;
    int wake_fd;
};

/* An asynchronous wait: a waiter and its one block. */
struct w32_async_wait {
    struct w32_waiter waiter;
    struct w32_wait_block block;
};

/* An object lock; the unlock that releases a thread's last one issues the
 * futex wakes its dispatching deferred (w32_defer_wake). */
void w32_object_lock(struct w32_object *obj);
void w32_object_unlock(struct w32_object *obj);

/*
 * obj's state changed in a way that may satisfy waiters: satisfies and wakes,
 * in queue order, every waiter the new state allows. Object lock held.
 */
void w32_dispatch_wake(struct w32_object *obj);

/*
 * The fast-path signaller's side: call after a seq_cst change of obj's state
 * that may satisfy a waiter. Wakes them if there are any (no lock otherwise).
 */
void w32_dispatch_wake_slow(struct w32_object *obj);
/* The same for a shared object, whose waiters sleep on its shared block. */
void w32_dispatch_shared_changed(struct w32_object *obj);

static inline void w32_dispatch_changed(struct w32_object *obj)
{
    if (__builtin_expect(obj->shared != NULL, 0))
        w32_dispatch_shared_changed(obj);
    else if (atomic_load_explicit(&obj->waiting, memory_order_seq_cst))
        w32_dispatch_wake_slow(obj);
}

/*
 * The acquire and unacquire of a signalled flag, as events and timers keep
 * it: a manual-reset flag satisfies every waiter, an auto-reset one a single
 * waiter, which clears it. A look first, so an unsignalled flag is not written.
 */
static inline int w32_flag_acquire(atomic_uint *flag, bool manual)
{
    if (!atomic_load_explicit(flag, memory_order_seq_cst))
        return W32_ACQUIRE_NONE;
    if (manual || atomic_exchange_explicit(flag, 0, memory_order_seq_cst))
        return W32_ACQUIRED;
    return W32_ACQUIRE_NONE;
}

static inline void w32_flag_unacquire(atomic_uint *flag, bool manual)
{
    if (!manual)
        atomic_store_explicit(flag, 1, memory_order_seq_cst);
}

/*
 * Starts an asynchronous wait on one waitable object (referenced by the
 * caller for as long as the wait is queued), satisfied for thread (a mutex
 * becomes thread's). If obj's state satisfies it now, returns true with the
 * result in aw->waiter.result, and complete is not called. Otherwise queues it
 * and returns false: the first state change that satisfies it dequeues it and
 * calls complete. Takes obj's lock.
 */
bool w32_wait_async_start(struct w32_async_wait *aw, struct w32_object *obj,
                          struct w32_thread *thread, void (*complete)(struct w32_waiter *w));

/* Dequeues aw if it is still queued (returns true). Takes obj's lock. */
bool w32_wait_async_cancel(struct w32_async_wait *aw);

struct futex_waitv;
/*
 * For the thread that serves asynchronous waits, in its own thread (the one
 * they were started for): satisfies those on shared objects that can be had
 * now (calling complete), and fills words with the shared futex words of
 * the others (at most max), to sleep on until one moves. Returns their number.
 */
unsigned w32_wait_async_poll(struct futex_waitv *words, unsigned max);

/* An asynchronous wait's acquisition is taken over by its thread, which calls
 * this itself (mutex ownership). */
void w32_wait_async_acquired(struct w32_async_wait *aw);

/*
 * A wait on no object that another module ends (a completion port hands a
 * packet to the thread waiting in GetQueuedCompletionStatus). The other
 * party claims it with w32_waiter_claim, which fails if an APC, its timeout
 * or another party ended it first, and then ends it with w32_waiter_finish
 * while holding an object lock (the wake is issued when that lock goes). The
 * waiting thread sleeps in w32_waiter_sleep, inside a critical section it
 * entered (lock.h): the result, WAIT_TIMEOUT, WAIT_IO_COMPLETION (an
 * alertable wait's APCs are due) or another value TerminateThread ended it
 * with. Once it has left the section and dropped what it held, it passes
 * that to w32_wait_end, which runs the APCs (WAIT_IO_COMPLETION), ends the
 * thread if TerminateThread ended the wait, and returns the result.
 */
void w32_waiter_init(struct w32_waiter *w, struct w32_thread *thread, bool alertable);
bool w32_waiter_claim(struct w32_waiter *w);
void w32_waiter_finish(struct w32_waiter *w, DWORD result);
DWORD w32_waiter_sleep(struct w32_waiter *w, DWORD timeout);
/* Whether one of words moves soon, looked at before a sleep (doc/design.md). */
bool w32_wait_moves_soon(const struct futex_waitv *words, unsigned n);
DWORD w32_wait_end(struct w32_thread *thread, DWORD result);

/* Wakes the futex word once the calling thread releases its last object lock. */
void w32_defer_wake(atomic_uint *word);
/* Issues the deferred wakes now, unless the caller still holds an object lock. */
void w32_wake_deferred(void);

/* An APC was queued to thread: end its alertable wait, if any. APC lock held. */
void w32_dispatch_alert(struct w32_thread *thread);

/* fork (fork.h): obj in the child, before it has a second thread. */
void w32_wait_fork_object(struct w32_object *obj);

#endif
