/*
 * Handle inheritance: CreateProcess gives a w32shim child its parent's
 * inheritable handles under the same values (doc/design.md).
 */
#ifndef W32_INHERIT_H
#define W32_INHERIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "cmdline.h"
#include "object.h"

/* What an fd passed to another process holds (xproc.h's parcels and
 * listings say it too); W32_HELD_INBOX: a child's inbox; W32_HELD_JOIN: the
 * pidfd of a process that joined a job of the receiver (job.h), no handle. */
enum { W32_HELD_FILE = 1, W32_HELD_SHARED, W32_HELD_PROCESS, W32_HELD_INBOX, W32_HELD_JOIN };

/* What CreateProcess passes for the inheritable handles, until the child runs. */
struct w32_inherit {
    struct w32_fd_map *map;     /* fds the child gets, under their child_fd numbers */
    size_t count;
    struct w32_object **refs;   /* keep the fd-backed objects' fds open meanwhile */
    size_t nrefs;
    int *owned;                 /* fds opened for the child: closed once it runs */
    size_t nowned;
    int record;                 /* the record (a memfd), or -1 if nothing is passed */
    uint64_t inbox_nonce;       /* the child's inbox (xproc.h), passed in the record; 0: none */
};

/*
 * If inherit, collects every handle marked HANDLE_FLAG_INHERIT that a child
 * can hold: a file, pipe or device (its fd), a named or inheritable shared
 * object (an fd of its file, holding it for the child), a process (a pidfd).
 * Other objects stay behind. extra is room to leave in map and refs for the
 * caller's own fds. With only (a handle list, STARTUPINFOEX), just the nonly
 * handles it names, each of which must be an inheritable handle. si (may
 * be NULL) goes in the record for the child's GetStartupInfo, jobs (job.h;
 * NULL: none) for the jobs it is in. False with
 * the last error set when out of memory or a listed handle is not one
 * (ERROR_INVALID_PARAMETER); inh is then still for w32_inherit_release.
 */
struct w32_job_chain;
bool w32_inherit_collect(struct w32_inherit *inh, bool inherit, size_t extra,
                         const HANDLE *only, size_t nonly, const STARTUPINFOA *si,
                         const struct w32_job_chain *jobs);
/* The child's side: fills the fields of *a (or *w, with UTF-16 strings)
 * that the parent's STARTUPINFO (si above) passed, except cb and the
 * standard handles; false if no w32shim parent passed one. */
bool w32_inherit_startup(STARTUPINFOA *a, STARTUPINFOW *w);

/* The record's fd, now the caller's to close (w32_inherit_exit_code reads
 * it once the child has ended); -1 if there is none. */
int w32_inherit_take_record(struct w32_inherit *inh);
/* The exit code in full that the child pid, which ended with the exit
 * status status (0-255), reported in record; false if it reported none
 * that agrees (not a w32shim program, killed, or a lie). */
bool w32_inherit_exit_code(int record, pid_t pid, int status, DWORD *code);

/* The parent's side: the child whose record is record is now in the jobs
 * of chain (job.h), which it reads from now on. */
void w32_inherit_set_jobs(int record, const struct w32_job_chain *chain);
/* The jobs of chain as record last said (none if it has no such part). */
void w32_inherit_read_jobs(int record, struct w32_job_chain *chain);
/* The child's side: the jobs of other processes this one is in (job.h),
 * as its w32shim parent last wrote them; none without one. */
void w32_inherit_own_jobs(struct w32_job_chain *chain);

/* Closes and frees what w32_inherit_collect made; the child has its copies. */
void w32_inherit_release(struct w32_inherit *inh);

/* The child's side: the inbox the parent passed (consumed by the caller),
 * and its nonce; -1 if none. */
int w32_inherit_inbox(uint64_t *nonce);
/* The child's side: takes the handles the parent passed (handle.c runs it
 * once) and keeps the record to report the exit code in. */
void w32_inherit_adopt(void);
/* The child's side: reports code, the exit code in full, to a w32shim
 * parent (if any, and if the record was adopted). */
void w32_inherit_report_exit(DWORD code);

/*
 * How another process can hold obj (DuplicateHandle into it): an fd of its
 * own for the caller to close (a file's, a new open file description of a
 * shared object's file holding it, a pidfd), with what it is in parcel and,
 * for a shared object, its file's name, for a named pipe's end its
 * description; -1 if obj cannot leave the process (a thread, a completion
 * port, an object only in its memory).
 */
struct w32_xproc_parcel;
int w32_inherit_fd_for(struct w32_object *obj, struct w32_xproc_parcel *parcel);
/*
 * What another process needs to take obj from this one (xproc.h's listing):
 * what it is, and its fd, its shared file's name or its process's identity.
 * No fd is made. False if obj cannot leave the process (or its process has
 * ended). e->access is the caller's.
 */
struct w32_xproc_export;
bool w32_inherit_describe(struct w32_object *obj, struct w32_xproc_export *e);
/* The object another process's fd_for gave, made of fd (consumed), referenced; NULL if none. */
struct w32_object *w32_inherit_make(const struct w32_xproc_parcel *parcel, int fd);
/* Whether a listing's kind is a file's that only its description rebuilds
 * (a named pipe's end): no other process can take it from the listing. */
bool w32_inherit_needs_description(uint32_t what, uint32_t kind);

#endif
