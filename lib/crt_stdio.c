/*
 * stdio.h: Microsoft's formatted output (on the MSVCRT engine of
 * lib/lstr.c) and its stream functions that take a path, a descriptor or a
 * command.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <io.h>
#include <share.h>
#include "crt.h"
#include "format.h"

/* ---- formatting ---- */

/*
 * Formats into buf (NULL: nowhere), at most cap chars and no terminator;
 * the length the whole output needs, or, if above cap, some length above
 * cap (lib/format.h).
 */
static size_t crt_format(char *buf, size_t cap, const char *format, va_list args)
{
    va_list copy;
    struct w32_format_args fa = { .ap = &copy };
    size_t n;

    va_copy(copy, args);
    n = w32_format(buf, 0, cap, format, W32_FORMAT_C_LONG, &fa);
    va_end(copy);
    return n;
}

/*
 * Output of exactly count chars is stored unterminated and count returned;
 * longer output is cut to count chars, unterminated, and -1 returned. A
 * NULL buffer with a count of 0 asks for the length.
 */
int __cdecl _vsnprintf(char *buffer, size_t count, const char *format, va_list args)
{
    size_t n;

    if (!format || (!buffer && count)) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    n = crt_format(buffer, buffer ? count : INT_MAX, format, args);
    if (!buffer)
        return n > INT_MAX ? -1 : (int)n;
    if (n < count)
        buffer[n] = '\0';
    return n <= count && n <= INT_MAX ? (int)n : -1;
}

int __cdecl _snprintf(char *buffer, size_t count, const char *format, ...)
{
    va_list args;
    int n;

    va_start(args, format);
    n = _vsnprintf(buffer, count, format, args);
    va_end(args);
    return n;
}

/* Output that does not fit with its terminator empties buffer and goes to the handler: ERANGE. */
int __cdecl vsprintf_s(char *buffer, size_t size, const char *format, va_list args)
{
    size_t n;

    if (!buffer || !size || !format) {
        if (buffer && size)
            buffer[0] = '\0';
        w32_crt_invalid(EINVAL);
        return -1;
    }
    n = crt_format(buffer, size - 1, format, args);
    if (n < size && n <= INT_MAX) {
        buffer[n] = '\0';
        return (int)n;
    }
    buffer[0] = '\0';
    w32_crt_invalid(ERANGE);
    return -1;
}

int __cdecl sprintf_s(char *buffer, size_t size, const char *format, ...)
{
    va_list args;
    int n;

    va_start(args, format);
    n = vsprintf_s(buffer, size, format, args);
    va_end(args);
    return n;
}

/*
 * At most count chars (all that fit for _TRUNCATE) and a terminator: a cut
 * output returns -1. A count that does not bound the output within size is
 * a buffer overrun: ERANGE through the handler, as vsprintf_s.
 */
int __cdecl _vsnprintf_s(char *buffer, size_t size, size_t count, const char *format,
                         va_list args)
{
    size_t limit, n;

    if (!buffer || !size || !format) {
        if (buffer && size)
            buffer[0] = '\0';
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (count != _TRUNCATE && count >= size)
        return vsprintf_s(buffer, size, format, args);
    limit = count == _TRUNCATE ? size - 1 : count;
    n = crt_format(buffer, limit, format, args);
    buffer[n < limit ? n : limit] = '\0';
    return n <= limit && n <= INT_MAX ? (int)n : -1;
}

int __cdecl _snprintf_s(char *buffer, size_t size, size_t count, const char *format, ...)
{
    va_list args;
    int n;

    va_start(args, format);
    n = _vsnprintf_s(buffer, size, count, format, args);
    va_end(args);
    return n;
}

int __cdecl _vscprintf(const char *format, va_list args)
{
    size_t n;

    if (!format) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    n = crt_format(NULL, INT_MAX, format, args);
    return n > INT_MAX ? -1 : (int)n;
}

int __cdecl _scprintf(const char *format, ...)
{
    va_list args;
    int n;

    va_start(args, format);
    n = _vscprintf(format, args);
    va_end(args);
    return n;
}

/* ---- streams ---- */

struct stream_mode {
    int oflag;              /* _sopen's flags */
    char fdmode[4];         /* fdopen's: r, w or a, then + */
};

/*
 * Parses Microsoft's mode string: r, w or a, then +, b, t, x, c, n, N, S,
 * R, T, D in any order, then maybe ",ccs=UTF-8", "UTF-16LE" or "UNICODE".
 * false, through the handler (EINVAL), for anything else.
 */
static bool parse_mode(const char *mode, struct stream_mode *m)
{
    const char *p = mode + 1;
    bool plus = false;

    memset(m, 0, sizeof(*m));
    switch (mode ? mode[0] : 0) {
    case 'r': m->oflag = _O_RDONLY; break;
    case 'w': m->oflag = _O_WRONLY | _O_CREAT | _O_TRUNC; break;
    case 'a': m->oflag = _O_WRONLY | _O_CREAT | _O_APPEND; break;
    default:
        w32_crt_invalid(EINVAL);
        return false;
    }
    for (; *p && *p != ','; p++) {
        switch (*p) {
        case '+': plus = true; break;
        case 'b': m->oflag |= _O_BINARY; break;
        case 't': m->oflag |= _O_TEXT; break;
        case 'x': m->oflag |= _O_EXCL; break;
        case 'N': m->oflag |= _O_NOINHERIT; break;
        case 'D': m->oflag |= _O_TEMPORARY; break;
        case 'c': case 'n': case 'S': case 'R': case 'T': case ' ': break;
        default:
            w32_crt_invalid(EINVAL);
            return false;
        }
    }
    if (*p && strcmp(p, ",ccs=UTF-8") && strcmp(p, ",ccs=UTF-16LE") && strcmp(p, ",ccs=UNICODE")) {
        w32_crt_invalid(EINVAL);
        return false;
    }
    if (plus)
        m->oflag = (m->oflag & ~_O_ACCMODE) | _O_RDWR;
    m->fdmode[0] = mode[0];
    m->fdmode[1] = plus ? '+' : '\0';
    return true;
}

/* A stream on descriptor fd, which it owns (closed on failure too). */
static FILE *stream_of(int fd, const char *fdmode)
{
    FILE *f = fdopen(fd, fdmode);

    if (!f) {
        int err = errno;

        _close(fd);
        errno = err;
    }
    return f;
}

/* fopen of a Windows path with a share mode: _sopen, then fdopen. */
static FILE *open_stream(const char *path, const char *mode, int shflag)
{
    struct stream_mode m;
    int fd;

    if (!path) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    if (!parse_mode(mode, &m))
        return NULL;
    if ((fd = _sopen(path, m.oflag, shflag, _S_IREAD | _S_IWRITE)) < 0)
        return NULL;
    return stream_of(fd, m.fdmode);
}

/* The same on wide strings. */
static FILE *open_stream_wide(const WCHAR *path, const WCHAR *mode, int shflag)
{
    char *npath = path ? w32_crt_narrow(path) : NULL;
    char *nmode = mode ? w32_crt_narrow(mode) : NULL;
    FILE *f = NULL;

    if ((!path || npath) && (!mode || nmode))
        f = open_stream(npath, nmode, shflag);
    free(npath);
    free(nmode);
    return f;
}

FILE *__cdecl _fsopen(const char *path, const char *mode, int shflag)
{
    return open_stream(path, mode, shflag);
}

FILE *__cdecl _wfsopen(const WCHAR *path, const WCHAR *mode, int shflag)
{
    return open_stream_wide(path, mode, shflag);
}

FILE *__cdecl _wfopen(const WCHAR *path, const WCHAR *mode)
{
    return open_stream_wide(path, mode, _SH_DENYNO);
}

/* Files opened by the _s forms are not shared for writing, as Microsoft documents. */
errno_t __cdecl fopen_s(FILE **stream, const char *path, const char *mode)
{
    if (!stream) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    *stream = open_stream(path, mode, _SH_SECURE);
    return *stream ? 0 : errno;
}

errno_t __cdecl _wfopen_s(FILE **stream, const WCHAR *path, const WCHAR *mode)
{
    if (!stream) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    *stream = open_stream_wide(path, mode, _SH_SECURE);
    return *stream ? 0 : errno;
}

/* freopen, the path mapped; a NULL path changes the mode of the stream's file. */
static FILE *reopen(const char *path, const char *mode, FILE *old)
{
    struct stream_mode m;
    char *posix = NULL;
    FILE *f;

    if (!old) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    if (!parse_mode(mode, &m))
        return NULL;
    if (path && !(posix = w32_crt_path(path)))
        return NULL;
    f = freopen(posix, m.fdmode, old);
    free(posix);
    return f;
}

errno_t __cdecl freopen_s(FILE **stream, const char *path, const char *mode, FILE *old)
{
    if (!stream) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    *stream = reopen(path, mode, old);
    return *stream ? 0 : errno;
}

FILE *__cdecl _wfreopen(const WCHAR *path, const WCHAR *mode, FILE *old)
{
    char *npath = path ? w32_crt_narrow(path) : NULL;
    char *nmode = mode ? w32_crt_narrow(mode) : NULL;
    FILE *f = NULL;

    if ((!path || npath) && (!mode || nmode))
        f = reopen(npath, nmode, old);
    free(npath);
    free(nmode);
    return f;
}

FILE *__cdecl _fdopen(int fd, const char *mode)
{
    struct stream_mode m;

    if (!parse_mode(mode, &m))
        return NULL;
    if (fd < 0 || fcntl(fd, F_GETFD) < 0) {
        w32_crt_invalid(EBADF);
        return NULL;
    }
    return fdopen(fd, m.fdmode);
}

FILE *__cdecl _wfdopen(int fd, const WCHAR *mode)
{
    char *nmode = mode ? w32_crt_narrow(mode) : NULL;
    FILE *f = !mode || nmode ? _fdopen(fd, nmode) : NULL;

    free(nmode);
    return f;
}

int __cdecl _fileno(FILE *stream)
{
    if (!stream) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    return fileno(stream);
}

int __cdecl _fseeki64(FILE *stream, __int64 offset, int origin)
{
    if (!stream || origin < SEEK_SET || origin > SEEK_END) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    return fseeko(stream, offset, origin);
}

__int64 __cdecl _ftelli64(FILE *stream)
{
    if (!stream) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    return ftello(stream);
}

/*
 * The command runs under /bin/sh, not cmd.exe: a command written for cmd.exe
 * (dir, type, ...) does not run. Mode is r or w, with t or b.
 */
FILE *__cdecl _popen(const char *command, const char *mode)
{
    if (!command || !mode || (mode[0] != 'r' && mode[0] != 'w') ||
        (mode[1] && strspn(mode + 1, "tb") != strlen(mode + 1))) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    return popen(command, mode[0] == 'r' ? "r" : "w");
}

FILE *__cdecl _wpopen(const WCHAR *command, const WCHAR *mode)
{
    char *ncommand = command ? w32_crt_narrow(command) : NULL;
    char *nmode = mode ? w32_crt_narrow(mode) : NULL;
    FILE *f = NULL;

    if ((!command || ncommand) && (!mode || nmode))
        f = _popen(ncommand, nmode);
    free(ncommand);
    free(nmode);
    return f;
}

/* The command's exit code, as Windows gives it (not a POSIX wait status). */
int __cdecl _pclose(FILE *stream)
{
    int status;

    if (!stream) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if ((status = pclose(stream)) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* remove and rename as Microsoft's: DeleteFile and MoveFileEx, so a directory is not removed. */
static int remove_narrow(const char *path)
{
    if (!path) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    return DeleteFileA(path) ? 0 : w32_crt_fail_from_error();
}

int __cdecl _wremove(const WCHAR *path)
{
    return w32_crt_on_wide(remove_narrow, path);
}

int __cdecl _wrename(const WCHAR *from, const WCHAR *to)
{
    char *nfrom = from ? w32_crt_narrow(from) : NULL;
    char *nto = to ? w32_crt_narrow(to) : NULL;
    int result = -1;

    if (!from || !to)
        w32_crt_invalid(EINVAL);
    else if (nfrom && nto)
        result = MoveFileExA(nfrom, nto, MOVEFILE_COPY_ALLOWED) ? 0 : w32_crt_fail_from_error();
    free(nfrom);
    free(nto);
    return result;
}
