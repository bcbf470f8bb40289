/*
 * The C runtime's 16-bit wide-string functions, exported as w32shim_* so
 * that they never clash with glibc's 4-byte ones (include/w32shim_wchar.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>
#include <w32shim_wchar.h>
#include "format.h"
#include "unicode.h"

/* ---- strings ---- */

size_t WINAPIV w32shim_wcslen(const WCHAR *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

size_t WINAPIV w32shim_wcsnlen(const WCHAR *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

WCHAR *WINAPIV w32shim_wcscpy(WCHAR *dst, const WCHAR *src)
{
    return memcpy(dst, src, (w32shim_wcslen(src) + 1) * sizeof(WCHAR));
}

/* As the C function: pads with NULs to n, does not terminate a longer source. */
WCHAR *WINAPIV w32shim_wcsncpy(WCHAR *dst, const WCHAR *src, size_t n)
{
    size_t len = w32shim_wcsnlen(src, n);

    memcpy(dst, src, len * sizeof(WCHAR));
    for (size_t i = len; i < n; i++)
        dst[i] = 0;
    return dst;
}

WCHAR *WINAPIV w32shim_wcscat(WCHAR *dst, const WCHAR *src)
{
    w32shim_wcscpy(dst + w32shim_wcslen(dst), src);
    return dst;
}

WCHAR *WINAPIV w32shim_wcsncat(WCHAR *dst, const WCHAR *src, size_t n)
{
    WCHAR *end = dst + w32shim_wcslen(dst);
    size_t len = w32shim_wcsnlen(src, n);

    memcpy(end, src, len * sizeof(WCHAR));
    end[len] = 0;
    return dst;
}

int WINAPIV w32shim_wcsncmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
        if (!a[i])
            break;
    }
    return 0;
}

int WINAPIV w32shim_wcscmp(const WCHAR *a, const WCHAR *b)
{
    return w32shim_wcsncmp(a, b, SIZE_MAX);
}

/* ASCII letters always; other BMP characters as glibc's in the current locale. */
unsigned int WINAPIV w32shim_towlower(unsigned int c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    if (c > 0xFFFF || (c >= 0xD800 && c <= 0xDFFF))
        return c;
    unsigned int lower = (unsigned int)towlower((wint_t)c);
    return lower <= 0xFFFF ? lower : c;
}

unsigned int WINAPIV w32shim_towupper(unsigned int c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
    if (c > 0xFFFF || (c >= 0xD800 && c <= 0xDFFF))
        return c;
    unsigned int upper = (unsigned int)towupper((wint_t)c);
    return upper <= 0xFFFF ? upper : c;
}

/* MSVCRT compares the lowercase forms: "_" (0x5F) sorts before every letter. */
int WINAPIV w32shim__wcsnicmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned int ca = w32shim_towlower(a[i]), cb = w32shim_towlower(b[i]);

        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (!ca)
            break;
    }
    return 0;
}

int WINAPIV w32shim__wcsicmp(const WCHAR *a, const WCHAR *b)
{
    return w32shim__wcsnicmp(a, b, SIZE_MAX);
}

WCHAR *WINAPIV w32shim_wcschr(const WCHAR *s, WCHAR c)
{
    for (;; s++) {
        if (*s == c)
            return (WCHAR *)s;
        if (!*s)
            return NULL;
    }
}

WCHAR *WINAPIV w32shim_wcsrchr(const WCHAR *s, WCHAR c)
{
    const WCHAR *found = NULL;

    for (;; s++) {
        if (*s == c)
            found = s;
        if (!*s)
            return (WCHAR *)found;
    }
}

WCHAR *WINAPIV w32shim_wcsstr(const WCHAR *haystack, const WCHAR *needle)
{
    size_t n = w32shim_wcslen(needle);

    for (; *haystack; haystack++) {
        if (!w32shim_wcsncmp(haystack, needle, n))
            return (WCHAR *)haystack;
    }
    return n ? NULL : (WCHAR *)haystack;
}

/* Allocated with malloc: release with free. */
WCHAR *WINAPIV w32shim__wcsdup(const WCHAR *s)
{
    size_t size = (w32shim_wcslen(s) + 1) * sizeof(WCHAR);
    WCHAR *copy = malloc(size);

    return copy ? memcpy(copy, s, size) : NULL;
}

/* ---- numbers ---- */

/*
 * The ASCII prefix of s as a malloc'd narrow string: the first non-ASCII
 * unit ends it, which ends any number, so offsets map one to one.
 */
static char *ascii_prefix(const WCHAR *s)
{
    size_t n = 0;
    char *narrow;

    while (s[n] && s[n] < 0x80)
        n++;
    narrow = malloc(n + 1);
    if (!narrow)
        return NULL;
    for (size_t i = 0; i < n; i++)
        narrow[i] = (char)s[i];
    narrow[n] = '\0';
    return narrow;
}

long WINAPIV w32shim_wcstol(const WCHAR *s, WCHAR **end, int base)
{
    char *narrow = ascii_prefix(s), *narrow_end;
    long value;

    if (!narrow) {
        errno = ENOMEM;
        if (end)
            *end = (WCHAR *)s;
        return 0;
    }
    value = strtol(narrow, &narrow_end, base);
    if (end)
        *end = (WCHAR *)s + (narrow_end - narrow);
    free(narrow);
    return value;
}

unsigned long WINAPIV w32shim_wcstoul(const WCHAR *s, WCHAR **end, int base)
{
    char *narrow = ascii_prefix(s), *narrow_end;
    unsigned long value;

    if (!narrow) {
        errno = ENOMEM;
        if (end)
            *end = (WCHAR *)s;
        return 0;
    }
    value = strtoul(narrow, &narrow_end, base);
    if (end)
        *end = (WCHAR *)s + (narrow_end - narrow);
    free(narrow);
    return value;
}

long WINAPIV w32shim__wtol(const WCHAR *s)
{
    return w32shim_wcstol(s, NULL, 10);
}

/* Out-of-range values saturate, as the UCRT's _wtoi does. */
int WINAPIV w32shim__wtoi(const WCHAR *s)
{
    long value = w32shim_wcstol(s, NULL, 10);

    if (value > INT_MAX)
        return INT_MAX;
    if (value < INT_MIN)
        return INT_MIN;
    return (int)value;
}

/* ---- formatting ---- */

/*
 * The printf family runs on the library's one engine (lib/format.c) in the
 * C runtime's mode: l is long, %s a wide string and %S a narrow (UTF-8) one,
 * %p the pointer in upper-case hex, as MSVCRT prints them.
 */

/*
 * Whether fmt holds a conversion the engine does not print: %n (which would
 * write through an argument; the UCRT refuses it too), an unknown letter or
 * a '%' at the end. Such a format fails with -1 instead of printing.
 */
static bool bad_format(const WCHAR *fmt)
{
    for (size_t i = 0; fmt[i]; i++) {
        size_t stars, k;

        if (fmt[i] != '%')
            continue;
        k = w32_format_spec_length(fmt + i + 1, 1, SIZE_MAX, &stars);
        if (!k || !strchr("%sScCdiouxXpeEfFgGaA", (int)fmt[i + k]))
            return true;
        i += k;
    }
    return false;
}

/* Formats into buf[0..cap) (buf may be NULL), no terminator; the length of
 * the whole output, or SIZE_MAX for a format bad_format() refuses. */
static size_t format(WCHAR *buf, size_t cap, const WCHAR *fmt, va_list args)
{
    va_list copy;
    struct w32_format_args fa = { .ap = &copy };
    size_t n;

    if (!fmt || bad_format(fmt))
        return SIZE_MAX;
    va_copy(copy, args);
    n = w32_format(buf, 1, cap, fmt, W32_FORMAT_C_LONG, &fa);
    va_end(copy);
    return n;
}

/*
 * Output of exactly count units is stored unterminated and count returned;
 * longer output is cut to count units, unterminated, and -1 returned. A NULL
 * buffer with a count of 0 asks for the length, as MSVCRT's does.
 */
int WINAPIV w32shim__vsnwprintf(WCHAR *buf, size_t count, const WCHAR *fmt, va_list args)
{
    size_t n;

    if (!buf && count)
        return -1;
    n = format(buf, count, fmt, args);
    if (n == SIZE_MAX)
        return -1;
    if (!buf)
        return n > INT_MAX ? -1 : (int)n;
    if (n < count)
        buf[n] = 0;
    return n <= count && n <= INT_MAX ? (int)n : -1;
}

int WINAPIV w32shim__snwprintf(WCHAR *buf, size_t count, const WCHAR *fmt, ...)
{
    va_list args;
    int result;

    va_start(args, fmt);
    result = w32shim__vsnwprintf(buf, count, fmt, args);
    va_end(args);
    return result;
}

int WINAPIV w32shim_vswprintf(WCHAR *buf, size_t count, const WCHAR *fmt, va_list args)
{
    size_t n;

    if (!buf || count == 0)
        return -1;
    n = format(buf, count - 1, fmt, args);
    if (n == SIZE_MAX) {
        buf[0] = 0;
        return -1;
    }
    buf[n < count ? n : count - 1] = 0;
    return n < count ? (int)n : -1;
}

int WINAPIV w32shim_swprintf(WCHAR *buf, size_t count, const WCHAR *fmt, ...)
{
    va_list args;
    int result;

    va_start(args, fmt);
    result = w32shim_vswprintf(buf, count, fmt, args);
    va_end(args);
    return result;
}

/* The output, counted first, then formatted and written as UTF-8. */
int WINAPIV w32shim_vfwprintf(FILE *stream, const WCHAR *fmt, va_list args)
{
    size_t n = format(NULL, 0, fmt, args), bytes;
    WCHAR *wide;
    char *text;
    int result = -1;

    if (n == SIZE_MAX || n > INT_MAX)
        return -1;
    wide = malloc((n + 1) * sizeof(WCHAR));
    if (!wide)
        return -1;
    format(wide, n, fmt, args);
    bytes = w32_utf16_to_utf8n(wide, n, NULL);
    text = malloc(bytes + 1);
    if (text) {
        w32_utf16_to_utf8n(wide, n, text);
        if (fwrite(text, 1, bytes, stream) == bytes)
            result = (int)n;
        free(text);
    }
    free(wide);
    return result;
}

int WINAPIV w32shim_fwprintf(FILE *stream, const WCHAR *fmt, ...)
{
    va_list args;
    int result;

    va_start(args, fmt);
    result = w32shim_vfwprintf(stream, fmt, args);
    va_end(args);
    return result;
}

int WINAPIV w32shim_vwprintf(const WCHAR *fmt, va_list args)
{
    return w32shim_vfwprintf(stdout, fmt, args);
}

int WINAPIV w32shim_wprintf(const WCHAR *fmt, ...)
{
    va_list args;
    int result;

    va_start(args, fmt);
    result = w32shim_vfwprintf(stdout, fmt, args);
    va_end(args);
    return result;
}
