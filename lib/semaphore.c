/* synchapi.h: counting semaphores. */
#include <stdlib.h>
#include "error.h"
#include "handle.h"
#include "namespace.h"
#include "wait.h"

#define SEMAPHORE_QUERY_STATE 0x0001

struct semaphore {
    struct w32_object obj;
    LONG count;             /* dispatcher lock */
    LONG max;
};

static bool semaphore_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return ((struct semaphore *)obj)->count > 0;
}

static bool semaphore_satisfy(struct w32_object *obj, struct w32_thread *thread)
{
    ((struct semaphore *)obj)->count--;
    return false;
}

/* Adds release to the count unless that passes the maximum; dispatcher lock held. */
static DWORD release_locked(struct semaphore *sem, LONG release, LONG *previous)
{
    *previous = sem->count;
    if (release > sem->max - sem->count)
        return ERROR_TOO_MANY_POSTS;
    sem->count += release;
    w32_dispatch_wake(&sem->obj);
    return ERROR_SUCCESS;
}

static DWORD semaphore_signal(struct w32_object *obj, struct w32_thread *thread)
{
    LONG previous;
    return release_locked((struct semaphore *)obj, 1, &previous);
}

static void semaphore_destroy(struct w32_object *obj)
{
    free(obj);
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
    .satisfy = semaphore_satisfy,
    .signal = semaphore_signal,
    .signal_access = SEMAPHORE_MODIFY_STATE,
    .destroy = semaphore_destroy,
};

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
    sem = malloc(sizeof(*sem));
    if (!sem) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&sem->obj, &semaphore_type);
    sem->count = lInitialCount;
    sem->max = lMaximumCount;
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
    sem = (struct semaphore *)w32_handle_lock(hSemaphore, &semaphore_type,
                                              SEMAPHORE_MODIFY_STATE);
    if (!sem)
        return FALSE;
    error = release_locked(sem, lReleaseCount, &previous);
    w32_dispatch_unlock();
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    if (lpPreviousCount)
        *lpPreviousCount = previous;
    return TRUE;
}
