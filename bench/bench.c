/*
 * The benchmark: each operation through w32shim and through its raw POSIX
 * twin, timed in the same run, best of several repetitions. It measures, it
 * does not judge: the exit status is 0 whether targets are met or not, and 1
 * only if a call fails or a handle leaks. See bench/README.md.
 *
 *     bench            full run (well under a minute on 2 cores)
 *     bench --quick    smoke run for CI (a few seconds)
 *     bench --syscalls system calls per API call, counted with ptrace
 *     bench --only G   only the rows of group G (set_wait, ..., aio, process),
 *                      to profile one family; combines with --quick
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE             /* the build defines it; standalone builds need it too */
#endif
#include "bench.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* The handle table sizes the scaling rows compare. */
#define SMALL_TABLE 10
#define LARGE_TABLE 1000000
/* Random picks come from one array of this many handles in both runs, so the
 * picking costs the same and only the table behind the handles differs. */
#define PICKS (1u << 20)

int reps = 7;            /* repetitions; the best one counts */
long scale = 1;          /* iteration counts are divided by this */

void fail(const char *what)
{
    fprintf(stderr, "bench: %s failed (last error %lu)\n", what,
            (unsigned long)GetLastError());
    exit(1);
}

uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t part_ns;        /* set by the run, through timed_part */

void timed_part(uint64_t ns)
{
    part_ns = ns;
}

/* Runs iters operations of s: the nanoseconds they took. */
static uint64_t run_side(const struct side *s, long iters)
{
    uint64_t start = now_ns(), all;

    part_ns = 0;
    s->run(s->ctx, iters);
    all = now_ns() - start;
    return part_ns ? part_ns : all;
}

static double time_once(const struct side *s, long iters)
{
    return (double)run_side(s, iters) / (double)iters;
}

/*
 * Best ns/op of each side over rounds repetitions (a multiple of reps). The
 * repetitions alternate between the sides so that drift (frequency, a noisy
 * neighbour) hits both alike; one untimed warm-up round each comes first.
 */
void measure_rounds(const struct side *a, const struct side *b, long iters, int rounds,
                           double *best_a, double *best_b)
{
    iters = iters / scale > 0 ? iters / scale : 1;
    run_side(a, iters / 10 + 1);
    run_side(b, iters / 10 + 1);
    *best_a = *best_b = 1e300;
    for (int i = 0; i < rounds; i++) {
        double ta = time_once(a, iters);
        double tb = time_once(b, iters);
        if (ta < *best_a)
            *best_a = ta;
        if (tb < *best_b)
            *best_b = tb;
    }
}

/*
 * Context switches per operation (voluntary and involuntary, whole process):
 * unlike wake-up latency on a virtual machine, these do not drift.
 */
static double switches_per_op(const struct side *s, long iters)
{
    struct rusage before, after;

    getrusage(RUSAGE_SELF, &before);
    run_side(s, iters);
    getrusage(RUSAGE_SELF, &after);
    return (double)(after.ru_nvcsw + after.ru_nivcsw - before.ru_nvcsw - before.ru_nivcsw) /
           (double)iters;
}

void report_switches(const struct side *a, const struct side *b, long iters)
{
    iters = iters / scale > 0 ? iters / scale : 1;
    double sa = switches_per_op(a, iters);
    double sb = switches_per_op(b, iters);

    printf("  context switches per op: w32shim %.2f, POSIX %.2f\n", sa, sb);
    fflush(stdout);
}

void measure(const struct side *a, const struct side *b, long iters,
                    double *best_a, double *best_b)
{
    measure_rounds(a, b, iters, reps, best_a, best_b);
}

/* A target is met when the ratio is at most max (and at least min, if set). */
void report(const char *op, double w32, double base, double min, double max,
                   const char *target)
{
    double ratio = w32 / base;
    bool met = ratio <= max && ratio >= min;

    printf("%-44s %12.1f %12.1f %7.2fx  %-10s %s\n", op, w32, base, ratio, target,
           met ? "yes" : "NO");
    fflush(stdout);
}

static DWORD handle_count(void)
{
    DWORD count;

    if (!GetProcessHandleCount(GetCurrentProcess(), &count))
        fail("GetProcessHandleCount");
    return count;
}

/* ---- SetEvent + WaitForSingleObject(h, 0) vs eventfd write + read ---- */

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

static void posix_write_read(void *ctx, long iters)
{
    int fd = *(int *)ctx;
    uint64_t value = 1;

    for (long i = 0; i < iters; i++) {
        if (write(fd, &value, sizeof(value)) != sizeof(value))
            fail("eventfd write");
        if (read(fd, &value, sizeof(value)) != sizeof(value))
            fail("eventfd read");
    }
}

static void bench_set_wait(void)
{
    HANDLE h = CreateEventA(NULL, FALSE, FALSE, NULL);
    int fd = eventfd(0, EFD_CLOEXEC);
    double w32, posix;

    if (!h || fd < 0)
        fail("CreateEvent/eventfd");
    measure(&(struct side){ w32_set_wait, &h }, &(struct side){ posix_write_read, &fd },
            500000, &w32, &posix);
    report("SetEvent+Wait(0), auto-reset, uncontended", w32, posix, 0, 0.5, "<= 0.5x");
    CloseHandle(h);
    close(fd);
}

/* ---- CreateEvent + CloseHandle vs eventfd() + close() ---- */

static void w32_create_close(void *ctx, long iters)
{
    for (long i = 0; i < iters; i++) {
        HANDLE h = CreateEventA(NULL, FALSE, FALSE, NULL);
        if (!h)
            fail("CreateEvent");
        if (!CloseHandle(h))
            fail("CloseHandle");
    }
}

static void posix_create_close(void *ctx, long iters)
{
    for (long i = 0; i < iters; i++) {
        int fd = eventfd(0, EFD_CLOEXEC);
        if (fd < 0)
            fail("eventfd");
        close(fd);
    }
}

static void bench_create_close(void)
{
    double w32, posix;

    measure(&(struct side){ w32_create_close, NULL },
            &(struct side){ posix_create_close, NULL }, 300000, &w32, &posix);
    report("CreateEvent+CloseHandle", w32, posix, 0, 1.0, "<= 1x");
}

/* ---- WaitForSingleObject(mutex) + ReleaseMutex vs pthread_mutex ---- */

static void w32_mutex(void *ctx, long iters)
{
    HANDLE m = *(HANDLE *)ctx;

    for (long i = 0; i < iters; i++) {
        if (WaitForSingleObject(m, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(mutex)");
        if (!ReleaseMutex(m))
            fail("ReleaseMutex");
    }
}

static void posix_mutex(void *ctx, long iters)
{
    pthread_mutex_t *m = ctx;

    for (long i = 0; i < iters; i++) {
        pthread_mutex_lock(m);
        pthread_mutex_unlock(m);
    }
}

static void bench_mutex(void)
{
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);
    pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
    double w32, posix;

    if (!m)
        fail("CreateMutex");
    measure(&(struct side){ w32_mutex, &m }, &(struct side){ posix_mutex, &pm }, 3000000,
            &w32, &posix);
    report("Wait(mutex)+ReleaseMutex, uncontended", w32, posix, 0, 1.5, "<= 1.5x");
    CloseHandle(m);
}

/* ---- ping-pong between two threads: round trips ---- */

/* The partner answers exactly total pings, then ends. */
struct w32_pingpong {
    HANDLE ping, pong;
    long total;
};

static DWORD WINAPI w32_partner(LPVOID arg)
{
    struct w32_pingpong *pp = arg;

    for (long i = 0; i < pp->total; i++) {
        if (WaitForSingleObject(pp->ping, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(ping)");
        if (!SetEvent(pp->pong))
            fail("SetEvent(pong)");
    }
    return 0;
}

static void w32_round_trips(void *ctx, long iters)
{
    struct w32_pingpong *pp = ctx;

    for (long i = 0; i < iters; i++) {
        if (!SetEvent(pp->ping))
            fail("SetEvent(ping)");
        if (WaitForSingleObject(pp->pong, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(pong)");
    }
}

struct posix_pingpong {
    int ping, pong;
    long total;
};

static void fd_signal(int fd)
{
    uint64_t one = 1;

    if (write(fd, &one, sizeof(one)) != sizeof(one))
        fail("eventfd write");
}

static void fd_wait(int fd)
{
    uint64_t value;

    if (read(fd, &value, sizeof(value)) != sizeof(value))
        fail("eventfd read");
}

static void *posix_partner(void *arg)
{
    struct posix_pingpong *pp = arg;

    for (long i = 0; i < pp->total; i++) {
        fd_wait(pp->ping);
        fd_signal(pp->pong);
    }
    return NULL;
}

static void posix_round_trips(void *ctx, long iters)
{
    struct posix_pingpong *pp = ctx;

    for (long i = 0; i < iters; i++) {
        fd_signal(pp->ping);
        fd_wait(pp->pong);
    }
}

static void bench_pingpong(void)
{
    long iters = 50000 / scale;
    /* What measure() and report_switches() will run. */
    long total = (iters / 10 + 1) + reps * iters + iters;
    struct w32_pingpong wp = {
        CreateEventA(NULL, FALSE, FALSE, NULL), CreateEventA(NULL, FALSE, FALSE, NULL), total
    };
    struct posix_pingpong pp = { eventfd(0, EFD_CLOEXEC), eventfd(0, EFD_CLOEXEC), total };
    HANDLE thread;
    pthread_t tid;
    double w32, posix;

    if (!wp.ping || !wp.pong || pp.ping < 0 || pp.pong < 0)
        fail("CreateEvent/eventfd");
    thread = CreateThread(NULL, 0, w32_partner, &wp, 0, NULL);
    if (!thread)
        fail("CreateThread");
    if (pthread_create(&tid, NULL, posix_partner, &pp) != 0)
        fail("pthread_create");
    struct side w32_side = { w32_round_trips, &wp }, posix_side = { posix_round_trips, &pp };
    measure(&w32_side, &posix_side, 50000, &w32, &posix);
    report("ping-pong round trip, 2 threads, 2 events", w32, posix, 0, 1.2, "<= 1.2x");
    report_switches(&w32_side, &posix_side, 50000);
    if (WaitForSingleObject(thread, INFINITE) != WAIT_OBJECT_0)
        fail("WaitForSingleObject(thread)");
    pthread_join(tid, NULL);
    CloseHandle(thread);
    CloseHandle(wp.ping);
    CloseHandle(wp.pong);
    close(pp.ping);
    close(pp.pong);
}

/* ---- CreateThread + Wait + CloseHandle vs pthread_create + join ---- */

static DWORD WINAPI w32_nothing(LPVOID arg)
{
    return 0;
}

static void *posix_nothing(void *arg)
{
    return NULL;
}

static void w32_thread_cycle(void *ctx, long iters)
{
    for (long i = 0; i < iters; i++) {
        HANDLE h = CreateThread(NULL, 0, w32_nothing, NULL, 0, NULL);
        if (!h)
            fail("CreateThread");
        if (WaitForSingleObject(h, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(thread)");
        if (!CloseHandle(h))
            fail("CloseHandle(thread)");
    }
}

static void posix_thread_cycle(void *ctx, long iters)
{
    for (long i = 0; i < iters; i++) {
        pthread_t tid;
        if (pthread_create(&tid, NULL, posix_nothing, NULL) != 0)
            fail("pthread_create");
        pthread_join(tid, NULL);
    }
}

static void bench_threads(void)
{
    double w32, posix;

    /* Thread start-up time swings with the state of the idle CPU (a halted
     * vCPU takes long to wake): many short rounds find both sides' best. */
    struct side w32_side = { w32_thread_cycle, NULL }, posix_side = { posix_thread_cycle, NULL };
    measure_rounds(&w32_side, &posix_side, 1000, reps * 4, &w32, &posix);
    report("CreateThread+Wait+CloseHandle", w32, posix, 0, 1.3, "<= 1.3x");
    report_switches(&w32_side, &posix_side, 1000);
}

/* ---- scaling with the number of open handles (both sides w32shim) ---- */

struct picks {
    HANDLE *handles;            /* PICKS entries, drawn from the open events */
    uint64_t seed;
};

/* A 64-bit LCG; its top 20 bits index the picks. */
static inline uint32_t next_pick(uint64_t *x)
{
    *x = *x * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(*x >> 44);
}

static void random_set_wait(void *ctx, long iters)
{
    struct picks *p = ctx;
    uint64_t x = p->seed;

    for (long i = 0; i < iters; i++) {
        HANDLE h = p->handles[next_pick(&x)];
        if (!SetEvent(h))
            fail("SetEvent");
        if (WaitForSingleObject(h, 0) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(event, 0)");
    }
}

/*
 * The floor of any table-plus-object design: the same random picks, each a
 * pointer to an object of an event's size, set and taken with two atomic
 * exchanges (what SetEvent and a satisfied wait do to an event's state).
 */
struct flat_object {
    atomic_uint state;
    char rest[60];
};

struct flat_picks {
    struct flat_object **objs;  /* PICKS entries, drawn from the objects */
    uint64_t seed;
};

static void flat_set_wait(void *ctx, long iters)
{
    struct flat_picks *p = ctx;
    uint64_t x = p->seed;

    for (long i = 0; i < iters; i++) {
        struct flat_object *o = p->objs[next_pick(&x)];
        atomic_exchange_explicit(&o->state, 1, memory_order_seq_cst);
        if (!atomic_exchange_explicit(&o->state, 0, memory_order_seq_cst))
            fail("flat object");
    }
}

static void count_handles(void *ctx, long iters)
{
    for (long i = 0; i < iters; i++)
        handle_count();
}

static HANDLE *open_events(size_t n)
{
    HANDLE *events = malloc(n * sizeof(*events));

    if (!events)
        fail("malloc");
    for (size_t i = 0; i < n; i++)
        if (!(events[i] = CreateEventA(NULL, FALSE, FALSE, NULL)))
            fail("CreateEvent (filling the table)");
    return events;
}

static void close_events(HANDLE *events, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!CloseHandle(events[i]))
            fail("CloseHandle (emptying the table)");
    free(events);
}

static void fill_picks(struct picks *p, HANDLE *events, size_t n)
{
    for (size_t i = 0; i < PICKS; i++)
        p->handles[i] = events[i % n];
}

/*
 * Best ns/op of one side alone: the two table sizes cannot coexist, so the
 * sides cannot alternate; three times as many shorter rounds instead.
 */
static double measure_one(void (*run)(void *, long), void *ctx, long iters)
{
    const struct side s = { run, ctx };
    double best = 1e300;

    iters = iters / scale / 3 > 0 ? iters / scale / 3 : 1;
    run(ctx, iters / 10 + 1);
    for (int i = 0; i < reps * 3; i++) {
        double t = time_once(&s, iters);
        if (t < best)
            best = t;
    }
    return best;
}

/* The floor for n objects, allocated one by one as events are. */
static double flat_floor(size_t n, uint64_t seed)
{
    struct flat_object **objs = malloc(n * sizeof(*objs));
    struct flat_picks p = { malloc(PICKS * sizeof(*p.objs)), seed };
    double best;

    if (!objs || !p.objs)
        fail("malloc");
    for (size_t i = 0; i < n; i++)
        if (!(objs[i] = calloc(1, sizeof(**objs))))
            fail("calloc");
    for (size_t i = 0; i < PICKS; i++)
        p.objs[i] = objs[i % n];
    best = measure_one(flat_set_wait, &p, 1000000);
    for (size_t i = 0; i < n; i++)
        free(objs[i]);
    free(objs);
    free(p.objs);
    return best;
}

static void bench_scaling(void)
{
    struct picks p = { malloc(PICKS * sizeof(HANDLE)), 0x9e3779b97f4a7c15u };
    HANDLE *small, *large;
    double set_small, set_large, count_small, count_large, floor_large;
    size_t heap_before;
    uint64_t start;

    if (!p.handles)
        fail("malloc");
    small = open_events(SMALL_TABLE);
    fill_picks(&p, small, SMALL_TABLE);
    set_small = measure_one(random_set_wait, &p, 1000000);
    count_small = measure_one(count_handles, NULL, 3000000);
    close_events(small, SMALL_TABLE);

    heap_before = mallinfo2().uordblks;
    start = now_ns();
    large = open_events(LARGE_TABLE);
    printf("  (opened %d events in %.2f s; %lu handles open; %.0f bytes of heap each)\n",
           LARGE_TABLE, (double)(now_ns() - start) / 1e9, (unsigned long)handle_count(),
           (double)(mallinfo2().uordblks - heap_before - LARGE_TABLE * sizeof(HANDLE)) /
               LARGE_TABLE);
    fill_picks(&p, large, LARGE_TABLE);
    set_large = measure_one(random_set_wait, &p, 1000000);
    count_large = measure_one(count_handles, NULL, 3000000);
    start = now_ns();
    close_events(large, LARGE_TABLE);
    printf("  (closed them in %.2f s; %.1f MiB of heap still in use beyond the start)\n",
           (double)(now_ns() - start) / 1e9,
           ((double)mallinfo2().uordblks - (double)heap_before) / 1048576.0);
    free(p.handles);
    floor_large = flat_floor(LARGE_TABLE, p.seed);

    report("SetEvent+Wait(0), random handle, 1M vs 10", set_large, set_small, 0, 1.5,
           "(info)");
    report("SetEvent+Wait(0), 1M handles vs flat floor", set_large, floor_large, 0, 1.5,
           "<= 1.5x");
    report("GetProcessHandleCount, 1M vs 10 open", count_large, count_small, 0.8, 1.25,
           "~1x");
}

/*
 * glibc skips the atomic instructions of a lock while a process has never had
 * a second thread. A program that needs a lock has threads, and the ping-pong
 * and thread rows create some anyway: start as a threaded process so that
 * every row, on both sides, pays what a real program pays.
 */
static void become_multithreaded(void)
{
    pthread_t tid;

    if (pthread_create(&tid, NULL, posix_nothing, NULL) != 0)
        fail("pthread_create");
    pthread_join(tid, NULL);
}

static void print_environment(void)
{
    struct utsname u;

    printf("w32shim benchmark%s\n", scale > 1 ? " (quick mode)" : "");
    printf("CPUs online: %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
    if (uname(&u) == 0)
        printf("kernel: %s %s %s %s\n", u.sysname, u.release, u.version, u.machine);
    printf("best of %d repetitions; ratio = w32shim / baseline\n\n", reps);
    printf("%-44s %12s %12s %8s  %-10s %s\n", "operation", "w32shim ns", "POSIX ns", "ratio",
           "target", "met");
}

/* The groups of rows, in the order a full run prints them. */
static const struct group {
    const char *name;
    void (*run)(void);
} groups[] = {
    { "set_wait", bench_set_wait },   { "create_close", bench_create_close },
    { "mutex", bench_mutex },         { "pingpong", bench_pingpong },
    { "threads", bench_threads },     { "scaling", bench_scaling },
    { "dispatch", bench_dispatch },   { "shared", bench_shared },
    { "sync", bench_sync },           { "pool", bench_pool },
    { "timers", bench_timers },       { "io", bench_io },
    { "aio", bench_aio },             { "mapping", bench_mapping },
    { "process", bench_process },
};

static bool known_group(const char *name)
{
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
        if (strcmp(groups[i].name, name) == 0)
            return true;
    return false;
}

static void run_groups(const char *only)
{
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        if (only && strcmp(groups[i].name, only) != 0)
            continue;
        if (groups[i].run == bench_scaling)
            printf("-- scaling rows: both columns are w32shim; the baseline is 10 handles "
                   "open --\n");
        groups[i].run();
    }
}

int main(int argc, char **argv)
{
    DWORD handles_at_start;
    const char *only = NULL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            scale = 10;
            reps = 3;
        } else if (strcmp(argv[i], "--syscalls") == 0) {
            return bench_syscalls();
        } else if (strcmp(argv[i], "--shared-partner") == 0 && i + 3 < argc) {
            return bench_shared_partner(argv[i + 1], argv[i + 2], atol(argv[i + 3]));
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc && known_group(argv[i + 1])) {
            only = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--quick] [--only GROUP] | --syscalls\n", argv[0]);
            return 2;
        }
    }
    print_environment();
    become_multithreaded();
    handles_at_start = handle_count();

    run_groups(only);

    if (handle_count() != handles_at_start) {
        fprintf(stderr, "bench: %lu handles open at the end, %lu at the start\n",
                (unsigned long)handle_count(), (unsigned long)handles_at_start);
        return 1;
    }
    return 0;
}
