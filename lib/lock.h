/*
 * A lock of one futex word, for state kept per object: a pthread mutex would
 * cost 40 bytes in every object. Its sections are short (a state change and
 * a walk of a wait queue), so a contended lock spins briefly before it sleeps.
 */
#ifndef W32_LOCK_H
#define W32_LOCK_H

#include <stdbool.h>
#include "futex.h"

/* 0: free; 1: held; 2: held, and someone may sleep on it. */
typedef struct {
    atomic_uint word;
} w32_lock_t;

#define W32_LOCK_INIT { 0 }

void w32_lock_slow(w32_lock_t *lock);

/* One step of a spin-wait: tells the CPU, so a sibling thread gets the core. */
static inline void w32_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static inline void w32_lock_init(w32_lock_t *lock)
{
    atomic_init(&lock->word, 0);
}

static inline bool w32_trylock(w32_lock_t *lock)
{
    unsigned expected = 0;

    return atomic_compare_exchange_strong_explicit(&lock->word, &expected, 1,
                                                   memory_order_acquire, memory_order_relaxed);
}

static inline void w32_lock(w32_lock_t *lock)
{
    if (!w32_trylock(lock))
        w32_lock_slow(lock);
}

static inline void w32_unlock(w32_lock_t *lock)
{
    if (atomic_exchange_explicit(&lock->word, 0, memory_order_release) == 2)
        w32_futex_wake(&lock->word, 1);
}

#endif
