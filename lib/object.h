/*
 * The kernel object: a refcounted header shared by every object type, and
 * the const type table that generic code (handles, waits, names) calls
 * through. Adding a type means one new file with one such table.
 *
 * Lock order. These locks exist; none is taken while another is held except
 * where noted below.
 *   - the namespace lock      (namespace.c) guards the name table only;
 *   - the thread list lock    (thread.c)    guards the list of thread records;
 *     TlsFree takes it while holding the TLS index lock (tls.c), never the
 *     other way round;
 *   - the timers lock         (timer.c)     guards the timer heaps and arming;
 *     it is held while taking the dispatcher lock (a timer fires), never the
 *     other way round;
 *   - the thread pool lock    (threadpool.c) guards the pool's objects, queue
 *     and heap; it is held while taking the dispatcher lock (arming and
 *     cancelling a pool wait), never the other way round: the dispatcher
 *     completes a pool wait by putting it on a list the dispatcher lock guards;
 *   - the WaitOnAddress bucket locks (waitonaddress.c) each guard one bucket's
 *     queue of waiters; leaves, as are the FLS lock (fls.c), the process
 *     monitor lock (process.c) and the environment lock (environ.c,
 *     w32_env_lock(), which guards environ, getenv and setenv), the share
 *     and byte-range lock lists (file.c), the pipe-name table and each
 *     pipe's leftover-message buffer (namedpipe.c), the standard-handle
 *     lock (stdhandle.c), the search registry (find.c), the heap locks
 *     (heap.c, virtual.c) and the console locks (console.c);
 *   - the dispatcher lock     (wait.c)      guards the state of every waitable
 *     object, every wait queue and wait block, every thread's APC queue, and
 *     the handle table (handle.c): a signal or wait on a handle then takes one
 *     lock and no reference on its fast path (w32_handle_lock).
 * w32_object_unref() may run a destructor, which may take any of these
 * locks: never call it with a lock held.
 */
#ifndef W32_OBJECT_H
#define W32_OBJECT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <windows.h>

struct w32_object;
struct w32_thread;
struct w32_wait_block;
struct w32_name;

struct w32_wait_queue {
    struct w32_wait_block *head;
    struct w32_wait_block *tail;
};

/* GENERIC_* rights of one type, as the specific rights they stand for. */
struct w32_access_map {
    ACCESS_MASK read, write, execute, all;
    ACCESS_MASK query, query_limited;   /* a query right implies its limited form */
};

struct w32_object_type {
    const char *name;
    struct w32_access_map access;
    /* Waitable types only (NULL otherwise); called with the dispatcher lock held. */
    bool (*signaled)(struct w32_object *obj, struct w32_thread *thread);
    /* Consumes the signal for thread; returns true if it acquired an abandoned mutex. */
    bool (*satisfy)(struct w32_object *obj, struct w32_thread *thread);
    /* SignalObjectAndWait's signal, dispatcher lock held; ERROR_SUCCESS or the error. */
    DWORD (*signal)(struct w32_object *obj, struct w32_thread *thread);
    ACCESS_MASK signal_access;          /* the right signal needs on the handle */
    /* Runs once, with no lock held, when the last reference goes; frees obj. */
    void (*destroy)(struct w32_object *obj);
};

struct w32_object {
    atomic_uint refs;                   /* handles + in-flight users */
    const struct w32_object_type *type;
    struct w32_wait_queue waiters;      /* dispatcher lock */
    struct w32_name *name;              /* set once, before the object is shared */
};

void w32_object_init(struct w32_object *obj, const struct w32_object_type *type);

static inline void w32_object_ref(struct w32_object *obj)
{
    atomic_fetch_add_explicit(&obj->refs, 1, memory_order_relaxed);
}

/* Takes a reference unless the last one is already gone (name lookups). */
bool w32_object_try_ref(struct w32_object *obj);
void w32_object_unref(struct w32_object *obj);

/* The specific rights that access stands for in type (GENERIC_* expanded). */
ACCESS_MASK w32_object_map_access(const struct w32_object_type *type, ACCESS_MASK access);

#endif
