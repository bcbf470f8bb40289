/* The UTF-8/UTF-16 codec (lib/unicode.h states its policy). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "unicode.h"

static bool is_surrogate(uint32_t c)
{
    return c >= 0xD800 && c <= 0xDFFF;
}

static bool is_high(uint32_t c)
{
    return c >= 0xD800 && c <= 0xDBFF;
}

/* The unpaired low surrogates that stand for the bytes 0x80..0xFF in names. */
static bool is_byte_escape(uint32_t c)
{
    return c >= 0xDC80 && c <= 0xDCFF;
}

size_t w32_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char b = s[0], lo = 0x80, hi = 0xBF;
    size_t more;
    uint32_t v;

    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        more = 1, v = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        more = 2, v = b & 0x0F;
        lo = b == 0xE0 ? 0xA0 : 0x80;      /* no overlong forms */
        hi = b == 0xED ? 0x9F : 0xBF;      /* no surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        more = 3, v = b & 0x07;
        lo = b == 0xF0 ? 0x90 : 0x80;
        hi = b == 0xF4 ? 0x8F : 0xBF;      /* nothing past U+10FFFF */
    } else {
        *cp = W32_UTF8_BAD;
        return 1;
    }
    for (size_t i = 1; i <= more; i++) {
        if (i >= len || s[i] < lo || s[i] > hi) {
            *cp = W32_UTF8_BAD;
            return i;
        }
        v = (v << 6) | (s[i] & 0x3F);
        lo = 0x80, hi = 0xBF;
    }
    *cp = v;
    return more + 1;
}

size_t w32_utf8_encode(uint32_t c, unsigned char *out)
{
    if (c < 0x80) {
        out[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (unsigned char)(0xC0 | (c >> 6));
        out[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (c >> 12));
        out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (c >> 18));
    out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

uint32_t w32_utf16_next(const WCHAR *s, size_t len, size_t *i)
{
    uint32_t c = s[(*i)++];

    if (is_high(c) && *i < len && s[*i] >= 0xDC00 && s[*i] <= 0xDFFF)
        c = 0x10000 + ((c - 0xD800) << 10) + (s[(*i)++] - 0xDC00);
    return c;
}

size_t w32_utf16_put(uint32_t c, WCHAR *out)
{
    if (c < 0x10000) {
        if (out)
            out[0] = (WCHAR)c;
        return 1;
    }
    if (out) {
        out[0] = (WCHAR)(0xD800 + ((c - 0x10000) >> 10));
        out[1] = (WCHAR)(0xDC00 + ((c - 0x10000) & 0x3FF));
    }
    return 2;
}

/*
 * UTF-16 to bytes, for both uses: an unpaired surrogate is U+FFFD in text;
 * in a name it is WTF-8, or the byte it stands for.
 */
static size_t from_utf16(const WCHAR *s, size_t len, char *out, bool name)
{
    size_t bytes = 0;

    for (size_t i = 0; i < len;) {
        unsigned char seq[4];
        uint32_t c = w32_utf16_next(s, len, &i);
        size_t n;

        if (name && is_byte_escape(c)) {
            seq[0] = (unsigned char)(c - 0xDC00);
            n = 1;
        } else {
            n = w32_utf8_encode(!name && is_surrogate(c) ? W32_REPLACEMENT : c, seq);
        }
        if (out)
            memcpy(out + bytes, seq, n);
        bytes += n;
    }
    return bytes;
}

/* ---- text ---- */

/* The conversion, stopping before the unit limit would be passed; *used the bytes taken. */
static size_t text_to_utf16(const unsigned char *s, size_t len, WCHAR *out, size_t limit,
                            size_t *used)
{
    size_t units = 0, i = 0;

    while (i < len) {
        uint32_t c;
        size_t n = w32_utf8_decode(s + i, len - i, &c);

        if (c == W32_UTF8_BAD)
            c = W32_REPLACEMENT;
        if (units + (c >= 0x10000 ? 2 : 1) > limit)
            break;
        units += w32_utf16_put(c, out ? out + units : NULL);
        i += n;
    }
    *used = i;
    return units;
}

size_t w32_utf8_to_utf16n(const char *s, size_t len, WCHAR *out)
{
    size_t used;

    return text_to_utf16((const unsigned char *)s, len, out, SIZE_MAX, &used);
}

size_t w32_utf8_prefix(const char *s, size_t len, size_t units)
{
    size_t used;

    text_to_utf16((const unsigned char *)s, len, NULL, units, &used);
    return used;
}

size_t w32_utf16_to_utf8n(const WCHAR *s, size_t len, char *out)
{
    return from_utf16(s, len, out, false);
}

/* ---- names ---- */

/* The surrogate that the WTF-8 sequence at s encodes, or 0 if there is none. */
static uint32_t wtf8_surrogate(const unsigned char *s, size_t len)
{
    if (len >= 3 && s[0] == 0xED && s[1] >= 0xA0 && s[1] <= 0xBF && (s[2] & 0xC0) == 0x80)
        return 0xD000 | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return 0;
}

/* Whether the first unit decoded from s[0..len) is a low surrogate (a decoded
 * one, or a byte escape); s starts right after a run of high surrogates. */
static bool starts_low(const unsigned char *s, size_t len)
{
    uint32_t c;

    if (len == 0)
        return false;
    w32_utf8_decode(s, len, &c);
    return c == W32_UTF8_BAD;   /* a low WTF-8 surrogate, or a byte that is escaped */
}

/* Puts unit u at out[*units] (out may be NULL) and counts it. */
static void put_unit(WCHAR *out, size_t *units, uint32_t u)
{
    if (out)
        out[*units] = (WCHAR)u;
    (*units)++;
}

/*
 * A run of WTF-8 high surrogates at s: decoded if the unit after the run is
 * not a low surrogate (it would pair with the last of them), else every byte
 * of the run is escaped. Returns the bytes taken.
 */
static size_t name_highs(const unsigned char *s, size_t len, WCHAR *out, size_t *units)
{
    size_t end = 0;

    while (is_high(wtf8_surrogate(s + end, len - end)))
        end += 3;
    if (starts_low(s + end, len - end)) {
        for (size_t i = 0; i < end; i++)
            put_unit(out, units, 0xDC00 + s[i]);
    } else {
        for (size_t i = 0; i < end; i += 3)
            put_unit(out, units, wtf8_surrogate(s + i, len - i));
    }
    return end;
}

size_t w32_name_to_utf16n(const char *name, size_t len, WCHAR *out)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t units = 0, i = 0;

    while (i < len) {
        uint32_t c, sur;
        size_t n = w32_utf8_decode(s + i, len - i, &c);

        if (c != W32_UTF8_BAD) {
            units += w32_utf16_put(c, out ? out + units : NULL);
            i += n;
        } else if (is_high(sur = wtf8_surrogate(s + i, len - i))) {
            i += name_highs(s + i, len - i, out, &units);
        } else if (sur && !is_byte_escape(sur)) {
            put_unit(out, &units, sur);     /* a low one: nothing before it is a high one */
            i += 3;
        } else {
            put_unit(out, &units, 0xDC00 + s[i]);
            i++;
        }
    }
    return units;
}

size_t w32_name_from_utf16n(const WCHAR *s, size_t len, char *out)
{
    return from_utf16(s, len, out, true);
}

static size_t utf16_len(LPCWSTR s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

char *w32_utf16_to_utf8(LPCWSTR s)
{
    size_t len = utf16_len(s);
    /* Each UTF-16 unit becomes at most three bytes; a pair becomes four. */
    char *result = malloc(len * 3 + 1);

    if (result)
        result[w32_name_from_utf16n(s, len, result)] = '\0';
    return result;
}

WCHAR *w32_name_to_utf16(const char *s)
{
    size_t len = strlen(s);
    /* Each byte becomes at most one unit. */
    WCHAR *result = malloc((len + 1) * sizeof(WCHAR));

    if (result)
        result[w32_name_to_utf16n(s, len, result)] = 0;
    return result;
}
