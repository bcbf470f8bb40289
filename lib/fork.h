/*
 * fork(): what a forked child of a w32shim program gets (doc/design.md,
 * "Fork"). One set of pthread_atfork handlers (fork.c), registered lazily,
 * calls each module's hook in four phases:
 *   - PREPARE, in the parent before the fork: the module takes its global
 *     locks. fork.c calls the hooks in the lock order of object.h;
 *   - PARENT, in the parent after the fork: it releases them;
 *   - CHILD, in the child, which has only the forking thread: it releases
 *     its locks and forgets the parent's other threads and the background
 *     threads it had started, so that they start again on next use;
 *   - RESUME, in the child once every module has had CHILD: it restarts a
 *     background thread now if work the parent had given it is pending
 *     (an armed timer, queued pool work, a watched child process).
 */
#ifndef W32_FORK_H
#define W32_FORK_H

#include <pthread.h>
#include "lock.h"
#include "object.h"

/* The exit code of a thread of the parent, in the child: it has none, as it
 * never ran there (STATUS_THREAD_IS_TERMINATING; doc/design.md, "Fork"). */
#define W32_FORK_THREAD_EXIT_CODE 0xC000004Bu

enum w32_fork_phase { W32_FORK_PREPARE, W32_FORK_PARENT, W32_FORK_CHILD, W32_FORK_RESUME };

/* Registers the handlers, once; called where the library first starts a
 * thread, makes a thread record or touches the handle table. */
void w32_fork_ensure(void);

/* In the child, before it has a second thread: every object it holds a
 * handle to forgets the parent's other threads (their waits, their locks). */
void w32_fork_object(struct w32_object *obj);
void w32_port_fork_object(struct w32_object *obj);

/* What a phase does to one global lock: take it, or release it. */
void w32_fork_mutex(pthread_mutex_t *lock, enum w32_fork_phase phase);
void w32_fork_lock(w32_lock_t *lock, enum w32_fork_phase phase);

/* The modules' hooks, in the order PREPARE calls them (fork.c). */
void w32_module_fork(enum w32_fork_phase phase);
void w32_namespace_fork(enum w32_fork_phase phase);
void w32_job_fork(enum w32_fork_phase phase);
void w32_timer_fork(enum w32_fork_phase phase);
void w32_threadpool_fork(enum w32_fork_phase phase);
void w32_rcu_fork(enum w32_fork_phase phase);
void w32_threadpool_fired_fork(enum w32_fork_phase phase);
void w32_handle_fork(enum w32_fork_phase phase);
void w32_aio_fork(enum w32_fork_phase phase);
void w32_tls_fork(enum w32_fork_phase phase);
void w32_thread_fork(enum w32_fork_phase phase);
void w32_waitonaddress_fork(enum w32_fork_phase phase);
void w32_fls_fork(enum w32_fork_phase phase);
void w32_process_fork(enum w32_fork_phase phase);
void w32_environ_fork(enum w32_fork_phase phase);
void w32_file_fork(enum w32_fork_phase phase);
void w32_namedpipe_fork(enum w32_fork_phase phase);
void w32_stdhandle_fork(enum w32_fork_phase phase);
void w32_find_fork(enum w32_fork_phase phase);
void w32_heap_fork(enum w32_fork_phase phase);
void w32_virtual_fork(enum w32_fork_phase phase);
void w32_section_fork(enum w32_fork_phase phase);
void w32_console_fork(enum w32_fork_phase phase);
void w32_crt_fd_fork(enum w32_fork_phase phase);
void w32_crt_stdlib_fork(enum w32_fork_phase phase);
void w32_sched_fork(enum w32_fork_phase phase);
void w32_memnotify_fork(enum w32_fork_phase phase);
void w32_shared_fork(enum w32_fork_phase phase);
void w32_shared_holders_fork(enum w32_fork_phase phase);
void w32_tpio_fork(enum w32_fork_phase phase);
void w32_wait_fork(enum w32_fork_phase phase);

#endif
