/* synchapi.h: mutexes (NT mutants). Ownership is recursive and per thread. */
#include <stdlib.h>
#include "mutex.h"
#include "error.h"
#include "handle.h"
#include "namespace.h"
#include "rcu.h"
#include "wait.h"

/* The state word: the owner's record, or 0, and these flags. */
#define MUTEX_ABANDONED ((uintptr_t)1)   /* the last owner ended without releasing */
#define MUTEX_DEAD ((uintptr_t)2)        /* its last reference is gone */
#define MUTEX_FLAGS (MUTEX_ABANDONED | MUTEX_DEAD)

/*
 * Ownership changes with one compare-and-swap on state. The rest belongs to
 * the owner: the recursion count, and the links in its list of owned
 * mutexes (which only the owning thread itself changes, so a thread's
 * ending can abandon what it owns). A mutex whose last reference goes while
 * another thread owns it is freed by that owner when it lets go.
 */
struct w32_mutex {
    struct w32_object obj;
    _Atomic(uintptr_t) state;
    DWORD count;                        /* recursion depth while owned */
    struct w32_mutex *prev, *next;      /* in the owner's owned list */
};

static struct w32_thread *owner_of(uintptr_t state)
{
    return (struct w32_thread *)(state & ~MUTEX_FLAGS);
}

/* Adds m to thread's list; thread is the calling thread, which owns m. */
static void link_owned(struct w32_mutex *m, struct w32_thread *thread)
{
    m->prev = NULL;
    m->next = thread->owned;
    if (thread->owned)
        thread->owned->prev = m;
    thread->owned = m;
}

static void unlink_owned(struct w32_mutex *m, struct w32_thread *thread)
{
    if (m->prev)
        m->prev->next = m->next;
    else
        thread->owned = m->next;
    if (m->next)
        m->next->prev = m->prev;
    m->prev = m->next = NULL;
}

static bool mutex_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    uintptr_t state = atomic_load_explicit(&((struct w32_mutex *)obj)->state,
                                           memory_order_relaxed);
    return owner_of(state) == thread || !(state & ~MUTEX_ABANDONED);
}

static int mutex_acquire(struct w32_object *obj, struct w32_thread *thread)
{
    struct w32_mutex *m = (struct w32_mutex *)obj;
    uintptr_t state = atomic_load_explicit(&m->state, memory_order_relaxed);

    for (;;) {
        if (owner_of(state) == thread) {
            m->count++;
            return W32_ACQUIRED;
        }
        if (state & ~MUTEX_ABANDONED)
            return W32_ACQUIRE_NONE;        /* owned by another, or dead */
        if (atomic_compare_exchange_weak_explicit(&m->state, &state, (uintptr_t)thread,
                                                  memory_order_seq_cst,
                                                  memory_order_relaxed))
            break;
    }
    m->count = 1;
    return (state & MUTEX_ABANDONED) ? W32_ACQUIRED_ABANDONED : W32_ACQUIRED;
}

static void mutex_unacquire(struct w32_object *obj, struct w32_thread *thread, int acquired)
{
    struct w32_mutex *m = (struct w32_mutex *)obj;

    if (--m->count == 0)
        atomic_store_explicit(&m->state,
                              acquired == W32_ACQUIRED_ABANDONED ? MUTEX_ABANDONED : 0,
                              memory_order_seq_cst);
}

/* A wait gave thread the mutex: it goes on thread's list (the first time). */
static void mutex_acquired(struct w32_object *obj, struct w32_thread *thread)
{
    struct w32_mutex *m = (struct w32_mutex *)obj;

    if (m->count == 1)
        link_owned(m, thread);
}

/*
 * The owner lets go, with flags (MUTEX_ABANDONED or 0) as the new state.
 * Returns true if a waiter may now take it; a dead mutex is freed instead.
 */
static inline bool let_go(struct w32_mutex *m, struct w32_thread *thread, uintptr_t flags)
{
    uintptr_t state = atomic_load_explicit(&m->state, memory_order_relaxed);

    unlink_owned(m, thread);
    while (!atomic_compare_exchange_weak_explicit(&m->state, &state,
                                                  (state & MUTEX_DEAD) | flags,
                                                  memory_order_seq_cst, memory_order_relaxed))
        ;
    if (state & MUTEX_DEAD) {
        w32_object_free(&m->obj);
        return false;
    }
    return true;
}

static inline DWORD release(struct w32_mutex *m, struct w32_thread *thread, bool locked)
{
    if (!thread || owner_of(atomic_load_explicit(&m->state, memory_order_relaxed)) != thread)
        return ERROR_NOT_OWNER;
    if (--m->count > 0 || !let_go(m, thread, 0))
        return ERROR_SUCCESS;
    if (locked)
        w32_dispatch_wake(&m->obj);
    else
        w32_dispatch_changed(&m->obj);
    return ERROR_SUCCESS;
}

static DWORD mutex_signal(struct w32_object *obj, struct w32_thread *thread)
{
    return release((struct w32_mutex *)obj, thread, true);
}

/*
 * Marks the mutex dead, so no lookup still in flight can take it. Owned by
 * the calling thread, it leaves that thread's list; owned by another, that
 * thread frees it when it releases or ends.
 */
static bool mutex_destroy(struct w32_object *obj)
{
    struct w32_mutex *m = (struct w32_mutex *)obj;
    struct w32_thread *owner =
        owner_of(atomic_fetch_or_explicit(&m->state, MUTEX_DEAD, memory_order_seq_cst));

    if (owner && owner == w32_thread_peek())
        unlink_owned(m, owner);
    return !owner || owner == w32_thread_peek();
}

static const struct w32_object_type mutex_type = {
    .name = "Mutant",
    .access = {
        .read = STANDARD_RIGHTS_READ | MUTANT_QUERY_STATE,
        .write = STANDARD_RIGHTS_WRITE,
        .execute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
        .all = MUTANT_ALL_ACCESS,
    },
    .signaled = mutex_signaled,
    .acquire = mutex_acquire,
    .unacquire = mutex_unacquire,
    .acquired = mutex_acquired,
    .signal = mutex_signal,
    .signal_access = 0,         /* ReleaseMutex needs no right on the handle */
    .destroy = mutex_destroy,
};

void w32_mutex_abandon_all(struct w32_thread *thread)
{
    while (thread->owned) {
        struct w32_mutex *m = thread->owned;
        if (let_go(m, thread, MUTEX_ABANDONED))
            w32_dispatch_changed(&m->obj);
    }
}

HANDLE WINAPI CreateMutexExA(LPSECURITY_ATTRIBUTES lpMutexAttributes, LPCSTR lpName,
                             DWORD dwFlags, DWORD dwDesiredAccess)
{
    struct w32_mutex *m;
    struct w32_thread *thread = NULL;

    if (dwFlags & ~CREATE_MUTEX_INITIAL_OWNER) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if ((dwFlags & CREATE_MUTEX_INITIAL_OWNER) && !(thread = w32_thread_self())) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    m = calloc(1, sizeof(*m));
    if (!m) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&m->obj, &mutex_type);
    atomic_init(&m->state, 0);
    if (thread) {
        /* Owned before it can be named, so nobody else can take it first. */
        atomic_init(&m->state, (uintptr_t)thread);
        m->count = 1;
        link_owned(m, thread);
    }
    return w32_named_create(&m->obj, lpName, lpMutexAttributes, dwDesiredAccess);
}

HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner,
                           LPCSTR lpName)
{
    return CreateMutexExA(lpMutexAttributes, lpName,
                          bInitialOwner ? CREATE_MUTEX_INITIAL_OWNER : 0, MUTANT_ALL_ACCESS);
}

HANDLE WINAPI OpenMutexA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName)
{
    return w32_named_open(&mutex_type, lpName, dwDesiredAccess, bInheritHandle);
}

HANDLE WINAPI CreateMutexExW(LPSECURITY_ATTRIBUTES lpMutexAttributes, LPCWSTR lpName,
                             DWORD dwFlags, DWORD dwDesiredAccess)
{
    W32_WITH_UTF8_NAME(name, lpName,
                       CreateMutexExA(lpMutexAttributes, name, dwFlags, dwDesiredAccess));
}

HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner,
                           LPCWSTR lpName)
{
    W32_WITH_UTF8_NAME(name, lpName, CreateMutexA(lpMutexAttributes, bInitialOwner, name));
}

HANDLE WINAPI OpenMutexW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)
{
    W32_WITH_UTF8_NAME(name, lpName, OpenMutexA(dwDesiredAccess, bInheritHandle, name));
}

BOOL WINAPI ReleaseMutex(HANDLE hMutex)
{
    struct w32_thread *thread = w32_thread_peek();
    struct w32_mutex *m;
    DWORD error;

    w32_read_lock();
    m = (struct w32_mutex *)w32_handle_peek(hMutex, &mutex_type, 0);
    if (!m) {
        w32_read_unlock();
        return FALSE;
    }
    error = release(m, thread, false);
    w32_read_unlock();
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}
