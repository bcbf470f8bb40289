/*
 * The kernel object: a refcounted header shared by every object type, and
 * the const type table that generic code (handles, waits, names) calls
 * through. Adding a type means one new file with one such table.
 *
 * Lock order. A lock listed later is never taken while holding one listed
 * earlier, except where noted; locks marked leaf take no other lock.
 *   - the namespace lock (namespace.c): the process's names; held while a
 *     name is created or opened, across the shared namespace's files and the
 *     type's shared_bind (a named timer's takes the timers lock);
 *   - the timers lock (timer.c): arming state and the deadline heaps; held
 *     while a timer fires (its object lock, then a thread's APC lock) and
 *     while it takes a named timer's block lock (robust, process-shared, leaf);
 *   - the thread pool lock (threadpool.c): the pool's objects, queue and heap;
 *     held while arming or cancelling a pool wait (an object lock);
 *   - the jobs lock (job.c): every job's members and limits; held while a
 *     job posts to its completion port (the port's object lock);
 *   - object locks (obj->lock): each guards its object's wait queue and the
 *     state the type changes on its slow path. A wait-all and
 *     SignalObjectAndWait hold several at once, always taken in increasing
 *     address order; a state change that satisfies a wait-all waiter only
 *     trylocks the waiter's other objects (in a read section, which keeps
 *     them allocated: rcu.h). No code that holds an object lock looks up a
 *     handle, reclaims memory or drops a reference;
 *   - a thread's APC lock (thread.h): its APC queue and its alertable wait;
 *   - the pool's fired-wait lock (threadpool.c): taken under an object lock
 *     when a state change completes a pool wait; leaf;
 *   - handle table shard locks (handle.c): one per shard, writers only
 *     (lookups take none); held while a handle is listed in the process's
 *     record or its listing goes (xproc.c's export lock, a leaf);
 *   - a change handle's re-arm lock (change.c): held across the submission
 *     of its request, so before a file's I/O lock and a watch's lock;
 *   - a file's I/O lock (aio.h): its pending overlapped requests; held while
 *     it takes the I/O engine's thread back end lock, a leaf;
 *   - a directory watch's lock (change.c): its inotify events and records;
 *     taken under an object lock when a wait looks at a change handle; leaf;
 *   - the reader registry lock (rcu.c): held by a reclaimer while it waits
 *     for read sections to end, so it is never taken with another lock held
 *     (but by fork's prepare handler, fork.c, which takes it before any lock
 *     a read section or an object lock's holder may wait for);
 *   - leaves: the thread list lock
 *     (thread.c; TlsFree takes it while holding the TLS index lock, tls.c),
 *     the WaitOnAddress bucket locks, the FLS lock, the process monitor lock,
 *     the environment lock (w32_env_lock()), the share and byte-range lock
 *     lists (file.c), the pipe-name table and each pipe's leftover-message
 *     buffer (namedpipe.c), the standard-handle lock, the search registry
 *     (find.c), the heap locks (heap.c, virtual.c), the file sections list
 *     (section.c), the console locks, the memory notifications' publish
 *     lock (memnotify.c) and the list of mapped shared objects (shared.c,
 *     last of all at a fork).
 * There is no global lock: signals and waits on unrelated objects share no
 * lock and no written cache line. w32_object_unref() may run a destructor,
 * which may take any of these locks and reclaims retired memory: never call
 * it with a lock held or inside a read section (rcu.h).
 */
#ifndef W32_OBJECT_H
#define W32_OBJECT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <windows.h>
#include "lock.h"

struct w32_object;
struct w32_thread;
struct w32_wait_block;
struct w32_name;
struct w32_shared;

struct w32_wait_queue {
    struct w32_wait_block *head;
    struct w32_wait_block *tail;
};

/* GENERIC_* rights of one type, as the specific rights they stand for. */
struct w32_access_map {
    ACCESS_MASK read, write, execute, all;
    ACCESS_MASK query, query_limited;   /* a query right implies its limited form */
    ACCESS_MASK set, set_limited;       /* and so does a set-information right */
};

/* An event's rights, which the types that are events on Windows share
 * (memory resource notifications). */
#define W32_EVENT_ACCESS                                                        \
    {                                                                           \
        .read = STANDARD_RIGHTS_READ | EVENT_QUERY_STATE,                       \
        .write = STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,                    \
        .execute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, .all = EVENT_ALL_ACCESS, \
    }

/* What acquire took: nothing, the signal, or an abandoned mutex. */
enum { W32_ACQUIRE_NONE, W32_ACQUIRED, W32_ACQUIRED_ABANDONED };

struct w32_object_type {
    const char *name;
    struct w32_access_map access;
    /*
     * Waitable types only (NULL otherwise). Whether a wait by thread would be
     * satisfied now: a lock-free read of the state, a hint for scans.
     */
    bool (*signaled)(struct w32_object *obj, struct w32_thread *thread);
    /*
     * Takes the signal for thread, atomically with every other change of the
     * state (most of which take no lock): W32_ACQUIRE_NONE if obj is not
     * signalled for thread. It reads before it writes, so a look at an
     * unsignalled object writes nothing. NULL for types whose signal is
     * never consumed.
     */
    int (*acquire)(struct w32_object *obj, struct w32_thread *thread);
    /* Gives back what acquire took, for a wait satisfied otherwise; object lock held. */
    void (*unacquire)(struct w32_object *obj, struct w32_thread *thread, int acquired);
    /* Runs in thread itself once a wait that acquired obj for it returns. */
    void (*acquired)(struct w32_object *obj, struct w32_thread *thread);
    /* SignalObjectAndWait's signal; object lock held. ERROR_SUCCESS or the error. */
    DWORD (*signal)(struct w32_object *obj, struct w32_thread *thread);
    ACCESS_MASK signal_access;          /* the right signal needs on the handle */
    /*
     * Types whose named objects are shared between processes (shared.h); 0:
     * names stay in the process. A named object of such a type works on a
     * block of shared_size bytes in shared memory: shared_init fills a new
     * block from a fresh object's state, shared_bind points an object at its
     * block (created: obj made it; else obj's own initial state is dropped),
     * and shared_new makes an empty object for Open* to bind.
     */
    unsigned shared_kind;
    size_t shared_size;
    /*
     * Types whose objects stay in their process but whose names are the
     * shared namespace's all the same (shared_kind 0): the kind of the file
     * that holds a named object's name while it lives, so that an object of
     * another type in another process meets the name as Windows has it
     * meet it, and another process's create or open of the name fails
     * (namespace.c). 0: names stay in the process.
     */
    unsigned name_kind;
    /* Handles of its objects are listed in the process's record for other
     * processes to take (xproc.h): types an fd holds. A shared object's
     * handles are listed whatever its type. */
    bool listed;
    /* The block size a new named object needs, where it varies (a file
     * mapping's size); NULL: shared_size. */
    size_t (*shared_size_of)(struct w32_object *obj);
    void (*shared_init)(void *block, struct w32_object *obj);
    void (*shared_bind)(struct w32_object *obj, void *block, bool created);
    struct w32_object *(*shared_new)(void);
    /* Shared objects: looks for the end of an owner another process took with
     * it when it died (a mutex), while a waiter sleeps. */
    void (*shared_recover)(struct w32_object *obj);
    /*
     * Runs once, with no lock held, when the last reference goes, and releases
     * what the object holds. Returns true if the object's memory is to be
     * freed (once no reader can still see it), false if it now belongs to
     * someone else who frees it with w32_object_free().
     */
    bool (*destroy)(struct w32_object *obj);
};

/*
 * Room for one handle table entry (handle.c's), used by the object's first
 * handle: a lookup of that handle goes from the table's bucket straight into
 * the object, and the object and its entry are one allocation.
 */
struct w32_handle_slot {
    void *words[10];
};

struct w32_object {
    struct w32_handle_slot handle_slot; /* first: a lookup reads the object's first lines */
    atomic_bool handle_slot_used;       /* a handle's entry lives in handle_slot */
    atomic_uint refs;                   /* handles + in-flight users */
    w32_lock_t lock;                    /* waiters, and the type's slow-path state */
    /*
     * Nonzero while waiters is not empty; set and cleared under lock. A fast
     * path changes the state with a seq_cst atomic and then reads this: if
     * set, it takes lock and wakes (wait.h, w32_dispatch_wake).
     */
    atomic_uint waiting;
    const struct w32_object_type *type;
    struct w32_wait_queue waiters;      /* lock */
    struct w32_name *name;              /* set once, before the object is shared */
    struct w32_shared *shared;          /* its shared block's mapping, or NULL; set once */
};

void w32_object_init(struct w32_object *obj, const struct w32_object_type *type);

static inline void w32_object_ref(struct w32_object *obj)
{
    atomic_fetch_add_explicit(&obj->refs, 1, memory_order_relaxed);
}

/* Takes a reference unless the last one is already gone (lookups, names). */
bool w32_object_try_ref(struct w32_object *obj);
void w32_object_unref(struct w32_object *obj);

/* Frees obj's memory once no read section can still see it. */
void w32_object_free(struct w32_object *obj);

/* The specific rights that access stands for in type (GENERIC_* expanded). */
ACCESS_MASK w32_object_map_access(const struct w32_object_type *type, ACCESS_MASK access);

#endif
