/* sys/stat.h, sys/utime.h: the C runtime's _stat and _utime families, on stat and utimensat. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utime.h>
#include <unistd.h>
#include "crt.h"

/* Drive C, the drive of every path here (lib/path.h), as _stat numbers drives. */
#define DRIVE_C 2

static void fill_stat(const struct stat *st, struct _stat *out)
{
    memset(out, 0, sizeof(*out));
    out->st_dev = out->st_rdev = DRIVE_C;
    out->st_mode = (unsigned short)st->st_mode;
    out->st_nlink = (short)st->st_nlink;
    out->st_size = st->st_size;
    out->st_atim = st->st_atim;
    out->st_mtim = st->st_mtim;
    out->st_ctim = st->st_ctim;
}

static int stat_narrow(const char *path, struct _stat *buffer)
{
    struct stat st;
    char *posix;
    int result;

    if (!path || !buffer) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (!(posix = w32_crt_path(path)))
        return -1;
    result = stat(posix, &st);
    free(posix);
    if (result != 0) {
        if (errno == ENOTDIR)
            errno = ENOENT;
        return -1;
    }
    fill_stat(&st, buffer);
    return 0;
}

int __cdecl _stat(const char *path, struct _stat *buffer)
{
    return stat_narrow(path, buffer);
}

int __cdecl _wstat(const WCHAR *path, struct _stat *buffer)
{
    char *narrow = path ? w32_crt_narrow(path) : NULL;
    int result = path && !narrow ? -1 : stat_narrow(narrow, buffer);

    free(narrow);
    return result;
}

int __cdecl _fstat(int fd, struct _stat *buffer)
{
    struct stat st;

    if (fd < 0 || fcntl(fd, F_GETFD) < 0) {
        w32_crt_invalid(EBADF);
        return -1;
    }
    if (!buffer) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (fstat(fd, &st) != 0)
        return -1;
    fill_stat(&st, buffer);
    return 0;
}

/* The two times utimensat takes: those given, or now. */
static void utime_times(const struct _utimbuf *times, struct timespec ts[2])
{
    if (!times) {
        ts[0].tv_nsec = ts[1].tv_nsec = UTIME_NOW;
        return;
    }
    ts[0].tv_sec = times->actime;
    ts[1].tv_sec = times->modtime;
    ts[0].tv_nsec = ts[1].tv_nsec = 0;
}

static int utime_narrow(const char *path, struct _utimbuf *times)
{
    struct timespec ts[2];
    char *posix;
    int result;

    if (!path) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (!(posix = w32_crt_path(path)))
        return -1;
    utime_times(times, ts);
    result = utimensat(AT_FDCWD, posix, ts, 0);
    free(posix);
    return result;
}

int __cdecl _utime(const char *path, struct _utimbuf *times)
{
    return utime_narrow(path, times);
}

int __cdecl _wutime(const WCHAR *path, struct _utimbuf *times)
{
    char *narrow = path ? w32_crt_narrow(path) : NULL;
    int result = path && !narrow ? -1 : utime_narrow(narrow, times);

    free(narrow);
    return result;
}

int __cdecl _futime(int fd, struct _utimbuf *times)
{
    struct timespec ts[2];

    if (fd < 0 || fcntl(fd, F_GETFD) < 0) {
        w32_crt_invalid(EBADF);
        return -1;
    }
    utime_times(times, ts);
    return futimens(fd, ts);
}
