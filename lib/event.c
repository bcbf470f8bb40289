/* synchapi.h: events, manual-reset and auto-reset. */
#include <stdlib.h>
#include "error.h"
#include "handle.h"
#include "namespace.h"
#include "rcu.h"
#include "shared.h"
#include "wait.h"

#define VALID_EVENT_FLAGS (CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET)

#define EVENT_SIGNALED 1u

struct event {
    struct w32_object obj;
    bool manual;
    atomic_uint *state;     /* EVENT_SIGNALED, changed with atomics only: own_state's,
                             * or a named event's in its shared block */
    atomic_uint own_state;
};

/* A named event's state, in shared memory. */
struct event_block {
    struct w32_shared_sync sync;
    atomic_uint state;
    uint32_t manual;
};

static const struct w32_object_type event_type;

static bool event_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return atomic_load_explicit(((struct event *)obj)->state, memory_order_relaxed);
}

static int event_acquire(struct w32_object *obj, struct w32_thread *thread)
{
    struct event *ev = (struct event *)obj;

    return w32_flag_acquire(ev->state, ev->manual);
}

static void event_unacquire(struct w32_object *obj, struct w32_thread *thread, int acquired)
{
    struct event *ev = (struct event *)obj;

    w32_flag_unacquire(ev->state, ev->manual);
}

/* Object lock held. */
static DWORD event_signal(struct w32_object *obj, struct w32_thread *thread)
{
    atomic_store_explicit(((struct event *)obj)->state, EVENT_SIGNALED, memory_order_seq_cst);
    w32_dispatch_wake(obj);
    return ERROR_SUCCESS;
}

static void event_shared_init(void *block, struct w32_object *obj)
{
    struct event_block *b = block;
    struct event *ev = (struct event *)obj;

    atomic_init(&b->state, atomic_load_explicit(&ev->own_state, memory_order_relaxed));
    b->manual = ev->manual;
}

/* An existing named event keeps its own kind: bManualReset is ignored. */
static void event_shared_bind(struct w32_object *obj, void *block, bool created)
{
    struct event_block *b = block;
    struct event *ev = (struct event *)obj;

    ev->manual = b->manual;
    ev->state = &b->state;
}

static struct event *new_event(bool manual, bool set)
{
    struct event *ev = malloc(sizeof(*ev));

    if (!ev) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&ev->obj, &event_type);
    ev->manual = manual;
    atomic_init(&ev->own_state, set ? EVENT_SIGNALED : 0);
    ev->state = &ev->own_state;
    return ev;
}

static struct w32_object *event_shared_new(void)
{
    struct event *ev = new_event(false, false);

    return ev ? &ev->obj : NULL;
}

static bool event_destroy(struct w32_object *obj)
{
    return true;
}

static const struct w32_object_type event_type = {
    .name = "Event",
    .access = W32_EVENT_ACCESS,
    .signaled = event_signaled,
    .acquire = event_acquire,
    .unacquire = event_unacquire,
    .signal = event_signal,
    .signal_access = EVENT_MODIFY_STATE,
    .shared_kind = W32_SHARED_EVENT,
    .shared_size = sizeof(struct event_block),
    .shared_init = event_shared_init,
    .shared_bind = event_shared_bind,
    .shared_new = event_shared_new,
    .destroy = event_destroy,
};

const struct w32_object_type *const w32_shared_event_type = &event_type;

HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES lpEventAttributes, LPCSTR lpName,
                             DWORD dwFlags, DWORD dwDesiredAccess)
{
    struct event *ev;

    if (dwFlags & ~VALID_EVENT_FLAGS) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    ev = new_event(dwFlags & CREATE_EVENT_MANUAL_RESET, dwFlags & CREATE_EVENT_INITIAL_SET);
    if (!ev)
        return NULL;
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

/* The event behind h, readable until the read section ends; NULL, error set. */
static struct event *find_event(HANDLE h)
{
    struct event *ev;

    w32_read_lock();
    ev = (struct event *)w32_handle_peek(h, &event_type, EVENT_MODIFY_STATE);
    if (!ev)
        w32_read_unlock();
    return ev;
}

BOOL WINAPI SetEvent(HANDLE hEvent)
{
    struct event *ev = find_event(hEvent);

    if (!ev)
        return FALSE;
    if (!atomic_exchange_explicit(ev->state, EVENT_SIGNALED, memory_order_seq_cst))
        w32_dispatch_changed(&ev->obj);
    w32_read_unlock();
    return TRUE;
}

BOOL WINAPI ResetEvent(HANDLE hEvent)
{
    struct event *ev = find_event(hEvent);

    if (!ev)
        return FALSE;
    atomic_store_explicit(ev->state, 0, memory_order_relaxed);
    w32_read_unlock();
    return TRUE;
}

/* Releases the threads waiting now, under the lock no new waiter can pass. */
BOOL WINAPI PulseEvent(HANDLE hEvent)
{
    struct event *ev = find_event(hEvent);

    if (!ev)
        return FALSE;
    w32_object_lock(&ev->obj);
    event_signal(&ev->obj, NULL);
    atomic_store_explicit(ev->state, 0, memory_order_relaxed);
    w32_object_unlock(&ev->obj);
    w32_read_unlock();
    return TRUE;
}
