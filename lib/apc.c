/* processthreadsapi.h: QueueUserAPC, and the per-thread APC queue it fills. */
#include <stdlib.h>
#include "apc.h"
#include "error.h"
#include "handle.h"
#include "wait.h"

bool w32_apc_queue(struct w32_thread *thread, struct w32_apc *apc)
{
    bool queued = false;

    w32_unsafe_enter();     /* to the deferred wake (lock.h) */
    w32_lock(&thread->apc_lock);
    if (!atomic_load_explicit(&thread->exited, memory_order_relaxed)) {
        apc->next = NULL;
        if (thread->apc_tail)
            thread->apc_tail->next = apc;
        else
            thread->apc_head = apc;
        thread->apc_tail = apc;
        w32_dispatch_alert(thread);
        queued = true;
    }
    w32_unlock(&thread->apc_lock);
    w32_wake_deferred();
    w32_unsafe_leave();
    return queued;
}

/* Unlinks thread's APCs that match owner (NULL: all) into a list of their own. */
static struct w32_apc *unlink_apcs(struct w32_thread *thread, const void *owner)
{
    struct w32_apc *removed = NULL, **link = &thread->apc_head;

    thread->apc_tail = NULL;
    while (*link) {
        struct w32_apc *apc = *link;
        if (!owner || apc->owner == owner) {
            *link = apc->next;
            apc->next = removed;
            removed = apc;
        } else {
            thread->apc_tail = apc;
            link = &apc->next;
        }
    }
    return removed;
}

static void free_list(struct w32_apc *apc)
{
    while (apc) {
        struct w32_apc *next = apc->next;
        free(apc);
        apc = next;
    }
}

void w32_apc_cancel(struct w32_thread *thread, const void *owner)
{
    w32_lock(&thread->apc_lock);
    struct w32_apc *removed = unlink_apcs(thread, owner);
    w32_unlock(&thread->apc_lock);
    free_list(removed);
}

void w32_apc_discard(struct w32_thread *thread)
{
    w32_lock(&thread->apc_lock);
    struct w32_apc *removed = unlink_apcs(thread, NULL);
    w32_unlock(&thread->apc_lock);
    free_list(removed);
}

void w32_apc_run_pending(struct w32_thread *thread)
{
    for (;;) {
        w32_lock(&thread->apc_lock);
        struct w32_apc *apc = thread->apc_head;
        if (apc) {
            thread->apc_head = apc->next;
            if (!thread->apc_head)
                thread->apc_tail = NULL;
        }
        w32_unlock(&thread->apc_lock);
        if (!apc)
            return;
        apc->call(apc);
        free(apc);
    }
}

static void call_user_apc(struct w32_apc *apc)
{
    apc->u.user.fn(apc->u.user.data);
}

DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData)
{
    struct w32_thread *thread;
    struct w32_apc *apc;
    bool queued;

    thread = (struct w32_thread *)w32_handle_get(hThread, &w32_thread_type, THREAD_SET_CONTEXT);
    if (!thread)
        return 0;
    /* Windows queues a NULL routine and faults when it runs; refuse it instead. */
    apc = pfnAPC ? calloc(1, sizeof(*apc)) : NULL;
    if (!apc) {
        w32_object_unref(&thread->obj);
        w32_set_error(pfnAPC ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INVALID_PARAMETER);
        return 0;
    }
    apc->call = call_user_apc;
    apc->u.user.fn = pfnAPC;
    apc->u.user.data = dwData;
    queued = w32_apc_queue(thread, apc);
    w32_object_unref(&thread->obj);
    if (!queued) {
        free(apc);
        w32_set_error(ERROR_GEN_FAILURE);
        return 0;
    }
    return 1;
}
