/*
 * synchapi.h: condition variables, on WaitOnAddress. The variable is a wake
 * counter: a sleeper reads it while still holding its lock, releases the lock
 * and waits for the counter to move; a wake moves it and wakes one or all of
 * the threads queued on it, oldest first. A wake that comes between the
 * release and the wait is not lost: the counter has moved and the wait
 * returns at once. Sleepers may wake spuriously, as on Windows.
 */
#include <stdbool.h>
#include "error.h"

static inline ULONG_PTR *counter(PCONDITION_VARIABLE cv)
{
    return (ULONG_PTR *)&cv->Ptr;
}

/* Waits for the counter to move from seen; FALSE with ERROR_TIMEOUT on timeout. */
static BOOL wait_for_wake(PCONDITION_VARIABLE cv, ULONG_PTR seen, DWORD timeout)
{
    return WaitOnAddress(counter(cv), &seen, sizeof(seen), timeout);
}

static ULONG_PTR current(PCONDITION_VARIABLE cv)
{
    return __atomic_load_n(counter(cv), __ATOMIC_RELAXED);
}

void WINAPI InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    __atomic_store_n(counter(ConditionVariable), 0, __ATOMIC_RELAXED);
}

/* The section is left completely however deep the caller's recursion, and
 * entered to the same depth again before returning. */
BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE ConditionVariable,
                                     PCRITICAL_SECTION CriticalSection, DWORD dwMilliseconds)
{
    ULONG_PTR seen = current(ConditionVariable);
    LONG depth = CriticalSection->RecursionCount;
    BOOL woken;

    CriticalSection->RecursionCount = 1;
    LeaveCriticalSection(CriticalSection);
    woken = wait_for_wake(ConditionVariable, seen, dwMilliseconds);
    EnterCriticalSection(CriticalSection);
    CriticalSection->RecursionCount = depth;
    return woken;
}

/* As on Windows, the lock is taken shared again if Flags has
 * CONDITION_VARIABLE_LOCKMODE_SHARED, exclusive otherwise. */
BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE ConditionVariable, PSRWLOCK SRWLock,
                                      DWORD dwMilliseconds, ULONG Flags)
{
    ULONG_PTR seen = current(ConditionVariable);
    bool shared = Flags & CONDITION_VARIABLE_LOCKMODE_SHARED;
    BOOL woken;

    if (shared)
        ReleaseSRWLockShared(SRWLock);
    else
        ReleaseSRWLockExclusive(SRWLock);
    woken = wait_for_wake(ConditionVariable, seen, dwMilliseconds);
    if (shared)
        AcquireSRWLockShared(SRWLock);
    else
        AcquireSRWLockExclusive(SRWLock);
    return woken;
}

void WINAPI WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    __atomic_fetch_add(counter(ConditionVariable), 1, __ATOMIC_SEQ_CST);
    WakeByAddressSingle(counter(ConditionVariable));
}

void WINAPI WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    __atomic_fetch_add(counter(ConditionVariable), 1, __ATOMIC_SEQ_CST);
    WakeByAddressAll(counter(ConditionVariable));
}
