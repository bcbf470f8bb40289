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
 * A growing UTF-16 output buffer; failed is set once an allocation fails.
 * Past limit units the output is only counted: whoever formats into it can
 * hold no more (a caller's count, or INT_MAX, what a printf can return), so
 * no field needs to cost more than one unit past it.
 */
struct wbuf {
    WCHAR *data;
    size_t len, cap, limit;
    bool failed;
};

static void wbuf_put(struct wbuf *b, const WCHAR *s, size_t n)
{
    size_t keep = b->len < b->limit ? b->limit - b->len : 0;

    if (keep > n)
        keep = n;
    if (b->failed || !keep) {
        b->len += n;
        return;
    }
    if (b->len + keep + 1 > b->cap) {
        size_t cap = (b->len + keep + 1) * 2;
        WCHAR *data = realloc(b->data, cap * sizeof(WCHAR));

        if (!data) {
            b->failed = true;
            return;
        }
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, keep * sizeof(WCHAR));
    b->len += n;
}

/* The most units a field may usefully produce: one past what b can still hold. */
static int field_limit(const struct wbuf *b)
{
    size_t room = b->len < b->limit ? b->limit - b->len : 0;

    return room >= INT_MAX ? INT_MAX : (int)room + 1;
}

static void wbuf_pad(struct wbuf *b, size_t n, WCHAR c)
{
    if (n > (size_t)field_limit(b))
        n = (size_t)field_limit(b);
    for (size_t i = 0; i < n; i++)
        wbuf_put(b, &c, 1);
}

/* One conversion specification, as parsed. */
struct spec {
    char flags[8];
    int width;              /* -1: none */
    int precision;          /* -1: none */
    enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_BIG_L, LEN_32, LEN_SIZE, LEN_MAX,
           LEN_PTRDIFF, LEN_WIDE } length;
    WCHAR conversion;
};

static bool has_flag(const struct spec *spec, char flag)
{
    return strchr(spec->flags, flag) != NULL;
}

/* The string s of n units, padded to the width and cut to the precision. */
static void put_string(struct wbuf *b, const struct spec *spec, const WCHAR *s, size_t n)
{
    size_t pad;

    if (spec->precision >= 0 && (size_t)spec->precision < n)
        n = (size_t)spec->precision;
    pad = spec->width > 0 && (size_t)spec->width > n ? (size_t)spec->width - n : 0;
    if (!has_flag(spec, '-'))
        wbuf_pad(b, pad, ' ');
    wbuf_put(b, s, n);
    if (has_flag(spec, '-'))
        wbuf_pad(b, pad, ' ');
}

static void put_narrow_string(struct wbuf *b, const struct spec *spec, const char *s)
{
    size_t len = strlen(s);
    WCHAR *wide = malloc((len + 1) * sizeof(WCHAR));

    if (!wide) {
        b->failed = true;
        return;
    }
    put_string(b, spec, wide, w32_utf8_to_utf16n(s, len, wide));
    free(wide);
}

/* Whether a %s or %c of this spec takes a wide argument (MSVCRT's rules). */
static bool wide_argument(const struct spec *spec)
{
    if (spec->length == LEN_H)
        return false;
    if (spec->length == LEN_L || spec->length == LEN_WIDE)
        return true;
    return spec->conversion == 's' || spec->conversion == 'c';
}

static void put_char_or_string(struct wbuf *b, const struct spec *spec, va_list *args)
{
    static const WCHAR null_string[] = u"(null)";
    bool wide = wide_argument(spec);

    if (spec->conversion == 'c' || spec->conversion == 'C') {
        WCHAR c = (WCHAR)va_arg(*args, int);

        if (!wide && c >= 0x80)
            c = 0xFFFD;     /* a lone byte of a multibyte UTF-8 sequence */
        struct spec one = *spec;
        one.precision = -1;
        put_string(b, &one, &c, 1);
    } else if (wide) {
        const WCHAR *s = va_arg(*args, const WCHAR *);

        if (!s)
            s = null_string;
        put_string(b, spec, s, w32shim_wcslen(s));
    } else {
        const char *s = va_arg(*args, const char *);

        put_narrow_string(b, spec, s ? s : "(null)");
    }
}

/* The narrow format for spec, with the length modifier glibc expects. */
/* A decimal number at *f, saturating at INT_MAX. */
static int parse_number(const WCHAR **f)
{
    int v = 0;

    for (; **f >= '0' && **f <= '9'; (*f)++)
        v = v > (INT_MAX - (**f - '0')) / 10 ? INT_MAX : v * 10 + (**f - '0');
    return v;
}

static void add_flag(struct spec *spec, char flag)
{
    size_t n = strlen(spec->flags);

    if (!strchr(spec->flags, flag) && n < sizeof(spec->flags) - 1)
        spec->flags[n] = flag;
}

/* The narrow format for spec, with the length modifier glibc expects; its
 * width and precision are cut to limit, as much as the output can show. */
static void narrow_format(const struct spec *spec, int limit, char *out, size_t size)
{
    static const char *const lengths[] = {
        [LEN_NONE] = "", [LEN_HH] = "hh", [LEN_H] = "h", [LEN_L] = "l", [LEN_LL] = "ll",
        [LEN_BIG_L] = "L", [LEN_32] = "", [LEN_SIZE] = "z", [LEN_MAX] = "j", [LEN_PTRDIFF] = "t",
        [LEN_WIDE] = "",
    };
    int n = snprintf(out, size, "%%%s", spec->flags);

    if (spec->width >= 0)
        n += snprintf(out + n, size - n, "%d", spec->width < limit ? spec->width : limit);
    if (spec->precision >= 0)
        n += snprintf(out + n, size - n, ".%d", spec->precision < limit ? spec->precision : limit);
    snprintf(out + n, size - n, "%s%c", lengths[spec->length], (char)spec->conversion);
}

/* A numeric argument, fetched once so that it can be formatted twice. */
struct number {
    enum { NUM_INT, NUM_LONG, NUM_LLONG, NUM_SIZE, NUM_MAX, NUM_PTRDIFF, NUM_PTR, NUM_DOUBLE,
           NUM_LDOUBLE } kind;
    union {
        int i;
        long l;
        long long ll;
        size_t z;
        intmax_t j;
        ptrdiff_t t;
        void *p;
        double d;
        long double ld;
    } v;
};

static void fetch_number(const struct spec *spec, va_list *args, struct number *num)
{
    switch (spec->conversion) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
        switch (spec->length) {
        case LEN_L: num->kind = NUM_LONG; num->v.l = va_arg(*args, long); break;
        case LEN_LL: num->kind = NUM_LLONG; num->v.ll = va_arg(*args, long long); break;
        case LEN_SIZE: num->kind = NUM_SIZE; num->v.z = va_arg(*args, size_t); break;
        case LEN_MAX: num->kind = NUM_MAX; num->v.j = va_arg(*args, intmax_t); break;
        case LEN_PTRDIFF: num->kind = NUM_PTRDIFF; num->v.t = va_arg(*args, ptrdiff_t); break;
        default: num->kind = NUM_INT; num->v.i = va_arg(*args, int); break;
        }
        break;
    case 'p':
        num->kind = NUM_PTR;
        num->v.p = va_arg(*args, void *);
        break;
    default:
        if (spec->length == LEN_BIG_L) {
            num->kind = NUM_LDOUBLE;
            num->v.ld = va_arg(*args, long double);
        } else {
            num->kind = NUM_DOUBLE;
            num->v.d = va_arg(*args, double);
        }
        break;
    }
}

static int print_number(char *out, size_t size, const char *fmt, const struct number *num)
{
    switch (num->kind) {
    case NUM_INT: return snprintf(out, size, fmt, num->v.i);
    case NUM_LONG: return snprintf(out, size, fmt, num->v.l);
    case NUM_LLONG: return snprintf(out, size, fmt, num->v.ll);
    case NUM_SIZE: return snprintf(out, size, fmt, num->v.z);
    case NUM_MAX: return snprintf(out, size, fmt, num->v.j);
    case NUM_PTRDIFF: return snprintf(out, size, fmt, num->v.t);
    case NUM_PTR: return snprintf(out, size, fmt, num->v.p);
    case NUM_DOUBLE: return snprintf(out, size, fmt, num->v.d);
    default: return snprintf(out, size, fmt, num->v.ld);
    }
}

/* Numbers go through glibc's snprintf; its output is ASCII. */
static int put_number(struct wbuf *b, const struct spec *spec, va_list *args)
{
    char fmt[64], small[128], *text = small;
    struct number num;
    int n;

    narrow_format(spec, field_limit(b), fmt, sizeof(fmt));
    fetch_number(spec, args, &num);
    n = print_number(small, sizeof(small), fmt, &num);
    if (n < 0)
        return -1;
    if ((size_t)n >= sizeof(small)) {
        text = malloc((size_t)n + 1);
        if (!text)
            return -1;
        print_number(text, (size_t)n + 1, fmt, &num);
    }
    for (int i = 0; i < n; i++) {
        WCHAR c = (unsigned char)text[i];
        wbuf_put(b, &c, 1);
    }
    if (text != small)
        free(text);
    return 0;
}

/* Parses the spec after a '%' at *p; advances *p past it. */
static void parse_spec(const WCHAR **p, struct spec *spec, va_list *args)
{
    const WCHAR *f = *p;

    memset(spec, 0, sizeof(*spec));
    spec->width = spec->precision = -1;
    for (; *f && *f < 0x80 && strchr("-+ #0", (int)*f); f++)
        add_flag(spec, (char)*f);
    if (*f == '*') {
        int v = va_arg(*args, int);
        if (v < 0)
            add_flag(spec, '-');
        spec->width = v < 0 ? (v < -INT_MAX ? INT_MAX : -v) : v;
        f++;
    } else if (*f >= '0' && *f <= '9') {
        spec->width = parse_number(&f);
    }
    if (*f == '.') {
        f++;
        if (*f == '*') {
            int v = va_arg(*args, int);
            spec->precision = v < 0 ? -1 : v;       /* as if there were none */
            f++;
        } else {
            spec->precision = parse_number(&f);
        }
    }
    if (f[0] == 'h' && f[1] == 'h') { spec->length = LEN_HH; f += 2; }
    else if (f[0] == 'l' && f[1] == 'l') { spec->length = LEN_LL; f += 2; }
    else if (f[0] == 'I' && f[1] == '6' && f[2] == '4') { spec->length = LEN_LL; f += 3; }
    else if (f[0] == 'I' && f[1] == '3' && f[2] == '2') { spec->length = LEN_32; f += 3; }
    else if (*f == 'I' || *f == 'z') { spec->length = LEN_SIZE; f++; }
    else if (*f == 'h') { spec->length = LEN_H; f++; }
    else if (*f == 'l') { spec->length = LEN_L; f++; }
    else if (*f == 'L') { spec->length = LEN_BIG_L; f++; }
    else if (*f == 'q') { spec->length = LEN_LL; f++; }
    else if (*f == 'j') { spec->length = LEN_MAX; f++; }
    else if (*f == 't') { spec->length = LEN_PTRDIFF; f++; }
    else if (*f == 'w') { spec->length = LEN_WIDE; f++; }
    spec->conversion = *f;
    if (*f)
        f++;
    *p = f;
}

/* Formats into b; -1 on an unsupported conversion (%n, unknown letters). */
static int format(struct wbuf *b, const WCHAR *fmt, va_list args)
{
    va_list ap;
    int status = 0;

    va_copy(ap, args);
    while (*fmt && status == 0) {
        const WCHAR *start = fmt;
        struct spec spec;

        while (*fmt && *fmt != '%')
            fmt++;
        wbuf_put(b, start, (size_t)(fmt - start));
        if (!*fmt)
            break;
        fmt++;
        parse_spec(&fmt, &spec, &ap);
        switch (spec.conversion) {
        case '%':
            wbuf_put(b, u"%", 1);
            break;
        case 'c': case 'C': case 's': case 'S':
            put_char_or_string(b, &spec, &ap);
            break;
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p':
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
            status = put_number(b, &spec, &ap);
            break;
        default:
            status = -1;
            break;
        }
    }
    va_end(ap);
    if (b->failed)
        status = -1;
    if (status == 0 && b->len > INT_MAX)
        status = -1;
    return status;
}

int WINAPIV w32shim__vsnwprintf(WCHAR *buf, size_t count, const WCHAR *fmt, va_list args)
{
    struct wbuf b = { .limit = count };
    int result = -1;

    if (format(&b, fmt, args) == 0) {
        size_t n = b.len < count ? b.len : count;

        if (n)
            memcpy(buf, b.data, n * sizeof(WCHAR));
        if (b.len < count)
            buf[b.len] = 0;
        result = b.len <= count ? (int)b.len : -1;
    }
    free(b.data);
    return result;
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
    struct wbuf b = { .limit = count };
    int result = -1;

    if (count == 0)
        return -1;
    if (format(&b, fmt, args) == 0) {
        size_t n = b.len < count - 1 ? b.len : count - 1;

        if (n)
            memcpy(buf, b.data, n * sizeof(WCHAR));
        buf[n] = 0;
        result = b.len < count ? (int)b.len : -1;
    } else {
        buf[0] = 0;
    }
    free(b.data);
    return result;
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

int WINAPIV w32shim_vfwprintf(FILE *stream, const WCHAR *fmt, va_list args)
{
    struct wbuf b = { .limit = INT_MAX };
    int result = -1;

    if (format(&b, fmt, args) == 0) {
        size_t bytes = w32_utf16_to_utf8n(b.data, b.len, NULL);
        char *text = malloc(bytes + 1);

        if (text) {
            w32_utf16_to_utf8n(b.data, b.len, text);
            if (fwrite(text, 1, bytes, stream) == bytes)
                result = (int)b.len;
            free(text);
        }
    }
    free(b.data);
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
