/* Benchmark rows: thread pools. */
#include "bench.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define REGISTERED_WAITS 10000

/* Threads of this process, counted from /proc/self/task. */
static int thread_count(void)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    int n = 0;

    if (!d)
        fail("opendir /proc/self/task");
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static VOID CALLBACK never_called(PVOID ctx, BOOLEAN fired)
{
    fail("a registered wait on an unsignalled event called back");
}

/* ---- 10,000 RegisterWaitForSingleObject: threads it costs ---- */

static void bench_registered_waits(void)
{
    HANDLE *events = calloc(REGISTERED_WAITS, sizeof(HANDLE));
    HANDLE *waits = calloc(REGISTERED_WAITS, sizeof(HANDLE));
    int before, after;
    uint64_t start, registered;

    if (!events || !waits)
        fail("calloc");
    before = thread_count();
    start = now_ns();
    for (int i = 0; i < REGISTERED_WAITS; i++) {
        events[i] = CreateEventW(NULL, TRUE, FALSE, NULL);
        if (!events[i])
            fail("CreateEventW");
        if (!RegisterWaitForSingleObject(&waits[i], events[i], never_called, NULL, INFINITE,
                                         WT_EXECUTEONLYONCE))
            fail("RegisterWaitForSingleObject");
    }
    registered = now_ns();
    after = thread_count();
    for (int i = 0; i < REGISTERED_WAITS; i++) {
        if (!UnregisterWaitEx(waits[i], INVALID_HANDLE_VALUE))
            fail("UnregisterWaitEx");
        if (!CloseHandle(events[i]))
            fail("CloseHandle");
    }
    printf("%-44s threads before %d, after %d: +%d (target <= 4, not %d) %s\n",
           "RegisterWaitForSingleObject x10000", before, after, after - before,
           REGISTERED_WAITS, after - before <= 4 ? "yes" : "NO");
    printf("  register: %.0f ns/wait, unregister: %.0f ns/wait\n",
           (double)(registered - start) / REGISTERED_WAITS,
           (double)(now_ns() - registered) / REGISTERED_WAITS);
    fflush(stdout);
    free(events);
    free(waits);
}

/* ---- SubmitThreadpoolWork vs a pthread + condition variable queue ---- */

static atomic_long work_done;

static VOID CALLBACK count_work(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    atomic_fetch_add_explicit(&work_done, 1, memory_order_relaxed);
}

static void w32_work(void *ctx, long iters)
{
    PTP_WORK work = ctx;

    for (long i = 0; i < iters; i++)
        SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
}

/* The POSIX twin: ncpu workers take items off a counted queue. */
struct simple_pool {
    pthread_mutex_t lock;
    pthread_cond_t work, idle;          /* items queued; all items done */
    long queued, running;
    bool quit;
    void (*fn)(void);
    int nthreads;
    pthread_t threads[64];
};

static void posix_item(void)
{
    atomic_fetch_add_explicit(&work_done, 1, memory_order_relaxed);
}

static void *simple_worker(void *arg)
{
    struct simple_pool *p = arg;

    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->queued && !p->quit)
            pthread_cond_wait(&p->work, &p->lock);
        if (!p->queued)
            break;
        p->queued--;
        p->running++;
        pthread_mutex_unlock(&p->lock);
        p->fn();
        pthread_mutex_lock(&p->lock);
        if (!--p->running && !p->queued)
            pthread_cond_broadcast(&p->idle);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void posix_work(void *ctx, long iters)
{
    struct simple_pool *p = ctx;

    for (long i = 0; i < iters; i++) {
        pthread_mutex_lock(&p->lock);
        p->queued++;
        pthread_cond_signal(&p->work);
        pthread_mutex_unlock(&p->lock);
    }
    pthread_mutex_lock(&p->lock);
    while (p->queued || p->running)
        pthread_cond_wait(&p->idle, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

static void bench_work_throughput(void)
{
    static struct simple_pool p = {
        .lock = PTHREAD_MUTEX_INITIALIZER,
        .work = PTHREAD_COND_INITIALIZER,
        .idle = PTHREAD_COND_INITIALIZER,
    };
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    PTP_WORK work = CreateThreadpoolWork(count_work, NULL, NULL);
    double w32, posix;

    if (!work)
        fail("CreateThreadpoolWork");
    p.fn = posix_item;
    p.nthreads = ncpu < 1 ? 1 : ncpu > 64 ? 64 : (int)ncpu;
    for (int i = 0; i < p.nthreads; i++)
        if (pthread_create(&p.threads[i], NULL, simple_worker, &p))
            fail("pthread_create");
    measure(&(struct side){ w32_work, work }, &(struct side){ posix_work, &p }, 200000,
            &w32, &posix);
    report("SubmitThreadpoolWork (vs mutex+cond queue)", w32, posix, 0, 2.0,
           "<= 2x");
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    CloseThreadpoolWork(work);
    pthread_mutex_lock(&p.lock);
    p.quit = true;
    pthread_cond_broadcast(&p.work);
    pthread_mutex_unlock(&p.lock);
    for (int i = 0; i < p.nthreads; i++)
        pthread_join(p.threads[i], NULL);
}

void bench_pool(void)
{
    bench_registered_waits();
    bench_work_throughput();
}
