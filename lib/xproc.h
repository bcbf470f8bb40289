/*
 * Each w32shim process's record in the namespace directory: what other
 * processes may read of it without stopping it (its handle count, and its
 * exit code once it has exited). doc/design.md, "Process records".
 */
#ifndef W32_XPROC_H
#define W32_XPROC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <windows.h>

/* As many as the handle table has shards (handle.c). */
#define W32_XPROC_SHARDS 64
/* Handle values other processes may send a process (DuplicateHandle): the
 * top W32_XPROC_SLOTS / W32_XPROC_SHARDS indexes of each shard, which the
 * table never gives out itself. */
#define W32_XPROC_SLOTS 4096

/* One shard's handle count, alone on its cache line: a thread that creates
 * and closes handles in its own shard writes no line another thread writes. */
struct w32_xproc_count {
    atomic_uint n;
} __attribute__((aligned(64)));

/*
 * Publishes the calling process's record (at the handle table's first use;
 * in a forked child, at its own first), or takes the one its parent
 * prepared; inbox is the listening socket named by nonce that the parent
 * passed (-1: it binds its own), consumed. Returns its counts, all 0, for the
 * table to keep its counts in from now on; NULL if no record could be made
 * (the process is then seen as no w32shim process). The last error is kept.
 */
struct w32_xproc_count *w32_xproc_publish(int inbox, uint64_t nonce);

/* A forked child: the parent's record is not its own. Copies counts into
 * local and lets the parent's record go; returns local. */
struct w32_xproc_count *w32_xproc_fork_child(struct w32_xproc_count *counts,
                                             struct w32_xproc_count *local);

/* The process exits with code: its record says so, and goes with its last
 * holder (this process, unless another one has it open). */
void w32_xproc_report_exit(DWORD code);

/* Another process's record, as a process object holds it. */
struct w32_xproc_peer;

/*
 * The record of the running process pid, which pidfd stands for (so that a
 * reused pid never matches: the record's key holds the start time too);
 * NULL if it has none (not a w32shim process, or not published yet). The
 * last error is left as it was.
 */
struct w32_xproc_peer *w32_xproc_attach(pid_t pid, int pidfd);
/*
 * The same for a child just started, made now if it has none yet, naming
 * the inbox nonce its parent passed it (w32_xproc_inbox_for_child): so
 * that handles can be sent to it before its first handle operation. The
 * child takes the record as its own as it publishes; until then it counts
 * as no w32shim process (w32_xproc_peer_claimed).
 */
struct w32_xproc_peer *w32_xproc_prepare(pid_t pid, int pidfd, uint64_t nonce);
/* A listening socket for a child's inbox (passed to it: inherit.c), named by *nonce; -1 if none. */
int w32_xproc_inbox_for_child(uint64_t *nonce);
/* Whether the process took its record as its own (a w32shim process). */
bool w32_xproc_peer_claimed(const struct w32_xproc_peer *peer);
/* Handles sent to it and not taken yet. */
DWORD w32_xproc_peer_pending(const struct w32_xproc_peer *peer);
/* Lets the record go; if handles sent to the process wait untaken, sweeps
 * the namespace of objects they held alone (it may have ended). */
void w32_xproc_detach(struct w32_xproc_peer *peer);

/* The process pidfd stands for has ended: its record goes now, as
 * w32_xproc_detach would let it go, but stays readable until then (at this
 * process's exit, for what its monitor has not seen end yet). */
void w32_xproc_let_go_if_ended(struct w32_xproc_peer *peer, int pidfd);

/* Its handle count now (0 once it has exited). */
DWORD w32_xproc_peer_handles(const struct w32_xproc_peer *peer);
/* Its exit code, if it has reported one. */
bool w32_xproc_peer_exit_code(const struct w32_xproc_peer *peer, DWORD *code);

/* What a process without a record holds: its open fds (pidfd confirms
 * that pid is still it). False with the last error set. */
bool w32_xproc_fd_count(pid_t pid, int pidfd, DWORD *count);

/* ---- the jobs a process is in (job.h) ---- */

struct w32_job_chain;

/*
 * Tells peer's process that it is in the jobs of chain, innermost first:
 * the jobs of this process it is in, assigned through OpenProcess (a child
 * of ours reads its jobs in its inheritance record instead). It reads them
 * with w32_xproc_own_jobs. False if it has not taken its record yet.
 */
bool w32_xproc_peer_set_jobs(const struct w32_xproc_peer *peer,
                             const struct w32_job_chain *chain);
/* The jobs other processes put this one in that way (depth 0: none); a
 * forked child starts with its parent's. */
void w32_xproc_own_jobs(struct w32_job_chain *chain);

/* ---- handles sent between processes (DuplicateHandle) ---- */

/* What travels with the fd that holds the object: which reserved value the
 * sender took, the handle's rights and flags, what the fd is, and for a file
 * of a kind that describes itself (a named pipe's end), its description
 * (inherit.h). */
#define W32_XPROC_DESC_MAX 512
struct w32_xproc_parcel {
    uint32_t slot;
    uint32_t access;
    uint32_t flags;
    uint32_t what;
    uint32_t kind;
    uint32_t desc_len;
    char file[24];
    char desc[W32_XPROC_DESC_MAX];
};

/*
 * Sends peer's process a handle: reserves a value in its record (its
 * number in parcel->slot), counts it, and leaves parcel and fd (the caller
 * keeps its own) in its inbox, for it to take at its first look. False
 * with the last error set: ERROR_NOT_SUPPORTED (it has no inbox),
 * ERROR_ACCESS_DENIED (it is ending), ERROR_NO_SYSTEM_RESOURCES (no free
 * value, or its inbox is full).
 */
bool w32_xproc_send(const struct w32_xproc_peer *peer, struct w32_xproc_parcel *parcel,
                    int fd);

/* Whether handles sent to this process wait in its inbox (a load). */
bool w32_xproc_has_pending(void);
/* Their number, counted with the process's handles. */
DWORD w32_xproc_pending_count(void);
/*
 * Takes the next handle sent to this process: 1 with *parcel and its fd
 * (close-on-exec, the caller's), 0 if none is left, -1 if the next one was
 * not a valid parcel (dropped: take the next).
 */
int w32_xproc_receive(struct w32_xproc_parcel *parcel, int *fd);

/* ---- handles other processes take (DuplicateHandle from another process) ---- */

/* Handles a process lists for others in its record: what exceeds it is not listed. */
#define W32_XPROC_EXPORTS 1024
/* The listing of a handle that could be listed but found no room. */
#define W32_XPROC_MISSED 0xffffu

/* How another process can take a handle of this one: what the object is
 * (inherit.h's kinds), the handle's rights and, by kind, the fd that holds
 * it here, its shared file's name, or the process's pid and start time. */
struct w32_xproc_export {
    uint32_t access;
    uint16_t what, kind;
    int32_t fd;
    int32_t pid;
    uint64_t start;
    char file[24];
};

/*
 * Lists handle value in this process's record (the caller holds the
 * handle's shard lock, so that it is listed while it is open): its listing
 * (1 to W32_XPROC_EXPORTS) for w32_xproc_unexport; W32_XPROC_MISSED if
 * W32_XPROC_EXPORTS are listed already (counted, so that other processes
 * tell it from no handle); 0 if the process has no record.
 */
unsigned w32_xproc_export(uintptr_t value, const struct w32_xproc_export *what);
/* A listing goes (0: none), before its handle's object can let go of its
 * fd; true if another process had closed the handle (w32_xproc_take). */
bool w32_xproc_unexport(unsigned listing);
/* The start time of pid, which pidfd stands for (-1: pid is this process's);
 * false if it has ended. */
bool w32_xproc_start_time(pid_t pid, int pidfd, uint64_t *start);

/* What w32_xproc_take does with the handle it finds. */
#define W32_TAKE_OPEN 1u        /* opens its object here */
#define W32_TAKE_CLOSE 2u       /* closes it there (DUPLICATE_CLOSE_SOURCE) */

/*
 * Takes handle value out of the process of peer, whose pidfd is pidfd. With
 * W32_TAKE_OPEN: an fd of this process's holding the object (the caller's),
 * with *parcel saying what it is and the handle's rights; else 0. With
 * W32_TAKE_CLOSE the handle is closed there, as soon as that process makes
 * its next handle call (w32_xproc_closes_asked), and is no handle to it
 * from now on; even when its object could not be opened here. -1 with the
 * last error set: ERROR_INVALID_HANDLE (no such handle listed), ERROR_NOT_SUPPORTED
 * (its process has more than it lists; or a process handle to a process that
 * has ended; or no pidfd_getfd), ERROR_ACCESS_DENIED (the process is
 * ending, or ptrace rules deny pidfd_getfd).
 */
int w32_xproc_take(const struct w32_xproc_peer *peer, int pidfd, uintptr_t value,
                   unsigned how, struct w32_xproc_parcel *parcel);

/* Whether the handle listed at listing was closed by another process. */
bool w32_xproc_closing(unsigned listing);
/* This process's count of handles other processes closed and it has not
 * taken out yet: in its record once it has one, else a word that stays 0. */
extern _Atomic(atomic_uint *) w32_xproc_closing_word;

/* Whether there are any (two loads). */
static inline bool w32_xproc_close_asked(void)
{
    return atomic_load_explicit(atomic_load_explicit(&w32_xproc_closing_word,
                                                     memory_order_relaxed),
                                memory_order_acquire) != 0;
}
/*
 * Handles of this process that another process closed, from the listing
 * after *cursor on (0 to start): up to max values and their listings;
 * their number, 0 when the list is done. The caller closes each (it has
 * nothing to do if the handle is gone), or keeps it and calls
 * w32_xproc_close_refused (a protected handle).
 */
unsigned w32_xproc_closes_asked(unsigned *cursor, uintptr_t *values, unsigned *listings,
                                unsigned max);
void w32_xproc_close_refused(unsigned listing);
/* Handles other processes closed, counted with the table's until they go. */
DWORD w32_xproc_closing_count(void);

/* A reserved value's handle is closed (or was never made): it is free. */
void w32_xproc_slot_free(unsigned slot);
/* A reserved value this process holds by inheritance: not to be sent. */
void w32_xproc_slot_hold(unsigned slot);

#endif
