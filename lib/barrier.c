/*
 * synchapi.h: synchronization barriers, on futex words in the caller's
 * SYNCHRONIZATION_BARRIER. ARRIVED counts the threads that reached the
 * barrier in this phase; the last of them resets it and advances PHASE,
 * which the others watch, spinning and then sleeping on it. A thread reads
 * the phase before it counts itself in, so the phase it waits to see move is
 * always its own: the next phase cannot begin before its count is in.
 * INSIDE counts the threads still in EnterSynchronizationBarrier that
 * DeleteSynchronizationBarrier has to outwait.
 */
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <string.h>
#include "error.h"
#include "futex.h"

#define DEFAULT_SPINS 2000      /* lSpinCount -1, as Windows documents */
#define MAX_SPINS 100000        /* beyond this a spin only burns a core */
#define SPINS_PER_YIELD 64      /* a spin-only waiter lets the last thread run */
#define DELETING 0x80000000u    /* INSIDE: a delete waits for the count to drain */

/* Threads counted in the current phase (Reserved1). */
static inline atomic_uint *arrived(LPSYNCHRONIZATION_BARRIER barrier)
{
    return (atomic_uint *)&barrier->Reserved1;
}

/* The phase number, the word waiters sleep on (Reserved2). */
static inline atomic_uint *phase(LPSYNCHRONIZATION_BARRIER barrier)
{
    return (atomic_uint *)&barrier->Reserved2;
}

/* Threads in EnterSynchronizationBarrier without NO_DELETE, and DELETING. */
static inline atomic_uint *inside(LPSYNCHRONIZATION_BARRIER barrier)
{
    return (atomic_uint *)&barrier->Reserved3[0];
}

/* Threads that may sleep on the phase word: the last arrival wakes only if any. */
static inline atomic_uint *sleepers(LPSYNCHRONIZATION_BARRIER barrier)
{
    return (atomic_uint *)&barrier->Reserved3[1];
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static inline bool phase_moved(LPSYNCHRONIZATION_BARRIER barrier, unsigned seen)
{
    return atomic_load_explicit(phase(barrier), memory_order_acquire) != seen;
}

/* Spins up to spins times (forever if forever) for the phase to move. */
static bool spin_for_phase(LPSYNCHRONIZATION_BARRIER barrier, unsigned seen, DWORD spins,
                           bool forever)
{
    for (DWORD i = 1; forever || i <= spins; i++) {
        if (phase_moved(barrier, seen))
            return true;
        if (i % SPINS_PER_YIELD == 0)
            sched_yield();
        else
            cpu_relax();
    }
    return phase_moved(barrier, seen);
}

/*
 * Sleeps until the phase moves. Counting itself a sleeper before it looks at
 * the phase (both sequentially consistent) means the last arrival, which
 * moves the phase before it looks at the sleepers, cannot miss it. The load
 * that sees the phase move acquires what every thread did before arriving.
 */
static void sleep_for_phase(LPSYNCHRONIZATION_BARRIER barrier, unsigned seen)
{
    atomic_fetch_add(sleepers(barrier), 1);
    while (atomic_load(phase(barrier)) == seen)
        w32_futex_wait(phase(barrier), seen, NULL);
    atomic_fetch_sub_explicit(sleepers(barrier), 1, memory_order_relaxed);
}

/*
 * As Windows: SPIN_ONLY wins over BLOCK_ONLY and spins until the phase ends;
 * BLOCK_ONLY sleeps at once; by default a waiter spins the barrier's spin
 * count, then sleeps.
 */
static void await_phase(LPSYNCHRONIZATION_BARRIER barrier, unsigned seen, DWORD flags)
{
    bool spin_only = flags & SYNCHRONIZATION_BARRIER_FLAGS_SPIN_ONLY;
    bool block_only = !spin_only && (flags & SYNCHRONIZATION_BARRIER_FLAGS_BLOCK_ONLY);

    if (!block_only && spin_for_phase(barrier, seen, barrier->Reserved5, spin_only))
        return;
    sleep_for_phase(barrier, seen);
}

/* Counts the caller in; TRUE for the thread that completes the phase. */
static BOOL arrive(LPSYNCHRONIZATION_BARRIER barrier, DWORD flags)
{
    unsigned seen = atomic_load_explicit(phase(barrier), memory_order_acquire);

    if (atomic_fetch_add_explicit(arrived(barrier), 1, memory_order_acq_rel) + 1 <
        barrier->Reserved4) {
        await_phase(barrier, seen, flags);
        return FALSE;
    }
    atomic_store_explicit(arrived(barrier), 0, memory_order_relaxed);
    atomic_fetch_add(phase(barrier), 1);
    if (atomic_load(sleepers(barrier)))
        w32_futex_wake(phase(barrier), INT_MAX);
    return TRUE;
}

/* The caller's last touch of the barrier: a waiting delete may free it after this. */
static void leave(LPSYNCHRONIZATION_BARRIER barrier)
{
    if (atomic_fetch_sub_explicit(inside(barrier), 1, memory_order_release) == (DELETING | 1))
        w32_futex_wake(inside(barrier), INT_MAX);
}

/* A NULL barrier fails as on Windows 11, whose ntdll checks for it. */
BOOL WINAPI InitializeSynchronizationBarrier(LPSYNCHRONIZATION_BARRIER lpBarrier,
                                             LONG lTotalThreads, LONG lSpinCount)
{
    if (!lpBarrier || lTotalThreads < 1) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memset(lpBarrier, 0, sizeof(*lpBarrier));
    lpBarrier->Reserved4 = (DWORD)lTotalThreads;
    if (lSpinCount == -1)
        lpBarrier->Reserved5 = DEFAULT_SPINS;
    else
        lpBarrier->Reserved5 = (DWORD)lSpinCount < MAX_SPINS ? (DWORD)lSpinCount : MAX_SPINS;
    return TRUE;
}

BOOL WINAPI EnterSynchronizationBarrier(LPSYNCHRONIZATION_BARRIER lpBarrier, DWORD dwFlags)
{
    bool counted = !(dwFlags & SYNCHRONIZATION_BARRIER_FLAGS_NO_DELETE);
    BOOL last;

    if (!lpBarrier)
        return FALSE;
    if (counted)
        atomic_fetch_add_explicit(inside(lpBarrier), 1, memory_order_relaxed);
    last = arrive(lpBarrier, dwFlags);
    if (counted)
        leave(lpBarrier);
    return last;
}

/* Waits until every thread that entered without NO_DELETE has left. */
BOOL WINAPI DeleteSynchronizationBarrier(LPSYNCHRONIZATION_BARRIER lpBarrier)
{
    unsigned v;

    if (!lpBarrier)
        return TRUE;
    v = atomic_fetch_or_explicit(inside(lpBarrier), DELETING, memory_order_acquire) | DELETING;
    while (v != DELETING) {
        w32_futex_wait(inside(lpBarrier), v, NULL);
        v = atomic_load_explicit(inside(lpBarrier), memory_order_acquire);
    }
    return TRUE;
}
