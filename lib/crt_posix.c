/*
 * The C library's path functions as ported code calls them (built with
 * _WIN32, as w32shim-cc builds it): w32shim's stdio.h, fcntl.h, sys/stat.h
 * and unistd.h bind fopen, open, stat, unlink, ... to these, which map the
 * Windows path (lib/path.h) and then do what the C library does; fopen,
 * freopen, remove and rename are Microsoft's (lib/crt_stdio.c). Code built
 * without _WIN32 keeps glibc's own.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>
#include <share.h>
#include "crt.h"

/* The flags Microsoft's C runtime adds, which Linux's open must not see. */
#define MS_ONLY_FLAGS (_O_TEXT | _O_BINARY | _O_WTEXT | _O_U16TEXT | _O_U8TEXT | _O_TEMPORARY | \
                       _O_SEQUENTIAL | _O_RANDOM)

_CRTIMP FILE *w32shim_fopen(const char *path, const char *mode)
{
    return _fsopen(path, mode, _SH_DENYNO);
}

_CRTIMP FILE *w32shim_freopen(const char *path, const char *mode, FILE *stream)
{
    FILE *f;

    return freopen_s(&f, path, mode, stream) == 0 ? f : NULL;
}

_CRTIMP int w32shim_remove(const char *path)
{
    if (!path) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    return DeleteFileA(path) ? 0 : w32_crt_fail_from_error();
}

_CRTIMP int w32shim_rename(const char *from, const char *to)
{
    if (!from || !to) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    return MoveFileExA(from, to, MOVEFILE_COPY_ALLOWED) ? 0 : w32_crt_fail_from_error();
}

/* A function of one mapped path, failing with -1: fn(posix path, arg). */
#define ON_POSIX_PATH(path, call)                                                    \
    ({                                                                               \
        char *posix_ = (path) ? w32_crt_path(path) : NULL;                           \
        int result_ = -1;                                                            \
        if (!(path))                                                                 \
            errno = EFAULT;                                                          \
        else if (posix_)                                                             \
            result_ = (call);                                                        \
        free(posix_);                                                                \
        result_;                                                                     \
    })

_CRTIMP int w32shim_open(const char *path, int flags, ...)
{
    mode_t mode = 0;

    if (flags & (O_CREAT | __O_TMPFILE)) {
        va_list args;

        va_start(args, flags);
        mode = va_arg(args, mode_t);
        va_end(args);
    }
    return ON_POSIX_PATH(path, open(posix_, flags & ~MS_ONLY_FLAGS, mode));
}

_CRTIMP int w32shim_creat(const char *path, mode_t mode)
{
    return ON_POSIX_PATH(path, creat(posix_, mode));
}

_CRTIMP int w32shim_stat(const char *path, struct stat *st)
{
    return ON_POSIX_PATH(path, stat(posix_, st));
}

_CRTIMP int w32shim_access(const char *path, int mode)
{
    return ON_POSIX_PATH(path, access(posix_, mode));
}

_CRTIMP int w32shim_unlink(const char *path)
{
    return ON_POSIX_PATH(path, unlink(posix_));
}

_CRTIMP int w32shim_mkdir(const char *path, mode_t mode)
{
    return ON_POSIX_PATH(path, mkdir(posix_, mode));
}

_CRTIMP int w32shim_rmdir(const char *path)
{
    return ON_POSIX_PATH(path, rmdir(posix_));
}

_CRTIMP int w32shim_chdir(const char *path)
{
    return ON_POSIX_PATH(path, chdir(posix_));
}

_CRTIMP int w32shim_chmod(const char *path, mode_t mode)
{
    return ON_POSIX_PATH(path, chmod(posix_, mode));
}

_CRTIMP int w32shim_truncate(const char *path, off_t length)
{
    return ON_POSIX_PATH(path, truncate(posix_, length));
}
