/*
 * Mailslots: a server reads whole messages that clients of any w32shim
 * process of the user write by name. Each mailslot is an AF_UNIX datagram
 * socket bound to a file of the namespace directory (doc/design.md, "Mailslots").
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "mailslot.h"
#include "aio.h"
#include "clock.h"
#include "error.h"
#include "handle.h"
#include "shared.h"
#include "unicode.h"

/*
 * A server's socket file carries the mailslot's largest message size, which
 * clients check, in its modification time: seconds the size, nanoseconds
 * this mark (a file of another kind never has it).
 */
#define SIZE_MARK_NS 777777777L

/* The socket buffer a client asks for (the kernel caps it at wmem_max): the
 * largest message the kernel carries is a little below it. */
#define CLIENT_SNDBUF (4 << 20)

struct message {
    struct message *next;
    size_t len;
    char data[];
};

struct mailslot_server {
    struct w32_file file;           /* file.fd: the bound socket */
    /* Guards the queue below and orders reads, so that the size a read
     * looked at is the size of the message it takes. */
    pthread_mutex_t lock;
    struct message *head, **tail;   /* messages GetMailslotInfo took from the socket */
    DWORD queued;
    int event_fd;                   /* readable while the queue holds a message */
    int wait_fd;                    /* an epoll of the socket and event_fd: readers wait on it */
    DWORD max_size;
    atomic_uint timeout;            /* ms, MAILSLOT_WAIT_FOREVER */
    char name[24];                  /* the socket's file in the namespace directory */
};

struct mailslot_client {
    struct w32_file file;           /* file.fd: a socket connected to the server's */
    DWORD max_size;                 /* 0: any */
};

static const struct w32_file_ops server_ops, client_ops;

/* ---- names ---- */

enum name_kind { NOT_MAILSLOT, LOCAL_NAME, REMOTE_NAME };

static bool is_separator(char c)
{
    return c == '\\' || c == '/';
}

/*
 * Whether name is a mailslot name, \\server\mailslot\..., local (server "."
 * or "?") or not; *rest the name after "mailslot\" (NULL if none).
 */
static enum name_kind classify(const char *name, const char **rest)
{
    const char *server, *p;

    *rest = NULL;
    if (!name || !is_separator(name[0]) || !is_separator(name[1]))
        return NOT_MAILSLOT;
    server = name + 2;
    for (p = server; *p && !is_separator(*p); p++)
        ;
    if (p == server || !*p || strncasecmp(p + 1, "mailslot", 8) != 0)
        return NOT_MAILSLOT;
    if (p[9] && !is_separator(p[9]))
        return NOT_MAILSLOT;
    if (p[9])
        *rest = p + 10;
    return p - server == 1 && (server[0] == '.' || server[0] == '?') ? LOCAL_NAME : REMOTE_NAME;
}

bool w32_mailslot_is_name(const char *name)
{
    const char *rest;

    return classify(name, &rest) != NOT_MAILSLOT && rest;
}

/* Whether name's NT form (\??\mailslot\..., as long as the name) fits in MAX_PATH - 1 units. */
static bool name_fits(const char *name)
{
    size_t units = 0;

    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if ((*p & 0xc0) != 0x80)
            units += (*p & 0xf8) == 0xf0 ? 2 : 1;
    return units < MAX_PATH;
}

/*
 * The namespace file of the mailslot named rest: a hash of the name with
 * ASCII letters folded and '/' read as '\', as Windows compares the names.
 */
static void file_name_of(const char *rest, char out[24])
{
    uint64_t h = 0xcbf29ce484222325u;

    for (const unsigned char *p = (const unsigned char *)rest; *p; p++) {
        unsigned char c = *p == '/' ? '\\' : (*p >= 'A' && *p <= 'Z') ? *p + 32 : *p;
        h = (h ^ c) * 0x100000001b3u;
    }
    snprintf(out, 24, "m%016llx", (unsigned long long)h);
}

/* ---- the namespace directory ---- */

/* The address of file name in the directory open as dir (any length of path). */
static socklen_t address_of(int dir, const char *name, struct sockaddr_un *sa)
{
    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    snprintf(sa->sun_path, sizeof(sa->sun_path), "/proc/self/fd/%d/%s", dir, name);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(sa->sun_path) + 1);
}

/* Whether a server socket is bound to name: a datagram socket can connect to it. */
static bool is_live(int dir, const char *name)
{
    struct sockaddr_un sa;
    socklen_t len = address_of(dir, name, &sa);
    int probe = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    bool live;

    if (probe < 0)
        return true;            /* cannot tell: leave it */
    live = connect(probe, (struct sockaddr *)&sa, len) == 0 || errno == EAGAIN;
    close(probe);
    return live;
}

/* The namespace directory, locked (exclusive or shared) against creators
 * and removers of mailslots in any process; -1 with the error set. */
static int lock_dir(int how)
{
    int dir = w32_shared_dir();

    if (dir >= 0 && flock(dir, how) != 0) {
        w32_set_error(w32_error_from_errno(errno));
        close(dir);
        dir = -1;
    }
    return dir;
}

static void unlock_dir(int dir)
{
    flock(dir, LOCK_UN);
    close(dir);
}

/*
 * Removes the socket files of mailslots whose servers are all gone (their
 * processes died); once per process, directory locked exclusively.
 */
static void sweep_locked(int dir)
{
    static atomic_bool swept;
    int fd;
    DIR *d;
    struct dirent *e;

    if (atomic_exchange(&swept, true) || (fd = dup(dir)) < 0)
        return;
    d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    while ((e = readdir(d))) {
        struct stat st;
        if (e->d_name[0] == 'm' && strlen(e->d_name) == 17 &&
            fstatat(dir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISSOCK(st.st_mode) &&
            !is_live(dir, e->d_name))
            unlinkat(dir, e->d_name, 0);
    }
    closedir(d);
}

/* ---- the server ---- */

static struct mailslot_server *server_of(struct w32_file *file)
{
    return (struct mailslot_server *)file;
}

/* Frees the queue; the server's lock held or the server gone. */
static void free_queue(struct mailslot_server *ms)
{
    while (ms->head) {
        struct message *m = ms->head;
        ms->head = m->next;
        free(m);
    }
    ms->tail = &ms->head;
    ms->queued = 0;
}

/*
 * The last handle went: the socket closes, and the name goes unless another
 * process (a child holding an inherited handle) still holds the socket.
 */
static void server_cleanup(struct w32_file *file)
{
    struct mailslot_server *ms = server_of(file);
    int dir;

    /* The socket must be closed before asking whether anyone holds it. */
    close(file->fd);
    file->fd = -1;
    file->borrowed = true;
    if (ms->wait_fd >= 0)
        close(ms->wait_fd);
    if (ms->event_fd >= 0)
        close(ms->event_fd);
    free_queue(ms);
    pthread_mutex_destroy(&ms->lock);
    if (!ms->name[0])
        return;             /* never bound: the name is another server's, or none */
    dir = lock_dir(LOCK_EX);
    if (dir < 0)
        return;             /* the file stays, stale, until a sweep */
    if (!is_live(dir, ms->name))
        unlinkat(dir, ms->name, 0);
    unlock_dir(dir);
}

/* The size of the next message in the socket, or -1 if none (errno set). */
static ssize_t next_in_socket(int fd)
{
    ssize_t n;

    do
        n = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    return n;
}

static void set_queue_signal(struct mailslot_server *ms)
{
    eventfd_t value;

    if (ms->head)
        eventfd_write(ms->event_fd, 1);
    else
        eventfd_read(ms->event_fd, &value);
}

/* Moves every message of the socket to the queue (out of memory: those so
 * far). The server's lock held. */
static void drain_locked(struct mailslot_server *ms)
{
    ssize_t n;

    while ((n = next_in_socket(ms->file.fd)) >= 0) {
        struct message *m = malloc(sizeof(*m) + (size_t)n);
        if (!m)
            break;
        m->len = (size_t)recv(ms->file.fd, m->data, (size_t)n, MSG_DONTWAIT);
        if ((ssize_t)m->len != n) {
            free(m);
            break;
        }
        m->next = NULL;
        *ms->tail = m;
        ms->tail = &m->next;
        ms->queued++;
    }
    set_queue_signal(ms);
}

/*
 * Takes the next message into buf if it fits: ERROR_SUCCESS, *done its size;
 * ERROR_INSUFFICIENT_BUFFER leaving it queued; ERROR_NO_DATA if there is none.
 * The server's lock held.
 */
static DWORD take_locked(struct mailslot_server *ms, void *buf, DWORD len, DWORD *done)
{
    struct message *m = ms->head;
    ssize_t n;

    if (m) {
        if (m->len > len)
            return ERROR_INSUFFICIENT_BUFFER;
        memcpy(buf, m->data, m->len);
        *done = (DWORD)m->len;
        ms->head = m->next;
        if (!ms->head)
            ms->tail = &ms->head;
        ms->queued--;
        free(m);
        set_queue_signal(ms);
        return ERROR_SUCCESS;
    }
    n = next_in_socket(ms->file.fd);
    if (n < 0)
        return errno == EAGAIN ? ERROR_NO_DATA : w32_error_from_errno(errno);
    if ((size_t)n > len)
        return ERROR_INSUFFICIENT_BUFFER;
    n = recv(ms->file.fd, buf, len, MSG_DONTWAIT);
    if (n < 0)
        return w32_error_from_errno(errno);
    *done = (DWORD)n;
    return ERROR_SUCCESS;
}

/* The ms left before deadline (ns on CLOCK_MONOTONIC), at most INT_MAX; 0 once past. */
static int ms_left(uint64_t deadline)
{
    uint64_t now = w32_clock_ns(CLOCK_MONOTONIC);
    uint64_t left = deadline > now ? (deadline - now + 999999) / 1000000 : 0;

    return left > INT_MAX ? INT_MAX : (int)left;
}

/*
 * One whole message per read; a read that finds none waits for one as long
 * as the read timeout says, then fails with ERROR_SEM_TIMEOUT. The handle is
 * synchronous, as Windows makes it: an OVERLAPPED only receives the result.
 */
static DWORD server_read(struct w32_file *file, void *buf, DWORD len, DWORD *done,
                         LONGLONG offset)
{
    struct mailslot_server *ms = server_of(file);
    DWORD timeout = atomic_load_explicit(&ms->timeout, memory_order_relaxed);
    uint64_t deadline = w32_clock_ns(CLOCK_MONOTONIC) + (uint64_t)timeout * 1000000u;

    *done = 0;
    for (;;) {
        int wait_ms;
        DWORD error;
        pthread_mutex_lock(&ms->lock);
        error = take_locked(ms, buf, len, done);
        pthread_mutex_unlock(&ms->lock);
        if (error != ERROR_NO_DATA)
            return error;
        wait_ms = timeout == MAILSLOT_WAIT_FOREVER ? -1 : ms_left(deadline);
        if (wait_ms == 0)
            return ERROR_SEM_TIMEOUT;
        error = w32_sync_io_wait(ms->wait_fd, POLLIN, wait_ms);
        if (error == ERROR_OPERATION_ABORTED)
            return error;
    }
}

static DWORD server_write(struct w32_file *file, const void *buf, DWORD len, DWORD *done,
                          LONGLONG offset)
{
    *done = 0;
    return ERROR_ACCESS_DENIED;
}

static const struct w32_file_ops server_ops = {
    .file_type = FILE_TYPE_PIPE,        /* what Wine reports for a mailslot */
    .read = server_read,
    .write = server_write,
    .cleanup = server_cleanup,
};

/* Binds fd to name in dir: a stale file (its servers gone) is replaced. Dir locked. */
static DWORD bind_locked(int dir, int fd, const char *name, DWORD max_size)
{
    struct sockaddr_un sa;
    socklen_t len = address_of(dir, name, &sa);
    struct timespec times[2] = { { .tv_nsec = UTIME_NOW },
                                 { .tv_sec = max_size, .tv_nsec = SIZE_MARK_NS } };

    if (bind(fd, (struct sockaddr *)&sa, len) != 0) {
        if (errno != EADDRINUSE)
            return w32_error_from_errno(errno);
        if (is_live(dir, name))
            return ERROR_ALREADY_EXISTS;
        if ((unlinkat(dir, name, 0) != 0 && errno != ENOENT) ||
            bind(fd, (struct sockaddr *)&sa, len) != 0)
            return w32_error_from_errno(errno);
    }
    if (utimensat(dir, name, times, AT_SYMLINK_NOFOLLOW) != 0) {
        DWORD error = w32_error_from_errno(errno);
        unlinkat(dir, name, 0);
        return error;
    }
    return ERROR_SUCCESS;
}

/* The waiting side of a new server: event_fd and an epoll of it and the socket. */
static bool make_wait_fds(struct mailslot_server *ms)
{
    struct epoll_event ev = { .events = EPOLLIN };

    ms->event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    ms->wait_fd = epoll_create1(EPOLL_CLOEXEC);
    return ms->event_fd >= 0 && ms->wait_fd >= 0 &&
           epoll_ctl(ms->wait_fd, EPOLL_CTL_ADD, ms->file.fd, &ev) == 0 &&
           epoll_ctl(ms->wait_fd, EPOLL_CTL_ADD, ms->event_fd, &ev) == 0;
}

/* A new server object for fd (taken over), not yet bound; NULL with the error set. */
static struct mailslot_server *new_server(int fd, DWORD max_size, DWORD timeout)
{
    struct mailslot_server *ms =
        (struct mailslot_server *)w32_file_alloc(sizeof(*ms), fd, false, &server_ops);

    if (!ms)
        return NULL;
    pthread_mutex_init(&ms->lock, NULL);
    ms->tail = &ms->head;
    ms->max_size = max_size;
    atomic_init(&ms->timeout, timeout);
    if (!make_wait_fds(ms)) {
        w32_set_error(w32_error_from_errno(errno));
        ms->name[0] = '\0';
        w32_object_unref(&ms->file.obj);
        return NULL;
    }
    return ms;
}

/* Whether name is a local mailslot name a server may take; the error if not. */
static DWORD check_server_name(const char *name, const char **rest)
{
    enum name_kind kind = classify(name, rest);

    if (!name || !*name)
        return ERROR_PATH_NOT_FOUND;
    if (!name_fits(name))
        return ERROR_FILENAME_EXCED_RANGE;
    if (kind != LOCAL_NAME)
        return kind == REMOTE_NAME ? ERROR_BAD_NETPATH : ERROR_INVALID_NAME;
    /* \\.\mailslot\ itself is the mailslots' directory, which exists. */
    if (!*rest || !**rest)
        return ERROR_ALREADY_EXISTS;
    return ERROR_SUCCESS;
}

HANDLE WINAPI CreateMailslotA(LPCSTR lpName, DWORD nMaxMessageSize, DWORD lReadTimeout,
                              LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    struct mailslot_server *ms;
    const char *rest;
    DWORD error = check_server_name(lpName, &rest);
    int fd, dir;
    HANDLE h;

    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return INVALID_HANDLE_VALUE;
    }
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        w32_set_error(w32_error_from_errno(errno));
        return INVALID_HANDLE_VALUE;
    }
    ms = new_server(fd, nMaxMessageSize, lReadTimeout);
    if (!ms)
        return INVALID_HANDLE_VALUE;
    file_name_of(rest, ms->name);
    dir = lock_dir(LOCK_EX);
    error = dir < 0 ? GetLastError() : ERROR_SUCCESS;
    if (dir >= 0) {
        sweep_locked(dir);
        error = bind_locked(dir, fd, ms->name, nMaxMessageSize);
        unlock_dir(dir);
    }
    if (error != ERROR_SUCCESS) {
        ms->name[0] = '\0';         /* not ours to remove */
        w32_object_unref(&ms->file.obj);
        w32_set_error(error);
        return INVALID_HANDLE_VALUE;
    }
    h = w32_handle_create(&ms->file.obj, GENERIC_READ | SYNCHRONIZE,
                          lpSecurityAttributes && lpSecurityAttributes->bInheritHandle);
    if (!h)
        return INVALID_HANDLE_VALUE;
    w32_set_error(ERROR_SUCCESS);
    return h;
}

HANDLE WINAPI CreateMailslotW(LPCWSTR lpName, DWORD nMaxMessageSize, DWORD lReadTimeout,
                              LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    char *name = NULL;
    HANDLE h;

    if (lpName && !(name = w32_utf16_to_utf8(lpName))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    h = CreateMailslotA(name, nMaxMessageSize, lReadTimeout, lpSecurityAttributes);
    free(name);
    return h;
}

/* The server behind h, referenced; NULL with ERROR_INVALID_HANDLE for any other handle. */
static struct mailslot_server *get_server(HANDLE h)
{
    struct w32_file *file = w32_file_get(h, 0);

    if (file && file->ops != &server_ops) {
        w32_object_unref(&file->obj);
        file = NULL;
    }
    if (!file)
        w32_set_error(ERROR_INVALID_HANDLE);
    return file ? server_of(file) : NULL;
}

BOOL WINAPI GetMailslotInfo(HANDLE hMailslot, LPDWORD lpMaxMessageSize, LPDWORD lpNextSize,
                            LPDWORD lpMessageCount, LPDWORD lpReadTimeout)
{
    struct mailslot_server *ms = get_server(hMailslot);
    DWORD next, count;

    if (!ms)
        return FALSE;
    /* Counting needs the messages out of the socket, which keeps no count. */
    pthread_mutex_lock(&ms->lock);
    drain_locked(ms);
    next = ms->head ? (DWORD)ms->head->len : MAILSLOT_NO_MESSAGE;
    count = ms->queued;
    pthread_mutex_unlock(&ms->lock);
    if (lpMaxMessageSize)
        *lpMaxMessageSize = ms->max_size;
    if (lpNextSize)
        *lpNextSize = next;
    if (lpMessageCount)
        *lpMessageCount = count;
    if (lpReadTimeout)
        *lpReadTimeout = atomic_load_explicit(&ms->timeout, memory_order_relaxed);
    w32_object_unref(&ms->file.obj);
    return TRUE;
}

BOOL WINAPI SetMailslotInfo(HANDLE hMailslot, DWORD lReadTimeout)
{
    struct mailslot_server *ms = get_server(hMailslot);

    if (!ms)
        return FALSE;
    atomic_store_explicit(&ms->timeout, lReadTimeout, memory_order_relaxed);
    w32_object_unref(&ms->file.obj);
    return TRUE;
}

/* ---- clients ---- */

static DWORD client_read(struct w32_file *file, void *buf, DWORD len, DWORD *done,
                         LONGLONG offset)
{
    *done = 0;
    return ERROR_ACCESS_DENIED;
}

/* One attempt to send the message: ERROR_IO_PENDING while the server's queue is full. */
static DWORD try_send(struct w32_file *file, const void *buf, DWORD len)
{
    struct mailslot_client *mc = (struct mailslot_client *)file;
    ssize_t n;

    if (mc->max_size && len > mc->max_size)
        return ERROR_INVALID_PARAMETER;
    do
        n = send(file->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n >= 0)
        return ERROR_SUCCESS;
    switch (errno) {
    case EAGAIN:
        return ERROR_IO_PENDING;
    /* The server is gone: the client's mailslot was closed under it. */
    case ECONNREFUSED:
    case ENOTCONN:
    case ECONNRESET:
    case EPIPE:
        return ERROR_HANDLE_EOF;
    case EMSGSIZE:
    case ENOBUFS:
        return ERROR_NOT_ENOUGH_MEMORY;
    default:
        return w32_error_from_errno(errno);
    }
}

/* A write sends one message, waiting while the server's queue is full. */
static DWORD client_write(struct w32_file *file, const void *buf, DWORD len, DWORD *done,
                          LONGLONG offset)
{
    DWORD error;

    *done = 0;
    while ((error = try_send(file, buf, len)) == ERROR_IO_PENDING) {
        error = w32_sync_io_ready(file->fd, POLLOUT);
        if (error != ERROR_SUCCESS)
            return error;
    }
    if (error == ERROR_SUCCESS)
        *done = len;
    return error;
}

/* Overlapped clients (FILE_FLAG_OVERLAPPED): a write pends while the queue is full. */
static DWORD client_try_io(struct w32_file *file, struct w32_io *io)
{
    DWORD error;

    if (io->op != W32_IO_WRITE)
        return ERROR_ACCESS_DENIED;
    error = try_send(file, io->buf, io->len);
    if (error == ERROR_SUCCESS)
        io->done = io->len;
    if (error == ERROR_IO_PENDING) {
        io->poll_fd = file->fd;
        io->poll_events = POLLOUT;
    }
    return error;
}

static const struct w32_file_ops client_ops = {
    .file_type = FILE_TYPE_PIPE,
    .read = client_read,
    .write = client_write,
    .try_io = client_try_io,
};

/* Connects fd to the server of name; *max_size its largest message. Dir locked. */
static DWORD connect_locked(int dir, int fd, const char *name, DWORD *max_size)
{
    struct sockaddr_un sa;
    socklen_t len = address_of(dir, name, &sa);
    struct stat st;

    if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISSOCK(st.st_mode))
        return ERROR_FILE_NOT_FOUND;
    if (connect(fd, (struct sockaddr *)&sa, len) != 0)
        return errno == ECONNREFUSED || errno == ENOENT ? ERROR_FILE_NOT_FOUND
                                                        : w32_error_from_errno(errno);
    *max_size = st.st_mtim.tv_nsec == SIZE_MARK_NS ? (DWORD)st.st_mtim.tv_sec : 0;
    return ERROR_SUCCESS;
}

HANDLE w32_mailslot_open(const char *name, ACCESS_MASK access, BOOL inherit, DWORD flags)
{
    struct mailslot_client *mc;
    const char *rest;
    enum name_kind kind = classify(name, &rest);
    char file_name[24];
    int fd, dir, sndbuf = CLIENT_SNDBUF;
    DWORD error, max_size = 0;

    if (kind != LOCAL_NAME) {
        /* No network: a mailslot of another computer or a domain is out of reach. */
        w32_set_error(ERROR_BAD_NETPATH);
        return NULL;
    }
    if (!name_fits(name) || !*rest) {
        w32_set_error(!*rest ? ERROR_FILE_NOT_FOUND : ERROR_FILENAME_EXCED_RANGE);
        return NULL;
    }
    file_name_of(rest, file_name);
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        w32_set_error(w32_error_from_errno(errno));
        return NULL;
    }
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
    dir = lock_dir(LOCK_SH);
    error = dir < 0 ? GetLastError() : connect_locked(dir, fd, file_name, &max_size);
    if (dir >= 0)
        unlock_dir(dir);
    if (error != ERROR_SUCCESS) {
        close(fd);
        w32_set_error(error);
        return NULL;
    }
    mc = (struct mailslot_client *)w32_file_alloc(sizeof(*mc), fd, false, &client_ops);
    if (!mc)
        return NULL;
    mc->max_size = max_size;
    mc->file.overlapped = (flags & FILE_FLAG_OVERLAPPED) != 0;
    return w32_handle_create(&mc->file.obj, access, inherit);
}
