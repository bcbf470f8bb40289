/* Reading the POSIX clocks, and Windows' FILETIME epoch. */
#ifndef W32_CLOCK_H
#define W32_CLOCK_H

#include <stdint.h>
#include <time.h>

/* 100 ns intervals from 1601-01-01 (FILETIME) to 1970-01-01 (the Unix epoch). */
#define W32_FILETIME_UNIX_EPOCH 116444736000000000LL

static inline uint64_t w32_clock_ns(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* The CLOCK_MONOTONIC time ns nanoseconds from its epoch, as a timespec. */
static inline struct timespec w32_timespec_of_ns(uint64_t ns)
{
    return (struct timespec){ (time_t)(ns / 1000000000ULL), (long)(ns % 1000000000ULL) };
}

/*
 * The time units 100 ns intervals after from (ns on some clock), or UINT64_MAX,
 * a time that never comes, past the range: a due time of year 30828 or one
 * relative by 2^63 intervals must wait for ever, not wrap to the past.
 */
static inline uint64_t w32_ns_after_100ns(uint64_t from, uint64_t units)
{
    if (units > (UINT64_MAX - from) / 100)
        return UINT64_MAX;
    return from + units * 100;
}

/* The absolute CLOCK_MONOTONIC deadline ms milliseconds from now. */
static inline void w32_deadline_after(uint32_t ms, struct timespec *ts)
{
    *ts = w32_timespec_of_ns(w32_clock_ns(CLOCK_MONOTONIC) + (uint64_t)ms * 1000000ULL);
}

#endif
