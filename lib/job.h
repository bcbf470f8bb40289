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
 * The jobs a process is in, innermost first, as a process other than the
 * one holding them sees them: each job's limits (the ones SetInformationJob-
 * Object honours). A w32shim child reads its own in the inheritance record
 * its creator keeps up to date (inherit.h), and decides from it, as from
 * the jobs of its own, which job a child of its own joins.
 */
#define W32_JOB_LEVELS 16
struct w32_job_chain {
    uint32_t depth;             /* jobs in levels[]; 0: none */
    uint32_t reserved;
    struct {
        uint32_t flags;         /* LimitFlags */
        uint32_t active_limit;  /* ActiveProcessLimit */
        int32_t holder;         /* the pid of the process holding the job */
        uint32_t reserved;
        uint64_t holder_start;  /* and its start time (xproc.h), against reuse */
        uint64_t id;            /* the job, among its holder's */
    } levels[W32_JOB_LEVELS];
};

/* Appends from's levels from skip on to c, as many as it has room for. */
static inline void w32_job_chain_append(struct w32_job_chain *c, const struct w32_job_chain *from,
                                        uint32_t skip)
{
    for (uint32_t i = skip; i < from->depth && c->depth < W32_JOB_LEVELS; i++)
        c->levels[c->depth++] = from->levels[i];
}

/*
 * The job a child that the current process creates with flags joins
 * (*job, referenced; NULL: none of this process's), decided before the
 * child starts; false with ERROR_ACCESS_DENIED if flags ask
 * CREATE_BREAKAWAY_FROM_JOB and the job does not allow it. *outer gets the
 * jobs of other processes the child is in beyond it, *full every job the
 * child is in (its record's).
 */
bool w32_job_for_new_child(DWORD flags, struct w32_object **job, struct w32_job_chain *outer,
                           struct w32_job_chain *full);
/* The child proc started: it joins job (w32_job_for_new_child's, consumed;
 * NULL joins none here) and keeps outer; its record (written with full)
 * learns of any change since. proc NULL: the child did not start; job is
 * dropped. */
void w32_job_add_child(struct w32_object *job, struct w32_object *proc,
                       const struct w32_job_chain *outer, const struct w32_job_chain *full);

/* A process that a member of a job of ours created (a grandchild) joined
 * that job: parcel (the job's id) and fd (the process's pidfd, consumed) as
 * they came to the inbox (xproc.h). */
struct w32_xproc_parcel;
void w32_job_take_join(const struct w32_xproc_parcel *parcel, int fd);

/* proc, a process with an object, ended with code (abnormal: it died of a
 * signal nobody sent through TerminateProcess) after using user and kernel
 * time (100 ns units). No lock held; its waiters are not woken yet. */
void w32_job_process_ended(struct w32_object *proc, DWORD code, bool abnormal,
                           uint64_t user, uint64_t kernel);

#endif
