/*
 * Each w32shim process's record in the namespace directory: what other
 * processes may read of it without stopping it (its handle count, and its
 * exit code once it has exited). doc/design.md, "Process records".
 */
#ifndef W32_XPROC_H
#define W32_XPROC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <sys/types.h>
#include <windows.h>

/* As many as the handle table has shards (handle.c). */
#define W32_XPROC_SHARDS 64

/* One shard's handle count, alone on its cache line: a thread that creates
 * and closes handles in its own shard writes no line another thread writes. */
struct w32_xproc_count {
    atomic_uint n;
} __attribute__((aligned(64)));

/*
 * Publishes the calling process's record (at the handle table's first use;
 * in a forked child, at its own first). Returns its counts, all 0, for the
 * table to keep its counts in from now on; NULL if no record could be made
 * (the process is then seen as no w32shim process). The last error is kept.
 */
struct w32_xproc_count *w32_xproc_publish(void);

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
void w32_xproc_detach(struct w32_xproc_peer *peer);

/* Its handle count now (0 once it has exited). */
DWORD w32_xproc_peer_handles(const struct w32_xproc_peer *peer);
/* Its exit code, if it has reported one. */
bool w32_xproc_peer_exit_code(const struct w32_xproc_peer *peer, DWORD *code);

/* What a process without a record holds: its open fds (pidfd confirms
 * that pid is still it). False with the last error set. */
bool w32_xproc_fd_count(pid_t pid, int pidfd, DWORD *count);

#endif
