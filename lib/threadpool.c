/*
 * threadpoolapiset.h, threadpoollegacyapiset.h: the default thread pool.
 *
 * Every callback object (work, wait, timer, registered wait, queue timer, and
 * the one-shot objects behind TrySubmitThreadpoolCallback and
 * QueueUserWorkItem) is a struct tp_object. Three kinds of threads serve them:
 *  - workers run queued callbacks from one FIFO of objects, each object
 *    queued once with a count of pending callbacks. There are as many as the
 *    CPUs, started on demand; more (up to POOL_MAX_THREADS) when a callback
 *    says it runs long, or when queued work has made no progress for
 *    STALL_CHECK_MS because every worker is busy;
 *  - one wait thread. An armed wait is not a thread blocked in a wait: it
 *    is an asynchronous wait queued on its object in the dispatcher, like a
 *    thread's wait block. The state change that satisfies it (in whichever
 *    thread makes it) puts the object on the fired list and wakes the wait
 *    thread, which queues the callback, or runs it for
 *    WT_EXECUTEINWAITTHREAD. 10,000 armed waits cost no thread at all;
 *  - one timer thread sleeps until the earliest deadline of a heap holding
 *    every armed timer and wait timeout, and also watches the workers for
 *    stalls.
 * Threads are pthreads with every signal blocked; they never exit while the
 * process runs, except workers beyond the CPU count.
 *
 * One lock, tp_lock, guards all of it but the fired list. It is taken before
 * object locks, never after: a state change calls fired_wait() with the
 * object's lock held, so that touches only the fired list, under its own
 * leaf lock. Nothing else in the library is called with tp_lock held but the
 * dispatcher's arming and cancelling of waits. What must happen after it is
 * dropped (set a completion event, drop an object reference) is collected in
 * a struct after_unlock.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "error.h"
#include "spawn_hidden.h"
#include "handle.h"
#include "futex.h"
#include "lock.h"
#include "thread.h"
#include "threadpool.h"
#include "wait.h"
#include "fork.h"

#define HASH_NONFATAL_OOM 1
#define uthash_nonfatal_oom(elt) (registry_oom = 1)
#include <uthash.h>

#define POOL_MAX_THREADS 512            /* Windows' default pool maximum */
#define STALL_CHECK_MS 10               /* a stalled queue gains a worker this often */
#define IDLE_EXIT_MS 10000              /* workers beyond the CPU count end after this */
#define FIRED_BATCH 32                  /* fired waits handled per lock hold */
#define NEVER UINT64_MAX

enum tp_kind {
    KIND_SIMPLE,        /* TrySubmitThreadpoolCallback */
    KIND_USER_WORK,     /* QueueUserWorkItem */
    KIND_WORK,          /* PTP_WORK */
    KIND_WAIT,          /* PTP_WAIT */
    KIND_TIMER,         /* PTP_TIMER */
    KIND_REG_WAIT,      /* RegisterWaitForSingleObject */
    KIND_QUEUE_TIMER,   /* CreateTimerQueueTimer */
    KIND_QUEUE,         /* CreateTimerQueue */
    KIND_IO_MEMBER,     /* a PTP_IO's place in its cleanup group (tpio.c) */
};

/* Which result a pending callback reports. */
enum { PEND_SIGNALED, PEND_TIMEOUT, PEND_ABANDONED, PEND_KINDS };

struct tp_object {
    enum tp_kind kind;
    void *key;                          /* itself: the registry's key (legacy handles) */
    UT_hash_handle hh;                  /* in registry while the handle is valid */
    union {
        PTP_SIMPLE_CALLBACK simple;
        LPTHREAD_START_ROUTINE user_work;
        PTP_IO io;
        PTP_WORK_CALLBACK work;
        PTP_WAIT_CALLBACK wait;
        PTP_TIMER_CALLBACK timer;
        WAITORTIMERCALLBACK legacy;
    } cb;
    PVOID context;
    PTP_SIMPLE_CALLBACK finalization;
    ULONG flags;                        /* WT_* of the legacy kinds */
    bool long_function;
    struct _TP_POOL *pool;              /* whose workers run its callbacks */
    PTP_CLEANUP_GROUP_CANCEL_CALLBACK group_cancel;

    /* Cleanup groups (tp_lock). */
    struct _TP_CLEANUP_GROUP *group;    /* NULL once released from it */
    struct tp_object *gprev, *gnext;    /* in group's members */
    bool released;                      /* the program closed it (Close*) */
    bool notify_cancel;                 /* its group's cancel callback is due */
    bool notify_close;                  /* the group's release closes it */

    /* Everything below: tp_lock. */
    struct tp_object *prev, *next;      /* in the work queue while queued */
    bool queued;
    unsigned pending[PEND_KINDS];       /* queued callbacks, by result */
    unsigned running;                   /* callbacks running now */
    unsigned detached;                  /* of those, disassociated ones */
    unsigned holds;                     /* threads waiting on it: keeps it allocated */
    bool closed;                        /* the program let go of it: freed once idle */
    HANDLE completion_event;            /* set once a closed object is idle */

    /* Waits. */
    struct w32_object *target;          /* referenced while set */
    bool armed;                         /* waiting: queued in the dispatcher or fired */
    uint64_t deadline;                  /* CLOCK_MONOTONIC ns, or NEVER */
    DWORD timeout_ms;                   /* a registered wait's, to re-arm it */
    /* Dispatcher lock. */
    struct w32_async_wait async;        /* queued on target while armed */
    bool fired;                         /* on the fired list */
    struct tp_object *fired_prev, *fired_next;

    /* Timers. */
    size_t heap_index;                  /* SIZE_MAX: not in the heap */
    uint64_t due;                       /* CLOCK_MONOTONIC ns */
    DWORD period_ms;
    bool set;                           /* IsThreadpoolTimerSet */
    bool expired;                       /* a one-shot queue timer has fired */
    struct tp_object *queue;            /* a queue timer's queue */
    struct tp_object *qprev, *qnext;    /* in queue->timers */

    /* Queues. */
    struct tp_object *timers;
    unsigned ntimers;
};

/*
 * A pool: its workers and their FIFO of objects. The default pool is one of
 * these; private pools (CreateThreadpool) are others, which go once closed
 * with no object left and no worker.
 */
struct _TP_POOL {
    pthread_cond_t work_cond;           /* workers wait for work */
    unsigned threads, idle, starting;   /* workers */
    unsigned min, max;                  /* SetThreadpoolThreadMinimum/Maximum */
    struct tp_object *head, *tail;      /* the work queue */
    unsigned long npending;             /* callbacks queued, all objects */
    unsigned long progress;             /* callbacks started, ever */
    unsigned long progress_seen;        /* at the last stall check */
    uint64_t next_stall_check;          /* NEVER unless watching */
    unsigned long nobjects;             /* objects on it not yet freed */
    bool closed;                        /* CloseThreadpool */
    TP_POOL_STACK_INFORMATION stack;    /* SetThreadpoolStackInformation */
    size_t stack_size;                  /* its workers' stacks; 0: the C library's */
    struct _TP_POOL *prev_pool, *next_pool; /* in the list of pools */
};

/* A cleanup group: the objects made with it that are not yet freed. */
struct _TP_CLEANUP_GROUP {
    struct tp_object *members;
};

struct _TP_CALLBACK_INSTANCE {
    struct tp_object *obj;              /* NULL once disassociated */
    struct tp_object *detached_obj;     /* obj, once disassociated */
    struct _TP_POOL *pool;              /* whose worker runs it */
    bool in_wait_thread;                /* WT_EXECUTEINWAITTHREAD */
    HANDLE set_event, release_semaphore, release_mutex;
    DWORD semaphore_count;
    PCRITICAL_SECTION leave_cs;
    HMODULE free_library;
};

/* What a thread does once it has dropped tp_lock. */
struct after_unlock {
    HANDLE events[4];
    unsigned nevents;
    struct w32_object *unref[FIRED_BATCH + 2];
    unsigned nunref;
};

/* Guards every tp_object, the work queue, the timer heap, the registry. */
static pthread_mutex_t tp_lock = PTHREAD_MUTEX_INITIALIZER;

static struct {
    pthread_once_t once;
    pthread_cond_t done_cond;           /* a callback ended or was cancelled */
    pthread_cond_t timer_cond;          /* the timer thread waits for its deadline */
    unsigned ncpu;
    struct _TP_POOL default_pool;       /* also the head of the list of pools */
    unsigned done_waiters;              /* threads waiting on done_cond */
    bool timer_thread;
    struct w32_thread *wait_thread;     /* satisfies every wait (owns a waited mutex) */
    pthread_cond_t wait_thread_cond;    /* it has started */
    bool wait_thread_ready;
    struct tp_object **heap;            /* armed timers and wait timeouts, earliest first */
    size_t heap_len, heap_cap;
    size_t ntimer_objects;              /* heap_cap never falls below this */
    struct tp_object default_queue;
} pool = { .once = PTHREAD_ONCE_INIT };

/* Guards the fired list (and each object's fired flag and links); leaf. */
static w32_lock_t fired_lock = W32_LOCK_INIT;
/* Waits satisfied and not yet handled by the wait thread. */
static struct tp_object *fired_head, *fired_tail;
static atomic_uint fired_seq;           /* the wait thread's futex word */

static struct tp_object *registry;      /* live legacy handles */
static int registry_oom;

static __thread struct _TP_CALLBACK_INSTANCE *current_instance;

static void *worker_main(void *arg);
static void *timer_main(void *arg);
static void *wait_main(void *arg);
static void timer_arm(struct tp_object *t, uint64_t due, DWORD period_ms);
static void heap_remove(struct tp_object *t);

static uint64_t now_ns(void)
{
    return w32_clock_ns(CLOCK_MONOTONIC);
}

static uint64_t after_ms(uint64_t from, DWORD ms)
{
    return from + (uint64_t)ms * 1000000u;
}

/* ---- setup ---- */

static void init_cond(pthread_cond_t *cond)
{
    pthread_condattr_t attr;

    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(cond, &attr);
    pthread_condattr_destroy(&attr);
}

static void pool_init(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    pool.ncpu = n < 1 ? 1 : n > POOL_MAX_THREADS ? POOL_MAX_THREADS : (unsigned)n;
    init_cond(&pool.default_pool.work_cond);
    pool.default_pool.max = POOL_MAX_THREADS;
    pool.default_pool.next_stall_check = NEVER;
    init_cond(&pool.done_cond);
    init_cond(&pool.timer_cond);
    init_cond(&pool.wait_thread_cond);
    pool.default_queue.kind = KIND_QUEUE;
}

/* Locks the pool, setting it up on first use; the timer and wait threads
 * are started here (not in the once routine) so that a failure is retried. */
static void pool_lock(void)
{
    pthread_once(&pool.once, pool_init);
    pthread_mutex_lock(&tp_lock);
    if (!pool.timer_thread)
        pool.timer_thread = w32_spawn_hidden(timer_main, NULL);
    if (!pool.wait_thread_ready && w32_spawn_hidden(wait_main, NULL))
        while (!pool.wait_thread_ready)
            pthread_cond_wait(&pool.wait_thread_cond, &tp_lock);
}

static void run_after(struct after_unlock *a)
{
    for (unsigned i = 0; i < a->nevents; i++)
        SetEvent(a->events[i]);
    for (unsigned i = 0; i < a->nunref; i++)
        w32_object_unref(a->unref[i]);
    a->nevents = a->nunref = 0;
}

static void pool_unlock(struct after_unlock *a)
{
    pthread_mutex_unlock(&tp_lock);
    if (a)
        run_after(a);
}

static void defer_event(struct after_unlock *a, HANDLE event)
{
    if (event && event != INVALID_HANDLE_VALUE && a->nevents < 4)
        a->events[a->nevents++] = event;
}

/* ---- objects ---- */

static bool check_environ(PTP_CALLBACK_ENVIRON pcbe)
{
    if (pcbe && pcbe->Version != 1 && pcbe->Version != 3) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return false;
    }
    return true;
}

/* The pool an environment names: a private one, or the default. */
static struct _TP_POOL *environ_pool(PTP_CALLBACK_ENVIRON pcbe)
{
    return pcbe && pcbe->Pool ? pcbe->Pool : &pool.default_pool;
}

static void group_link(struct _TP_CLEANUP_GROUP *g, struct tp_object *obj)
{
    obj->group = g;
    obj->gprev = NULL;
    obj->gnext = g->members;
    if (g->members)
        g->members->gprev = obj;
    g->members = obj;
}

static void group_unlink(struct tp_object *obj)
{
    if (!obj->group)
        return;
    if (obj->gprev)
        obj->gprev->gnext = obj->gnext;
    else
        obj->group->members = obj->gnext;
    if (obj->gnext)
        obj->gnext->gprev = obj->gprev;
    obj->group = NULL;
}

static bool pool_dead(const struct _TP_POOL *p)
{
    return p != &pool.default_pool && p->closed && !p->nobjects;
}

/* Frees private pool p once it is closed, has no object and no worker. */
static void pool_maybe_free(struct _TP_POOL *p)
{
    if (!pool_dead(p) || p->threads)
        return;
    p->prev_pool->next_pool = p->next_pool;
    if (p->next_pool)
        p->next_pool->prev_pool = p->prev_pool;
    pthread_cond_destroy(&p->work_cond);
    free(p);
}

/* A pool that may have just died: its idle workers are to end. */
static void pool_check_dead(struct _TP_POOL *p)
{
    if (!pool_dead(p))
        return;
    pthread_cond_broadcast(&p->work_cond);
    pool_maybe_free(p);
}

/*
 * obj, just made, joins its pool and cleanup group (tp_lock held). From here
 * free_object undoes it.
 */
static void object_attach(struct tp_object *obj, PTP_CALLBACK_ENVIRON pcbe)
{
    obj->pool = environ_pool(pcbe);
    obj->pool->nobjects++;
    if (pcbe && pcbe->CleanupGroup) {
        obj->group_cancel = pcbe->CleanupGroupCancelCallback;
        group_link(pcbe->CleanupGroup, obj);
    }
}

static struct tp_object *object_new(enum tp_kind kind, void *callback, PVOID context,
                                    PTP_CALLBACK_ENVIRON pcbe)
{
    struct tp_object *obj;

    if (!callback) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!check_environ(pcbe))
        return NULL;
    obj = calloc(1, sizeof(*obj));
    if (!obj) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    obj->kind = kind;
    obj->key = obj;
    obj->context = context;
    obj->heap_index = SIZE_MAX;
    obj->deadline = NEVER;
    if (pcbe) {
        obj->finalization = pcbe->FinalizationCallback;
        obj->long_function = pcbe->u.s.LongFunction;
    }
    switch (kind) {
    case KIND_SIMPLE: obj->cb.simple = (PTP_SIMPLE_CALLBACK)callback; break;
    case KIND_USER_WORK: obj->cb.user_work = (LPTHREAD_START_ROUTINE)callback; break;
    case KIND_WORK: obj->cb.work = (PTP_WORK_CALLBACK)callback; break;
    case KIND_WAIT: obj->cb.wait = (PTP_WAIT_CALLBACK)callback; break;
    case KIND_TIMER: obj->cb.timer = (PTP_TIMER_CALLBACK)callback; break;
    default: obj->cb.legacy = (WAITORTIMERCALLBACK)callback; break;
    }
    pool_lock();
    object_attach(obj, pcbe);
    pool_unlock(NULL);
    return obj;
}

static unsigned pending_total(const struct tp_object *obj)
{
    return obj->pending[PEND_SIGNALED] + obj->pending[PEND_TIMEOUT] +
           obj->pending[PEND_ABANDONED];
}

/* Callbacks of obj still to finish, not counting the caller's own. */
static unsigned outstanding(const struct tp_object *obj)
{
    unsigned n = obj->running + pending_total(obj);
    const struct _TP_CALLBACK_INSTANCE *self = current_instance;

    return self && self->obj == obj ? n - 1 : n;
}

static void wait_until_idle(struct tp_object *obj)
{
    obj->holds++;
    pool.done_waiters++;
    while (outstanding(obj))
        pthread_cond_wait(&pool.done_cond, &tp_lock);
    pool.done_waiters--;
    obj->holds--;
}

static void free_object(struct tp_object *obj, struct after_unlock *a);

/* Frees obj if the program closed it and nothing uses it any more. */
static void maybe_free(struct tp_object *obj, struct after_unlock *a)
{
    if (obj->closed && !obj->running && !obj->detached && !pending_total(obj) && !obj->holds)
        free_object(obj, a);
}

/* Makes obj's handle valid; false (out of memory) if it could not. */
static bool registry_add(struct tp_object *obj)
{
    struct tp_object *found = NULL;

    registry_oom = 0;
    HASH_ADD(hh, registry, key, sizeof(void *), obj);
    if (!registry_oom)
        return true;
    HASH_FIND(hh, registry, &obj->key, sizeof(void *), found);
    if (found)
        HASH_DELETE(hh, registry, obj);
    return false;
}

/* The live legacy object of kind behind h, or NULL. */
static struct tp_object *registry_find(HANDLE h, enum tp_kind kind)
{
    struct tp_object *obj = NULL;
    void *key = h;

    HASH_FIND(hh, registry, &key, sizeof(void *), obj);
    return obj && obj->kind == kind && !obj->closed ? obj : NULL;
}

/* obj leaves its cleanup group and its pool, which may go (tp_lock held). */
static void object_detach(struct tp_object *obj)
{
    group_unlink(obj);
    obj->pool->nobjects--;
    pool_check_dead(obj->pool);
}

/* ---- the work queue and the workers ---- */

static void queue_append(struct tp_object *obj)
{
    struct _TP_POOL *p = obj->pool;

    obj->next = NULL;
    obj->prev = p->tail;
    if (p->tail)
        p->tail->next = obj;
    else
        p->head = obj;
    p->tail = obj;
}

static void queue_remove(struct tp_object *obj)
{
    struct _TP_POOL *p = obj->pool;

    if (obj->prev)
        obj->prev->next = obj->next;
    else
        p->head = obj->next;
    if (obj->next)
        obj->next->prev = obj->prev;
    else
        p->tail = obj->prev;
}

/* Starts a worker for p unless it has its maximum; false if none started. */
static bool spawn_worker(struct _TP_POOL *p)
{
    if (p->threads >= p->max || !w32_spawn_hidden_stack(worker_main, p, p->stack_size))
        return false;
    p->threads++;
    p->starting++;
    return true;
}

/* How many workers p starts as soon as it has work for them: the CPU count,
 * or its minimum if more, within its maximum. */
static unsigned eager_threads(const struct _TP_POOL *p)
{
    unsigned n = p->min > pool.ncpu ? p->min : pool.ncpu;

    return n < p->max ? n : p->max;
}

/* How many idle workers p keeps. */
static unsigned kept_threads(const struct _TP_POOL *p)
{
    return p == &pool.default_pool ? pool.ncpu : p->min;
}

/* Work is queued on p: wake an idle worker, start one, or have the timer
 * thread watch for a stall. */
static void wake_or_grow(struct _TP_POOL *p, bool runs_long)
{
    unsigned ready = p->idle + p->starting;

    if (p->idle)
        pthread_cond_signal(&p->work_cond);
    if (p->npending <= ready)
        return;
    if (p->threads < eager_threads(p) || runs_long)
        spawn_worker(p);
    else if (p->next_stall_check == NEVER && p->threads < p->max)
        pthread_cond_signal(&pool.timer_cond);
}

static void enqueue(struct tp_object *obj, int which)
{
    obj->pending[which]++;
    obj->pool->npending++;
    if (!obj->queued) {
        obj->queued = true;
        queue_append(obj);
    }
    wake_or_grow(obj->pool, obj->long_function);
}

static void cancel_pending(struct tp_object *obj)
{
    unsigned n = pending_total(obj);

    if (!n)
        return;
    obj->pool->npending -= n;
    for (int i = 0; i < PEND_KINDS; i++)
        obj->pending[i] = 0;
    queue_remove(obj);
    obj->queued = false;
    if (pool.done_waiters)
        pthread_cond_broadcast(&pool.done_cond);
}

/* The next callback to run: the queue's head, which goes to the back if it
 * has more. */
static struct tp_object *dequeue(struct _TP_POOL *p, int *which)
{
    struct tp_object *obj = p->head;
    int w = obj->pending[PEND_SIGNALED] ? PEND_SIGNALED :
            obj->pending[PEND_TIMEOUT] ? PEND_TIMEOUT : PEND_ABANDONED;

    obj->pending[w]--;
    p->npending--;
    queue_remove(obj);
    if (pending_total(obj))
        queue_append(obj);
    else
        obj->queued = false;
    obj->running++;
    p->progress++;
    *which = w;
    return obj;
}

static void rearm_registered_wait(struct tp_object *obj, struct after_unlock *a);

/* A callback of obj ended (or was disassociated from its thread). */
static void finish(struct tp_object *obj, struct after_unlock *a)
{
    obj->running--;
    if (obj->kind == KIND_REG_WAIT && !obj->closed)
        rearm_registered_wait(obj, a);
    if (pool.done_waiters)
        pthread_cond_broadcast(&pool.done_cond);
    maybe_free(obj, a);
}

/* A disassociated callback of obj ended: a cleanup group's release waits
 * for those too. */
static void detached_end(struct tp_object *obj, struct after_unlock *a)
{
    obj->detached--;
    if (pool.done_waiters)
        pthread_cond_broadcast(&pool.done_cond);
    maybe_free(obj, a);
}

/* Runs one callback of obj, tp_lock not held; returns with it held. */
static void invoke(struct tp_object *obj, int which, bool in_wait_thread)
{
    struct _TP_CALLBACK_INSTANCE inst = { .obj = obj, .pool = obj->pool,
                                          .in_wait_thread = in_wait_thread };
    struct _TP_CALLBACK_INSTANCE *outer = current_instance;
    /* Read before the callback, which may close obj (it stays allocated
     * until this callback ends, disassociated or not). */
    PTP_SIMPLE_CALLBACK finalization = obj->finalization;
    PVOID context = obj->context;
    static const DWORD wait_results[PEND_KINDS] = { WAIT_OBJECT_0, WAIT_TIMEOUT,
                                                    WAIT_ABANDONED_0 };

    current_instance = &inst;
    switch (obj->kind) {
    case KIND_SIMPLE: obj->cb.simple(&inst, obj->context); break;
    case KIND_USER_WORK: obj->cb.user_work(obj->context); break;
    case KIND_WORK: obj->cb.work(&inst, obj->context, (PTP_WORK)obj); break;
    case KIND_WAIT: obj->cb.wait(&inst, obj->context, (PTP_WAIT)obj, wait_results[which]); break;
    case KIND_TIMER: obj->cb.timer(&inst, obj->context, (PTP_TIMER)obj); break;
    case KIND_REG_WAIT: obj->cb.legacy(obj->context, which == PEND_TIMEOUT); break;
    case KIND_QUEUE_TIMER: obj->cb.legacy(obj->context, TRUE); break;
    case KIND_QUEUE: case KIND_IO_MEMBER: break;
    }
    if (finalization)
        finalization(&inst, context);
    current_instance = outer;
    /* The event last, as in Wine: a thread it wakes finds the rest done. */
    if (inst.leave_cs)
        LeaveCriticalSection(inst.leave_cs);
    if (inst.release_mutex)
        ReleaseMutex(inst.release_mutex);
    if (inst.release_semaphore)
        ReleaseSemaphore(inst.release_semaphore, (LONG)inst.semaphore_count, NULL);
    if (inst.set_event)
        SetEvent(inst.set_event);
    if (inst.free_library)
        FreeLibrary(inst.free_library);
    pthread_mutex_lock(&tp_lock);
    if (inst.obj || inst.detached_obj) {
        struct after_unlock a = { 0 };

        if (inst.obj)
            finish(obj, &a);
        else
            detached_end(obj, &a);
        /* Usually nothing is left to do unlocked: keep the lock. */
        if (a.nevents || a.nunref) {
            pool_unlock(&a);
            pthread_mutex_lock(&tp_lock);
        }
    }
}

/* An idle worker of p waits for work; false if it is to end instead. */
static bool worker_idle(struct _TP_POOL *p)
{
    for (;;) {
        struct timespec deadline;
        uint64_t at = after_ms(now_ns(), IDLE_EXIT_MS);
        bool spare = p->threads > kept_threads(p);
        int err;

        /* Beyond the maximum (lowered since it started: even with work
         * queued, it must not run more callbacks at once), or its pool gone. */
        if (p->threads > p->max || pool_dead(p))
            return false;
        if (p->head)
            return true;
        deadline.tv_sec = (time_t)(at / 1000000000u);
        deadline.tv_nsec = (long)(at % 1000000000u);
        p->idle++;
        if (spare)
            err = pthread_cond_timedwait(&p->work_cond, &tp_lock, &deadline);
        else
            err = pthread_cond_wait(&p->work_cond, &tp_lock);
        p->idle--;
        if (err && !p->head && p->threads > kept_threads(p))
            return false;
    }
}

static void *worker_main(void *arg)
{
    struct _TP_POOL *p = arg;

    pthread_mutex_lock(&tp_lock);
    p->starting--;
    while (worker_idle(p)) {
        struct tp_object *obj;
        int which;

        obj = dequeue(p, &which);
        pthread_mutex_unlock(&tp_lock);
        invoke(obj, which, false);
    }
    p->threads--;
    /* The last worker of a closed pool frees it. */
    pool_maybe_free(p);
    pthread_mutex_unlock(&tp_lock);
    return NULL;
}

/* ---- waits ---- */

static void fired_unlink(struct tp_object *obj)
{
    if (obj->fired_prev)
        obj->fired_prev->fired_next = obj->fired_next;
    else
        fired_head = obj->fired_next;
    if (obj->fired_next)
        obj->fired_next->fired_prev = obj->fired_prev;
    else
        fired_tail = obj->fired_prev;
    obj->fired = false;
}

/*
 * The dispatcher satisfied obj's wait: hand it to the wait thread. The
 * target's lock may be held, and tp_lock too, or not: touches only the fired
 * list.
 */
static void fired_wait(struct w32_waiter *w)
{
    struct tp_object *obj =
        (struct tp_object *)((char *)w - offsetof(struct tp_object, async.waiter));

    w32_lock(&fired_lock);
    obj->fired = true;
    obj->fired_next = NULL;
    obj->fired_prev = fired_tail;
    if (fired_tail)
        fired_tail->fired_next = obj;
    else
        fired_head = obj;
    fired_tail = obj;
    atomic_fetch_add_explicit(&fired_seq, 1, memory_order_release);
    w32_unlock(&fired_lock);
    w32_defer_wake(&fired_seq);
    w32_wake_deferred();
}

/* Which callback result a satisfied wait of obj reports. */
static int fired_result(const struct tp_object *obj)
{
    DWORD result = obj->async.waiter.result;

    return result == WAIT_ABANDONED_0 && obj->kind == KIND_WAIT ? PEND_ABANDONED
                                                                : PEND_SIGNALED;
}

/* Queues obj's wait on its target in the dispatcher, and its timeout. */
static void wait_start(struct tp_object *obj)
{
    if (w32_wait_async_start(&obj->async, obj->target, pool.wait_thread, fired_wait)) {
        fired_wait(&obj->async.waiter);
    } else if (obj->target->shared) {
        /* The wait thread watches shared objects itself: it has a new one. */
        atomic_fetch_add_explicit(&fired_seq, 1, memory_order_release);
        w32_futex_wake(&fired_seq, 1);
    }
    if (obj->deadline != NEVER)
        timer_arm(obj, obj->deadline, 0);
}

/*
 * Takes obj's wait out of the dispatcher and the heap; its target stays set.
 * A wait the dispatcher has already satisfied still gets its callback.
 * Returns true if the wait was still pending.
 */
static bool wait_disarm(struct tp_object *obj)
{
    bool pending;
    int which = -1;

    if (!obj->armed)
        return false;
    obj->armed = false;
    heap_remove(obj);
    pending = w32_wait_async_cancel(&obj->async);
    w32_lock(&fired_lock);
    if (!pending && obj->fired) {
        fired_unlink(obj);
        which = fired_result(obj);
    }
    w32_unlock(&fired_lock);
    if (which >= 0)
        enqueue(obj, which);
    return pending;
}

/* Unsets a wait: disarmed, its target's reference dropped. */
static bool wait_unset(struct tp_object *obj, struct after_unlock *a)
{
    bool pending = wait_disarm(obj);

    if (obj->target) {
        a->unref[a->nunref++] = obj->target;
        obj->target = NULL;
    }
    return pending;
}

/* Arms obj's wait on target (referenced, consumed) until deadline. Returns
 * whether the wait was pending before. */
static bool wait_arm(struct tp_object *obj, struct w32_object *target, uint64_t deadline,
                     struct after_unlock *a)
{
    bool pending = wait_unset(obj, a);

    obj->target = target;
    obj->deadline = deadline;
    obj->armed = true;
    wait_start(obj);
    return pending;
}

static void rearm_registered_wait(struct tp_object *obj, struct after_unlock *a)
{
    if (!obj->target || obj->armed || obj->running || pending_total(obj))
        return;
    obj->armed = true;
    obj->deadline = obj->timeout_ms == INFINITE ? NEVER : after_ms(now_ns(), obj->timeout_ms);
    wait_start(obj);
}

/*
 * obj's wait ended with which, out of the dispatcher and the heap. A one-shot
 * wait lets its target go; a repeating registered wait keeps it, disarmed
 * until its callback ends. Returns true if the callback is to run in the
 * calling pool thread (counted as running).
 */
static bool wait_fire(struct tp_object *obj, int which, struct after_unlock *a)
{
    bool repeat = obj->kind == KIND_REG_WAIT && !(obj->flags & WT_EXECUTEONLYONCE);

    obj->armed = false;
    heap_remove(obj);
    if (!repeat && obj->target) {
        a->unref[a->nunref++] = obj->target;
        obj->target = NULL;
    }
    if (obj->kind == KIND_REG_WAIT && (obj->flags & WT_EXECUTEINWAITTHREAD)) {
        obj->running++;
        obj->pool->progress++;
        return true;
    }
    enqueue(obj, which);
    return false;
}

/*
 * The wait thread sleeps until a wait fires (fired_seq moves) or one of the
 * shared objects its waits watch changes. Beyond what one futex_waitv can
 * watch, it looks again every ms.
 */
static void sleep_until_fired(unsigned seq)
{
    struct futex_waitv words[FUTEX_WAITV_MAX];
    struct timespec soon;
    unsigned n = w32_wait_async_poll(words + 1, FUTEX_WAITV_MAX - 1);

    if (n == 0) {
        w32_futex_wait(&fired_seq, seq, NULL);
        return;
    }
    words[0] = w32_futex_word(&fired_seq, seq, false);
    w32_deadline_after(1, &soon);
    w32_futex_waitv(words, n + 1, n == FUTEX_WAITV_MAX - 1 ? &soon : NULL);
}

/* The wait thread: turns satisfied waits into callbacks. */
static void *wait_main(void *arg)
{
    struct w32_thread *self = w32_thread_self();

    pthread_mutex_lock(&tp_lock);
    pool.wait_thread = self;
    pool.wait_thread_ready = true;
    pthread_cond_broadcast(&pool.wait_thread_cond);
    for (;;) {
        struct after_unlock a = { 0 };
        struct { struct tp_object *obj; int which; } batch[FIRED_BATCH];
        unsigned n = 0, ninline = 0;
        unsigned seq = atomic_load_explicit(&fired_seq, memory_order_acquire);

        w32_lock(&fired_lock);
        while (fired_head && n < FIRED_BATCH) {
            batch[n].obj = fired_head;
            batch[n].which = fired_result(fired_head);
            fired_unlink(fired_head);
            n++;
        }
        w32_unlock(&fired_lock);
        /* A mutex a wait acquired is this thread's: it goes on its list. */
        for (unsigned i = 0; i < n; i++)
            w32_wait_async_acquired(&batch[i].obj->async);
        for (unsigned i = 0; i < n; i++)
            if (wait_fire(batch[i].obj, batch[i].which, &a))
                batch[ninline++] = batch[i];
        pool_unlock(&a);
        for (unsigned i = 0; i < ninline; i++) {
            invoke(batch[i].obj, batch[i].which, true);
            pthread_mutex_unlock(&tp_lock);
        }
        if (!n)
            sleep_until_fired(seq);
        pthread_mutex_lock(&tp_lock);
    }
    return NULL;
}

/* ---- the timer thread ---- */

static void heap_set(size_t i, struct tp_object *t)
{
    pool.heap[i] = t;
    t->heap_index = i;
}

static void heap_sift_up(size_t i)
{
    struct tp_object *t = pool.heap[i];

    while (i > 0 && pool.heap[(i - 1) / 2]->due > t->due) {
        heap_set(i, pool.heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    heap_set(i, t);
}

static void heap_sift_down(size_t i)
{
    struct tp_object *t = pool.heap[i];

    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= pool.heap_len)
            break;
        if (c + 1 < pool.heap_len && pool.heap[c + 1]->due < pool.heap[c]->due)
            c++;
        if (pool.heap[c]->due >= t->due)
            break;
        heap_set(i, pool.heap[c]);
        i = c;
    }
    heap_set(i, t);
}

static void heap_remove(struct tp_object *t)
{
    size_t i = t->heap_index;
    struct tp_object *last;

    if (i == SIZE_MAX)
        return;
    t->heap_index = SIZE_MAX;
    last = pool.heap[--pool.heap_len];
    if (last == t)
        return;
    heap_set(i, last);
    heap_sift_up(i);
    heap_sift_down(last->heap_index);
}

/* A heap slot for every timer object, reserved when it is made, so arming
 * never allocates. */
static bool heap_reserve(void)
{
    if (pool.ntimer_objects == pool.heap_cap) {
        size_t cap = pool.heap_cap ? pool.heap_cap * 2 : 16;
        struct tp_object **heap = realloc(pool.heap, cap * sizeof(*heap));
        if (!heap) {
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
            return false;
        }
        pool.heap = heap;
        pool.heap_cap = cap;
    }
    pool.ntimer_objects++;
    return true;
}

static void timer_arm(struct tp_object *t, uint64_t due, DWORD period_ms)
{
    heap_remove(t);
    t->due = due;
    t->period_ms = period_ms;
    heap_set(pool.heap_len++, t);
    heap_sift_up(pool.heap_len - 1);
    if (t->heap_index == 0)
        pthread_cond_signal(&pool.timer_cond);
}

/* The earliest timer is due: queue its callback; returns true if it is to
 * run in the timer thread (counted as running). */
static bool timer_fire(struct tp_object *t, uint64_t now)
{
    heap_remove(t);
    if (t->period_ms) {
        uint64_t due = after_ms(t->due, t->period_ms);
        timer_arm(t, due > now ? due : after_ms(now, t->period_ms), t->period_ms);
    } else {
        t->expired = true;
    }
    if (t->kind == KIND_QUEUE_TIMER && (t->flags & WT_EXECUTEINTIMERTHREAD)) {
        t->running++;
        t->pool->progress++;
        return true;
    }
    enqueue(t, PEND_TIMEOUT);
    return false;
}

/* Queued work of p that made no progress for STALL_CHECK_MS gains a worker,
 * up to p's maximum. */
static void stall_check(struct _TP_POOL *p, uint64_t now)
{
    bool stalled = p->npending > p->idle + p->starting && p->threads < p->max;

    if (!stalled) {
        p->next_stall_check = NEVER;
        return;
    }
    if (p->next_stall_check == NEVER) {
        p->progress_seen = p->progress;
        p->next_stall_check = after_ms(now, STALL_CHECK_MS);
        return;
    }
    if (now < p->next_stall_check)
        return;
    if (p->progress == p->progress_seen)
        spawn_worker(p);
    p->progress_seen = p->progress;
    p->next_stall_check = after_ms(now, STALL_CHECK_MS);
}

/* Every pool's stall check; returns the earliest next one. */
static uint64_t stall_check_all(uint64_t now)
{
    uint64_t next = NEVER;

    for (struct _TP_POOL *p = &pool.default_pool; p; p = p->next_pool) {
        stall_check(p, now);
        if (p->next_stall_check < next)
            next = p->next_stall_check;
    }
    return next;
}

/* A wait's timeout is due: unless the dispatcher has just satisfied it (the
 * wait thread then handles it), the callback reports a timeout. Returns true
 * if it is to run in the timer thread (counted as running). */
static bool wait_timeout(struct tp_object *obj, struct after_unlock *a)
{
    bool pending;

    heap_remove(obj);
    pending = w32_wait_async_cancel(&obj->async);
    return pending && wait_fire(obj, PEND_TIMEOUT, a);
}

static bool is_wait(const struct tp_object *obj)
{
    return obj->kind == KIND_WAIT || obj->kind == KIND_REG_WAIT;
}

static bool runs_in_pool_thread(const struct tp_object *obj)
{
    return (obj->kind == KIND_QUEUE_TIMER && (obj->flags & WT_EXECUTEINTIMERTHREAD)) ||
           (obj->kind == KIND_REG_WAIT && (obj->flags & WT_EXECUTEINWAITTHREAD));
}

static void *timer_main(void *arg)
{
    pthread_mutex_lock(&tp_lock);
    for (;;) {
        uint64_t now = now_ns(), wake, stall;
        struct tp_object *inline_obj = NULL;
        struct after_unlock a = { 0 };

        while (pool.heap_len && pool.heap[0]->due <= now && a.nunref < FIRED_BATCH) {
            struct tp_object *t = pool.heap[0];
            if (inline_obj && runs_in_pool_thread(t))
                break;
            if (is_wait(t) ? wait_timeout(t, &a) : timer_fire(t, now))
                inline_obj = t;
        }
        if (inline_obj || a.nunref) {
            pool_unlock(&a);
            if (inline_obj)
                invoke(inline_obj, PEND_TIMEOUT, is_wait(inline_obj));
            else
                pthread_mutex_lock(&tp_lock);
            continue;
        }
        stall = stall_check_all(now);
        wake = pool.heap_len ? pool.heap[0]->due : NEVER;
        if (stall < wake)
            wake = stall;
        if (wake == NEVER) {
            pthread_cond_wait(&pool.timer_cond, &tp_lock);
        } else {
            struct timespec ts = { (time_t)(wake / 1000000000u), (long)(wake % 1000000000u) };
            pthread_cond_timedwait(&pool.timer_cond, &tp_lock, &ts);
        }
    }
    return NULL;
}

/* ---- freeing ---- */

static void queue_unlink_timer(struct tp_object *t, struct after_unlock *a);

/* Whether obj has a slot in the timer heap (heap_reserve). */
static bool uses_heap(const struct tp_object *obj)
{
    return obj->kind == KIND_WAIT || obj->kind == KIND_TIMER || obj->kind == KIND_REG_WAIT ||
           obj->kind == KIND_QUEUE_TIMER;
}

static void free_object(struct tp_object *obj, struct after_unlock *a)
{
    defer_event(a, obj->completion_event);
    if (uses_heap(obj))
        pool.ntimer_objects--;
    if (obj->kind == KIND_QUEUE_TIMER)
        queue_unlink_timer(obj, a);
    if (obj->kind != KIND_QUEUE)
        object_detach(obj);
    if (obj != &pool.default_queue)
        free(obj);
}

static void queue_link_timer(struct tp_object *q, struct tp_object *t)
{
    t->queue = q;
    t->qprev = NULL;
    t->qnext = q->timers;
    if (q->timers)
        q->timers->qprev = t;
    q->timers = t;
    q->ntimers++;
}

static void queue_unlink_timer(struct tp_object *t, struct after_unlock *a)
{
    struct tp_object *q = t->queue;

    if (t->qprev)
        t->qprev->qnext = t->qnext;
    else
        q->timers = t->qnext;
    if (t->qnext)
        t->qnext->qprev = t->qprev;
    q->ntimers--;
    if (pool.done_waiters)
        pthread_cond_broadcast(&pool.done_cond);
    if (q->closed && !q->ntimers && !q->holds)
        free_object(q, a);
}

/* ---- threadpoolapiset.h: work ---- */

BOOL WINAPI TrySubmitThreadpoolCallback(PTP_SIMPLE_CALLBACK pfns, PVOID pv,
                                        PTP_CALLBACK_ENVIRON pcbe)
{
    struct tp_object *obj = object_new(KIND_SIMPLE, (void *)pfns, pv, pcbe);

    if (!obj)
        return FALSE;
    pool_lock();
    obj->closed = true;
    enqueue(obj, PEND_SIGNALED);
    pool_unlock(NULL);
    return TRUE;
}

PTP_WORK WINAPI CreateThreadpoolWork(PTP_WORK_CALLBACK pfnwk, PVOID pv, PTP_CALLBACK_ENVIRON pcbe)
{
    return (PTP_WORK)object_new(KIND_WORK, (void *)pfnwk, pv, pcbe);
}

VOID WINAPI SubmitThreadpoolWork(PTP_WORK pwk)
{
    struct tp_object *obj = (struct tp_object *)pwk;

    if (!obj)
        return;
    pool_lock();
    enqueue(obj, PEND_SIGNALED);
    pool_unlock(NULL);
}

/* WaitForThreadpool*Callbacks: cancel what has not started, wait for the rest. */
static void wait_callbacks(struct tp_object *obj, BOOL cancel)
{
    if (!obj)
        return;
    pool_lock();
    if (cancel)
        cancel_pending(obj);
    wait_until_idle(obj);
    pool_unlock(NULL);
}

VOID WINAPI WaitForThreadpoolWorkCallbacks(PTP_WORK pwk, BOOL fCancelPendingCallbacks)
{
    wait_callbacks((struct tp_object *)pwk, fCancelPendingCallbacks);
}

/* Close*: no new callbacks; the object goes once those queued or running end. */
/* The program lets go of obj: no new callbacks (tp_lock held). */
static void release_object(struct tp_object *obj, struct after_unlock *a)
{
    obj->released = true;
    obj->closed = true;
    if (obj->kind == KIND_WAIT)
        wait_unset(obj, a);
    if (obj->kind == KIND_TIMER) {
        heap_remove(obj);
        obj->set = false;
    }
}

static void close_object(struct tp_object *obj)
{
    struct after_unlock a = { 0 };

    if (!obj)
        return;
    pool_lock();
    release_object(obj, &a);
    maybe_free(obj, &a);
    pool_unlock(&a);
}

VOID WINAPI CloseThreadpoolWork(PTP_WORK pwk)
{
    close_object((struct tp_object *)pwk);
}

/* ---- threadpoolapiset.h: waits ---- */

/* A new object with a place in the timer heap, which arming never allocates. */
static struct tp_object *object_new_in_heap(enum tp_kind kind, void *callback, PVOID context,
                                            PTP_CALLBACK_ENVIRON pcbe)
{
    struct tp_object *obj = object_new(kind, callback, context, pcbe);
    bool reserved;

    if (!obj)
        return NULL;
    pool_lock();
    reserved = heap_reserve();
    if (!reserved) {
        object_detach(obj);
        free(obj);
    }
    pool_unlock(NULL);
    return reserved ? obj : NULL;
}

/* Frees an object that never became the program's; tp_lock held. */
static void object_discard(struct tp_object *obj)
{
    pool.ntimer_objects--;
    object_detach(obj);
    free(obj);
}

PTP_WAIT WINAPI CreateThreadpoolWait(PTP_WAIT_CALLBACK pfnwa, PVOID pv, PTP_CALLBACK_ENVIRON pcbe)
{
    return (PTP_WAIT)object_new_in_heap(KIND_WAIT, (void *)pfnwa, pv, pcbe);
}

/* A FILETIME due time as a CLOCK_MONOTONIC deadline: negative is relative
 * (100 ns units), positive absolute (UTC since 1601), 0 now; NULL, or one
 * past the clock's range, never. */
static uint64_t filetime_deadline(const FILETIME *ft)
{
    /* The wall clock first: a thread preempted between the two readings then
     * fires late, never before the due time. */
    LONGLONG unix100 = (LONGLONG)(w32_clock_ns(CLOCK_REALTIME) / 100u) + W32_FILETIME_UNIX_EPOCH;
    uint64_t now = now_ns();
    LONGLONG t;

    if (!ft)
        return NEVER;
    t = (LONGLONG)(((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime);
    if (t < 0)
        return w32_ns_after_100ns(now, -(uint64_t)t);
    if (t > unix100)
        return w32_ns_after_100ns(now, (uint64_t)(t - unix100));
    return now;
}

/* A waitable object behind h, referenced, or NULL with the last error set. */
static struct w32_object *wait_target(HANDLE h)
{
    struct w32_object *target = w32_handle_get(h, NULL, SYNCHRONIZE);

    if (target && !target->type->signaled) {
        w32_object_unref(target);
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return target;
}

BOOL WINAPI SetThreadpoolWaitEx(PTP_WAIT pwa, HANDLE h, PFILETIME pftTimeout, PVOID Reserved)
{
    struct tp_object *obj = (struct tp_object *)pwa;
    struct w32_object *target = NULL;
    struct after_unlock a = { 0 };
    DWORD error = GetLastError();
    bool was_set;

    if (!obj)
        return FALSE;
    /* An invalid handle leaves the wait unset: Windows cannot report it either. */
    if (h)
        target = wait_target(h);
    w32_set_error(error);
    pool_lock();
    if (target && !obj->closed && pool.wait_thread) {
        was_set = wait_arm(obj, target, filetime_deadline(pftTimeout), &a);
    } else {
        was_set = wait_unset(obj, &a);
        if (target)
            a.unref[a.nunref++] = target;
    }
    pool_unlock(&a);
    return was_set;
}

VOID WINAPI SetThreadpoolWait(PTP_WAIT pwa, HANDLE h, PFILETIME pftTimeout)
{
    SetThreadpoolWaitEx(pwa, h, pftTimeout, NULL);
}

VOID WINAPI WaitForThreadpoolWaitCallbacks(PTP_WAIT pwa, BOOL fCancelPendingCallbacks)
{
    wait_callbacks((struct tp_object *)pwa, fCancelPendingCallbacks);
}

VOID WINAPI CloseThreadpoolWait(PTP_WAIT pwa)
{
    close_object((struct tp_object *)pwa);
}

/* ---- threadpoolapiset.h: timers ---- */

PTP_TIMER WINAPI CreateThreadpoolTimer(PTP_TIMER_CALLBACK pfnti, PVOID pv,
                                       PTP_CALLBACK_ENVIRON pcbe)
{
    return (PTP_TIMER)object_new_in_heap(KIND_TIMER, (void *)pfnti, pv, pcbe);
}

BOOL WINAPI SetThreadpoolTimerEx(PTP_TIMER pti, PFILETIME pftDueTime, DWORD msPeriod,
                                 DWORD msWindowLength)
{
    struct tp_object *obj = (struct tp_object *)pti;
    bool was_set;

    if (!obj)
        return FALSE;
    pool_lock();
    was_set = obj->heap_index != SIZE_MAX;
    if (pftDueTime && !obj->closed) {
        timer_arm(obj, filetime_deadline(pftDueTime), msPeriod);
        obj->set = true;
    } else {
        heap_remove(obj);
        obj->set = false;
    }
    pool_unlock(NULL);
    return was_set;
}

VOID WINAPI SetThreadpoolTimer(PTP_TIMER pti, PFILETIME pftDueTime, DWORD msPeriod,
                               DWORD msWindowLength)
{
    SetThreadpoolTimerEx(pti, pftDueTime, msPeriod, msWindowLength);
}

BOOL WINAPI IsThreadpoolTimerSet(PTP_TIMER pti)
{
    struct tp_object *obj = (struct tp_object *)pti;
    bool set;

    if (!obj)
        return FALSE;
    pool_lock();
    set = obj->set;
    pool_unlock(NULL);
    return set;
}

VOID WINAPI WaitForThreadpoolTimerCallbacks(PTP_TIMER pti, BOOL fCancelPendingCallbacks)
{
    wait_callbacks((struct tp_object *)pti, fCancelPendingCallbacks);
}

VOID WINAPI CloseThreadpoolTimer(PTP_TIMER pti)
{
    close_object((struct tp_object *)pti);
}

/* ---- threadpoolapiset.h: callback instances ---- */

BOOL WINAPI CallbackMayRunLong(PTP_CALLBACK_INSTANCE pci)
{
    bool room;

    struct _TP_POOL *p;

    if (!pci)
        return FALSE;
    p = pci->pool;
    pool_lock();
    if (pci->obj)
        pci->obj->long_function = true;
    room = p->idle + p->starting > 0 || p->threads < p->max;
    if (room && !p->idle && !p->starting)
        spawn_worker(p);
    pool_unlock(NULL);
    return room;
}

VOID WINAPI SetEventWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HANDLE evt)
{
    if (pci)
        pci->set_event = evt;
}

VOID WINAPI ReleaseSemaphoreWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HANDLE sem,
                                                DWORD crel)
{
    if (pci) {
        pci->release_semaphore = sem;
        pci->semaphore_count = crel;
    }
}

VOID WINAPI ReleaseMutexWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HANDLE mut)
{
    if (pci)
        pci->release_mutex = mut;
}

VOID WINAPI LeaveCriticalSectionWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci,
                                                    PCRITICAL_SECTION pcs)
{
    if (pci)
        pci->leave_cs = pcs;
}

/* The first module asked is the one freed, as in Wine. */
VOID WINAPI FreeLibraryWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HMODULE mod)
{
    if (pci && !pci->free_library)
        pci->free_library = mod;
}

VOID WINAPI DisassociateCurrentThreadFromCallback(PTP_CALLBACK_INSTANCE pci)
{
    struct after_unlock a = { 0 };
    struct tp_object *obj;

    if (!pci || !pci->obj)
        return;
    obj = pci->obj;
    pci->obj = NULL;
    pci->detached_obj = obj;
    pthread_mutex_lock(&tp_lock);
    /* Counted apart until it ends: WaitFor*Callbacks no longer waits for
     * it, CloseThreadpoolCleanupGroupMembers does (as on Windows). */
    obj->detached++;
    finish(obj, &a);
    pool_unlock(&a);
}

/* ---- threadpoolapiset.h: private pools ---- */

PTP_POOL WINAPI CreateThreadpool(PVOID reserved)
{
    struct _TP_POOL *p = calloc(1, sizeof(*p));
    struct _TP_POOL *head = &pool.default_pool;

    if (!p) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    init_cond(&p->work_cond);
    p->max = POOL_MAX_THREADS;
    p->next_stall_check = NEVER;
    p->stack.StackReserve = w32_thread_stack_reserve(0, 0);
    p->stack.StackCommit = (SIZE_T)sysconf(_SC_PAGESIZE);
    p->stack_size = p->stack.StackReserve;
    pool_lock();
    /* Listed after the default pool, which stays first. */
    p->prev_pool = head;
    p->next_pool = head->next_pool;
    if (head->next_pool)
        head->next_pool->prev_pool = p;
    head->next_pool = p;
    pool_unlock(NULL);
    return p;
}

/* The pool goes once its last object and worker have: at once if idle. */
VOID WINAPI CloseThreadpool(PTP_POOL ptpp)
{
    if (!ptpp)
        return;
    pool_lock();
    ptpp->closed = true;
    pool_check_dead(ptpp);
    pool_unlock(NULL);
}

VOID WINAPI SetThreadpoolThreadMaximum(PTP_POOL ptpp, DWORD cthrdMost)
{
    if (!ptpp)
        return;
    pool_lock();
    /* At least one, as Wine does: a pool of none would never run a callback. */
    ptpp->max = cthrdMost ? cthrdMost : 1;
    if (ptpp->min > ptpp->max)
        ptpp->min = ptpp->max;
    /* Idle workers beyond the new maximum end. */
    pthread_cond_broadcast(&ptpp->work_cond);
    pool_unlock(NULL);
}

/* Starts the minimum's workers at once; if one cannot start, the minimum
 * stays as it was (those started stay too, until idle). */
BOOL WINAPI SetThreadpoolThreadMinimum(PTP_POOL ptpp, DWORD cthrdMic)
{
    unsigned max;
    bool started = true;

    if (!ptpp) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pool_lock();
    max = ptpp->max;
    if (ptpp->max < cthrdMic)
        ptpp->max = cthrdMic;
    while (started && ptpp->threads < cthrdMic)
        started = spawn_worker(ptpp);
    if (started)
        ptpp->min = cthrdMic;
    else
        ptpp->max = max;
    pool_unlock(NULL);
    if (!started)
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return started;
}

/*
 * The stack of the pool's workers started from now on, as CreateThread sizes
 * one: StackReserve is the reserve (0: the program's default), unless the
 * commit is larger, which then sets it. Linux commits pages as they are
 * touched, so the commit is only remembered.
 */
BOOL WINAPI SetThreadpoolStackInformation(PTP_POOL ptpp, PTP_POOL_STACK_INFORMATION ptpsi)
{
    size_t size;

    if (!ptpp || !ptpsi) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (ptpsi->StackCommit > ptpsi->StackReserve)
        size = w32_thread_stack_reserve(ptpsi->StackCommit, 0);
    else
        size = w32_thread_stack_reserve(ptpsi->StackReserve, STACK_SIZE_PARAM_IS_A_RESERVATION);
    pool_lock();
    ptpp->stack = *ptpsi;
    ptpp->stack_size = size;
    pool_unlock(NULL);
    return TRUE;
}

BOOL WINAPI QueryThreadpoolStackInformation(PTP_POOL ptpp, PTP_POOL_STACK_INFORMATION ptpsi)
{
    if (!ptpp || !ptpsi) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pool_lock();
    *ptpsi = ptpp->stack;
    pool_unlock(NULL);
    return TRUE;
}

void w32_tp_pool_hold(PTP_POOL p)
{
    if (!p)
        return;
    pool_lock();
    p->nobjects++;
    pool_unlock(NULL);
}

void w32_tp_pool_release(PTP_POOL p)
{
    if (!p)
        return;
    pool_lock();
    p->nobjects--;
    pool_check_dead(p);
    pool_unlock(NULL);
}

/* ---- threadpoolapiset.h: cleanup groups ---- */

/* Waits until member m has no callback left, disassociated ones included
 * (but the caller's own); m is held. */
static void wait_member_idle(struct tp_object *m)
{
    const struct _TP_CALLBACK_INSTANCE *self = current_instance;
    unsigned own = self && self->detached_obj == m ? 1 : 0;

    pool.done_waiters++;
    while (outstanding(m) || m->detached > own)
        pthread_cond_wait(&pool.done_cond, &tp_lock);
    pool.done_waiters--;
}

PTP_CLEANUP_GROUP WINAPI CreateThreadpoolCleanupGroup(VOID)
{
    struct _TP_CLEANUP_GROUP *g = calloc(1, sizeof(*g));

    if (!g)
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return g;
}

/*
 * Releases every member, as its Close* would, cancelling its queued
 * callbacks first if asked; waits for the callbacks left; then calls the
 * group's cancel callback, in this thread, for each member the program had
 * not closed itself (Wine does the same; its tests show Windows agrees).
 */
VOID WINAPI CloseThreadpoolCleanupGroupMembers(PTP_CLEANUP_GROUP ptpcg,
                                               BOOL fCancelPendingCallbacks,
                                               PVOID pvCleanupContext)
{
    struct after_unlock a = { 0 };
    struct tp_object *members, *m, *next;

    if (!ptpcg)
        return;
    pool_lock();
    /* The members become this call's list, each held until the end. */
    members = ptpcg->members;
    ptpcg->members = NULL;
    /* Who is told of the close or the cancel, and the cancelled callbacks,
     * are settled for every member in this one hold of the lock: the loop
     * below lets it go between members, and a worker must not meanwhile
     * start a callback of a later member that is then told of its cancel
     * too. */
    for (m = members; m; m = m->gnext) {
        m->group = NULL;
        m->holds++;
        m->notify_close = !m->released;
        m->notify_cancel = fCancelPendingCallbacks && !m->released && m->group_cancel;
        if (fCancelPendingCallbacks)
            cancel_pending(m);
    }
    for (m = members; m; m = m->gnext) {
        release_object(m, &a);
        /* What a timer or wait queued since, before its release. */
        if (fCancelPendingCallbacks)
            cancel_pending(m);
        /* A wait's target references go as they come: a has room for a few. */
        pool_unlock(&a);
        pool_lock();
    }
    for (m = members; m; m = m->gnext)
        wait_member_idle(m);
    pool_unlock(NULL);
    /* An I/O object's callbacks are tpio.c's: waited for (or cancelled)
     * there, and the object closed as the program would. */
    for (m = members; m; m = m->gnext)
        if (m->kind == KIND_IO_MEMBER && m->notify_close)
            WaitForThreadpoolIoCallbacks(m->cb.io, fCancelPendingCallbacks);
    for (m = members; m; m = m->gnext)
        if (m->notify_cancel)
            m->group_cancel(m->context, pvCleanupContext);
    for (m = members; m; m = m->gnext)
        if (m->kind == KIND_IO_MEMBER && m->notify_close)
            CloseThreadpoolIo(m->cb.io);
    pool_lock();
    for (m = members; m; m = next) {
        next = m->gnext;
        m->holds--;
        maybe_free(m, &a);
        if (a.nevents || a.nunref) {
            pool_unlock(&a);
            pool_lock();
        }
    }
    pool_unlock(&a);
}

/* ---- cleanup groups: I/O objects (tpio.c) ---- */

bool w32_tp_io_join(PTP_CALLBACK_ENVIRON pcbe, PTP_IO io, PVOID context,
                    struct tp_object **member)
{
    struct tp_object *m;

    *member = NULL;
    if (!pcbe || !pcbe->CleanupGroup)
        return true;
    m = calloc(1, sizeof(*m));
    if (!m) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    m->kind = KIND_IO_MEMBER;
    m->key = m;
    m->cb.io = io;
    m->context = context;
    m->heap_index = SIZE_MAX;
    m->deadline = NEVER;
    /* The I/O object's own hold: the member goes when the object does. */
    m->holds = 1;
    pool_lock();
    object_attach(m, pcbe);
    pool_unlock(NULL);
    *member = m;
    return true;
}

void w32_tp_io_closed(struct tp_object *member)
{
    if (!member)
        return;
    pool_lock();
    member->released = true;
    pool_unlock(NULL);
}

void w32_tp_io_freed(struct tp_object *member)
{
    struct after_unlock a = { 0 };

    if (!member)
        return;
    pool_lock();
    member->released = true;
    member->closed = true;
    member->holds--;
    maybe_free(member, &a);
    pool_unlock(&a);
}

/* Members left in the group (the program did not release them) leave it. */
VOID WINAPI CloseThreadpoolCleanupGroup(PTP_CLEANUP_GROUP ptpcg)
{
    if (!ptpcg)
        return;
    pool_lock();
    while (ptpcg->members)
        group_unlink(ptpcg->members);
    pool_unlock(NULL);
    free(ptpcg);
}

/* ---- threadpoollegacyapiset.h: QueueUserWorkItem ---- */

BOOL WINAPI QueueUserWorkItem(LPTHREAD_START_ROUTINE Function, PVOID Context, ULONG Flags)
{
    struct tp_object *obj = object_new(KIND_USER_WORK, (void *)Function, Context, NULL);

    if (!obj)
        return FALSE;
    obj->flags = Flags;
    obj->long_function = Flags & WT_EXECUTELONGFUNCTION;
    pool_lock();
    obj->closed = true;
    enqueue(obj, PEND_SIGNALED);
    pool_unlock(NULL);
    return TRUE;
}

/*
 * UnregisterWaitEx and DeleteTimerQueueTimer, once obj is out of the registry
 * and disarmed (tp_lock held). A callback running in the caller's own wait
 * thread does not count, as on Windows; one running in a worker does.
 */
static BOOL delete_legacy(struct tp_object *obj, HANDLE event, struct after_unlock *a)
{
    const struct _TP_CALLBACK_INSTANCE *self = current_instance;
    bool own = self && self->obj == obj;
    bool own_inline = own && self->in_wait_thread;
    BOOL done;

    obj->closed = true;
    if (event == INVALID_HANDLE_VALUE)
        wait_until_idle(obj);
    done = !outstanding(obj) && (!own || own_inline);
    if (event != INVALID_HANDLE_VALUE)
        obj->completion_event = event;
    maybe_free(obj, a);
    if (!done)
        w32_set_error(ERROR_IO_PENDING);
    return done;
}

/* ---- threadpoollegacyapiset.h: registered waits ---- */

BOOL WINAPI RegisterWaitForSingleObject(PHANDLE phNewWaitObject, HANDLE hObject,
                                        WAITORTIMERCALLBACK Callback, PVOID Context,
                                        ULONG dwMilliseconds, ULONG dwFlags)
{
    struct tp_object *obj;
    struct w32_object *target;
    struct after_unlock a = { 0 };
    uint64_t deadline;
    bool registered;

    if (!phNewWaitObject) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    target = wait_target(hObject);
    if (!target)
        return FALSE;
    obj = object_new_in_heap(KIND_REG_WAIT, (void *)Callback, Context, NULL);
    if (!obj) {
        w32_object_unref(target);
        return FALSE;
    }
    obj->flags = dwFlags;
    obj->long_function = dwFlags & WT_EXECUTELONGFUNCTION;
    obj->timeout_ms = dwMilliseconds;
    deadline = dwMilliseconds == INFINITE ? NEVER : after_ms(now_ns(), dwMilliseconds);
    pool_lock();
    /* In the registry first: once armed, its callback may run at any time. */
    registered = pool.wait_thread && registry_add(obj);
    if (registered) {
        wait_arm(obj, target, deadline, &a);
        *phNewWaitObject = obj;
    } else {
        object_discard(obj);
    }
    pool_unlock(&a);
    if (!registered) {
        w32_object_unref(target);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI UnregisterWaitEx(HANDLE WaitHandle, HANDLE CompletionEvent)
{
    struct after_unlock a = { 0 };
    struct tp_object *obj;
    BOOL done;

    pool_lock();
    obj = registry_find(WaitHandle, KIND_REG_WAIT);
    if (!obj) {
        pool_unlock(NULL);
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    HASH_DELETE(hh, registry, obj);
    wait_unset(obj, &a);
    done = delete_legacy(obj, CompletionEvent, &a);
    pool_unlock(&a);
    return done;
}

BOOL WINAPI UnregisterWait(HANDLE WaitHandle)
{
    return UnregisterWaitEx(WaitHandle, NULL);
}

/* ---- threadpoollegacyapiset.h: timer queues ---- */

HANDLE WINAPI CreateTimerQueue(VOID)
{
    struct tp_object *q = calloc(1, sizeof(*q));
    bool added;

    if (!q) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    q->kind = KIND_QUEUE;
    q->key = q;
    pool_lock();
    added = registry_add(q);
    pool_unlock(NULL);
    if (!added) {
        free(q);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return q;
}

/* The queue behind h (NULL: the default one), or NULL; tp_lock held. */
static struct tp_object *find_queue(HANDLE h)
{
    return h ? registry_find(h, KIND_QUEUE) : &pool.default_queue;
}

BOOL WINAPI CreateTimerQueueTimer(PHANDLE phNewTimer, HANDLE TimerQueue,
                                  WAITORTIMERCALLBACK Callback, PVOID Parameter, DWORD DueTime,
                                  DWORD Period, ULONG Flags)
{
    struct tp_object *t, *q;
    DWORD error = ERROR_SUCCESS;

    if (!phNewTimer) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    t = object_new(KIND_QUEUE_TIMER, (void *)Callback, Parameter, NULL);
    if (!t)
        return FALSE;
    t->flags = Flags;
    t->long_function = Flags & WT_EXECUTELONGFUNCTION;
    pool_lock();
    q = find_queue(TimerQueue);
    if (!q)
        error = ERROR_INVALID_HANDLE;
    else if (!heap_reserve())
        error = ERROR_NOT_ENOUGH_MEMORY;
    else if (!registry_add(t)) {
        pool.ntimer_objects--;
        error = ERROR_NOT_ENOUGH_MEMORY;
    }
    if (error == ERROR_SUCCESS) {
        queue_link_timer(q, t);
        timer_arm(t, after_ms(now_ns(), DueTime), Flags & WT_EXECUTEONLYONCE ? 0 : Period);
        *phNewTimer = t;
    } else {
        object_detach(t);
    }
    pool_unlock(NULL);
    if (error != ERROR_SUCCESS) {
        free(t);
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

HANDLE WINAPI SetTimerQueueTimer(HANDLE TimerQueue, WAITORTIMERCALLBACK Callback,
                                 PVOID Parameter, DWORD DueTime, DWORD Period, BOOL PreferIo)
{
    HANDLE timer = NULL;

    if (!CreateTimerQueueTimer(&timer, TimerQueue, Callback, Parameter, DueTime, Period,
                               PreferIo ? WT_EXECUTEINIOTHREAD : WT_EXECUTEDEFAULT))
        return NULL;
    return timer;
}

BOOL WINAPI ChangeTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer, ULONG DueTime, ULONG Period)
{
    struct tp_object *t;

    pool_lock();
    t = registry_find(Timer, KIND_QUEUE_TIMER);
    /* As on Windows, a one-shot timer that has fired is not updated. */
    if (t && !t->expired)
        timer_arm(t, after_ms(now_ns(), DueTime), t->flags & WT_EXECUTEONLYONCE ? 0 : Period);
    pool_unlock(NULL);
    if (!t) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

/* DeleteTimerQueueTimer without the NULL-event rule; tp_lock not held. */
static BOOL delete_queue_timer(HANDLE Timer, HANDLE CompletionEvent)
{
    struct after_unlock a = { 0 };
    struct tp_object *t;
    BOOL done;

    pool_lock();
    t = registry_find(Timer, KIND_QUEUE_TIMER);
    if (!t) {
        pool_unlock(NULL);
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    HASH_DELETE(hh, registry, t);
    heap_remove(t);
    done = delete_legacy(t, CompletionEvent, &a);
    pool_unlock(&a);
    return done;
}

BOOL WINAPI DeleteTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer, HANDLE CompletionEvent)
{
    BOOL done = delete_queue_timer(Timer, CompletionEvent);

    /* Without an event the deletion completes asynchronously: Windows (since
     * Vista) answers FALSE with ERROR_IO_PENDING even for an idle timer. */
    if (done && !CompletionEvent) {
        w32_set_error(ERROR_IO_PENDING);
        return FALSE;
    }
    return done;
}

/* The obsolete form: a deletion still pending counts as success. */
BOOL WINAPI CancelTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer)
{
    return delete_queue_timer(Timer, NULL) || GetLastError() == ERROR_IO_PENDING;
}

/* Timers of q still to end, not counting one whose callback the caller runs. */
static unsigned queue_outstanding(const struct tp_object *q)
{
    const struct _TP_CALLBACK_INSTANCE *self = current_instance;
    bool own = self && self->obj && self->obj->kind == KIND_QUEUE_TIMER && self->obj->queue == q;

    return q->ntimers - (own ? 1 : 0);
}

BOOL WINAPI DeleteTimerQueueEx(HANDLE TimerQueue, HANDLE CompletionEvent)
{
    struct after_unlock a = { 0 };
    struct tp_object *q;

    pool_lock();
    q = TimerQueue ? registry_find(TimerQueue, KIND_QUEUE) : NULL;
    if (!q) {
        pool_unlock(NULL);
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    HASH_DELETE(hh, registry, q);
    q->closed = true;
    if (CompletionEvent != INVALID_HANDLE_VALUE)
        q->completion_event = CompletionEvent;
    q->holds++;
    for (struct tp_object *t = q->timers, *next; t; t = next) {
        next = t->qnext;
        if (t->closed)
            continue;
        HASH_DELETE(hh, registry, t);
        heap_remove(t);
        t->closed = true;
        maybe_free(t, &a);
    }
    if (CompletionEvent == INVALID_HANDLE_VALUE) {
        pool.done_waiters++;
        while (queue_outstanding(q))
            pthread_cond_wait(&pool.done_cond, &tp_lock);
        pool.done_waiters--;
    }
    q->holds--;
    if (!q->ntimers)
        free_object(q, &a);
    pool_unlock(&a);
    return TRUE;
}

BOOL WINAPI DeleteTimerQueue(HANDLE TimerQueue)
{
    return DeleteTimerQueueEx(TimerQueue, NULL);
}

/*
 * fork (fork.h): the pool's threads are the parent's. In the child the pool
 * keeps its objects, queued work, armed timers and waits, and new threads
 * serve them: at once if the parent's pool had started, else on first use.
 * A callback that was running in the parent at the fork never returns in
 * the child (doc/design.md, "Fork").
 */
void w32_threadpool_fork(enum w32_fork_phase phase)
{
    bool started = pool.ncpu != 0;

    w32_fork_mutex(&tp_lock, phase);
    if (phase == W32_FORK_CHILD && started) {
        for (struct _TP_POOL *p = &pool.default_pool; p; p = p->next_pool) {
            init_cond(&p->work_cond);
            p->threads = p->idle = p->starting = 0;
        }
        init_cond(&pool.done_cond);
        init_cond(&pool.timer_cond);
        init_cond(&pool.wait_thread_cond);
        pool.done_waiters = 0;
        pool.timer_thread = false;
        pool.wait_thread_ready = false;
    } else if (phase == W32_FORK_RESUME && started) {
        pool_lock();
        for (struct _TP_POOL *p = &pool.default_pool, *next; p; p = next) {
            next = p->next_pool;
            if (p->npending)
                wake_or_grow(p, false);
            /* A closed pool whose workers were the parent's. */
            pool_maybe_free(p);
        }
        pool_unlock(NULL);
    }
}

/* fork (fork.h): the fired list's lock, which comes after the reader registry's. */
void w32_threadpool_fired_fork(enum w32_fork_phase phase)
{
    w32_fork_lock(&fired_lock, phase);
}
