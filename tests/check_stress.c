/*
 * Thread hammers: many threads on the same objects at once. Each test is
 * sized to finish well under 2 s under ThreadSanitizer on two cores, and
 * proves its result by exact counts, not by the absence of a crash alone.
 */
#include "testutil.h"

#define THREADS 8
#define WAIT_LONG LONG_WAIT     /* ms; only reached when a test fails */
/*
 * For threads to finish a whole workload: how long that takes depends on the
 * build and on the machine's load, which the API does not bound, so the test
 * waits for it; Check's timeout (below) ends a test that would hang.
 */
#define WAIT_WORK INFINITE

/* Runs fn(arg) on n threads at once and checks that each returned 0. */
static void run_threads(int n, LPTHREAD_START_ROUTINE fn, void *arg)
{
    HANDLE threads[MAXIMUM_WAIT_OBJECTS];

    ck_assert_int_le(n, MAXIMUM_WAIT_OBJECTS);
    for (int i = 0; i < n; i++) {
        threads[i] = CreateThread(NULL, 0, fn, arg, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    ck_assert_uint_lt(WaitForMultipleObjects(n, threads, TRUE, WAIT_WORK), WAIT_OBJECT_0 + n);
    for (int i = 0; i < n; i++) {
        DWORD code = STILL_ACTIVE;
        ck_assert(GetExitCodeThread(threads[i], &code));
        ck_assert_uint_eq(code, 0);
        ck_assert(CloseHandle(threads[i]));
    }
}

/* Takes every unit of sem and checks that there were exactly units. */
static void drain_semaphore(HANDLE sem, int units)
{
    for (int i = 0; i < units; i++)
        ck_assert_uint_eq(WaitForSingleObject(sem, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(sem, 0), WAIT_TIMEOUT);
}

/* ---- handle churn on shared and private handles ---- */

#define CHURN_ROUNDS 300

/* Each round: a private auto event, a duplicate of the shared manual one. */
static DWORD WINAPI churn_handles(LPVOID param)
{
    HANDLE shared = param;
    DWORD bad = 0;

    for (int i = 0; i < CHURN_ROUNDS; i++) {
        HANDLE own = CreateEventA(NULL, FALSE, FALSE, NULL);
        HANDLE dup = NULL;

        if (!own || !DuplicateHandle(GetCurrentProcess(), shared, GetCurrentProcess(), &dup,
                                     0, FALSE, DUPLICATE_SAME_ACCESS)) {
            bad++;
            continue;
        }
        bad += WaitForSingleObject(own, 0) != WAIT_TIMEOUT;
        bad += !SetEvent(own);
        bad += WaitForSingleObject(own, 0) != WAIT_OBJECT_0;
        bad += WaitForSingleObject(own, 0) != WAIT_TIMEOUT;     /* auto reset */
        bad += !SetEvent(dup);
        bad += WaitForSingleObject(dup, 0) != WAIT_OBJECT_0;
        bad += WaitForSingleObject(shared, 0) != WAIT_OBJECT_0; /* manual: stays set */
        bad += !CompareObjectHandles(dup, shared);
        bad += !CloseHandle(dup);
        bad += !CloseHandle(own);
    }
    return bad;
}

START_TEST(test_threads_create_duplicate_signal_wait_close_concurrently)
{
    LEAK_CHECK_BEGIN();
    HANDLE shared = CreateEventA(NULL, TRUE, FALSE, NULL);

    ck_assert_ptr_nonnull(shared);
    run_threads(THREADS, churn_handles, shared);
    ck_assert_uint_eq(WaitForSingleObject(shared, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(shared));
    LEAK_CHECK_END();
}
END_TEST

/* ---- CloseHandle racing waits on the same handle ---- */

#define CLOSE_ROUNDS 400

struct close_race {
    HANDLE volatile current;    /* the handle being raced; Interlocked access */
    LONG done;
    LONG unexpected;            /* wait results outside the allowed set */
    LONG failed_waits;          /* WAIT_FAILED seen: the handle was gone */
};

/* Creates, publishes, signals (every other round) and closes events. */
static DWORD WINAPI create_and_close(LPVOID param)
{
    struct close_race *r = param;
    DWORD bad = 0;

    for (int i = 0; i < CLOSE_ROUNDS; i++) {
        HANDLE h = CreateEventA(NULL, TRUE, FALSE, NULL);
        if (!h) {
            bad++;
            continue;
        }
        InterlockedExchangePointer((PVOID volatile *)&r->current, h);
        SwitchToThread();
        if (i % 2)
            bad += !SetEvent(h);
        bad += !CloseHandle(h);
    }
    InterlockedExchange(&r->done, 1);
    return bad;
}

/* Waits on whatever handle is current; it may be closed under the wait. */
static DWORD WINAPI wait_on_current(LPVOID param)
{
    struct close_race *r = param;

    while (!InterlockedCompareExchange(&r->done, 0, 0)) {
        HANDLE h = InterlockedCompareExchangePointer((PVOID volatile *)&r->current, NULL, NULL);
        if (!h)
            continue;
        SetLastError(0);
        DWORD result = WaitForSingleObject(h, 1);
        if (result == WAIT_FAILED) {
            InterlockedIncrement(&r->failed_waits);
            if (GetLastError() != ERROR_INVALID_HANDLE)
                InterlockedIncrement(&r->unexpected);
        } else if (result != WAIT_OBJECT_0 && result != WAIT_TIMEOUT) {
            InterlockedIncrement(&r->unexpected);
        }
    }
    return 0;
}

START_TEST(test_close_racing_waits_gives_result_or_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    struct close_race r = {0};
    HANDLE threads[4];

    threads[0] = CreateThread(NULL, 0, create_and_close, &r, 0, NULL);
    threads[1] = CreateThread(NULL, 0, create_and_close, &r, 0, NULL);
    threads[2] = CreateThread(NULL, 0, wait_on_current, &r, 0, NULL);
    threads[3] = CreateThread(NULL, 0, wait_on_current, &r, 0, NULL);
    for (int i = 0; i < 4; i++)
        ck_assert_ptr_nonnull(threads[i]);
    ck_assert_uint_lt(WaitForMultipleObjects(4, threads, TRUE, WAIT_WORK), WAIT_OBJECT_0 + 4);
    for (int i = 0; i < 4; i++) {
        DWORD code = STILL_ACTIVE;
        ck_assert(GetExitCodeThread(threads[i], &code));
        ck_assert_uint_eq(code, 0);
        ck_assert(CloseHandle(threads[i]));
    }
    ck_assert_int_eq(r.unexpected, 0);
    LEAK_CHECK_END();
}
END_TEST

/* ---- mutual exclusion ---- */

#define MUTEX_ROUNDS 2000

struct guarded {
    HANDLE mutex;
    long counter;               /* deliberately not atomic: the mutex guards it */
};

static DWORD WINAPI count_under_mutex(LPVOID param)
{
    struct guarded *g = param;
    DWORD bad = 0;

    for (int i = 0; i < MUTEX_ROUNDS; i++) {
        if (WaitForSingleObject(g->mutex, WAIT_LONG) != WAIT_OBJECT_0) {
            bad++;
            continue;
        }
        long seen = g->counter;
        if (i % 64 == 0)
            SwitchToThread();   /* widen the window a lost update needs */
        g->counter = seen + 1;
        bad += !ReleaseMutex(g->mutex);
    }
    return bad;
}

START_TEST(test_mutex_serializes_counter_updates)
{
    LEAK_CHECK_BEGIN();
    struct guarded g = { CreateMutexA(NULL, FALSE, NULL), 0 };

    ck_assert_ptr_nonnull(g.mutex);
    run_threads(THREADS, count_under_mutex, &g);
    ck_assert_int_eq(g.counter, (long)THREADS * MUTEX_ROUNDS);
    SetLastError(0xdeadbeef);
    ck_assert(!ReleaseMutex(g.mutex));      /* nobody owns it any more */
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_OWNER);
    ck_assert(CloseHandle(g.mutex));
    LEAK_CHECK_END();
}
END_TEST

/* ---- semaphores: bounded buffer ---- */

#define SLOTS 16
#define PRODUCERS 3
#define CONSUMERS 3
#define ITEMS_EACH 1500         /* per producer; consumers share the total */

struct buffer {
    HANDLE free_slots, items;   /* semaphores: counts of empty and full slots */
    HANDLE lock;                /* mutex over the ring */
    long ring[SLOTS];
    int head, tail;
    long long produced_sum, consumed_sum;   /* under lock */
    long consumed;                          /* under lock */
    LONG next_value;
};

static DWORD WINAPI produce(LPVOID param)
{
    struct buffer *b = param;
    DWORD bad = 0;

    for (int i = 0; i < ITEMS_EACH; i++) {
        long value = InterlockedIncrement(&b->next_value);
        if (WaitForSingleObject(b->free_slots, WAIT_LONG) != WAIT_OBJECT_0 ||
            WaitForSingleObject(b->lock, WAIT_LONG) != WAIT_OBJECT_0)
            return bad + 1;
        b->ring[b->head] = value;
        b->head = (b->head + 1) % SLOTS;
        b->produced_sum += value;
        bad += !ReleaseMutex(b->lock);
        bad += !ReleaseSemaphore(b->items, 1, NULL);
    }
    return bad;
}

static DWORD WINAPI consume(LPVOID param)
{
    struct buffer *b = param;
    DWORD bad = 0;

    for (int i = 0; i < PRODUCERS * ITEMS_EACH / CONSUMERS; i++) {
        if (WaitForSingleObject(b->items, WAIT_LONG) != WAIT_OBJECT_0 ||
            WaitForSingleObject(b->lock, WAIT_LONG) != WAIT_OBJECT_0)
            return bad + 1;
        b->consumed_sum += b->ring[b->tail];
        b->tail = (b->tail + 1) % SLOTS;
        b->consumed++;
        bad += !ReleaseMutex(b->lock);
        bad += !ReleaseSemaphore(b->free_slots, 1, NULL);
    }
    return bad;
}

START_TEST(test_semaphores_pass_every_item_exactly_once)
{
    LEAK_CHECK_BEGIN();
    static struct buffer b;
    HANDLE threads[PRODUCERS + CONSUMERS];
    const long total = (long)PRODUCERS * ITEMS_EACH;

    b.free_slots = CreateSemaphoreA(NULL, SLOTS, SLOTS, NULL);
    b.items = CreateSemaphoreA(NULL, 0, SLOTS, NULL);
    b.lock = CreateMutexA(NULL, FALSE, NULL);
    ck_assert_ptr_nonnull(b.free_slots);
    ck_assert_ptr_nonnull(b.items);
    ck_assert_ptr_nonnull(b.lock);
    for (int i = 0; i < PRODUCERS + CONSUMERS; i++) {
        threads[i] = CreateThread(NULL, 0, i < PRODUCERS ? produce : consume, &b, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    ck_assert_uint_lt(WaitForMultipleObjects(PRODUCERS + CONSUMERS, threads, TRUE, WAIT_WORK),
                      WAIT_OBJECT_0 + PRODUCERS + CONSUMERS);
    for (int i = 0; i < PRODUCERS + CONSUMERS; i++) {
        DWORD code = STILL_ACTIVE;
        ck_assert(GetExitCodeThread(threads[i], &code));
        ck_assert_uint_eq(code, 0);
        ck_assert(CloseHandle(threads[i]));
    }
    ck_assert_int_eq(b.consumed, total);
    ck_assert_int_eq(b.produced_sum, (long long)total * (total + 1) / 2);
    ck_assert_int_eq(b.consumed_sum, b.produced_sum);
    /* Final counts: every slot free again, no item left. */
    ck_assert_uint_eq(WaitForSingleObject(b.items, 0), WAIT_TIMEOUT);
    LONG previous = -1;
    SetLastError(0xdeadbeef);
    ck_assert(!ReleaseSemaphore(b.free_slots, 1, &previous));
    ck_assert_uint_eq(GetLastError(), ERROR_TOO_MANY_POSTS);
    drain_semaphore(b.free_slots, SLOTS);
    ck_assert(CloseHandle(b.free_slots));
    ck_assert(CloseHandle(b.items));
    ck_assert(CloseHandle(b.lock));
    LEAK_CHECK_END();
}
END_TEST

/* ---- ping-pong on two auto-reset events ---- */

#define PING_ROUNDS 3000

struct ping_pong {
    HANDLE ping, pong;          /* auto-reset events */
    long turns;                 /* written in turn, ordered by the events */
};

static DWORD WINAPI pong_side(LPVOID param)
{
    struct ping_pong *p = param;

    for (int i = 0; i < PING_ROUNDS; i++) {
        if (WaitForSingleObject(p->ping, WAIT_LONG) != WAIT_OBJECT_0)
            return 1;
        if (p->turns != 2L * i + 1)
            return 2;
        p->turns++;
        if (!SetEvent(p->pong))
            return 3;
    }
    return 0;
}

START_TEST(test_ping_pong_on_auto_events_keeps_strict_turns)
{
    LEAK_CHECK_BEGIN();
    struct ping_pong p = {
        CreateEventA(NULL, FALSE, FALSE, NULL), CreateEventA(NULL, FALSE, FALSE, NULL), 0
    };
    DWORD code = STILL_ACTIVE;

    ck_assert_ptr_nonnull(p.ping);
    ck_assert_ptr_nonnull(p.pong);
    HANDLE t = CreateThread(NULL, 0, pong_side, &p, 0, NULL);
    ck_assert_ptr_nonnull(t);
    for (int i = 0; i < PING_ROUNDS; i++) {
        ck_assert_int_eq(p.turns, 2L * i);
        p.turns++;
        ck_assert(SetEvent(p.ping));
        ck_assert_uint_eq(WaitForSingleObject(p.pong, WAIT_LONG), WAIT_OBJECT_0);
    }
    ck_assert_uint_eq(WaitForSingleObject(t, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(t, &code));
    ck_assert_uint_eq(code, 0);
    ck_assert_int_eq(p.turns, 2L * PING_ROUNDS);
    ck_assert_uint_eq(WaitForSingleObject(p.ping, 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForSingleObject(p.pong, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(t));
    ck_assert(CloseHandle(p.ping));
    ck_assert(CloseHandle(p.pong));
    LEAK_CHECK_END();
}
END_TEST

/* ---- wait-all on overlapping pairs of semaphores ---- */

#define SEMS 4                  /* waiter i takes one unit of sem i and sem i+1 */
#define PAIR_WAITS 400          /* per waiter */
#define RELEASERS 2             /* each releases PAIR_WAITS units into every sem */

struct pairs {
    HANDLE sems[SEMS];
    LONG next_waiter;
    LONG satisfied[SEMS];       /* completed wait-alls per waiter */
};

static DWORD WINAPI wait_all_pair(LPVOID param)
{
    struct pairs *p = param;
    LONG me = InterlockedIncrement(&p->next_waiter) - 1;
    HANDLE pair[2] = { p->sems[me], p->sems[(me + 1) % SEMS] };

    for (int i = 0; i < PAIR_WAITS; i++) {
        if (WaitForMultipleObjects(2, pair, TRUE, WAIT_LONG) != WAIT_OBJECT_0)
            return 1;
        InterlockedIncrement(&p->satisfied[me]);
    }
    return 0;
}

static DWORD WINAPI release_all(LPVOID param)
{
    struct pairs *p = param;
    DWORD bad = 0;

    for (int i = 0; i < PAIR_WAITS; i++)
        for (int s = 0; s < SEMS; s++)
            bad += !ReleaseSemaphore(p->sems[s], 1, NULL);
    return bad;
}

START_TEST(test_wait_all_on_semaphore_pairs_conserves_counts)
{
    LEAK_CHECK_BEGIN();
    struct pairs p = {0};
    HANDLE threads[SEMS + RELEASERS];

    for (int s = 0; s < SEMS; s++) {
        p.sems[s] = CreateSemaphoreA(NULL, 0, 0x7fffffff, NULL);
        ck_assert_ptr_nonnull(p.sems[s]);
    }
    for (int i = 0; i < SEMS + RELEASERS; i++) {
        threads[i] = CreateThread(NULL, 0, i < SEMS ? wait_all_pair : release_all, &p, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    ck_assert_uint_lt(WaitForMultipleObjects(SEMS + RELEASERS, threads, TRUE, WAIT_WORK),
                      WAIT_OBJECT_0 + SEMS + RELEASERS);
    for (int i = 0; i < SEMS + RELEASERS; i++) {
        DWORD code = STILL_ACTIVE;
        ck_assert(GetExitCodeThread(threads[i], &code));
        ck_assert_uint_eq(code, 0);
        ck_assert(CloseHandle(threads[i]));
    }
    /* Each sem got RELEASERS * PAIR_WAITS units; its two waiters took them all. */
    for (int s = 0; s < SEMS; s++) {
        LONG previous = -1;
        ck_assert_int_eq(p.satisfied[s], PAIR_WAITS);
        ck_assert(ReleaseSemaphore(p.sems[s], 1, &previous));
        ck_assert_int_eq(previous, 0);
        ck_assert(CloseHandle(p.sems[s]));
    }
    LEAK_CHECK_END();
}
END_TEST

/* ---- thread churn ---- */

#define CHURN_THREADS 200
#define CHURN_BATCH 8

static DWORD WINAPI echo_index(LPVOID param)
{
    return (DWORD)(uintptr_t)param;
}

START_TEST(test_create_wait_close_hundreds_of_threads)
{
    LEAK_CHECK_BEGIN();
    DWORD ids[CHURN_BATCH];

    for (int base = 0; base < CHURN_THREADS; base += CHURN_BATCH) {
        HANDLE batch[CHURN_BATCH];
        for (int i = 0; i < CHURN_BATCH; i++) {
            DWORD flags = (base / CHURN_BATCH) % 2 ? CREATE_SUSPENDED : 0;
            batch[i] = CreateThread(NULL, 0, echo_index, (LPVOID)(uintptr_t)(base + i),
                                    flags, &ids[i]);
            ck_assert_ptr_nonnull(batch[i]);
            if (flags)
                ck_assert_uint_eq(ResumeThread(batch[i]), 1);
        }
        ck_assert_uint_lt(WaitForMultipleObjects(CHURN_BATCH, batch, TRUE, WAIT_LONG),
                          WAIT_OBJECT_0 + CHURN_BATCH);
        for (int i = 0; i < CHURN_BATCH; i++) {
            DWORD code = STILL_ACTIVE;
            ck_assert(GetExitCodeThread(batch[i], &code));
            ck_assert_uint_eq(code, (DWORD)(base + i));
            ck_assert_uint_eq(GetThreadId(batch[i]), ids[i]);
            ck_assert(CloseHandle(batch[i]));
        }
    }
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI release_one(LPVOID param)
{
    return !ReleaseSemaphore(param, 1, NULL);
}

START_TEST(test_threads_with_handles_closed_at_once_all_run)
{
    LEAK_CHECK_BEGIN();
    HANDLE done = CreateSemaphoreA(NULL, 0, CHURN_THREADS, NULL);

    ck_assert_ptr_nonnull(done);
    for (int i = 0; i < CHURN_THREADS / 2; i++) {
        HANDLE h = CreateThread(NULL, 0, release_one, done, 0, NULL);
        ck_assert_ptr_nonnull(h);
        ck_assert(CloseHandle(h));
    }
    for (int i = 0; i < CHURN_THREADS / 2; i++)
        ck_assert_uint_eq(WaitForSingleObject(done, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(done, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(done));
    LEAK_CHECK_END();
}
END_TEST

/* ---- many threads, each on objects of its own, and on shared ones ---- */

#define OWN_THREADS 16
#define OWN_ROUNDS 2000

struct own_objects {
    HANDLE shared_sem;              /* every thread takes and gives back one unit */
    HANDLE shared_mutex;            /* guards counter */
    LONG counter;
};

/*
 * Each thread makes its own event, mutex and semaphore (in its own handle
 * table shard), works on them, and churns a handle per round, while all of
 * them also share a semaphore and a mutex.
 */
static DWORD WINAPI work_own_and_shared(LPVOID param)
{
    struct own_objects *o = param;
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE mx = CreateMutexA(NULL, FALSE, NULL);
    HANDLE sem = CreateSemaphoreA(NULL, 0, 2, NULL);
    DWORD bad = !ev || !mx || !sem;

    for (int i = 0; i < OWN_ROUNDS && !bad; i++) {
        HANDLE churn = CreateEventA(NULL, TRUE, TRUE, NULL);
        LONG previous = -1;

        bad += !SetEvent(ev);
        bad += WaitForSingleObject(ev, 0) != WAIT_OBJECT_0;
        bad += WaitForSingleObject(ev, 0) != WAIT_TIMEOUT;
        bad += WaitForSingleObject(mx, 0) != WAIT_OBJECT_0;
        bad += WaitForSingleObject(mx, 0) != WAIT_OBJECT_0;     /* recursive */
        bad += !ReleaseMutex(mx) || !ReleaseMutex(mx);
        bad += !ReleaseSemaphore(sem, 2, &previous) || previous != 0;
        bad += WaitForMultipleObjects(2, (HANDLE[]){ ev, sem }, FALSE, 0) != WAIT_OBJECT_0 + 1;
        bad += WaitForSingleObject(sem, 0) != WAIT_OBJECT_0;
        bad += !churn || WaitForSingleObject(churn, 0) != WAIT_OBJECT_0 || !CloseHandle(churn);
        bad += WaitForSingleObject(o->shared_sem, WAIT_LONG) != WAIT_OBJECT_0;
        bad += WaitForSingleObject(o->shared_mutex, WAIT_LONG) != WAIT_OBJECT_0;
        o->counter++;
        bad += !ReleaseMutex(o->shared_mutex);
        bad += !ReleaseSemaphore(o->shared_sem, 1, NULL);
    }
    bad += !CloseHandle(ev) || !CloseHandle(mx) || !CloseHandle(sem);
    return bad;
}

START_TEST(test_threads_on_own_and_shared_objects_keep_exact_counts)
{
    LEAK_CHECK_BEGIN();
    struct own_objects o = { CreateSemaphoreA(NULL, 3, 3, NULL), CreateMutexA(NULL, FALSE, NULL),
                             0 };
    LONG previous = -1;

    ck_assert_ptr_nonnull(o.shared_sem);
    ck_assert_ptr_nonnull(o.shared_mutex);
    run_threads(OWN_THREADS, work_own_and_shared, &o);
    ck_assert_int_eq(o.counter, OWN_THREADS * OWN_ROUNDS);
    /* Every unit came back: the count is 3 again. */
    drain_semaphore(o.shared_sem, 3);
    ck_assert(ReleaseSemaphore(o.shared_sem, 3, &previous));
    ck_assert_int_eq(previous, 0);
    ck_assert_uint_eq(WaitForSingleObject(o.shared_mutex, 0), WAIT_OBJECT_0);
    ck_assert(ReleaseMutex(o.shared_mutex));
    ck_assert(CloseHandle(o.shared_sem));
    ck_assert(CloseHandle(o.shared_mutex));
    LEAK_CHECK_END();
}
END_TEST

/* ---- wait-all against wait-any on auto-reset events ---- */

#define PAIR_ROUNDS 3000

struct event_pair {
    HANDLE ev[2];                   /* auto-reset */
    LONG sets[2];                   /* signals given */
    LONG all_waits;                 /* wait-alls satisfied: one signal of each */
    LONG any_waits[2];              /* wait-anys satisfied, by event */
    LONG stop;
};

struct setter {
    struct event_pair *p;
    int e;
};

static LONG taken(struct event_pair *p, int e)
{
    return InterlockedCompareExchange(&p->all_waits, 0, 0) +
           InterlockedCompareExchange(&p->any_waits[e], 0, 0);
}

/* Sets its event only once the last signal was taken: none coalesce. */
static DWORD WINAPI set_when_taken(LPVOID param)
{
    struct setter *s = param;
    struct event_pair *p = s->p;

    for (int i = 0; i < PAIR_ROUNDS; i++) {
        DWORD start = GetTickCount();
        while (taken(p, s->e) != p->sets[s->e]) {
            if (GetTickCount() - start > (DWORD)WAIT_LONG)
                return 1;           /* a signal was lost */
            SwitchToThread();
        }
        InterlockedIncrement(&p->sets[s->e]);
        if (!SetEvent(p->ev[s->e]))
            return 1;
    }
    return 0;
}

static DWORD WINAPI take_all(LPVOID param)
{
    struct event_pair *p = param;

    while (!InterlockedCompareExchange(&p->stop, 0, 0))
        if (WaitForMultipleObjects(2, p->ev, TRUE, 1) == WAIT_OBJECT_0)
            InterlockedIncrement(&p->all_waits);
    return 0;
}

static DWORD WINAPI take_any(LPVOID param)
{
    struct event_pair *p = param;

    while (!InterlockedCompareExchange(&p->stop, 0, 0)) {
        DWORD r = WaitForMultipleObjects(2, p->ev, FALSE, 1);
        if (r < WAIT_OBJECT_0 + 2)
            InterlockedIncrement(&p->any_waits[r - WAIT_OBJECT_0]);
    }
    return 0;
}

/*
 * A signal is taken once, by one waiter, and a wait-all takes one of each
 * event or none: so every signal given is accounted for by exactly one
 * satisfied wait, or is still pending in its event at the end. A wait-all
 * that took one event and not the other would lose a signal, and its setter
 * would wait for it in vain.
 */
START_TEST(test_wait_all_takes_both_auto_events_or_neither_against_wait_any)
{
    LEAK_CHECK_BEGIN();
    struct event_pair p = { .ev = { CreateEventA(NULL, FALSE, FALSE, NULL),
                                    CreateEventA(NULL, FALSE, FALSE, NULL) } };
    struct setter setters[2] = { { &p, 0 }, { &p, 1 } };
    HANDLE threads[5];

    for (int i = 0; i < 5; i++) {
        threads[i] = i < 2 ? CreateThread(NULL, 0, set_when_taken, &setters[i], 0, NULL)
                   : CreateThread(NULL, 0, i < 4 ? take_all : take_any, &p, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    ck_assert_uint_lt(WaitForMultipleObjects(2, threads, TRUE, WAIT_WORK), WAIT_OBJECT_0 + 2);
    InterlockedExchange(&p.stop, 1);
    ck_assert_uint_lt(WaitForMultipleObjects(5, threads, TRUE, WAIT_LONG), WAIT_OBJECT_0 + 5);
    for (int i = 0; i < 5; i++) {
        DWORD code = STILL_ACTIVE;
        ck_assert(GetExitCodeThread(threads[i], &code));
        ck_assert_uint_eq(code, 0);
        ck_assert(CloseHandle(threads[i]));
    }
    for (int e = 0; e < 2; e++) {
        LONG pending = WaitForSingleObject(p.ev[e], 0) == WAIT_OBJECT_0;
        ck_assert_int_eq(p.all_waits + p.any_waits[e] + pending, p.sets[e]);
    }
    ck_assert_int_eq(p.sets[0], PAIR_ROUNDS);
    ck_assert_int_eq(p.sets[1], PAIR_ROUNDS);
    ck_assert(CloseHandle(p.ev[0]));
    ck_assert(CloseHandle(p.ev[1]));
    LEAK_CHECK_END();
}
END_TEST

/* ---- fast paths racing the close of the last handle ---- */

#define CLOSE_RACES 2000

struct fast_close_race {
    HANDLE h;
    HANDLE go;                      /* auto-reset: one round at a time */
    HANDLE done;
    int kind;                       /* 0 event, 1 semaphore, 2 mutex */
    int bad_round;                  /* the first failure, for the report: its round, */
    int bad_step;                   /* its step (8: setting done), */
    DWORD bad_error;                /* and its error */
};

/* Counts a failure; keeps the first one's round, step and error. */
static DWORD note_failure(struct fast_close_race *r, DWORD bad, int round, int step)
{
    if (!bad) {
        r->bad_round = round;
        r->bad_step = step;
        r->bad_error = GetLastError();
    }
    return bad + 1;
}

static DWORD WINAPI signal_until_gone(LPVOID param)
{
    struct fast_close_race *r = param;
    DWORD bad = 0;

    for (int i = 0; i < CLOSE_RACES; i++) {
        BOOL ok = TRUE;
        if (WaitForSingleObject(r->go, WAIT_LONG) != WAIT_OBJECT_0)
            return note_failure(r, bad, i, -1);
        for (int k = 0; k < 8 && ok; k++) {
            HANDLE h = *(HANDLE volatile *)&r->h;
            if (r->kind == 0)
                ok = SetEvent(h);
            else if (r->kind == 1)
                ok = ReleaseSemaphore(h, 1, NULL) || GetLastError() == ERROR_TOO_MANY_POSTS;
            else
                ok = WaitForSingleObject(h, 0) == WAIT_OBJECT_0 && ReleaseMutex(h);
            if (!ok && GetLastError() != ERROR_INVALID_HANDLE)
                bad = note_failure(r, bad, i, k);
        }
        if (!SetEvent(r->done))
            bad = note_failure(r, bad, i, 8);
    }
    return bad;
}

/*
 * SetEvent, ReleaseSemaphore and a mutex's wait and release look handles up
 * without a lock or a reference: closing the last handle meanwhile must give
 * either success or ERROR_INVALID_HANDLE, and free nothing still in use
 * (AddressSanitizer checks the second).
 */
START_TEST(test_fast_signals_racing_the_last_close_are_safe)
{
    LEAK_CHECK_BEGIN();
    for (int kind = 0; kind < 3; kind++) {
        struct fast_close_race r = { .go = CreateEventA(NULL, FALSE, FALSE, NULL),
                                     .done = CreateEventA(NULL, FALSE, FALSE, NULL),
                                     .kind = kind };
        HANDLE thread;

        thread = CreateThread(NULL, 0, signal_until_gone, &r, 0, NULL);
        ck_assert_ptr_nonnull(thread);
        for (int i = 0; i < CLOSE_RACES; i++) {
            HANDLE h = kind == 0 ? CreateEventA(NULL, FALSE, FALSE, NULL)
                     : kind == 1 ? CreateSemaphoreA(NULL, 0, 4, NULL)
                                 : CreateMutexA(NULL, FALSE, NULL);
            ck_assert_ptr_nonnull(h);
            *(HANDLE volatile *)&r.h = h;
            ck_assert(SetEvent(r.go));
            SwitchToThread();
            ck_assert(CloseHandle(h));
            ck_assert_uint_eq(WaitForSingleObject(r.done, WAIT_LONG), WAIT_OBJECT_0);
        }
        DWORD failures = exit_code(thread);
        ck_assert_msg(failures == 0,
                      "kind %d: %u failures, the first in round %d, step %d: error %u", kind,
                      (unsigned)failures, r.bad_round, r.bad_step, (unsigned)r.bad_error);
        ck_assert(CloseHandle(thread));
        ck_assert(CloseHandle(r.go));
        ck_assert(CloseHandle(r.done));
    }
    LEAK_CHECK_END();
}
END_TEST

/* ---- handles of more threads than the table has shards ---- */

#define MANY_CREATORS 80
#define PER_CREATOR 50

struct creators {
    HANDLE handles[MANY_CREATORS][PER_CREATOR];
    HANDLE start;                   /* manual-reset: all create at once */
};

static LONG next_creator;

static DWORD WINAPI create_some(LPVOID param)
{
    struct creators *c = param;
    LONG me = InterlockedIncrement(&next_creator) - 1;

    if (WaitForSingleObject(c->start, WAIT_LONG) != WAIT_OBJECT_0)
        return 1;
    for (int i = 0; i < PER_CREATOR; i++)
        if (!(c->handles[me][i] = CreateEventA(NULL, FALSE, FALSE, NULL)))
            return 1;
    return 0;
}

START_TEST(test_handles_of_more_threads_than_shards_are_distinct_and_counted)
{
    LEAK_CHECK_BEGIN();
    static struct creators c;
    HANDLE threads[MANY_CREATORS];
    DWORD before = handle_count();

    next_creator = 0;
    c.start = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert_ptr_nonnull(c.start);
    for (int i = 0; i < MANY_CREATORS; i++) {
        threads[i] = CreateThread(NULL, 0, create_some, &c, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    ck_assert(SetEvent(c.start));
    for (int i = 0; i < MANY_CREATORS; i++) {
        ck_assert_uint_eq(exit_code(threads[i]), 0);
        ck_assert(CloseHandle(threads[i]));
    }
    ck_assert_uint_eq(handle_count(), before + 1 + MANY_CREATORS * PER_CREATOR);
    for (int i = 0; i < MANY_CREATORS * PER_CREATOR; i++) {
        HANDLE h = c.handles[i / PER_CREATOR][i % PER_CREATOR];
        ck_assert_uint_eq((ULONG_PTR)h & 3, 0);
        ck_assert_uint_lt((ULONG_PTR)h, (ULONG_PTR)1 << 30);
        /* Distinct: each one is still unset after the others were set. */
        ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
        ck_assert(SetEvent(h));
    }
    for (int i = 0; i < MANY_CREATORS * PER_CREATOR; i++)
        ck_assert(CloseHandle(c.handles[i / PER_CREATOR][i % PER_CREATOR]));
    ck_assert(CloseHandle(c.start));
    LEAK_CHECK_END();
}
END_TEST

static Suite *stress_suite(void)
{
    Suite *s = suite_create("stress");
    TCase *tc = tcase_create("stress");

    /* Only reached if broken: every test here ends in a second or two on an
     * idle machine, and takes far longer at nice 19 beside busy processes
     * (test_fast_signals_racing_the_last_close_are_safe's 6,000 hand-offs
     * between two threads once took over 120 s beside two CPU hogs on two
     * CPUs, where each wake-up waits for a slice of about 1.5% of a CPU). */
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_threads_create_duplicate_signal_wait_close_concurrently);
    tcase_add_test(tc, test_close_racing_waits_gives_result_or_invalid_handle);
    tcase_add_test(tc, test_mutex_serializes_counter_updates);
    tcase_add_test(tc, test_semaphores_pass_every_item_exactly_once);
    tcase_add_test(tc, test_ping_pong_on_auto_events_keeps_strict_turns);
    tcase_add_test(tc, test_wait_all_on_semaphore_pairs_conserves_counts);
    tcase_add_test(tc, test_create_wait_close_hundreds_of_threads);
    tcase_add_test(tc, test_threads_with_handles_closed_at_once_all_run);
    tcase_add_test(tc, test_threads_on_own_and_shared_objects_keep_exact_counts);
    tcase_add_test(tc, test_wait_all_takes_both_auto_events_or_neither_against_wait_any);
    tcase_add_test(tc, test_fast_signals_racing_the_last_close_are_safe);
    tcase_add_test(tc, test_handles_of_more_threads_than_shards_are_distinct_and_counted);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(stress_suite)
