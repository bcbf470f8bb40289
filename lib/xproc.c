/*
 * Process records (doc/design.md, "Process records"): a shared object of its
 * own kind in the namespace directory, keyed by pid and start time, which
 * every w32shim process publishes at its handle table's first use. The
 * table keeps its per-shard counts in it; the process writes its exit code
 * there as it exits. Other processes map it and read it (they hold
 * it, so that it outlives the process until they have seen it end) and
 * read both without stopping the process. Other processes send it handles
 * (DuplicateHandle) through an inbox socket the record names, reserving
 * their values in it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>
#include "xproc.h"
#include "error.h"
#include "inherit.h"
#include "job.h"
#include "process.h"
#include "shared.h"

#define RECORD_MAGIC 0x50323357u    /* "W32P" */
/* Times a reader looks again at an entry its owner is writing. */
#define TORN_TRIES 100

/*
 * A handle other processes may take. Only the process writes it (under
 * export_lock); readers copy it between two reads of seq, odd while it is
 * written, and read seq once more after taking the object, so that a
 * handle closed meanwhile (its fd number maybe reused) is never taken.
 * Another process that closes the handle (DUPLICATE_CLOSE_SOURCE) sets
 * CLOSE_ASKED in seq, by compare-and-swap from the even seq it read: so
 * only while the entry still names the handle it read, and only once.
 * The process closes it at its next handle call; until then, it is no
 * handle to any lookup. Its next write of the entry clears the mark.
 */
#define CLOSE_ASKED 0x80000000u
struct export_entry {
    atomic_uint seq;
    uint32_t value;                 /* the handle value; 0: a free entry */
    struct w32_xproc_export what;
} __attribute__((aligned(64)));

struct record {
    struct w32_shared_sync sync;    /* every shared block starts so (shared.h) */
    uint32_t magic;
    int32_t pid;
    uint64_t start;                 /* the process's start time, in clock ticks since boot */
    atomic_uint exited;             /* 1 once exit_code is written */
    uint32_t exit_code;
    atomic_uint pending;            /* handles sent to the process, not taken yet */
    atomic_uint claimed;            /* 0 while only its parent made it (prepared) */
    uint64_t inbox;                 /* the nonce naming its inbox socket; 0: none */
    atomic_uint exports_used;       /* exports[] below this have been written */
    atomic_uint exports_missed;     /* open handles that could be listed, and are not */
    atomic_uint closing;            /* entries marked CLOSE_ASKED, not closed yet (or more) */
    char pad[4];
    struct w32_xproc_count counts[W32_XPROC_SHARDS];
    /* The reserved handle values (W32_XPROC_SLOTS) in use: sent, or held. */
    _Atomic uint64_t slots[W32_XPROC_SLOTS / 64];
    struct export_entry exports[W32_XPROC_EXPORTS];
    /* The jobs other processes put it in (w32_xproc_peer_set_jobs), written
     * by them: jobs_seq is odd while one writes, as entries' seq. */
    atomic_uint jobs_seq;
    struct w32_job_chain jobs;
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
/* The listening socket other processes send handles to; -1 if none. */
static int inbox_fd = -1;
static atomic_uint no_closing;
_Atomic(atomic_uint *) w32_xproc_closing_word = &no_closing;
/* Which of self_record's export entries are free; taken under a shard lock, leaf. */
static pthread_mutex_t export_lock = PTHREAD_MUTEX_INITIALIZER;

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
    uint64_t inbox;
    bool own;                       /* the process's own, not prepared by its parent */
};

/* Reserved values this process held when it forked (a forked child's table
 * has them): its own record marks them in use as it is made. */
static uint64_t forked_slots[W32_XPROC_SLOTS / 64];
/* A forked child's jobs, as its parent's record had them: its own record's. */
static struct w32_job_chain forked_jobs;

static void init_record(void *block, void *arg)
{
    struct record *r = block;
    const struct init_arg *a = arg;

    r->magic = RECORD_MAGIC;
    r->pid = (int32_t)a->pid;
    r->start = a->start;
    r->inbox = a->inbox;
    atomic_store_explicit(&r->claimed, a->own, memory_order_relaxed);
    for (unsigned i = 0; a->own && i < W32_XPROC_SLOTS / 64; i++)
        atomic_store_explicit(&r->slots[i], forked_slots[i], memory_order_relaxed);
    if (a->own)
        r->jobs = forked_jobs;
}

/* ---- the inbox: a listening socket other processes send handles to ---- */

/* The abstract socket address named by nonce: it goes with its last fd,
 * so a process that dies leaves no file behind. */
static socklen_t inbox_address(uint64_t nonce, struct sockaddr_un *addr)
{
    int n;

    memset(addr, 0, sizeof(*addr));
    addr->sun_family = AF_UNIX;
    n = snprintf(addr->sun_path + 1, sizeof(addr->sun_path) - 1, "w32shim-inbox-%016llx",
                 (unsigned long long)nonce);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
}

/* A listening inbox under a random nonce (*nonce), close-on-exec, above
 * the standard fds; -1 if none can be made. */
static int bind_inbox(uint64_t *nonce)
{
    struct sockaddr_un addr;
    int fd;

    *nonce = 0;
    if (getrandom(nonce, sizeof(*nonce), GRND_NONBLOCK) != (ssize_t)sizeof(*nonce) || !*nonce)
        return -1;
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0 && fd <= 2) {
        /* fds 0-2 are the standard handles', even while closed. */
        int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        close(fd);
        fd = moved;
    }
    if (fd < 0)
        return -1;
    if (bind(fd, (struct sockaddr *)&addr, inbox_address(*nonce, &addr)) != 0 ||
        listen(fd, SOMAXCONN) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int w32_xproc_inbox_for_child(uint64_t *nonce)
{
    return bind_inbox(nonce);
}

/* Takes inbox (or binds one if -1) as this process's; its nonce, 0 if none. */
static uint64_t open_inbox(int inbox, uint64_t nonce)
{
    if (inbox < 0)
        inbox = bind_inbox(&nonce);
    inbox_fd = inbox;
    return inbox >= 0 ? nonce : 0;
}

static void close_inbox(void)
{
    if (inbox_fd >= 0)
        close(inbox_fd);
    inbox_fd = -1;
}

/* exit() and a return from main, in this process (not a forked child that
 * inherited the handler without a record of its own). */
static void exit_handler(int status, void *arg)
{
    (void)arg;
    w32_xproc_report_exit((DWORD)status);
}

/* Whether s holds the record of pid started at start. */
static bool is_record_of(const struct w32_shared *s, pid_t pid, uint64_t start);

/* A record our parent prepared for us (w32_xproc_prepare): it names the
 * inbox it passed us. Ours from now on. */
static bool claim_prepared(struct w32_shared *s, const struct init_arg *arg)
{
    struct record *r = s->block;

    if (!arg->inbox || !is_record_of(s, arg->pid, arg->start) || r->inbox != arg->inbox)
        return false;
    for (unsigned i = 0; i < W32_XPROC_SLOTS / 64; i++)
        atomic_fetch_or_explicit(&r->slots[i], forked_slots[i], memory_order_relaxed);
    atomic_store_explicit(&r->claimed, 1, memory_order_release);
    return true;
}

struct w32_xproc_count *w32_xproc_publish(int inbox, uint64_t nonce)
{
    DWORD saved = GetLastError();
    struct init_arg arg = { getpid(), 0, 0, true };
    struct w32_shared *s = NULL;
    bool created = false;
    char *key = NULL;

    if (start_time(arg.pid, &arg.start) && (key = record_key(arg.pid, arg.start))) {
        arg.inbox = open_inbox(inbox, nonce);
        s = w32_shared_open(key, W32_SHARED_PROCESS, sizeof(struct record), true,
                            init_record, &arg, &created);
    } else if (inbox >= 0) {
        close(inbox);
    }
    free(key);
    /* Not ours, unless our parent made it for us: pid and start time name one process. */
    if (s && !created && !claim_prepared(s, &arg)) {
        w32_shared_release(s);
        w32_shared_unmap(s);
        s = NULL;
    }
    if (!s)
        close_inbox();
    if (s && !exit_registered)
        exit_registered = on_exit(exit_handler, NULL) == 0;
    SetLastError(saved);
    if (!s)
        return NULL;
    self_shared = s;
    self_record = s->block;
    atomic_store_explicit(&w32_xproc_closing_word, &self_record->closing, memory_order_release);
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
    close_inbox();      /* the parent's: the child binds its own */
    if (self_shared) {
        /* The child's table holds the parent's reserved values: they are
         * in use in its own record too. */
        for (unsigned i = 0; i < W32_XPROC_SLOTS / 64; i++)
            forked_slots[i] = atomic_load_explicit(&self_record->slots[i], memory_order_relaxed);
        /* A child of a process in a job is in it: it keeps what it was told. */
        w32_xproc_own_jobs(&forked_jobs);
        /* Closing our copy of the fd leaves the parent's lock: it is the
         * parent's open file description too. */
        atomic_store_explicit(&w32_xproc_closing_word, &no_closing, memory_order_relaxed);
        w32_shared_unmap(self_shared);
        self_shared = NULL;
        self_record = NULL;
    }
    return local;
}

static void drop_unseen(void);

void w32_xproc_report_exit(DWORD code)
{
    struct record *r = self_record;

    /* Before its holds go with it: else nobody would remove them. */
    w32_process_exit_let_go();
    if (!r || r->pid != (int32_t)getpid())
        return;
    drop_unseen();
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

static bool is_record_of(const struct w32_shared *s, pid_t pid, uint64_t start)
{
    const struct record *r = s->block;

    return s->map_size >= (size_t)((char *)s->block - (char *)s->map) + sizeof(*r) &&
           r->magic == RECORD_MAGIC && r->pid == (int32_t)pid && r->start == start;
}

/* pid's record, made (as its parent, for the inbox nonce) if nonce is not 0. */
static struct w32_xproc_peer *open_peer(pid_t pid, int pidfd, uint64_t nonce)
{
    DWORD saved = GetLastError();
    struct w32_xproc_peer *peer = NULL;
    struct w32_shared *s = NULL;
    struct init_arg arg = { pid, 0, nonce, false };
    bool created;
    char *key = NULL;

    /* Read while the process is still there: the start time is its own. */
    if (start_time(pid, &arg.start) && still_there(pidfd) && (key = record_key(pid, arg.start)))
        s = w32_shared_open(key, W32_SHARED_PROCESS, sizeof(struct record), nonce != 0,
                            init_record, &arg, &created);
    free(key);
    if (s && (!is_record_of(s, pid, arg.start) || !(peer = malloc(sizeof(*peer))))) {
        w32_shared_release(s);
        w32_shared_unmap(s);
        s = NULL;
    }
    if (s)
        *peer = (struct w32_xproc_peer){ s, s->block };
    SetLastError(saved);
    return peer;
}

struct w32_xproc_peer *w32_xproc_attach(pid_t pid, int pidfd)
{
    return open_peer(pid, pidfd, 0);
}

struct w32_xproc_peer *w32_xproc_prepare(pid_t pid, int pidfd, uint64_t nonce)
{
    return open_peer(pid, pidfd, nonce);
}

bool w32_xproc_peer_claimed(const struct w32_xproc_peer *peer)
{
    return atomic_load_explicit(&peer->record->claimed, memory_order_acquire) != 0;
}

DWORD w32_xproc_peer_pending(const struct w32_xproc_peer *peer)
{
    return atomic_load_explicit(&peer->record->pending, memory_order_relaxed);
}

/* Lets go of peer's record; the mapping stays. */
static void let_go(struct w32_xproc_peer *peer)
{
    /* Handles it never took go with its inbox once it ends: shared objects
     * they alone held are files nobody holds then. A sweep removes only
     * those, so one made while it still runs does no harm. */
    if (atomic_load_explicit(&peer->record->pending, memory_order_relaxed))
        w32_shared_sweep();
    w32_shared_release(peer->shared);
}

void w32_xproc_detach(struct w32_xproc_peer *peer)
{
    if (!peer)
        return;
    let_go(peer);
    w32_shared_unmap(peer->shared);
    free(peer);
}

static bool running(int pidfd);

void w32_xproc_let_go_if_ended(struct w32_xproc_peer *peer, int pidfd)
{
    if (peer && pidfd >= 0 && !running(pidfd))
        let_go(peer);   /* its exit code stays readable */
}

DWORD w32_xproc_peer_handles(const struct w32_xproc_peer *peer)
{
    DWORD n = 0, closing;

    if (atomic_load_explicit(&peer->record->exited, memory_order_acquire))
        return 0;       /* its table is gone with it, as on Windows */
    for (unsigned i = 0; i < W32_XPROC_SHARDS; i++)
        n += atomic_load_explicit(&peer->record->counts[i].n, memory_order_relaxed);
    n += atomic_load_explicit(&peer->record->pending, memory_order_relaxed);
    closing = atomic_load_explicit(&peer->record->closing, memory_order_relaxed);
    /* Closed from outside: gone, though the process has not looked yet. */
    return n > closing ? n - closing : 0;
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

/* ---- handles sent between processes ---- */

/* Takes a free reserved value of r; false if all are in use. */
static bool claim_slot(struct record *r, unsigned *slot)
{
    for (unsigned w = 0; w < W32_XPROC_SLOTS / 64; w++) {
        uint64_t v = atomic_load_explicit(&r->slots[w], memory_order_relaxed);
        while (~v) {
            unsigned bit = (unsigned)__builtin_ctzll(~v);
            if (atomic_compare_exchange_weak_explicit(&r->slots[w], &v, v | (1ull << bit),
                                                      memory_order_acq_rel,
                                                      memory_order_relaxed)) {
                *slot = w * 64 + bit;
                return true;
            }
        }
    }
    return false;
}

static void free_slot(struct record *r, unsigned slot)
{
    atomic_fetch_and_explicit(&r->slots[slot / 64], ~(1ull << (slot % 64)),
                              memory_order_release);
}

/* Delivers parcel and fd to the inbox named nonce: one connection each,
 * left in its listen queue until the process takes it. */
static DWORD deliver(uint64_t nonce, const struct w32_xproc_parcel *parcel, int fd)
{
    union {
        struct cmsghdr hdr;
        char buf[CMSG_SPACE(sizeof(int))];
    } control;
    /* The description's unused tail stays behind. */
    size_t len = offsetof(struct w32_xproc_parcel, desc) + parcel->desc_len;
    struct iovec iov = { (void *)parcel, len };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                          .msg_controllen = sizeof(control.buf) };
    struct sockaddr_un addr;
    struct cmsghdr *cmsg;
    DWORD error = ERROR_SUCCESS;
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

    if (sock < 0)
        return w32_error_from_errno(errno);
    memset(&control, 0, sizeof(control));
    cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    if (connect(sock, (struct sockaddr *)&addr, inbox_address(nonce, &addr)) != 0)
        /* No listener: the process is ending. A full queue: it takes none. */
        error = errno == EAGAIN ? ERROR_NO_SYSTEM_RESOURCES : ERROR_ACCESS_DENIED;
    else if (sendmsg(sock, &msg, MSG_NOSIGNAL) != (ssize_t)len)
        /* ETOOMANYREFS: the user has as many fds in flight as RLIMIT_NOFILE. */
        error = errno == EPIPE || errno == ECONNRESET ? ERROR_ACCESS_DENIED
                                                      : ERROR_NO_SYSTEM_RESOURCES;
    close(sock);
    return error;
}

bool w32_xproc_send(const struct w32_xproc_peer *peer, struct w32_xproc_parcel *parcel, int fd)
{
    struct record *r = (struct record *)peer->record;
    uint64_t nonce = r->inbox;
    unsigned slot;
    DWORD error;

    if (atomic_load_explicit(&r->exited, memory_order_acquire)) {
        w32_set_error(ERROR_ACCESS_DENIED);     /* its table is gone */
        return false;
    }
    if (!nonce) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return false;
    }
    if (!claim_slot(r, &slot)) {
        w32_set_error(ERROR_NO_SYSTEM_RESOURCES);
        return false;
    }
    parcel->slot = slot;
    /* Counted before it can be taken: the count never dips below the truth. */
    atomic_fetch_add_explicit(&r->pending, 1, memory_order_relaxed);
    error = deliver(nonce, parcel, fd);
    if (error != ERROR_SUCCESS) {
        atomic_fetch_sub_explicit(&r->pending, 1, memory_order_relaxed);
        free_slot(r, slot);
        w32_set_error(error);
        return false;
    }
    return true;
}

bool w32_xproc_has_pending(void)
{
    struct record *r = self_record;

    return r && inbox_fd >= 0 && atomic_load_explicit(&r->pending, memory_order_acquire) > 0;
}

/* One taken: the count moves from pending to the table (never below 0,
 * should another process of the user send without counting). */
static void taken(struct record *r)
{
    unsigned n = atomic_load_explicit(&r->pending, memory_order_relaxed);

    while (n && !atomic_compare_exchange_weak_explicit(&r->pending, &n, n - 1,
                                                       memory_order_relaxed,
                                                       memory_order_relaxed))
        ;
}

/* Reads conn's parcel and fd; false if it is not one a sender of this user wrote. */
static bool read_parcel(int conn, struct w32_xproc_parcel *parcel, int *fd)
{
    union {
        struct cmsghdr hdr;
        char buf[CMSG_SPACE(sizeof(int) * 4)];
    } control;
    size_t head = offsetof(struct w32_xproc_parcel, desc);
    struct iovec iov = { parcel, head };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                          .msg_controllen = sizeof(control.buf) };
    struct ucred cred;
    socklen_t len = sizeof(cred);
    /* A sender may be between its connect and its send: it sends at once
     * (or closes, if it dies), so this waits microseconds, bounded anyway. */
    struct timeval limit = { 5, 0 };
    ssize_t n;
    bool ok;

    *fd = -1;
    if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != geteuid())
        return false;   /* the inbox is abstract: only the user's own processes count */
    setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
    n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC | MSG_WAITALL);
    ok = n == (ssize_t)head && !(msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC));
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
            int got;
            memcpy(&got, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
            if (*fd < 0 && ok)
                *fd = got;
            else
                close(got);
        }
    }
    /* Then its description, which the same send wrote behind it. */
    ok = ok && *fd >= 0 && parcel->slot < W32_XPROC_SLOTS &&
         parcel->desc_len <= sizeof(parcel->desc) &&
         (parcel->desc_len == 0 ||
          recv(conn, parcel->desc, parcel->desc_len, MSG_WAITALL) == (ssize_t)parcel->desc_len);
    if (!ok && *fd >= 0) {
        close(*fd);
        *fd = -1;
    }
    return ok;
}

int w32_xproc_receive(struct w32_xproc_parcel *parcel, int *fd)
{
    struct record *r = self_record;
    int conn;
    bool ok;

    if (!r || inbox_fd < 0)
        return 0;
    conn = accept4(inbox_fd, NULL, NULL, SOCK_CLOEXEC);
    if (conn < 0)
        return errno == EINTR || errno == ECONNABORTED ? -1 : 0;
    ok = read_parcel(conn, parcel, fd);
    close(conn);
    if (!ok)
        return -1;
    taken(r);
    parcel->file[sizeof(parcel->file) - 1] = '\0';
    /* A value nobody reserved was not sent by a w32shim process. */
    if (!(atomic_load_explicit(&r->slots[parcel->slot / 64], memory_order_acquire) &
          (1ull << (parcel->slot % 64)))) {
        close(*fd);
        *fd = -1;
        return -1;
    }
    return 1;
}

/* ---- the jobs other processes put a process in ---- */

/* Writers that found jobs_seq odd this many times in a row take it as left
 * by a writer that died mid-write, and write over it. */
#define JOBS_WRITER_TRIES 10000

bool w32_xproc_peer_set_jobs(const struct w32_xproc_peer *peer, const struct w32_job_chain *chain)
{
    struct record *r = (struct record *)peer->record;
    unsigned seq, odd = 0;

    if (!w32_xproc_peer_claimed(peer))
        return false;   /* the process has not taken its record yet */
    seq = atomic_load_explicit(&r->jobs_seq, memory_order_relaxed);
    for (;;) {
        unsigned next = seq & 1 ? seq + 2 : seq + 1;   /* odd either way */
        if (seq & 1 && ++odd < JOBS_WRITER_TRIES) {
            sched_yield();
            seq = atomic_load_explicit(&r->jobs_seq, memory_order_relaxed);
            continue;
        }
        if (atomic_compare_exchange_weak_explicit(&r->jobs_seq, &seq, next,
                                                  memory_order_relaxed, memory_order_relaxed)) {
            seq = next;
            break;
        }
    }
    atomic_thread_fence(memory_order_release);
    memcpy(&r->jobs, chain, sizeof(*chain));
    atomic_store_explicit(&r->jobs_seq, seq + 1, memory_order_release);
    return true;
}

void w32_xproc_own_jobs(struct w32_job_chain *chain)
{
    const struct record *r = self_record;

    memset(chain, 0, sizeof(*chain));
    if (!r)
        return;
    /* A writer that died mid-write leaves jobs_seq odd: then the last read stands. */
    for (int tries = 0; tries < TORN_TRIES; tries++) {
        unsigned before = atomic_load_explicit(&r->jobs_seq, memory_order_acquire), after;
        memcpy(chain, &r->jobs, sizeof(*chain));
        atomic_thread_fence(memory_order_acquire);
        after = atomic_load_explicit(&r->jobs_seq, memory_order_relaxed);
        if (before == after && !(before & 1))
            break;
        sched_yield();
    }
    if (chain->depth > W32_JOB_LEVELS)
        chain->depth = W32_JOB_LEVELS;
}

/* ---- handles other processes take ---- */

/* The owner's writes add to seq atomically: another process may set
 * CLOSE_ASKED at any time the entry is not being written. */
static void entry_write_begin(struct export_entry *e)
{
    atomic_fetch_add_explicit(&e->seq, 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
}

/* Whether the handle it named was marked to close: the mark goes now. */
static bool entry_write_end(struct export_entry *e)
{
    unsigned seq = atomic_load_explicit(&e->seq, memory_order_relaxed);

    /* Odd: no one else writes it until this store. */
    atomic_store_explicit(&e->seq, (seq + 1) & ~CLOSE_ASKED, memory_order_release);
    return (seq & CLOSE_ASKED) != 0;
}

unsigned w32_xproc_export(uintptr_t value, const struct w32_xproc_export *what)
{
    struct record *r = self_record;
    unsigned used, i;

    if (!r)
        return 0;
    pthread_mutex_lock(&export_lock);
    used = atomic_load_explicit(&r->exports_used, memory_order_relaxed);
    for (i = 0; i < used && r->exports[i].value; i++)
        ;
    if (i < W32_XPROC_EXPORTS) {
        struct export_entry *e = &r->exports[i];
        entry_write_begin(e);
        e->value = (uint32_t)value;
        e->what = *what;
        if (entry_write_end(e))     /* a free entry is never marked: defensive */
            atomic_fetch_sub_explicit(&r->closing, 1, memory_order_relaxed);
        if (i == used)
            atomic_store_explicit(&r->exports_used, used + 1, memory_order_release);
    } else {
        atomic_fetch_add_explicit(&r->exports_missed, 1, memory_order_relaxed);
    }
    pthread_mutex_unlock(&export_lock);
    return i < W32_XPROC_EXPORTS ? i + 1 : W32_XPROC_MISSED;
}

bool w32_xproc_unexport(unsigned listing)
{
    struct record *r = self_record;
    bool asked;

    if (!r || !listing)
        return false;
    if (listing == W32_XPROC_MISSED) {
        atomic_fetch_sub_explicit(&r->exports_missed, 1, memory_order_relaxed);
        return false;
    }
    pthread_mutex_lock(&export_lock);
    entry_write_begin(&r->exports[listing - 1]);
    r->exports[listing - 1].value = 0;
    asked = entry_write_end(&r->exports[listing - 1]);
    if (asked)
        atomic_fetch_sub_explicit(&r->closing, 1, memory_order_relaxed);
    pthread_mutex_unlock(&export_lock);
    return asked;
}

bool w32_xproc_closing(unsigned listing)
{
    return listing != W32_XPROC_MISSED &&
           (atomic_load_explicit(&self_record->exports[listing - 1].seq, memory_order_acquire) &
            CLOSE_ASKED);
}

unsigned w32_xproc_closes_asked(unsigned *cursor, uintptr_t *values, unsigned *listings,
                                unsigned max)
{
    struct record *r = self_record;
    unsigned n = 0, used;

    if (!r)
        return 0;
    pthread_mutex_lock(&export_lock);
    used = atomic_load_explicit(&r->exports_used, memory_order_relaxed);
    for (; *cursor < used && n < max; (*cursor)++) {
        struct export_entry *e = &r->exports[*cursor];
        if (e->value && (atomic_load_explicit(&e->seq, memory_order_acquire) & CLOSE_ASKED)) {
            values[n] = e->value;
            listings[n++] = *cursor + 1;
        }
    }
    pthread_mutex_unlock(&export_lock);
    return n;
}

DWORD w32_xproc_closing_count(void)
{
    return self_record ? atomic_load_explicit(&self_record->closing, memory_order_relaxed) : 0;
}

void w32_xproc_close_refused(unsigned listing)
{
    struct record *r = self_record;

    if (!r || !listing || listing == W32_XPROC_MISSED)
        return;
    if (atomic_fetch_and_explicit(&r->exports[listing - 1].seq, ~CLOSE_ASKED,
                                  memory_order_acq_rel) & CLOSE_ASKED)
        atomic_fetch_sub_explicit(&r->closing, 1, memory_order_relaxed);
}

bool w32_xproc_start_time(pid_t pid, int pidfd, uint64_t *start)
{
    if (pidfd < 0 && self_record && pid == getpid()) {
        *start = self_record->start;
        return true;
    }
    /* Read while the process is still there: the start time is its own. */
    return start_time(pid, start) && (pidfd < 0 || still_there(pidfd));
}

/* e's handle, if it is value's: a copy of what it says, and its seq. The
 * owner may be writing it meanwhile: the seqlock decides whether the copy counts. */
__attribute__((no_sanitize_thread))
static bool read_entry(const struct export_entry *e, uint32_t value,
                       struct w32_xproc_export *out, unsigned *seq)
{
    for (int i = 0; i < TORN_TRIES; i++) {
        unsigned before = atomic_load_explicit(&e->seq, memory_order_acquire);
        uint32_t v = *(volatile const uint32_t *)&e->value;

        if (before & 1) {
            sched_yield();      /* the owner may have been preempted mid-write */
            continue;
        }
        memcpy(out, &e->what, sizeof(*out));
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&e->seq, memory_order_relaxed) != before)
            continue;
        *seq = before;
        /* Marked: another process closed the handle. */
        return v == value && !(before & CLOSE_ASKED);
    }
    return false;
}

/* Whether the entry read at seq still says the same: its handle stayed open. */
static bool entry_unchanged(const struct export_entry *e, unsigned seq)
{
    atomic_thread_fence(memory_order_seq_cst);
    return atomic_load_explicit(&e->seq, memory_order_relaxed) == seq;
}

/* Marks the entry read at seq to close, if it still says the same; counted
 * first, so that r->closing never dips below the marks. */
static bool ask_close(struct record *r, struct export_entry *e, unsigned seq)
{
    atomic_fetch_add_explicit(&r->closing, 1, memory_order_relaxed);
    if (atomic_compare_exchange_strong_explicit(&e->seq, &seq, seq | CLOSE_ASKED,
                                                memory_order_seq_cst, memory_order_relaxed))
        return true;
    atomic_fetch_sub_explicit(&r->closing, 1, memory_order_relaxed);
    return false;
}

/* Whether the process pidfd stands for runs (has not exited, reaped or not). */
static bool running(int pidfd)
{
    struct pollfd p = { .fd = pidfd, .events = POLLIN };

    return poll(&p, 1, 0) == 0;
}

/* The source's fd fd, duplicated into this process. */
static int take_fd(int pidfd, int fd)
{
    int got = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);

    if (got >= 0)
        return got;
    w32_set_error(errno == EPERM || errno == EACCES || errno == ESRCH ? ERROR_ACCESS_DENIED
                  : errno == ENOSYS                                  ? ERROR_NOT_SUPPORTED
                  : errno == EBADF                                   ? ERROR_INVALID_HANDLE
                                                                     : w32_error_from_errno(errno));
    return -1;
}

/* The process that e names, by pid and start time: so never another one
 * that reuses its pid. */
static int take_process(const struct w32_xproc_export *e)
{
    int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)e->pid, 0);
    uint64_t start;

    if (pidfd >= 0 && w32_xproc_start_time(e->pid, pidfd, &start) && start == e->start)
        return pidfd;       /* close-on-exec, as every pidfd */
    if (pidfd >= 0)
        close(pidfd);
    w32_set_error(ERROR_NOT_SUPPORTED);     /* it has ended: no pidfd reaches it */
    return -1;
}

/* An fd of ours holding e's object (a shared one is opened by its file). */
static int take_object(const struct w32_xproc_export *e, int pidfd)
{
    int fd;

    switch (e->what) {
    case W32_HELD_FILE:
        /* A named pipe's end: the listing has no room for its description. */
        if (w32_inherit_needs_description(e->what, e->kind)) {
            w32_set_error(ERROR_NOT_SUPPORTED);
            return -1;
        }
        return take_fd(pidfd, e->fd);
    case W32_HELD_SHARED:
        if (!memchr(e->file, '\0', sizeof(e->file)) || e->file[0] != 'o')
            break;
        fd = w32_shared_open_file(e->file);
        if (fd < 0)
            w32_set_error(ERROR_INVALID_HANDLE);    /* gone: the handle was closed */
        return fd;
    case W32_HELD_PROCESS:
        return take_process(e);
    }
    w32_set_error(ERROR_INVALID_HANDLE);
    return -1;
}

int w32_xproc_take(const struct w32_xproc_peer *peer, int pidfd, uintptr_t value,
                   unsigned how, struct w32_xproc_parcel *parcel)
{
    struct record *r = (struct record *)peer->record;
    unsigned used = atomic_load_explicit(&r->exports_used, memory_order_acquire), seq = 0, i;
    struct w32_xproc_export e;
    DWORD error = ERROR_SUCCESS;
    bool same;
    int fd = -1;

    if (atomic_load_explicit(&r->exited, memory_order_acquire) || !running(pidfd)) {
        w32_set_error(ERROR_ACCESS_DENIED);     /* its table is gone */
        return -1;
    }
    if (used > W32_XPROC_EXPORTS)
        used = W32_XPROC_EXPORTS;
    for (i = 0; i < used; i++)
        if (value && read_entry(&r->exports[i], (uint32_t)value, &e, &seq))
            break;
    if (i == used) {
        w32_set_error(atomic_load_explicit(&r->exports_missed, memory_order_relaxed)
                          ? ERROR_NOT_SUPPORTED : ERROR_INVALID_HANDLE);
        return -1;
    }
    if (how & W32_TAKE_OPEN) {
        fd = take_object(&e, pidfd);
        if (fd < 0)
            error = GetLastError();
    }
    /* Closed there, as on Windows, even when it could not be opened here. */
    same = how & W32_TAKE_CLOSE ? ask_close(r, &r->exports[i], seq)
                                : entry_unchanged(&r->exports[i], seq);
    if (!same) {
        /* Closed meanwhile: what fd holds may be another object. */
        if (fd >= 0)
            close(fd);
        w32_set_error(ERROR_INVALID_HANDLE);
        return -1;
    }
    if (!(how & W32_TAKE_OPEN))
        return 0;
    if (fd < 0) {
        w32_set_error(error);
        return -1;
    }
    if (!running(pidfd)) {
        close(fd);
        w32_set_error(ERROR_ACCESS_DENIED);
        return -1;
    }
    parcel->access = e.access;
    parcel->what = e.what;
    parcel->kind = e.kind;
    parcel->desc_len = 0;
    memcpy(parcel->file, e.file, sizeof(parcel->file));
    return fd;
}

void w32_xproc_slot_free(unsigned slot)
{
    if (self_record && slot < W32_XPROC_SLOTS)
        free_slot(self_record, slot);
}

void w32_xproc_slot_hold(unsigned slot)
{
    if (self_record && slot < W32_XPROC_SLOTS)
        atomic_fetch_or_explicit(&self_record->slots[slot / 64], 1ull << (slot % 64),
                                 memory_order_acq_rel);
}

DWORD w32_xproc_pending_count(void)
{
    return self_record ? atomic_load_explicit(&self_record->pending, memory_order_relaxed) : 0;
}

/*
 * The process exits with handles sent to it that it never looked at: it
 * closes their fds itself, and removes the shared objects they were the last
 * holders of, as closing them would have (a process killed leaves them to
 * the next sweep).
 */
static void drop_unseen(void)
{
    struct w32_xproc_parcel parcel;
    bool shared = false;
    int fd, r;

    while ((r = w32_xproc_receive(&parcel, &fd)) != 0) {
        if (r < 0)
            continue;
        close(fd);
        free_slot(self_record, parcel.slot);
        shared = shared || parcel.file[0];
    }
    if (shared)
        w32_shared_sweep();
}
