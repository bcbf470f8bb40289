/*
 * synchapi.h: slim reader/writer locks, on one futex word (the first 32 bits
 * of the lock's pointer): the low 31 bits are the number of shared holders,
 * or WRITER for an exclusive one; SLEEPERS says a thread may be sleeping.
 * Sleepers set it while the lock is held, and the release that frees the lock
 * clears it and wakes them all to compete again. While it is set, new shared
 * acquirers wait too, so a stream of readers cannot starve a writer.
 * Like Windows' SRW locks these have no owner and do not recurse.
 */
#include <limits.h>
#include <stdbool.h>
#include "error.h"
#include "futex.h"

#define HOLDERS 0x7fffffffu
#define WRITER HOLDERS
#define SLEEPERS 0x80000000u
#define SPINS 100

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static inline atomic_uint *word(PSRWLOCK lock)
{
    return (atomic_uint *)&lock->Ptr;
}

static inline bool cas(PSRWLOCK lock, unsigned *expected, unsigned desired)
{
    return atomic_compare_exchange_weak_explicit(word(lock), expected, desired,
                                                 memory_order_acquire, memory_order_relaxed);
}

/* Whether a shared acquirer may join holders v without waiting. */
static inline bool shared_ok(unsigned v)
{
    return (v & HOLDERS) < WRITER - 1 && !(v & SLEEPERS);
}

/* Marks the held lock v as having a sleeper and sleeps until it changes. */
static void sleep_on(PSRWLOCK lock, unsigned v)
{
    if (!(v & SLEEPERS) && !cas(lock, &v, v | SLEEPERS))
        return;
    w32_futex_wait(word(lock), v | SLEEPERS, NULL);
}

void WINAPI InitializeSRWLock(PSRWLOCK SRWLock)
{
    __atomic_store_n(&SRWLock->Ptr, NULL, __ATOMIC_RELAXED);
}

BOOLEAN WINAPI TryAcquireSRWLockExclusive(PSRWLOCK SRWLock)
{
    unsigned v = 0;

    return atomic_compare_exchange_strong_explicit(word(SRWLock), &v, WRITER,
                                                   memory_order_acquire, memory_order_relaxed);
}

/* Succeeds whenever no exclusive holder has the lock, even with threads waiting. */
BOOLEAN WINAPI TryAcquireSRWLockShared(PSRWLOCK SRWLock)
{
    unsigned v = atomic_load_explicit(word(SRWLock), memory_order_relaxed);

    while ((v & HOLDERS) < WRITER - 1)
        if (cas(SRWLock, &v, v + 1))
            return TRUE;
    return FALSE;
}

void WINAPI AcquireSRWLockExclusive(PSRWLOCK SRWLock)
{
    unsigned v = 0;

    if (cas(SRWLock, &v, WRITER))
        return;
    for (int i = 0; i < SPINS; i++) {
        cpu_relax();
        v = atomic_load_explicit(word(SRWLock), memory_order_relaxed);
        if (v == 0 && cas(SRWLock, &v, WRITER))
            return;
    }
    for (;;) {
        v = atomic_load_explicit(word(SRWLock), memory_order_relaxed);
        if (v == 0) {
            if (cas(SRWLock, &v, WRITER))
                return;
            continue;
        }
        sleep_on(SRWLock, v);
    }
}

void WINAPI AcquireSRWLockShared(PSRWLOCK SRWLock)
{
    unsigned v = atomic_load_explicit(word(SRWLock), memory_order_relaxed);

    while (shared_ok(v))
        if (cas(SRWLock, &v, v + 1))
            return;
    for (int i = 0; i < SPINS; i++) {
        cpu_relax();
        v = atomic_load_explicit(word(SRWLock), memory_order_relaxed);
        if (shared_ok(v) && cas(SRWLock, &v, v + 1))
            return;
    }
    for (;;) {
        v = atomic_load_explicit(word(SRWLock), memory_order_relaxed);
        if (shared_ok(v)) {
            if (cas(SRWLock, &v, v + 1))
                return;
            continue;
        }
        sleep_on(SRWLock, v);
    }
}

/* Releasing a lock not held exclusively does nothing. With no owner recorded,
 * any thread's release frees an exclusively held lock, as on Windows. */
void WINAPI ReleaseSRWLockExclusive(PSRWLOCK SRWLock)
{
    unsigned v = WRITER;

    if (atomic_compare_exchange_strong_explicit(word(SRWLock), &v, 0, memory_order_release,
                                                memory_order_relaxed))
        return;
    if ((v & HOLDERS) != WRITER)
        return;
    /* Held exclusively, with sleepers to wake. */
    atomic_exchange_explicit(word(SRWLock), 0, memory_order_release);
    w32_futex_wake(word(SRWLock), INT_MAX);
}

/* Releasing a lock with no shared holder does nothing. */
void WINAPI ReleaseSRWLockShared(PSRWLOCK SRWLock)
{
    unsigned v = atomic_load_explicit(word(SRWLock), memory_order_relaxed);
    unsigned next;

    do {
        if ((v & HOLDERS) == 0 || (v & HOLDERS) == WRITER)
            return;
        next = v - 1;
        if ((next & HOLDERS) == 0)
            next = 0;
    } while (!atomic_compare_exchange_weak_explicit(word(SRWLock), &v, next,
                                                    memory_order_release,
                                                    memory_order_relaxed));
    if (next == 0 && (v & SLEEPERS))
        w32_futex_wake(word(SRWLock), INT_MAX);
}
