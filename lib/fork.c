/*
 * fork(): the pthread_atfork handlers (fork.h; doc/design.md, "Fork").
 *
 * Windows has no fork, so w32shim defines what a forked child gets: a process
 * that may call every function, holding the parent's handles as fork copies
 * them, with only the forking thread. Before the fork the parent takes every
 * global lock of the library, so that none is held half-way through a change
 * by a thread the child will not have; after it both release them, and the
 * child resets each module and restarts its background threads.
 */
#include "fork.h"
#include "handle.h"
#include "wait.h"

/*
 * The hooks in the order PREPARE takes their locks: object.h's lock order,
 * with the library lock first (dlopen runs under it, and may run a loaded
 * library's constructors, which may call anything) and the reader registry
 * before any lock a read section may wait for (rcu.h). Object locks and
 * threads' APC locks are many and are not taken (doc/design.md, "Fork").
 */
static void (*const hooks[])(enum w32_fork_phase phase) = {
    w32_module_fork,
    w32_namespace_fork,
    w32_job_fork,
    w32_shared_fork,
    w32_timer_fork,
    w32_threadpool_fork,
    w32_rcu_fork,
    w32_threadpool_fired_fork,
    w32_handle_fork,
    w32_aio_fork,
    w32_tpio_fork,
    w32_wait_fork,
    /* Leaves. */
    w32_tls_fork,
    w32_thread_fork,
    w32_waitonaddress_fork,
    w32_fls_fork,
    w32_process_fork,
    w32_environ_fork,
    w32_file_fork,
    w32_namedpipe_fork,
    w32_stdhandle_fork,
    w32_find_fork,
    w32_heap_fork,
    w32_virtual_fork,
    w32_section_fork,
    w32_console_fork,
    w32_crt_fd_fork,
    w32_crt_stdlib_fork,
    w32_sched_fork,
    w32_memnotify_fork,
    /* Last: its RESUME, first of all, runs before any thread restarts. */
    w32_shared_holders_fork,
};

#define NHOOKS (sizeof(hooks) / sizeof(hooks[0]))

static void prepare(void)
{
    /* Before any lock: what other processes closed does not reach the child
     * (a fork from inside the library, which holds a lock, leaves it). */
    w32_handle_close_asked_if_unlocked();
    for (size_t i = 0; i < NHOOKS; i++)
        hooks[i](W32_FORK_PREPARE);
}

static void parent(void)
{
    for (size_t i = NHOOKS; i-- > 0;)
        hooks[i](W32_FORK_PARENT);
}

/* Every module is reset before any restarts a thread, which may call
 * into any of them; the parent's threads have ended (thread.c) before the
 * pool starts its own. */
static void child(void)
{
    for (size_t i = NHOOKS; i-- > 0;)
        hooks[i](W32_FORK_CHILD);
    for (size_t i = NHOOKS; i-- > 0;)
        hooks[i](W32_FORK_RESUME);
}

static pthread_once_t register_once = PTHREAD_ONCE_INIT;

static void register_handlers(void)
{
    pthread_atfork(prepare, parent, child);
}

void w32_fork_ensure(void)
{
    pthread_once(&register_once, register_handlers);
}

/* The child's forking thread is the one that took the lock: it releases it
 * (which ThreadSanitizer follows, where it would not follow a new lock). */
void w32_fork_mutex(pthread_mutex_t *lock, enum w32_fork_phase phase)
{
    if (phase == W32_FORK_PREPARE)
        pthread_mutex_lock(lock);
    else if (phase != W32_FORK_RESUME)
        pthread_mutex_unlock(lock);
}

void w32_fork_lock(w32_lock_t *lock, enum w32_fork_phase phase)
{
    if (phase == W32_FORK_PREPARE)
        w32_lock(lock);
    else if (phase != W32_FORK_RESUME)
        w32_unlock(lock);
}

void w32_fork_object(struct w32_object *obj)
{
    w32_wait_fork_object(obj);
    w32_port_fork_object(obj);
}
