/*
 * A lock of one futex word, for state kept per object: a pthread mutex would
 * cost 40 bytes in every object. Its sections are short (a state change and
 * a walk of a wait queue), so a contended lock spins briefly before it sleeps.
 */
#ifndef W32_LOCK_H
#define W32_LOCK_H

#include <pthread.h>
#include <stdbool.h>
#include "futex.h"

/* 0: free; 1: held; 2: held, and someone may sleep on it. */
typedef struct {
    atomic_uint word;
} w32_lock_t;

#define W32_LOCK_INIT { 0 }

void w32_lock_slow(w32_lock_t *lock);

/*
 * How many of these locks the calling thread holds or is taking, and whether
 * a SuspendThread arrived meanwhile. Windows stops a thread only outside its
 * kernel, so a suspended thread never holds an object's state; here those
 * locks are the kernel's, and a suspension that lands inside one waits until
 * the thread lets go of the last (suspend.c).
 */
extern __thread unsigned w32_locks_held __attribute__((tls_model("initial-exec")));
extern __thread volatile int w32_suspend_deferred __attribute__((tls_model("initial-exec")));
void w32_suspend_deferred_park(void);

static inline void w32_hold(void)
{
    w32_locks_held++;
    atomic_signal_fence(memory_order_seq_cst);
}

static inline void w32_let_go(void)
{
    atomic_signal_fence(memory_order_seq_cst);
    w32_locks_held--;
    atomic_signal_fence(memory_order_seq_cst);
    if (w32_suspend_deferred && w32_locks_held == 0)
        w32_suspend_deferred_park();
}

/*
 * How many of the library's other critical sections the calling thread is
 * in: its pthread mutexes held (counted below), its read sections (rcu.h),
 * an object's lock with the wakes it defers, and a wait from its first
 * acquisition to its end (its records live on the thread's stack). A
 * suspended thread may stop in one (its stack stays); a terminated thread
 * ends only outside them all, so the library's state never keeps a part of
 * a thread that is gone, nor a lock or a wake it owed (suspend.c).
 */
extern __thread unsigned w32_unsafe_held __attribute__((tls_model("initial-exec")));
/* The calling thread has left the last of them with a stop pending (suspend.c). */
void w32_unsafe_left(void);

static inline void w32_unsafe_enter(void)
{
    w32_unsafe_held++;
    atomic_signal_fence(memory_order_seq_cst);
}

static inline void w32_unsafe_leave(void)
{
    atomic_signal_fence(memory_order_seq_cst);
    w32_unsafe_held--;
    atomic_signal_fence(memory_order_seq_cst);
    if (w32_suspend_deferred && w32_unsafe_held == 0 && w32_locks_held == 0)
        w32_unsafe_left();
}

/* The library's pthread mutexes, counted: every lib/ file that includes
 * error.h locks them through these (the macros below). */
static inline int w32_pthread_mutex_lock(pthread_mutex_t *mutex)
{
    w32_unsafe_enter();
    return (pthread_mutex_lock)(mutex);
}

static inline int w32_pthread_mutex_unlock(pthread_mutex_t *mutex)
{
    int err = (pthread_mutex_unlock)(mutex);

    w32_unsafe_leave();
    return err;
}

#define pthread_mutex_lock(mutex) w32_pthread_mutex_lock(mutex)
#define pthread_mutex_unlock(mutex) w32_pthread_mutex_unlock(mutex)

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

/* The compare-and-swap alone; the caller counts the lock as held. */
static inline bool w32_lock_cas(w32_lock_t *lock)
{
    unsigned expected = 0;

    return atomic_compare_exchange_strong_explicit(&lock->word, &expected, 1,
                                                   memory_order_acquire, memory_order_relaxed);
}

static inline bool w32_trylock(w32_lock_t *lock)
{
    w32_hold();
    if (w32_lock_cas(lock))
        return true;
    w32_let_go();
    return false;
}

/* Counted before it is taken: a suspension never parks a thread holding it. */
static inline void w32_lock(w32_lock_t *lock)
{
    w32_hold();
    if (!w32_lock_cas(lock))
        w32_lock_slow(lock);
}

static inline void w32_unlock(w32_lock_t *lock)
{
    if (atomic_exchange_explicit(&lock->word, 0, memory_order_release) == 2)
        w32_futex_wake(&lock->word, 1);
    w32_let_go();
}

#endif
