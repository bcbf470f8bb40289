/*
 * Objects backed by a file descriptor: files, pipe ends, named pipe ends,
 * character devices and terminals. The fd is owned by the object, opened
 * O_CLOEXEC, and closed by its destroy. ReadFile, WriteFile, GetFileType and
 * the console functions reach the fd through this interface, whatever the
 * object's type.
 */
#ifndef W32_FILE_H
#define W32_FILE_H

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

#endif
