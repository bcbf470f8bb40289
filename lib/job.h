/*
 * Job objects (job.c): what process.c tells them of the processes it
 * creates and reaps.
 */
#ifndef W32_JOB_H
#define W32_JOB_H

#include <stdbool.h>
#include <stdint.h>
#include "object.h"

/*
 * The job a child that the current process creates with flags joins
 * (*job, referenced; NULL: none), decided before the child starts; false
 * with ERROR_ACCESS_DENIED if flags ask CREATE_BREAKAWAY_FROM_JOB and the
 * job does not allow it.
 */
bool w32_job_for_new_child(DWORD flags, struct w32_object **job);
/* The child proc started: it joins job (w32_job_for_new_child's, consumed;
 * NULL does nothing). proc NULL: the child did not start; job is dropped. */
void w32_job_add_child(struct w32_object *job, struct w32_object *proc);

/* proc, a process with an object, ended with code (abnormal: it died of a
 * signal nobody sent through TerminateProcess) after using user and kernel
 * time (100 ns units). No lock held; its waiters are not woken yet. */
void w32_job_process_ended(struct w32_object *proc, DWORD code, bool abnormal,
                           uint64_t user, uint64_t kernel);

#endif
