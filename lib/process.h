/* Process objects. The current process is one static object. */
#ifndef W32_PROCESS_H
#define W32_PROCESS_H

#include <stdint.h>
#include <sys/types.h>
#include "object.h"

extern const struct w32_object_type w32_process_type;

/* The current process's object (pseudo-handle -1); it is never destroyed. */
struct w32_object *w32_process_self(void);
/* The same, referenced. */
struct w32_object *w32_process_self_ref(void);
bool w32_process_is_self(struct w32_object *obj);
/*
 * The pid of a process for a call that must not reach another process that
 * reused it: the process cannot be reaped until w32_process_unlock_pid
 * (its object lock is held, except for the current process). 0, and
 * nothing to unlock, if it has ended.
 */
pid_t w32_process_lock_pid(struct w32_object *obj);
void w32_process_unlock_pid(struct w32_object *obj);

/* A pidfd of the process obj, close-on-exec, for a child that inherits its
 * handle; -1 if it has ended. */
int w32_process_pidfd_for_child(struct w32_object *obj);
/* Tells holder (started at holder_start) that obj, a child of ours, joined
 * its job with id job (job.h). One that cannot be told (ended, not a
 * w32shim process, its inbox full) does not count the child. */
void w32_process_send_join(struct w32_object *obj, pid_t holder, uint64_t holder_start,
                           uint64_t job);

struct w32_xproc_parcel;

/* The pid and start time of obj's process (xproc.h's listing); false if
 * it has ended. */
bool w32_process_identity(struct w32_object *obj, int32_t *pid, uint64_t *start);
/* The process exits: the records of processes it watches that have ended
 * and whose end the monitor has not handled yet go now, not at another
 * process's sweep. */
void w32_process_exit_let_go(void);

/* Handle value of obj's process, taken out of it, closed there, or both
 * (w32_xproc_take's how): an fd of ours (0 if not opened), or -1 with the
 * last error set (ERROR_ACCESS_DENIED: it has ended; ERROR_NOT_SUPPORTED: no
 * w32shim process, or none yet). */
int w32_process_take_handle(struct w32_object *obj, uintptr_t value, unsigned how,
                            struct w32_xproc_parcel *parcel);

/* The child's side: a process object (referenced) for an inherited pidfd,
 * which it takes; NULL if pidfd is not one (left open). */
struct w32_object *w32_process_adopt(int pidfd);

/* The process id of obj (the current process's too). */
DWORD w32_process_id(struct w32_object *obj);
/* Whether the process obj has ended (been reaped, or found gone). */
bool w32_process_has_exited(struct w32_object *obj);
/* TerminateProcess of another process than the current one: it ends with
 * code unless it has ended already; false (ERROR_ACCESS_DENIED set) if
 * the kernel refuses. */
bool w32_process_terminate(struct w32_object *obj, DWORD code);

struct w32_job_chain;
/* Whether job.c has seen the process end; guarded by job.c's lock. */
bool *w32_process_job_ended(struct w32_object *obj);
/* The jobs of other processes a child is in (job.h): set as it joins its
 * jobs, guarded by job.c's lock; none for a process this one did not
 * create. */
struct w32_job_chain *w32_process_job_outer(struct w32_object *obj);
/* Writes chain, every job obj is in, where it reads it: a child's
 * inheritance record (inherit.h), another w32shim process's own record
 * (xproc.h); nothing for a process that has neither (no w32shim process,
 * none yet, or ended). No lock held. */
void w32_process_tell_jobs(struct w32_object *obj, const struct w32_job_chain *chain);

/* GetProcessHandleCount of obj, another process (xproc.h): a w32shim
 * process's table, another one's open fds, 0 once it has ended. False,
 * error set, if that cannot be read. */
bool w32_process_handle_count(struct w32_object *obj, DWORD *count);

/* DuplicateHandle into obj, another process: sends it parcel and fd
 * (w32_xproc_send). ERROR_NOT_SUPPORTED if it is no w32shim process (or
 * has not made its record yet), ERROR_ACCESS_DENIED if it has ended. */
bool w32_process_send_handle(struct w32_object *obj, struct w32_xproc_parcel *parcel, int fd);

struct w32_thread;
/* ResumeThread brought t, the main thread of a CREATE_SUSPENDED child, to a
 * suspend count of 0: the child runs its program. No lock held. */
void w32_process_resume_main(struct w32_thread *t);

#endif
