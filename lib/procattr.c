/*
 * processthreadsapi.h: attribute lists for CreateProcess (STARTUPINFOEX).
 * The list is the caller's memory, of the size InitializeProcThreadAttributeList
 * asked for; it keeps pointers to the values, which the caller keeps alive
 * until CreateProcess, as on Windows. Two attributes are taken: a handle list
 * (the only handles the child inherits) and a parent process (this one
 * only); the others, which ask for what a Linux child cannot be given, fail
 * with ERROR_NOT_SUPPORTED when set (doc/api.md).
 */
#include "procattr.h"
#include "error.h"

#define LIST_MAGIC 0x4c415457u      /* "WTAL": an initialised list */

struct attribute {
    DWORD_PTR id;
    PVOID value;
    SIZE_T size;
};

struct _PROC_THREAD_ATTRIBUTE_LIST {
    DWORD magic;
    DWORD capacity, count;
    struct attribute attributes[];
};

static SIZE_T list_size(DWORD count)
{
    return sizeof(struct _PROC_THREAD_ATTRIBUTE_LIST) + (SIZE_T)count * sizeof(struct attribute);
}

BOOL WINAPI InitializeProcThreadAttributeList(LPPROC_THREAD_ATTRIBUTE_LIST lpAttributeList,
                                              DWORD dwAttributeCount, DWORD dwFlags,
                                              PSIZE_T lpSize)
{
    SIZE_T needed = list_size(dwAttributeCount);

    if (!lpSize || dwFlags || dwAttributeCount > 0xffffff) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!lpAttributeList || *lpSize < needed) {
        *lpSize = needed;
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    *lpSize = needed;
    lpAttributeList->magic = LIST_MAGIC;
    lpAttributeList->capacity = dwAttributeCount;
    lpAttributeList->count = 0;
    return TRUE;
}

/* Whether value's size suits attribute id: ERROR_SUCCESS, or the error. */
static DWORD check_value(DWORD_PTR id, SIZE_T size)
{
    switch (id) {
    case PROC_THREAD_ATTRIBUTE_HANDLE_LIST:
        return size == 0 || size % sizeof(HANDLE) ? ERROR_BAD_LENGTH : ERROR_SUCCESS;
    case PROC_THREAD_ATTRIBUTE_PARENT_PROCESS:
        return size != sizeof(HANDLE) ? ERROR_BAD_LENGTH : ERROR_SUCCESS;
    /* Group affinity, ideal processor, mitigation policies, job lists,
     * pseudoconsoles...: nothing a child here could be given. */
    default:
        return ERROR_NOT_SUPPORTED;
    }
}

static struct attribute *find(LPPROC_THREAD_ATTRIBUTE_LIST list, DWORD_PTR id)
{
    for (DWORD i = 0; i < list->count; i++)
        if (list->attributes[i].id == id)
            return &list->attributes[i];
    return NULL;
}

BOOL WINAPI UpdateProcThreadAttribute(LPPROC_THREAD_ATTRIBUTE_LIST lpAttributeList,
                                      DWORD dwFlags, DWORD_PTR Attribute, PVOID lpValue,
                                      SIZE_T cbSize, PVOID lpPreviousValue,
                                      PSIZE_T lpReturnSize)
{
    struct attribute *slot;
    DWORD error = ERROR_SUCCESS;

    if (!lpAttributeList || lpAttributeList->magic != LIST_MAGIC || !lpValue ||
        (dwFlags & ~(DWORD)PROC_THREAD_ATTRIBUTE_REPLACE_VALUE) || lpPreviousValue ||
        lpReturnSize)
        error = ERROR_INVALID_PARAMETER;
    else
        error = check_value(Attribute, cbSize);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    slot = find(lpAttributeList, Attribute);
    if (slot && !(dwFlags & PROC_THREAD_ATTRIBUTE_REPLACE_VALUE))
        error = ERROR_OBJECT_NAME_EXISTS;
    else if (!slot && lpAttributeList->count == lpAttributeList->capacity)
        error = ERROR_GEN_FAILURE;
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    if (!slot)
        slot = &lpAttributeList->attributes[lpAttributeList->count++];
    *slot = (struct attribute){ Attribute, lpValue, cbSize };
    return TRUE;
}

VOID WINAPI DeleteProcThreadAttributeList(LPPROC_THREAD_ATTRIBUTE_LIST lpAttributeList)
{
    if (lpAttributeList && lpAttributeList->magic == LIST_MAGIC)
        lpAttributeList->magic = 0;
}

/* Whether h names this process: its pseudo handle or a handle of it. */
static bool is_this_process(HANDLE h)
{
    return h == GetCurrentProcess() || GetProcessId(h) == GetCurrentProcessId();
}

bool w32_procattr_read(LPPROC_THREAD_ATTRIBUTE_LIST list, const HANDLE **handles, size_t *count)
{
    struct attribute *a;

    *handles = NULL;
    *count = 0;
    if (!list)
        return true;
    if (list->magic != LIST_MAGIC) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return false;
    }
    a = find(list, PROC_THREAD_ATTRIBUTE_PARENT_PROCESS);
    if (a && !is_this_process(*(const HANDLE *)a->value)) {
        w32_set_error(ERROR_NOT_SUPPORTED);     /* a child of another process */
        return false;
    }
    a = find(list, PROC_THREAD_ATTRIBUTE_HANDLE_LIST);
    if (a) {
        *handles = a->value;
        *count = a->size / sizeof(HANDLE);
    }
    return true;
}
