/*
 * The lstr and Char functions, wsprintf, and the printf engine behind
 * wsprintf, strsafe.h's printf forms and FormatMessage's inserts.
 *
 * The engine follows MSVCRT, not glibc: %s is a string of the output's own
 * width and %S of the other one, h/l/w/I64/I32/I/ll/z/j/t are sizes with
 * Windows' meaning (l is 32 bits: LONG and DWORD are), %p is the pointer in
 * upper-case hex, zero-padded to its full width. Narrow strings are UTF-8
 * (the process code page); wide ones UTF-16. Numbers and floats go through
 * the C library's snprintf after the size has been resolved here.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strsafe.h>
#include "error.h"
#include "lstr.h"
#include "unicode.h"

/* Where formatted units go: len counts every unit produced, stored or not. */
struct sink {
    int wide;
    char *a;
    WCHAR *w;
    size_t cap;
    size_t len;
};

static void put_unit(struct sink *s, unsigned unit)
{
    if (s->len < s->cap) {
        if (s->wide)
            s->w[s->len] = (WCHAR)unit;
        else
            s->a[s->len] = (char)unit;
    }
    s->len++;
}

/* One code point in the sink's encoding. */
static void put_code_point(struct sink *s, uint32_t c)
{
    WCHAR units[2];
    unsigned char bytes[4];
    size_t n = s->wide ? w32_utf16_put(c, units) : w32_utf8_encode(c, bytes);

    for (size_t i = 0; i < n; i++)
        put_unit(s, s->wide ? units[i] : bytes[i]);
}

/* The next character of a string of the other width, converted as text
 * (lib/unicode.h): ill-formed input becomes U+FFFD. */
static uint32_t text_next(const void *str, int wide, size_t n, size_t *i)
{
    uint32_t c;

    if (wide) {
        c = w32_utf16_next(str, n, i);
        return c >= 0xD800 && c <= 0xDFFF ? W32_REPLACEMENT : c;
    }
    *i += w32_utf8_decode((const unsigned char *)str + *i, n - *i, &c);
    return c == W32_UTF8_BAD ? W32_REPLACEMENT : c;
}

/* Copies n units of a narrow (wide = 0) or wide string into the sink. */
static void put_string(struct sink *s, const void *str, int wide, size_t n)
{
    size_t i = 0;

    if (wide == s->wide) {
        for (; i < n; i++)
            put_unit(s, wide ? ((const WCHAR *)str)[i] : ((const unsigned char *)str)[i]);
        return;
    }
    while (i < n)
        put_code_point(s, text_next(str, wide, n, &i));
}

/* How many units put_string would produce. */
static size_t string_units(const void *str, int wide, size_t n, int sink_wide)
{
    struct sink count = { .wide = sink_wide, .cap = 0 };

    put_string(&count, str, wide, n);
    return count.len;
}

/* The argument source: a va_list, or FormatMessage's array of pointer-sized values. */
struct w32_args {
    va_list *ap;
    const ULONG_PTR *array;
    size_t next;
};

static LONGLONG arg_int(struct w32_args *args, int size)
{
    if (args->array) {
        ULONG_PTR v = args->array[args->next++];
        return size == 64 ? (LONGLONG)v : (LONGLONG)(int32_t)v;
    }
    return size == 64 ? va_arg(*args->ap, long long) : va_arg(*args->ap, int);
}

static const void *arg_ptr(struct w32_args *args)
{
    if (args->array)
        return (const void *)args->array[args->next++];
    return va_arg(*args->ap, const void *);
}

struct spec {
    char flags[8];
    int width, precision;   /* -1: not given */
    int size;               /* 16, 32, 64, 8 or 0 (default), 'L' for long double */
    int narrow, wide;       /* h or l/w on c, s */
    unsigned char conv;
};

/* Parses the spec after '%' at f[*i] (units of width wide); false if it is not one. */
static int parse_spec(const void *fmt, int wide, size_t *i, struct spec *sp, struct w32_args *args,
                      unsigned mode)
{
#define AT(k) (wide ? ((const WCHAR *)fmt)[k] : ((const unsigned char *)fmt)[k])
    size_t k = *i;
    int nflags = 0;
    const char *flag_set = (mode & W32_FORMAT_WSPRINTF) ? "-#0" : "-+ #0";

    memset(sp, 0, sizeof(*sp));
    sp->width = sp->precision = -1;
    while (AT(k) && AT(k) < 0x80 && strchr(flag_set, (int)AT(k)) && nflags < 7)
        sp->flags[nflags++] = (char)AT(k++);
    if (AT(k) == '*' && !(mode & W32_FORMAT_WSPRINTF)) {
        sp->width = (int)arg_int(args, 32);
        k++;
        if (sp->width < 0) {
            sp->flags[nflags++] = '-';
            sp->width = -sp->width;
        }
    } else {
        for (sp->width = AT(k) >= '0' && AT(k) <= '9' ? 0 : -1; AT(k) >= '0' && AT(k) <= '9'; k++)
            sp->width = sp->width * 10 + (int)(AT(k) - '0');
    }
    if (AT(k) == '.') {
        k++;
        if (AT(k) == '*' && !(mode & W32_FORMAT_WSPRINTF)) {
            sp->precision = (int)arg_int(args, 32);
            k++;
        } else {
            for (sp->precision = 0; AT(k) >= '0' && AT(k) <= '9'; k++)
                sp->precision = sp->precision * 10 + (int)(AT(k) - '0');
        }
    }
    if (AT(k) == 'h') {
        k++;
        sp->narrow = 1;
        sp->size = 16;
        if (AT(k) == 'h') {
            k++;
            sp->size = 8;
        }
    } else if (AT(k) == 'l' || AT(k) == 'w') {
        k++;
        sp->wide = 1;
        sp->size = 32;
        if (AT(k - 1) == 'l' && AT(k) == 'l') {
            k++;
            sp->size = 64;
        }
    } else if (AT(k) == 'I' && AT(k + 1) == '6' && AT(k + 2) == '4') {
        k += 3;
        sp->size = 64;
    } else if (AT(k) == 'I' && AT(k + 1) == '3' && AT(k + 2) == '2') {
        k += 3;
        sp->size = 32;
    } else if (AT(k) == 'I' || AT(k) == 'z' || AT(k) == 'j' || AT(k) == 't') {
        k++;
        sp->size = sizeof(void *) * 8;
    } else if (AT(k) == 'q') {
        k++;
        sp->size = 64;
    } else if (AT(k) == 'L') {
        k++;
        sp->size = 'L';
    }
    if (!AT(k) || AT(k) >= 0x80)
        return 0;
    sp->conv = (unsigned char)AT(k);
    *i = k + 1;
    return 1;
#undef AT
}

static void pad(struct sink *s, int n, unsigned fill)
{
    while (n-- > 0)
        put_unit(s, fill);
}

static void format_string(struct sink *s, const struct spec *sp, struct w32_args *args)
{
    int wide_arg = sp->wide || (!sp->narrow && ((sp->conv == 'S') != s->wide));
    const void *str = arg_ptr(args);
    size_t n = 0, units;
    int left = strchr(sp->flags, '-') != NULL;

    if (!str) {
        str = wide_arg ? (const void *)u"(null)" : "(null)";
    }
    if (wide_arg)
        while ((sp->precision < 0 || n < (size_t)sp->precision) && ((const WCHAR *)str)[n])
            n++;
    else
        while ((sp->precision < 0 || n < (size_t)sp->precision) && ((const char *)str)[n])
            n++;
    units = string_units(str, wide_arg, n, s->wide);
    if (!left && sp->width > 0 && (size_t)sp->width > units)
        pad(s, sp->width - (int)units, strchr(sp->flags, '0') ? '0' : ' ');
    put_string(s, str, wide_arg, n);
    if (left && sp->width > 0 && (size_t)sp->width > units)
        pad(s, sp->width - (int)units, ' ');
}

static void format_char(struct sink *s, const struct spec *sp, struct w32_args *args)
{
    int wide_arg = sp->wide || (!sp->narrow && ((sp->conv == 'C') != s->wide));
    LONGLONG v = arg_int(args, 32);
    int left = strchr(sp->flags, '-') != NULL;
    WCHAR wc = (WCHAR)v;
    char c = (char)v;

    if (!left)
        pad(s, sp->width - 1, ' ');
    if (wide_arg)
        put_string(s, &wc, 1, 1);
    else
        put_string(s, &c, 0, 1);
    if (left)
        pad(s, sp->width - 1, ' ');
}

/* Numbers: build the C library's spec with an explicit 64-bit size. */
static void format_number(struct sink *s, const struct spec *sp, struct w32_args *args)
{
    char spec[32], small[128], *out = small;
    int n, len = 0;
    LONGLONG v;
    int is_signed = sp->conv == 'd' || sp->conv == 'i';

    len += snprintf(spec + len, sizeof(spec) - len, "%%%s", sp->flags);
    if (sp->width >= 0)
        len += snprintf(spec + len, sizeof(spec) - len, "%d", sp->width);
    if (sp->precision >= 0)
        len += snprintf(spec + len, sizeof(spec) - len, ".%d", sp->precision);
    if (sp->conv == 'p') {
        v = (LONGLONG)(ULONG_PTR)arg_ptr(args);
        snprintf(spec + len, sizeof(spec) - len, "ll%c", 'X');
        if (sp->width < 0 && sp->precision < 0)
            snprintf(spec, sizeof(spec), "%%0%dllX", (int)sizeof(void *) * 2);
    } else {
        v = arg_int(args, sp->size == 64 ? 64 : 32);
        if (sp->size == 16)
            v = is_signed ? (LONGLONG)(SHORT)v : (LONGLONG)(USHORT)v;
        else if (sp->size == 8)
            v = is_signed ? (LONGLONG)(signed char)v : (LONGLONG)(UCHAR)v;
        else if (sp->size != 64)
            v = is_signed ? (LONGLONG)(LONG)v : (LONGLONG)(DWORD)v;
        snprintf(spec + len, sizeof(spec) - len, "ll%c", sp->conv);
    }
    n = snprintf(small, sizeof(small), spec, v);
    if (n >= (int)sizeof(small)) {
        out = malloc((size_t)n + 1);
        if (!out)
            return;
        snprintf(out, (size_t)n + 1, spec, v);
    }
    for (int k = 0; k < n; k++)
        put_unit(s, (unsigned char)out[k]);
    if (out != small)
        free(out);
}

static void format_float(struct sink *s, const struct spec *sp, struct w32_args *args)
{
    char spec[32], small[128], *out = small;
    int n, len = 0;
    long double ld = 0;
    double d = 0;

    len += snprintf(spec + len, sizeof(spec) - len, "%%%s", sp->flags);
    if (sp->width >= 0)
        len += snprintf(spec + len, sizeof(spec) - len, "%d", sp->width);
    if (sp->precision >= 0)
        len += snprintf(spec + len, sizeof(spec) - len, ".%d", sp->precision);
    if (sp->size == 'L') {
        ld = va_arg(*args->ap, long double);
        snprintf(spec + len, sizeof(spec) - len, "L%c", sp->conv);
        n = snprintf(small, sizeof(small), spec, ld);
    } else {
        d = va_arg(*args->ap, double);
        snprintf(spec + len, sizeof(spec) - len, "%c", sp->conv);
        n = snprintf(small, sizeof(small), spec, d);
    }
    if (n >= (int)sizeof(small)) {
        out = malloc((size_t)n + 1);
        if (!out)
            return;
        if (sp->size == 'L')
            snprintf(out, (size_t)n + 1, spec, ld);
        else
            snprintf(out, (size_t)n + 1, spec, d);
    }
    for (int k = 0; k < n; k++)
        put_unit(s, (unsigned char)out[k]);
    if (out != small)
        free(out);
}

/* Formats one conversion; false if the spec is not one this mode knows. */
static int format_one(struct sink *s, const struct spec *sp, struct w32_args *args, unsigned mode)
{
    switch (sp->conv) {
    case 's':
    case 'S':
        format_string(s, sp, args);
        return 1;
    case 'c':
    case 'C':
        format_char(s, sp, args);
        return 1;
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'p':
        format_number(s, sp, args);
        return 1;
    case 'o':
        if (mode & W32_FORMAT_WSPRINTF)
            return 0;
        format_number(s, sp, args);
        return 1;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
        if ((mode & W32_FORMAT_NO_FLOAT) || !args->ap)
            return 0;
        format_float(s, sp, args);
        return 1;
    default:
        return 0;
    }
}

size_t w32_format(void *buf, int wide, size_t cap, const void *fmt, unsigned mode, va_list *ap,
                  const ULONG_PTR *array, size_t *next)
{
    struct sink s = { .wide = wide, .a = wide ? NULL : buf, .w = wide ? buf : NULL, .cap = cap };
    struct w32_args args = { .ap = ap, .array = array, .next = next ? *next : 0 };
    struct spec sp;
    size_t i = 0;

    for (;;) {
        unsigned c = wide ? ((const WCHAR *)fmt)[i] : ((const unsigned char *)fmt)[i];
        size_t start;

        if (!c)
            break;
        i++;
        if (c != '%') {
            put_unit(&s, c);
            continue;
        }
        start = i;
        if (parse_spec(fmt, wide, &i, &sp, &args, mode) && sp.conv == '%') {
            put_unit(&s, '%');
        } else if (i == start || !format_one(&s, &sp, &args, mode)) {
            /* Not a conversion: Windows prints the character after the '%'. */
            i = start;
            c = wide ? ((const WCHAR *)fmt)[i] : ((const unsigned char *)fmt)[i];
            if (c) {
                put_unit(&s, c);
                i++;
            }
        }
    }
    if (next)
        *next = args.next;
    return s.len;
}

/* StringCchVPrintf: at most cchDest - 1 units and the null; truncation is reported. */
static HRESULT strsafe_vprintf(void *dest, int wide, size_t cchDest, const void *format,
                               va_list args)
{
    va_list copy;
    size_t n, stored;

    if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH) {
        if (cchDest && wide)
            *(WCHAR *)dest = 0;
        else if (cchDest)
            *(char *)dest = 0;
        return STRSAFE_E_INVALID_PARAMETER;
    }
    va_copy(copy, args);
    n = w32_format(dest, wide, cchDest - 1, format, 0, &copy, NULL, NULL);
    va_end(copy);
    stored = n < cchDest - 1 ? n : cchDest - 1;
    if (wide)
        ((WCHAR *)dest)[stored] = 0;
    else
        ((char *)dest)[stored] = 0;
    return n > stored ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}

HRESULT WINAPI StringCchVPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszFormat,
                                 va_list argList)
{
    return strsafe_vprintf(pszDest, 0, cchDest, pszFormat, argList);
}

HRESULT WINAPI StringCchVPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszFormat,
                                 va_list argList)
{
    return strsafe_vprintf(pszDest, 1, cchDest, pszFormat, argList);
}

/* wsprintf: 1024 units at most, the null included. */
#define WSPRINTF_MAX 1024

static int wsprintf_common(void *out, int wide, const void *format, va_list args)
{
    va_list copy;
    size_t n;

    va_copy(copy, args);
    n = w32_format(out, wide, WSPRINTF_MAX - 1, format, W32_FORMAT_WSPRINTF | W32_FORMAT_NO_FLOAT,
                   &copy, NULL, NULL);
    va_end(copy);
    if (n > WSPRINTF_MAX - 1)
        n = WSPRINTF_MAX - 1;
    if (wide)
        ((WCHAR *)out)[n] = 0;
    else
        ((char *)out)[n] = 0;
    return (int)n;
}

int WINAPI wvsprintfA(LPSTR lpOut, LPCSTR lpFmt, va_list arglist)
{
    return wsprintf_common(lpOut, 0, lpFmt, arglist);
}

int WINAPI wvsprintfW(LPWSTR lpOut, LPCWSTR lpFmt, va_list arglist)
{
    return wsprintf_common(lpOut, 1, lpFmt, arglist);
}

int WINAPI wsprintfA(LPSTR lpOut, LPCSTR lpFmt, ...)
{
    va_list args;
    int n;

    va_start(args, lpFmt);
    n = wsprintf_common(lpOut, 0, lpFmt, args);
    va_end(args);
    return n;
}

int WINAPI wsprintfW(LPWSTR lpOut, LPCWSTR lpFmt, ...)
{
    va_list args;
    int n;

    va_start(args, lpFmt);
    n = wsprintf_common(lpOut, 1, lpFmt, args);
    va_end(args);
    return n;
}

/*
 * The lstr family. Windows catches the fault a bad pointer causes: lstrlen
 * then returns 0 and the others NULL, with ERROR_INVALID_PARAMETER; w32shim
 * does the same for NULL.
 */
int WINAPI lstrlenA(LPCSTR lpString)
{
    if (!lpString) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return (int)strlen(lpString);
}

int WINAPI lstrlenW(LPCWSTR lpString)
{
    int n = 0;

    if (!lpString) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    while (lpString[n])
        n++;
    return n;
}

LPSTR WINAPI lstrcpyA(LPSTR lpString1, LPCSTR lpString2)
{
    if (!lpString1 || !lpString2) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return strcpy(lpString1, lpString2);
}

LPWSTR WINAPI lstrcpyW(LPWSTR lpString1, LPCWSTR lpString2)
{
    LPWSTR d = lpString1;

    if (!lpString1 || !lpString2) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    while ((*d++ = *lpString2++))
        ;
    return lpString1;
}

/* Copies at most iMaxLength - 1 units and always terminates (iMaxLength > 0). */
LPSTR WINAPI lstrcpynA(LPSTR lpString1, LPCSTR lpString2, int iMaxLength)
{
    int i = 0;

    if (!lpString1 || (!lpString2 && iMaxLength > 1)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (iMaxLength <= 0)
        return lpString1;
    for (; i < iMaxLength - 1 && lpString2[i]; i++)
        lpString1[i] = lpString2[i];
    lpString1[i] = '\0';
    return lpString1;
}

LPWSTR WINAPI lstrcpynW(LPWSTR lpString1, LPCWSTR lpString2, int iMaxLength)
{
    int i = 0;

    if (!lpString1 || (!lpString2 && iMaxLength > 1)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (iMaxLength <= 0)
        return lpString1;
    for (; i < iMaxLength - 1 && lpString2[i]; i++)
        lpString1[i] = lpString2[i];
    lpString1[i] = 0;
    return lpString1;
}

LPSTR WINAPI lstrcatA(LPSTR lpString1, LPCSTR lpString2)
{
    if (!lpString1 || !lpString2) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return strcat(lpString1, lpString2);
}

LPWSTR WINAPI lstrcatW(LPWSTR lpString1, LPCWSTR lpString2)
{
    if (!lpString1 || !lpString2) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    lstrcpyW(lpString1 + lstrlenW(lpString1), lpString2);
    return lpString1;
}

/*
 * lstrcmp compares as CompareString does with the user's locale: a word
 * sort. This is its approximation for Latin text: hyphens and apostrophes
 * are ignored at first; then punctuation < digits < letters, letters
 * compared without case; then, at the first difference in case, lower case
 * first; then the string with the ignored characters is greater; code point
 * order decides the rest.
 */
static int is_ignored(uint32_t c)
{
    return c == '-' || c == '\'';
}

static uint32_t fold(uint32_t c)
{
    if (c < 0x80)
        return (uint32_t)tolower((int)c);
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3AB) ||
        (c >= 0x410 && c <= 0x42F))
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    return c;
}

/* Primary weight: class first (punctuation, digits, letters), then the folded character. */
static uint64_t weight(uint32_t c)
{
    uint32_t f = fold(c);
    int cls = (f >= '0' && f <= '9') ? 1 : (f >= 'a' && f <= 'z') || f >= 0xC0 ? 2 : 0;

    return ((uint64_t)cls << 32) | f;
}

struct cursor {
    const void *s;
    int wide;
    size_t i, n;
};

/*
 * The next character to compare. An ill-formed byte of a narrow string is
 * kept apart from every other as its name escape (lib/unicode.h), so that
 * two different strings never compare equal.
 */
static uint32_t cursor_next(struct cursor *c)
{
    const unsigned char *s = c->s;
    uint32_t cp;
    size_t n;

    if (c->i >= c->n)
        return 0;
    if (c->wide)
        return w32_utf16_next(c->s, c->n, &c->i);
    n = w32_utf8_decode(s + c->i, c->n - c->i, &cp);
    if (cp == W32_UTF8_BAD)
        return 0xDC00 + s[c->i++];
    c->i += n;
    return cp;
}

static int compare_pass(const void *a, const void *b, int wide, int pass)
{
    size_t na = wide ? (size_t)lstrlenW(a) : strlen(a);
    size_t nb = wide ? (size_t)lstrlenW(b) : strlen(b);
    struct cursor ca = { a, wide, 0, na }, cb = { b, wide, 0, nb };

    for (;;) {
        uint32_t x = cursor_next(&ca), y = cursor_next(&cb);

        if (pass < 2) {
            while (x && is_ignored(x))
                x = cursor_next(&ca);
            while (y && is_ignored(y))
                y = cursor_next(&cb);
        }
        if (!x || !y)
            return x ? 1 : y ? -1 : 0;
        if (pass == 0 && weight(x) != weight(y))
            return weight(x) < weight(y) ? -1 : 1;
        if (pass == 1 && x != y)
            return fold(x) == x ? -1 : 1;   /* equal but for case: lower case first */
        if (pass == 2 && x != y)
            return x < y ? -1 : 1;
    }
}

static int compare_strings(const void *a, const void *b, int wide, int ignore_case)
{
    int r;

    if (!a || !b)
        return a ? 1 : b ? -1 : 0;
    r = compare_pass(a, b, wide, 0);
    if (!r && !ignore_case)
        r = compare_pass(a, b, wide, 1);
    if (!r) {
        size_t na = wide ? (size_t)lstrlenW(a) : strlen(a);
        size_t nb = wide ? (size_t)lstrlenW(b) : strlen(b);
        r = na == nb ? 0 : na < nb ? -1 : 1;
    }
    if (!r && !ignore_case)
        r = compare_pass(a, b, wide, 2);
    return r;
}

int WINAPI lstrcmpA(LPCSTR lpString1, LPCSTR lpString2)
{
    return compare_strings(lpString1, lpString2, 0, 0);
}

int WINAPI lstrcmpW(LPCWSTR lpString1, LPCWSTR lpString2)
{
    return compare_strings(lpString1, lpString2, 1, 0);
}

int WINAPI lstrcmpiA(LPCSTR lpString1, LPCSTR lpString2)
{
    return compare_strings(lpString1, lpString2, 0, 1);
}

int WINAPI lstrcmpiW(LPCWSTR lpString1, LPCWSTR lpString2)
{
    return compare_strings(lpString1, lpString2, 1, 1);
}

/*
 * Case mapping. Narrow strings are UTF-8: only ASCII letters change, so a
 * multi-byte sequence is never split. Wide strings map ASCII, Latin-1,
 * Greek and Cyrillic letters, a one-to-one mapping that keeps the length.
 */
static WCHAR upper_w(WCHAR c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) ||
        (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) || (c >= 0x430 && c <= 0x44F))
        return (WCHAR)(c - 0x20);
    if (c == 0xFF)
        return 0x178;
    if (c >= 0x450 && c <= 0x45F)
        return (WCHAR)(c - 0x50);
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
        c != 0x17F)
        return (WCHAR)(((c >= 0x139 && c <= 0x148) || c >= 0x179) ? ((c & 1) ? c : c - 1)
                                                                   : (c & ~1));
    return c;
}

static WCHAR lower_w(WCHAR c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
        (c >= 0x391 && c <= 0x3AB && c != 0x3A2) || (c >= 0x410 && c <= 0x42F))
        return (WCHAR)(c + 0x20);
    if (c == 0x178)
        return 0xFF;
    if (c >= 0x400 && c <= 0x40F)
        return (WCHAR)(c + 0x50);
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
        c != 0x17F)
        return (WCHAR)(((c >= 0x139 && c <= 0x148) || c >= 0x179) ? ((c & 1) ? c + 1 : c)
                                                                   : (c | 1));
    return c;
}

static char upper_a(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 0x20) : c;
}

static char lower_a(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 0x20) : c;
}

/* A "pointer" below 0x10000 is a single character, converted and returned in place. */
#define IS_CHARACTER(p) (((ULONG_PTR)(p) >> 16) == 0)

DWORD WINAPI CharUpperBuffA(LPSTR lpsz, DWORD cchLength)
{
    if (!lpsz)
        return 0;
    for (DWORD i = 0; i < cchLength; i++)
        lpsz[i] = upper_a(lpsz[i]);
    return cchLength;
}

DWORD WINAPI CharLowerBuffA(LPSTR lpsz, DWORD cchLength)
{
    if (!lpsz)
        return 0;
    for (DWORD i = 0; i < cchLength; i++)
        lpsz[i] = lower_a(lpsz[i]);
    return cchLength;
}

DWORD WINAPI CharUpperBuffW(LPWSTR lpsz, DWORD cchLength)
{
    if (!lpsz)
        return 0;
    for (DWORD i = 0; i < cchLength; i++)
        lpsz[i] = upper_w(lpsz[i]);
    return cchLength;
}

DWORD WINAPI CharLowerBuffW(LPWSTR lpsz, DWORD cchLength)
{
    if (!lpsz)
        return 0;
    for (DWORD i = 0; i < cchLength; i++)
        lpsz[i] = lower_w(lpsz[i]);
    return cchLength;
}

LPSTR WINAPI CharUpperA(LPSTR lpsz)
{
    if (IS_CHARACTER(lpsz))
        return (LPSTR)(ULONG_PTR)(UCHAR)upper_a((char)(ULONG_PTR)lpsz);
    CharUpperBuffA(lpsz, (DWORD)strlen(lpsz));
    return lpsz;
}

LPSTR WINAPI CharLowerA(LPSTR lpsz)
{
    if (IS_CHARACTER(lpsz))
        return (LPSTR)(ULONG_PTR)(UCHAR)lower_a((char)(ULONG_PTR)lpsz);
    CharLowerBuffA(lpsz, (DWORD)strlen(lpsz));
    return lpsz;
}

LPWSTR WINAPI CharUpperW(LPWSTR lpsz)
{
    if (IS_CHARACTER(lpsz))
        return (LPWSTR)(ULONG_PTR)upper_w((WCHAR)(ULONG_PTR)lpsz);
    CharUpperBuffW(lpsz, (DWORD)lstrlenW(lpsz));
    return lpsz;
}

LPWSTR WINAPI CharLowerW(LPWSTR lpsz)
{
    if (IS_CHARACTER(lpsz))
        return (LPWSTR)(ULONG_PTR)lower_w((WCHAR)(ULONG_PTR)lpsz);
    CharLowerBuffW(lpsz, (DWORD)lstrlenW(lpsz));
    return lpsz;
}
