/* synchapi.h's waits and sleeps, on the dispatcher. */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>
#include "wait.h"
#include "apc.h"
#include "clock.h"
#include "cpu.h"
#include "error.h"
#include "futex.h"
#include "handle.h"
#include "rcu.h"
#include "shared.h"
#include "thread.h"
#include "fork.h"

/*
 * A waiter's states. WAITING and RETRY may be claimed (compare-and-swap to
 * CLAIMED) by one party, which writes the result and stores DONE. RETRY tells
 * a wait-all waiter that one of its objects changed: it re-examines them all.
 */
enum { WAITER_WAITING, WAITER_RETRY, WAITER_CLAIMED, WAITER_DONE };

/*
 * Futex words of the waiters this thread satisfied while holding object
 * locks. They are woken once it releases its last one, so a woken thread does
 * not run straight into a lock its waker still holds. A word may belong to a
 * wait that has already returned; waking it then is a spurious wake-up,
 * which every futex waiter tolerates.
 */
#define DEFERRED_WAKES 32
static __thread atomic_uint *deferred_wakes[DEFERRED_WAKES]
    __attribute__((tls_model("initial-exec")));
static __thread unsigned deferred_count __attribute__((tls_model("initial-exec")));
static __thread unsigned locks_held __attribute__((tls_model("initial-exec")));

void w32_wake_deferred(void)
{
    unsigned count = deferred_count;

    if (locks_held)
        return;
    deferred_count = 0;
    for (unsigned i = 0; i < count; i++)
        w32_futex_wake(deferred_wakes[i], 1);
}

void w32_defer_wake(atomic_uint *word)
{
    if (deferred_count < DEFERRED_WAKES)
        deferred_wakes[deferred_count++] = word;
    else
        w32_futex_wake(word, 1);
}

/* Object locks, with the wakes they defer, are a critical section that a
 * terminated thread does not end in (lock.h). */
void w32_object_lock(struct w32_object *obj)
{
    w32_unsafe_enter();
    /* Registered first: a dispatcher may enter a read section under the lock. */
    w32_reader_ensure();
    w32_lock(&obj->lock);
    locks_held++;
}

static bool object_trylock(struct w32_object *obj)
{
    w32_unsafe_enter();
    if (!w32_trylock(&obj->lock)) {
        w32_unsafe_leave();
        return false;
    }
    locks_held++;
    return true;
}

void w32_object_unlock(struct w32_object *obj)
{
    w32_unlock(&obj->lock);
    if (--locks_held == 0)
        w32_wake_deferred();
    w32_unsafe_leave();
}

/* ---- queues (object lock held) ---- */

static void queue_append(struct w32_object *obj, struct w32_wait_block *b)
{
    struct w32_wait_queue *q = &obj->waiters;

    b->next = NULL;
    b->prev = q->tail;
    if (q->tail)
        q->tail->next = b;
    else
        q->head = b;
    q->tail = b;
    atomic_store_explicit(&b->linked, true, memory_order_relaxed);
}

static void queue_remove(struct w32_object *obj, struct w32_wait_block *b)
{
    struct w32_wait_queue *q = &obj->waiters;

    if (b->prev)
        b->prev->next = b->next;
    else
        q->head = b->next;
    if (b->next)
        b->next->prev = b->prev;
    else
        q->tail = b->prev;
    atomic_store_explicit(&b->linked, false, memory_order_release);
    if (!q->head)
        atomic_store_explicit(&obj->waiting, 0, memory_order_relaxed);
}

/*
 * Announces a waiter before it looks at the state. A fast path changes the
 * state with a seq_cst atomic, then reads waiting (seq_cst): one of the two
 * sees the other, so a waiter never sleeps through a signal.
 */
static void announce_waiter(struct w32_object *obj)
{
    atomic_store_explicit(&obj->waiting, 1, memory_order_seq_cst);
    atomic_thread_fence(memory_order_seq_cst);
}

/* The announcement of a waiter that then did not queue. */
static void withdraw_waiter(struct w32_object *obj)
{
    if (!obj->waiters.head)
        atomic_store_explicit(&obj->waiting, 0, memory_order_relaxed);
}

/* ---- the type's operations ---- */

static int acquire(struct w32_object *obj, struct w32_thread *thread)
{
    if (obj->type->acquire)
        return obj->type->acquire(obj, thread);
    return obj->type->signaled(obj, thread) ? W32_ACQUIRED : W32_ACQUIRE_NONE;
}

/* Gives the signal back; a shared object's waiters in other processes may take it. */
static void unacquire(struct w32_object *obj, struct w32_thread *thread, int how)
{
    if (!obj->type->unacquire)
        return;
    obj->type->unacquire(obj, thread, how);
    if (obj->shared)
        w32_shared_changed(obj->shared->sync);
}

static void acquired(struct w32_object *obj, struct w32_thread *thread)
{
    if (obj->type->acquired)
        obj->type->acquired(obj, thread);
}

static DWORD result_of(int how, DWORD index)
{
    return (how == W32_ACQUIRED_ABANDONED ? WAIT_ABANDONED_0 : WAIT_OBJECT_0) + index;
}

/* The index of the object a wait-any result acquired; false for other results. */
static bool acquired_index(DWORD result, DWORD *index)
{
    if (result < MAXIMUM_WAIT_OBJECTS)
        *index = result;
    else if (result >= WAIT_ABANDONED_0 && result < WAIT_ABANDONED_0 + MAXIMUM_WAIT_OBJECTS)
        *index = result - WAIT_ABANDONED_0;
    else
        return false;
    return true;
}

static bool linked(struct w32_wait_block *b)
{
    return atomic_load_explicit(&b->linked, memory_order_acquire);
}

/* ---- claiming a waiter ---- */

static bool claim(struct w32_waiter *w)
{
    unsigned state = atomic_load_explicit(&w->state, memory_order_relaxed);

    while (state == WAITER_WAITING || state == WAITER_RETRY)
        if (atomic_compare_exchange_weak_explicit(&w->state, &state, WAITER_CLAIMED,
                                                  memory_order_acquire, memory_order_relaxed))
            return true;
    return false;
}

/* Publishes the result of a claimed waiter and wakes it; touches w no more. */
static void finish(struct w32_waiter *w, DWORD result)
{
    void (*complete)(struct w32_waiter *w) = w->complete;
    int wake_fd = -1;

    /* Read before w may go: the claim and the waiter's polling flag are
     * each seq_cst, so a waiter that saw itself unclaimed is seen polling. */
    if (w->block) {
        atomic_thread_fence(memory_order_seq_cst);
        if (atomic_load_explicit(&w->polling, memory_order_seq_cst))
            wake_fd = w->wake_fd;
    }
    /* A poller that hands itself a packet of a request it finished is awake. */
    bool self = w->block && w->thread == w32_thread_current;

    w->result = result;
    atomic_store_explicit(&w->state, WAITER_DONE, memory_order_release);
    if (complete)
        complete(w);
    else if (!self)
        w32_defer_wake(&w->state);
    if (wake_fd >= 0)
        w32_eventfd_poke(wake_fd);
}

/* The waiter ends its own wait, unless another party claimed it first. */
static void end_own_wait(struct w32_waiter *w, DWORD result)
{
    if (!claim(w))
        return;
    w->result = result;
    atomic_store_explicit(&w->state, WAITER_DONE, memory_order_relaxed);
}

/* Asks a wait-all waiter to look at its objects again. */
static void nudge(struct w32_waiter *w)
{
    unsigned state = WAITER_WAITING;

    if (atomic_compare_exchange_strong_explicit(&w->state, &state, WAITER_RETRY,
                                                memory_order_release, memory_order_relaxed))
        w32_defer_wake(&w->state);
}

void w32_dispatch_alert(struct w32_thread *thread)
{
    if (thread->alertable && claim(thread->alertable))
        finish(thread->alertable, WAIT_IO_COMPLETION);
}

/* ---- TerminateThread ---- */

/* A wait TerminateThread ended: the thread ends as it leaves the wait, so
 * this result never reaches the program. */
#define WAIT_TERMINATED 0xfffffffeu

/*
 * Makes w the wait that TerminateThread ends, if its thread may end as soon
 * as it has left it: in no other part of the library (lock.h). True if it
 * did (then terminable_unregister).
 */
static bool terminable_register(struct w32_waiter *w)
{
    struct w32_thread *thread = w->thread;

    if (w32_unsafe_held != 1 || w32_locks_held != 0 || thread->leaving)
        return false;
    w32_lock(&thread->apc_lock);
    if (atomic_load(&thread->terminating))
        end_own_wait(w, WAIT_TERMINATED);
    else
        thread->blocked = w;
    w32_unlock(&thread->apc_lock);
    return true;
}

static void terminable_unregister(struct w32_waiter *w)
{
    w32_lock(&w->thread->apc_lock);
    w->thread->blocked = NULL;
    w32_unlock(&w->thread->apc_lock);
}

void w32_dispatch_terminate(struct w32_thread *thread)
{
    w32_lock(&thread->apc_lock);
    if (thread->blocked && claim(thread->blocked))
        finish(thread->blocked, WAIT_TERMINATED);
    w32_unlock(&thread->apc_lock);
    w32_wake_deferred();
}

/* A wait has ended with result, out of the library's critical sections:
 * the thread ends here if TerminateThread ended the wait. */
static DWORD wait_left(struct w32_thread *thread, DWORD result)
{
    if (result != WAIT_TERMINATED)
        return result;
    w32_thread_terminate_point(thread);
    w32_set_error(ERROR_OPERATION_ABORTED);     /* not reached: it was terminable */
    return WAIT_FAILED;
}

/* ---- wait-all ---- */

/*
 * Acquires every object of w for its thread, or none; every object's lock
 * held. how[i] says what each gave.
 */
static bool acquire_all(struct w32_waiter *w, int *how)
{
    for (DWORD i = 0; i < w->count; i++) {
        how[i] = acquire(w->blocks[i].obj, w->thread);
        if (how[i] == W32_ACQUIRE_NONE) {
            while (i-- > 0)
                unacquire(w->blocks[i].obj, w->thread, how[i]);
            return false;
        }
    }
    return true;
}

/*
 * Satisfies w if all its objects are signalled and w is still unclaimed;
 * every object's lock held. Its blocks leave their queues. The caller must
 * not touch w afterwards unless it is w's own thread.
 */
static bool satisfy_all(struct w32_waiter *w)
{
    int how[MAXIMUM_WAIT_OBJECTS];
    DWORD result = WAIT_OBJECT_0;

    if (!acquire_all(w, how))
        return false;
    if (!claim(w)) {
        for (DWORD i = 0; i < w->count; i++)
            unacquire(w->blocks[i].obj, w->thread, how[i]);
        return false;
    }
    for (DWORD i = 0; i < w->count; i++) {
        if (how[i] == W32_ACQUIRED_ABANDONED)
            result = WAIT_ABANDONED_0;
        if (linked(&w->blocks[i]))
            queue_remove(w->blocks[i].obj, &w->blocks[i]);
    }
    finish(w, result);
    return true;
}

/*
 * A state change of locked found a wait-all waiter: satisfy it here if its
 * other objects' locks can be had without waiting (out of lock order, so
 * only by trylock), otherwise let it look itself.
 */
static void dispatch_wait_all(struct w32_waiter *w, struct w32_object *locked)
{
    struct w32_object *others[MAXIMUM_WAIT_OBJECTS];
    DWORD count = w->count, taken;

    /*
     * Copied: once satisfied, w may be gone before they are unlocked, and
     * with it the references that kept them: the read section keeps their
     * memory until they are.
     */
    w32_read_lock();
    for (DWORD i = 0; i < count; i++)
        others[i] = w->blocks[i].obj;
    for (taken = 0; taken < count; taken++)
        if (others[taken] != locked && !object_trylock(others[taken]))
            break;
    if (taken < count || !satisfy_all(w))
        nudge(w);
    while (taken-- > 0)
        if (others[taken] != locked)
            w32_object_unlock(others[taken]);
    w32_read_unlock();
}

/* w's objects, sorted by address: the order their locks are taken in. */
static void lock_order(const struct w32_waiter *w, struct w32_object **sorted)
{
    for (DWORD i = 0; i < w->count; i++) {
        struct w32_object *obj = w->blocks[i].obj;
        DWORD j = i;
        while (j > 0 && sorted[j - 1] > obj) {
            sorted[j] = sorted[j - 1];
            j--;
        }
        sorted[j] = obj;
    }
}

static void lock_all(struct w32_object **sorted, DWORD count)
{
    for (DWORD i = 0; i < count; i++)
        w32_object_lock(sorted[i]);
}

static void unlock_all(struct w32_object **sorted, DWORD count)
{
    while (count-- > 0)
        w32_object_unlock(sorted[count]);
}

/*
 * One look at a wait-all's objects, all locked: satisfied now (true), or
 * queued on every object and back to WAITING. With queue false (a wait with
 * no time left), nothing is queued.
 */
static bool arm_all(struct w32_waiter *w, bool queue)
{
    struct w32_object *sorted[MAXIMUM_WAIT_OBJECTS];
    unsigned state = WAITER_RETRY;
    bool satisfied;

    lock_order(w, sorted);
    lock_all(sorted, w->count);
    for (DWORD i = 0; i < w->count; i++)
        if (!w->blocks[i].obj->shared)
            announce_waiter(w->blocks[i].obj);
    satisfied = satisfy_all(w);
    if (!satisfied && queue) {
        for (DWORD i = 0; i < w->count; i++)
            if (!w->blocks[i].obj->shared && !linked(&w->blocks[i]))
                queue_append(w->blocks[i].obj, &w->blocks[i]);
        atomic_compare_exchange_strong_explicit(&w->state, &state, WAITER_WAITING,
                                                memory_order_relaxed, memory_order_relaxed);
    }
    for (DWORD i = 0; i < w->count; i++)
        withdraw_waiter(w->blocks[i].obj);
    unlock_all(sorted, w->count);
    return satisfied;
}

/* ---- wait-any ---- */

/*
 * The first object a look without locks finds signalled, acquired; or false.
 * Every acquire reads before it writes, so the scan writes only what it takes.
 */
static bool scan_any(struct w32_object **objs, DWORD count, struct w32_thread *thread,
                     DWORD *result)
{
    for (DWORD i = 0; i < count; i++) {
        int how = acquire(objs[i], thread);
        if (how != W32_ACQUIRE_NONE) {
            *result = result_of(how, i);
            return true;
        }
    }
    return false;
}

/*
 * Queues w on its local objects one by one, each under its own lock. Stops
 * early if an object is signalled (w is satisfied here) or w was claimed
 * meanwhile. Shared objects have no queue: w looks at them itself.
 */
static void arm_any(struct w32_waiter *w)
{
    for (DWORD i = 0; i < w->count; i++) {
        struct w32_wait_block *b = &w->blocks[i];
        struct w32_object *obj = b->obj;
        bool stop = false;

        if (obj->shared)
            continue;
        w32_object_lock(obj);
        if (atomic_load_explicit(&w->state, memory_order_relaxed) != WAITER_WAITING) {
            stop = true;
        } else {
            announce_waiter(obj);
            int how = acquire(obj, w->thread);
            if (how == W32_ACQUIRE_NONE) {
                queue_append(obj, b);
            } else {
                stop = true;
                if (claim(w)) {
                    w->result = result_of(how, i);
                    atomic_store_explicit(&w->state, WAITER_DONE, memory_order_relaxed);
                } else {
                    unacquire(obj, w->thread, how);
                }
                withdraw_waiter(obj);
            }
        }
        w32_object_unlock(obj);
        if (stop)
            return;
    }
}

void w32_dispatch_wake(struct w32_object *obj)
{
    struct w32_wait_block *b = obj->waiters.head;

    /* A shared object's waiters, in any process, sleep on its block. */
    if (obj->shared) {
        w32_shared_changed(obj->shared->sync);
        return;
    }
    while (b) {
        struct w32_wait_block *next = b->next;
        struct w32_waiter *w = b->waiter;
        unsigned state = atomic_load_explicit(&w->state, memory_order_relaxed);

        if (state != WAITER_WAITING && state != WAITER_RETRY) {
            b = next;               /* claimed: its owner takes the block out */
            continue;
        }
        if (w->all) {
            dispatch_wait_all(w, obj);
            b = next;
            continue;
        }
        int how = acquire(obj, w->thread);
        if (how != W32_ACQUIRE_NONE) {
            if (claim(w)) {
                queue_remove(obj, b);
                finish(w, result_of(how, (DWORD)(b - w->blocks)));
            } else {
                unacquire(obj, w->thread, how);
            }
        }
        b = next;
    }
}

void w32_dispatch_shared_changed(struct w32_object *obj)
{
    w32_shared_changed(obj->shared->sync);
}

void w32_dispatch_wake_slow(struct w32_object *obj)
{
    w32_object_lock(obj);
    w32_dispatch_wake(obj);
    w32_object_unlock(obj);
}

/* ---- sleeping ---- */

/* How long a waiter looks for a change before it sleeps (ns), and how many
 * looks it takes between two reads of the clock. */
#define SPIN_NS 4000
#define LOOKS_PER_CLOCK 64
/* After this many looks in a row that ended in a sleep, a thread looks
 * before one sleep in SPIN_PROBE_EVERY only. */
#define SPIN_MISSES 4
#define SPIN_PROBE_EVERY 16

/* Whether one of words moves within SPIN_NS, looked at without a system call. */
static bool moves_within_spin(const struct futex_waitv *words, unsigned n)
{
    uint64_t start = w32_clock_ns(CLOCK_MONOTONIC);

    for (unsigned look = 1;; look++) {
        for (unsigned i = 0; i < n; i++)
            if (atomic_load_explicit((atomic_uint *)(uintptr_t)words[i].uaddr,
                                     memory_order_relaxed) != words[i].val)
                return true;
        w32_cpu_relax();
        if (look % LOOKS_PER_CLOCK == 0 && w32_clock_ns(CLOCK_MONOTONIC) - start > SPIN_NS)
            return false;
    }
}

/*
 * Whether one of words moves soon, so that the waiter need not sleep
 * (doc/design.md, "Looking before sleeping"). Another thread or process
 * answers a signal (a ping-pong, a request and its reply) within a few
 * microseconds when it runs on another CPU, where a sleep and its wake-up
 * cost a context switch each side: the waiter that looks first often never
 * sleeps. Where looking keeps failing (the answers are slow, or the CPUs
 * are busy with other work, which the looking would only take time from),
 * the thread looks rarely; with one CPU, never.
 */
bool w32_wait_moves_soon(const struct futex_waitv *words, unsigned n)
{
    static __thread unsigned misses;

    if (w32_processor_count() < 2 || (misses >= SPIN_MISSES && ++misses % SPIN_PROBE_EVERY != 0))
        return false;
    if (moves_within_spin(words, n)) {
        misses = 0;
        return true;
    }
    misses += misses < SPIN_MISSES;
    return false;
}

/* Sleeps until w is done: satisfied, alerted or timed out at deadline. */
static DWORD sleep_until_done(struct w32_waiter *w, const struct timespec *deadline)
{
    for (;;) {
        unsigned state = atomic_load_explicit(&w->state, memory_order_acquire);

        if (state == WAITER_DONE)
            return w->result;
        if (state == WAITER_RETRY) {
            arm_all(w, true);
            continue;
        }
        if (state == WAITER_WAITING && !w->block) {
            struct futex_waitv own = w32_futex_word(&w->state, state, false);
            if (w32_wait_moves_soon(&own, 1))
                continue;
        }
        /* A claimed waiter is done a few instructions later: no deadline. */
        int err = state == WAITER_WAITING && w->block
                      ? w->block(w, state, deadline)
                      : w32_futex_wait(&w->state, state, state == WAITER_CLAIMED ? NULL : deadline);
        if (err == ETIMEDOUT)
            end_own_wait(w, WAIT_TIMEOUT);
    }
}

/*
 * Takes w's blocks that are still queued out of their queues. A block seen
 * unlinked without the lock stays so: only w's own thread links it.
 */
static void disarm(struct w32_waiter *w)
{
    for (DWORD i = 0; i < w->count; i++) {
        struct w32_wait_block *b = &w->blocks[i];
        if (!linked(b))
            continue;
        w32_object_lock(b->obj);
        if (linked(b))
            queue_remove(b->obj, b);
        w32_object_unlock(b->obj);
    }
}

/* The objects a satisfied wait acquired become the thread's (mutexes). */
static void take_acquired(struct w32_waiter *w, DWORD result)
{
    DWORD index;

    if (!acquired_index(result, &index))
        return;
    if (!w->all) {
        acquired(w->blocks[index].obj, w->thread);
        return;
    }
    for (DWORD i = 0; i < w->count; i++)
        acquired(w->blocks[i].obj, w->thread);
}

/* Runs the APCs an alertable wait was ended for. */
static DWORD run_apcs(struct w32_thread *thread)
{
    w32_apc_run_pending(thread);
    return WAIT_IO_COMPLETION;
}

/*
 * For an alertable wait: true if APCs are queued (the wait ends), else
 * registers w as the thread's alertable wait (unless it is to end at once).
 */
static bool alert_pending(struct w32_waiter *w, bool register_wait)
{
    struct w32_thread *thread = w->thread;
    bool pending;

    w32_lock(&thread->apc_lock);
    pending = thread->apc_head != NULL;
    if (!pending && register_wait)
        thread->alertable = w;
    w32_unlock(&thread->apc_lock);
    return pending;
}

static void alert_unregister(struct w32_waiter *w)
{
    w32_lock(&w->thread->apc_lock);
    w->thread->alertable = NULL;
    w32_unlock(&w->thread->apc_lock);
}

/* ---- waits with shared objects ---- */

/* How long a waiter on a shared mutex sleeps before it looks for a dead owner. */
#define RECOVER_MS 100

static bool before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* One look at w's shared objects for a wait-any: acquired and claimed, or not. */
static void try_shared_any(struct w32_waiter *w)
{
    for (DWORD i = 0; i < w->count; i++) {
        struct w32_object *obj = w->blocks[i].obj;
        if (!obj->shared)
            continue;
        int how = acquire(obj, w->thread);
        if (how == W32_ACQUIRE_NONE)
            continue;
        if (claim(w)) {
            w->result = result_of(how, i);
            atomic_store_explicit(&w->state, WAITER_DONE, memory_order_relaxed);
        } else {
            unacquire(obj, w->thread, how);
        }
        return;
    }
}

/* Counts w in (or out of) the sleepers of its shared objects; true if one may
 * need recovering from a dead owner. */
static bool count_sleepers(struct w32_waiter *w, int delta)
{
    bool recover = false;

    for (DWORD i = 0; i < w->count; i++) {
        struct w32_object *obj = w->blocks[i].obj;
        if (!obj->shared)
            continue;
        atomic_fetch_add_explicit(&obj->shared->sync->sleepers, (unsigned)delta,
                                  memory_order_seq_cst);
        recover |= obj->type->shared_recover != NULL;
    }
    return recover;
}

/*
 * A wait with shared objects: local objects as always, shared ones looked at
 * by the waiter itself whenever their words move (doc/design.md).
 */
static DWORD sleep_with_shared(struct w32_waiter *w, const struct timespec *deadline)
{
    struct futex_waitv words[MAXIMUM_WAIT_OBJECTS + 1];
    bool recover = count_sleepers(w, 1);

    for (;;) {
        unsigned state = atomic_load_explicit(&w->state, memory_order_acquire), n = 1;
        struct timespec until, now;

        if (state == WAITER_DONE)
            break;
        if (state == WAITER_CLAIMED) {
            w32_futex_wait(&w->state, state, NULL);
            continue;
        }
        words[0] = w32_futex_word(&w->state, state, false);
        /* The words first: a change after the look below then ends the sleep. */
        for (DWORD i = 0; i < w->count; i++) {
            struct w32_object *obj = w->blocks[i].obj;
            if (obj->shared)
                words[n++] = w32_futex_word(&obj->shared->sync->seq,
                    atomic_load_explicit(&obj->shared->sync->seq, memory_order_seq_cst), true);
        }
        if (w->all)
            arm_all(w, true);
        else
            try_shared_any(w);
        if (atomic_load_explicit(&w->state, memory_order_acquire) == WAITER_DONE)
            break;
        for (DWORD i = 0; recover && i < w->count; i++)
            if (w->blocks[i].obj->shared && w->blocks[i].obj->type->shared_recover)
                w->blocks[i].obj->type->shared_recover(w->blocks[i].obj);
        until = deadline ? *deadline : (struct timespec){ 0, 0 };
        if (recover) {
            w32_deadline_after(RECOVER_MS, &now);
            if (!deadline || before(&now, &until))
                until = now;
        }
        if (w32_wait_moves_soon(words, n))
            continue;
        if (w32_futex_waitv(words, n, deadline || recover ? &until : NULL) == ETIMEDOUT &&
            deadline && (clock_gettime(CLOCK_MONOTONIC, &now), !before(&now, deadline)))
            end_own_wait(w, WAIT_TIMEOUT);
    }
    count_sleepers(w, -1);
    return w->result;
}

static bool has_shared(const struct w32_waiter *w)
{
    for (DWORD i = 0; i < w->count; i++)
        if (w->blocks[i].obj->shared)
            return true;
    return false;
}

static DWORD wait_blocking(struct w32_waiter *w, DWORD timeout)
{
    struct timespec deadline;
    bool registered;
    DWORD result;

    if (timeout != INFINITE)
        w32_deadline_after(timeout, &deadline);
    if (w->all)
        arm_all(w, true);
    else
        arm_any(w);
    registered = terminable_register(w);
    if (has_shared(w))
        result = sleep_with_shared(w, timeout == INFINITE ? NULL : &deadline);
    else
        result = sleep_until_done(w, timeout == INFINITE ? NULL : &deadline);
    if (registered)
        terminable_unregister(w);
    if (w->alertable)
        alert_unregister(w);
    disarm(w);
    return result;
}

/*
 * Gives every shared object of a wait that needs it (a named mutex) the
 * chance to recover from an owner that died with another process; true if
 * any could have.
 */
static bool recover_shared(struct w32_object **objs, DWORD count)
{
    bool any = false;

    for (DWORD i = 0; i < count; i++) {
        if (objs[i]->shared && objs[i]->type->shared_recover) {
            objs[i]->type->shared_recover(objs[i]);
            any = true;
        }
    }
    return any;
}

/* wait_in_section's work, once its waiter is set up. */
static DWORD wait_objects(struct w32_waiter *w, struct w32_object **objs, DWORD timeout)
{
    DWORD result;

    /* The objects come first: a satisfied wait leaves queued APCs queued. */
    if (w->all && timeout == 0)
        recover_shared(objs, w->count);
    if (w->all ? w->count && arm_all(w, false)
               : scan_any(objs, w->count, w->thread, &w->result)) {
        result = w->result;
    } else if (w->alertable && alert_pending(w, timeout != 0)) {
        return WAIT_IO_COMPLETION;
    } else if (timeout == 0) {
        return WAIT_TIMEOUT;
    } else {
        result = wait_blocking(w, timeout);
    }
    if (result != WAIT_IO_COMPLETION && result != WAIT_TERMINATED)
        take_acquired(w, result);
    return result;
}

/*
 * Waits on count referenced objects, in the critical section its caller
 * entered (lock.h): the caller leaves it once it has dropped its references
 * to the objects, so a thread TerminateThread ends never keeps one, and then
 * passes the result, WAIT_IO_COMPLETION and WAIT_TERMINATED included, to
 * wait_end.
 */
static DWORD wait_in_section(struct w32_object **objs, DWORD count, bool all, DWORD timeout,
                             bool alertable, struct w32_thread *thread)
{
    struct w32_wait_block blocks[MAXIMUM_WAIT_OBJECTS];
    struct w32_waiter w;

    w.thread = thread;
    atomic_init(&w.state, WAITER_WAITING);
    w.complete = NULL;
    w.block = NULL;
    w.count = count;
    w.all = all;
    w.alertable = alertable;
    w.blocks = blocks;
    for (DWORD i = 0; i < count; i++) {
        blocks[i].waiter = &w;
        blocks[i].obj = objs[i];
        atomic_init(&blocks[i].linked, false);
    }
    return wait_objects(&w, objs, timeout);
}

/* Out of the section: an alertable wait's APCs run, and a thread whose wait
 * TerminateThread ended ends (wait.h). */
DWORD w32_wait_end(struct w32_thread *thread, DWORD result)
{
    if (result == WAIT_IO_COMPLETION)
        return run_apcs(thread);
    return wait_left(thread, result);
}

/*
 * Asynchronous waits on shared objects: no queue can hold them, so they wait
 * on this list, and the thread that serves asynchronous waits looks at them
 * whenever their shared words move (w32_wait_async_poll).
 */
static w32_lock_t shared_async_lock = W32_LOCK_INIT;   /* the list; leaf */
static struct w32_wait_block *shared_async_head;

static void shared_async_unlink(struct w32_async_wait *aw)
{
    struct w32_wait_block *b = &aw->block;

    if (b->prev)
        b->prev->next = b->next;
    else
        shared_async_head = b->next;
    if (b->next)
        b->next->prev = b->prev;
    atomic_store_explicit(&b->linked, false, memory_order_relaxed);
    atomic_fetch_sub_explicit(&b->obj->shared->sync->sleepers, 1, memory_order_seq_cst);
}

/* Satisfies aw if its object can be had now; shared_async_lock held. */
static bool shared_async_try(struct w32_async_wait *aw)
{
    struct w32_waiter *w = &aw->waiter;
    int how = acquire(aw->block.obj, w->thread);

    if (how == W32_ACQUIRE_NONE)
        return false;
    if (!claim(w)) {
        unacquire(aw->block.obj, w->thread, how);
        return false;
    }
    shared_async_unlink(aw);
    finish(w, result_of(how, 0));
    return true;
}

unsigned w32_wait_async_poll(struct futex_waitv *words, unsigned max)
{
    unsigned n = 0;

    w32_lock(&shared_async_lock);
    for (struct w32_wait_block *b = shared_async_head, *next; b; b = next) {
        struct w32_shared_sync *sync = b->obj->shared->sync;
        unsigned seq = atomic_load_explicit(&sync->seq, memory_order_seq_cst);

        next = b->next;
        if (shared_async_try((struct w32_async_wait *)b->waiter) || n == max)
            continue;
        words[n++] = w32_futex_word(&sync->seq, seq, true);
    }
    w32_unlock(&shared_async_lock);
    w32_wake_deferred();
    return n;
}

/* Lists aw, unless its object can be had now (then true, complete not called). */
static bool async_start_shared(struct w32_async_wait *aw,
                               void (*complete)(struct w32_waiter *w))
{
    struct w32_wait_block *b = &aw->block;
    struct w32_waiter *w = &aw->waiter;
    bool done;

    w32_lock(&shared_async_lock);
    atomic_fetch_add_explicit(&b->obj->shared->sync->sleepers, 1, memory_order_seq_cst);
    b->prev = NULL;
    b->next = shared_async_head;
    if (shared_async_head)
        shared_async_head->prev = b;
    shared_async_head = b;
    atomic_store_explicit(&b->linked, true, memory_order_relaxed);
    done = shared_async_try(aw);
    w->complete = complete;
    w32_unlock(&shared_async_lock);
    return done;
}

bool w32_wait_async_start(struct w32_async_wait *aw, struct w32_object *obj,
                          struct w32_thread *thread, void (*complete)(struct w32_waiter *w))
{
    struct w32_waiter *w = &aw->waiter;
    bool done;

    atomic_init(&w->state, WAITER_WAITING);
    w->count = 1;
    w->all = false;
    w->alertable = false;
    w->thread = thread;
    w->blocks = &aw->block;
    w->complete = NULL;         /* a wait satisfied here is not completed through it */
    w->block = NULL;
    aw->block.waiter = w;
    aw->block.obj = obj;
    atomic_init(&aw->block.linked, false);
    if (obj->shared)
        return async_start_shared(aw, complete);
    arm_any(w);
    w32_object_lock(obj);
    done = atomic_load_explicit(&w->state, memory_order_relaxed) == WAITER_DONE;
    w->complete = complete;
    w32_object_unlock(obj);
    return done;
}

bool w32_wait_async_cancel(struct w32_async_wait *aw)
{
    struct w32_waiter *w = &aw->waiter;
    struct w32_object *obj = aw->block.obj;
    bool pending;

    if (obj->shared) {
        w32_lock(&shared_async_lock);
        pending = linked(&aw->block) && claim(w);
        if (pending) {
            shared_async_unlink(aw);
            atomic_store_explicit(&w->state, WAITER_DONE, memory_order_relaxed);
        }
        w32_unlock(&shared_async_lock);
        return pending;
    }
    w32_object_lock(obj);
    pending = linked(&aw->block) && claim(w);
    if (pending) {
        queue_remove(obj, &aw->block);
        atomic_store_explicit(&w->state, WAITER_DONE, memory_order_relaxed);
    }
    w32_object_unlock(obj);
    return pending;
}

void w32_wait_async_acquired(struct w32_async_wait *aw)
{
    take_acquired(&aw->waiter, aw->waiter.result);
}

/* ---- waits that another module ends ---- */

void w32_waiter_init(struct w32_waiter *w, struct w32_thread *thread, bool alertable)
{
    atomic_init(&w->state, WAITER_WAITING);
    w->result = WAIT_FAILED;
    w->count = 0;
    w->all = false;
    w->alertable = alertable;
    w->thread = thread;
    w->blocks = NULL;
    w->complete = NULL;
    w->block = NULL;
    atomic_init(&w->polling, false);
    w->wake_fd = -1;
}

bool w32_waiter_claim(struct w32_waiter *w)
{
    return claim(w);
}

void w32_waiter_finish(struct w32_waiter *w, DWORD result)
{
    finish(w, result);
}

DWORD w32_waiter_sleep(struct w32_waiter *w, DWORD timeout)
{
    struct timespec deadline;
    bool registered;
    DWORD result;

    if (timeout != INFINITE)
        w32_deadline_after(timeout, &deadline);
    if (w->alertable && alert_pending(w, timeout != 0))
        end_own_wait(w, WAIT_IO_COMPLETION);
    else if (timeout == 0)
        end_own_wait(w, WAIT_TIMEOUT);
    registered = terminable_register(w);
    result = sleep_until_done(w, timeout == INFINITE ? NULL : &deadline);
    if (registered)
        terminable_unregister(w);
    if (w->alertable)
        alert_unregister(w);
    return result;
}

/* ---- the API ---- */

/* Whether obj can be waited on; sets the error if not. */
static bool waitable(struct w32_object *obj)
{
    if (obj->type->signaled)
        return true;
    w32_set_error(ERROR_INVALID_HANDLE);
    return false;
}

/*
 * Takes references on the count objects found in a read section, so the
 * wait can outlive it. False (none taken) if one is being destroyed: its
 * last handle was closed under the lookup.
 */
static bool ref_all(struct w32_object **objs, DWORD count)
{
    for (DWORD i = 0; i < count; i++) {
        if (!w32_object_try_ref(objs[i])) {
            while (i-- > 0)
                w32_object_unref(objs[i]);
            w32_set_error(ERROR_INVALID_HANDLE);
            return false;
        }
    }
    return true;
}

static void unref_all(struct w32_object **objs, DWORD count)
{
    for (DWORD i = 0; i < count; i++)
        w32_object_unref(objs[i]);
}

/*
 * The common end of the wait functions, in a read section with the objects
 * looked up: the fast path (a wait-any satisfied at once, or a wait with no
 * time), else references, the end of the section, and the real wait.
 */
static DWORD wait_found(struct w32_object **objs, DWORD count, bool all, DWORD timeout,
                        bool alertable, struct w32_thread *thread)
{
    DWORD result, index;

    if (!all && (scan_any(objs, count, thread, &result) ||
                 (recover_shared(objs, count) && scan_any(objs, count, thread, &result)))) {
        if (acquired_index(result, &index))
            acquired(objs[index], thread);
        w32_read_unlock();
        return result;
    }
    if (!all && timeout == 0 && !alertable) {
        w32_read_unlock();
        return WAIT_TIMEOUT;
    }
    if (!ref_all(objs, count)) {
        w32_read_unlock();
        return WAIT_FAILED;
    }
    /* TerminateThread waits out the span from the references to their drop,
     * and with it the wait's acquisitions and queued records (lock.h): it
     * begins before the read section ends. */
    w32_unsafe_enter();
    w32_read_unlock();
    w32_handle_close_asked();
    result = wait_in_section(objs, count, all, timeout, alertable, thread);
    unref_all(objs, count);
    w32_unsafe_leave();
    return w32_wait_end(thread, result);
}

DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable)
{
    struct w32_thread *thread = w32_thread_self();
    struct w32_object *obj;
    int how;

    if (!thread) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return WAIT_FAILED;
    }
    w32_read_lock();
    obj = w32_handle_peek(hHandle, NULL, SYNCHRONIZE);
    if (!obj || !waitable(obj)) {
        w32_read_unlock();
        return WAIT_FAILED;
    }
    /* The fast path: signalled now. */
    how = acquire(obj, thread);
    if (how != W32_ACQUIRE_NONE) {
        acquired(obj, thread);
        w32_read_unlock();
        return result_of(how, 0);
    }
    return wait_found(&obj, 1, false, dwMilliseconds, bAlertable, thread);
}

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
    return WaitForSingleObjectEx(hHandle, dwMilliseconds, FALSE);
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

/* Looks up the handles of a wait in the caller's read section. */
static bool find_all(const HANDLE *handles, DWORD count, struct w32_object **objs)
{
    for (DWORD i = 0; i < count; i++) {
        /* Unlike WaitForSingleObject, Windows refuses pseudo-handles here. */
        if (handles[i] == W32_PSEUDO_PROCESS || handles[i] == W32_PSEUDO_THREAD) {
            w32_set_error(ERROR_INVALID_HANDLE);
            return false;
        }
        objs[i] = w32_handle_peek(handles[i], NULL, SYNCHRONIZE);
        if (!objs[i] || !waitable(objs[i]))
            return false;
    }
    return true;
}

DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                      DWORD dwMilliseconds, BOOL bAlertable)
{
    struct w32_object *objs[MAXIMUM_WAIT_OBJECTS];
    struct w32_thread *thread = w32_thread_self();

    if (nCount == 0 || nCount > MAXIMUM_WAIT_OBJECTS) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    if (!lpHandles) {
        w32_set_error(ERROR_NOACCESS);
        return WAIT_FAILED;
    }
    if (!thread) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return WAIT_FAILED;
    }
    w32_read_lock();
    if (!find_all(lpHandles, nCount, objs)) {
        w32_read_unlock();
        return WAIT_FAILED;
    }
    if (bWaitAll && has_duplicates(objs, nCount)) {
        w32_read_unlock();
        w32_set_error(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    return wait_found(objs, nCount, bWaitAll, dwMilliseconds, bAlertable, thread);
}

DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                    DWORD dwMilliseconds)
{
    return WaitForMultipleObjectsEx(nCount, lpHandles, bWaitAll, dwMilliseconds, FALSE);
}

/*
 * Signals to_signal and starts the wait on obj as one step: both locks are
 * held (in address order) from the signal until w is queued, so a thread
 * that reacts to the signal finds w already waiting (a PulseEvent answer
 * reaches it). Returns the error of the signal, or ERROR_SUCCESS with w
 * either done (obj was signalled) or queued.
 */
static DWORD signal_and_arm(struct w32_object *to_signal, struct w32_waiter *w)
{
    struct w32_object *obj = w->blocks[0].obj;
    struct w32_object *first = to_signal < obj ? to_signal : obj;
    struct w32_object *second = to_signal < obj ? obj : to_signal;
    DWORD error;

    w32_object_lock(first);
    if (second != first)
        w32_object_lock(second);
    error = to_signal->type->signal(to_signal, w->thread);
    if (error == ERROR_SUCCESS) {
        announce_waiter(obj);
        int how = acquire(obj, w->thread);
        if (how != W32_ACQUIRE_NONE)
            end_own_wait(w, result_of(how, 0));
        else
            queue_append(obj, &w->blocks[0]);
        withdraw_waiter(obj);
    }
    if (second != first)
        w32_object_unlock(second);
    w32_object_unlock(first);
    return error;
}

static DWORD signal_and_wait(struct w32_object *to_signal, struct w32_object *obj,
                             DWORD timeout, bool alertable, struct w32_thread *thread)
{
    struct w32_wait_block block = { .obj = obj };
    struct w32_waiter w = { .count = 1, .alertable = alertable, .blocks = &block };
    struct timespec deadline;
    bool registered;
    DWORD error, result;

    w.thread = thread;
    atomic_init(&w.state, WAITER_WAITING);
    atomic_init(&block.linked, false);
    block.waiter = &w;
    if (timeout != INFINITE)
        w32_deadline_after(timeout, &deadline);
    error = signal_and_arm(to_signal, &w);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return WAIT_FAILED;
    }
    /* The object comes first, then the APCs, then the timeout. */
    if (alertable && alert_pending(&w, true))
        end_own_wait(&w, WAIT_IO_COMPLETION);
    else if (timeout == 0)
        end_own_wait(&w, WAIT_TIMEOUT);
    registered = terminable_register(&w);
    result = sleep_until_done(&w, timeout == INFINITE ? NULL : &deadline);
    if (registered)
        terminable_unregister(&w);
    if (alertable)
        alert_unregister(&w);
    disarm(&w);
    if (result != WAIT_IO_COMPLETION && result != WAIT_TERMINATED)
        take_acquired(&w, result);
    return result;
}

/*
 * With a shared object the signal and the start of the wait are two steps, as
 * Windows documents them (another process cannot see this one's wait queued).
 */
static DWORD signal_then_wait(struct w32_object *to_signal, struct w32_object *obj,
                              DWORD timeout, bool alertable, struct w32_thread *thread)
{
    DWORD error;

    w32_object_lock(to_signal);
    error = to_signal->type->signal(to_signal, thread);
    w32_object_unlock(to_signal);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return WAIT_FAILED;
    }
    return wait_in_section(&obj, 1, false, timeout, alertable, thread);
}

/* SignalObjectAndWait from the lookups to the drop of their references, in
 * the section the wait needs (wait_in_section). */
static DWORD signal_object_and_wait(HANDLE hObjectToSignal, HANDLE hObjectToWaitOn,
                                    DWORD timeout, bool alertable, struct w32_thread *thread)
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
    obj = w32_handle_get(hObjectToWaitOn, NULL, SYNCHRONIZE);
    if (!obj || !waitable(obj)) {
        if (obj)
            w32_object_unref(obj);
        w32_object_unref(to_signal);
        return WAIT_FAILED;
    }
    if (to_signal->shared || obj->shared)
        result = signal_then_wait(to_signal, obj, timeout, alertable, thread);
    else
        result = signal_and_wait(to_signal, obj, timeout, alertable, thread);
    w32_object_unref(obj);
    w32_object_unref(to_signal);
    return result;
}

DWORD WINAPI SignalObjectAndWait(HANDLE hObjectToSignal, HANDLE hObjectToWaitOn,
                                 DWORD dwMilliseconds, BOOL bAlertable)
{
    struct w32_thread *thread = w32_thread_self();
    DWORD result;

    if (!thread) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return WAIT_FAILED;
    }
    w32_unsafe_enter();
    result = signal_object_and_wait(hObjectToSignal, hObjectToWaitOn, dwMilliseconds,
                                    bAlertable, thread);
    w32_unsafe_leave();
    return w32_wait_end(thread, result);
}

/* SleepEx's wait for APCs. */
static DWORD alertable_sleep(DWORD timeout)
{
    struct w32_thread *thread = w32_thread_self();
    DWORD result;

    if (!thread) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return WAIT_FAILED;
    }
    w32_unsafe_enter();
    result = wait_in_section(NULL, 0, false, timeout, true, thread);
    w32_unsafe_leave();
    return w32_wait_end(thread, result);
}

/* An alertable sleep is a wait on no object, which only an APC or the timeout ends. */
DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable)
{
    struct timespec deadline;

    w32_handle_close_asked();

    if (bAlertable && alertable_sleep(dwMilliseconds) == WAIT_IO_COMPLETION)
        return WAIT_IO_COMPLETION;
    if (dwMilliseconds == 0) {
        sched_yield();
        return 0;
    }
    if (bAlertable)
        return 0;
    if (dwMilliseconds == INFINITE) {
        for (;;) {
            pause();
            w32_terminate_point_self();     /* interrupted: TerminateThread? */
        }
    }
    w32_deadline_after(dwMilliseconds, &deadline);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == EINTR)
        w32_terminate_point_self();
    return 0;
}

void WINAPI Sleep(DWORD dwMilliseconds)
{
    SleepEx(dwMilliseconds, FALSE);
}

/* fork (fork.h): the list of asynchronous waits on shared objects, whose
 * completions take the pool's fired-wait lock. */
void w32_wait_fork(enum w32_fork_phase phase)
{
    w32_fork_lock(&shared_async_lock, phase);
}

/*
 * fork (fork.h), in the child: obj's lock may be held by a thread the child
 * does not have, and the threads' own waits queued on it are such threads',
 * whose memory may serve the child's new threads: the lock is released and
 * those waits leave the queue (a signal would otherwise go to a waiter that
 * does not exist). Asynchronous waits (the pool's) stay: the child's pool
 * serves them.
 */
void w32_wait_fork_object(struct w32_object *obj)
{
    w32_lock_init(&obj->lock);
    for (struct w32_wait_block *b = obj->waiters.head, *next; b; b = next) {
        next = b->next;
        if (!b->waiter->complete)
            queue_remove(obj, b);
    }
}
