/* processthreadsapi.h: the current process as an object. */
#include <stdlib.h>
#include <unistd.h>
#include "process.h"
#include "error.h"
#include "handle.h"

static bool process_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return false;       /* the current process has not ended while it runs code */
}

static bool process_satisfy(struct w32_object *obj, struct w32_thread *thread)
{
    return false;
}

static void process_destroy(struct w32_object *obj)
{
    /* The current process's object is static and keeps its first reference. */
}

const struct w32_object_type w32_process_type = {
    .name = "Process",
    .access = {
        .read = STANDARD_RIGHTS_READ | PROCESS_VM_READ | PROCESS_QUERY_INFORMATION,
        .write = STANDARD_RIGHTS_WRITE | PROCESS_CREATE_PROCESS | PROCESS_CREATE_THREAD |
                 PROCESS_VM_OPERATION | PROCESS_VM_WRITE | PROCESS_DUP_HANDLE |
                 PROCESS_TERMINATE | PROCESS_SET_QUOTA | PROCESS_SET_INFORMATION |
                 PROCESS_SUSPEND_RESUME,
        .execute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE |
                   PROCESS_QUERY_LIMITED_INFORMATION,
        .all = PROCESS_ALL_ACCESS,
        .query = PROCESS_QUERY_INFORMATION,
        .query_limited = PROCESS_QUERY_LIMITED_INFORMATION,
    },
    .signaled = process_signaled,
    .satisfy = process_satisfy,
    .destroy = process_destroy,
};

static struct w32_object self_process = {
    .refs = 1,
    .type = &w32_process_type,
};

struct w32_object *w32_process_self(void)
{
    return &self_process;
}

struct w32_object *w32_process_self_ref(void)
{
    w32_object_ref(&self_process);
    return &self_process;
}

bool w32_process_is_self(struct w32_object *obj)
{
    return obj == &self_process;
}

HANDLE WINAPI GetCurrentProcess(void)
{
    return W32_PSEUDO_PROCESS;
}

DWORD WINAPI GetCurrentProcessId(void)
{
    return (DWORD)getpid();
}

/* Whether h is a handle to this process granting access; else the last error is set. */
static bool get_self(HANDLE h, ACCESS_MASK access)
{
    struct w32_object *obj = w32_handle_get(h, &w32_process_type, access);

    if (!obj)
        return false;
    w32_object_unref(obj);
    return true;
}

DWORD WINAPI GetProcessId(HANDLE Process)
{
    return get_self(Process, PROCESS_QUERY_LIMITED_INFORMATION) ? GetCurrentProcessId() : 0;
}

BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode)
{
    if (!get_self(hProcess, PROCESS_QUERY_LIMITED_INFORMATION))
        return FALSE;
    if (!lpExitCode) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *lpExitCode = STILL_ACTIVE;
    return TRUE;
}

void WINAPI ExitProcess(UINT uExitCode)
{
    exit((int)uExitCode);
}

/* Only the current process can be opened until child processes exist. */
HANDLE WINAPI OpenProcess(DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwProcessId)
{
    if (dwProcessId == 0) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (dwProcessId != GetCurrentProcessId()) {
        w32_set_error(ERROR_CALL_NOT_IMPLEMENTED);
        return NULL;
    }
    return w32_handle_create(w32_process_self_ref(), dwDesiredAccess, bInheritHandle);
}

BOOL WINAPI TerminateProcess(HANDLE hProcess, UINT uExitCode)
{
    if (!get_self(hProcess, PROCESS_TERMINATE))
        return FALSE;
    _exit((int)uExitCode);
}
