/* The one sleep/wake primitive under every wait: a Linux futex on a 32-bit word. */
#ifndef W32_FUTEX_H
#define W32_FUTEX_H

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/*
 * Sleeps while *word == expected, until woken or the absolute CLOCK_MONOTONIC
 * deadline passes (NULL: no deadline). Returns 0 or an errno (ETIMEDOUT,
 * EAGAIN, EINTR); callers re-check their condition either way.
 */
static inline int w32_futex_wait(atomic_uint *word, unsigned expected,
                                 const struct timespec *deadline)
{
    long r = syscall(SYS_futex, word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, expected,
                     deadline, NULL, FUTEX_BITSET_MATCH_ANY);
    return r == 0 ? 0 : errno;
}

static inline void w32_futex_wake(atomic_uint *word, int count)
{
    syscall(SYS_futex, word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, count, NULL, NULL, 0);
}

#endif
