/*
 * The lstr and Char functions, and wsprintf and strsafe.h's printf forms on
 * the printf engine of lib/format.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strsafe.h>
#include "error.h"
#include "format.h"
#include "unicode.h"

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
    n = w32_format(dest, wide, cchDest - 1, format, 0, &(struct w32_format_args){ .ap = &copy });
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
                   &(struct w32_format_args){ .ap = &copy });
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
