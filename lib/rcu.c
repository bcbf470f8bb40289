/* Read sections and deferred reclamation: the reclaimer's side. */
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "rcu.h"
#include "lock.h"
#include "fork.h"

/*
 * Blocks retired per thread before it reclaims at its next reclaim point. A
 * grace period costs one membarrier, which interrupts every CPU that runs a
 * thread of the process (17 us on a virtual machine with a busy sibling):
 * spread over 4096 blocks (a few hundred KiB), that is a few ns a block.
 */
#define RECLAIM_BATCH 4096
#define CHUNK_ITEMS 1022
/* Polls of a reader's counter before the reclaimer yields its CPU. */
#define SPINS_BEFORE_YIELD 64

struct w32_retired {
    struct w32_retired *next;
    unsigned count;
    struct {
        void *p;
        void (*release)(void *p);
    } items[CHUNK_ITEMS];
};

__thread struct w32_reader w32_reader_self __attribute__((tls_model("initial-exec")));
bool w32_read_fence;

/* Guards the list of registered readers; a reclaimer holds it while it waits. */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct w32_reader *readers;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;          /* its destructor unregisters the thread */

static void reader_exit(void *arg);

/*
 * Membarrier makes every running thread of the process execute a full
 * barrier, so readers need none. Where the kernel or a seccomp filter refuses
 * it, readers fence on entry instead: decided here, before any reader exists.
 */
static void init(void)
{
    w32_read_fence =
        syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) != 0 ||
        syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) != 0;
    pthread_key_create(&exit_key, reader_exit);
}

unsigned w32_reader_register(void)
{
    struct w32_reader *r = &w32_reader_self;

    pthread_once(&init_once, init);
    pthread_mutex_lock(&registry_lock);
    r->prev = NULL;
    r->next = readers;
    if (readers)
        readers->prev = r;
    readers = r;
    atomic_store_explicit(&r->state, W32_READ_REGISTERED, memory_order_relaxed);
    pthread_mutex_unlock(&registry_lock);
    pthread_setspecific(exit_key, r);
    return W32_READ_REGISTERED;
}

static void unregister(struct w32_reader *r)
{
    pthread_mutex_lock(&registry_lock);
    if (r->prev)
        r->prev->next = r->next;
    else
        readers = r->next;
    if (r->next)
        r->next->prev = r->prev;
    atomic_store_explicit(&r->state, 0, memory_order_relaxed);
    pthread_mutex_unlock(&registry_lock);
}

/* Whether reader word now shows the section seen inside has ended. */
static bool left(unsigned now, unsigned seen)
{
    return !(now & W32_READ_DEPTH) ||
           (now & ~(W32_READ_DEPTH | W32_READ_REGISTERED)) !=
               (seen & ~(W32_READ_DEPTH | W32_READ_REGISTERED));
}

/* Spins until reader r, seen inside a read section, has left it. */
static void wait_reader(struct w32_reader *r, unsigned seen)
{
    for (unsigned i = 1; !left(atomic_load_explicit(&r->state, memory_order_acquire), seen);
         i++) {
        if (i % SPINS_BEFORE_YIELD == 0)
            sched_yield();
        else
            w32_cpu_relax();
    }
}

/* Returns once every read section that was running when it was called has ended. */
static void wait_for_readers(void)
{
    struct w32_reader *self = &w32_reader_self;

    if (w32_read_fence)
        atomic_thread_fence(memory_order_seq_cst);
    else
        syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
    pthread_mutex_lock(&registry_lock);
    for (struct w32_reader *r = readers; r; r = r->next) {
        unsigned state = atomic_load_explicit(&r->state, memory_order_acquire);
        if (r != self && (state & W32_READ_DEPTH))
            wait_reader(r, state);
    }
    pthread_mutex_unlock(&registry_lock);
}

static void release_all(struct w32_retired *chunk)
{
    while (chunk) {
        struct w32_retired *next = chunk->next;
        for (unsigned i = 0; i < chunk->count; i++)
            chunk->items[i].release(chunk->items[i].p);
        free(chunk);
        chunk = next;
    }
}

void w32_reclaim(void)
{
    struct w32_reader *self = &w32_reader_self;
    struct w32_retired *chunk = self->retired;

    if (!chunk)
        return;
    self->retired = NULL;
    self->retired_count = 0;
    wait_for_readers();
    release_all(chunk);
}

void w32_reclaim_point(void)
{
    /* Inside a read section the caller may still hold what it retired. */
    if (w32_reader_self.retired_count >= RECLAIM_BATCH &&
        !(atomic_load_explicit(&w32_reader_self.state, memory_order_relaxed) & W32_READ_DEPTH))
        w32_reclaim();
}

void w32_retire(void *p, void (*release)(void *p))
{
    struct w32_reader *self = &w32_reader_self;
    struct w32_retired *chunk = self->retired;

    /* Registered, so that the thread's exit reclaims what it retired. */
    w32_reader_ensure();
    if (!chunk || chunk->count == CHUNK_ITEMS) {
        chunk = malloc(sizeof(*chunk));
        if (!chunk)
            return;     /* out of memory: the block is never freed, nothing breaks */
        chunk->next = self->retired;
        chunk->count = 0;
        self->retired = chunk;
    }
    chunk->items[chunk->count].p = p;
    chunk->items[chunk->count].release = release;
    chunk->count++;
    self->retired_count++;
}

/* The thread ends: its retired blocks are reclaimed, then it leaves the registry. */
static void reader_exit(void *arg)
{
    struct w32_reader *r = arg;

    w32_reclaim();
    unregister(r);
}

/*
 * fork (fork.h): the registry lock is taken before any lock a read section
 * may wait for. In the child the other readers are threads it does not
 * have, one of them perhaps in a section that would never end, and their
 * memory may serve its new threads: the registry keeps the calling thread
 * alone. What the others retired is never freed. Membarrier's registration
 * is asked for again, as the child is a process of its own.
 */
void w32_rcu_fork(enum w32_fork_phase phase)
{
    struct w32_reader *self = &w32_reader_self;

    w32_fork_mutex(&registry_lock, phase);
    if (phase != W32_FORK_CHILD)
        return;
    readers = NULL;
    if (atomic_load_explicit(&self->state, memory_order_relaxed)) {
        self->prev = self->next = NULL;
        readers = self;
    }
    if (!w32_read_fence)
        syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0);
}
