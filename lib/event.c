/* synchapi.h: events, manual-reset and auto-reset. */
#include <stdlib.h>
#include "error.h"
#include "handle.h"
#include "namespace.h"
#include "wait.h"

#define VALID_EVENT_FLAGS (CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET)

struct event {
    struct w32_object obj;
    bool manual;
    bool signaled;          /* dispatcher lock */
};

static bool event_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return ((struct event *)obj)->signaled;
}

static bool event_satisfy(struct w32_object *obj, struct w32_thread *thread)
{
    struct event *ev = (struct event *)obj;

    if (!ev->manual)
        ev->signaled = false;
    return false;
}

static DWORD event_signal(struct w32_object *obj, struct w32_thread *thread)
{
    struct event *ev = (struct event *)obj;

    ev->signaled = true;
    w32_dispatch_wake(obj);
    return ERROR_SUCCESS;
}

static void event_destroy(struct w32_object *obj)
{
    free(obj);
}

static const struct w32_object_type event_type = {
    .name = "Event",
    .access = {
        .read = STANDARD_RIGHTS_READ | EVENT_QUERY_STATE,
        .write = STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
        .execute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
        .all = EVENT_ALL_ACCESS,
    },
    .signaled = event_signaled,
    .satisfy = event_satisfy,
    .signal = event_signal,
    .signal_access = EVENT_MODIFY_STATE,
    .destroy = event_destroy,
};

HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES lpEventAttributes, LPCSTR lpName,
                             DWORD dwFlags, DWORD dwDesiredAccess)
{
    struct event *ev;

    if (dwFlags & ~VALID_EVENT_FLAGS) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    ev = malloc(sizeof(*ev));
    if (!ev) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&ev->obj, &event_type);
    ev->manual = dwFlags & CREATE_EVENT_MANUAL_RESET;
    ev->signaled = dwFlags & CREATE_EVENT_INITIAL_SET;
    return w32_named_create(&ev->obj, lpName, lpEventAttributes, dwDesiredAccess);
}

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCSTR lpName)
{
    DWORD flags = (bManualReset ? CREATE_EVENT_MANUAL_RESET : 0) |
                  (bInitialState ? CREATE_EVENT_INITIAL_SET : 0);
    return CreateEventExA(lpEventAttributes, lpName, flags, EVENT_ALL_ACCESS);
}

HANDLE WINAPI OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName)
{
    return w32_named_open(&event_type, lpName, dwDesiredAccess, bInheritHandle);
}

HANDLE WINAPI CreateEventExW(LPSECURITY_ATTRIBUTES lpEventAttributes, LPCWSTR lpName,
                             DWORD dwFlags, DWORD dwDesiredAccess)
{
    W32_WITH_UTF8_NAME(name, lpName,
                       CreateEventExA(lpEventAttributes, name, dwFlags, dwDesiredAccess));
}

HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCWSTR lpName)
{
    W32_WITH_UTF8_NAME(name, lpName,
                       CreateEventA(lpEventAttributes, bManualReset, bInitialState, name));
}

HANDLE WINAPI OpenEventW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)
{
    W32_WITH_UTF8_NAME(name, lpName, OpenEventA(dwDesiredAccess, bInheritHandle, name));
}

/* Sets the event's state under the dispatcher lock; pulse sets, wakes, resets. */
static BOOL change_state(HANDLE hEvent, bool set, bool reset)
{
    struct event *ev = (struct event *)w32_handle_lock(hEvent, &event_type, EVENT_MODIFY_STATE);

    if (!ev)
        return FALSE;
    if (set)
        event_signal(&ev->obj, NULL);
    if (reset)
        ev->signaled = false;
    w32_dispatch_unlock();
    return TRUE;
}

BOOL WINAPI SetEvent(HANDLE hEvent)
{
    return change_state(hEvent, true, false);
}

BOOL WINAPI ResetEvent(HANDLE hEvent)
{
    return change_state(hEvent, false, true);
}

BOOL WINAPI PulseEvent(HANDLE hEvent)
{
    return change_state(hEvent, true, true);
}
