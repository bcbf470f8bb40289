/*
 * Lets a test know that threads are really blocked in a wait before it
 * signals, by reading the object's wait queue (internal headers), instead of
 * hoping a sleep was long enough.
 */
#ifndef W32_WAITUTIL_H
#define W32_WAITUTIL_H

#include "testutil.h"
#include "handle.h"
#include "wait.h"

/* Threads blocked on h right now, read from the object's wait queue. */
static inline DWORD waiters_on(HANDLE h)
{
    struct w32_object *obj = w32_handle_get(h, NULL, 0);
    DWORD n = 0;

    ck_assert_ptr_nonnull(obj);
    w32_object_lock(obj);
    for (struct w32_wait_block *b = obj->waiters.head; b; b = b->next)
        n++;
    w32_object_unlock(obj);
    w32_object_unref(obj);
    return n;
}

/* Whether n threads got queued on h (so a signal is sure to find them) in time. */
static inline bool poll_waiters(HANDLE h, DWORD n)
{
    for (int i = 0; i < LONG_WAIT && waiters_on(h) < n; i++)
        Sleep(1);
    return waiters_on(h) == n;
}

static inline void await_waiters(HANDLE h, DWORD n)
{
    ck_assert(poll_waiters(h, n));
}

#endif
