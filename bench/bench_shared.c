/*
 * Benchmark rows of objects shared between processes: a ping-pong on named
 * events between two processes, and a named mutex, each against the raw
 * Linux primitive (futexes in shared memory, a robust process-shared mutex).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "bench.h"

#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 20000

/* ---- the partner process of the named-event ping-pong ---- */

/* bench --shared-partner PING PONG N: answers N pings, then ends. */
int bench_shared_partner(const char *ping_name, const char *pong_name, long rounds)
{
    HANDLE ping = OpenEventA(SYNCHRONIZE, FALSE, ping_name);
    HANDLE pong = OpenEventA(EVENT_MODIFY_STATE, FALSE, pong_name);

    if (!ping || !pong)
        return 1;
    for (long i = 0; i < rounds; i++) {
        if (WaitForSingleObject(ping, INFINITE) != WAIT_OBJECT_0 || !SetEvent(pong))
            return 1;
    }
    return 0;
}

struct w32_pingpong {
    HANDLE ping, pong;
};

static void w32_round_trips(void *ctx, long iters)
{
    struct w32_pingpong *pp = ctx;

    for (long i = 0; i < iters; i++) {
        if (!SetEvent(pp->ping))
            fail("SetEvent(named ping)");
        if (WaitForSingleObject(pp->pong, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(named pong)");
    }
}

/* ---- the raw twin: two auto-reset "events" as futex words in shared memory ---- */

struct futex_pair {
    atomic_uint ping, pong;
};

static void futex_set(atomic_uint *word)
{
    atomic_store(word, 1);
    syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static void futex_take(atomic_uint *word)
{
    for (;;) {
        unsigned one = 1;
        if (atomic_compare_exchange_strong(word, &one, 0))
            return;
        syscall(SYS_futex, word, FUTEX_WAIT, 0, NULL, NULL, 0);
    }
}

static void futex_round_trips(void *ctx, long iters)
{
    struct futex_pair *fp = ctx;

    for (long i = 0; i < iters; i++) {
        futex_set(&fp->ping);
        futex_take(&fp->pong);
    }
}

/* The rounds measure() runs for a given count (see bench.c). */
static long rounds_of(long iters)
{
    iters = iters / scale > 0 ? iters / scale : 1;
    return (iters / 10 + 1) + (long)reps * iters;
}

static void bench_named_pingpong(void)
{
    char ping_name[64], pong_name[64], rounds[32], self[4096];
    struct w32_pingpong wp;
    struct futex_pair *fp = mmap(NULL, sizeof(*fp), PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    long total = rounds_of(ROUNDS);
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    pid_t w32_child, raw_child;
    int status;
    double w32, posix;

    if (fp == MAP_FAILED || n <= 0)
        fail("mmap/readlink");
    self[n] = '\0';
    snprintf(ping_name, sizeof(ping_name), "w32bench_%d_ping", (int)getpid());
    snprintf(pong_name, sizeof(pong_name), "w32bench_%d_pong", (int)getpid());
    snprintf(rounds, sizeof(rounds), "%ld", total);
    wp.ping = CreateEventA(NULL, FALSE, FALSE, ping_name);
    wp.pong = CreateEventA(NULL, FALSE, FALSE, pong_name);
    if (!wp.ping || !wp.pong)
        fail("CreateEvent(named)");
    w32_child = fork();
    if (w32_child == 0) {
        execl(self, self, "--shared-partner", ping_name, pong_name, rounds, (char *)NULL);
        _exit(127);
    }
    raw_child = fork();
    if (raw_child == 0) {
        for (long i = 0; i < total; i++) {
            futex_take(&fp->ping);
            futex_set(&fp->pong);
        }
        _exit(0);
    }
    if (w32_child < 0 || raw_child < 0)
        fail("fork");
    measure(&(struct side){ w32_round_trips, &wp }, &(struct side){ futex_round_trips, fp },
            ROUNDS, &w32, &posix);
    report("named-event ping-pong between 2 processes", w32, posix, 0, 1.2, "<= 1.2x");
    if (waitpid(w32_child, &status, 0) != w32_child || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        fail("the named-event partner process");
    waitpid(raw_child, NULL, 0);
    CloseHandle(wp.ping);
    CloseHandle(wp.pong);
    munmap(fp, sizeof(*fp));
}

/* ---- named mutex vs a robust process-shared pthread mutex ---- */

static void w32_mutex_pairs(void *ctx, long iters)
{
    HANDLE m = *(HANDLE *)ctx;

    for (long i = 0; i < iters; i++) {
        if (WaitForSingleObject(m, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(named mutex)");
        if (!ReleaseMutex(m))
            fail("ReleaseMutex(named mutex)");
    }
}

static void robust_mutex_pairs(void *ctx, long iters)
{
    pthread_mutex_t *m = ctx;

    for (long i = 0; i < iters; i++) {
        if (pthread_mutex_lock(m) != 0)
            fail("pthread_mutex_lock(robust)");
        pthread_mutex_unlock(m);
    }
}

static void bench_named_mutex(void)
{
    char name[64];
    HANDLE m;
    pthread_mutexattr_t attr;
    pthread_mutex_t *pm = mmap(NULL, sizeof(*pm), PROT_READ | PROT_WRITE,
                               MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    double w32, posix;

    snprintf(name, sizeof(name), "w32bench_%d_mutex", (int)getpid());
    m = CreateMutexA(NULL, FALSE, name);
    if (!m || pm == MAP_FAILED)
        fail("CreateMutex(named)/mmap");
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(pm, &attr);
    pthread_mutexattr_destroy(&attr);
    measure(&(struct side){ w32_mutex_pairs, &m }, &(struct side){ robust_mutex_pairs, pm },
            3000000, &w32, &posix);
    report("Wait+Release of a named mutex, uncontended", w32, posix, 0, 3.0, "<= 3x");
    pthread_mutex_destroy(pm);
    munmap(pm, sizeof(*pm));
    CloseHandle(m);
}

/* ---- an unnamed event in a process that holds named objects ---- */

static void w32_set_wait(void *ctx, long iters)
{
    HANDLE h = *(HANDLE *)ctx;

    for (long i = 0; i < iters; i++) {
        if (!SetEvent(h))
            fail("SetEvent");
        if (WaitForSingleObject(h, 0) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(event, 0)");
    }
}

static void w32_set_wait_named(void *ctx, long iters)
{
    w32_set_wait(ctx, iters);
}

static void bench_unnamed_beside_named(void)
{
    char name[64];
    HANDLE unnamed = CreateEventA(NULL, FALSE, FALSE, NULL), named;
    double w32, w32_named;

    snprintf(name, sizeof(name), "w32bench_%d_beside", (int)getpid());
    named = CreateEventA(NULL, FALSE, FALSE, name);
    if (!unnamed || !named)
        fail("CreateEvent");
    measure(&(struct side){ w32_set_wait, &unnamed },
            &(struct side){ w32_set_wait_named, &named }, 500000, &w32, &w32_named);
    printf("  (SetEvent+Wait(0): %.1f ns on an unnamed event with named objects open, "
           "%.1f ns on a named one)\n", w32, w32_named);
    CloseHandle(unnamed);
    CloseHandle(named);
}

void bench_shared(void)
{
    bench_named_pingpong();
    bench_named_mutex();
    bench_unnamed_beside_named();
}
