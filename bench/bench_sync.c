/* Benchmark rows: critical sections, SRW locks, condition variables. */
#include "bench.h"

#include <pthread.h>
#include <stdbool.h>

/* ---- EnterCriticalSection + LeaveCriticalSection vs pthread_mutex ---- */

static void w32_critsec(void *ctx, long iters)
{
    CRITICAL_SECTION *cs = ctx;

    for (long i = 0; i < iters; i++) {
        EnterCriticalSection(cs);
        LeaveCriticalSection(cs);
    }
}

static void posix_mutex(void *ctx, long iters)
{
    pthread_mutex_t *m = ctx;

    for (long i = 0; i < iters; i++) {
        if (pthread_mutex_lock(m) != 0)
            fail("pthread_mutex_lock");
        pthread_mutex_unlock(m);
    }
}

static void bench_critsec(void)
{
    CRITICAL_SECTION cs;
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    double w32, posix;

    InitializeCriticalSection(&cs);
    measure(&(struct side){ w32_critsec, &cs }, &(struct side){ posix_mutex, &m }, 5000000,
            &w32, &posix);
    report("Enter+LeaveCriticalSection, uncontended", w32, posix, 0, 1.5, "<= 1.5x");
    DeleteCriticalSection(&cs);
}

/* ---- AcquireSRWLockExclusive + Release vs pthread_mutex ---- */

static void w32_srw_exclusive(void *ctx, long iters)
{
    SRWLOCK *lock = ctx;

    for (long i = 0; i < iters; i++) {
        AcquireSRWLockExclusive(lock);
        ReleaseSRWLockExclusive(lock);
    }
}

static void bench_srw_exclusive(void)
{
    SRWLOCK lock = SRWLOCK_INIT;
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    double w32, posix;

    measure(&(struct side){ w32_srw_exclusive, &lock }, &(struct side){ posix_mutex, &m },
            5000000, &w32, &posix);
    report("SRW exclusive acquire+release, uncontended", w32, posix, 0, 1.5, "<= 1.5x");
}

/* ---- shared acquire + release by two threads at once vs pthread_rwlock ---- */

/* Both sides start their second thread with pthread_create, so the setup is
 * the same; each thread does iters acquire/release pairs. */
struct shared_run {
    void (*loop)(void *lock, long iters);
    void *lock;
    long iters;
};

static void *shared_partner(void *arg)
{
    struct shared_run *r = arg;

    r->loop(r->lock, r->iters);
    return NULL;
}

static void run_two_threads(void (*loop)(void *, long), void *lock, long iters)
{
    struct shared_run r = { loop, lock, iters };
    pthread_t tid;

    if (pthread_create(&tid, NULL, shared_partner, &r) != 0)
        fail("pthread_create");
    loop(lock, iters);
    pthread_join(tid, NULL);
}

static void w32_shared_loop(void *lock, long iters)
{
    for (long i = 0; i < iters; i++) {
        AcquireSRWLockShared(lock);
        ReleaseSRWLockShared(lock);
    }
}

static void posix_shared_loop(void *lock, long iters)
{
    for (long i = 0; i < iters; i++) {
        if (pthread_rwlock_rdlock(lock) != 0)
            fail("pthread_rwlock_rdlock");
        pthread_rwlock_unlock(lock);
    }
}

static void w32_shared_pair(void *ctx, long iters)
{
    run_two_threads(w32_shared_loop, ctx, iters);
}

static void posix_shared_pair(void *ctx, long iters)
{
    run_two_threads(posix_shared_loop, ctx, iters);
}

static void bench_srw_shared(void)
{
    SRWLOCK lock = SRWLOCK_INIT;
    pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
    double w32, posix;

    measure(&(struct side){ w32_shared_pair, &lock }, &(struct side){ posix_shared_pair, &rw },
            2000000, &w32, &posix);
    report("SRW shared acquire+release, 2 threads", w32, posix, 0, 1.5, "<= 1.5x");
    pthread_rwlock_destroy(&rw);
}

/* ---- ping-pong through a condition variable ---- */

/* turn says who moves next (0: the main thread, 1: the partner); the partner
 * answers exactly total pings, then ends. */
struct w32_cv_pingpong {
    CRITICAL_SECTION cs;
    CONDITION_VARIABLE cv;
    int turn;                   /* cs */
    long total;
};

static DWORD WINAPI w32_cv_partner(LPVOID arg)
{
    struct w32_cv_pingpong *pp = arg;

    EnterCriticalSection(&pp->cs);
    for (long i = 0; i < pp->total; i++) {
        while (pp->turn != 1)
            if (!SleepConditionVariableCS(&pp->cv, &pp->cs, INFINITE))
                fail("SleepConditionVariableCS");
        pp->turn = 0;
        WakeConditionVariable(&pp->cv);
    }
    LeaveCriticalSection(&pp->cs);
    return 0;
}

static void w32_cv_round_trips(void *ctx, long iters)
{
    struct w32_cv_pingpong *pp = ctx;

    EnterCriticalSection(&pp->cs);
    for (long i = 0; i < iters; i++) {
        pp->turn = 1;
        WakeConditionVariable(&pp->cv);
        while (pp->turn != 0)
            if (!SleepConditionVariableCS(&pp->cv, &pp->cs, INFINITE))
                fail("SleepConditionVariableCS");
    }
    LeaveCriticalSection(&pp->cs);
}

struct posix_cv_pingpong {
    pthread_mutex_t m;
    pthread_cond_t cv;
    int turn;                   /* m */
    long total;
};

static void *posix_cv_partner(void *arg)
{
    struct posix_cv_pingpong *pp = arg;

    pthread_mutex_lock(&pp->m);
    for (long i = 0; i < pp->total; i++) {
        while (pp->turn != 1)
            pthread_cond_wait(&pp->cv, &pp->m);
        pp->turn = 0;
        pthread_cond_signal(&pp->cv);
    }
    pthread_mutex_unlock(&pp->m);
    return NULL;
}

static void posix_cv_round_trips(void *ctx, long iters)
{
    struct posix_cv_pingpong *pp = ctx;

    pthread_mutex_lock(&pp->m);
    for (long i = 0; i < iters; i++) {
        pp->turn = 1;
        pthread_cond_signal(&pp->cv);
        while (pp->turn != 0)
            pthread_cond_wait(&pp->cv, &pp->m);
    }
    pthread_mutex_unlock(&pp->m);
}

static void bench_cv_pingpong(void)
{
    long iters = 50000 / scale;
    /* What measure() and report_switches() will run. */
    long total = (iters / 10 + 1) + reps * iters + iters;
    struct w32_cv_pingpong wp = { .turn = 0, .total = total };
    struct posix_cv_pingpong pp = {
        PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, total
    };
    HANDLE thread;
    pthread_t tid;
    double w32, posix;

    InitializeCriticalSection(&wp.cs);
    InitializeConditionVariable(&wp.cv);
    thread = CreateThread(NULL, 0, w32_cv_partner, &wp, 0, NULL);
    if (!thread)
        fail("CreateThread");
    if (pthread_create(&tid, NULL, posix_cv_partner, &pp) != 0)
        fail("pthread_create");
    struct side w32_side = { w32_cv_round_trips, &wp };
    struct side posix_side = { posix_cv_round_trips, &pp };
    measure(&w32_side, &posix_side, 50000, &w32, &posix);
    report("ping-pong round trip, condition variable+CS", w32, posix, 0, 1.2, "<= 1.2x");
    report_switches(&w32_side, &posix_side, 50000);
    if (WaitForSingleObject(thread, INFINITE) != WAIT_OBJECT_0)
        fail("WaitForSingleObject(thread)");
    pthread_join(tid, NULL);
    CloseHandle(thread);
    DeleteCriticalSection(&wp.cs);
    pthread_cond_destroy(&pp.cv);
}

void bench_sync(void)
{
    bench_critsec();
    bench_srw_exclusive();
    bench_srw_shared();
    bench_cv_pingpong();
}
