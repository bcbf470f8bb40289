/* errhandlingapi.h: the per-thread last error, error modes, errno mapping. */
#include <errno.h>
#include <stdatomic.h>
#include "error.h"

__thread DWORD w32_last_error __attribute__((tls_model("initial-exec")));

/* SEM_* flags; they only suppress dialogs, and w32shim shows none. */
static atomic_uint process_error_mode;
static __thread DWORD thread_error_mode __attribute__((tls_model("initial-exec")));

#define VALID_ERROR_MODES (SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | \
                           SEM_NOALIGNMENTFAULTEXCEPT | SEM_NOOPENFILEERRORBOX)
#define VALID_THREAD_ERROR_MODES (SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | \
                                  SEM_NOOPENFILEERRORBOX)

DWORD WINAPI GetLastError(void)
{
    return w32_last_error;
}

void WINAPI SetLastError(DWORD dwErrCode)
{
    w32_last_error = dwErrCode;
}

UINT WINAPI GetErrorMode(void)
{
    return atomic_load(&process_error_mode);
}

UINT WINAPI SetErrorMode(UINT uMode)
{
    return atomic_exchange(&process_error_mode, uMode & VALID_ERROR_MODES);
}

DWORD WINAPI GetThreadErrorMode(void)
{
    return thread_error_mode;
}

BOOL WINAPI SetThreadErrorMode(DWORD dwNewMode, LPDWORD lpOldMode)
{
    if (dwNewMode & ~VALID_THREAD_ERROR_MODES) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (lpOldMode)
        *lpOldMode = thread_error_mode;
    thread_error_mode = dwNewMode;
    return TRUE;
}

static const struct {
    int err;
    DWORD error;
} errno_map[] = {
    { EPERM, ERROR_ACCESS_DENIED },
    { ENOENT, ERROR_FILE_NOT_FOUND },
    { ESRCH, ERROR_INVALID_HANDLE },
    { EINTR, ERROR_OPERATION_ABORTED },
    { EIO, ERROR_GEN_FAILURE },
    { ENXIO, ERROR_FILE_NOT_FOUND },
    { E2BIG, ERROR_BAD_ENVIRONMENT },
    { ENOEXEC, ERROR_BAD_EXE_FORMAT },
    { EBADF, ERROR_INVALID_HANDLE },
    { ECHILD, ERROR_WAIT_NO_CHILDREN },
    { EAGAIN, ERROR_NOT_ENOUGH_MEMORY },
    { ENOMEM, ERROR_NOT_ENOUGH_MEMORY },
    { EACCES, ERROR_ACCESS_DENIED },
    { EFAULT, ERROR_NOACCESS },
    { EBUSY, ERROR_BUSY },
    { EEXIST, ERROR_FILE_EXISTS },
    { EXDEV, ERROR_NOT_SAME_DEVICE },
    { ENODEV, ERROR_DEV_NOT_EXIST },
    { ENOTDIR, ERROR_PATH_NOT_FOUND },
    { EISDIR, ERROR_ACCESS_DENIED },
    { EINVAL, ERROR_INVALID_PARAMETER },
    { ENFILE, ERROR_TOO_MANY_OPEN_FILES },
    { EMFILE, ERROR_TOO_MANY_OPEN_FILES },
    { EFBIG, ERROR_DISK_FULL },
    { ENOSPC, ERROR_DISK_FULL },
    { ESPIPE, ERROR_SEEK },
    { EROFS, ERROR_WRITE_PROTECT },
    { EPIPE, ERROR_NO_DATA },
    { ENAMETOOLONG, ERROR_FILENAME_EXCED_RANGE },
    { ENOSYS, ERROR_CALL_NOT_IMPLEMENTED },
    { ENOTEMPTY, ERROR_DIR_NOT_EMPTY },
    { ELOOP, ERROR_PATH_NOT_FOUND },
    { ENOTSUP, ERROR_NOT_SUPPORTED },
    { ETIMEDOUT, ERROR_TIMEOUT },
    { EDEADLK, ERROR_POSSIBLE_DEADLOCK },
};

DWORD w32_error_from_errno(int err)
{
    for (size_t i = 0; i < sizeof(errno_map) / sizeof(errno_map[0]); i++)
        if (errno_map[i].err == err)
            return errno_map[i].error;
    return ERROR_GEN_FAILURE;
}

/*
 * The errno Microsoft's C runtime sets for a Win32 error (its _dosmaperr):
 * the C runtime layer's functions fail through Win32 calls and report
 * errno. Write-protect to sharing-buffer errors give EACCES, executable
 * format errors ENOEXEC, and anything unlisted EINVAL, as there.
 */
static const struct {
    DWORD error;
    int err;
} error_map[] = {
    { ERROR_FILE_NOT_FOUND, ENOENT },
    { ERROR_PATH_NOT_FOUND, ENOENT },
    { ERROR_TOO_MANY_OPEN_FILES, EMFILE },
    { ERROR_ACCESS_DENIED, EACCES },
    { ERROR_INVALID_HANDLE, EBADF },
    { ERROR_NOT_ENOUGH_MEMORY, ENOMEM },
    { ERROR_OUTOFMEMORY, ENOMEM },
    { ERROR_BAD_ENVIRONMENT, E2BIG },
    { ERROR_BAD_FORMAT, ENOEXEC },
    { ERROR_INVALID_DRIVE, ENOENT },
    { ERROR_CURRENT_DIRECTORY, EACCES },
    { ERROR_NOT_SAME_DEVICE, EXDEV },
    { ERROR_NO_MORE_FILES, ENOENT },
    { ERROR_BAD_NETPATH, ENOENT },
    { ERROR_FILE_EXISTS, EEXIST },
    { ERROR_CANNOT_MAKE, EACCES },
    { ERROR_BROKEN_PIPE, EPIPE },
    { ERROR_DISK_FULL, ENOSPC },
    { ERROR_WAIT_NO_CHILDREN, ECHILD },
    { ERROR_NEGATIVE_SEEK, EINVAL },
    { ERROR_DIR_NOT_EMPTY, ENOTEMPTY },
    { ERROR_NOT_LOCKED, EACCES },
    { ERROR_BAD_PATHNAME, ENOENT },
    { ERROR_ALREADY_EXISTS, EEXIST },
    { ERROR_FILENAME_EXCED_RANGE, ENOENT },
};

int w32_errno_from_error(DWORD error)
{
    for (size_t i = 0; i < sizeof(error_map) / sizeof(error_map[0]); i++)
        if (error_map[i].error == error)
            return error_map[i].err;
    if (error >= ERROR_WRITE_PROTECT && error <= 36)
        return EACCES;
    if (error >= 188 && error <= 202)
        return ENOEXEC;
    return EINVAL;
}
