/*
 * Conformance: string.h's Microsoft functions (_stricmp, _strnicmp, _strdup,
 * _strlwr, _strupr, _strrev, strcpy_s, strcat_s, strncpy_s, strncat_s,
 * memcpy_s, memmove_s, strtok_s) and the wide bounded ones (wcscpy_s,
 * wcscat_s, wcsncpy_s, swprintf_s, _snwprintf_s, _wcslwr, _wcsupr).
 */
#include "conformance.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <tchar.h>
#include <wchar.h>

#ifndef STRUNCATE
#define STRUNCATE 80
#endif

static int invalid_calls;

static void __cdecl count_invalid(const wchar_t *expression, const wchar_t *function,
                                  const wchar_t *file, unsigned int line, uintptr_t reserved)
{
    invalid_calls++;
}

static int wide_eq(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static void test_compare(void)
{
    ok(_stricmp("Hello", "hELLO") == 0, "_stricmp ignores case");
    ok(_stricmp("abc", "ABD") < 0 && _stricmp("b", "A") > 0, "_stricmp orders");
    ok(_stricmp("_", "A") < 0, "'_' sorts before the letters, compared lowercased");
    ok(_strnicmp("abcX", "ABCy", 3) == 0 && _strnicmp("abcX", "ABCy", 4) != 0, "_strnicmp");
    ok(_strcmpi("MiXeD", "mixed") == 0, "_strcmpi");
    ok(_memicmp("AbC\0x", "aBc\0y", 4) == 0 && _memicmp("AbC\0x", "aBc\0y", 5) != 0, "_memicmp");
    errno = 0;
    ok(_stricmp(NULL, "a") == _NLSCMPERROR, "_stricmp(NULL): _NLSCMPERROR");
    /* Wine's msvcrt leaves errno alone here and calls no handler; Windows' does both. */
    todo_wine_ok(errno == EINVAL, "and EINVAL");
}

static void test_case_and_copies(void)
{
    char s[] = "MiXeD 123", *d;

    ok(_strlwr(s) == s && strcmp(s, "mixed 123") == 0, "_strlwr");
    ok(_strupr(s) == s && strcmp(s, "MIXED 123") == 0, "_strupr");
    ok(_strrev(s) == s && strcmp(s, "321 DEXIM") == 0, "_strrev");
    /* Wine's _strnset returns the end of what it set, not the string. */
    todo_wine_ok(_strnset(s, '*', 3) == s, "_strnset returns the string");
    ok(strcmp(s, "*** DEXIM") == 0, "_strnset sets the first count chars");
    ok(_strset(s, '-') == s && strcmp(s, "---------") == 0, "_strset");
    d = _strdup("copy");
    ok(d && strcmp(d, "copy") == 0, "_strdup");
    free(d);
    ok(_strdup(NULL) == NULL, "_strdup(NULL) is NULL");
    ok(_strlwr_s(s, sizeof(s)) == 0, "_strlwr_s");
    ok(_strupr_s(s, 3) == EINVAL && s[0] == 0, "_strupr_s on a string longer than its size: EINVAL");
}

static void test_strcpy_s(void)
{
    char buf[8];
    int calls = invalid_calls;

    ok(strcpy_s(buf, sizeof(buf), "seven!!") == 0 && strcmp(buf, "seven!!") == 0, "strcpy_s");
    memset(buf, 'x', sizeof(buf));
    ok(strcpy_s(buf, sizeof(buf), "eight!!!") == ERANGE && buf[0] == 0, "too long: ERANGE, emptied");
    todo_wine_ok(invalid_calls == calls + 1, "through the handler");
    ok(strcpy_s(NULL, 8, "a") == EINVAL, "NULL destination: EINVAL");
    buf[0] = 'x';
    ok(strcpy_s(buf, sizeof(buf), NULL) == EINVAL && buf[0] == 0, "NULL source: EINVAL, emptied");
    ok(strcpy_s(buf, 0, "a") == EINVAL, "size 0: EINVAL");
}

static void test_strcat_s(void)
{
    char buf[8] = "abc";

    ok(strcat_s(buf, sizeof(buf), "defg") == 0 && strcmp(buf, "abcdefg") == 0, "strcat_s");
    ok(strcat_s(buf, sizeof(buf), "h") == ERANGE && buf[0] == 0, "too long: ERANGE, emptied");
    memset(buf, 'x', sizeof(buf));
    ok(strcat_s(buf, sizeof(buf), "a") != 0 && buf[0] == 0, "an unterminated destination fails");
    memset(buf, 'x', sizeof(buf));
    /* Wine says ERANGE. */
    todo_wine_ok(strcat_s(buf, sizeof(buf), "a") == EINVAL, "with EINVAL");
}

static void test_strncpy_s(void)
{
    char buf[6];

    ok(strncpy_s(buf, sizeof(buf), "abcdefgh", 3) == 0 && strcmp(buf, "abc") == 0,
       "strncpy_s copies count chars and terminates");
    ok(strncpy_s(buf, sizeof(buf), "ab", 10) == 0 && strcmp(buf, "ab") == 0,
       "a short source is copied whole");
    ok(strncpy_s(buf, sizeof(buf), "abcdefgh", _TRUNCATE) == STRUNCATE && strcmp(buf, "abcde") == 0,
       "_TRUNCATE: as much as fits, STRUNCATE");
    ok(strncpy_s(buf, sizeof(buf), "abcdefgh", 6) == ERANGE && buf[0] == 0,
       "count past the size: ERANGE");
    ok(strncpy_s(buf, sizeof(buf), NULL, 0) == 0 && buf[0] == 0, "NULL source, count 0: empty");
    ok(strncat_s(buf, sizeof(buf), "xyz", 2) == 0 && strcmp(buf, "xy") == 0, "strncat_s");
    ok(strncat_s(buf, sizeof(buf), "12345", _TRUNCATE) == STRUNCATE && strcmp(buf, "xy123") == 0,
       "strncat_s with _TRUNCATE");
}

static void test_memcpy_s(void)
{
    char dst[4] = "abc", src[8] = "1234567";

    ok(memcpy_s(dst, sizeof(dst), src, 3) == 0 && memcmp(dst, "123", 3) == 0, "memcpy_s");
    ok(memcpy_s(dst, sizeof(dst), src, 5) == ERANGE && memcmp(dst, "\0\0\0\0", 4) == 0,
       "too much: ERANGE, the destination zeroed");
    ok(memcpy_s(dst, sizeof(dst), NULL, 1) == EINVAL, "NULL source: EINVAL");
    ok(memcpy_s(NULL, 0, NULL, 0) == 0, "nothing to copy: 0");
    ok(memmove_s(src + 1, 7, src, 3) == 0 && memcmp(src, "1123", 4) == 0, "memmove_s overlaps");
    ok(memmove_s(dst, 2, src, 3) == ERANGE, "memmove_s too much: ERANGE");
}

static void test_strtok_s(void)
{
    char s[] = " a,b ,,c ", *ctx = NULL, *t;
    int n = 0;

    for (t = strtok_s(s, " ,", &ctx); t; t = strtok_s(NULL, " ,", &ctx))
        n++;
    ok(n == 3, "strtok_s finds three tokens");
    ok(strnlen_s("abcdef", 3) == 3 && strnlen_s(NULL, 3) == 0, "strnlen_s");
}

static void test_wide(void)
{
    WCHAR buf[8];

    ok(wcscpy_s(buf, 8, W("wide")) == 0 && wide_eq(buf, W("wide")), "wcscpy_s");
    ok(wcscat_s(buf, 8, W("abc")) == 0 && wide_eq(buf, W("wideabc")), "wcscat_s");
    ok(wcscat_s(buf, 8, W("x")) == ERANGE && buf[0] == 0, "wcscat_s too long: ERANGE");
    ok(wcsncpy_s(buf, 8, W("abcdefghij"), _TRUNCATE) == STRUNCATE && wide_eq(buf, W("abcdefg")),
       "wcsncpy_s with _TRUNCATE");
    ok(_wcsupr(buf) == buf && wide_eq(buf, W("ABCDEFG")), "_wcsupr");
    ok(_wcslwr(buf) == buf && wide_eq(buf, W("abcdefg")), "_wcslwr");
    ok(swprintf_s(buf, 8, W("%d-%s"), 42, W("ab")) == 5 && wide_eq(buf, W("42-ab")), "swprintf_s");
    ok(swprintf_s(buf, 4, W("%d"), 12345) == -1 && buf[0] == 0, "swprintf_s too long: -1, emptied");
    ok(_snwprintf_s(buf, 8, _TRUNCATE, W("%s"), W("0123456789")) == -1 && wide_eq(buf, W("0123456")),
       "_snwprintf_s with _TRUNCATE");
    ok(_snwprintf_s(buf, 8, 3, W("%s"), W("abcdef")) == -1 && wide_eq(buf, W("abc")),
       "_snwprintf_s cut to count");
}

static void test_setup(void)
{
    _set_invalid_parameter_handler(count_invalid);
    ok(1, "handler set");
}

/* tchar.h's character stepping without _UNICODE: one byte a character. */
static void test_tchar_stepping(void)
{
    const TCHAR *s = _T("abc");
    TCHAR buf[8], c[2] = _T("x");

    ok(_tcsinc(s) == s + 1 && _tcsninc(s, 2) == s + 2, "_tcsinc, _tcsninc");
    ok(_tcsdec(s, s + 2) == s + 1 && _tcsdec(s, s) == NULL, "_tcsdec: NULL at the start");
    ok(_tcsnextc(_T("\xe9")) == 0xe9, "_tcsnextc is unsigned: %u", _tcsnextc(_T("\xe9")));
#ifndef __MINGW32__ /* mingw-w64's msvcrt import library lacks __strncnt and __wcsncnt */
    ok(_tcsnccnt(s, 2) == 2 && _tcsnccnt(s, 10) == 3 && _tcsnbcnt(s, 0) == 0,
       "_tcsnccnt, _tcsnbcnt stop at the NUL or the count");
#endif
    ok(_tcsspnp(_T("aab"), _T("a")) != NULL && *_tcsspnp(_T("aab"), _T("a")) == 'b',
       "_tcsspnp finds the first character not in the set");
    ok(_tcsspnp(_T("aaa"), _T("a")) == NULL, "_tcsspnp: NULL when every character is in the set");
    ok(_tcsclen(s) == 3 && _tcsnccmp(s, _T("abd"), 2) == 0 && _tcsncicmp(s, _T("ABD"), 2) == 0,
       "_tcsclen, _tcsnccmp, _tcsncicmp");
    memset(buf, 0, sizeof(buf));
    ok(_tcsnccpy(buf, _T("ab"), 5) == buf && buf[1] == 'b' && buf[4] == 0 &&
           _tcscmp(_tcsnccat(buf, _T("x"), 4), _T("abx")) == 0,
       "_tcsnccpy, _tcsnccat");
    _tcsnset(buf, '-', 2);
    ok(_tcscmp(buf, _T("--x")) == 0, "_tcsnset");
    ok(_tcsset(buf, '+') == buf && _tcscmp(buf, _T("+++")) == 0, "_tcsset");
    _tccpy(c, s);
    ok(c[0] == 'a' && _tclen(s) == 1 && _tccmp(s, c) == 0 && _tccmp(_T("\xe9"), s) > 0,
       "_tccpy, _tclen, _tccmp (unsigned)");
}

CONFORMANCE_MAIN(test_tchar_stepping, test_setup, test_compare, test_case_and_copies, test_strcpy_s, test_strcat_s,
                 test_strncpy_s, test_memcpy_s, test_strtok_s, test_wide)
