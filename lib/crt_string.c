/*
 * string.h: Microsoft's string functions, narrow and wide. Case folds ASCII
 * only, as Microsoft's do in the "C" locale. The bounded (_s) functions are
 * written once for both widths, over a character type.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <w32shim_wchar.h>
#include "crt.h"

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int ascii_upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
}

/* ---- comparisons and case ---- */

int __cdecl _strnicmp(const char *a, const char *b, size_t count)
{
    if (!a || !b) {
        w32_crt_invalid(EINVAL);
        return _NLSCMPERROR;
    }
    for (size_t i = 0; i < count; i++) {
        int ca = ascii_lower((unsigned char)a[i]), cb = ascii_lower((unsigned char)b[i]);

        if (ca != cb)
            return ca - cb;
        if (!ca)
            break;
    }
    return 0;
}

int __cdecl _stricmp(const char *a, const char *b)
{
    return _strnicmp(a, b, (size_t)-1);
}

int __cdecl _strcmpi(const char *a, const char *b)
{
    return _strnicmp(a, b, (size_t)-1);
}

int __cdecl _memicmp(const void *a, const void *b, size_t count)
{
    const unsigned char *pa = a, *pb = b;

    if (count && (!a || !b)) {
        w32_crt_invalid(EINVAL);
        return _NLSCMPERROR;
    }
    for (size_t i = 0; i < count; i++) {
        int ca = ascii_lower(pa[i]), cb = ascii_lower(pb[i]);

        if (ca != cb)
            return ca - cb;
    }
    return 0;
}

/* NULL gives NULL, as Microsoft's does; out of memory, NULL with ENOMEM. */
char *__cdecl _strdup(const char *s)
{
    char *copy;

    if (!s)
        return NULL;
    if (!(copy = strdup(s)))
        errno = ENOMEM;
    return copy;
}

static char *map_case(char *s, int (*map)(int))
{
    if (!s) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    for (char *p = s; *p; p++)
        *p = (char)map((unsigned char)*p);
    return s;
}

char *__cdecl _strlwr(char *s)
{
    return map_case(s, ascii_lower);
}

char *__cdecl _strupr(char *s)
{
    return map_case(s, ascii_upper);
}

/* The string must end within size: else EINVAL, and s is emptied. */
static errno_t map_case_s(char *s, size_t size, int (*map)(int))
{
    if (!s || !size || strnlen(s, size) == size) {
        if (s && size)
            s[0] = '\0';
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    map_case(s, map);
    return 0;
}

errno_t __cdecl _strlwr_s(char *s, size_t size)
{
    return map_case_s(s, size, ascii_lower);
}

errno_t __cdecl _strupr_s(char *s, size_t size)
{
    return map_case_s(s, size, ascii_upper);
}

char *__cdecl _strrev(char *s)
{
    size_t n;

    if (!s) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char c = s[i];

        s[i] = s[n - 1 - i];
        s[n - 1 - i] = c;
    }
    return s;
}

char *__cdecl _strnset(char *s, int c, size_t count)
{
    if (!s) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    for (size_t i = 0; i < count && s[i]; i++)
        s[i] = (char)c;
    return s;
}

char *__cdecl _strset(char *s, int c)
{
    return _strnset(s, c, (size_t)-1);
}

/* ---- the bounded functions, for both widths ---- */

/*
 * Copies at most count units of src (all of it for _TRUNCATE or a count
 * past its end) to the end of dest, whose size is size units, starting at
 * dest[start]. On a destination too small: with _TRUNCATE as much as fits
 * and STRUNCATE; otherwise dest emptied, the handler, ERANGE.
 */
#define BOUNDED_APPEND(T, dest, size, start, src, count)                              \
    do {                                                                             \
        size_t want_ = 0, room_ = (size) - (start);                                  \
        while (want_ < (count) && (src)[want_])                                      \
            want_++;                                                                 \
        if (want_ < room_) {                                                         \
            memcpy((dest) + (start), (src), want_ * sizeof(T));                      \
            (dest)[(start) + want_] = 0;                                             \
            return 0;                                                                \
        }                                                                            \
        if ((count) == _TRUNCATE) {                                                  \
            memcpy((dest) + (start), (src), (room_ - 1) * sizeof(T));                \
            (dest)[(size) - 1] = 0;                                                  \
            return STRUNCATE;                                                        \
        }                                                                            \
        (dest)[0] = 0;                                                               \
        w32_crt_invalid(ERANGE);                                                     \
        return ERANGE;                                                               \
    } while (0)

/* dest must be usable (not NULL, size not 0); src must be there unless count is 0. */
#define BOUNDED_CHECK(dest, size, src, count)                                        \
    do {                                                                             \
        if (!(dest) || !(size)) {                                                    \
            w32_crt_invalid(EINVAL);                                                 \
            return EINVAL;                                                           \
        }                                                                            \
        if (!(src) && (count)) {                                                     \
            (dest)[0] = 0;                                                           \
            w32_crt_invalid(EINVAL);                                                 \
            return EINVAL;                                                           \
        }                                                                            \
    } while (0)

/* The length of the string in dest, which must end within size units: else EINVAL. */
#define BOUNDED_END(dest, size, len)                                                 \
    do {                                                                             \
        (len) = 0;                                                                   \
        while ((len) < (size) && (dest)[len])                                        \
            (len)++;                                                                 \
        if ((len) == (size)) {                                                       \
            (dest)[0] = 0;                                                           \
            w32_crt_invalid(EINVAL);                                                 \
            return EINVAL;                                                           \
        }                                                                            \
    } while (0)

/* The four bounded copies, for one width: T is char or WCHAR. */
#define DEFINE_BOUNDED(T, ncpy, cpy, ncat, cat)                                      \
    errno_t __cdecl ncpy(T *dest, rsize_t size, const T *src, rsize_t count)         \
    {                                                                                \
        BOUNDED_CHECK(dest, size, src, count);                                       \
        if (!count) {                                                                \
            dest[0] = 0;                                                             \
            return 0;                                                                \
        }                                                                            \
        BOUNDED_APPEND(T, dest, size, 0, src, count);                                \
    }                                                                                \
    errno_t __cdecl cpy(T *dest, rsize_t size, const T *src)                         \
    {                                                                                \
        BOUNDED_CHECK(dest, size, src, 1);                                           \
        BOUNDED_APPEND(T, dest, size, 0, src, (size_t)-2);                           \
    }                                                                                \
    errno_t __cdecl ncat(T *dest, rsize_t size, const T *src, rsize_t count)         \
    {                                                                                \
        size_t len;                                                                  \
                                                                                     \
        BOUNDED_CHECK(dest, size, src, count);                                       \
        BOUNDED_END(dest, size, len);                                                \
        if (!count)                                                                  \
            return 0;                                                                \
        BOUNDED_APPEND(T, dest, size, len, src, count);                              \
    }                                                                                \
    errno_t __cdecl cat(T *dest, rsize_t size, const T *src)                         \
    {                                                                                \
        size_t len;                                                                  \
                                                                                     \
        BOUNDED_CHECK(dest, size, src, 1);                                           \
        BOUNDED_END(dest, size, len);                                                \
        BOUNDED_APPEND(T, dest, size, len, src, (size_t)-2);                         \
    }
DEFINE_BOUNDED(char, strncpy_s, strcpy_s, strncat_s, strcat_s)
DEFINE_BOUNDED(WCHAR, wcsncpy_s, wcscpy_s, wcsncat_s, wcscat_s)

/* A destination too small, or a NULL source, is cleared before the handler runs. */
errno_t __cdecl memcpy_s(void *dest, rsize_t size, const void *src, rsize_t count)
{
    if (!count)
        return 0;
    if (!dest) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    if (!src || size < count) {
        memset(dest, 0, size);
        w32_crt_invalid(src ? ERANGE : EINVAL);
        return src ? ERANGE : EINVAL;
    }
    memcpy(dest, src, count);
    return 0;
}

errno_t __cdecl memmove_s(void *dest, rsize_t size, const void *src, rsize_t count)
{
    if (!count)
        return 0;
    if (!dest || !src) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    if (size < count) {
        w32_crt_invalid(ERANGE);
        return ERANGE;
    }
    memmove(dest, src, count);
    return 0;
}

char *__cdecl strtok_s(char *s, const char *delim, char **context)
{
    if (!delim || !context || (!s && !*context)) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    return strtok_r(s, delim, context);
}

size_t __cdecl strnlen_s(const char *s, size_t max)
{
    return s ? strnlen(s, max) : 0;
}

/* glibc's text for errnum, truncated to fit (STRUNCATE-free, as Microsoft's). */
errno_t __cdecl strerror_s(char *buf, size_t size, int errnum)
{
    char text[256];
    const char *msg;

    if (!buf || !size) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    msg = strerror_r(errnum, text, sizeof(text));
    strncpy_s(buf, size, msg, _TRUNCATE);
    return 0;
}

/* ---- wide ---- */

static WCHAR *wide_case(WCHAR *s, int (*map)(int))
{
    if (!s) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    for (WCHAR *p = s; *p; p++)
        if (*p < 0x80)
            *p = (WCHAR)map(*p);
    return s;
}

WCHAR *__cdecl _wcslwr(WCHAR *s)
{
    return wide_case(s, ascii_lower);
}

WCHAR *__cdecl _wcsupr(WCHAR *s)
{
    return wide_case(s, ascii_upper);
}

WCHAR *__cdecl _wcsrev(WCHAR *s)
{
    size_t n = 0;

    if (!s) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    while (s[n])
        n++;
    for (size_t i = 0; i < n / 2; i++) {
        WCHAR c = s[i];

        s[i] = s[n - 1 - i];
        s[n - 1 - i] = c;
    }
    return s;
}

WCHAR *__cdecl wcstok_s(WCHAR *s, const WCHAR *delim, WCHAR **context)
{
    WCHAR *start;

    if (!delim || !context || (!s && !*context)) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    if (!s)
        s = *context;
    while (*s && w32shim_wcschr(delim, *s))
        s++;
    if (!*s) {
        *context = s;
        return NULL;
    }
    start = s;
    while (*s && !w32shim_wcschr(delim, *s))
        s++;
    if (*s)
        *s++ = 0;
    *context = s;
    return start;
}

/* As vsprintf_s: output that does not fit empties buf and goes to the handler (ERANGE). */
int __cdecl vswprintf_s(WCHAR *buf, size_t size, const WCHAR *format, va_list args)
{
    int n;

    if (!buf || !size || !format) {
        if (buf && size)
            buf[0] = 0;
        w32_crt_invalid(EINVAL);
        return -1;
    }
    n = w32shim__vsnwprintf(buf, size - 1, format, args);
    if (n < 0) {
        buf[0] = 0;
        w32_crt_invalid(ERANGE);
        return -1;
    }
    buf[n] = 0;
    return n;
}

int __cdecl swprintf_s(WCHAR *buf, size_t size, const WCHAR *format, ...)
{
    va_list args;
    int n;

    va_start(args, format);
    n = vswprintf_s(buf, size, format, args);
    va_end(args);
    return n;
}

/* As _vsnprintf_s: at most count units (all that fit for _TRUNCATE); a cut output returns -1. */
int __cdecl _vsnwprintf_s(WCHAR *buf, size_t size, size_t count, const WCHAR *format,
                          va_list args)
{
    size_t limit;
    int n;

    if (!buf || !size || !format) {
        if (buf && size)
            buf[0] = 0;
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (count != _TRUNCATE && count >= size)
        return vswprintf_s(buf, size, format, args);
    limit = count == _TRUNCATE ? size - 1 : count;
    n = w32shim__vsnwprintf(buf, limit, format, args);
    buf[n < 0 ? limit : (size_t)n] = 0;
    return n;
}

int __cdecl _snwprintf_s(WCHAR *buf, size_t size, size_t count, const WCHAR *format, ...)
{
    va_list args;
    int n;

    va_start(args, format);
    n = _vsnwprintf_s(buf, size, count, format, args);
    va_end(args);
    return n;
}
