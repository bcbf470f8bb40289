/* synchapi.h: mutexes (NT mutants). Ownership is recursive and per thread. */
#include <stdlib.h>
#include "mutex.h"
#include "error.h"
#include "handle.h"
#include "namespace.h"
#include "rcu.h"
#include "shared.h"
#include "wait.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

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
 *
 * A named mutex is shared between processes: its shared word (in its block)
 * holds the owning thread's shared tag (pid and thread id) and the abandoned
 * flag, and is what every process compares and swaps to take it; state then
 * only tells which thread of this process owns it, and the dead flag.
 */
struct w32_mutex {
    struct w32_object obj;
    _Atomic(uintptr_t) state;
    DWORD count;                        /* recursion depth while owned */
    struct w32_mutex *prev, *next;      /* in the owner's owned list */
    _Atomic(uint64_t) *shared;          /* a named mutex's shared word, or NULL */
};

/* A named mutex's state, in shared memory. */
struct mutex_block {
    struct w32_shared_sync sync;
    _Atomic(uint64_t) owner;            /* shared tag of the owner, or 0, | MUTEX_ABANDONED */
};

static const struct w32_object_type mutex_type;

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
    struct w32_mutex *m = (struct w32_mutex *)obj;
    uintptr_t state = atomic_load_explicit(&m->state, memory_order_relaxed);

    if (owner_of(state) == thread)
        return true;
    if (m->shared)
        return !(atomic_load_explicit(m->shared, memory_order_relaxed) & ~MUTEX_ABANDONED);
    return !(state & ~MUTEX_ABANDONED);
}

/*
 * Takes a named mutex in every process (its shared word), then in this one
 * (state), unless its last handle here is gone meanwhile.
 */
static int acquire_shared(struct w32_mutex *m, struct w32_thread *thread)
{
    uint64_t shared = atomic_load_explicit(m->shared, memory_order_relaxed);
    uintptr_t free_state = 0;

    do {
        if (shared & ~MUTEX_ABANDONED)
            return W32_ACQUIRE_NONE;
    } while (!atomic_compare_exchange_weak_explicit(m->shared, &shared, thread->shared_tag,
                                                    memory_order_seq_cst,
                                                    memory_order_relaxed));
    if (!atomic_compare_exchange_strong_explicit(&m->state, &free_state, (uintptr_t)thread,
                                                 memory_order_seq_cst,
                                                 memory_order_relaxed)) {
        atomic_store_explicit(m->shared, shared, memory_order_seq_cst);
        w32_shared_changed(m->obj.shared->sync);
        return W32_ACQUIRE_NONE;
    }
    m->count = 1;
    return (shared & MUTEX_ABANDONED) ? W32_ACQUIRED_ABANDONED : W32_ACQUIRED;
}

static int mutex_acquire(struct w32_object *obj, struct w32_thread *thread)
{
    struct w32_mutex *m = (struct w32_mutex *)obj;
    uintptr_t state = atomic_load_explicit(&m->state, memory_order_relaxed);

    if (m->shared && owner_of(state) != thread)
        return state ? W32_ACQUIRE_NONE : acquire_shared(m, thread);
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
    uintptr_t flags = acquired == W32_ACQUIRED_ABANDONED ? MUTEX_ABANDONED : 0;

    if (--m->count > 0)
        return;
    if (m->shared) {
        atomic_store_explicit(&m->state, 0, memory_order_seq_cst);
        atomic_store_explicit(m->shared, flags, memory_order_seq_cst);
    } else {
        atomic_store_explicit(&m->state, flags, memory_order_seq_cst);
    }
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
                                                  (state & MUTEX_DEAD) |
                                                      (m->shared ? 0 : flags),
                                                  memory_order_seq_cst, memory_order_relaxed))
        ;
    /* Then every process may take a named mutex, whether this one still has
     * a handle to it or not (this process's own waiters see state free first). */
    if (m->shared) {
        atomic_store_explicit(m->shared, flags, memory_order_seq_cst);
        w32_shared_changed(m->obj.shared->sync);
    }
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
    if (--m->count > 0 || !let_go(m, thread, 0) || m->shared)
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
 * the calling thread, a process-local mutex leaves that thread's list;
 * otherwise the owner frees it when it releases or ends.
 */
static bool mutex_destroy(struct w32_object *obj)
{
    struct w32_mutex *m = (struct w32_mutex *)obj;
    struct w32_thread *owner =
        owner_of(atomic_fetch_or_explicit(&m->state, MUTEX_DEAD, memory_order_seq_cst));

    /* A named mutex stays owned in every process: its owner abandons it. */
    if (owner && owner == w32_thread_peek() && !m->shared) {
        unlink_owned(m, owner);
        return true;
    }
    return !owner;
}

static void mutex_shared_init(void *block, struct w32_object *obj)
{
    struct mutex_block *b = block;
    struct w32_thread *owner = owner_of(atomic_load_explicit(&((struct w32_mutex *)obj)->state,
                                                             memory_order_relaxed));

    atomic_init(&b->owner, owner ? owner->shared_tag : 0);
}

/* An existing named mutex is not owned by its creator: bInitialOwner is ignored. */
static void mutex_shared_bind(struct w32_object *obj, void *block, bool created)
{
    struct w32_mutex *m = (struct w32_mutex *)obj;
    struct w32_thread *owner = owner_of(atomic_load_explicit(&m->state, memory_order_relaxed));

    if (!created && owner) {
        unlink_owned(m, owner);
        atomic_store_explicit(&m->state, 0, memory_order_relaxed);
    }
    m->shared = &((struct mutex_block *)block)->owner;
}

static struct w32_object *mutex_shared_new(void)
{
    struct w32_mutex *m = calloc(1, sizeof(*m));

    if (!m)
        return NULL;
    w32_object_init(&m->obj, &mutex_type);
    atomic_init(&m->state, 0);
    return &m->obj;
}

/*
 * Whether thread tid of process pid has ended: it no longer exists, or it
 * is a zombie its parent has not reaped yet.
 */
static bool thread_gone(pid_t pid, pid_t tid)
{
    char path[64], stat[512];
    const char *paren;
    ssize_t n;
    int fd;

    if (syscall(SYS_tgkill, pid, tid, 0) != 0)
        return errno == ESRCH;
    snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT;
    n = read(fd, stat, sizeof(stat) - 1);
    close(fd);
    stat[n > 0 ? n : 0] = '\0';
    paren = strrchr(stat, ')');
    return paren && (paren[2] == 'Z' || paren[2] == 'X');
}

/*
 * A named mutex whose owner's process died (SIGKILL, or an exit that ran no
 * thread's end) becomes abandoned for the next owner. The owner's tag holds
 * its pid and thread id.
 */
static void mutex_shared_recover(struct w32_object *obj)
{
    struct w32_mutex *m = (struct w32_mutex *)obj;
    uint64_t owner = atomic_load_explicit(m->shared, memory_order_relaxed);
    pid_t pid = (pid_t)(owner >> 32), tid = (pid_t)((owner & 0xffffffffu) >> 2);

    if (!(owner & ~MUTEX_ABANDONED) || pid == getpid() || !thread_gone(pid, tid))
        return;
    if (atomic_compare_exchange_strong_explicit(m->shared, &owner, MUTEX_ABANDONED,
                                                memory_order_seq_cst, memory_order_relaxed))
        w32_shared_changed(obj->shared->sync);
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
    .shared_kind = W32_SHARED_MUTEX,
    .shared_size = sizeof(struct mutex_block),
    .shared_init = mutex_shared_init,
    .shared_bind = mutex_shared_bind,
    .shared_new = mutex_shared_new,
    .shared_recover = mutex_shared_recover,
    .destroy = mutex_destroy,
};

const struct w32_object_type *const w32_shared_mutex_type = &mutex_type;

void w32_mutex_abandon_all(struct w32_thread *thread)
{
    while (thread->owned) {
        struct w32_mutex *m = thread->owned;
        if (let_go(m, thread, MUTEX_ABANDONED) && !m->shared)
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
