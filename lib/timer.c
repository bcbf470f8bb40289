/*
 * synchapi.h: waitable timers. One library thread serves every armed timer
 * from two deadline heaps (relative due times on CLOCK_MONOTONIC, absolute
 * ones on CLOCK_REALTIME): no POSIX timer and no thread per timer object.
 * A named timer's arming lives in its shared block, and the timer thread of
 * every process that holds it follows it there (doc/design.md).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include "apc.h"
#include "clock.h"
#include "error.h"
#include "futex.h"
#include "handle.h"
#include "namespace.h"
#include "shared.h"
#include "spawn_hidden.h"
#include "wait.h"
#include "fork.h"

#define VALID_TIMER_FLAGS (CREATE_WAITABLE_TIMER_MANUAL_RESET | \
                           CREATE_WAITABLE_TIMER_HIGH_RESOLUTION)
#define NOT_ARMED SIZE_MAX
/* A clock jump moves CLOCK_REALTIME deadlines: re-read it at least this often. */
#define REALTIME_RECHECK_NS 1000000000ULL

/*
 * A named timer's block in shared memory. Every process that holds the timer
 * fires it at its due time; the first one to take the lock does (it moves
 * due_ns to the next period or disarms it), the others then find it fired.
 */
struct timer_block {
    struct w32_shared_sync sync;
    atomic_uint signaled;
    uint32_t manual;
    atomic_uint gen;            /* a shared futex word: every Set and Cancel moves it */
    /* The arming: lock held. */
    uint32_t armed;
    uint32_t realtime;
    uint64_t due_ns;
    uint64_t period_ns;
    pthread_mutex_t lock;       /* robust and process-shared: a process dies with it */
};

struct timer {
    struct w32_object obj;
    bool manual;
    atomic_uint *signaled;              /* the signalled state, own_signaled or the
                                         * block's; atomics only */
    atomic_uint own_signaled;
    struct timer_block *block;          /* a named timer's shared block, or NULL; set once */
    /* The rest: timers lock. */
    size_t heap_index;                  /* in its clock's heap, or NOT_ARMED */
    bool realtime;                      /* which heap: the due time was absolute */
    uint64_t due_ns;                    /* on that clock */
    uint64_t period_ns;
    PTIMERAPCROUTINE routine;
    LPVOID routine_arg;
    struct w32_thread *apc_thread;      /* referenced while routine is set */
    unsigned gen;                       /* the block's arming the heap entry follows */
    unsigned routine_gen;               /* the arming whose expiries queue routine */
    struct timer *shared_next, *shared_prev;    /* the shared timers of this process */
};

static const struct w32_object_type timer_type;

struct heap {
    struct timer **items;
    size_t count, cap;
};

/* Guards both heaps and every timer's arming state; taken before object, APC
 * and timer block locks. */
static pthread_mutex_t timers_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_uint timers_seq;          /* moves when the earliest deadline or the set of
                                         * shared timers changes; the timer thread sleeps on it */
static struct heap heaps[2];            /* [0] CLOCK_MONOTONIC, [1] CLOCK_REALTIME */
static struct timer *shared_timers;     /* the named timers this process holds */
static unsigned shared_count;
static bool thread_running;             /* timers lock */

/* ---- the deadline heaps (timers lock held) ---- */

static struct heap *heap_of(struct timer *t)
{
    return &heaps[t->realtime];
}

static void heap_set(struct heap *h, size_t i, struct timer *t)
{
    h->items[i] = t;
    t->heap_index = i;
}

static void heap_up(struct heap *h, size_t i)
{
    struct timer *t = h->items[i];

    while (i > 0 && h->items[(i - 1) / 2]->due_ns > t->due_ns) {
        heap_set(h, i, h->items[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    heap_set(h, i, t);
}

static void heap_down(struct heap *h, size_t i)
{
    struct timer *t = h->items[i];

    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= h->count)
            break;
        if (child + 1 < h->count && h->items[child + 1]->due_ns < h->items[child]->due_ns)
            child++;
        if (h->items[child]->due_ns >= t->due_ns)
            break;
        heap_set(h, i, h->items[child]);
        i = child;
    }
    heap_set(h, i, t);
}

/* Room for one more timer in each heap, so that arming cannot fail half-way. */
static bool heaps_reserve(void)
{
    for (int i = 0; i < 2; i++) {
        struct heap *h = &heaps[i];
        if (h->count < h->cap)
            continue;
        size_t cap = h->cap ? h->cap * 2 : 16;
        struct timer **grown = realloc(h->items, cap * sizeof(*grown));
        if (!grown)
            return false;
        h->items = grown;
        h->cap = cap;
    }
    return true;
}

static bool heap_push(struct heap *h, struct timer *t)
{
    if (h->count == h->cap && !heaps_reserve())
        return false;
    heap_set(h, h->count++, t);
    heap_up(h, t->heap_index);
    return true;
}

static void heap_remove(struct heap *h, struct timer *t)
{
    size_t i = t->heap_index;
    struct timer *last = h->items[--h->count];

    t->heap_index = NOT_ARMED;
    if (last == t)
        return;
    heap_set(h, i, last);
    heap_up(h, i);
    heap_down(h, last->heap_index);
}

static void disarm_locked(struct timer *t)
{
    if (t->heap_index != NOT_ARMED)
        heap_remove(heap_of(t), t);
}

/* ---- firing (timers lock held) ---- */

static void call_timer_apc(struct w32_apc *apc)
{
    apc->u.timer.fn(apc->u.timer.arg, apc->u.timer.at.dwLowDateTime,
                    apc->u.timer.at.dwHighDateTime);
}

/* The completion routine runs as an APC of the thread that set the timer. */
static void queue_routine_locked(struct timer *t)
{
    struct w32_apc *apc = calloc(1, sizeof(*apc));

    if (!apc)
        return;         /* out of memory: the timer is signalled, the routine is lost */
    apc->call = call_timer_apc;
    apc->owner = t;
    apc->u.timer.fn = t->routine;
    apc->u.timer.arg = t->routine_arg;
    GetSystemTimeAsFileTime(&apc->u.timer.at);
    if (!w32_apc_queue(t->apc_thread, apc))
        free(apc);
}

/*
 * The next due time of a periodic timer that expired at due: the first of its
 * schedule (due + k periods) after now. One that is late, or was set far in
 * the past, fires once and keeps its phase; it does not replay every period it
 * missed.
 */
static uint64_t next_due(uint64_t due, uint64_t period, uint64_t now)
{
    due += period;
    if (due <= now)
        due += ((now - due) / period + 1) * period;
    return due;
}

static void signal_locked(struct timer *t)
{
    if (!atomic_exchange_explicit(t->signaled, 1, memory_order_seq_cst))
        w32_dispatch_changed(&t->obj);
}

/* ---- named timers' shared blocks ---- */

/* A process that died holding the lock may have left a Set half-done: every
 * holder then reads the arming again. */
static void lock_block(struct timer_block *b)
{
    if (pthread_mutex_lock(&b->lock) == EOWNERDEAD) {
        pthread_mutex_consistent(&b->lock);
        atomic_fetch_add_explicit(&b->gen, 1, memory_order_release);
    }
}

static void unlock_block(struct timer_block *b)
{
    pthread_mutex_unlock(&b->lock);
}

/* Points t's heap entry at its block's arming; timers lock and block lock held. */
static void follow_block_locked(struct timer *t)
{
    struct timer_block *b = t->block;

    disarm_locked(t);
    t->gen = atomic_load_explicit(&b->gen, memory_order_relaxed);
    if (!b->armed)
        return;
    t->realtime = b->realtime;
    t->due_ns = b->due_ns;
    t->period_ns = b->period_ns;
    heap_push(heap_of(t), t);   /* out of memory: the other holders still fire it */
}

/* Follows every shared timer whose arming another process changed. */
static void follow_shared_locked(void)
{
    for (struct timer *t = shared_timers; t; t = t->shared_next) {
        if (atomic_load_explicit(&t->block->gen, memory_order_acquire) == t->gen)
            continue;
        lock_block(t->block);
        follow_block_locked(t);
        unlock_block(t->block);
    }
}

/*
 * A named timer's entry reached its due time: fires the block unless another
 * process did first. Its expiry queues this process's routine either way.
 */
static bool fire_shared_locked(struct timer *t, uint64_t now)
{
    struct timer_block *b = t->block;
    bool expired;

    lock_block(b);
    expired = atomic_load_explicit(&b->gen, memory_order_relaxed) == t->gen;
    if (expired && b->armed && b->due_ns == t->due_ns) {
        signal_locked(t);
        if (b->period_ns)
            b->due_ns = next_due(b->due_ns, b->period_ns, now);
        else
            b->armed = 0;
    }
    follow_block_locked(t);
    unlock_block(b);
    return expired && t->routine_gen == t->gen;
}

/* Signals t, now (on its clock) being at or past its due time. */
static void fire_locked(struct timer *t, uint64_t now)
{
    bool routine = true;

    disarm_locked(t);
    if (t->block) {
        routine = fire_shared_locked(t, now);
    } else {
        signal_locked(t);
        if (t->period_ns) {
            t->due_ns = next_due(t->due_ns, t->period_ns, now);
            heap_push(heap_of(t), t);
        }
    }
    if (routine && t->routine)
        queue_routine_locked(t);
}

/* Fires every due timer; returns the next deadline on CLOCK_MONOTONIC. */
static uint64_t fire_due_locked(void)
{
    uint64_t mono = w32_clock_ns(CLOCK_MONOTONIC);
    uint64_t real = w32_clock_ns(CLOCK_REALTIME);
    uint64_t next = UINT64_MAX;

    while (heaps[0].count && heaps[0].items[0]->due_ns <= mono)
        fire_locked(heaps[0].items[0], mono);
    while (heaps[1].count && heaps[1].items[0]->due_ns <= real)
        fire_locked(heaps[1].items[0], real);
    if (heaps[0].count)
        next = heaps[0].items[0]->due_ns;
    if (heaps[1].count) {
        uint64_t until = heaps[1].items[0]->due_ns - real;
        if (until > REALTIME_RECHECK_NS)
            until = REALTIME_RECHECK_NS;
        if (mono + until < next)
            next = mono + until;
    }
    return next;
}

/* Moves timers_seq: the timer thread looks at its heaps and shared timers again. */
static void timers_changed_locked(void)
{
    atomic_fetch_add_explicit(&timers_seq, 1, memory_order_relaxed);
    w32_futex_wake(&timers_seq, 1);
}

/*
 * Sleeps until next (CLOCK_MONOTONIC ns, UINT64_MAX: none), timers_seq moves,
 * or another process changes the arming of a named timer this process holds.
 * Beyond what one futex_waitv can watch, it looks again every ms.
 */
static void sleep_until_changed_locked(uint64_t next)
{
    struct futex_waitv words[FUTEX_WAITV_MAX];
    unsigned n = 0;
    struct timespec until;

    words[n++] = w32_futex_word(&timers_seq, atomic_load_explicit(&timers_seq,
                                                                  memory_order_relaxed), false);
    for (struct timer *t = shared_timers; t && n < FUTEX_WAITV_MAX; t = t->shared_next)
        words[n++] = w32_futex_word(&t->block->gen, t->gen, true);
    if (shared_count >= FUTEX_WAITV_MAX) {
        uint64_t soon = w32_clock_ns(CLOCK_MONOTONIC) + 1000000ULL;
        if (soon < next)
            next = soon;
    }
    until = w32_timespec_of_ns(next);
    /* Unlocked, a named timer's block may be unmapped under the sleep: its
     * destroy moves timers_seq first, and futex_waitv then fails at once. */
    pthread_mutex_unlock(&timers_lock);
    w32_futex_waitv(words, n, next == UINT64_MAX ? NULL : &until);
    pthread_mutex_lock(&timers_lock);
}

static void *timer_thread(void *arg)
{
    pthread_mutex_lock(&timers_lock);
    for (;;) {
        follow_shared_locked();
        sleep_until_changed_locked(fire_due_locked());
    }
    return NULL;
}

/*
 * Starts the timer thread unless it runs; timers lock held. Every call that
 * needs it tries again, so that failing once (out of memory or of threads)
 * does not fail every later Set.
 */
static bool timer_thread_running_locked(void)
{
    if (!thread_running)
        thread_running = w32_spawn_hidden(timer_thread, NULL);
    return thread_running;
}

/* ---- the object type ---- */

static bool timer_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return atomic_load_explicit(((struct timer *)obj)->signaled, memory_order_relaxed);
}

/* A synchronization timer releases one waiter per expiry, a manual one all. */
static int timer_acquire(struct w32_object *obj, struct w32_thread *thread)
{
    struct timer *t = (struct timer *)obj;

    return w32_flag_acquire(t->signaled, t->manual);
}

static void timer_unacquire(struct w32_object *obj, struct w32_thread *thread, int acquired)
{
    struct timer *t = (struct timer *)obj;

    w32_flag_unacquire(t->signaled, t->manual);
}

/* Drops the routine and its thread; the caller frees the thread reference after unlocking. */
static struct w32_thread *clear_routine_locked(struct timer *t)
{
    struct w32_thread *thread = t->apc_thread;

    t->routine = NULL;
    t->apc_thread = NULL;
    return thread;
}

/* After the timers lock is released: the thread's queued APCs of t go, then the reference. */
static void release_routine_thread(struct timer *t, struct w32_thread *thread)
{
    if (!thread)
        return;
    w32_apc_cancel(thread, t);
    w32_object_unref(&thread->obj);
}

/* A named timer this process lets go: it stays armed for the other holders. */
static void unlink_shared_locked(struct timer *t)
{
    if (t->shared_prev)
        t->shared_prev->shared_next = t->shared_next;
    else
        shared_timers = t->shared_next;
    if (t->shared_next)
        t->shared_next->shared_prev = t->shared_prev;
    shared_count--;
    timers_changed_locked();    /* before its block can be unmapped: see sleep_until_changed */
}

static bool timer_destroy(struct w32_object *obj)
{
    struct timer *t = (struct timer *)obj;
    struct w32_thread *thread;

    pthread_mutex_lock(&timers_lock);
    disarm_locked(t);
    thread = clear_routine_locked(t);
    if (t->block)
        unlink_shared_locked(t);
    pthread_mutex_unlock(&timers_lock);
    release_routine_thread(t, thread);
    return true;
}

static void timer_shared_init(void *block, struct w32_object *obj)
{
    struct timer_block *b = block;
    pthread_mutexattr_t attr;

    atomic_init(&b->signaled, 0);
    b->manual = ((struct timer *)obj)->manual;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&b->lock, &attr);
    pthread_mutexattr_destroy(&attr);
}

/*
 * An existing named timer keeps its own kind. The process's timer thread
 * follows the block's arming from now on, and fires it when it is due.
 */
static void timer_shared_bind(struct w32_object *obj, void *block, bool created)
{
    struct timer *t = (struct timer *)obj;
    struct timer_block *b = block;

    t->block = b;
    t->manual = b->manual;
    t->signaled = &b->signaled;
    pthread_mutex_lock(&timers_lock);
    /* Without its thread this process fires no timer until a later Set or
     * open starts it, which then follows this one too; the other holders
     * fire it meanwhile. */
    timer_thread_running_locked();
    t->shared_prev = NULL;
    t->shared_next = shared_timers;
    if (shared_timers)
        shared_timers->shared_prev = t;
    shared_timers = t;
    shared_count++;
    lock_block(b);
    follow_block_locked(t);
    unlock_block(b);
    timers_changed_locked();
    pthread_mutex_unlock(&timers_lock);
}

static struct timer *new_timer(bool manual)
{
    struct timer *t = calloc(1, sizeof(*t));

    if (!t) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&t->obj, &timer_type);
    t->manual = manual;
    atomic_init(&t->own_signaled, 0);
    t->signaled = &t->own_signaled;
    t->heap_index = NOT_ARMED;
    return t;
}

static struct w32_object *timer_shared_new(void)
{
    struct timer *t = new_timer(false);

    return t ? &t->obj : NULL;
}

static const struct w32_object_type timer_type = {
    .name = "Timer",
    .access = {
        .read = STANDARD_RIGHTS_READ | TIMER_QUERY_STATE,
        .write = STANDARD_RIGHTS_WRITE | TIMER_MODIFY_STATE,
        .execute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
        .all = TIMER_ALL_ACCESS,
    },
    .signaled = timer_signaled,
    .acquire = timer_acquire,
    .unacquire = timer_unacquire,
    .shared_kind = W32_SHARED_TIMER,
    .shared_size = sizeof(struct timer_block),
    .shared_init = timer_shared_init,
    .shared_bind = timer_shared_bind,
    .shared_new = timer_shared_new,
    .destroy = timer_destroy,
};

const struct w32_object_type *const w32_shared_timer_type = &timer_type;

/* ---- the API ---- */

HANDLE WINAPI CreateWaitableTimerExA(LPSECURITY_ATTRIBUTES lpTimerAttributes, LPCSTR lpTimerName,
                                     DWORD dwFlags, DWORD dwDesiredAccess)
{
    struct timer *t;

    if (dwFlags & ~VALID_TIMER_FLAGS) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    t = new_timer(dwFlags & CREATE_WAITABLE_TIMER_MANUAL_RESET);
    if (!t)
        return NULL;
    return w32_named_create(&t->obj, lpTimerName, lpTimerAttributes, dwDesiredAccess);
}

HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES lpTimerAttributes, BOOL bManualReset,
                                   LPCSTR lpTimerName)
{
    return CreateWaitableTimerExA(lpTimerAttributes, lpTimerName,
                                  bManualReset ? CREATE_WAITABLE_TIMER_MANUAL_RESET : 0,
                                  TIMER_ALL_ACCESS);
}

HANDLE WINAPI OpenWaitableTimerA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpTimerName)
{
    return w32_named_open(&timer_type, lpTimerName, dwDesiredAccess, bInheritHandle);
}

HANDLE WINAPI CreateWaitableTimerExW(LPSECURITY_ATTRIBUTES lpTimerAttributes,
                                     LPCWSTR lpTimerName, DWORD dwFlags, DWORD dwDesiredAccess)
{
    W32_WITH_UTF8_NAME(name, lpTimerName,
                       CreateWaitableTimerExA(lpTimerAttributes, name, dwFlags, dwDesiredAccess));
}

HANDLE WINAPI CreateWaitableTimerW(LPSECURITY_ATTRIBUTES lpTimerAttributes, BOOL bManualReset,
                                   LPCWSTR lpTimerName)
{
    W32_WITH_UTF8_NAME(name, lpTimerName,
                       CreateWaitableTimerA(lpTimerAttributes, bManualReset, name));
}

HANDLE WINAPI OpenWaitableTimerW(DWORD dwDesiredAccess, BOOL bInheritHandle,
                                 LPCWSTR lpTimerName)
{
    W32_WITH_UTF8_NAME(name, lpTimerName,
                       OpenWaitableTimerA(dwDesiredAccess, bInheritHandle, name));
}

/*
 * Makes t's new arming (or its cancellation) the named timer's, for every
 * process that holds it; they follow it when they see gen move. Timers lock held.
 */
static void publish_arming_locked(struct timer *t, bool armed)
{
    struct timer_block *b = t->block;

    lock_block(b);
    b->armed = armed;
    b->realtime = t->realtime;
    b->due_ns = t->due_ns;
    b->period_ns = t->period_ns;
    if (armed)
        atomic_store_explicit(&b->signaled, 0, memory_order_relaxed);
    t->gen = atomic_fetch_add_explicit(&b->gen, 1, memory_order_release) + 1;
    unlock_block(b);
}

/*
 * Negative: relative, in 100 ns units, on CLOCK_MONOTONIC; else an absolute
 * FILETIME. One past the clock's range never comes (UINT64_MAX).
 */
static void set_due(struct timer *t, LONGLONG due)
{
    t->realtime = due >= 0;
    if (t->realtime)
        t->due_ns = due > W32_FILETIME_UNIX_EPOCH ?
                    w32_ns_after_100ns(0, (uint64_t)(due - W32_FILETIME_UNIX_EPOCH)) : 0;
    else
        t->due_ns = w32_ns_after_100ns(w32_clock_ns(CLOCK_MONOTONIC), -(uint64_t)due);
}

BOOL WINAPI SetWaitableTimerEx(HANDLE hTimer, const LARGE_INTEGER *lpDueTime, LONG lPeriod,
                               PTIMERAPCROUTINE pfnCompletionRoutine,
                               LPVOID lpArgToCompletionRoutine, PREASON_CONTEXT WakeContext,
                               ULONG TolerableDelay)
{
    struct timer *t;
    struct w32_thread *old_thread, *apc_thread = NULL;
    bool armed;

    if (!lpDueTime) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (lPeriod < 0) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    t = (struct timer *)w32_handle_get(hTimer, &timer_type, TIMER_MODIFY_STATE);
    if (!t)
        return FALSE;
    if (pfnCompletionRoutine && !(apc_thread = (struct w32_thread *)w32_thread_self_ref())) {
        w32_object_unref(&t->obj);
        return FALSE;
    }
    pthread_mutex_lock(&timers_lock);
    armed = timer_thread_running_locked() && heaps_reserve();
    if (armed) {
        disarm_locked(t);
        old_thread = clear_routine_locked(t);
        t->routine = pfnCompletionRoutine;
        t->routine_arg = lpArgToCompletionRoutine;
        t->apc_thread = apc_thread;
        t->period_ns = (uint64_t)lPeriod * 1000000ULL;
        set_due(t, lpDueTime->QuadPart);
        atomic_store_explicit(t->signaled, 0, memory_order_relaxed);  /* re-arming resets it */
        if (t->block)
            publish_arming_locked(t, true);
        t->routine_gen = t->gen;
        heap_push(heap_of(t), t);
        if (t->heap_index == 0)
            timers_changed_locked();
    }
    pthread_mutex_unlock(&timers_lock);

    if (!armed) {
        if (apc_thread)
            w32_object_unref(&apc_thread->obj);
        w32_object_unref(&t->obj);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    if (t->block)
        w32_futex_wake_shared(&t->block->gen);
    release_routine_thread(t, old_thread);
    w32_object_unref(&t->obj);
    return TRUE;
}

/* There is no power management to wake the machine: fResume is ignored, as
 * Windows does on hardware without wake support, saying so in the last error. */
BOOL WINAPI SetWaitableTimer(HANDLE hTimer, const LARGE_INTEGER *lpDueTime, LONG lPeriod,
                             PTIMERAPCROUTINE pfnCompletionRoutine,
                             LPVOID lpArgToCompletionRoutine, BOOL fResume)
{
    if (!SetWaitableTimerEx(hTimer, lpDueTime, lPeriod, pfnCompletionRoutine,
                            lpArgToCompletionRoutine, NULL, 0))
        return FALSE;
    if (fResume)
        w32_set_error(ERROR_TIMER_RESUME_IGNORED);
    return TRUE;
}

/* Stops the timer and drops its queued completion routines; the state stays. */
BOOL WINAPI CancelWaitableTimer(HANDLE hTimer)
{
    struct timer *t = (struct timer *)w32_handle_get(hTimer, &timer_type, TIMER_MODIFY_STATE);
    struct w32_thread *thread;

    if (!t)
        return FALSE;
    pthread_mutex_lock(&timers_lock);
    disarm_locked(t);
    thread = clear_routine_locked(t);
    if (t->block)
        publish_arming_locked(t, false);
    pthread_mutex_unlock(&timers_lock);
    if (t->block)
        w32_futex_wake_shared(&t->block->gen);
    release_routine_thread(t, thread);
    w32_object_unref(&t->obj);
    return TRUE;
}

/*
 * fork (fork.h): the timer thread is the parent's. The child's timers (its
 * copies of the unnamed ones, its own handles to the named ones) stay armed,
 * and a new timer thread serves them: at once if one is armed or named, else
 * when a timer is first set.
 */
void w32_timer_fork(enum w32_fork_phase phase)
{
    if (phase == W32_FORK_CHILD)
        thread_running = false;
    w32_fork_mutex(&timers_lock, phase);
    if (phase == W32_FORK_RESUME) {
        pthread_mutex_lock(&timers_lock);
        if (heaps[0].count || heaps[1].count || shared_count)
            timer_thread_running_locked();
        pthread_mutex_unlock(&timers_lock);
    }
}
