/* synchapi.h: mutexes (NT mutants). Ownership is recursive and per thread. */
#include <stdlib.h>
#include "mutex.h"
#include "error.h"
#include "handle.h"
#include "namespace.h"
#include "wait.h"

struct w32_mutex {
    struct w32_object obj;
    struct w32_thread *owner;           /* dispatcher lock, as is everything below */
    DWORD count;                        /* recursion depth while owned */
    bool abandoned;                     /* the owner ended without releasing */
    struct w32_mutex *prev, *next;      /* in owner->owned */
};

static void link_owner(struct w32_mutex *m, struct w32_thread *thread)
{
    m->owner = thread;
    m->count = 1;
    m->prev = NULL;
    m->next = thread->owned;
    if (thread->owned)
        thread->owned->prev = m;
    thread->owned = m;
}

static void unlink_owner(struct w32_mutex *m)
{
    if (m->prev)
        m->prev->next = m->next;
    else
        m->owner->owned = m->next;
    if (m->next)
        m->next->prev = m->prev;
    m->owner = NULL;
    m->count = 0;
}

static bool mutex_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    struct w32_mutex *m = (struct w32_mutex *)obj;
    return !m->owner || m->owner == thread;
}

static bool mutex_satisfy(struct w32_object *obj, struct w32_thread *thread)
{
    struct w32_mutex *m = (struct w32_mutex *)obj;
    bool abandoned = m->abandoned;

    if (m->owner == thread) {
        m->count++;
        return false;
    }
    m->abandoned = false;
    link_owner(m, thread);
    return abandoned;
}

static DWORD release_locked(struct w32_mutex *m, struct w32_thread *thread)
{
    if (!thread || m->owner != thread)
        return ERROR_NOT_OWNER;
    if (--m->count == 0) {
        unlink_owner(m);
        w32_dispatch_wake(&m->obj);
    }
    return ERROR_SUCCESS;
}

static DWORD mutex_signal(struct w32_object *obj, struct w32_thread *thread)
{
    return release_locked((struct w32_mutex *)obj, thread);
}

static void mutex_destroy(struct w32_object *obj)
{
    struct w32_mutex *m = (struct w32_mutex *)obj;

    w32_dispatch_lock();
    if (m->owner)
        unlink_owner(m);
    w32_dispatch_unlock();
    free(m);
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
    .satisfy = mutex_satisfy,
    .signal = mutex_signal,
    .signal_access = 0,         /* ReleaseMutex needs no right on the handle */
    .destroy = mutex_destroy,
};

void w32_mutex_abandon_all(struct w32_thread *thread)
{
    while (thread->owned) {
        struct w32_mutex *m = thread->owned;
        unlink_owner(m);
        m->abandoned = true;
        w32_dispatch_wake(&m->obj);
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
    if (thread) {
        /* Owned before it can be named, so nobody else can take it first. */
        w32_dispatch_lock();
        link_owner(m, thread);
        w32_dispatch_unlock();
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
    struct w32_thread *thread = w32_thread_self();
    struct w32_mutex *m = (struct w32_mutex *)w32_handle_lock(hMutex, &mutex_type, 0);
    DWORD error;

    if (!m)
        return FALSE;
    error = release_locked(m, thread);
    w32_dispatch_unlock();
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}
