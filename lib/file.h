/*
 * Objects backed by a file descriptor: files, pipe ends, named pipe ends,
 * character devices and terminals. The fd is owned by the object, opened
 * O_CLOEXEC, and closed by its destroy. ReadFile, WriteFile, GetFileType and
 * the console functions reach the fd through this interface, whatever the
 * object's type.
 */
#ifndef W32_FILE_H
#define W32_FILE_H

#include <stdint.h>
#include <sys/types.h>
#include "object.h"

/*
 * The fd behind h, if h is a handle of an fd-backed object granting every
 * right in access; *ref receives the object, referenced: the fd stays open
 * until the caller drops that reference with w32_object_unref. Otherwise -1,
 * with the last error set (ERROR_INVALID_HANDLE, ERROR_ACCESS_DENIED).
 * GetStdHandle's handles resolve too.
 */
int w32_handle_fd(HANDLE h, ACCESS_MASK access, struct w32_object **ref);

/*
 * A new handle for fd (taken over: closed on failure too), as an object of
 * the kind fstat finds: a file, a pipe end, a character device. access is
 * GENERIC_READ and/or GENERIC_WRITE; inherit sets HANDLE_FLAG_INHERIT. NULL
 * with the last error set on failure.
 */
HANDLE w32_handle_from_fd(int fd, ACCESS_MASK access, BOOL inherit);

/*
 * A new handle for fd, which stays the caller's: closing the handle leaves
 * it open. Its rights are those of the fd's open mode. NULL, with the last
 * error set (ERROR_INVALID_HANDLE if fd is not open).
 */
HANDLE w32_handle_borrow_fd(int fd);

/* Deletes the FILE_FLAG_DELETE_ON_CLOSE files of handles still open, as the
 * process ends (registered with atexit at the first such open). */
void w32_file_delete_on_exit(void);

/*
 * Makes the object behind h leave its fd open when it goes, and returns
 * that fd, which the caller now owns (the C runtime's _open_osfhandle)
 * unless *was_borrowed says it was never the object's (a standard handle,
 * a w32_handle_borrow_fd one); -1, with the last error set, if h is not a
 * handle of an fd-backed object.
 */
int w32_handle_disown_fd(HANDLE h, bool *was_borrowed);

/*
 * Internals shared by file.c, pipe.c, namedpipe.c and stdhandle.c. Every
 * fd-backed object is of the one type w32_file_type (as in NT, where pipes
 * and files are all File objects); what differs is its kind, the ops below.
 */
struct w32_file;
struct w32_io;
struct w32_file_async;
struct w32_change;

struct w32_file_ops {
    DWORD file_type;        /* FILE_TYPE_* */
    /* ERROR_SUCCESS or the error, *done the bytes moved; offset < 0: the
     * current position (only disk files use offsets). */
    DWORD (*read)(struct w32_file *file, void *buf, DWORD len, DWORD *done, LONGLONG offset);
    DWORD (*write)(struct w32_file *file, const void *buf, DWORD len, DWORD *done,
                   LONGLONG offset);
    /* PeekNamedPipe; NULL for kinds that are not pipes. */
    DWORD (*peek)(struct w32_file *file, void *buf, DWORD len, DWORD *read, DWORD *avail,
                  DWORD *left);
    /* Releases what the kind holds beyond the fd; NULL if nothing. */
    void (*cleanup)(struct w32_file *file);
    /*
     * Overlapped transfers of kinds that wait for readiness (pipes): one
     * attempt that does not wait (aio.h). NULL: transfers at an offset (disk).
     */
    DWORD (*try_io)(struct w32_file *file, struct w32_io *io);
    /*
     * Inheritance (inherit.c) of kinds that a plain file of the fd cannot
     * stand for in a child: describe writes what the child needs beyond the
     * fd to buf (at most size bytes) and returns its length, 0 if it cannot;
     * adopt makes the child's object of fd and that description, or NULL
     * with fd closed. NULL: the child gets the kind fstat finds.
     */
    uint32_t (*describe)(struct w32_file *file, void *buf, uint32_t size);
    struct w32_file *(*adopt)(int fd, const void *desc, uint32_t len);
};

struct w32_file {
    struct w32_object obj;
    int fd;                 /* closed by destroy unless borrowed */
    bool borrowed;          /* fd 0, 1 or 2 behind a standard handle: left open */
    const struct w32_file_ops *ops;
    bool overlapped;        /* FILE_FLAG_OVERLAPPED: no file pointer, transfers may pend */
    /* Overlapped requests and the completion port, made on first use (aio.h). */
    _Atomic(struct w32_file_async *) async;
    /* A directory's change notifications, set up on first use (change.h). */
    _Atomic(struct w32_change *) change;
};

extern const struct w32_object_type w32_file_type;
extern const struct w32_file_ops w32_pipe_ops;      /* pipe.c */
extern const struct w32_file_ops w32_named_pipe_ops; /* namedpipe.c */

/* A zeroed object of size bytes (>= sizeof(struct w32_file)) for fd; on
 * failure NULL, fd closed unless borrowed, ERROR_NOT_ENOUGH_MEMORY set. */
struct w32_file *w32_file_alloc(size_t size, int fd, bool borrowed,
                                const struct w32_file_ops *ops);

/* An object for fd of the kind fstat finds: disk, character device or pipe;
 * on failure NULL, fd closed unless borrowed, error set. */
struct w32_file *w32_file_wrap(int fd, bool borrowed);

/* The file behind h, referenced, if the handle grants access; else NULL, error set. */
struct w32_file *w32_file_get(HANDLE h, ACCESS_MASK access);

/*
 * Reports a transfer of a handle without FILE_FLAG_OVERLAPPED that finished
 * in the call: *out (if given) the bytes, the OVERLAPPED (if given) its status
 * and bytes, its event set; FALSE with the last error unless error is
 * ERROR_SUCCESS.
 */
BOOL w32_finish_io(DWORD error, DWORD done, LPDWORD out, LPOVERLAPPED ov);

/* The poll events of fd now, without waiting. pipe.c */
short w32_poll_now(int fd, short events);

/* FlushFileBuffers of a pipe end: waits, in a way CancelSynchronousIo ends,
 * until the other end has read what fd (a pipe, or a socket if socket)
 * wrote, or has gone. pipe.c */
DWORD w32_pipe_drain(int fd, bool socket);

/* The client end of named pipe name (\\.\pipe\...), for CreateFile (namedpipe.c);
 * flags are CreateFile's (FILE_FLAG_OVERLAPPED). */
HANDLE w32_namedpipe_open(const char *name, ACCESS_MASK access, BOOL inherit, DWORD flags);

/* Waits until fd has events for a synchronous transfer, in a way CancelSynchronousIo
 * can end (syncio.c): ERROR_SUCCESS, or ERROR_OPERATION_ABORTED once cancelled. */
DWORD w32_sync_io_ready(int fd, short events);
/* The same for at most timeout_ms (-1: no limit; fd -1: only the time and the
 * cancel count): ERROR_SUCCESS, WAIT_TIMEOUT or ERROR_OPERATION_ABORTED. */
DWORD w32_sync_io_wait(int fd, short events, int timeout_ms);

/* What a device answers a control code it does not do: ERROR_NOT_SUPPORTED
 * from a pipe, ERROR_INVALID_FUNCTION from the rest. ioctl.c */
DWORD w32_ioctl_unknown_code(const struct w32_file *file);

/* Writes to a pipe or socket without raising SIGPIPE; returns write's result, errno set. */
ssize_t w32_write_nosigpipe(int fd, const void *buf, size_t len);

/*
 * Whether every byte of buf[0..len) may be read (and written, if write) as
 * far as VirtualAlloc's pages go; memory the library did not map is taken
 * as accessible. virtual.c
 */
bool w32_virtual_accessible(const void *buf, size_t len, bool write);

struct stat;
/* The FILE_ATTRIBUTE_* GetFileAttributes reports for what stat found. file.c */
DWORD w32_file_attributes(const struct stat *st);

/*
 * What Windows reports of a directory entry itself (GetFileAttributes,
 * FindFirstFile): the stat of name (relative to dirfd, as fstatat), not of
 * what a symbolic link leads to, and its FILE_ATTRIBUTE_* in *attrs. A
 * symbolic link is FILE_ATTRIBUTE_REPARSE_POINT, and a directory if it leads
 * to one (Windows keeps that as a flag of the link), with size 0. 0, or -1
 * with errno set. file.c
 */
int w32_entry_stat(int dirfd, const char *name, struct stat *st, DWORD *attrs);

/* The mode SetFileAttributes gives a file of mode with attrs: FILE_ATTRIBUTE_READONLY
 * takes every write bit away, its absence gives the owner's back. file.c */
mode_t w32_mode_for_attributes(mode_t mode, DWORD attrs);

/* Sets the size of a disk file, as SetEndOfFile does (a mapped view refuses a
 * shrink: ERROR_USER_MAPPED_FILE); ERROR_SUCCESS or the error. file.c */
DWORD w32_file_resize(struct w32_file *file, LONGLONG size);

/* Sets the last access and write times as SetFileTime does (NULL, zero and
 * all ones leave a time alone); ERROR_SUCCESS or the error. file.c */
DWORD w32_file_set_times(struct w32_file *file, const FILETIME *access, const FILETIME *write);

/* The name an open disk file has now, absolute and malloc'd; NULL if it has
 * none left. file.c */
char *w32_file_current_path(struct w32_file *file);

/* SetFileInformationByHandle's dispositions (flags FILE_DISPOSITION_FLAG_*)
 * and renames (dst a POSIX path; flags FILE_RENAME_FLAG_REPLACE_IF_EXISTS,
 * _POSIX_SEMANTICS, _IGNORE_READONLY_ATTRIBUTE); ERROR_SUCCESS or the error.
 * file.c */
DWORD w32_file_set_disposition(struct w32_file *file, DWORD flags);
/* Whether the file is delete-pending (FileStandardInfo). file.c */
bool w32_file_delete_pending(struct w32_file *file);
DWORD w32_file_rename(struct w32_file *file, const char *dst, DWORD flags);

struct timespec;
/* A POSIX time as a FILETIME (100 ns since 1601). file.c */
FILETIME w32_filetime_of(const struct timespec *ts);

#endif
