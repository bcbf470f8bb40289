/*
 * stringapiset.h: MultiByteToWideChar and WideCharToMultiByte. Two code
 * pages exist: UTF-8 itself, and the ANSI code page (CP_ACP, CP_OEMCP,
 * CP_THREAD_ACP), which is UTF-8 too but takes the flags and the default
 * character that Windows accepts for an ANSI code page, so that code written
 * for CP_ACP keeps working. The codec is lib/unicode.c's: ill-formed input
 * becomes U+FFFD, one for each maximal ill-formed subsequence, as Windows does.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "error.h"
#include "unicode.h"

enum codepage { CODEPAGE_UTF8, CODEPAGE_ANSI, CODEPAGE_UNKNOWN };

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

static int utf8_to_utf16(DWORD flags, const unsigned char *src, size_t len, LPWSTR dst,
                         int dstlen)
{
    size_t out = 0;

    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += w32_utf8_decode(src + i, len - i, &c);
        if (c == W32_UTF8_BAD && (flags & MB_ERR_INVALID_CHARS))
            return fail(ERROR_NO_UNICODE_TRANSLATION);
        if (c == W32_UTF8_BAD)
            c = W32_REPLACEMENT;
        size_t units = c >= 0x10000 ? 2 : 1;
        if (dstlen) {
            if (out + units > (size_t)dstlen)
                return fail(ERROR_INSUFFICIENT_BUFFER);
            w32_utf16_put(c, dst + out);
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
        uint32_t c = w32_utf16_next(src, len, &i);
        bool bad = c >= 0xD800 && c <= 0xDFFF;      /* an unpaired surrogate */
        if (bad && (flags & WC_ERR_INVALID_CHARS))
            return fail(ERROR_NO_UNICODE_TRANSLATION);
        if (bad) {
            r->used = true;
            if (r->default_char)
                bytes[0] = (unsigned char)r->default_char[0], n = 1;
            else
                n = w32_utf8_encode(W32_REPLACEMENT, bytes);
        } else {
            n = w32_utf8_encode(c, bytes);
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

/* ---- what the code pages are ---- */

/* The ANSI and OEM code pages are UTF-8, as on Windows with the UTF-8 code
 * page setting: GetACP and GetOEMCP say which code page CP_ACP and CP_OEMCP
 * convert with. */
/* w32shim has no locale database: every thread's locale is en-US, the
 * locale whose conventions (".", English names) the library's formatting
 * follows. */
LCID WINAPI GetThreadLocale(void)
{
    return MAKELCID(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), SORT_DEFAULT);
}

UINT WINAPI GetACP(void)
{
    return CP_UTF8;
}

UINT WINAPI GetOEMCP(void)
{
    return CP_UTF8;
}

/* A code page number itself, not the CP_ACP family of aliases, which
 * Windows does not call valid either. */
BOOL WINAPI IsValidCodePage(UINT CodePage)
{
    if (CodePage == CP_UTF8)
        return TRUE;
    /* Windows leaves the last error alone for the aliases and sets it for the rest. */
    if (CodePage > CP_THREAD_ACP)
        w32_set_error(ERROR_INVALID_PARAMETER);
    return FALSE;
}

/* UTF-8's description; false with the error set for a code page we cannot convert. */
static bool utf8_cpinfo(UINT cp, CPINFO *info)
{
    if (!info || codepage_of(cp) == CODEPAGE_UNKNOWN)
        return fail(ERROR_INVALID_PARAMETER);
    memset(info, 0, sizeof(*info));
    info->MaxCharSize = 4;
    info->DefaultChar[0] = '?';
    return true;
}

BOOL WINAPI GetCPInfo(UINT CodePage, LPCPINFO lpCPInfo)
{
    return utf8_cpinfo(CodePage, lpCPInfo);
}

static const char utf8_name[] = "65001 (UTF-8)";

BOOL WINAPI GetCPInfoExW(UINT CodePage, DWORD dwFlags, LPCPINFOEXW lpCPInfoEx)
{
    CPINFO info;

    (void)dwFlags;      /* reserved; Windows ignores it */
    if (!utf8_cpinfo(CodePage, &info) || !lpCPInfoEx)
        return fail(ERROR_INVALID_PARAMETER);
    memset(lpCPInfoEx, 0, sizeof(*lpCPInfoEx));
    lpCPInfoEx->MaxCharSize = info.MaxCharSize;
    memcpy(lpCPInfoEx->DefaultChar, info.DefaultChar, sizeof(info.DefaultChar));
    lpCPInfoEx->UnicodeDefaultChar = W32_REPLACEMENT;
    lpCPInfoEx->CodePage = CP_UTF8;
    for (size_t i = 0; i < sizeof(utf8_name); i++)
        lpCPInfoEx->CodePageName[i] = (WCHAR)utf8_name[i];
    return TRUE;
}

BOOL WINAPI GetCPInfoExA(UINT CodePage, DWORD dwFlags, LPCPINFOEXA lpCPInfoEx)
{
    CPINFOEXW wide;

    if (!lpCPInfoEx)
        return fail(ERROR_INVALID_PARAMETER);
    if (!GetCPInfoExW(CodePage, dwFlags, &wide))
        return FALSE;
    memset(lpCPInfoEx, 0, sizeof(*lpCPInfoEx));
    lpCPInfoEx->MaxCharSize = wide.MaxCharSize;
    memcpy(lpCPInfoEx->DefaultChar, wide.DefaultChar, sizeof(wide.DefaultChar));
    lpCPInfoEx->UnicodeDefaultChar = wide.UnicodeDefaultChar;
    lpCPInfoEx->CodePage = wide.CodePage;
    memcpy(lpCPInfoEx->CodePageName, utf8_name, sizeof(utf8_name));
    return TRUE;
}

/* ---- the code page of the file functions ---- */

/* Whether the A file functions use the ANSI code page (else the OEM one).
 * Both are UTF-8, so the choice is recorded and reported, and changes no
 * conversion. */
static atomic_bool file_apis_oem;

BOOL WINAPI AreFileApisANSI(void)
{
    return !atomic_load_explicit(&file_apis_oem, memory_order_relaxed);
}

void WINAPI SetFileApisToANSI(void)
{
    atomic_store_explicit(&file_apis_oem, false, memory_order_relaxed);
}

void WINAPI SetFileApisToOEM(void)
{
    atomic_store_explicit(&file_apis_oem, true, memory_order_relaxed);
}
