/*
 * stringapiset.h: MultiByteToWideChar and WideCharToMultiByte. Two code
 * pages exist: UTF-8 itself, and the ANSI code page (CP_ACP, CP_OEMCP,
 * CP_THREAD_ACP), which is UTF-8 too but takes the flags and the default
 * character that Windows accepts for an ANSI code page, so that code written
 * for CP_ACP keeps working. Ill-formed input becomes U+FFFD, one for each
 * maximal ill-formed subsequence, as Windows does.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "error.h"

enum codepage { CODEPAGE_UTF8, CODEPAGE_ANSI, CODEPAGE_UNKNOWN };

#define REPLACEMENT 0xFFFD

static enum codepage codepage_of(UINT cp)
{
    switch (cp) {
    case CP_UTF8:
        return CODEPAGE_UTF8;
    case CP_ACP:
    case CP_OEMCP:
    case CP_THREAD_ACP:
        return CODEPAGE_ANSI;
    default:
        return CODEPAGE_UNKNOWN;
    }
}

static int fail(DWORD error)
{
    w32_set_error(error);
    return 0;
}

/*
 * The code point at s[0..len), len > 0: returns the bytes it takes. An
 * ill-formed sequence gives REPLACEMENT, *bad set, and takes its longest
 * prefix that could begin a well-formed sequence (at least one byte).
 */
static size_t decode_utf8(const unsigned char *s, size_t len, uint32_t *c, bool *bad)
{
    unsigned char b = s[0], lo = 0x80, hi = 0xBF;
    size_t more;
    uint32_t v;

    *bad = false;
    if (b < 0x80) {
        *c = b;
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
        hi = b == 0xF4 ? 0x8F : 0xBF;      /* nothing above U+10FFFF */
    } else {
        *c = REPLACEMENT;
        *bad = true;
        return 1;
    }
    for (size_t i = 1; i <= more; i++) {
        if (i >= len || s[i] < lo || s[i] > hi) {
            *c = REPLACEMENT;
            *bad = true;
            return i;
        }
        v = (v << 6) | (s[i] & 0x3F);
        lo = 0x80, hi = 0xBF;
    }
    *c = v;
    return more + 1;
}

static int utf8_to_utf16(DWORD flags, const unsigned char *src, size_t len, LPWSTR dst,
                         int dstlen)
{
    size_t out = 0;

    for (size_t i = 0; i < len;) {
        uint32_t c;
        bool bad;
        i += decode_utf8(src + i, len - i, &c, &bad);
        if (bad && (flags & MB_ERR_INVALID_CHARS))
            return fail(ERROR_NO_UNICODE_TRANSLATION);
        size_t units = c >= 0x10000 ? 2 : 1;
        if (dstlen) {
            if (out + units > (size_t)dstlen)
                return fail(ERROR_INSUFFICIENT_BUFFER);
            if (units == 2) {
                dst[out] = (WCHAR)(0xD800 + ((c - 0x10000) >> 10));
                dst[out + 1] = (WCHAR)(0xDC00 + ((c - 0x10000) & 0x3FF));
            } else {
                dst[out] = (WCHAR)c;
            }
        }
        out += units;
        if (out > INT32_MAX)
            return fail(ERROR_INSUFFICIENT_BUFFER);
    }
    return (int)out;
}

static bool check_mb_flags(enum codepage cp, DWORD flags)
{
    DWORD allowed = MB_ERR_INVALID_CHARS;

    if (cp == CODEPAGE_ANSI) {
        allowed |= MB_PRECOMPOSED | MB_COMPOSITE | MB_USEGLYPHCHARS;
        if ((flags & MB_PRECOMPOSED) && (flags & MB_COMPOSITE))
            return false;
    }
    return !(flags & ~allowed);
}

int WINAPI MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCSTR lpMultiByteStr,
                               int cbMultiByte, LPWSTR lpWideCharStr, int cchWideChar)
{
    enum codepage cp = codepage_of(CodePage);

    if (!lpMultiByteStr || !cbMultiByte || cchWideChar < 0 || (!lpWideCharStr && cchWideChar) ||
        (const void *)lpMultiByteStr == (const void *)lpWideCharStr)
        return fail(ERROR_INVALID_PARAMETER);
    if (cp == CODEPAGE_UNKNOWN)
        return fail(ERROR_INVALID_PARAMETER);
    if (!check_mb_flags(cp, dwFlags))
        return fail(ERROR_INVALID_FLAGS);
    /* Any negative length means "up to and including the terminator". */
    size_t len = cbMultiByte < 0 ? strlen(lpMultiByteStr) + 1 : (size_t)cbMultiByte;
    return utf8_to_utf16(dwFlags, (const unsigned char *)lpMultiByteStr, len, lpWideCharStr,
                         cchWideChar);
}

/* The code point at s[*i], advancing *i; an unpaired surrogate is *bad. */
static uint32_t next_code_point(LPCWSTR s, size_t len, size_t *i, bool *bad)
{
    uint32_t c = s[(*i)++];

    *bad = false;
    if (c >= 0xD800 && c <= 0xDBFF && *i < len && s[*i] >= 0xDC00 && s[*i] <= 0xDFFF)
        return 0x10000 + ((c - 0xD800) << 10) + (s[(*i)++] - 0xDC00);
    if (c >= 0xD800 && c <= 0xDFFF)
        *bad = true;
    return c;
}

static size_t encode_utf8(uint32_t c, unsigned char *out)
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

/* What replaces an unpaired surrogate: U+FFFD, or the ANSI default character. */
struct replacement {
    LPCSTR default_char;        /* NULL: U+FFFD */
    bool used;
};

static int utf16_to_utf8(DWORD flags, LPCWSTR src, size_t len, unsigned char *dst, int dstlen,
                         struct replacement *r)
{
    size_t out = 0;

    for (size_t i = 0; i < len;) {
        unsigned char bytes[4];
        size_t n;
        bool bad;
        uint32_t c = next_code_point(src, len, &i, &bad);
        if (bad && (flags & WC_ERR_INVALID_CHARS))
            return fail(ERROR_NO_UNICODE_TRANSLATION);
        if (bad) {
            r->used = true;
            if (r->default_char)
                bytes[0] = (unsigned char)r->default_char[0], n = 1;
            else
                n = encode_utf8(REPLACEMENT, bytes);
        } else {
            n = encode_utf8(c, bytes);
        }
        if (dstlen) {
            if (out + n > (size_t)dstlen)
                return fail(ERROR_INSUFFICIENT_BUFFER);
            memcpy(dst + out, bytes, n);
        }
        out += n;
        if (out > INT32_MAX)
            return fail(ERROR_INSUFFICIENT_BUFFER);
    }
    return (int)out;
}

static bool check_wc_flags(enum codepage cp, DWORD flags)
{
    DWORD allowed = WC_ERR_INVALID_CHARS;

    if (cp == CODEPAGE_ANSI)
        allowed |= WC_DISCARDNS | WC_SEPCHARS | WC_DEFAULTCHAR | WC_COMPOSITECHECK |
                   WC_NO_BEST_FIT_CHARS;
    return !(flags & ~allowed);
}

static size_t utf16_len(LPCWSTR s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

int WINAPI WideCharToMultiByte(UINT CodePage, DWORD dwFlags, LPCWSTR lpWideCharStr,
                               int cchWideChar, LPSTR lpMultiByteStr, int cbMultiByte,
                               LPCSTR lpDefaultChar, LPBOOL lpUsedDefaultChar)
{
    enum codepage cp = codepage_of(CodePage);
    struct replacement r = { .default_char = lpDefaultChar };
    int n;

    if (!lpWideCharStr || !cchWideChar || cbMultiByte < 0 || (!lpMultiByteStr && cbMultiByte) ||
        (const void *)lpWideCharStr == (const void *)lpMultiByteStr)
        return fail(ERROR_INVALID_PARAMETER);
    if (cp == CODEPAGE_UNKNOWN)
        return fail(ERROR_INVALID_PARAMETER);
    /* UTF-8 has no default character: asking for one is a parameter error,
     * checked before the flags, as Windows does. */
    if (cp == CODEPAGE_UTF8 && (lpDefaultChar || lpUsedDefaultChar))
        return fail(ERROR_INVALID_PARAMETER);
    if (!check_wc_flags(cp, dwFlags))
        return fail(ERROR_INVALID_FLAGS);
    size_t len = cchWideChar < 0 ? utf16_len(lpWideCharStr) + 1 : (size_t)cchWideChar;
    n = utf16_to_utf8(dwFlags, lpWideCharStr, len, (unsigned char *)lpMultiByteStr, cbMultiByte,
                      &r);
    if (n && lpUsedDefaultChar)
        *lpUsedDefaultChar = r.used;
    return n;
}
