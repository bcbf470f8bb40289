/*
 * DeviceIoControl: the control codes ported programs send to files and pipes.
 * Each is done within the call, as NT's file systems do them; a code this
 * table lacks fails as Windows fails a code the device does not know
 * (doc/api.md lists the codes).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <winioctl.h>
#include "aio.h"
#include "error.h"
#include "file.h"

/* The named pipe file system's codes and structure (ntifs.h, not the SDK's). */
#define PIPE_PEEK_CODE CTL_CODE(FILE_DEVICE_NAMED_PIPE, 3, METHOD_BUFFERED, FILE_READ_DATA)
#define PIPE_CONNECTED_STATE 3
#define PIPE_CLOSING_STATE 4

struct peek_header {                    /* FILE_PIPE_PEEK_BUFFER, less its data */
    ULONG state, available, messages, message_length;
};

struct control_call {
    struct w32_file *file;
    HANDLE handle;
    const void *in;
    DWORD in_len;
    void *out;
    DWORD out_len;
    DWORD done;                         /* bytes of out written */
};

/* FSCTL_PIPE_PEEK: PeekNamedPipe's answer, the data after a header. */
static DWORD pipe_peek(struct control_call *c)
{
    const DWORD header = sizeof(struct peek_header);
    struct peek_header h = { PIPE_CONNECTED_STATE, 0, 0, 0 };
    DWORD read = 0, left = 0, flags = 0, error;

    if (!c->out || c->out_len < header)
        return ERROR_INVALID_PARAMETER;
    error = c->file->ops->peek(c->file, (char *)c->out + header, c->out_len - header, &read,
                               &h.available, &left);
    if (error != ERROR_SUCCESS)
        return error;
    /* The other end has gone. */
    if (w32_poll_now(c->file->fd, POLLIN | POLLRDHUP) & (POLLHUP | POLLRDHUP))
        h.state = PIPE_CLOSING_STATE;
    if (GetNamedPipeInfo(c->handle, &flags, NULL, NULL, NULL) && (flags & PIPE_TYPE_MESSAGE) &&
        h.available) {
        h.message_length = read + left;
        h.messages = 1;                 /* at least: how many more is not known */
    }
    memcpy(c->out, &h, header);
    c->done = header + read;
    /* The data did not all fit: all of a pipe's, or of a message pipe's message. */
    if ((c->out_len == header && h.available) || read < h.message_length)
        return ERROR_MORE_DATA;
    return ERROR_SUCCESS;
}

/* The disk file's size, or -1 with *error set. */
static LONGLONG file_size(int fd, DWORD *error)
{
    struct stat st;

    if (fstat(fd, &st) != 0) {
        *error = w32_error_from_errno(errno);
        return -1;
    }
    return st.st_size;
}

/* Writes zeros over [start, end) of fd where the file system cannot. */
static DWORD write_zeros(int fd, off_t start, off_t end)
{
    static const char zeros[65536];

    while (start < end) {
        size_t n = end - start < (off_t)sizeof(zeros) ? (size_t)(end - start) : sizeof(zeros);
        ssize_t w = pwrite(fd, zeros, n, start);

        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return w32_error_from_errno(errno);
        start += w;
    }
    return ERROR_SUCCESS;
}

/*
 * FSCTL_SET_ZERO_DATA: zeros a range of the file, within its size. No file
 * is sparse for Windows here (FSCTL_SET_SPARSE is not done), so the range
 * stays allocated, as in a file Windows has not made sparse.
 */
static DWORD set_zero_data(struct control_call *c)
{
    FILE_ZERO_DATA_INFORMATION z;
    LONGLONG size, end;
    DWORD error = ERROR_SUCCESS;

    if (!c->in || c->in_len < sizeof(z))
        return ERROR_INVALID_PARAMETER;
    memcpy(&z, c->in, sizeof(z));
    if (z.FileOffset.QuadPart < 0 || z.BeyondFinalZero.QuadPart < z.FileOffset.QuadPart)
        return ERROR_INVALID_PARAMETER;
    size = file_size(c->file->fd, &error);
    if (size < 0)
        return error;
    end = z.BeyondFinalZero.QuadPart < size ? z.BeyondFinalZero.QuadPart : size;
    if (end <= z.FileOffset.QuadPart)
        return ERROR_SUCCESS;
    if (fallocate(c->file->fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, z.FileOffset.QuadPart,
                  end - z.FileOffset.QuadPart) == 0)
        return ERROR_SUCCESS;
    return write_zeros(c->file->fd, z.FileOffset.QuadPart, end);
}

/* The start of the next stretch of data in [pos, end) of fd, or end. */
static off_t next_data(int fd, off_t pos, off_t end)
{
    off_t at = lseek(fd, pos, SEEK_DATA);

    if (at < 0)
        return errno == ENXIO ? end : pos;  /* no SEEK_DATA: all data */
    return at < end ? at : end;
}

/* Where the stretch of data at pos ends, at most end. */
static off_t next_hole(int fd, off_t pos, off_t end)
{
    off_t at = lseek(fd, pos, SEEK_HOLE);

    return at < 0 || at > end ? end : at;
}

/* FSCTL_QUERY_ALLOCATED_RANGES: the stretches of data in a range, within the file's size. */
static DWORD query_allocated_ranges(struct control_call *c)
{
    FILE_ALLOCATED_RANGE_BUFFER q, r;
    DWORD error = ERROR_SUCCESS, room;
    LONGLONG size;
    off_t pos, end;

    if (!c->in || c->in_len < sizeof(q))
        return ERROR_INVALID_PARAMETER;
    memcpy(&q, c->in, sizeof(q));
    if (q.FileOffset.QuadPart < 0 || q.Length.QuadPart < 0 ||
        q.Length.QuadPart > INT64_MAX - q.FileOffset.QuadPart)
        return ERROR_INVALID_PARAMETER;
    if (!c->out || c->out_len < sizeof(r))
        return ERROR_INSUFFICIENT_BUFFER;
    size = file_size(c->file->fd, &error);
    if (size < 0)
        return error;
    end = q.FileOffset.QuadPart + q.Length.QuadPart;
    end = end < size ? end : size;
    room = c->out_len / sizeof(r);
    for (pos = next_data(c->file->fd, q.FileOffset.QuadPart, end); pos < end;
         pos = next_data(c->file->fd, pos, end)) {
        if (!room--)
            return ERROR_MORE_DATA;
        r.FileOffset.QuadPart = pos;
        pos = next_hole(c->file->fd, pos, end);
        r.Length.QuadPart = pos - r.FileOffset.QuadPart;
        memcpy((char *)c->out + c->done, &r, sizeof(r));
        c->done += sizeof(r);
    }
    return ERROR_SUCCESS;
}

struct control {
    DWORD code;
    DWORD file_type;                    /* the kind of file it is for */
    DWORD (*run)(struct control_call *c);
};

static const struct control controls[] = {
    { PIPE_PEEK_CODE, FILE_TYPE_PIPE, pipe_peek },
    { FSCTL_SET_ZERO_DATA, FILE_TYPE_DISK, set_zero_data },
    { FSCTL_QUERY_ALLOCATED_RANGES, FILE_TYPE_DISK, query_allocated_ranges },
};

static const struct control *find_control(DWORD code)
{
    for (size_t i = 0; i < sizeof(controls) / sizeof(controls[0]); i++)
        if (controls[i].code == code)
            return &controls[i];
    return NULL;
}

/* The rights a code asks of the handle: its access bits (CTL_CODE). */
static ACCESS_MASK code_access(DWORD code)
{
    DWORD bits = (code >> 14) & 3;

    return (bits & FILE_READ_ACCESS ? FILE_READ_DATA : 0) |
           (bits & FILE_WRITE_ACCESS ? FILE_WRITE_DATA : 0);
}

/* What a device answers a code it does not do: the pipe file system's
 * STATUS_NOT_SUPPORTED, a disk file system's STATUS_INVALID_DEVICE_REQUEST. */
DWORD w32_ioctl_unknown_code(const struct w32_file *file)
{
    return file->ops->file_type == FILE_TYPE_PIPE ? ERROR_NOT_SUPPORTED : ERROR_INVALID_FUNCTION;
}

/* As NT before it calls the device: the request pending, its event reset. */
static void start_overlapped(LPOVERLAPPED ov)
{
    HANDLE event = (HANDLE)((ULONG_PTR)ov->hEvent & ~(ULONG_PTR)1);

    ov->Internal = STATUS_PENDING;
    ov->InternalHigh = 0;
    if (event)
        ResetEvent(event);
}

BOOL WINAPI DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode, LPVOID lpInBuffer,
                            DWORD nInBufferSize, LPVOID lpOutBuffer, DWORD nOutBufferSize,
                            LPDWORD lpBytesReturned, LPOVERLAPPED lpOverlapped)
{
    const struct control *control = find_control(dwIoControlCode);
    struct control_call c = { NULL, hDevice, lpInBuffer, nInBufferSize, lpOutBuffer,
                              nOutBufferSize, 0 };
    DWORD error;

    /* Windows writes the count through lpBytesReturned unless the call is
     * overlapped; without either it would fault. */
    if (!lpBytesReturned && !lpOverlapped) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    c.file = w32_file_get(hDevice, control ? code_access(dwIoControlCode) : 0);
    if (!c.file)
        return FALSE;
    if (lpOverlapped)
        start_overlapped(lpOverlapped);
    if (!control || control->file_type != c.file->ops->file_type ||
        (control->file_type == FILE_TYPE_PIPE && !c.file->ops->peek))
        error = w32_ioctl_unknown_code(c.file);
    else
        error = control->run(&c);
    /* A call the device refused leaves the OVERLAPPED pending, its event reset. */
    if (lpOverlapped && c.file->overlapped &&
        (error == ERROR_SUCCESS || error == ERROR_MORE_DATA))
        error = w32_aio_finished(c.file, lpOverlapped, c.done, error);
    else if (lpOverlapped && (error == ERROR_SUCCESS || error == ERROR_MORE_DATA))
        w32_finish_io(error, c.done, NULL, lpOverlapped);
    w32_object_unref(&c.file->obj);
    if (lpBytesReturned && (error == ERROR_SUCCESS || error == ERROR_MORE_DATA))
        *lpBytesReturned = c.done;
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}
