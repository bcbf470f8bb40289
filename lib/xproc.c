/*
 * Process records (doc/design.md, "Process records"): a shared object of its
 * own kind in the namespace directory, keyed by pid and start time, which
 * every w32shim process publishes at its handle table's first use. The
 * table keeps its per-shard counts in it; the process writes its exit code
 * there as it exits. Other processes map it and only read it (they hold
 * it, so that it outlives the process until they have seen it end) and
 * read both without stopping the process.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "xproc.h"
#include "error.h"
#include "shared.h"

#define RECORD_MAGIC 0x50323357u    /* "W32P" */

struct record {
    struct w32_shared_sync sync;    /* every shared block starts so (shared.h) */
    uint32_t magic;
    int32_t pid;
    uint64_t start;                 /* the process's start time, in clock ticks since boot */
    atomic_uint exited;             /* 1 once exit_code is written */
    uint32_t exit_code;
    char pad[32];
    struct w32_xproc_count counts[W32_XPROC_SHARDS];
};

_Static_assert(offsetof(struct record, counts) == 64, "the header has a cache line of its own");

struct w32_xproc_peer {
    struct w32_shared *shared;
    const struct record *record;
};

/* This process's record, once published; its exit handler is registered. */
static struct w32_shared *self_shared;
static struct record *self_record;
static bool exit_registered;

/* pid's start time (/proc/PID/stat, field 22); false if pid is gone. */
static bool start_time(pid_t pid, uint64_t *start)
{
    char path[40], buf[1024];
    const char *p;
    unsigned long long ticks;
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    f = fopen(path, "re");
    if (!f)
        return false;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The command name may hold spaces and parentheses: fields follow its last ')'. */
    p = strrchr(buf, ')');
    if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
                            "%*d %*d %*d %*d %llu", &ticks) != 1)
        return false;
    *start = ticks;
    return true;
}

static char *record_key(pid_t pid, uint64_t start)
{
    char *key;

    return asprintf(&key, "p\\%d.%llu", (int)pid, (unsigned long long)start) < 0 ? NULL : key;
}

struct init_arg {
    pid_t pid;
    uint64_t start;
};

static void init_record(void *block, void *arg)
{
    struct record *r = block;
    const struct init_arg *a = arg;

    r->magic = RECORD_MAGIC;
    r->pid = (int32_t)a->pid;
    r->start = a->start;
}

/* exit() and a return from main, in this process (not a forked child that
 * inherited the handler without a record of its own). */
static void exit_handler(int status, void *arg)
{
    (void)arg;
    w32_xproc_report_exit((DWORD)status);
}

struct w32_xproc_count *w32_xproc_publish(void)
{
    DWORD saved = GetLastError();
    struct init_arg arg = { getpid(), 0 };
    struct w32_shared *s = NULL;
    bool created = false;
    char *key = NULL;

    if (start_time(arg.pid, &arg.start) && (key = record_key(arg.pid, arg.start)))
        s = w32_shared_open(key, W32_SHARED_PROCESS, sizeof(struct record), true,
                            init_record, &arg, &created);
    free(key);
    if (s && !created) {            /* not ours: pid and start time name one process */
        w32_shared_release(s);
        w32_shared_unmap(s);
        s = NULL;
    }
    if (s && !exit_registered)
        exit_registered = on_exit(exit_handler, NULL) == 0;
    SetLastError(saved);
    if (!s)
        return NULL;
    self_shared = s;
    self_record = s->block;
    return self_record->counts;
}

struct w32_xproc_count *w32_xproc_fork_child(struct w32_xproc_count *counts,
                                             struct w32_xproc_count *local)
{
    if (counts != local)
        for (unsigned i = 0; i < W32_XPROC_SHARDS; i++)
            atomic_store_explicit(&local[i].n,
                                  atomic_load_explicit(&counts[i].n, memory_order_relaxed),
                                  memory_order_relaxed);
    if (self_shared) {
        /* Closing our copy of the fd leaves the parent's lock: it is the
         * parent's open file description too. */
        w32_shared_unmap(self_shared);
        self_shared = NULL;
        self_record = NULL;
    }
    return local;
}

void w32_xproc_report_exit(DWORD code)
{
    struct record *r = self_record;

    if (!r || r->pid != (int32_t)getpid())
        return;
    if (!atomic_load_explicit(&r->exited, memory_order_relaxed)) {
        r->exit_code = code;
        atomic_store_explicit(&r->exited, 1, memory_order_release);
    }
    w32_shared_release(self_shared);    /* the mapping stays: handles may still change */
}

/* ---- other processes' records ---- */

/* Whether the process pidfd stands for has not been reaped. */
static bool still_there(int pidfd)
{
    return syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0;
}

/* Whether s holds the record of pid started at start. */
static bool is_record_of(const struct w32_shared *s, pid_t pid, uint64_t start)
{
    const struct record *r = s->block;

    return s->map_size >= (size_t)((char *)s->block - (char *)s->map) + sizeof(*r) &&
           r->magic == RECORD_MAGIC && r->pid == (int32_t)pid && r->start == start;
}

struct w32_xproc_peer *w32_xproc_attach(pid_t pid, int pidfd)
{
    DWORD saved = GetLastError();
    struct w32_xproc_peer *peer = NULL;
    struct w32_shared *s = NULL;
    uint64_t start;
    bool created;
    char *key = NULL;

    /* Read while the process is still there: the start time is its own. */
    if (start_time(pid, &start) && still_there(pidfd) && (key = record_key(pid, start)))
        s = w32_shared_open(key, W32_SHARED_PROCESS, sizeof(struct record), false, NULL, NULL,
                            &created);
    free(key);
    if (s && (!is_record_of(s, pid, start) || !(peer = malloc(sizeof(*peer))))) {
        w32_shared_release(s);
        w32_shared_unmap(s);
        s = NULL;
    }
    if (s)
        *peer = (struct w32_xproc_peer){ s, s->block };
    SetLastError(saved);
    return peer;
}

void w32_xproc_detach(struct w32_xproc_peer *peer)
{
    if (!peer)
        return;
    w32_shared_release(peer->shared);
    w32_shared_unmap(peer->shared);
    free(peer);
}

DWORD w32_xproc_peer_handles(const struct w32_xproc_peer *peer)
{
    DWORD n = 0;

    if (atomic_load_explicit(&peer->record->exited, memory_order_acquire))
        return 0;       /* its table is gone with it, as on Windows */
    for (unsigned i = 0; i < W32_XPROC_SHARDS; i++)
        n += atomic_load_explicit(&peer->record->counts[i].n, memory_order_relaxed);
    return n;
}

bool w32_xproc_peer_exit_code(const struct w32_xproc_peer *peer, DWORD *code)
{
    if (!atomic_load_explicit(&peer->record->exited, memory_order_acquire))
        return false;
    *code = peer->record->exit_code;
    return true;
}

bool w32_xproc_fd_count(pid_t pid, int pidfd, DWORD *count)
{
    char path[40];
    struct dirent *e;
    DWORD n = 0;
    DIR *d;

    snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
    d = opendir(path);
    if (!d) {
        w32_set_error(errno == EACCES || errno == EPERM ? ERROR_ACCESS_DENIED
                                                        : ERROR_INVALID_HANDLE);
        return false;
    }
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    /* Listed while it was still there, they were its own; else it has ended. */
    *count = still_there(pidfd) ? n : 0;
    return true;
}
