/*
 * namedpipeapi.h: named pipes, on AF_UNIX sockets in the abstract namespace.
 *
 * \\.\pipe\NAME is the abstract socket "w32shim-pipe-UID-name" (name folded
 * to lower case, as pipe names are case-insensitive), so another process
 * built with w32shim connects to it. Byte pipes are SOCK_STREAM sockets,
 * message pipes SOCK_SEQPACKET ones, which keep message boundaries. All
 * instances of one name live in the process that created the first one and
 * share its listening socket; each instance's fd is an unconnected socket
 * until ConnectNamedPipe accepts a client onto it (dup3 keeps the fd number
 * stable, so w32_handle_fd callers never see it closed under them). A
 * pipe name's drop table, shared with its clients in every process, tells a
 * client whether its server disconnected it or closed (doc/design.md).
 */
#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <time.h>
#include <unistd.h>
#include "aio.h"
#include "error.h"
#include "file.h"
#include "handle.h"
#include "unicode.h"
#include "fork.h"
#include "shared.h"

#define PIPE_PREFIX "\\\\.\\pipe\\"
#define PIPE_PREFIX_LEN 9
#define DEFAULT_TIMEOUT 50      /* ms, NMPWAIT_USE_DEFAULT_WAIT with nDefaultTimeOut 0 */
#define VALID_OPEN_MODE (PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE | \
                         FILE_FLAG_WRITE_THROUGH | FILE_FLAG_OVERLAPPED | WRITE_DAC | \
                         WRITE_OWNER | ACCESS_SYSTEM_SECURITY)
#define VALID_PIPE_MODE (PIPE_NOWAIT | PIPE_READMODE_MESSAGE | PIPE_TYPE_MESSAGE | \
                         PIPE_REJECT_REMOTE_CLIENTS)

#ifndef WRITE_DAC
#define WRITE_DAC 0x00040000
#endif
#ifndef WRITE_OWNER
#define WRITE_OWNER 0x00080000
#endif
#ifndef ACCESS_SYSTEM_SECURITY
#define ACCESS_SYSTEM_SECURITY 0x01000000
#endif

/* One pipe name served by this process, and the counts of its instances. */
struct pipe_name {
    struct pipe_name *next;
    char *name;
    int listen_fd;
    bool plugged;           /* the plug (below) fills the accept queue */
    bool message;
    DWORD max_instances, out_size, in_size, timeout;
    DWORD instances;
    DWORD listening;        /* instances a client may connect to now */
    DWORD pending_local;    /* of those, taken by clients of this process not yet accepted */
    struct drop_table *drops;   /* the clients its instances disconnected, or NULL */
    /* Copied by a fork: the counts are the parent's as they were then, so
     * this process's clients open it as another process's pipe. */
    bool forked;
};

/* Guards the list of names and every count in them; a leaf lock. */
static pthread_mutex_t names_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pipe_name *names;

enum pipe_state { STATE_LISTENING, STATE_CONNECTED, STATE_DISCONNECTED };

struct named_pipe {
    struct w32_file file;
    struct pipe_name *pn;           /* server ends only */
    char *key;                      /* clients of this process's pipes: the name */
    bool server;
    bool message;                   /* SOCK_SEQPACKET */
    _Atomic int state;
    atomic_bool read_message;       /* PIPE_READMODE_MESSAGE */
    atomic_bool nowait;
    DWORD max_instances, out_size, in_size;
    pthread_mutex_t rest_lock;      /* guards rest, rest_len, rest_off */
    char *rest;                     /* what a short message read left */
    size_t rest_len, rest_off;
    /* The client's autobound address as a number (on both ends), by which a
     * disconnect reaches the client; 0 if none (client_id). */
    unsigned client_id;
    pid_t client_pid;               /* servers: the process that connected it */
    struct drop_table *drops;       /* clients only: their pipe's table, or NULL */
    atomic_uint seen_gen;           /* clients only: drops->block->gen last looked at */
    /* The socket is held by another process too (inherited): a drop recorded
     * for it is that process's to see, so closing here does not forget it. */
    atomic_bool shared;
};

/*
 * The clients a pipe's instances disconnected, shared by the server and the
 * clients in every process (doc/design.md): each client checks it before each
 * transfer, with one atomic load while nothing changed, and fails once its
 * address is there, as Windows fails a disconnected client's calls with
 * ERROR_PIPE_NOT_CONNECTED; a client whose server only closed finds nothing
 * and sees the pipe broken. One file in the namespace directory per pipe name.
 */
#define DROP_SLOTS 512

struct drop_block {
    struct w32_shared_sync sync;    /* every shared block starts so; nobody waits here */
    atomic_uint gen;                /* moves after every drop recorded */
    /* A dropped client: the pid of the process that connected it (to reclaim
     * the slot once that process is gone) above its client_id; 0 if free. */
    _Atomic uint64_t slot[DROP_SLOTS];
};

#define SLOT_ID(v) ((unsigned)((v) & 0xffffffffu))
#define SLOT_PID(v) ((pid_t)((v) >> 32))

/* A pipe name's drop block as this process maps it, once for all its handles. */
struct drop_table {
    struct drop_table *next;
    char *key;
    struct w32_shared *shared;
    struct drop_block *block;
    unsigned refs;                  /* under names_lock */
};
static struct drop_table *tables;  /* under names_lock */

/* The abstract socket address of the pipe key (every process of the user
 * derives the same); 0 if it does not fit. */
static socklen_t pipe_address(const char *name, struct sockaddr_un *addr)
{
    int len;

    memset(addr, 0, sizeof(*addr));
    addr->sun_family = AF_UNIX;
    len = snprintf(addr->sun_path + 1, sizeof(addr->sun_path) - 1, "w32shim-pipe-%u-%s",
                   (unsigned)getuid(), name);
    if (len < 0 || (size_t)len >= sizeof(addr->sun_path) - 1)
        return 0;
    return offsetof(struct sockaddr_un, sun_path) + 1 + len;
}

/*
 * The kernel queues one connection more than a listening socket's backlog,
 * so a backlog of n - 1 lets n clients of other processes in while n
 * instances listen. With none listening, one would still get in, where
 * Windows fails it with ERROR_PIPE_BUSY: a connection of our own (the plug)
 * then takes that place. It is the only connection queued (the others are
 * refused while it is there), so the first accept once an instance listens
 * again takes it out. A client already queued when the last instance stops
 * listening keeps the place, and no plug is needed. The plug's own end is
 * closed at once: its connection stays queued all the same, and costs no fd.
 */
static void plug_locked(struct pipe_name *pn)
{
    struct sockaddr_un addr;
    socklen_t len = pipe_address(pn->name, &addr);
    int fd;

    if (pn->plugged || !len)
        return;
    fd = socket(AF_UNIX, (pn->message ? SOCK_SEQPACKET : SOCK_STREAM) | SOCK_CLOEXEC |
                SOCK_NONBLOCK, 0);
    if (fd < 0)
        return;         /* no fd left: one client more may queue */
    /* Refused if the place is taken (a queued client). */
    pn->plugged = connect(fd, (struct sockaddr *)&addr, len) == 0;
    close(fd);
}

static void unplug_locked(struct pipe_name *pn)
{
    int fd;

    if (!pn->plugged)
        return;
    fd = accept4(pn->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd >= 0)
        close(fd);
    pn->plugged = false;
}

/* Lets as many clients of other processes connect as instances listen. A
 * forked child leaves alone the socket it shares with its parent, whose
 * instances it is. */
static void update_backlog_locked(struct pipe_name *pn)
{
    if (pn->forked)
        return;
    if (pn->listening == 0) {
        listen(pn->listen_fd, 0);
        plug_locked(pn);
    } else {
        unplug_locked(pn);
        listen(pn->listen_fd, (int)pn->listening - 1);
    }
}

/* The name after \\.\pipe\, folded to lower case; NULL with the error set. */
static char *pipe_key(LPCSTR name)
{
    char *key;

    if (!name || strncasecmp(name, PIPE_PREFIX, PIPE_PREFIX_LEN) != 0 ||
        !name[PIPE_PREFIX_LEN]) {
        w32_set_error(ERROR_INVALID_NAME);
        return NULL;
    }
    key = strdup(name + PIPE_PREFIX_LEN);
    if (!key) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    for (char *p = key; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return key;
}

static struct pipe_name *find_name_locked(const char *key)
{
    for (struct pipe_name *pn = names; pn; pn = pn->next)
        if (strcmp(pn->name, key) == 0)
            return pn;
    return NULL;
}

/* key's name if this process serves it, for its clients; NULL for another
 * process's (a parent's, copied by a fork, included). */
static struct pipe_name *find_served_name_locked(const char *key)
{
    struct pipe_name *pn = find_name_locked(key);

    return pn && !pn->forked ? pn : NULL;
}

/* ---- I/O ---- */

static struct named_pipe *np(struct w32_file *file)
{
    return (struct named_pipe *)file;
}

static void take_connection(struct named_pipe *pipe, int fd);

/*
 * A client that opened the pipe while this instance listened is its client
 * already, as on Windows, where the server may read what the client wrote
 * before calling ConnectNamedPipe: the instance takes a connection waiting on
 * the listening socket, if there is one.
 */
static void accept_waiting_client(struct named_pipe *pipe)
{
    int fd;

    if (!pipe->pn || atomic_load(&pipe->state) != STATE_LISTENING)
        return;
    fd = accept4(pipe->pn->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd >= 0)
        take_connection(pipe, fd);
}

/* key's table if this process maps it, with one more reference. */
static struct drop_table *table_ref_locked(const char *key)
{
    struct drop_table *t = tables;

    while (t && strcmp(t->key, key) != 0)
        t = t->next;
    if (t)
        t->refs++;
    return t;
}

static void table_free(struct drop_table *t)
{
    w32_shared_release(t->shared);
    w32_shared_unmap(t->shared);
    free(t->key);
    free(t);
}

/* Maps key's drop table: created if create (a server), else NULL if no server made it. */
static struct drop_table *table_map(const char *key, bool create)
{
    struct drop_table *t = calloc(1, sizeof(*t));
    bool created;
    char *skey;

    if (!t || !(t->key = strdup(key)) || asprintf(&skey, "n\\%s", key) < 0) {
        if (t)
            free(t->key);
        free(t);
        return NULL;
    }
    /* "n\\" begins no kernel object's key (w32_shared_key). */
    t->shared = w32_shared_open(skey, W32_SHARED_PIPE, sizeof(struct drop_block), create,
                                NULL, NULL, &created);
    free(skey);
    if (!t->shared) {
        free(t->key);
        free(t);
        return NULL;
    }
    t->block = t->shared->block;
    t->refs = 1;
    return t;
}

/*
 * The drop table of key, mapped once per process (table_map), with a
 * reference for the caller, or NULL. Maps outside names_lock; the last
 * error is kept.
 */
static struct drop_table *table_get(const char *key, bool create)
{
    DWORD saved = GetLastError();
    struct drop_table *t, *fresh;

    pthread_mutex_lock(&names_lock);
    t = table_ref_locked(key);
    pthread_mutex_unlock(&names_lock);
    if (t)
        return t;
    fresh = table_map(key, create);
    w32_set_error(saved);
    if (!fresh)
        return NULL;
    pthread_mutex_lock(&names_lock);
    t = table_ref_locked(key);      /* another thread mapped it meanwhile? */
    if (!t) {
        fresh->next = tables;
        tables = t = fresh;
        fresh = NULL;
    }
    pthread_mutex_unlock(&names_lock);
    if (fresh)
        table_free(fresh);
    return t;
}

static void table_put(struct drop_table *t)
{
    bool last;

    if (!t)
        return;
    pthread_mutex_lock(&names_lock);
    last = --t->refs == 0;
    if (last) {
        struct drop_table **p = &tables;
        while (*p != t)
            p = &(*p)->next;
        *p = t->next;
    }
    pthread_mutex_unlock(&names_lock);
    if (last)
        table_free(t);
}

/*
 * An autobound address ("\0" and five hex digits, unique among the
 * sockets alive on the machine) as a number above 0; 0 for any other.
 */
static unsigned address_id(const struct sockaddr_un *addr, socklen_t len)
{
    unsigned id = 0;

    if (len != offsetof(struct sockaddr_un, sun_path) + 6 || addr->sun_path[0] != '\0')
        return 0;
    for (int i = 1; i < 6; i++) {
        char c = addr->sun_path[i];
        int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0)
            return 0;
        id = id * 16 + (unsigned)digit;
    }
    return id + 1;
}

/* Takes a free slot for value; false if none is free. */
static bool take_slot(struct drop_block *b, uint64_t value)
{
    for (int i = 0; i < DROP_SLOTS; i++) {
        uint64_t expected = 0;
        if (atomic_compare_exchange_strong(&b->slot[i], &expected, value))
            return true;
    }
    return false;
}

/* Frees the slots of clients whose process is gone without closing them. */
static void reclaim_slots(struct drop_block *b)
{
    for (int i = 0; i < DROP_SLOTS; i++) {
        uint64_t v = atomic_load(&b->slot[i]);
        if (v && kill(SLOT_PID(v), 0) != 0 && errno == ESRCH)
            atomic_compare_exchange_strong(&b->slot[i], &v, 0);
    }
}

/* Records that client id, connected by process pid, was disconnected; a full
 * table of live clients loses it (the client then sees a close). */
static void record_drop(struct drop_block *b, unsigned id, pid_t pid)
{
    uint64_t value = (uint64_t)(uint32_t)pid << 32 | id;

    if (!take_slot(b, value)) {
        reclaim_slots(b);
        if (!take_slot(b, value))
            return;
    }
    /* After the slot: a client that sees gen move finds it. */
    atomic_fetch_add(&b->gen, 1);
}

/* Forgets the drop of client id: it closed, or the address is a new socket's. */
static void forget_drop(struct drop_block *b, unsigned id)
{
    for (int i = 0; i < DROP_SLOTS; i++) {
        uint64_t v = atomic_load(&b->slot[i]);
        if (v && SLOT_ID(v) == id)
            atomic_compare_exchange_strong(&b->slot[i], &v, 0);
    }
}

static bool is_dropped(struct drop_block *b, unsigned id)
{
    for (int i = 0; i < DROP_SLOTS; i++) {
        uint64_t v = atomic_load(&b->slot[i]);
        if (v && SLOT_ID(v) == id)
            return true;
    }
    return false;
}

/* Marks a client disconnected if its server instance dropped it: one load
 * of the table's gen unless a drop was recorded since the last look. */
static void notice_drop(struct named_pipe *pipe)
{
    unsigned gen;

    if (pipe->server || !pipe->drops || !pipe->client_id)
        return;
    gen = atomic_load(&pipe->drops->block->gen);
    if (gen == atomic_load_explicit(&pipe->seen_gen, memory_order_relaxed) ||
        atomic_load(&pipe->state) == STATE_DISCONNECTED)
        return;
    if (is_dropped(pipe->drops->block, pipe->client_id))
        atomic_store(&pipe->state, STATE_DISCONNECTED);
    atomic_store_explicit(&pipe->seen_gen, gen, memory_order_relaxed);
}

/* Whether the instance, or the server instance of this client, disconnected. */
static bool disconnected(struct named_pipe *pipe)
{
    notice_drop(pipe);
    return atomic_load(&pipe->state) == STATE_DISCONNECTED;
}

/* Records that the server instance pipe drops its client (unless the client
 * closed already: nobody would forget the record). */
static void drop_client(struct named_pipe *pipe)
{
    struct drop_table *t = pipe->pn->drops;

    if (t && pipe->client_id && !(w32_poll_now(pipe->file.fd, POLLRDHUP) & POLLRDHUP))
        record_drop(t->block, pipe->client_id, pipe->client_pid);
    pipe->client_id = 0;
}

static DWORD state_error(struct named_pipe *pipe)
{
    accept_waiting_client(pipe);
    notice_drop(pipe);
    switch (atomic_load(&pipe->state)) {
    case STATE_LISTENING:
        return ERROR_PIPE_LISTENING;
    case STATE_DISCONNECTED:
        return ERROR_PIPE_NOT_CONNECTED;
    default:
        return ERROR_SUCCESS;
    }
}

/* Serves a read from what a short message read left; false if nothing is left. */
static bool read_rest(struct named_pipe *pipe, void *buf, DWORD len, DWORD *done, DWORD *error)
{
    size_t left;

    pthread_mutex_lock(&pipe->rest_lock);
    if (!pipe->rest) {
        pthread_mutex_unlock(&pipe->rest_lock);
        return false;
    }
    left = pipe->rest_len - pipe->rest_off;
    *done = left < len ? left : len;
    memcpy(buf, pipe->rest + pipe->rest_off, *done);
    pipe->rest_off += *done;
    *error = pipe->rest_off < pipe->rest_len && atomic_load(&pipe->read_message)
             ? ERROR_MORE_DATA : ERROR_SUCCESS;
    if (pipe->rest_off == pipe->rest_len) {
        free(pipe->rest);
        pipe->rest = NULL;
    }
    pthread_mutex_unlock(&pipe->rest_lock);
    return true;
}

/* Reads one whole message that is longer than len: len bytes now, the rest kept. */
static DWORD read_long_message(struct named_pipe *pipe, void *buf, DWORD len, size_t size,
                               DWORD *done)
{
    char *msg = malloc(size);
    ssize_t n;

    if (!msg)
        return ERROR_NOT_ENOUGH_MEMORY;
    n = recv(pipe->file.fd, msg, size, 0);
    if (n <= 0) {
        free(msg);
        return n == 0 ? ERROR_BROKEN_PIPE : w32_error_from_errno(errno);
    }
    memcpy(buf, msg, len);
    *done = len;
    pthread_mutex_lock(&pipe->rest_lock);
    pipe->rest = msg;
    pipe->rest_len = n;
    pipe->rest_off = len;
    pthread_mutex_unlock(&pipe->rest_lock);
    return atomic_load(&pipe->read_message) ? ERROR_MORE_DATA : ERROR_SUCCESS;
}

/*
 * A message pipe read in byte mode is a byte stream, as on Windows: after
 * the first message, the messages already queued fill the rest of the
 * buffer, the last one perhaps in part (its rest is kept for the next read).
 */
static void read_queued_messages(struct named_pipe *pipe, char *buf, DWORD len, DWORD *done)
{
    while (*done < len) {
        DWORD got = 0;
        ssize_t n;

        do
            n = recv(pipe->file.fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
        while (n < 0 && errno == EINTR);
        if (n <= 0)
            return;
        if ((size_t)n > len - *done) {
            if (read_long_message(pipe, buf + *done, len - *done, n, &got) == ERROR_SUCCESS)
                *done += got;
            return;
        }
        do
            n = recv(pipe->file.fd, buf + *done, len - *done, MSG_DONTWAIT);
        while (n < 0 && errno == EINTR);
        if (n <= 0)
            return;
        *done += n;
    }
}

/*
 * One read with recv flags flags; a read that would wait with MSG_DONTWAIT
 * gives ERROR_IO_PENDING.
 */
static DWORD np_recv(struct named_pipe *pipe, void *buf, DWORD len, DWORD *done, int flags)
{
    int fd = pipe->file.fd;
    DWORD error = state_error(pipe);
    bool stream = pipe->message && !atomic_load(&pipe->read_message);
    ssize_t n;

    *done = 0;
    if (error != ERROR_SUCCESS)
        return error;
    if (read_rest(pipe, buf, len, done, &error)) {
        if (stream && error == ERROR_SUCCESS)
            read_queued_messages(pipe, buf, len, done);
        return error;
    }
    /* A read that may block waits where CancelSynchronousIo can end it. */
    if (!(flags & MSG_DONTWAIT) && len > 0) {
        error = w32_sync_io_ready(fd, POLLIN);
        if (error != ERROR_SUCCESS)
            return error;
    }
    if (pipe->message && len > 0) {
        /* MSG_TRUNC with MSG_PEEK gives the whole size of the next message. */
        do
            n = recv(fd, buf, len, MSG_PEEK | MSG_TRUNC | flags);
        while (n < 0 && errno == EINTR);
        if (n > (ssize_t)len)
            return read_long_message(pipe, buf, len, n, done);
    }
    do
        n = recv(fd, buf, len, flags);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return ERROR_IO_PENDING;
    if (n < 0)
        return errno == ECONNRESET ? ERROR_BROKEN_PIPE : w32_error_from_errno(errno);
    if (n == 0 && len > 0)
        return disconnected(pipe) ? ERROR_PIPE_NOT_CONNECTED : ERROR_BROKEN_PIPE;
    *done = n;
    if (stream && n > 0)
        read_queued_messages(pipe, buf, len, done);
    return ERROR_SUCCESS;
}

static DWORD np_read(struct w32_file *file, void *buf, DWORD len, DWORD *done, LONGLONG offset)
{
    struct named_pipe *pipe = np(file);
    DWORD error = np_recv(pipe, buf, len, done, atomic_load(&pipe->nowait) ? MSG_DONTWAIT : 0);

    return error == ERROR_IO_PENDING ? ERROR_NO_DATA : error;
}

/* What a failed send means for the pipe, total bytes having gone before. */
static DWORD send_error(struct named_pipe *pipe, int err)
{
    if (err == EPIPE || err == ECONNRESET || err == ENOTCONN)
        return disconnected(pipe) ? ERROR_PIPE_NOT_CONNECTED : ERROR_NO_DATA;
    return err == EMSGSIZE ? ERROR_NOT_ENOUGH_MEMORY : w32_error_from_errno(err);
}

static DWORD np_write(struct w32_file *file, const void *buf, DWORD len, DWORD *done,
                      LONGLONG offset)
{
    struct named_pipe *pipe = np(file);
    DWORD error = state_error(pipe);
    size_t total = 0;

    *done = 0;
    if (error != ERROR_SUCCESS)
        return error;
    if (len == 0)
        return ERROR_SUCCESS;
    while (total < len) {
        /* A message goes in one send: SOCK_SEQPACKET keeps it whole. */
        ssize_t n = send(file->fd, (const char *)buf + total, len - total, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *done = total;
            return send_error(pipe, errno);
        }
        total += n;
    }
    *done = total;
    return ERROR_SUCCESS;
}

/* An overlapped write: what goes without waiting; the rest when there is room. */
static DWORD np_try_send(struct named_pipe *pipe, struct w32_io *io)
{
    DWORD error = state_error(pipe);

    if (error != ERROR_SUCCESS)
        return error;
    while (io->done < io->len) {
        ssize_t n = send(pipe->file.fd, io->buf + io->done, io->len - io->done,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            io->poll_fd = pipe->file.fd;
            io->poll_events = POLLOUT;
            return ERROR_IO_PENDING;
        }
        if (n < 0)
            return send_error(pipe, errno);
        io->done += n;
    }
    return ERROR_SUCCESS;
}

/*
 * An overlapped ConnectNamedPipe: a client already queued was there before
 * the call (ERROR_PIPE_CONNECTED, as Windows reports it); one that comes
 * later completes the request.
 */
static DWORD np_try_connect(struct named_pipe *pipe, struct w32_io *io)
{
    int listen_fd = pipe->pn->listen_fd;
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

    if (fd >= 0) {
        take_connection(pipe, fd);
        return io->linked ? ERROR_SUCCESS : ERROR_PIPE_CONNECTED;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        return w32_error_from_errno(errno);
    io->poll_fd = listen_fd;
    io->poll_events = POLLIN;
    return ERROR_IO_PENDING;
}

/* Overlapped requests: one attempt that does not wait (aio.h). */
static DWORD np_try_io(struct w32_file *file, struct w32_io *io)
{
    struct named_pipe *pipe = np(file);
    DWORD error, n = 0;

    if (io->op == W32_IO_CONNECT)
        return np_try_connect(pipe, io);
    if (io->op == W32_IO_WRITE)
        return np_try_send(pipe, io);
    error = np_recv(pipe, io->buf, io->len, &n, MSG_DONTWAIT);
    io->done = n;
    if (error == ERROR_IO_PENDING) {
        io->poll_fd = file->fd;
        io->poll_events = POLLIN;
    }
    return error;
}

static DWORD np_peek(struct w32_file *file, void *buf, DWORD len, DWORD *read, DWORD *avail,
                     DWORD *left)
{
    struct named_pipe *pipe = np(file);
    DWORD error = state_error(pipe);
    size_t rest = 0, message = 0, copied = 0;
    int queued = 0;
    ssize_t n;

    /* A server instance without a client is no pipe to peek into, for Windows. */
    if (error != ERROR_SUCCESS)
        return pipe->server ? ERROR_BAD_PIPE : error;
    pthread_mutex_lock(&pipe->rest_lock);
    if (pipe->rest) {
        rest = pipe->rest_len - pipe->rest_off;
        copied = buf ? (rest < len ? rest : len) : 0;
        if (copied)
            memcpy(buf, pipe->rest + pipe->rest_off, copied);
        message = rest;
    }
    pthread_mutex_unlock(&pipe->rest_lock);
    /* SIOCINQ: every queued byte, of a stream and of a seqpacket socket alike. */
    ioctl(file->fd, FIONREAD, &queued);
    /* A message pipe's peek sees one message: the rest of a partly read one,
     * or else the next. */
    n = rest && pipe->message ? -1
        : recv(file->fd, buf ? (char *)buf + copied : NULL, buf ? len - copied : 0,
               MSG_PEEK | MSG_DONTWAIT | MSG_TRUNC);
    if (n == 0 && !rest && queued == 0)
        return ERROR_BROKEN_PIPE;
    if (n > 0) {
        if (!rest)
            message = n;
        if (buf)
            copied += (size_t)n < len - copied ? (size_t)n : len - copied;
    }
    *read = copied;
    *avail = rest + (queued > 0 ? queued : 0);
    /* Windows gives the message's length less the bytes copied, and a byte
     * pipe's "message" has length 0: 0 less the bytes copied, wrapped. */
    *left = pipe->message ? (DWORD)(message - (copied < message ? copied : message))
                          : (DWORD)0 - (DWORD)copied;
    return ERROR_SUCCESS;
}

static void np_cleanup(struct w32_file *file)
{
    struct named_pipe *pipe = np(file);
    struct pipe_name *pn = pipe->pn;

    if (pn) {
        pthread_mutex_lock(&names_lock);
        if (atomic_load(&pipe->state) == STATE_LISTENING)
            pn->listening--;
        if (--pn->instances == 0) {
            struct pipe_name **p = &names;
            while (*p != pn)
                p = &(*p)->next;
            *p = pn->next;
        } else {
            update_backlog_locked(pn);
            pn = NULL;
        }
        pthread_mutex_unlock(&names_lock);
        if (pn) {
            close(pn->listen_fd);
            table_put(pn->drops);
            free(pn->name);
            free(pn);
        }
    }
    if (pipe->drops) {
        if (pipe->client_id && !atomic_load(&pipe->shared))
            forget_drop(pipe->drops->block, pipe->client_id);
        table_put(pipe->drops);
    }
    free(pipe->rest);
    free(pipe->key);
    pthread_mutex_destroy(&pipe->rest_lock);
}

/* ---- inheritance ---- */

static struct named_pipe *new_pipe(int fd, bool message);

/*
 * What a child needs beyond the fd to rebuild an end it inherits (file.h's
 * describe and adopt): which end, the pipe's type, the handle's modes, the
 * sizes GetNamedPipeInfo reports and the pipe's name (folded), by which a
 * client finds its drop table. The state is the instance's at the spawn.
 */
struct pipe_desc {
    uint8_t server, message, read_message, nowait;
    uint32_t state;
    uint32_t max_instances, out_size, in_size;
    char key[];                     /* NUL-terminated */
};

static uint32_t np_describe(struct w32_file *file, void *buf, uint32_t size)
{
    struct named_pipe *pipe = np(file);
    const char *key = pipe->pn ? pipe->pn->name : pipe->drops ? pipe->drops->key
                      : pipe->key ? pipe->key : "";
    size_t len = sizeof(struct pipe_desc) + strlen(key) + 1;
    struct pipe_desc *d = buf;

    if (len > size)
        return 0;
    /* A client that opened the pipe already is this instance's (as for a
     * read here): the fd that leaves must be the connection, since the
     * listening socket stays. */
    accept_waiting_client(pipe);
    *d = (struct pipe_desc){ pipe->server, pipe->message, atomic_load(&pipe->read_message),
                             atomic_load(&pipe->nowait), (uint32_t)atomic_load(&pipe->state),
                             pipe->max_instances, pipe->out_size, pipe->in_size };
    memcpy(d->key, key, len - sizeof(*d));
    atomic_store(&pipe->shared, true);
    return (uint32_t)len;
}

/* The id of the autobound address fd (a client's socket) is bound to; 0 if none. */
static unsigned own_address_id(int fd)
{
    struct sockaddr_un self;
    socklen_t len = sizeof(self);

    return getsockname(fd, (struct sockaddr *)&self, &len) == 0 ? address_id(&self, len) : 0;
}

/*
 * A client learns its server's disconnects through the pipe's drop table,
 * by the address its socket is bound to; one dropped before the spawn is
 * dropped here too.
 */
static void adopt_client(struct named_pipe *pipe, const char *key)
{
    pipe->drops = key[0] ? table_get(key, false) : NULL;
    pipe->client_id = pipe->drops ? own_address_id(pipe->file.fd) : 0;
    if (!pipe->client_id)
        return;
    atomic_store(&pipe->seen_gen, atomic_load(&pipe->drops->block->gen));
    if (is_dropped(pipe->drops->block, pipe->client_id))
        atomic_store(&pipe->state, STATE_DISCONNECTED);
}

/*
 * The child's end: a client works as in its parent; a server instance
 * carries data and answers queries, but its pipe's listening socket stayed
 * with the parent, so it can neither connect nor disconnect a client here.
 */
static struct w32_file *np_adopt(int fd, const void *desc, uint32_t len)
{
    struct pipe_desc d;
    const char *key = (const char *)desc + sizeof(d);
    struct named_pipe *pipe;

    if (len <= sizeof(d) || key[len - sizeof(d) - 1] != '\0') {
        close(fd);
        return NULL;
    }
    pipe = new_pipe(fd, false);     /* closes fd on failure */
    if (!pipe)
        return NULL;
    memcpy(&d, desc, sizeof(d));
    pipe->server = d.server;
    pipe->message = d.message;
    atomic_store(&pipe->read_message, d.message && d.read_message);
    atomic_store(&pipe->nowait, d.nowait);
    atomic_store(&pipe->state, d.state == STATE_CONNECTED ? STATE_CONNECTED
                               : d.state == STATE_LISTENING ? STATE_LISTENING
                               : STATE_DISCONNECTED);
    pipe->max_instances = d.max_instances;
    pipe->out_size = d.out_size;
    pipe->in_size = d.in_size;
    atomic_store(&pipe->shared, true);
    if (!pipe->server)
        adopt_client(pipe, key);
    return &pipe->file;
}

const struct w32_file_ops w32_named_pipe_ops = {
    .file_type = FILE_TYPE_PIPE,
    .read = np_read,
    .write = np_write,
    .peek = np_peek,
    .cleanup = np_cleanup,
    .try_io = np_try_io,
    .describe = np_describe,
    .adopt = np_adopt,
};

static struct named_pipe *new_pipe(int fd, bool message)
{
    struct named_pipe *pipe =
        (struct named_pipe *)w32_file_alloc(sizeof(*pipe), fd, false, &w32_named_pipe_ops);

    if (pipe) {
        pipe->message = message;
        pthread_mutex_init(&pipe->rest_lock, NULL);
    }
    return pipe;
}

/* The named pipe behind h; NULL with ERROR_INVALID_HANDLE if h is something else. */
static struct named_pipe *get_pipe(HANDLE h)
{
    struct w32_file *file = w32_file_get(h, 0);

    if (file && file->ops != &w32_named_pipe_ops) {
        w32_object_unref(&file->obj);
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return (struct named_pipe *)file;
}

/* ---- server ---- */

/* Binds a new listening socket for key; NULL with the error set. */
static struct pipe_name *bind_name(char *key, bool message)
{
    struct sockaddr_un addr;
    socklen_t len = pipe_address(key, &addr);
    struct pipe_name *pn;
    int fd;

    if (!len) {
        w32_set_error(ERROR_FILENAME_EXCED_RANGE);
        return NULL;
    }
    fd = socket(AF_UNIX, (message ? SOCK_SEQPACKET : SOCK_STREAM) | SOCK_CLOEXEC | SOCK_NONBLOCK,
                0);
    if (fd < 0) {
        w32_set_error(w32_error_from_errno(errno));
        return NULL;
    }
    if (bind(fd, (struct sockaddr *)&addr, len) != 0) {
        /* The name is served by another process: its instances are all there. */
        w32_set_error(errno == EADDRINUSE ? ERROR_ACCESS_DENIED : w32_error_from_errno(errno));
        close(fd);
        return NULL;
    }
    pn = calloc(1, sizeof(*pn));
    if (!pn) {
        close(fd);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    pn->name = key;
    pn->listen_fd = fd;
    pn->message = message;
    return pn;
}

/* Adds an instance to key's pipe, creating the pipe if needed (which then
 * takes *drops, the name's drop table). */
static struct pipe_name *add_instance(char *key, DWORD open_mode, DWORD pipe_mode,
                                      DWORD max_instances, DWORD out_size, DWORD in_size,
                                      DWORD timeout, struct drop_table **drops)
{
    struct pipe_name *pn;
    DWORD error = ERROR_SUCCESS;

    pthread_mutex_lock(&names_lock);
    pn = find_name_locked(key);
    if (pn) {
        if (open_mode & FILE_FLAG_FIRST_PIPE_INSTANCE)
            error = ERROR_ACCESS_DENIED;
        /* PIPE_UNLIMITED_INSTANCES is no count: only resources limit it. */
        else if (pn->instances >= pn->max_instances &&
                 pn->max_instances != PIPE_UNLIMITED_INSTANCES)
            error = ERROR_PIPE_BUSY;
        else if (max_instances != pn->max_instances)
            error = ERROR_INVALID_PARAMETER;
        else if (!!(pipe_mode & PIPE_TYPE_MESSAGE) != pn->message)
            error = ERROR_ACCESS_DENIED;
        free(key);
    } else {
        pn = bind_name(key, pipe_mode & PIPE_TYPE_MESSAGE);
        if (!pn) {
            free(key);
            pthread_mutex_unlock(&names_lock);
            return NULL;
        }
        pn->max_instances = max_instances;
        pn->out_size = out_size;
        pn->in_size = in_size;
        pn->timeout = timeout ? timeout : DEFAULT_TIMEOUT;
        pn->drops = *drops;
        *drops = NULL;
        pn->next = names;
        names = pn;
    }
    if (error == ERROR_SUCCESS) {
        pn->instances++;
        pn->listening++;
        update_backlog_locked(pn);
    }
    pthread_mutex_unlock(&names_lock);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return NULL;
    }
    return pn;
}

static ACCESS_MASK server_access(DWORD open_mode)
{
    ACCESS_MASK access = FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES | SYNCHRONIZE;

    if (open_mode & PIPE_ACCESS_INBOUND)
        access |= GENERIC_READ;
    if (open_mode & PIPE_ACCESS_OUTBOUND)
        access |= GENERIC_WRITE;
    return access;
}

HANDLE WINAPI CreateNamedPipeA(LPCSTR lpName, DWORD dwOpenMode, DWORD dwPipeMode,
                               DWORD nMaxInstances, DWORD nOutBufferSize, DWORD nInBufferSize,
                               DWORD nDefaultTimeOut, LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    struct named_pipe *pipe;
    struct pipe_name *pn;
    struct drop_table *drops;
    bool message = dwPipeMode & PIPE_TYPE_MESSAGE;
    char *key;
    int fd;

    if ((dwOpenMode & ~VALID_OPEN_MODE) || !(dwOpenMode & PIPE_ACCESS_DUPLEX) ||
        (dwPipeMode & ~VALID_PIPE_MODE) || (!message && (dwPipeMode & PIPE_READMODE_MESSAGE)) ||
        nMaxInstances == 0 || nMaxInstances > PIPE_UNLIMITED_INSTANCES) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    key = pipe_key(lpName);
    if (!key)
        return INVALID_HANDLE_VALUE;
    fd = socket(AF_UNIX, (message ? SOCK_SEQPACKET : SOCK_STREAM) | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        free(key);
        w32_set_error(w32_error_from_errno(errno));
        return INVALID_HANDLE_VALUE;
    }
    drops = table_get(key, true);
    pn = add_instance(key, dwOpenMode, dwPipeMode, nMaxInstances, nOutBufferSize,
                      nInBufferSize, nDefaultTimeOut, &drops);
    table_put(drops);       /* the pipe had its table already, or failed */
    if (!pn) {
        close(fd);
        return INVALID_HANDLE_VALUE;
    }
    pipe = new_pipe(fd, message);
    if (!pipe) {
        /* Undo the instance through a stand-in that owns nothing. */
        struct named_pipe stand_in = { .pn = pn, .state = STATE_LISTENING };
        pthread_mutex_init(&stand_in.rest_lock, NULL);
        np_cleanup(&stand_in.file);
        return INVALID_HANDLE_VALUE;
    }
    pipe->pn = pn;
    pipe->server = true;
    pipe->file.overlapped = dwOpenMode & FILE_FLAG_OVERLAPPED;
    atomic_store(&pipe->state, STATE_LISTENING);
    atomic_store(&pipe->read_message, dwPipeMode & PIPE_READMODE_MESSAGE);
    atomic_store(&pipe->nowait, dwPipeMode & PIPE_NOWAIT);
    pipe->max_instances = nMaxInstances;
    pipe->out_size = nOutBufferSize;
    pipe->in_size = nInBufferSize;
    HANDLE h = w32_handle_create(&pipe->file.obj, server_access(dwOpenMode),
                                 lpSecurityAttributes && lpSecurityAttributes->bInheritHandle);
    if (!h)
        return INVALID_HANDLE_VALUE;
    w32_set_error(ERROR_SUCCESS);
    return h;
}

/* The UTF-8 form of a W function's pipe name (NULL stays NULL); false if out of memory. */
static bool utf8_name(LPCWSTR name, char **out)
{
    *out = name ? w32_utf16_to_utf8(name) : NULL;
    if (name && !*out) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    return true;
}

HANDLE WINAPI CreateNamedPipeW(LPCWSTR lpName, DWORD dwOpenMode, DWORD dwPipeMode,
                               DWORD nMaxInstances, DWORD nOutBufferSize, DWORD nInBufferSize,
                               DWORD nDefaultTimeOut, LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    char *name;
    HANDLE h;

    if (!utf8_name(lpName, &name))
        return INVALID_HANDLE_VALUE;
    h = CreateNamedPipeA(name, dwOpenMode, dwPipeMode, nMaxInstances, nOutBufferSize,
                         nInBufferSize, nDefaultTimeOut, lpSecurityAttributes);
    free(name);
    return h;
}

/* Puts the accepted connection fd behind the instance. */
static void take_connection(struct named_pipe *pipe, int fd)
{
    struct ucred cred;
    struct sockaddr_un peer;
    socklen_t len = sizeof(cred), peer_len = sizeof(peer);
    bool known = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0;
    bool local = known && cred.pid == getpid();

    /* The client's address, for a disconnect to reach it (drop_client). */
    pipe->client_id = known && getpeername(fd, (struct sockaddr *)&peer, &peer_len) == 0
                      ? address_id(&peer, peer_len) : 0;
    pipe->client_pid = known ? cred.pid : 0;
    dup3(fd, pipe->file.fd, O_CLOEXEC);
    w32_aio_fd_replaced(&pipe->file);
    close(fd);
    pthread_mutex_lock(&names_lock);
    pipe->pn->listening--;
    if (local && pipe->pn->pending_local > 0)
        pipe->pn->pending_local--;
    update_backlog_locked(pipe->pn);
    atomic_store(&pipe->state, STATE_CONNECTED);
    pthread_mutex_unlock(&names_lock);
}

/* Makes a disconnected instance listen again. */
static void relisten(struct named_pipe *pipe)
{
    pthread_mutex_lock(&names_lock);
    if (atomic_load(&pipe->state) == STATE_DISCONNECTED) {
        atomic_store(&pipe->state, STATE_LISTENING);
        pipe->pn->listening++;
        update_backlog_locked(pipe->pn);
    }
    pthread_mutex_unlock(&names_lock);
}

/* Accepts a client onto pipe, waiting unless nowait; ERROR_SUCCESS or the error. */
static DWORD accept_client(struct named_pipe *pipe, bool nowait)
{
    int listen_fd = pipe->pn->listen_fd;

    for (;;) {
        int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd >= 0) {
            take_connection(pipe, fd);
            return ERROR_SUCCESS;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return w32_error_from_errno(errno);
        if (nowait)
            return ERROR_PIPE_LISTENING;
        DWORD error = w32_sync_io_ready(listen_fd, POLLIN);
        if (error != ERROR_SUCCESS)
            return error;
    }
}

/* ConnectNamedPipe without waiting on the calling thread (an overlapped handle). */
static DWORD connect_overlapped(struct named_pipe *pipe, LPOVERLAPPED ov)
{
    DWORD done;

    relisten(pipe);
    return w32_aio_submit(&pipe->file, W32_IO_CONNECT, NULL, 0, ov, NULL, &done);
}

static DWORD connect_waiting(struct named_pipe *pipe)
{
    DWORD error;

    relisten(pipe);
    /* A client already waiting connected before this call, as Windows reports it. */
    error = accept_client(pipe, true);
    if (error == ERROR_SUCCESS)
        error = ERROR_PIPE_CONNECTED;
    else if (error == ERROR_PIPE_LISTENING && !atomic_load(&pipe->nowait))
        error = accept_client(pipe, false);
    return error;
}

BOOL WINAPI ConnectNamedPipe(HANDLE hNamedPipe, LPOVERLAPPED lpOverlapped)
{
    struct named_pipe *pipe = get_pipe(hNamedPipe);
    DWORD error;

    if (!pipe)
        return FALSE;
    if (!pipe->server)
        error = ERROR_INVALID_FUNCTION;
    else if (atomic_load(&pipe->state) == STATE_CONNECTED)
        error = ERROR_PIPE_CONNECTED;
    else if (!pipe->pn)
        error = ERROR_NOT_SUPPORTED;    /* inherited: the listening socket is the parent's */
    else if (pipe->file.overlapped)
        error = lpOverlapped ? connect_overlapped(pipe, lpOverlapped) : ERROR_INVALID_PARAMETER;
    else
        error = connect_waiting(pipe);
    /* A synchronous handle given an OVERLAPPED connects, then sets its event. */
    if (lpOverlapped && !pipe->file.overlapped && error == ERROR_SUCCESS &&
        lpOverlapped->hEvent)
        SetEvent(lpOverlapped->hEvent);
    w32_object_unref(&pipe->file.obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI DisconnectNamedPipe(HANDLE hNamedPipe)
{
    struct named_pipe *pipe = get_pipe(hNamedPipe);
    DWORD error = ERROR_SUCCESS;
    int fresh;

    if (!pipe)
        return FALSE;
    if (!pipe->server)
        error = ERROR_NOT_SUPPORTED;
    else if (atomic_load(&pipe->state) == STATE_LISTENING)
        error = ERROR_PIPE_LISTENING;
    else if (atomic_load(&pipe->state) == STATE_DISCONNECTED)
        error = ERROR_PIPE_NOT_CONNECTED;
    else if (!pipe->pn)
        error = ERROR_NOT_SUPPORTED;    /* inherited: the instance's state is the parent's */
    else {
        fresh = socket(AF_UNIX, (pipe->message ? SOCK_SEQPACKET : SOCK_STREAM) | SOCK_CLOEXEC, 0);
        if (fresh < 0) {
            error = w32_error_from_errno(errno);
        } else {
            atomic_store(&pipe->state, STATE_DISCONNECTED);
            /* The client learns it before its blocked reads wake. */
            drop_client(pipe);
            /* Wakes readers blocked on the connection, then swaps in an unconnected socket. */
            shutdown(pipe->file.fd, SHUT_RDWR);
            w32_aio_retry_watched(&pipe->file);
            dup3(fresh, pipe->file.fd, O_CLOEXEC);
            w32_aio_fd_replaced(&pipe->file);
            close(fresh);
            pthread_mutex_lock(&pipe->rest_lock);
            free(pipe->rest);
            pipe->rest = NULL;
            pthread_mutex_unlock(&pipe->rest_lock);
        }
    }
    w32_object_unref(&pipe->file.obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

/* ---- client ---- */

/*
 * A client autobinds a unique address that its server instance sees, so a
 * disconnect can name it (drop_client); a drop recorded for the same address
 * belonged to a socket closed since. The id of the address, or 0.
 */
static unsigned bind_client_address(int fd, struct drop_table *drops)
{
    struct sockaddr_un self = { .sun_family = AF_UNIX };
    socklen_t len = sizeof(self);
    unsigned id;

    if (bind(fd, (struct sockaddr *)&self, sizeof(sa_family_t)) != 0 ||
        getsockname(fd, (struct sockaddr *)&self, &len) != 0)
        return 0;
    id = address_id(&self, len);
    if (id)
        forget_drop(drops->block, id);
    return id;
}

/* Connects to key's socket, from an address *id names if the pipe has a
 * drop table (bind_client_address); the fd, or -1 with *error set. */
static int connect_pipe(const char *key, struct drop_table *drops, unsigned *id,
                        bool *message, DWORD *error)
{
    static const int types[] = { SOCK_SEQPACKET, SOCK_STREAM };
    struct sockaddr_un addr;
    socklen_t len = pipe_address(key, &addr);

    *error = ERROR_FILE_NOT_FOUND;
    for (int i = 0; len && i < 2; i++) {
        int fd = socket(AF_UNIX, types[i] | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
            *error = w32_error_from_errno(errno);
            return -1;
        }
        *id = drops ? bind_client_address(fd, drops) : 0;
        if (connect(fd, (struct sockaddr *)&addr, len) == 0) {
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
            *message = types[i] == SOCK_SEQPACKET;
            return fd;
        }
        int err = errno;
        close(fd);
        /* A socket of the other type refuses the connection: try that type. */
        if ((err == EPROTOTYPE || err == ECONNREFUSED) && i == 0)
            continue;
        *error = err == EAGAIN ? ERROR_PIPE_BUSY
                 : err == ECONNREFUSED || err == ENOENT ? ERROR_FILE_NOT_FOUND
                 : w32_error_from_errno(err);
        return -1;
    }
    return -1;
}

/*
 * Takes a listening instance of key for a client of this process, so the
 * next one sees ERROR_PIPE_BUSY. Returns false (PIPE_BUSY) if none listens;
 * true with *pn NULL if the pipe is not this process's.
 */
static bool reserve_local(const char *key, struct pipe_name **pn, struct named_pipe *info)
{
    bool ok = true;

    pthread_mutex_lock(&names_lock);
    *pn = find_served_name_locked(key);
    if (*pn) {
        ok = (*pn)->listening > (*pn)->pending_local;
        if (ok) {
            (*pn)->pending_local++;
            update_backlog_locked(*pn);
        }
        info->max_instances = (*pn)->max_instances;
        info->out_size = (*pn)->out_size;
        info->in_size = (*pn)->in_size;
    }
    pthread_mutex_unlock(&names_lock);
    return ok;
}

static void unreserve_local(const char *key)
{
    struct pipe_name *pn;

    pthread_mutex_lock(&names_lock);
    pn = find_served_name_locked(key);
    if (pn && pn->pending_local > 0) {
        pn->pending_local--;
        update_backlog_locked(pn);
    }
    pthread_mutex_unlock(&names_lock);
}

HANDLE w32_namedpipe_open(const char *name, ACCESS_MASK access, BOOL inherit, DWORD flags)
{
    char *key = pipe_key(name);
    struct named_pipe *pipe, info = { .max_instances = 0 };
    struct pipe_name *pn;
    struct drop_table *drops;
    bool message = false;
    unsigned id = 0;
    DWORD error;
    int fd;

    if (!key)
        return NULL;
    if (!reserve_local(key, &pn, &info)) {
        free(key);
        w32_set_error(ERROR_PIPE_BUSY);
        return NULL;
    }
    /* The table the server's disconnects reach this client through, if any. */
    drops = table_get(key, false);
    fd = connect_pipe(key, drops, &id, &message, &error);
    if (fd < 0) {
        table_put(drops);
        if (pn)
            unreserve_local(key);
        free(key);
        w32_set_error(error);
        return NULL;
    }
    pipe = new_pipe(fd, message);
    if (!pipe) {
        table_put(drops);
        free(key);
        return NULL;
    }
    pipe->drops = drops;
    pipe->client_id = id;
    if (drops)
        atomic_store(&pipe->seen_gen, atomic_load(&drops->block->gen));
    /* A pipe of this process: its name, for GetNamedPipeHandleState's instance count. */
    if (pn)
        pipe->key = key;
    else
        free(key);
    atomic_store(&pipe->state, STATE_CONNECTED);
    pipe->file.overlapped = flags & FILE_FLAG_OVERLAPPED;
    pipe->max_instances = info.max_instances;
    pipe->out_size = info.out_size;
    pipe->in_size = info.in_size;
    HANDLE h = w32_handle_create(&pipe->file.obj, access, inherit);
    if (h)
        w32_set_error(ERROR_SUCCESS);
    return h;
}

/* What a client of another process's pipe would find (remote_pipe). */
enum remote_pipe { REMOTE_ABSENT, REMOTE_BUSY, REMOTE_ROOM, REMOTE_UNKNOWN };

#define LISTEN_STATE 10     /* TCP_LISTEN, the state of a listening socket */

/* *found: whether the listening socket m describes (len bytes of socket
 * diagnostics) has room in its queue, if its name is want (want_len bytes). */
static void match_listener(const struct unix_diag_msg *m, size_t len, const char *want,
                           size_t want_len, enum remote_pipe *found)
{
    const struct unix_diag_rqlen *queue = NULL;
    bool named = false;
    struct rtattr *rta = (struct rtattr *)(m + 1);
    size_t left = len - NLMSG_ALIGN(sizeof(*m));

    for (; RTA_OK(rta, left); rta = RTA_NEXT(rta, left)) {
        if (rta->rta_type == UNIX_DIAG_NAME)
            named = RTA_PAYLOAD(rta) == want_len && memcmp(RTA_DATA(rta), want, want_len) == 0;
        else if (rta->rta_type == UNIX_DIAG_RQLEN && RTA_PAYLOAD(rta) >= sizeof(*queue))
            queue = RTA_DATA(rta);
    }
    /* The kernel refuses a connection while the queue holds more than the backlog. */
    if (named && queue)
        *found = queue->udiag_rqueue <= queue->udiag_wqueue ? REMOTE_ROOM : REMOTE_BUSY;
}

/*
 * Whether key's pipe, served by another process, listens with room for a
 * client: the length and backlog of its listening socket's accept queue,
 * from the kernel's socket diagnostics (NETLINK_SOCK_DIAG), which every user
 * may read. The plug (above) fills the queue while no instance listens.
 * REMOTE_UNKNOWN if the diagnostics cannot be had.
 */
static enum remote_pipe remote_pipe(const char *key)
{
    struct sockaddr_un addr;
    socklen_t len = pipe_address(key, &addr);
    size_t want_len = len - offsetof(struct sockaddr_un, sun_path);
    struct {
        struct nlmsghdr nlh;
        struct unix_diag_req req;
    } ask = { { sizeof(ask), SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, 0, 0 },
              { .sdiag_family = AF_UNIX, .udiag_states = 1u << LISTEN_STATE,
                .udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_RQLEN } };
    union {
        struct nlmsghdr align;
        char bytes[8192];
    } buf;
    enum remote_pipe found = REMOTE_UNKNOWN;
    bool done = false;
    int fd;

    if (!len)
        return REMOTE_ABSENT;
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0)
        return REMOTE_UNKNOWN;
    if (send(fd, &ask, sizeof(ask), 0) == (ssize_t)sizeof(ask))
        found = REMOTE_ABSENT;
    while (found == REMOTE_ABSENT && !done) {
        /* MSG_TRUNC: the length of a datagram cut short, which is not read on. */
        ssize_t n = recv(fd, &buf, sizeof(buf), MSG_TRUNC);
        size_t left = n > 0 && (size_t)n <= sizeof(buf) ? (size_t)n : 0;
        if (!left)
            found = REMOTE_UNKNOWN;
        for (struct nlmsghdr *h = &buf.align; left && NLMSG_OK(h, left) && !done;
             h = NLMSG_NEXT(h, left)) {
            if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
                if (h->nlmsg_type == NLMSG_ERROR)
                    found = REMOTE_UNKNOWN;
                done = true;
            } else if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct unix_diag_msg))) {
                match_listener(NLMSG_DATA(h), h->nlmsg_len - NLMSG_HDRLEN, addr.sun_path,
                               want_len, &found);
                done = found != REMOTE_ABSENT;
            }
        }
    }
    close(fd);
    return found;
}

/* Whether an abstract socket for key is bound by any process (/proc/net/unix):
 * what can be known without the socket diagnostics. */
static bool name_bound_anywhere(const char *key)
{
    struct sockaddr_un addr;
    char want[sizeof(addr.sun_path) + 2], line[512];
    bool found = false;
    FILE *f;

    if (!pipe_address(key, &addr))
        return false;
    snprintf(want, sizeof(want), "@%s\n", addr.sun_path + 1);
    f = fopen("/proc/net/unix", "re");
    if (!f)
        return false;
    while (!found && fgets(line, sizeof(line), f)) {
        size_t len = strlen(line), wlen = strlen(want);
        found = len >= wlen && strcmp(line + len - wlen, want) == 0;
    }
    fclose(f);
    return found;
}

static uint64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

BOOL WINAPI WaitNamedPipeA(LPCSTR lpNamedPipeName, DWORD nTimeOut)
{
    char *key = pipe_key(lpNamedPipeName);
    uint64_t start = now_ms();
    DWORD error = ERROR_SEM_TIMEOUT;

    if (!key)
        return FALSE;
    for (;;) {
        pthread_mutex_lock(&names_lock);
        struct pipe_name *pn = find_served_name_locked(key);
        DWORD timeout = pn ? pn->timeout : DEFAULT_TIMEOUT;
        bool free_instance = pn && pn->listening > pn->pending_local;
        pthread_mutex_unlock(&names_lock);

        enum remote_pipe remote = pn ? REMOTE_ABSENT : remote_pipe(key);

        /* Without the diagnostics, another process's pipe being there is enough. */
        if (remote == REMOTE_UNKNOWN)
            remote = name_bound_anywhere(key) ? REMOTE_ROOM : REMOTE_ABSENT;
        if (free_instance || remote == REMOTE_ROOM) {
            error = ERROR_SUCCESS;
            break;
        }
        if (!pn && remote == REMOTE_ABSENT) {
            error = ERROR_FILE_NOT_FOUND;
            break;
        }
        if (nTimeOut == NMPWAIT_USE_DEFAULT_WAIT)
            nTimeOut = timeout;
        if (nTimeOut != NMPWAIT_WAIT_FOREVER && now_ms() - start >= nTimeOut)
            break;
        /* Sleeps between looks where CancelSynchronousIo can end the wait. */
        if (w32_sync_io_wait(-1, 0, 2) == ERROR_OPERATION_ABORTED) {
            error = ERROR_OPERATION_ABORTED;
            break;
        }
    }
    free(key);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI WaitNamedPipeW(LPCWSTR lpNamedPipeName, DWORD nTimeOut)
{
    char *name;
    BOOL ok;

    if (!utf8_name(lpNamedPipeName, &name))
        return FALSE;
    ok = WaitNamedPipeA(name, nTimeOut);
    free(name);
    return ok;
}

/* ---- state ---- */

BOOL WINAPI SetNamedPipeHandleState(HANDLE hNamedPipe, LPDWORD lpMode,
                                    LPDWORD lpMaxCollectionCount, LPDWORD lpCollectDataTimeout)
{
    struct named_pipe *pipe = get_pipe(hNamedPipe);
    DWORD error = ERROR_SUCCESS;

    if (!pipe)
        return FALSE;
    if (lpMode && ((*lpMode & ~(PIPE_READMODE_MESSAGE | PIPE_NOWAIT)) ||
                   ((*lpMode & PIPE_READMODE_MESSAGE) && !pipe->message)))
        error = ERROR_INVALID_PARAMETER;
    else if (lpMode) {
        atomic_store(&pipe->read_message, *lpMode & PIPE_READMODE_MESSAGE);
        atomic_store(&pipe->nowait, *lpMode & PIPE_NOWAIT);
    }
    w32_object_unref(&pipe->file.obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

/*
 * The pipe behind h, named or anonymous (an anonymous pipe is a byte pipe
 * of one instance, whose read end is the server's, as on Windows); NULL with
 * ERROR_INVALID_HANDLE for anything else.
 */
static struct w32_file *get_any_pipe(HANDLE h)
{
    struct w32_file *file = w32_file_get(h, 0);

    if (file && file->ops != &w32_named_pipe_ops && file->ops != &w32_pipe_ops) {
        w32_object_unref(&file->obj);
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return file;
}

/* Whether anonymous pipe end file is its read end. */
static bool anon_read_end(struct w32_file *file)
{
    return (fcntl(file->fd, F_GETFL) & O_ACCMODE) == O_RDONLY;
}

BOOL WINAPI GetNamedPipeInfo(HANDLE hNamedPipe, LPDWORD lpFlags, LPDWORD lpOutBufferSize,
                             LPDWORD lpInBufferSize, LPDWORD lpMaxInstances)
{
    struct w32_file *file = get_any_pipe(hNamedPipe);
    DWORD flags, out_size, in_size, max_instances;

    if (!file)
        return FALSE;
    if (file->ops == &w32_pipe_ops) {
        /* Linux gives an anonymous pipe one buffer, its capacity. */
        int size = fcntl(file->fd, F_GETPIPE_SZ);
        flags = PIPE_TYPE_BYTE | (anon_read_end(file) ? PIPE_SERVER_END : PIPE_CLIENT_END);
        out_size = in_size = size > 0 ? (DWORD)size : 0;
        max_instances = 1;
    } else if (!np(file)->server && disconnected(np(file))) {
        /* Windows answers nothing about a pipe that disconnected its client. */
        w32_object_unref(&file->obj);
        w32_set_error(ERROR_PIPE_NOT_CONNECTED);
        return FALSE;
    } else {
        struct named_pipe *pipe = np(file);
        flags = (pipe->message ? PIPE_TYPE_MESSAGE : PIPE_TYPE_BYTE) |
                (pipe->server ? PIPE_SERVER_END : PIPE_CLIENT_END);
        out_size = pipe->out_size;
        in_size = pipe->in_size;
        max_instances = pipe->max_instances;
    }
    w32_object_unref(&file->obj);
    if (lpFlags)
        *lpFlags = flags;
    if (lpOutBufferSize)
        *lpOutBufferSize = out_size;
    if (lpInBufferSize)
        *lpInBufferSize = in_size;
    if (lpMaxInstances)
        *lpMaxInstances = max_instances;
    return TRUE;
}

/* The instances of pipe's name now; false if the pipe is another process's. */
static bool current_instances(struct named_pipe *pipe, DWORD *count)
{
    struct pipe_name *pn;

    pthread_mutex_lock(&names_lock);
    pn = pipe->server ? pipe->pn : pipe->key ? find_name_locked(pipe->key) : NULL;
    /* A client whose server closed every instance: none are left. */
    *count = pn ? pn->instances : 0;
    pthread_mutex_unlock(&names_lock);
    return pn || pipe->key;
}

/*
 * Every pipe is local, and Windows refuses the collection count, the
 * collection timeout and the user name of a local pipe.
 */
static BOOL get_handle_state(HANDLE h, LPDWORD lpState, LPDWORD lpCurInstances,
                             LPDWORD lpMaxCollectionCount, LPDWORD lpCollectDataTimeout,
                             bool user_name)
{
    struct w32_file *file = get_any_pipe(h);
    DWORD state = 0, instances = 1, error = ERROR_SUCCESS;

    if (!file)
        return FALSE;
    if (lpMaxCollectionCount || lpCollectDataTimeout || user_name) {
        error = ERROR_INVALID_PARAMETER;
    } else if (file->ops == &w32_named_pipe_ops && !np(file)->server && disconnected(np(file))) {
        error = ERROR_PIPE_NOT_CONNECTED;
    } else if (file->ops == &w32_named_pipe_ops) {
        struct named_pipe *pipe = np(file);
        state = (atomic_load(&pipe->nowait) ? PIPE_NOWAIT : 0) |
                (atomic_load(&pipe->read_message) ? PIPE_READMODE_MESSAGE : 0);
        if (lpCurInstances && !current_instances(pipe, &instances))
            error = ERROR_NOT_SUPPORTED;
    }
    w32_object_unref(&file->obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    if (lpState)
        *lpState = state;
    if (lpCurInstances)
        *lpCurInstances = instances;
    return TRUE;
}

BOOL WINAPI GetNamedPipeHandleStateA(HANDLE hNamedPipe, LPDWORD lpState, LPDWORD lpCurInstances,
                                     LPDWORD lpMaxCollectionCount, LPDWORD lpCollectDataTimeout,
                                     LPSTR lpUserName, DWORD nMaxUserNameSize)
{
    return get_handle_state(hNamedPipe, lpState, lpCurInstances, lpMaxCollectionCount,
                            lpCollectDataTimeout, lpUserName != NULL);
}

BOOL WINAPI GetNamedPipeHandleStateW(HANDLE hNamedPipe, LPDWORD lpState, LPDWORD lpCurInstances,
                                     LPDWORD lpMaxCollectionCount, LPDWORD lpCollectDataTimeout,
                                     LPWSTR lpUserName, DWORD nMaxUserNameSize)
{
    return get_handle_state(hNamedPipe, lpState, lpCurInstances, lpMaxCollectionCount,
                            lpCollectDataTimeout, lpUserName != NULL);
}

/* ---- transactions ---- */

/*
 * Writes a whole request on pipe handle h. An overlapped handle's write
 * goes through a private OVERLAPPED whose event has its low bit set, so it
 * queues no packet to the handle's completion port, and is waited for.
 */
static bool write_request(HANDLE h, bool overlapped, const void *buf, DWORD len)
{
    OVERLAPPED ov = { 0 };
    DWORD written = 0, error;
    bool ok;

    if (!overlapped)
        return WriteFile(h, buf, len, &written, NULL);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!ov.hEvent)
        return false;
    ov.hEvent = (HANDLE)((ULONG_PTR)ov.hEvent | 1);
    ok = WriteFile(h, buf, len, NULL, &ov) || GetLastError() == ERROR_IO_PENDING;
    if (ok)
        ok = GetOverlappedResult(h, &ov, &written, TRUE);
    error = GetLastError();
    CloseHandle((HANDLE)((ULONG_PTR)ov.hEvent & ~(ULONG_PTR)1));
    w32_set_error(error);
    return ok;
}

BOOL WINAPI TransactNamedPipe(HANDLE hNamedPipe, LPVOID lpInBuffer, DWORD nInBufferSize,
                              LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesRead,
                              LPOVERLAPPED lpOverlapped)
{
    struct w32_file *file = get_any_pipe(hNamedPipe);
    DWORD error = ERROR_SUCCESS;
    bool overlapped;

    if (!file)
        return FALSE;
    overlapped = file->overlapped;
    /* Only a message pipe read in message mode can carry a transaction. */
    if (file->ops != &w32_named_pipe_ops || !np(file)->message ||
        !atomic_load(&np(file)->read_message))
        error = ERROR_BAD_PIPE;
    else if (!lpOverlapped && (overlapped || !lpBytesRead))
        error = ERROR_INVALID_PARAMETER;
    w32_object_unref(&file->obj);
    if (lpBytesRead)
        *lpBytesRead = 0;
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    if (!write_request(hNamedPipe, overlapped, lpInBuffer, nInBufferSize))
        return FALSE;
    /* The reply: completes as any read, through the OVERLAPPED if there is one. */
    return ReadFile(hNamedPipe, lpOutBuffer, nOutBufferSize, lpBytesRead, lpOverlapped);
}

BOOL WINAPI CallNamedPipeA(LPCSTR lpNamedPipeName, LPVOID lpInBuffer, DWORD nInBufferSize,
                           LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesRead,
                           DWORD nTimeOut)
{
    DWORD mode = PIPE_READMODE_MESSAGE, error;
    HANDLE h;
    BOOL ok;

    h = CreateFileA(lpNamedPipeName, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0,
                    NULL);
    /* Every instance busy: wait for one as long as the caller allows, once. */
    if (h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PIPE_BUSY &&
        WaitNamedPipeA(lpNamedPipeName, nTimeOut))
        h = CreateFileA(lpNamedPipeName, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                        0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    ok = SetNamedPipeHandleState(h, &mode, NULL, NULL) &&
         TransactNamedPipe(h, lpInBuffer, nInBufferSize, lpOutBuffer, nOutBufferSize,
                           lpBytesRead, NULL);
    error = GetLastError();
    CloseHandle(h);
    w32_set_error(error);
    return ok;
}

BOOL WINAPI CallNamedPipeW(LPCWSTR lpNamedPipeName, LPVOID lpInBuffer, DWORD nInBufferSize,
                           LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesRead,
                           DWORD nTimeOut)
{
    char *name;
    BOOL ok;

    if (!utf8_name(lpNamedPipeName, &name))
        return FALSE;
    ok = CallNamedPipeA(name, lpInBuffer, nInBufferSize, lpOutBuffer, nOutBufferSize,
                        lpBytesRead, nTimeOut);
    free(name);
    return ok;
}

/* fork (fork.h): the names lock is held across a fork; the child's copies
 * of the names are its parent's. */
void w32_namedpipe_fork(enum w32_fork_phase phase)
{
    if (phase == W32_FORK_CHILD)
        for (struct pipe_name *pn = names; pn; pn = pn->next)
            pn->forked = true;
    w32_fork_mutex(&names_lock, phase);
}
