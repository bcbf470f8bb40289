/* handleapi.h and the handle table behind it. */
#include <pthread.h>
#include <stdlib.h>
#include "handle.h"
#include "error.h"
#include "process.h"
#include "thread.h"
#include "wait.h"

/* Handle values are multiples of 4, so the value shifted right is a perfect hash. */
#define HASH_FUNCTION(keyptr, keylen, hashv) \
    ((hashv) = (unsigned)(*(const uintptr_t *)(keyptr) >> 2))
#define HASH_NONFATAL_OOM 1
#define uthash_nonfatal_oom(elt) (table_oom = 1)
#include <uthash.h>
/* With dense values and the identity hash, buckets fill evenly: grow them as
 * soon as a chain forms, so a lookup touches one entry, not ten. */
#undef HASH_BKT_CAPACITY_THRESH
#define HASH_BKT_CAPACITY_THRESH 2U

#define HANDLE_FLAGS_VALID (HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE)
/* Keep values below 2^30 so they survive code that stores handles in a DWORD. */
#define HANDLE_VALUE_MAX ((uintptr_t)1 << 30)

struct handle_entry {
    uintptr_t value;
    struct w32_object *obj;
    ACCESS_MASK access;
    DWORD flags;
    UT_hash_handle hh;
};

/*
 * The dispatcher lock guards the table, the free list, next_value and
 * table_oom: one lock, so that a signal or a wait on a handle takes a single
 * lock and no reference (w32_handle_lock) on its fast path.
 */
static struct handle_entry *table;
static uintptr_t next_value = 4;
static uintptr_t *free_values;          /* closed values, reused last-in first-out */
static size_t free_count, free_cap;
static int table_oom;

static uintptr_t handle_key(HANDLE h)
{
    return (uintptr_t)h & ~(uintptr_t)3;
}

static bool is_pseudo(HANDLE h)
{
    return h == W32_PSEUDO_PROCESS || h == W32_PSEUDO_THREAD;
}

static struct handle_entry *find_locked(HANDLE h)
{
    uintptr_t key = handle_key(h);
    struct handle_entry *entry = NULL;

    if (key == 0 || key >= HANDLE_VALUE_MAX)
        return NULL;
    HASH_FIND(hh, table, &key, sizeof(key), entry);
    return entry;
}

static bool take_value_locked(uintptr_t *value)
{
    if (free_count > 0) {
        *value = free_values[--free_count];
        return true;
    }
    if (next_value >= HANDLE_VALUE_MAX)
        return false;
    *value = next_value;
    next_value += 4;
    return true;
}

/* Called after removing an entry: the value goes back for reuse. */
static void release_value_locked(uintptr_t value)
{
    if (free_count == free_cap) {
        size_t cap = free_cap ? free_cap * 2 : 64;
        uintptr_t *grown = realloc(free_values, cap * sizeof(*grown));
        if (!grown)
            return;     /* the value is lost to reuse, nothing else */
        free_values = grown;
        free_cap = cap;
    }
    free_values[free_count++] = value;
}

static HANDLE insert_entry(struct w32_object *obj, ACCESS_MASK access, DWORD flags)
{
    struct handle_entry *entry = malloc(sizeof(*entry));
    HANDLE result = NULL;

    if (!entry) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    entry->obj = obj;
    entry->access = access;
    entry->flags = flags;

    w32_dispatch_lock();
    if (take_value_locked(&entry->value)) {
        table_oom = 0;
        HASH_ADD(hh, table, value, sizeof(entry->value), entry);
        if (table_oom)
            release_value_locked(entry->value);
        else
            result = (HANDLE)entry->value;
    }
    w32_dispatch_unlock();

    if (!result) {
        free(entry);
        w32_set_error(ERROR_NO_SYSTEM_RESOURCES);
    }
    return result;
}

HANDLE w32_handle_create(struct w32_object *obj, ACCESS_MASK access, BOOL inherit)
{
    HANDLE h = insert_entry(obj, w32_object_map_access(obj->type, access),
                            inherit ? HANDLE_FLAG_INHERIT : 0);
    if (!h)
        w32_object_unref(obj);
    return h;
}

/*
 * The referenced object behind h, with the handle's rights and flags;
 * pseudo-handles have every right and no flags. NULL if h names nothing.
 */
static struct w32_object *lookup(HANDLE h, ACCESS_MASK *access, DWORD *flags)
{
    struct w32_object *obj = NULL;

    if (is_pseudo(h)) {
        obj = h == W32_PSEUDO_PROCESS ? w32_process_self_ref() : w32_thread_self_ref();
        if (obj) {
            *access = obj->type->access.all;
            *flags = 0;
        }
        return obj;
    }
    w32_dispatch_lock();
    struct handle_entry *entry = find_locked(h);
    if (entry) {
        obj = entry->obj;
        *access = entry->access;
        *flags = entry->flags;
        w32_object_ref(obj);
    }
    w32_dispatch_unlock();
    return obj;
}

struct w32_object *w32_handle_get(HANDLE h, const struct w32_object_type *type,
                                  ACCESS_MASK access)
{
    ACCESS_MASK granted;
    DWORD flags;
    struct w32_object *obj = lookup(h, &granted, &flags);

    if (!obj || (type && obj->type != type)) {
        if (obj)
            w32_object_unref(obj);
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if ((granted & access) != access) {
        w32_object_unref(obj);
        w32_set_error(ERROR_ACCESS_DENIED);
        return NULL;
    }
    return obj;
}

struct w32_object *w32_handle_lock(HANDLE h, const struct w32_object_type *type,
                                   ACCESS_MASK access)
{
    struct w32_object *obj = NULL;
    ACCESS_MASK granted = 0;
    DWORD error = ERROR_INVALID_HANDLE;

    /* The current process and thread outlive any call the thread makes. */
    if (h == W32_PSEUDO_PROCESS || h == W32_PSEUDO_THREAD) {
        struct w32_thread *thread = h == W32_PSEUDO_THREAD ? w32_thread_self() : NULL;
        obj = h == W32_PSEUDO_PROCESS ? w32_process_self() : thread ? &thread->obj : NULL;
        if (!obj) {
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        granted = obj->type->access.all;
        w32_dispatch_lock();
    } else {
        w32_dispatch_lock();
        struct handle_entry *entry = find_locked(h);
        if (entry) {
            obj = entry->obj;
            granted = entry->access;
        }
    }
    if (obj && (!type || obj->type == type)) {
        if ((granted & access) == access)
            return obj;
        error = ERROR_ACCESS_DENIED;
    }
    w32_dispatch_unlock();
    w32_set_error(error);
    return NULL;
}

/* Removes h unless it is protected; the caller drops the returned reference. */
static struct w32_object *remove_handle(HANDLE h, DWORD *error)
{
    struct w32_object *obj = NULL;

    w32_dispatch_lock();
    struct handle_entry *entry = find_locked(h);
    if (!entry) {
        *error = ERROR_INVALID_HANDLE;
    } else if (entry->flags & HANDLE_FLAG_PROTECT_FROM_CLOSE) {
        *error = ERROR_INVALID_HANDLE;
        entry = NULL;
    } else {
        HASH_DEL(table, entry);
        release_value_locked(entry->value);
        obj = entry->obj;
    }
    w32_dispatch_unlock();
    free(entry);
    return obj;
}

BOOL WINAPI CloseHandle(HANDLE hObject)
{
    DWORD error;
    struct w32_object *obj;

    if (is_pseudo(hObject))
        return TRUE;
    obj = remove_handle(hObject, &error);
    if (!obj) {
        w32_set_error(error);
        return FALSE;
    }
    w32_object_unref(obj);
    return TRUE;
}

/* Handles of other processes are out of reach: only this one is supported. */
static bool is_current_process(HANDLE process, ACCESS_MASK access)
{
    struct w32_object *obj = w32_handle_get(process, &w32_process_type, access);
    bool self = obj && w32_process_is_self(obj);

    if (obj) {
        w32_object_unref(obj);
        if (!self)
            w32_set_error(ERROR_NOT_SUPPORTED);
    }
    return self;
}

static void close_source(HANDLE h)
{
    DWORD error;
    struct w32_object *obj = remove_handle(h, &error);

    if (obj)
        w32_object_unref(obj);
}

BOOL WINAPI DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle,
                            HANDLE hTargetProcessHandle, LPHANDLE lpTargetHandle,
                            DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwOptions)
{
    struct w32_object *obj;
    ACCESS_MASK access;
    DWORD flags;
    HANDLE dup;

    if (!is_current_process(hSourceProcessHandle, PROCESS_DUP_HANDLE))
        return FALSE;
    if (lpTargetHandle)
        *lpTargetHandle = NULL;
    if (!hTargetProcessHandle && !lpTargetHandle && (dwOptions & DUPLICATE_CLOSE_SOURCE)) {
        if (!is_pseudo(hSourceHandle))
            close_source(hSourceHandle);
        return TRUE;
    }
    if (!is_current_process(hTargetProcessHandle, PROCESS_DUP_HANDLE)) {
        if (dwOptions & DUPLICATE_CLOSE_SOURCE)
            close_source(hSourceHandle);
        return FALSE;
    }

    obj = lookup(hSourceHandle, &access, &flags);
    if (!obj) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!(dwOptions & DUPLICATE_SAME_ACCESS))
        access = w32_object_map_access(obj->type, dwDesiredAccess);
    if ((dwOptions & DUPLICATE_CLOSE_SOURCE) && !is_pseudo(hSourceHandle))
        close_source(hSourceHandle);

    dup = insert_entry(obj, access, bInheritHandle ? HANDLE_FLAG_INHERIT : 0);
    if (!dup) {
        w32_object_unref(obj);
        return FALSE;
    }
    if (lpTargetHandle)
        *lpTargetHandle = dup;
    return TRUE;
}

BOOL WINAPI GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags)
{
    ACCESS_MASK access;
    DWORD flags;
    struct w32_object *obj = lookup(hObject, &access, &flags);

    if (!obj) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    w32_object_unref(obj);
    if (!lpdwFlags) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *lpdwFlags = flags;
    return TRUE;
}

BOOL WINAPI SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags)
{
    bool found = false;

    w32_dispatch_lock();
    struct handle_entry *entry = find_locked(hObject);
    if (entry) {
        DWORD mask = dwMask & HANDLE_FLAGS_VALID;
        entry->flags = (entry->flags & ~mask) | (dwFlags & mask);
        found = true;
    }
    w32_dispatch_unlock();
    if (!found)
        w32_set_error(ERROR_INVALID_HANDLE);
    return found;
}

BOOL WINAPI CompareObjectHandles(HANDLE hFirstObjectHandle, HANDLE hSecondObjectHandle)
{
    struct w32_object *first = w32_handle_get(hFirstObjectHandle, NULL, 0);
    struct w32_object *second;
    bool same;

    if (!first)
        return FALSE;
    second = w32_handle_get(hSecondObjectHandle, NULL, 0);
    if (!second) {
        w32_object_unref(first);
        return FALSE;
    }
    same = first == second;
    w32_object_unref(first);
    w32_object_unref(second);
    if (!same)
        w32_set_error(ERROR_NOT_SAME_OBJECT);
    return same;
}

BOOL WINAPI GetProcessHandleCount(HANDLE hProcess, PDWORD pdwHandleCount)
{
    if (!is_current_process(hProcess, PROCESS_QUERY_LIMITED_INFORMATION))
        return FALSE;
    if (!pdwHandleCount) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    w32_dispatch_lock();
    *pdwHandleCount = HASH_COUNT(table);
    w32_dispatch_unlock();
    return TRUE;
}

size_t w32_handle_inheritable(HANDLE **handles, struct w32_object ***objs)
{
    struct handle_entry *entry, *tmp;
    size_t n = 0;

    *handles = NULL;
    *objs = NULL;
    w32_dispatch_lock();
    HASH_ITER(hh, table, entry, tmp)
        if (entry->flags & HANDLE_FLAG_INHERIT)
            n++;
    if (n) {
        *handles = malloc(n * sizeof(**handles));
        *objs = malloc(n * sizeof(**objs));
    }
    if (n && (!*handles || !*objs)) {
        w32_dispatch_unlock();
        free(*handles);
        free(*objs);
        *handles = NULL;
        *objs = NULL;
        return (size_t)-1;
    }
    n = 0;
    HASH_ITER(hh, table, entry, tmp) {
        if (!(entry->flags & HANDLE_FLAG_INHERIT))
            continue;
        w32_object_ref(entry->obj);
        (*handles)[n] = (HANDLE)entry->value;
        (*objs)[n++] = entry->obj;
    }
    w32_dispatch_unlock();
    return n;
}
