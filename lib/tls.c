/* processthreadsapi.h: thread local storage slots (TlsAlloc & co). */
#include <pthread.h>
#include <stdlib.h>
#include "error.h"
#include "thread.h"
#include "fork.h"

/* TLS_MINIMUM_AVAILABLE plus Windows' 1024 expansion slots. */
#define TLS_SLOTS (TLS_MINIMUM_AVAILABLE + 1024)

/* Guards slot_used. Held while TlsFree clears a slot in every thread. */
static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static bool slot_used[TLS_SLOTS];

DWORD WINAPI TlsAlloc(void)
{
    DWORD index = TLS_OUT_OF_INDEXES;

    pthread_mutex_lock(&index_lock);
    for (DWORD i = 0; i < TLS_SLOTS; i++) {
        if (!slot_used[i]) {
            slot_used[i] = true;
            index = i;
            break;
        }
    }
    pthread_mutex_unlock(&index_lock);
    if (index == TLS_OUT_OF_INDEXES)
        w32_set_error(ERROR_NO_MORE_ITEMS);
    return index;
}

static void clear_slot(struct w32_thread *thread, void *arg)
{
    DWORD index = *(DWORD *)arg;

    if (thread->tls_slots)
        atomic_store_explicit(&thread->tls_slots[index], NULL, memory_order_relaxed);
}

/* As on Windows, a freed slot reads NULL in every thread when it is reused. */
BOOL WINAPI TlsFree(DWORD dwTlsIndex)
{
    bool used = false;

    pthread_mutex_lock(&index_lock);
    if (dwTlsIndex < TLS_SLOTS && slot_used[dwTlsIndex]) {
        w32_thread_for_each(clear_slot, &dwTlsIndex);
        slot_used[dwTlsIndex] = false;
        used = true;
    }
    pthread_mutex_unlock(&index_lock);
    if (!used)
        w32_set_error(ERROR_INVALID_PARAMETER);
    return used;
}

LPVOID WINAPI TlsGetValue(DWORD dwTlsIndex)
{
    struct w32_thread *t = w32_thread_peek();
    void *value = NULL;

    if (dwTlsIndex >= TLS_SLOTS) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (t && t->tls_slots)
        value = atomic_load_explicit(&t->tls_slots[dwTlsIndex], memory_order_relaxed);
    w32_set_error(ERROR_SUCCESS);
    return value;
}

BOOL WINAPI TlsSetValue(DWORD dwTlsIndex, LPVOID lpTlsValue)
{
    struct w32_thread *t;

    if (dwTlsIndex >= TLS_SLOTS) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    t = w32_thread_self();
    if (t && !t->tls_slots) {
        _Atomic(void *) *slots = calloc(TLS_SLOTS, sizeof(*slots));
        if (slots)
            w32_thread_set_tls(t, slots);
    }
    if (!t || !t->tls_slots) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    atomic_store_explicit(&t->tls_slots[dwTlsIndex], lpTlsValue, memory_order_relaxed);
    return TRUE;
}

/* fork (fork.h): the index lock is held across a fork. */
void w32_tls_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&index_lock, phase);
}
