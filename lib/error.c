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
