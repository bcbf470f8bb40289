/*
 * The printf engine behind wsprintf, strsafe.h's printf forms and
 * FormatMessage's inserts.
 *
 * It follows MSVCRT, not glibc: %s is a string of the output's own width and
 * %S of the other one, h/l/w/I64/I32/I/ll/z/j/t are sizes with Windows'
 * meaning (l is 32 bits: LONG and DWORD are), %p is the pointer in upper-case
 * hex, zero-padded to its full width. Narrow strings are UTF-8 (the process
 * code page), wide ones UTF-16, converted by the codec's text rules. Numbers
 * and floats go through the C library's snprintf once their size is resolved.
 *
 * Malformed input costs nothing it cannot show: widths and precisions
 * saturate at INT_MAX instead of overflowing, padding and the zeros of a long
 * precision are stored while they fit and counted past that, so the length
 * returned is exact and no field costs more time or memory than the output
 * it can store; flags are a set, so any number of them fits.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "format.h"
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
        if (s->w)
            s->w[s->len] = (WCHAR)unit;
        else if (s->a)
            s->a[s->len] = (char)unit;
    }
    s->len++;
}

/*
 * n units of fill: stored while they fit, counted past that, so a huge width
 * costs no more than the output can hold and the count stays exact.
 */
static void pad(struct sink *s, long long n, unsigned fill)
{
    for (; n > 0 && s->len < s->cap && (s->a || s->w); n--)
        put_unit(s, fill);
    if (n > 0)
        s->len += (size_t)n;
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

/* ---- arguments ---- */

static bool args_there(const struct w32_format_args *args, size_t n)
{
    return !args->array || (args->next <= args->count && args->count - args->next >= n);
}

static LONGLONG arg_int(struct w32_format_args *args, int size)
{
    if (args->array) {
        ULONG_PTR v = args->array[args->next++];
        return size == 64 ? (LONGLONG)v : (LONGLONG)(int32_t)v;
    }
    return size == 64 ? va_arg(*args->ap, long long) : va_arg(*args->ap, int);
}

static const void *arg_ptr(struct w32_format_args *args)
{
    if (args->array)
        return (const void *)args->array[args->next++];
    return va_arg(*args->ap, const void *);
}

/* ---- specifications ---- */

enum { F_MINUS = 1, F_PLUS = 2, F_SPACE = 4, F_HASH = 8, F_ZERO = 16 };

struct spec {
    unsigned flags;         /* F_* */
    int width, precision;   /* -1: not given */
    bool width_star, precision_star;
    int size;               /* 16, 32, 64, 8 or 0 (default), 'L' for long double */
    int narrow, wide;       /* h or l/w on c, s */
    unsigned char conv;
};

/* The units of a format or spec, 0 past its end. */
struct text {
    const void *p;
    int wide;
    size_t len;             /* SIZE_MAX: up to the NUL */
};

static unsigned unit_at(const struct text *t, size_t k)
{
    if (k >= t->len)
        return 0;
    return t->wide ? ((const WCHAR *)t->p)[k] : ((const unsigned char *)t->p)[k];
}

static unsigned flag_of(unsigned c, unsigned mode)
{
    switch (c) {
    case '-': return F_MINUS;
    case '#': return F_HASH;
    case '0': return F_ZERO;
    case '+': return (mode & W32_FORMAT_WSPRINTF) ? 0 : F_PLUS;
    case ' ': return (mode & W32_FORMAT_WSPRINTF) ? 0 : F_SPACE;
    default: return 0;
    }
}

/* A decimal number at t[*k], saturating at INT_MAX. */
static int parse_number(const struct text *t, size_t *k)
{
    int v = 0;

    for (unsigned c; (c = unit_at(t, *k)) >= '0' && c <= '9'; (*k)++)
        v = v > (INT_MAX - (int)(c - '0')) / 10 ? INT_MAX : v * 10 + (int)(c - '0');
    return v;
}

/* Width or precision: digits, or '*' (an argument, taken later). */
static int parse_field(const struct text *t, size_t *k, bool *star, unsigned mode, int none)
{
    if (unit_at(t, *k) == '*' && !(mode & W32_FORMAT_WSPRINTF)) {
        (*k)++;
        *star = true;
        return none;
    }
    if (unit_at(t, *k) < '0' || unit_at(t, *k) > '9')
        return none;
    return parse_number(t, k);
}

static void parse_size(const struct text *t, size_t *k, struct spec *sp, unsigned mode)
{
    unsigned c = unit_at(t, *k), d = c ? unit_at(t, *k + 1) : 0, e = d ? unit_at(t, *k + 2) : 0;

    if (c == 'h') {
        sp->narrow = 1;
        sp->size = d == 'h' ? 8 : 16;
        *k += d == 'h' ? 2 : 1;
    } else if (c == 'l' || c == 'w') {
        sp->wide = 1;
        sp->size = c == 'l' && d == 'l' ? 64
                   : c == 'l' && (mode & W32_FORMAT_C_LONG) ? (int)sizeof(long) * 8 : 32;
        *k += c == 'l' && d == 'l' ? 2 : 1;
    } else if (c == 'I' && ((d == '6' && e == '4') || (d == '3' && e == '2'))) {
        sp->size = d == '6' ? 64 : 32;
        *k += 3;
    } else if (c == 'I' || c == 'z' || c == 'j' || c == 't') {
        sp->size = sizeof(void *) * 8;
        (*k)++;
    } else if (c == 'q' || c == 'L') {
        sp->size = c == 'q' ? 64 : 'L';
        (*k)++;
    }
}

/* Parses the spec after a '%' at t[*k], advancing *k past its conversion
 * letter; false if it has none. Takes no argument. */
static bool parse_spec(const struct text *t, size_t *k, struct spec *sp, unsigned mode)
{
    unsigned c, f;

    memset(sp, 0, sizeof(*sp));
    while ((c = unit_at(t, *k)) && c < 0x80 && (f = flag_of(c, mode))) {
        sp->flags |= f;
        (*k)++;
    }
    sp->width = parse_field(t, k, &sp->width_star, mode, -1);
    sp->precision = -1;
    if (unit_at(t, *k) == '.') {
        (*k)++;
        sp->precision = parse_field(t, k, &sp->precision_star, mode, 0);
    }
    parse_size(t, k, sp, mode);
    c = unit_at(t, *k);
    if (!c || c >= 0x80)
        return false;
    sp->conv = (unsigned char)c;
    (*k)++;
    return true;
}

/* Takes the '*' arguments: a negative width means '-', a negative precision none. */
static void take_stars(struct spec *sp, struct w32_format_args *args)
{
    if (sp->width_star) {
        LONGLONG v = arg_int(args, 32);
        if (v < 0)
            sp->flags |= F_MINUS;
        sp->width = v < 0 ? (v < -INT_MAX ? INT_MAX : (int)-v) : (int)v;
    }
    if (sp->precision_star) {
        LONGLONG v = arg_int(args, 32);
        sp->precision = v < 0 ? -1 : (int)v;
    }
}

size_t w32_format_spec_length(const void *spec, int wide, size_t len, size_t *stars)
{
    struct text t = { spec, wide, len };
    struct spec sp;
    size_t k = 0;

    if (!parse_spec(&t, &k, &sp, 0))
        return 0;
    *stars = sp.width_star + sp.precision_star;
    return k;
}

/* ---- conversions ---- */

static void format_string(struct sink *s, const struct spec *sp, struct w32_format_args *args)
{
    int wide_arg = sp->wide || (!sp->narrow && ((sp->conv == 'S') != s->wide));
    const void *str = arg_ptr(args);
    size_t n = 0, units;
    long long padding;

    if (!str)
        str = wide_arg ? (const void *)u"(null)" : "(null)";
    if (wide_arg)
        while ((sp->precision < 0 || n < (size_t)sp->precision) && ((const WCHAR *)str)[n])
            n++;
    else
        while ((sp->precision < 0 || n < (size_t)sp->precision) && ((const char *)str)[n])
            n++;
    units = string_units(str, wide_arg, n, s->wide);
    padding = sp->width > 0 && (size_t)sp->width > units ? sp->width - (long long)units : 0;
    if (!(sp->flags & F_MINUS))
        pad(s, padding, (sp->flags & F_ZERO) ? '0' : ' ');
    put_string(s, str, wide_arg, n);
    if (sp->flags & F_MINUS)
        pad(s, padding, ' ');
}

static void format_char(struct sink *s, const struct spec *sp, struct w32_format_args *args)
{
    int wide_arg = sp->wide || (!sp->narrow && ((sp->conv == 'C') != s->wide));
    LONGLONG v = arg_int(args, 32);
    WCHAR wc = (WCHAR)v;
    char c = (char)v;

    if (!(sp->flags & F_MINUS))
        pad(s, sp->width - 1LL, ' ');
    if (wide_arg)
        put_string(s, &wc, 1, 1);
    else
        put_string(s, &c, 0, 1);
    if (sp->flags & F_MINUS)
        pad(s, sp->width - 1LL, ' ');
}

/*
 * The C library prints a number's text for a spec without width (the width
 * is padded here) and with a precision of at most precision_max(): past it a
 * number only gains zeros (an integer's leading ones; a double has at most
 * 1074 digits after the point and 767 significant ones, a long double 16445
 * and 11505), and put_field() counts them without printing them.
 */
static bool is_integer(const struct spec *sp)
{
    return strchr("diouxXp", sp->conv) != NULL;
}

static int precision_max(const struct spec *sp)
{
    return !is_integer(sp) && sp->size == 'L' ? 16500 : 1100;
}

static void c_spec(const struct spec *sp, const char *tail, char *out, size_t size)
{
    static const struct { unsigned flag; char c; } flags[] = {
        { F_PLUS, '+' }, { F_SPACE, ' ' }, { F_HASH, '#' },
    };
    int len = 1;

    out[0] = '%';
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        if (sp->flags & flags[i].flag)
            out[len++] = flags[i].c;
    if (sp->precision >= 0)
        len += snprintf(out + len, size - len, ".%d",
                        sp->precision < precision_max(sp) ? sp->precision : precision_max(sp));
    snprintf(out + len, size - len, "%s", tail);
}

/* A number fetched once, to be printed by the C library (twice if it is long). */
struct value {
    enum { VALUE_INT, VALUE_DOUBLE, VALUE_LONG_DOUBLE } kind;
    union {
        long long i;
        double d;
        long double ld;
    } v;
};

static int print_value(char *buf, size_t size, const char *spec, const struct value *value)
{
    switch (value->kind) {
    case VALUE_INT: return snprintf(buf, size, spec, value->v.i);
    case VALUE_DOUBLE: return snprintf(buf, size, spec, value->v.d);
    default: return snprintf(buf, size, spec, value->v.ld);
    }
}

/* The length of the sign and of a "0x" prefix at the start of a number's text. */
static size_t lead_length(const char *text, size_t n)
{
    size_t lead = n && strchr("+- ", text[0]) ? 1 : 0;

    if (n >= lead + 2 && text[lead] == '0' && (text[lead + 1] == 'x' || text[lead + 1] == 'X'))
        lead += 2;
    return lead;
}

static void put_ascii(struct sink *s, const char *text, size_t n)
{
    for (size_t k = 0; k < n; k++)
        put_unit(s, (unsigned char)text[k]);
}

/*
 * Where the zeros of a precision above precision_max() go in text, and how
 * many there are (0 for inf and nan, and for %g without '#', which drops
 * trailing zeros): an integer's after its sign and prefix, a float's before
 * its exponent or at its end.
 */
static size_t extra_zeros(const struct spec *sp, const char *text, size_t n, size_t lead,
                          long long *count)
{
    const char *exponent;

    *count = 0;
    if (sp->precision <= precision_max(sp))
        return lead;
    if (is_integer(sp)) {
        *count = sp->precision - precision_max(sp);
        return lead;
    }
    if (strpbrk(text, "iInN") || (strchr("gG", sp->conv) && !(sp->flags & F_HASH)))
        return n;
    *count = sp->precision - precision_max(sp);
    exponent = strpbrk(text + lead, strchr("aA", sp->conv) ? "pP" : "eE");
    return exponent ? (size_t)(exponent - text) : n;
}

/*
 * The number's text in its field: the width's padding goes around the text,
 * or as zeros after the sign and prefix ('0' flag, but not for inf and nan,
 * nor for an integer with a precision), as printf places it.
 */
static void put_field(struct sink *s, const struct spec *sp, const char *text, size_t n)
{
    size_t lead = lead_length(text, n), at;
    long long extra, padding;
    bool zeros = (sp->flags & F_ZERO) && !(sp->flags & F_MINUS) && !strpbrk(text, "iInN") &&
                 !(is_integer(sp) && sp->precision >= 0);

    at = extra_zeros(sp, text, n, lead, &extra);
    padding = sp->width > 0 ? sp->width - (long long)n - extra : 0;
    if (!(sp->flags & F_MINUS) && !zeros)
        pad(s, padding, ' ');
    put_ascii(s, text, lead);
    if (zeros)
        pad(s, padding, '0');
    put_ascii(s, text + lead, at - lead);
    pad(s, extra, '0');
    put_ascii(s, text + at, n - at);
    if (sp->flags & F_MINUS)
        pad(s, padding, ' ');
}

/* Puts what the C library prints for value with spec (ASCII), in sp's field. */
static void put_value(struct sink *s, const struct spec *sp, const char *spec,
                      const struct value *value)
{
    char small[128], *out = small;
    int n = print_value(small, sizeof(small), spec, value);

    if (n < 0)
        return;
    if (n >= (int)sizeof(small)) {
        out = malloc((size_t)n + 1);
        if (!out)
            return;
        print_value(out, (size_t)n + 1, spec, value);
    }
    put_field(s, sp, out, (size_t)n);
    if (out != small)
        free(out);
}

/* Numbers: the C library's spec with an explicit 64-bit size. */
static void format_number(struct sink *s, const struct spec *sp, struct w32_format_args *args)
{
    struct value value = { VALUE_INT };
    struct spec field = *sp;
    char spec[64], tail[4] = "ll?";
    int is_signed = sp->conv == 'd' || sp->conv == 'i';
    LONGLONG v;

    if (sp->conv == 'p') {
        value.v.i = (LONGLONG)(ULONG_PTR)arg_ptr(args);
        tail[2] = 'X';
        /* The full width of a pointer in upper-case hex, unless the spec says otherwise. */
        if (sp->width < 0 && sp->precision < 0)
            field.precision = (int)sizeof(void *) * 2;
    } else {
        v = arg_int(args, sp->size == 64 ? 64 : 32);
        if (sp->size == 16)
            v = is_signed ? (LONGLONG)(SHORT)v : (LONGLONG)(USHORT)v;
        else if (sp->size == 8)
            v = is_signed ? (LONGLONG)(signed char)v : (LONGLONG)(UCHAR)v;
        else if (sp->size != 64)
            v = is_signed ? (LONGLONG)(LONG)v : (LONGLONG)(DWORD)v;
        value.v.i = v;
        tail[2] = (char)sp->conv;
    }
    c_spec(&field, tail, spec, sizeof(spec));
    put_value(s, &field, spec, &value);
}

static void format_float(struct sink *s, const struct spec *sp, struct w32_format_args *args)
{
    struct value value;
    char spec[64], tail[3] = { 0 };

    if (sp->size == 'L') {
        value.kind = VALUE_LONG_DOUBLE;
        value.v.ld = va_arg(*args->ap, long double);
        tail[0] = 'L', tail[1] = (char)sp->conv;
    } else {
        value.kind = VALUE_DOUBLE;
        value.v.d = va_arg(*args->ap, double);
        tail[0] = (char)sp->conv;
    }
    c_spec(sp, tail, spec, sizeof(spec));
    put_value(s, sp, spec, &value);
}

/* Formats one conversion; false if the spec is not one this mode knows. */
static bool format_one(struct sink *s, const struct spec *sp, struct w32_format_args *args,
                       unsigned mode)
{
    switch (sp->conv) {
    case 's':
    case 'S':
        format_string(s, sp, args);
        return true;
    case 'c':
    case 'C':
        format_char(s, sp, args);
        return true;
    case 'o':
        if (mode & W32_FORMAT_WSPRINTF)
            return false;
        /* fall through */
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'p':
        format_number(s, sp, args);
        return true;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
        if ((mode & W32_FORMAT_NO_FLOAT) || !args->ap)
            return false;
        format_float(s, sp, args);
        return true;
    default:
        return false;
    }
}

static bool takes_argument(unsigned char conv)
{
    return strchr("sScCdiouxXpeEfFgGaA", conv) != NULL;
}

/* A conversion whose arguments are missing prints as the text it is. */
static void put_text(struct sink *s, const struct text *t, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        put_unit(s, unit_at(t, k));
}

size_t w32_format(void *buf, int wide, size_t cap, const void *fmt, unsigned mode,
                  struct w32_format_args *args)
{
    struct sink s = { .wide = wide, .a = wide ? NULL : buf, .w = wide ? buf : NULL, .cap = cap };
    struct text t = { fmt, wide, SIZE_MAX };
    struct spec sp;
    size_t i = 0;

    for (unsigned c; (c = unit_at(&t, i)); ) {
        size_t start = ++i;

        if (c != '%') {
            put_unit(&s, c);
            continue;
        }
        if (parse_spec(&t, &i, &sp, mode) && sp.conv == '%') {
            put_unit(&s, '%');
            continue;
        }
        if (i != start && takes_argument(sp.conv) &&
            !args_there(args, (size_t)sp.width_star + sp.precision_star + 1)) {
            put_text(&s, &t, start - 1, i);
            continue;
        }
        if (i != start)
            take_stars(&sp, args);
        if (i == start || !format_one(&s, &sp, args, mode)) {
            /* Not a conversion: Windows prints the character after the '%'. */
            i = start;
            if ((c = unit_at(&t, i))) {
                put_unit(&s, c);
                i++;
            }
        }
    }
    return s.len;
}
