/*
 * fibersapi.h: fiber local storage. Each set of values belongs to a thread,
 * or, once the thread is a fiber, to a fiber (fiber.c installs the running
 * fiber's set as it switches); FlsFree, the end of a thread and DeleteFiber
 * call the index's callback for each non-NULL value.
 *
 * As on Windows 10, there are 4080 slots (index 0 is never handed out), kept
 * per thread in chunks of 16, 32, ... 2048 slots, each allocated on its first
 * FlsSetValue.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include "error.h"
#include "fls.h"
#include "fork.h"

#define FLS_CHUNKS 8
#define FLS_SLOTS (16 * ((1 << FLS_CHUNKS) - 1))

/* The values of one thread or fiber. */
struct w32_fls {
    struct w32_fls *prev, *next;        /* fls lock */
    _Atomic(void *) *chunks[FLS_CHUNKS]; /* set under the fls lock by the owner only */
};

/* Guards slot_used, the thread list and chunk allocation. Callbacks never run
 * with it held. */
static pthread_mutex_t fls_lock = PTHREAD_MUTEX_INITIALIZER;
static bool slot_used[FLS_SLOTS];
static struct w32_fls *all_threads;
static size_t thread_count;

/* Written under the fls lock; read without it when a thread ends. */
static _Atomic(PFLS_CALLBACK_FUNCTION) callbacks[FLS_SLOTS];

static __thread struct w32_fls *self;  /* the running thread's or fiber's */
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;      /* its destructor runs the callbacks */
static int key_error;

static unsigned chunk_of(DWORD index, DWORD *offset)
{
    unsigned chunk = 31 - __builtin_clz(index / 16 + 1);

    *offset = index - 16 * ((1u << chunk) - 1);
    return chunk;
}

static _Atomic(void *) *slot_of(struct w32_fls *t, DWORD index)
{
    DWORD offset;
    unsigned chunk = chunk_of(index, &offset);

    return t->chunks[chunk] ? &t->chunks[chunk][offset] : NULL;
}

/* Calls each callback of t's values, lowest index first, if call_back, and
 * forgets t. */
static void forget(struct w32_fls *t, bool call_back)
{
    for (unsigned chunk = 0; call_back && chunk < FLS_CHUNKS; chunk++) {
        DWORD first = 16 * ((1u << chunk) - 1);

        for (DWORD offset = 0; t->chunks[chunk] && offset < (16u << chunk); offset++) {
            DWORD index = first + offset;
            PFLS_CALLBACK_FUNCTION callback;
            void *value;

            /* The callback first: FlsFree clears the values, then the callback. */
            callback = atomic_load_explicit(&callbacks[index], memory_order_acquire);
            value = atomic_exchange_explicit(&t->chunks[chunk][offset], NULL,
                                             memory_order_acq_rel);
            if (value && callback)
                callback(value);
        }
    }
    pthread_mutex_lock(&fls_lock);
    if (t->prev)
        t->prev->next = t->next;
    else
        all_threads = t->next;
    if (t->next)
        t->next->prev = t->prev;
    thread_count--;
    pthread_mutex_unlock(&fls_lock);
    for (unsigned i = 0; i < FLS_CHUNKS; i++)
        free(t->chunks[i]);
    free(t);
}

static void thread_ended(struct w32_fls *t)
{
    forget(t, true);
}

static void exit_destructor(void *arg)
{
    self = NULL;
    thread_ended(arg);
}

/* The calling thread's values go now, their callbacks called if call_back. */
static void self_ended(bool call_back)
{
    struct w32_fls *t = self;

    if (!t)
        return;
    pthread_setspecific(exit_key, NULL);
    self = NULL;
    forget(t, call_back);
}

void w32_fls_thread_exit(void)
{
    self_ended(true);
}

void w32_fls_thread_drop(void)
{
    self_ended(false);
}

static void make_key(void)
{
    key_error = pthread_key_create(&exit_key, exit_destructor);
}

static bool key_ready(void)
{
    pthread_once(&key_once, make_key);
    if (key_error)
        w32_set_error(w32_error_from_errno(key_error));
    return !key_error;
}

/* The calling thread's record, made and listed on first use. */
static struct w32_fls *self_record(void)
{
    struct w32_fls *t = self;

    if (t || !key_ready())
        return t;
    t = calloc(1, sizeof(*t));
    if (!t || pthread_setspecific(exit_key, t) != 0) {
        free(t);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    pthread_mutex_lock(&fls_lock);
    t->next = all_threads;
    if (all_threads)
        all_threads->prev = t;
    all_threads = t;
    thread_count++;
    pthread_mutex_unlock(&fls_lock);
    self = t;
    return t;
}

static bool index_valid(DWORD index)
{
    if (index == 0 || index >= FLS_SLOTS) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return false;
    }
    return true;
}

DWORD WINAPI FlsAlloc(PFLS_CALLBACK_FUNCTION lpCallback)
{
    DWORD index = FLS_OUT_OF_INDEXES;

    if (!key_ready())
        return FLS_OUT_OF_INDEXES;
    pthread_mutex_lock(&fls_lock);
    for (DWORD i = 1; i < FLS_SLOTS; i++) {
        if (!slot_used[i]) {
            slot_used[i] = true;
            atomic_store_explicit(&callbacks[i], lpCallback, memory_order_release);
            index = i;
            break;
        }
    }
    pthread_mutex_unlock(&fls_lock);
    if (index == FLS_OUT_OF_INDEXES)
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);     /* Windows' STATUS_NO_MEMORY */
    return index;
}

/*
 * As on Windows, the callback runs, on the calling thread, for the value of
 * every thread that holds a non-NULL one, and every thread's value is cleared.
 */
BOOL WINAPI FlsFree(DWORD dwFlsIndex)
{
    PFLS_CALLBACK_FUNCTION callback;
    void **values;
    size_t count = 0;

    if (!index_valid(dwFlsIndex))
        return FALSE;
    pthread_mutex_lock(&fls_lock);
    if (!slot_used[dwFlsIndex]) {
        pthread_mutex_unlock(&fls_lock);
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    values = malloc((thread_count + 1) * sizeof(*values));
    if (!values) {
        pthread_mutex_unlock(&fls_lock);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    callback = atomic_load_explicit(&callbacks[dwFlsIndex], memory_order_relaxed);
    for (struct w32_fls *t = all_threads; t; t = t->next) {
        _Atomic(void *) *slot = slot_of(t, dwFlsIndex);
        void *value = slot ? atomic_exchange_explicit(slot, NULL, memory_order_acq_rel) : NULL;

        if (value)
            values[count++] = value;
    }
    atomic_store_explicit(&callbacks[dwFlsIndex], NULL, memory_order_release);
    slot_used[dwFlsIndex] = false;
    pthread_mutex_unlock(&fls_lock);
    for (size_t i = 0; callback && i < count; i++)
        callback(values[i]);
    free(values);
    return TRUE;
}

/* An index that is in range but not allocated works too, as on Windows. */
PVOID WINAPI FlsGetValue(DWORD dwFlsIndex)
{
    _Atomic(void *) *slot;
    void *value = NULL;

    if (!index_valid(dwFlsIndex))
        return NULL;
    slot = self ? slot_of(self, dwFlsIndex) : NULL;
    if (slot)
        value = atomic_load_explicit(slot, memory_order_relaxed);
    w32_set_error(ERROR_SUCCESS);
    return value;
}

static _Atomic(void *) *new_slot(struct w32_fls *t, DWORD index)
{
    DWORD offset;
    unsigned chunk = chunk_of(index, &offset);
    _Atomic(void *) *slots = calloc((size_t)16 << chunk, sizeof(*slots));

    if (!slots) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    pthread_mutex_lock(&fls_lock);
    t->chunks[chunk] = slots;
    pthread_mutex_unlock(&fls_lock);
    return &slots[offset];
}

BOOL WINAPI FlsSetValue(DWORD dwFlsIndex, PVOID lpFlsData)
{
    struct w32_fls *t;
    _Atomic(void *) *slot;

    if (!index_valid(dwFlsIndex))
        return FALSE;
    t = self;
    if (!t && !lpFlsData)
        return TRUE;
    if (!t && !(t = self_record()))
        return FALSE;
    slot = slot_of(t, dwFlsIndex);
    if (!slot && !lpFlsData)
        return TRUE;
    if (!slot && !(slot = new_slot(t, dwFlsIndex)))
        return FALSE;
    atomic_store_explicit(slot, lpFlsData, memory_order_relaxed);
    return TRUE;
}

struct w32_fls *w32_fls_current(void)
{
    return self;
}

void w32_fls_install(struct w32_fls *values)
{
    self = values;
    if (values || key_ready())
        pthread_setspecific(exit_key, values);
}

void w32_fls_delete(struct w32_fls *values)
{
    if (values)
        thread_ended(values);
}

/* fork (fork.h): the fls lock is held across a fork. */
void w32_fls_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&fls_lock, phase);
}
