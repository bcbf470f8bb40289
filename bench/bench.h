/* What the parts of the benchmark program share: timing, measuring, reporting. */
#ifndef W32SHIM_BENCH_H
#define W32SHIM_BENCH_H

#include <windows.h>
#include <stdint.h>

extern int reps;        /* repetitions; the best one counts */
extern long scale;      /* iteration counts are divided by this (--quick) */

/* One side of a comparison: runs iters operations on ctx. */
struct side {
    void (*run)(void *ctx, long iters);
    void *ctx;
};

void fail(const char *what);
uint64_t now_ns(void);
/* Called by a run whose setup and teardown are not the operation (opening
 * 1,000 connections): the nanoseconds of its operations alone, which count
 * instead of the whole run's. */
void timed_part(uint64_t ns);
/* Best ns/op of each side, alternating sides, over rounds repetitions. */
void measure_rounds(const struct side *a, const struct side *b, long iters, int rounds,
                    double *best_a, double *best_b);
void measure(const struct side *a, const struct side *b, long iters,
             double *best_a, double *best_b);
/* Prints a row: ns/op of both sides, the ratio, the target and whether it is met. */
void report(const char *op, double w32, double base, double min, double max,
            const char *target);
/* Prints context switches per operation of both sides. */
void report_switches(const struct side *a, const struct side *b, long iters);

/* The rows of each family, one file each. */
void bench_dispatch(void);  /* bench_dispatch.c: unrelated objects in parallel, 64-object waits */
void bench_sync(void);      /* bench_sync.c: critical sections, SRW locks, condition variables */
void bench_pool(void);      /* bench_pool.c: thread pools */
void bench_timers(void);    /* bench_timers.c: waitable timers */
void bench_io(void);        /* bench_io.c: files and pipes */
void bench_aio(void);       /* bench_aio.c: overlapped I/O and completion ports */
void bench_process(void);   /* bench_process.c: processes */
void bench_mapping(void);   /* bench_mapping.c: views of file mappings */
int bench_syscalls(void);   /* bench_syscalls.c: system calls per API call (--syscalls) */
void bench_shared(void);    /* bench_shared.c: named objects between processes */
/* The partner process of bench_shared's ping-pong (--shared-partner PING PONG N). */
int bench_shared_partner(const char *ping, const char *pong, long rounds);

#endif
