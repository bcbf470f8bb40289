/*
 * synchapi.h: waitable timers. One library thread serves every armed timer
 * from two deadline heaps (relative due times on CLOCK_MONOTONIC, absolute
 * ones on CLOCK_REALTIME): no POSIX timer and no thread per timer object.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include "apc.h"
#include "clock.h"
#include "error.h"
#include "handle.h"
#include "namespace.h"
#include "wait.h"

#define VALID_TIMER_FLAGS (CREATE_WAITABLE_TIMER_MANUAL_RESET | \
                           CREATE_WAITABLE_TIMER_HIGH_RESOLUTION)
#define NOT_ARMED SIZE_MAX
/* A clock jump moves CLOCK_REALTIME deadlines: re-read it at least this often. */
#define REALTIME_RECHECK_NS 1000000000ULL

struct timer {
    struct w32_object obj;
    bool manual;
    atomic_uint signaled;               /* the signalled state; atomics only */
    /* The rest: timers lock. */
    size_t heap_index;                  /* in its clock's heap, or NOT_ARMED */
    bool realtime;                      /* which heap: the due time was absolute */
    uint64_t due_ns;                    /* on that clock */
    uint64_t period_ns;
    PTIMERAPCROUTINE routine;
    LPVOID routine_arg;
    struct w32_thread *apc_thread;      /* referenced while routine is set */
};

struct heap {
    struct timer **items;
    size_t count, cap;
};

/* Guards both heaps and every timer's arming state; taken before object and APC locks. */
static pthread_mutex_t timers_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timers_changed;   /* the earliest deadline moved; CLOCK_MONOTONIC */
static struct heap heaps[2];            /* [0] CLOCK_MONOTONIC, [1] CLOCK_REALTIME */
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;
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

static bool heap_push(struct heap *h, struct timer *t)
{
    if (h->count == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16;
        struct timer **grown = realloc(h->items, cap * sizeof(*grown));
        if (!grown)
            return false;
        h->items = grown;
        h->cap = cap;
    }
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
 * Signals t, now (on its clock) being at or past its due time. A periodic
 * timer's next due time is the first of its schedule (due + k periods) after
 * now: one that is late, or was set far in the past, fires once and keeps
 * its phase; it does not replay every period it missed.
 */
static void fire_locked(struct timer *t, uint64_t now)
{
    disarm_locked(t);
    if (!atomic_exchange_explicit(&t->signaled, 1, memory_order_seq_cst))
        w32_dispatch_changed(&t->obj);
    if (t->routine)
        queue_routine_locked(t);
    if (t->period_ns) {
        t->due_ns += t->period_ns;
        if (t->due_ns <= now)
            t->due_ns += ((now - t->due_ns) / t->period_ns + 1) * t->period_ns;
        heap_push(heap_of(t), t);
    }
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

static void *timer_thread(void *arg)
{
    pthread_mutex_lock(&timers_lock);
    for (;;) {
        uint64_t next = fire_due_locked();
        if (next == UINT64_MAX) {
            pthread_cond_wait(&timers_changed, &timers_lock);
        } else {
            struct timespec ts = { (time_t)(next / 1000000000ULL),
                                   (long)(next % 1000000000ULL) };
            pthread_cond_timedwait(&timers_changed, &timers_lock, &ts);
        }
    }
    return NULL;
}

static void start_timer_thread(void)
{
    pthread_condattr_t attr;
    pthread_attr_t thread_attr;
    pthread_t tid;

    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&timers_changed, &attr);
    pthread_condattr_destroy(&attr);
    pthread_attr_init(&thread_attr);
    pthread_attr_setdetachstate(&thread_attr, PTHREAD_CREATE_DETACHED);
    thread_running = pthread_create(&tid, &thread_attr, timer_thread, NULL) == 0;
    pthread_attr_destroy(&thread_attr);
}

/* ---- the object type ---- */

static bool timer_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return atomic_load_explicit(&((struct timer *)obj)->signaled, memory_order_relaxed);
}

/* A synchronization timer releases one waiter per expiry, a manual one all. */
static int timer_acquire(struct w32_object *obj, struct w32_thread *thread)
{
    struct timer *t = (struct timer *)obj;

    return w32_flag_acquire(&t->signaled, t->manual);
}

static void timer_unacquire(struct w32_object *obj, struct w32_thread *thread, int acquired)
{
    struct timer *t = (struct timer *)obj;

    w32_flag_unacquire(&t->signaled, t->manual);
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

static bool timer_destroy(struct w32_object *obj)
{
    struct timer *t = (struct timer *)obj;
    struct w32_thread *thread;

    pthread_mutex_lock(&timers_lock);
    disarm_locked(t);
    thread = clear_routine_locked(t);
    pthread_mutex_unlock(&timers_lock);
    release_routine_thread(t, thread);
    return true;
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
    .destroy = timer_destroy,
};

/* ---- the API ---- */

HANDLE WINAPI CreateWaitableTimerExA(LPSECURITY_ATTRIBUTES lpTimerAttributes, LPCSTR lpTimerName,
                                     DWORD dwFlags, DWORD dwDesiredAccess)
{
    struct timer *t;

    if (dwFlags & ~VALID_TIMER_FLAGS) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    t = calloc(1, sizeof(*t));
    if (!t) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&t->obj, &timer_type);
    t->manual = dwFlags & CREATE_WAITABLE_TIMER_MANUAL_RESET;
    t->heap_index = NOT_ARMED;
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

/* Negative: relative, in 100 ns units, on CLOCK_MONOTONIC; else an absolute FILETIME. */
static void set_due(struct timer *t, LONGLONG due)
{
    t->realtime = due >= 0;
    if (t->realtime) {
        LONGLONG since_epoch = due - W32_FILETIME_UNIX_EPOCH;
        t->due_ns = since_epoch > 0 ? (uint64_t)since_epoch * 100 : 0;
    } else {
        t->due_ns = w32_clock_ns(CLOCK_MONOTONIC) + (uint64_t)(-due) * 100;
    }
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
    pthread_once(&thread_once, start_timer_thread);

    pthread_mutex_lock(&timers_lock);
    disarm_locked(t);
    old_thread = clear_routine_locked(t);
    t->routine = pfnCompletionRoutine;
    t->routine_arg = lpArgToCompletionRoutine;
    t->apc_thread = apc_thread;
    t->period_ns = (uint64_t)lPeriod * 1000000ULL;
    set_due(t, lpDueTime->QuadPart);
    atomic_store_explicit(&t->signaled, 0, memory_order_relaxed);  /* re-arming resets it */
    armed = thread_running && heap_push(heap_of(t), t);
    if (armed && t->heap_index == 0)
        pthread_cond_signal(&timers_changed);
    pthread_mutex_unlock(&timers_lock);

    release_routine_thread(t, old_thread);
    w32_object_unref(&t->obj);
    if (!armed) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
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
    pthread_mutex_unlock(&timers_lock);
    release_routine_thread(t, thread);
    w32_object_unref(&t->obj);
    return TRUE;
}
