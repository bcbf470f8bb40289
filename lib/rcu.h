/*
 * Read sections and deferred reclamation (read-copy-update), so that handle
 * lookups and the fast paths of signal and wait take no lock and no reference.
 *
 * A thread reads shared structures (the handle table, an object found
 * through it) only inside w32_read_lock() / w32_read_unlock(). Memory that
 * such a reader may still hold is not freed but retired: w32_retire() frees it
 * once every read section that was running at the time has ended. Entering and
 * leaving a section is a store to the thread's own counter; the cost of
 * ordering moves to the reclaimer, which issues one membarrier(2) per batch
 * of retired blocks (or, where the kernel refuses it, readers fence instead).
 *
 * Rules: a read section never sleeps and never waits for anything but an
 * object lock or a handle table shard lock, whose holders never reclaim; it
 * may retire a block but never reclaims. A thread registers before it takes
 * such a lock (w32_reader_ensure), so it never waits for the registry lock,
 * which a reclaimer holds while it waits for read sections, with one held.
 */
#ifndef W32_RCU_H
#define W32_RCU_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include "lock.h"

struct w32_retired;

/* A reader's word: its depth of nested sections, and a generation that
 * moves on as the outermost one ends; zero until the thread registers. */
#define W32_READ_DEPTH 0xffu
#define W32_READ_REGISTERED 0x100u
#define W32_READ_GENERATION 0x200u

struct w32_reader {
    atomic_uint state;                  /* written by its thread only */
    struct w32_reader *prev, *next;     /* registry lock */
    struct w32_retired *retired;        /* blocks this thread retired, newest first */
    size_t retired_count;
};

extern __thread struct w32_reader w32_reader_self __attribute__((tls_model("initial-exec")));
/* Readers fence on entry: set once, before the first reader registers. */
extern bool w32_read_fence;

/* Registers the calling thread; returns its word's new value. */
unsigned w32_reader_register(void);

/*
 * Registers the calling thread now. Whoever may retire a block while holding
 * a lock a reader can wait for (a handle table shard) calls it before taking
 * that lock, so the registration never waits for a reclaimer with it held.
 */
static inline void w32_reader_ensure(void)
{
    if (__builtin_expect(!atomic_load_explicit(&w32_reader_self.state, memory_order_relaxed),
                         0))
        w32_reader_register();
}

static inline void w32_read_lock(void)
{
    unsigned state = atomic_load_explicit(&w32_reader_self.state, memory_order_relaxed);

    if (__builtin_expect(!state, 0))
        state = w32_reader_register();
    w32_unsafe_enter();     /* a terminated thread ends outside read sections (lock.h) */
    atomic_store_explicit(&w32_reader_self.state, state + 1, memory_order_relaxed);
    if (w32_read_fence)
        atomic_thread_fence(memory_order_seq_cst);
    else
        atomic_signal_fence(memory_order_seq_cst);
}

static inline void w32_read_unlock(void)
{
    unsigned state = atomic_load_explicit(&w32_reader_self.state, memory_order_relaxed) - 1;

    if (!(state & W32_READ_DEPTH))
        state += W32_READ_GENERATION;
    atomic_store_explicit(&w32_reader_self.state, state, memory_order_release);
    w32_unsafe_leave();
}

/*
 * Frees p with release(p) once no read section that may hold it is left.
 * Never reclaims by itself, so it may be called with locks held.
 */
void w32_retire(void *p, void (*release)(void *p));

/*
 * A point where the calling thread holds no lock and is in no read section:
 * reclaims its retired blocks if enough have gathered.
 */
void w32_reclaim_point(void);

/* Waits for every read section running now to end, then frees every block
 * the calling thread retired. No lock held, no read section. */
void w32_reclaim(void);

#endif
