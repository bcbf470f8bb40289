/*
 * synchapi.h: one-time initialisation (InitOnce*), on the INIT_ONCE word alone.
 *
 * Ptr holds Windows' states in its two low bits: 0 not started, 1 started
 * (synchronous), 3 started (asynchronous), 2 done, with the context in the
 * bits above. While a synchronous start is under way, bit 2 says that some
 * thread sleeps on the word's low 32 bits (a futex), so the completer makes a
 * system call only when someone waits.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include "error.h"
#include "futex.h"

#define STATE_MASK 3u
#define STATE_NEW 0u
#define STATE_SYNC 1u
#define STATE_DONE 2u
#define STATE_ASYNC 3u
#define SYNC_WAITERS 4u

static uintptr_t load_state(PINIT_ONCE once)
{
    return (uintptr_t)__atomic_load_n(&once->Ptr, __ATOMIC_ACQUIRE);
}

static bool swap_state(PINIT_ONCE once, uintptr_t old, uintptr_t new)
{
    void *expected = (void *)old;

    return __atomic_compare_exchange_n(&once->Ptr, &expected, (void *)new, false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* The 32 bits of Ptr that hold the state: the futex word. */
static atomic_uint *state_word(PINIT_ONCE once)
{
    atomic_uint *word = (atomic_uint *)&once->Ptr;

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    word += sizeof(once->Ptr) / sizeof(*word) - 1;
#endif
    return word;
}

/* Sleeps until a synchronous start seen as state ends (completed or failed). */
static void wait_for_completion(PINIT_ONCE once, uintptr_t state)
{
    if (!(state & SYNC_WAITERS)) {
        if (!swap_state(once, state, state | SYNC_WAITERS))
            return;         /* it changed: the caller looks again */
        state |= SYNC_WAITERS;
    }
    w32_futex_wait(state_word(once), (unsigned)state, NULL);
}

VOID WINAPI InitOnceInitialize(PINIT_ONCE InitOnce)
{
    if (InitOnce)
        __atomic_store_n(&InitOnce->Ptr, NULL, __ATOMIC_RELAXED);
}

static bool begin_flags_valid(DWORD flags)
{
    return !(flags & ~(INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC)) &&
           flags != (INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC);
}

static BOOL done(uintptr_t state, PBOOL pending, LPVOID *context)
{
    if (context)
        *context = (void *)(state & ~(uintptr_t)STATE_MASK);
    *pending = FALSE;
    return TRUE;
}

BOOL WINAPI InitOnceBeginInitialize(LPINIT_ONCE lpInitOnce, DWORD dwFlags, PBOOL fPending,
                                    LPVOID *lpContext)
{
    bool async = dwFlags & INIT_ONCE_ASYNC;

    if (!begin_flags_valid(dwFlags)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!lpInitOnce || !fPending) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    for (;;) {
        uintptr_t state = load_state(lpInitOnce);

        if ((state & STATE_MASK) == STATE_DONE)
            return done(state, fPending, lpContext);
        if (dwFlags & INIT_ONCE_CHECK_ONLY) {
            w32_set_error(ERROR_GEN_FAILURE);
            return FALSE;
        }
        switch (state & STATE_MASK) {
        case STATE_NEW:
            if (!swap_state(lpInitOnce, state, async ? STATE_ASYNC : STATE_SYNC))
                continue;
            *fPending = TRUE;
            return TRUE;
        case STATE_ASYNC:
            if (!async)
                break;
            *fPending = TRUE;
            return TRUE;
        case STATE_SYNC:
            if (async)
                break;
            wait_for_completion(lpInitOnce, state);
            continue;
        }
        /* A start in the other mode is under way. */
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
}

static bool complete_args_valid(DWORD flags, LPVOID context)
{
    if (flags & ~(INIT_ONCE_ASYNC | INIT_ONCE_INIT_FAILED))
        return false;
    if (flags & INIT_ONCE_INIT_FAILED)
        return !(flags & INIT_ONCE_ASYNC) && !context;
    return !((uintptr_t)context & STATE_MASK);
}

BOOL WINAPI InitOnceComplete(LPINIT_ONCE lpInitOnce, DWORD dwFlags, LPVOID lpContext)
{
    bool async = dwFlags & INIT_ONCE_ASYNC;
    uintptr_t final = (dwFlags & INIT_ONCE_INIT_FAILED) ? STATE_NEW
                                                        : (uintptr_t)lpContext | STATE_DONE;

    if (!complete_args_valid(dwFlags, lpContext)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!lpInitOnce) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    for (;;) {
        uintptr_t state = load_state(lpInitOnce);
        uintptr_t mode = state & STATE_MASK;

        if (mode == STATE_NEW || mode == STATE_DONE) {
            /* Nothing started, or (async) another thread completed first. */
            w32_set_error(ERROR_GEN_FAILURE);
            return FALSE;
        }
        if (async != (mode == STATE_ASYNC)) {
            w32_set_error(ERROR_INVALID_PARAMETER);
            return FALSE;
        }
        if (!swap_state(lpInitOnce, state, final))
            continue;
        if (state & SYNC_WAITERS)
            w32_futex_wake(state_word(lpInitOnce), INT_MAX);
        return TRUE;
    }
}

/*
 * As on Windows, the last error is left alone when the call fails: InitFn
 * may have set it to say why.
 */
BOOL WINAPI InitOnceExecuteOnce(PINIT_ONCE InitOnce, PINIT_ONCE_FN InitFn, PVOID Parameter,
                                LPVOID *Context)
{
    DWORD saved_error = w32_last_error;
    BOOL pending;

    if (!InitOnce) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!InitFn) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!InitOnceBeginInitialize(InitOnce, 0, &pending, Context)) {
        w32_set_error(saved_error);
        return FALSE;
    }
    if (!pending)
        return TRUE;
    if (!InitFn(InitOnce, Parameter, Context)) {
        InitOnceComplete(InitOnce, INIT_ONCE_INIT_FAILED, NULL);
        return FALSE;
    }
    if (!InitOnceComplete(InitOnce, 0, Context ? *Context : NULL)) {
        /* A context with reserved bits set: Windows faults; start again later. */
        InitOnceComplete(InitOnce, INIT_ONCE_INIT_FAILED, NULL);
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}
