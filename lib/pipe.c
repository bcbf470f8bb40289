/* namedpipeapi.h: anonymous pipes, on pipe2(2). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include <sys/socket.h>
#include <unistd.h>
#include "error.h"
#include "file.h"
#include "handle.h"

#define DEFAULT_PIPE_SIZE 65536

/*
 * A write to a pipe whose reader is gone raises SIGPIPE. The program's
 * disposition is its own: block the signal in this thread around the write
 * and consume the one the write raised, unless one was already pending. If
 * the thread did not block SIGPIPE before, none can be pending for it (it
 * would have been delivered), so only a thread that blocks it pays for the
 * sigpending check. The signal comes with a failed write (EPIPE), and also
 * with a short one: when the reader leaves while a blocking write is under
 * way, Linux returns the part written and raises SIGPIPE all the same.
 */
ssize_t w32_write_nosigpipe(int fd, const void *buf, size_t len)
{
    static const struct timespec zero;
    sigset_t pipe_set, old, pending;
    bool was_pending = false;
    ssize_t n;
    int err;

    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    if (sigismember(&old, SIGPIPE)) {
        sigpending(&pending);
        was_pending = sigismember(&pending, SIGPIPE);
    }
    do
        n = write(fd, buf, len);
    while (n < 0 && errno == EINTR);
    err = errno;
    if (!was_pending && (n < 0 ? err == EPIPE : (size_t)n < len))
        while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
            ;
    if (!sigismember(&old, SIGPIPE))
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = err;
    return n;
}

short w32_poll_now(int fd, short events)
{
    struct pollfd pfd = { .fd = fd, .events = events };

    return poll(&pfd, 1, 0) == 1 ? pfd.revents : 0;
}

/*
 * Waits until the other end has read what was written through fd: the
 * pipe's unread bytes (FIONREAD, which a pipe's write end answers too) or
 * the socket's (SIOCOUTQ: an AF_UNIX socket counts what its peer has not
 * taken yet) fall to 0. Nothing wakes a writer when its reader drains the
 * buffer, so it looks again after 1, 2, 4 then every 8 ms, in a sleep that
 * CancelSynchronousIo ends. Once the other end is gone there is nothing
 * to wait for: TRUE, whether it read or not (Linux drops what a socket's
 * peer left unread, so the two cannot be told apart).
 */
DWORD w32_pipe_drain(int fd, bool socket)
{
    int nap = 1;

    for (;;) {
        int queued = 0;

        if (ioctl(fd, socket ? SIOCOUTQ : FIONREAD, &queued) != 0)
            return w32_error_from_errno(errno);
        if (queued <= 0 || (w32_poll_now(fd, 0) & (POLLHUP | POLLERR)))
            return ERROR_SUCCESS;
        if (w32_sync_io_wait(-1, 0, nap) == ERROR_OPERATION_ABORTED)
            return ERROR_OPERATION_ABORTED;
        if (nap < 8)
            nap *= 2;
    }
}

static DWORD pipe_read(struct w32_file *file, void *buf, DWORD len, DWORD *done,
                       LONGLONG offset)
{
    DWORD error;
    ssize_t n;

    *done = 0;
    if (len == 0) {
        int avail = 0;
        if ((w32_poll_now(file->fd, POLLIN) & POLLHUP) && ioctl(file->fd, FIONREAD, &avail) == 0 &&
            avail == 0)
            return ERROR_BROKEN_PIPE;
        return ERROR_SUCCESS;
    }
    error = w32_sync_io_ready(file->fd, POLLIN);
    if (error != ERROR_SUCCESS)
        return error;
    do
        n = read(file->fd, buf, len);
    while (n < 0 && errno == EINTR);
    if (n == 0)
        return ERROR_BROKEN_PIPE;
    if (n < 0)
        return errno == ECONNRESET ? ERROR_BROKEN_PIPE : w32_error_from_errno(errno);
    *done = n;
    return ERROR_SUCCESS;
}

/*
 * A pipe write completes in full, as a blocking Windows pipe write does. A
 * write that finds no reader fails with ERROR_NO_DATA; one whose reader
 * leaves after part of it went through fails as a pending write does on
 * Windows, with ERROR_BROKEN_PIPE.
 */
static DWORD pipe_write(struct w32_file *file, const void *buf, DWORD len, DWORD *done,
                        LONGLONG offset)
{
    size_t total = 0;

    if (len == 0)
        return (w32_poll_now(file->fd, POLLOUT) & POLLERR) ? ERROR_NO_DATA : ERROR_SUCCESS;
    while (total < len) {
        ssize_t n = w32_write_nosigpipe(file->fd, (const char *)buf + total, len - total);
        if (n < 0) {
            *done = total;
            if (errno != EPIPE && errno != ECONNRESET)
                return w32_error_from_errno(errno);
            return total ? ERROR_BROKEN_PIPE : ERROR_NO_DATA;
        }
        total += n;
    }
    *done = total;
    return ERROR_SUCCESS;
}

/* Copies up to len bytes from the front of the pipe without consuming them. */
static ssize_t peek_bytes(int fd, void *buf, size_t len)
{
    int scratch[2];
    ssize_t n;

    n = recv(fd, buf, len, MSG_PEEK | MSG_DONTWAIT);
    if (n >= 0 || errno != ENOTSOCK)
        return n;
    /* tee(2) duplicates pipe contents into a second pipe, leaving the first intact. */
    if (pipe2(scratch, O_CLOEXEC) != 0)
        return -1;
    if (len > DEFAULT_PIPE_SIZE)
        fcntl(scratch[1], F_SETPIPE_SZ, (int)len);
    n = tee(fd, scratch[1], len, SPLICE_F_NONBLOCK);
    if (n > 0)
        n = read(scratch[0], buf, n);
    close(scratch[0]);
    close(scratch[1]);
    return n;
}

static DWORD pipe_peek(struct w32_file *file, void *buf, DWORD len, DWORD *read,
                       DWORD *avail, DWORD *left)
{
    int count = 0;
    ssize_t n = 0;

    if (ioctl(file->fd, FIONREAD, &count) != 0)
        return w32_error_from_errno(errno);
    if (count == 0 && (w32_poll_now(file->fd, POLLIN) & POLLHUP))
        return ERROR_BROKEN_PIPE;
    if (buf && len && count) {
        n = peek_bytes(file->fd, buf, len < (DWORD)count ? len : (DWORD)count);
        if (n < 0)
            n = 0;
    }
    *read = n;
    *avail = count;
    /* As Windows: a byte pipe's message length (0) less the bytes copied, wrapped. */
    *left = (DWORD)0 - (DWORD)n;
    return ERROR_SUCCESS;
}

const struct w32_file_ops w32_pipe_ops = {
    .file_type = FILE_TYPE_PIPE,
    .read = pipe_read,
    .write = pipe_write,
    .peek = pipe_peek,
};

/* A handle for one end of a new pipe; on failure the fd is closed. */
static HANDLE pipe_end(int fd, ACCESS_MASK access, BOOL inherit)
{
    struct w32_file *file = w32_file_alloc(sizeof(*file), fd, false, &w32_pipe_ops);

    return file ? w32_handle_create(&file->obj, access, inherit) : NULL;
}

BOOL WINAPI CreatePipe(PHANDLE hReadPipe, PHANDLE hWritePipe,
                       LPSECURITY_ATTRIBUTES lpPipeAttributes, DWORD nSize)
{
    BOOL inherit = lpPipeAttributes && lpPipeAttributes->bInheritHandle;
    HANDLE r, w;
    int fds[2];

    if (!hReadPipe || !hWritePipe) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (pipe2(fds, O_CLOEXEC) != 0) {
        w32_set_error(w32_error_from_errno(errno));
        return FALSE;
    }
    if (nSize > DEFAULT_PIPE_SIZE)
        fcntl(fds[1], F_SETPIPE_SZ, (int)(nSize > 1 << 20 ? 1 << 20 : nSize));
    r = pipe_end(fds[0], GENERIC_READ | FILE_WRITE_ATTRIBUTES, inherit);
    if (!r) {
        close(fds[1]);
        return FALSE;
    }
    w = pipe_end(fds[1], GENERIC_WRITE | FILE_READ_ATTRIBUTES, inherit);
    if (!w) {
        DWORD error = GetLastError();
        CloseHandle(r);
        w32_set_error(error);
        return FALSE;
    }
    *hReadPipe = r;
    *hWritePipe = w;
    return TRUE;
}

BOOL WINAPI PeekNamedPipe(HANDLE hNamedPipe, LPVOID lpBuffer, DWORD nBufferSize,
                          LPDWORD lpBytesRead, LPDWORD lpTotalBytesAvail,
                          LPDWORD lpBytesLeftThisMessage)
{
    struct w32_file *file = w32_file_get(hNamedPipe, FILE_READ_DATA);
    DWORD read = 0, avail = 0, left = 0, error;

    if (!file)
        return FALSE;
    error = file->ops->peek
        ? file->ops->peek(file, lpBuffer, lpBuffer ? nBufferSize : 0, &read, &avail, &left)
        : ERROR_INVALID_FUNCTION;
    w32_object_unref(&file->obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    if (lpBytesRead)
        *lpBytesRead = read;
    if (lpTotalBytesAvail)
        *lpTotalBytesAvail = avail;
    if (lpBytesLeftThisMessage)
        *lpBytesLeftThisMessage = left;
    return TRUE;
}
