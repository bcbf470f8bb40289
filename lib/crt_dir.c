/* direct.h: the C runtime's directory functions. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <direct.h>
#include "crt.h"
#include "unicode.h"

/* Drive C, _getdrive's number for it (A is 1). */
#define DRIVE_C 3

/*
 * The current directory into buffer, or, if buffer is NULL, into a malloc'd
 * one of at least maxlen bytes. ERANGE if it does not fit.
 */
char *__cdecl _getcwd(char *buffer, int maxlen)
{
    char *cwd = getcwd(NULL, 0);
    size_t len;

    if (!cwd)
        return NULL;
    len = strlen(cwd);
    if (!buffer) {
        size_t size = (size_t)maxlen > len ? (size_t)maxlen : len + 1;

        if (!(buffer = malloc(size))) {
            free(cwd);
            errno = ENOMEM;
            return NULL;
        }
    } else if (maxlen <= 0) {
        free(cwd);
        w32_crt_invalid(EINVAL);
        return NULL;
    } else if (len >= (size_t)maxlen) {
        free(cwd);
        errno = ERANGE;
        return NULL;
    }
    memcpy(buffer, cwd, len + 1);
    free(cwd);
    return buffer;
}

WCHAR *__cdecl _wgetcwd(WCHAR *buffer, int maxlen)
{
    char *cwd = getcwd(NULL, 0);
    size_t len;

    if (!cwd)
        return NULL;
    len = w32_name_to_utf16n(cwd, strlen(cwd), NULL);
    if (!buffer) {
        size_t size = (size_t)maxlen > len ? (size_t)maxlen : len + 1;

        if (!(buffer = malloc(size * sizeof(WCHAR)))) {
            free(cwd);
            errno = ENOMEM;
            return NULL;
        }
    } else if (maxlen <= 0) {
        free(cwd);
        w32_crt_invalid(EINVAL);
        return NULL;
    } else if (len >= (size_t)maxlen) {
        free(cwd);
        errno = ERANGE;
        return NULL;
    }
    w32_name_to_utf16n(cwd, strlen(cwd), buffer);
    buffer[len] = 0;
    free(cwd);
    return buffer;
}

/* Drive 0 is the current drive; every other drive but C has no current directory here. */
char *__cdecl _getdcwd(int drive, char *buffer, int maxlen)
{
    if (drive != 0 && drive != DRIVE_C) {
        errno = EACCES;
        return NULL;
    }
    return _getcwd(buffer, maxlen);
}

int __cdecl _getdrive(void)
{
    return DRIVE_C;
}

int __cdecl _chdrive(int drive)
{
    if (drive < 1 || drive > 26) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (drive != DRIVE_C) {
        errno = EACCES;
        return -1;
    }
    return 0;
}

static int chdir_narrow(const char *dirname)
{
    char *posix;
    int result;

    if (!dirname) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (!(posix = w32_crt_path(dirname)))
        return -1;
    result = chdir(posix);
    free(posix);
    if (result != 0 && errno == ENOTDIR)
        errno = ENOENT;
    return result;
}

static int mkdir_narrow(const char *dirname)
{
    if (!dirname) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    return CreateDirectoryA(dirname, NULL) ? 0 : w32_crt_fail_from_error();
}

static int rmdir_narrow(const char *dirname)
{
    if (!dirname) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    return RemoveDirectoryA(dirname) ? 0 : w32_crt_fail_from_error();
}

int __cdecl _chdir(const char *dirname)
{
    return chdir_narrow(dirname);
}

int __cdecl _wchdir(const WCHAR *dirname)
{
    return w32_crt_on_wide(chdir_narrow, dirname);
}

int __cdecl _mkdir(const char *dirname)
{
    return mkdir_narrow(dirname);
}

int __cdecl _wmkdir(const WCHAR *dirname)
{
    return w32_crt_on_wide(mkdir_narrow, dirname);
}

int __cdecl _rmdir(const char *dirname)
{
    return rmdir_narrow(dirname);
}

int __cdecl _wrmdir(const WCHAR *dirname)
{
    return w32_crt_on_wide(rmdir_narrow, dirname);
}
