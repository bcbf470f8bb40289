/*
 * Benchmark rows: waitable timers. A periodic 1 ms timer must keep its period
 * (mean error of its ticks against the ideal schedule <= 0.2 ms over 1,000
 * ticks) while 1,000 other timers are armed; a periodic timerfd is measured
 * the same way in the same run, as the POSIX twin.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define TICKS 1000
#define OTHER_TIMERS 1000
#define PERIOD_NS 1000000ULL

/* Mean distance in ms of each tick from start + k periods, the first tick being k = 1. */
static double mean_error_ms(const uint64_t *ticks, int count, uint64_t start)
{
    double sum = 0;

    for (int k = 0; k < count; k++) {
        double ideal = (double)start + (double)(k + 1) * (double)PERIOD_NS;
        double error = (double)ticks[k] - ideal;
        sum += error < 0 ? -error : error;
    }
    return sum / count / 1e6;
}

static double w32_periodic(int ticks_wanted)
{
    HANDLE timer = CreateWaitableTimerA(NULL, FALSE, NULL);
    uint64_t *ticks = malloc(sizeof(*ticks) * (size_t)ticks_wanted);
    LARGE_INTEGER due;
    uint64_t start;
    double error;

    if (!timer || !ticks)
        fail("CreateWaitableTimer");
    due.QuadPart = -(LONGLONG)(PERIOD_NS / 100);
    start = now_ns();
    if (!SetWaitableTimer(timer, &due, 1, NULL, NULL, FALSE))
        fail("SetWaitableTimer");
    for (int k = 0; k < ticks_wanted; k++) {
        if (WaitForSingleObject(timer, 1000) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(timer)");
        ticks[k] = now_ns();
    }
    CloseHandle(timer);
    error = mean_error_ms(ticks, ticks_wanted, start);
    free(ticks);
    return error;
}

static double timerfd_periodic(int ticks_wanted)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    uint64_t *ticks = malloc(sizeof(*ticks) * (size_t)ticks_wanted);
    struct itimerspec spec = { { 0, (long)PERIOD_NS }, { 0, (long)PERIOD_NS } };
    uint64_t start, expirations;
    double error;
    int k = 0;

    if (fd < 0 || !ticks)
        fail("timerfd_create");
    start = now_ns();
    if (timerfd_settime(fd, 0, &spec, NULL) != 0)
        fail("timerfd_settime");
    while (k < ticks_wanted) {
        if (read(fd, &expirations, sizeof(expirations)) != sizeof(expirations))
            fail("read(timerfd)");
        /* Missed periods count, each at the time they were noticed. */
        for (uint64_t i = 0; i < expirations && k < ticks_wanted; i++)
            ticks[k++] = now_ns();
    }
    close(fd);
    error = mean_error_ms(ticks, ticks_wanted, start);
    free(ticks);
    return error;
}

void bench_timers(void)
{
    static HANDLE others[OTHER_TIMERS];
    int ticks = TICKS / (int)(scale > 1 ? 4 : 1);
    double w32, posix;

    /* The other timers fire now and then during the run, every 10-1009 ms. */
    for (int i = 0; i < OTHER_TIMERS; i++) {
        LARGE_INTEGER due;
        others[i] = CreateWaitableTimerA(NULL, TRUE, NULL);
        due.QuadPart = -(LONGLONG)(10 + i) * 10000;
        if (!others[i] || !SetWaitableTimer(others[i], &due, 10 + i, NULL, NULL, FALSE))
            fail("SetWaitableTimer (other timers)");
    }
    w32 = w32_periodic(ticks);
    posix = timerfd_periodic(ticks);
    printf("%-44s %9.3f ms %9.3f ms %7.2fx  %-10s %s\n",
           "periodic 1 ms timer, mean tick error", w32, posix, w32 / posix,
           "<= 0.2 ms", w32 <= 0.2 ? "yes" : "NO");
    printf("  (%d ticks, %d other timers armed; POSIX column: a periodic timerfd)\n",
           ticks, OTHER_TIMERS);
    for (int i = 0; i < OTHER_TIMERS; i++)
        CloseHandle(others[i]);
}
