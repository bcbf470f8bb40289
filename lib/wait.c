/* synchapi.h's waits and sleeps, on the dispatcher. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include "wait.h"
#include "apc.h"
#include "error.h"
#include "futex.h"
#include "handle.h"
#include "thread.h"

/* Guards every waitable object's state, every wait queue and wait block. */
static pthread_mutex_t dispatch_lock = PTHREAD_MUTEX_INITIALIZER;

enum { WAITER_SLEEPING, WAITER_DONE };

/*
 * Futex words of the waiters this thread satisfied while holding the
 * dispatcher lock. They are woken after the lock is released, so a woken
 * thread does not run straight into the lock its waker still holds. A word
 * may belong to a wait that has already returned; waking it then is a
 * spurious wake-up, which every futex waiter tolerates.
 */
#define DEFERRED_WAKES 32
static __thread atomic_uint *deferred_wakes[DEFERRED_WAKES]
    __attribute__((tls_model("initial-exec")));
static __thread unsigned deferred_count __attribute__((tls_model("initial-exec")));

void w32_dispatch_lock(void)
{
    pthread_mutex_lock(&dispatch_lock);
}

void w32_dispatch_unlock(void)
{
    atomic_uint *words[DEFERRED_WAKES];
    unsigned count = deferred_count;

    for (unsigned i = 0; i < count; i++)
        words[i] = deferred_wakes[i];
    deferred_count = 0;
    pthread_mutex_unlock(&dispatch_lock);
    for (unsigned i = 0; i < count; i++)
        w32_futex_wake(words[i], 1);
}

void w32_dispatch_wake_after_unlock(atomic_uint *word)
{
    if (deferred_count < DEFERRED_WAKES)
        deferred_wakes[deferred_count++] = word;
    else
        w32_futex_wake(word, 1);
}

static void queue_append(struct w32_wait_queue *q, struct w32_wait_block *b)
{
    b->next = NULL;
    b->prev = q->tail;
    if (q->tail)
        q->tail->next = b;
    else
        q->head = b;
    q->tail = b;
}

static void queue_remove(struct w32_wait_queue *q, struct w32_wait_block *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        q->head = b->next;
    if (b->next)
        b->next->prev = b->prev;
    else
        q->tail = b->prev;
}

/*
 * Satisfies the wait if the objects' state allows it: wait-any takes the
 * lowest signalled index, wait-all takes every object or none.
 */
static bool try_satisfy(struct w32_object **objs, DWORD count, bool all,
                        struct w32_thread *thread, DWORD *result)
{
    if (!all) {
        for (DWORD i = 0; i < count; i++) {
            if (objs[i]->type->signaled(objs[i], thread)) {
                bool abandoned = objs[i]->type->satisfy(objs[i], thread);
                *result = (abandoned ? WAIT_ABANDONED_0 : WAIT_OBJECT_0) + i;
                return true;
            }
        }
        return false;
    }
    for (DWORD i = 0; i < count; i++)
        if (!objs[i]->type->signaled(objs[i], thread))
            return false;
    bool abandoned = false;
    for (DWORD i = 0; i < count; i++)
        abandoned |= objs[i]->type->satisfy(objs[i], thread);
    *result = abandoned ? WAIT_ABANDONED_0 : WAIT_OBJECT_0;
    return true;
}

/* A waiter's objects, through its blocks; at most MAXIMUM_WAIT_OBJECTS. */
static bool try_satisfy_waiter(struct w32_waiter *w)
{
    struct w32_object *objs[MAXIMUM_WAIT_OBJECTS];

    for (DWORD i = 0; i < w->count; i++)
        objs[i] = w->blocks[i].obj;
    return try_satisfy(objs, w->count, w->all, w->thread, &w->result);
}

static void dequeue_waiter(struct w32_waiter *w)
{
    for (DWORD i = 0; i < w->count; i++)
        queue_remove(&w->blocks[i].obj->waiters, &w->blocks[i]);
    if (w->alertable)
        w->thread->alertable = NULL;
}

static void complete_waiter(struct w32_waiter *w, DWORD result)
{
    /* Read before the store: once a thread's waiter is done, its wait may
     * return and its stack frame be reused. */
    void (*complete)(struct w32_waiter *w) = w->complete;

    dequeue_waiter(w);
    w->result = result;
    atomic_store_explicit(&w->state, WAITER_DONE, memory_order_release);
    if (complete)
        complete(w);
    else
        w32_dispatch_wake_after_unlock(&w->state);
}

void w32_dispatch_alert(struct w32_thread *thread)
{
    if (thread->alertable)
        complete_waiter(thread->alertable, WAIT_IO_COMPLETION);
}

void w32_dispatch_wake(struct w32_object *obj)
{
    struct w32_wait_block *b = obj->waiters.head;

    while (b) {
        struct w32_waiter *w = b->waiter;
        struct w32_wait_block *next = b->next;

        if (!try_satisfy_waiter(w)) {
            b = next;
            continue;
        }
        /* The waiter's other blocks leave this queue too: skip past them. */
        while (next && next->waiter == w)
            next = next->next;
        complete_waiter(w, w->result);
        b = next;
    }
}

static void deadline_after(DWORD ms, struct timespec *ts)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* Sleeps until a waker satisfies w or the deadline passes; lock not held. */
static DWORD sleep_on(struct w32_waiter *w, const struct timespec *deadline)
{
    while (atomic_load_explicit(&w->state, memory_order_acquire) == WAITER_SLEEPING) {
        if (w32_futex_wait(&w->state, WAITER_SLEEPING, deadline) != ETIMEDOUT)
            continue;
        w32_dispatch_lock();
        bool timed_out = atomic_load_explicit(&w->state, memory_order_relaxed) ==
                         WAITER_SLEEPING;
        if (timed_out)
            dequeue_waiter(w);
        w32_dispatch_unlock();
        if (timed_out)
            return WAIT_TIMEOUT;
    }
    return w->result;
}

/* Runs the APCs an alertable wait was ended for. */
static DWORD run_apcs(struct w32_thread *thread)
{
    w32_apc_run_pending(thread);
    return WAIT_IO_COMPLETION;
}

DWORD w32_wait(struct w32_object **objs, DWORD count, bool all, DWORD timeout,
               struct w32_object *to_signal, bool alertable)
{
    DWORD result;
    struct w32_wait_block blocks[MAXIMUM_WAIT_OBJECTS];
    struct w32_waiter w;
    struct timespec deadline;
    struct w32_thread *thread = w32_thread_self();

    if (!thread) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return WAIT_FAILED;
    }
    if (timeout != INFINITE && timeout != 0)
        deadline_after(timeout, &deadline);

    w32_dispatch_lock();
    if (to_signal) {
        DWORD error = to_signal->type->signal(to_signal, thread);
        if (error != ERROR_SUCCESS) {
            w32_dispatch_unlock();
            w32_set_error(error);
            return WAIT_FAILED;
        }
    }
    /* The objects come first: a satisfied wait leaves queued APCs queued. */
    bool satisfied = try_satisfy(objs, count, all, thread, &w.result);
    bool apcs = !satisfied && alertable && thread->apc_head;
    if (satisfied || apcs || timeout == 0) {
        w32_dispatch_unlock();
        return satisfied ? w.result : apcs ? run_apcs(thread) : WAIT_TIMEOUT;
    }
    atomic_init(&w.state, WAITER_SLEEPING);
    w.complete = NULL;
    w.count = count;
    w.all = all;
    w.alertable = alertable;
    w.thread = thread;
    if (alertable)
        thread->alertable = &w;
    w.blocks = blocks;
    for (DWORD i = 0; i < count; i++) {
        blocks[i].waiter = &w;
        blocks[i].obj = objs[i];
        queue_append(&objs[i]->waiters, &blocks[i]);
    }
    w32_dispatch_unlock();
    result = sleep_on(&w, timeout == INFINITE ? NULL : &deadline);
    return result == WAIT_IO_COMPLETION ? run_apcs(thread) : result;
}

bool w32_wait_async_start(struct w32_async_wait *aw, struct w32_object *obj,
                          struct w32_thread *thread, void (*complete)(struct w32_waiter *w))
{
    struct w32_waiter *w = &aw->waiter;

    w->count = 1;
    w->all = false;
    w->alertable = false;
    w->thread = thread;
    w->blocks = &aw->block;
    w->complete = complete;
    if (try_satisfy(&obj, 1, false, thread, &w->result)) {
        atomic_store_explicit(&w->state, WAITER_DONE, memory_order_relaxed);
        return true;
    }
    atomic_store_explicit(&w->state, WAITER_SLEEPING, memory_order_relaxed);
    aw->block.waiter = w;
    aw->block.obj = obj;
    queue_append(&obj->waiters, &aw->block);
    return false;
}

bool w32_wait_async_cancel(struct w32_async_wait *aw)
{
    struct w32_waiter *w = &aw->waiter;

    if (!w->complete ||
        atomic_load_explicit(&w->state, memory_order_relaxed) != WAITER_SLEEPING)
        return false;
    dequeue_waiter(w);
    atomic_store_explicit(&w->state, WAITER_DONE, memory_order_relaxed);
    return true;
}

/* A referenced waitable object behind h, or NULL with the last error set. */
static struct w32_object *get_waitable(HANDLE h)
{
    struct w32_object *obj = w32_handle_get(h, NULL, SYNCHRONIZE);

    if (obj && !obj->type->signaled) {
        w32_object_unref(obj);
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return obj;
}

DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable)
{
    struct w32_thread *thread = w32_thread_self();
    struct w32_object *obj;
    DWORD result;

    if (!thread) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return WAIT_FAILED;
    }
    obj = w32_handle_lock(hHandle, NULL, SYNCHRONIZE);
    if (!obj)
        return WAIT_FAILED;
    if (!obj->type->signaled) {
        w32_dispatch_unlock();
        w32_set_error(ERROR_INVALID_HANDLE);
        return WAIT_FAILED;
    }
    /* The fast path: signalled now, satisfied under the lock the lookup took. */
    if (try_satisfy(&obj, 1, false, thread, &result)) {
        w32_dispatch_unlock();
        return result;
    }
    w32_object_ref(obj);
    w32_dispatch_unlock();
    result = w32_wait(&obj, 1, false, dwMilliseconds, NULL, bAlertable);
    w32_object_unref(obj);
    return result;
}

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
    return WaitForSingleObjectEx(hHandle, dwMilliseconds, FALSE);
}

static void unref_all(struct w32_object **objs, DWORD count)
{
    for (DWORD i = 0; i < count; i++)
        w32_object_unref(objs[i]);
}

/* Windows rejects a wait-all that names one object twice, by any handles. */
static bool has_duplicates(struct w32_object **objs, DWORD count)
{
    for (DWORD i = 1; i < count; i++)
        for (DWORD j = 0; j < i; j++)
            if (objs[i] == objs[j])
                return true;
    return false;
}

DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                      DWORD dwMilliseconds, BOOL bAlertable)
{
    struct w32_object *objs[MAXIMUM_WAIT_OBJECTS];
    DWORD result;

    if (nCount == 0 || nCount > MAXIMUM_WAIT_OBJECTS) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    if (!lpHandles) {
        w32_set_error(ERROR_NOACCESS);
        return WAIT_FAILED;
    }
    for (DWORD i = 0; i < nCount; i++) {
        /* Unlike WaitForSingleObject, Windows refuses pseudo-handles here. */
        bool pseudo = lpHandles[i] == W32_PSEUDO_PROCESS || lpHandles[i] == W32_PSEUDO_THREAD;
        objs[i] = pseudo ? NULL : get_waitable(lpHandles[i]);
        if (!objs[i]) {
            unref_all(objs, i);
            if (pseudo)
                w32_set_error(ERROR_INVALID_HANDLE);
            return WAIT_FAILED;
        }
    }
    if (bWaitAll && has_duplicates(objs, nCount)) {
        unref_all(objs, nCount);
        w32_set_error(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    result = w32_wait(objs, nCount, bWaitAll, dwMilliseconds, NULL, bAlertable);
    unref_all(objs, nCount);
    return result;
}

DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                    DWORD dwMilliseconds)
{
    return WaitForMultipleObjectsEx(nCount, lpHandles, bWaitAll, dwMilliseconds, FALSE);
}

DWORD WINAPI SignalObjectAndWait(HANDLE hObjectToSignal, HANDLE hObjectToWaitOn,
                                 DWORD dwMilliseconds, BOOL bAlertable)
{
    struct w32_object *to_signal = w32_handle_get(hObjectToSignal, NULL, 0);
    const struct w32_object_type *type;
    struct w32_object *obj;
    DWORD result;

    if (!to_signal)
        return WAIT_FAILED;
    type = to_signal->type;
    w32_object_unref(to_signal);
    if (!type->signal) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return WAIT_FAILED;
    }
    /* Again, now that the type says which right signalling needs. */
    to_signal = w32_handle_get(hObjectToSignal, type, type->signal_access);
    if (!to_signal)
        return WAIT_FAILED;
    obj = get_waitable(hObjectToWaitOn);
    if (!obj) {
        w32_object_unref(to_signal);
        return WAIT_FAILED;
    }
    result = w32_wait(&obj, 1, false, dwMilliseconds, to_signal, bAlertable);
    w32_object_unref(obj);
    w32_object_unref(to_signal);
    return result;
}

/* An alertable sleep is a wait on no object, which only an APC or the timeout ends. */
DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable)
{
    struct timespec deadline;

    if (bAlertable && w32_wait(NULL, 0, false, dwMilliseconds, NULL, true) == WAIT_IO_COMPLETION)
        return WAIT_IO_COMPLETION;
    if (dwMilliseconds == 0) {
        sched_yield();
        return 0;
    }
    if (bAlertable)
        return 0;
    if (dwMilliseconds == INFINITE) {
        for (;;)
            pause();
    }
    deadline_after(dwMilliseconds, &deadline);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == EINTR)
        ;
    return 0;
}

void WINAPI Sleep(DWORD dwMilliseconds)
{
    SleepEx(dwMilliseconds, FALSE);
}
