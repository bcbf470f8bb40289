/*
 * Benchmark rows of the dispatcher's scaling: threads working on unrelated
 * objects, and a wait on 64 objects.
 */
#include "bench.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- threads on unrelated objects: speedup over one thread ---- */

/*
 * Each thread runs iters operations on objects of its own (made by itself,
 * before the start line); the time is from the start line until the last
 * thread is done.
 */
struct worker {
    void (*loop)(long iters);
    long iters;
    pthread_barrier_t *start;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;

    pthread_barrier_wait(w->start);
    w->loop(w->iters);
    return NULL;
}

/* Nanoseconds for nthreads threads to run iters operations each. */
static double run_threads(void (*loop)(long), int nthreads, long iters)
{
    pthread_t tids[16];
    struct worker w[16];
    pthread_barrier_t start;
    uint64_t t0;

    pthread_barrier_init(&start, NULL, (unsigned)nthreads + 1);
    for (int i = 0; i < nthreads; i++) {
        w[i] = (struct worker){ loop, iters, &start };
        if (pthread_create(&tids[i], NULL, worker_main, &w[i]) != 0)
            fail("pthread_create");
    }
    pthread_barrier_wait(&start);
    t0 = now_ns();
    for (int i = 0; i < nthreads; i++)
        pthread_join(tids[i], NULL);
    pthread_barrier_destroy(&start);
    return (double)(now_ns() - t0);
}

/* Best speedup of nthreads over one thread: n * t(1 thread) / t(n threads). */
static double speedup(void (*loop)(long), int nthreads, long iters)
{
    double best1 = 1e300, bestn = 1e300;

    iters = iters / scale > 0 ? iters / scale : 1;
    run_threads(loop, nthreads, iters / 10 + 1);
    for (int r = 0; r < reps; r++) {
        double t1 = run_threads(loop, 1, iters);
        double tn = run_threads(loop, nthreads, iters);
        if (t1 < best1)
            best1 = t1;
        if (tn < bestn)
            bestn = tn;
    }
    return nthreads * best1 / bestn;
}

static void event_loop(long iters)
{
    HANDLE h = CreateEventA(NULL, FALSE, FALSE, NULL);

    if (!h)
        fail("CreateEvent");
    for (long i = 0; i < iters; i++) {
        if (!SetEvent(h))
            fail("SetEvent");
        if (WaitForSingleObject(h, 0) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(event, 0)");
    }
    CloseHandle(h);
}

static void mutex_loop(long iters)
{
    HANDLE h = CreateMutexA(NULL, FALSE, NULL);

    if (!h)
        fail("CreateMutex");
    for (long i = 0; i < iters; i++) {
        if (WaitForSingleObject(h, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(mutex)");
        if (!ReleaseMutex(h))
            fail("ReleaseMutex");
    }
    CloseHandle(h);
}

static void semaphore_loop(long iters)
{
    HANDLE h = CreateSemaphoreA(NULL, 0, 1, NULL);

    if (!h)
        fail("CreateSemaphore");
    for (long i = 0; i < iters; i++) {
        if (!ReleaseSemaphore(h, 1, NULL))
            fail("ReleaseSemaphore");
        if (WaitForSingleObject(h, 0) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(semaphore, 0)");
    }
    CloseHandle(h);
}

static void create_close_loop(long iters)
{
    for (long i = 0; i < iters; i++) {
        HANDLE h = CreateEventA(NULL, FALSE, FALSE, NULL);
        if (!h)
            fail("CreateEvent");
        if (!CloseHandle(h))
            fail("CloseHandle");
    }
}

static void pthread_mutex_loop(long iters)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

    for (long i = 0; i < iters; i++) {
        if (pthread_mutex_lock(&m) != 0)
            fail("pthread_mutex_lock");
        pthread_mutex_unlock(&m);
    }
}

static void report_speedup(const char *what, void (*loop)(long), long iters, int nthreads,
                           double posix)
{
    char op[80];
    double w32 = speedup(loop, nthreads, iters);

    snprintf(op, sizeof(op), "%d threads, own %s: speedup", nthreads, what);
    /* A ratio of speedups: higher is better, so the target is a minimum. */
    printf("%-44s %11.2fx %11.2fx %7.2fx  %-10s %s\n", op, w32, posix, w32 / posix,
           ">= 0.9x", w32 / posix >= 0.9 ? "yes" : "NO");
    fflush(stdout);
}

static void bench_unrelated_objects(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);

    printf("-- speedup of n threads over 1, each on its own objects; "
           "POSIX: n threads on n pthread mutexes --\n");
    for (int n = 2; n <= 4 && n <= cpus; n += 2) {
        double posix = speedup(pthread_mutex_loop, n, 20000000);
        report_speedup("events", event_loop, 4000000, n, posix);
        report_speedup("mutexes", mutex_loop, 4000000, n, posix);
        report_speedup("semaphores", semaphore_loop, 4000000, n, posix);
        report_speedup("event create+close", create_close_loop, 1000000, n, posix);
    }
}

/* ---- WaitForMultipleObjects on 64, the last signalled, vs one object ---- */

struct waits {
    HANDLE handles[MAXIMUM_WAIT_OBJECTS];
};

static void wait_64(void *ctx, long iters)
{
    struct waits *w = ctx;

    for (long i = 0; i < iters; i++)
        if (WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, w->handles, FALSE, 0) !=
            WAIT_OBJECT_0 + MAXIMUM_WAIT_OBJECTS - 1)
            fail("WaitForMultipleObjects(64)");
}

static void wait_1(void *ctx, long iters)
{
    struct waits *w = ctx;

    for (long i = 0; i < iters; i++)
        if (WaitForSingleObject(w->handles[MAXIMUM_WAIT_OBJECTS - 1], 0) != WAIT_OBJECT_0)
            fail("WaitForSingleObject");
}

static void bench_wait_64(void)
{
    struct waits w;
    double w64, w1;

    for (int i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
        if (!(w.handles[i] = CreateEventA(NULL, TRUE, i == MAXIMUM_WAIT_OBJECTS - 1, NULL)))
            fail("CreateEvent");
    measure(&(struct side){ wait_64, &w }, &(struct side){ wait_1, &w }, 1000000, &w64, &w1);
    report("Wait on 64 objects, last signalled, vs 1", w64, w1, 0, 4.0, "<= 4x");
    for (int i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
        CloseHandle(w.handles[i]);
}

void bench_dispatch(void)
{
    bench_wait_64();
    bench_unrelated_objects();
}
