/*
 * The dispatcher. One lock guards the state of every waitable object and
 * every wait queue, so a wait-all acquires all its objects at once or none,
 * and a state change satisfies exactly the waiters it can.
 */
#ifndef W32_WAIT_H
#define W32_WAIT_H

#include "object.h"

struct w32_waiter;

struct w32_wait_block {
    struct w32_wait_block *prev, *next;     /* in obj->waiters */
    struct w32_waiter *waiter;
    struct w32_object *obj;
};

/*
 * A wait in progress: a thread's, on its stack, or an asynchronous one, in
 * the memory of whoever started it. Fields are wait.c's; dispatcher lock.
 */
struct w32_waiter {
    atomic_uint state;                  /* futex word: WAITER_SLEEPING -> WAITER_DONE */
    DWORD result;                       /* written before state becomes WAITER_DONE */
    DWORD count;
    bool all;
    bool alertable;                     /* an APC ends it with WAIT_IO_COMPLETION */
    struct w32_thread *thread;
    struct w32_wait_block *blocks;      /* count blocks, one per object */
    /* Asynchronous waits only: called, dispatcher lock held, when a state
     * change satisfies the wait; w->result holds the result. */
    void (*complete)(struct w32_waiter *w);
};

/* An asynchronous wait: a waiter and its one block. */
struct w32_async_wait {
    struct w32_waiter waiter;
    struct w32_wait_block block;
};

void w32_dispatch_lock(void);
void w32_dispatch_unlock(void);

/*
 * obj's state changed in a way that may satisfy waiters: satisfy and wake,
 * in queue order, every waiter obj's new state allows. Dispatcher lock held.
 */
void w32_dispatch_wake(struct w32_object *obj);

/*
 * Waits on count referenced objects (0..MAXIMUM_WAIT_OBJECTS) of waitable
 * types, for any or all of them, for up to timeout ms (INFINITE: forever).
 * If to_signal is not NULL, it is signalled first, under the same lock hold.
 * An alertable wait that no object satisfies runs the thread's queued APCs
 * and returns WAIT_IO_COMPLETION. Returns WAIT_OBJECT_0 + i,
 * WAIT_ABANDONED_0 + i, WAIT_IO_COMPLETION, WAIT_TIMEOUT, or WAIT_FAILED with
 * the last error set. The caller keeps its references.
 */
DWORD w32_wait(struct w32_object **objs, DWORD count, bool all, DWORD timeout,
               struct w32_object *to_signal, bool alertable);

/*
 * Starts an asynchronous wait on one waitable object (referenced by the
 * caller for as long as the wait is queued), satisfied for thread (a mutex
 * becomes thread's). If obj's state satisfies it now, returns true with the
 * result in aw->waiter.result, and complete is not called. Otherwise queues it
 * and returns false: the first state change that satisfies it dequeues it and
 * calls complete. Dispatcher lock held.
 */
bool w32_wait_async_start(struct w32_async_wait *aw, struct w32_object *obj,
                          struct w32_thread *thread, void (*complete)(struct w32_waiter *w));

/* Dequeues aw if it is still queued (returns true). Dispatcher lock held. */
bool w32_wait_async_cancel(struct w32_async_wait *aw);

/* Wakes one futex waiter on word once the dispatcher lock is released. Lock held. */
void w32_dispatch_wake_after_unlock(atomic_uint *word);

/* An APC was queued to thread: end its alertable wait, if any. Dispatcher lock held. */
void w32_dispatch_alert(struct w32_thread *thread);

#endif
