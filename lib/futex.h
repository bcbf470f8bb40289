/* The one sleep/wake primitive under every wait: a Linux futex on a 32-bit word. */
#ifndef W32_FUTEX_H
#define W32_FUTEX_H

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
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

/* Wakes a thread that sleeps in poll or epoll_wait on an eventfd (adds 1). */
static inline void w32_eventfd_poke(int fd)
{
    uint64_t one = 1;

    while (write(fd, &one, sizeof(one)) < 0 && errno == EINTR)
        ;
}

/* Wakes every process's sleepers on a word in shared memory. */
static inline void w32_futex_wake_shared(atomic_uint *word)
{
    syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* One word of a w32_futex_waitv: private to this process, or in shared memory. */
static inline struct futex_waitv w32_futex_word(atomic_uint *word, unsigned expected,
                                                bool shared)
{
    return (struct futex_waitv){ .val = expected, .uaddr = (uintptr_t)word,
                                 .flags = FUTEX_32 | (shared ? 0 : FUTEX_PRIVATE_FLAG) };
}

/*
 * Sleeps while every word holds its expected value, until one is woken or the
 * absolute CLOCK_MONOTONIC deadline passes (NULL: none). On kernels without
 * futex_waitv (before Linux 5.16) it naps 1 ms instead; callers re-check their
 * conditions either way. Returns 0 or an errno (ETIMEDOUT, EAGAIN, EINTR).
 */
static inline int w32_futex_waitv(struct futex_waitv *words, unsigned n,
                                  const struct timespec *deadline)
{
    long r = syscall(SYS_futex_waitv, words, n, 0, deadline, CLOCK_MONOTONIC);

    if (r >= 0)
        return 0;
    if (errno != ENOSYS)
        return errno;
    struct timespec nap = { 0, 1000000 };
    nanosleep(&nap, NULL);
    return 0;
}

#endif
