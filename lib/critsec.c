/*
 * synchapi.h: critical sections. LockCount is the futex word: -1 free, 0 held,
 * 1 held and a thread may be sleeping on it. OwningThread and RecursionCount
 * are what Windows keeps there, the owner's thread id and its depth; only the
 * owner writes them. Nothing is allocated, so nothing needs freeing.
 */
#include <limits.h>
#include <stdbool.h>
#include "error.h"
#include "futex.h"

#define CS_FREE (-1)
#define CS_HELD 0
#define CS_CONTENDED 1

/* Windows 8 and later keep no debug information unless forced to. */
#define NO_DEBUG_INFO ((PRTL_CRITICAL_SECTION_DEBUG)(ULONG_PTR)-1)
/* The high bit of a spin count once asked for a preallocated event. */
#define SPIN_COUNT_MASK 0x00ffffffu

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static inline atomic_uint *lock_word(LPCRITICAL_SECTION cs)
{
    return (atomic_uint *)&cs->LockCount;
}

static inline HANDLE self_id(void)
{
    return (HANDLE)(ULONG_PTR)GetCurrentThreadId();
}

static inline HANDLE owner(LPCRITICAL_SECTION cs)
{
    return __atomic_load_n(&cs->OwningThread, __ATOMIC_RELAXED);
}

static inline void set_owner(LPCRITICAL_SECTION cs, HANDLE id)
{
    __atomic_store_n(&cs->OwningThread, id, __ATOMIC_RELAXED);
}

static inline bool try_lock(LPCRITICAL_SECTION cs)
{
    unsigned expected = (unsigned)CS_FREE;

    return atomic_compare_exchange_strong_explicit(lock_word(cs), &expected, CS_HELD,
                                                   memory_order_acquire, memory_order_relaxed);
}

static void take(LPCRITICAL_SECTION cs, HANDLE self)
{
    set_owner(cs, self);
    cs->RecursionCount = 1;
}

/* Spins SpinCount times, then sleeps; a woken thread marks the lock contended
 * since it cannot know whether others still sleep. */
static void lock_slow(LPCRITICAL_SECTION cs)
{
    ULONG_PTR spins = __atomic_load_n(&cs->SpinCount, __ATOMIC_RELAXED);

    for (ULONG_PTR i = 0; i < spins; i++) {
        if (atomic_load_explicit(lock_word(cs), memory_order_relaxed) == (unsigned)CS_FREE &&
            try_lock(cs))
            return;
        cpu_relax();
    }
    while (atomic_exchange_explicit(lock_word(cs), CS_CONTENDED, memory_order_acquire) !=
           (unsigned)CS_FREE)
        w32_futex_wait(lock_word(cs), CS_CONTENDED, NULL);
}

static void unlock(LPCRITICAL_SECTION cs, int wake)
{
    if (atomic_exchange_explicit(lock_word(cs), (unsigned)CS_FREE, memory_order_release) ==
        CS_CONTENDED)
        w32_futex_wake(lock_word(cs), wake);
}

static void init(LPCRITICAL_SECTION cs, DWORD spin_count)
{
    cs->DebugInfo = NO_DEBUG_INFO;
    cs->LockCount = CS_FREE;
    cs->RecursionCount = 0;
    cs->OwningThread = NULL;
    cs->LockSemaphore = NULL;
    cs->SpinCount = spin_count & SPIN_COUNT_MASK;
}

void WINAPI InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    init(lpCriticalSection, 0);
}

BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION lpCriticalSection,
                                                  DWORD dwSpinCount)
{
    init(lpCriticalSection, dwSpinCount);
    return TRUE;
}

BOOL WINAPI InitializeCriticalSectionEx(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount,
                                        DWORD Flags)
{
    if (Flags & RTL_CRITICAL_SECTION_FLAG_RESERVED) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    init(lpCriticalSection, dwSpinCount);
    return TRUE;
}

DWORD WINAPI SetCriticalSectionSpinCount(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount)
{
    return (DWORD)__atomic_exchange_n(&lpCriticalSection->SpinCount,
                                      (ULONG_PTR)(dwSpinCount & SPIN_COUNT_MASK),
                                      __ATOMIC_RELAXED);
}

void WINAPI EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    HANDLE self = self_id();

    if (try_lock(lpCriticalSection)) {
        take(lpCriticalSection, self);
        return;
    }
    if (owner(lpCriticalSection) == self) {
        lpCriticalSection->RecursionCount++;
        return;
    }
    lock_slow(lpCriticalSection);
    take(lpCriticalSection, self);
}

BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    HANDLE self = self_id();

    if (try_lock(lpCriticalSection)) {
        take(lpCriticalSection, self);
        return TRUE;
    }
    if (owner(lpCriticalSection) == self) {
        lpCriticalSection->RecursionCount++;
        return TRUE;
    }
    return FALSE;
}

/* Only the owner can leave: a call by any other thread does nothing. */
void WINAPI LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    if (owner(lpCriticalSection) != self_id())
        return;
    if (--lpCriticalSection->RecursionCount > 0)
        return;
    set_owner(lpCriticalSection, NULL);
    unlock(lpCriticalSection, 1);
}

/*
 * Deleting a held section frees it: threads blocked entering it wake and
 * compete for it as for a new one, and the former owner's leaves do nothing.
 */
void WINAPI DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    lpCriticalSection->DebugInfo = NULL;
    lpCriticalSection->RecursionCount = 0;
    set_owner(lpCriticalSection, NULL);
    lpCriticalSection->LockSemaphore = NULL;
    __atomic_store_n(&lpCriticalSection->SpinCount, 0, __ATOMIC_RELAXED);
    unlock(lpCriticalSection, INT_MAX);
}
