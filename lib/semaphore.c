/* synchapi.h: counting semaphores. */
#include <stdlib.h>
#include "error.h"
#include "handle.h"
#include "namespace.h"
#include "rcu.h"
#include "shared.h"
#include "wait.h"

#define SEMAPHORE_QUERY_STATE 0x0001

struct semaphore {
    struct w32_object obj;
    atomic_int *count;      /* changed with atomics only: own_count, or a named
                             * semaphore's in its shared block */
    LONG max;
    atomic_int own_count;
};

/* A named semaphore's state, in shared memory. */
struct semaphore_block {
    struct w32_shared_sync sync;
    atomic_int count;
    int32_t max;
};

static const struct w32_object_type semaphore_type;

static bool semaphore_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return atomic_load_explicit(((struct semaphore *)obj)->count, memory_order_relaxed) > 0;
}

static int semaphore_acquire(struct w32_object *obj, struct w32_thread *thread)
{
    struct semaphore *sem = (struct semaphore *)obj;
    int count = atomic_load_explicit(sem->count, memory_order_relaxed);

    do {
        if (count <= 0)
            return W32_ACQUIRE_NONE;
    } while (!atomic_compare_exchange_weak_explicit(sem->count, &count, count - 1,
                                                    memory_order_seq_cst,
                                                    memory_order_relaxed));
    return W32_ACQUIRED;
}

static void semaphore_unacquire(struct w32_object *obj, struct w32_thread *thread, int acquired)
{
    atomic_fetch_add_explicit(((struct semaphore *)obj)->count, 1, memory_order_seq_cst);
}

/* Adds release to the count unless that passes the maximum. */
static DWORD add(struct semaphore *sem, LONG release, LONG *previous)
{
    int count = atomic_load_explicit(sem->count, memory_order_relaxed);

    do {
        *previous = count;
        if (release > sem->max - count)
            return ERROR_TOO_MANY_POSTS;
    } while (!atomic_compare_exchange_weak_explicit(sem->count, &count, count + release,
                                                    memory_order_seq_cst,
                                                    memory_order_relaxed));
    return ERROR_SUCCESS;
}

/* Object lock held. */
static DWORD semaphore_signal(struct w32_object *obj, struct w32_thread *thread)
{
    LONG previous;
    DWORD error = add((struct semaphore *)obj, 1, &previous);

    if (error == ERROR_SUCCESS)
        w32_dispatch_wake(obj);
    return error;
}

static bool semaphore_destroy(struct w32_object *obj)
{
    return true;
}

static void semaphore_shared_init(void *block, struct w32_object *obj)
{
    struct semaphore_block *b = block;
    struct semaphore *sem = (struct semaphore *)obj;

    atomic_init(&b->count, atomic_load_explicit(&sem->own_count, memory_order_relaxed));
    b->max = sem->max;
}

/* An existing named semaphore keeps its count and maximum. */
static void semaphore_shared_bind(struct w32_object *obj, void *block, bool created)
{
    struct semaphore_block *b = block;
    struct semaphore *sem = (struct semaphore *)obj;

    sem->max = b->max;
    sem->count = &b->count;
}

static struct semaphore *new_semaphore(LONG count, LONG max)
{
    struct semaphore *sem = malloc(sizeof(*sem));

    if (!sem) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&sem->obj, &semaphore_type);
    atomic_init(&sem->own_count, count);
    sem->count = &sem->own_count;
    sem->max = max;
    return sem;
}

static struct w32_object *semaphore_shared_new(void)
{
    struct semaphore *sem = new_semaphore(0, 1);

    return sem ? &sem->obj : NULL;
}

static const struct w32_object_type semaphore_type = {
    .name = "Semaphore",
    .access = {
        .read = STANDARD_RIGHTS_READ | SEMAPHORE_QUERY_STATE,
        .write = STANDARD_RIGHTS_WRITE | SEMAPHORE_MODIFY_STATE,
        .execute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
        .all = SEMAPHORE_ALL_ACCESS,
    },
    .signaled = semaphore_signaled,
    .acquire = semaphore_acquire,
    .unacquire = semaphore_unacquire,
    .signal = semaphore_signal,
    .signal_access = SEMAPHORE_MODIFY_STATE,
    .shared_kind = W32_SHARED_SEMAPHORE,
    .shared_size = sizeof(struct semaphore_block),
    .shared_init = semaphore_shared_init,
    .shared_bind = semaphore_shared_bind,
    .shared_new = semaphore_shared_new,
    .destroy = semaphore_destroy,
};

const struct w32_object_type *const w32_shared_semaphore_type = &semaphore_type;

HANDLE WINAPI CreateSemaphoreExA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                 LONG lInitialCount, LONG lMaximumCount, LPCSTR lpName,
                                 DWORD dwFlags, DWORD dwDesiredAccess)
{
    struct semaphore *sem;

    if (lMaximumCount <= 0 || lInitialCount < 0 || lInitialCount > lMaximumCount ||
        dwFlags != 0) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    sem = new_semaphore(lInitialCount, lMaximumCount);
    if (!sem)
        return NULL;
    return w32_named_create(&sem->obj, lpName, lpSemaphoreAttributes, dwDesiredAccess);
}

HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                               LONG lInitialCount, LONG lMaximumCount, LPCSTR lpName)
{
    return CreateSemaphoreExA(lpSemaphoreAttributes, lInitialCount, lMaximumCount, lpName, 0,
                              SEMAPHORE_ALL_ACCESS);
}

HANDLE WINAPI OpenSemaphoreA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName)
{
    return w32_named_open(&semaphore_type, lpName, dwDesiredAccess, bInheritHandle);
}

HANDLE WINAPI CreateSemaphoreExW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                 LONG lInitialCount, LONG lMaximumCount, LPCWSTR lpName,
                                 DWORD dwFlags, DWORD dwDesiredAccess)
{
    W32_WITH_UTF8_NAME(name, lpName,
                       CreateSemaphoreExA(lpSemaphoreAttributes, lInitialCount, lMaximumCount,
                                          name, dwFlags, dwDesiredAccess));
}

HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                               LONG lInitialCount, LONG lMaximumCount, LPCWSTR lpName)
{
    W32_WITH_UTF8_NAME(name, lpName,
                       CreateSemaphoreA(lpSemaphoreAttributes, lInitialCount, lMaximumCount,
                                        name));
}

HANDLE WINAPI OpenSemaphoreW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)
{
    W32_WITH_UTF8_NAME(name, lpName, OpenSemaphoreA(dwDesiredAccess, bInheritHandle, name));
}

BOOL WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount)
{
    struct semaphore *sem;
    LONG previous;
    DWORD error;

    if (lReleaseCount <= 0) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    w32_read_lock();
    sem = (struct semaphore *)w32_handle_peek(hSemaphore, &semaphore_type,
                                              SEMAPHORE_MODIFY_STATE);
    if (!sem) {
        w32_read_unlock();
        return FALSE;
    }
    error = add(sem, lReleaseCount, &previous);
    if (error == ERROR_SUCCESS)
        w32_dispatch_changed(&sem->obj);
    w32_read_unlock();
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    if (lpPreviousCount)
        *lpPreviousCount = previous;
    return TRUE;
}
