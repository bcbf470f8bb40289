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

/* An APC was queued to thread: end its alertable wait, if any. Dispatcher lock held. */
void w32_dispatch_alert(struct w32_thread *thread);

#endif
