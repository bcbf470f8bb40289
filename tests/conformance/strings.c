/* Conformance: the lstr and Char functions and strsafe.h. */
#include "conformance.h"
/* strsafe.h would otherwise rename lstrcpy and friends to stop their use. */
#define STRSAFE_NO_DEPRECATE
#include <strsafe.h>

static int wide_eq(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static void test_lstrlen(void)
{
    int n;

    SetLastError(0xdeadbeef);
    n = lstrlenA(NULL);
    ok(n == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "lstrlenA(NULL) = %d", n);
    SetLastError(0xdeadbeef);
    n = lstrlenW(NULL);
    ok(n == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "lstrlenW(NULL) = %d", n);
    ok(lstrlenA("abc") == 3, "lstrlenA = %d", lstrlenA("abc"));
    ok(lstrlenW(W("abcd")) == 4, "lstrlenW = %d", lstrlenW(W("abcd")));
}

static void test_lstrcpyn(void)
{
    char buf[8];
    WCHAR wbuf[8];

    ok(lstrcpynA(buf, "abcdefghij", 5) == buf && !strcmp(buf, "abcd"), "lstrcpynA gave %s", buf);
    ok(lstrcpynW(wbuf, W("abcdef"), 3) == wbuf && wide_eq(wbuf, W("ab")), "lstrcpynW wrong");
    ok(lstrcpynA(buf, "xyz", 1) == buf && buf[0] == 0, "lstrcpynA(1) did not terminate");
}

static void test_lstrcpy_lstrcat(void)
{
    char buf[16];
    WCHAR wbuf[16];

    ok(lstrcpyA(buf, "ab") == buf && lstrcatA(buf, "cd") == buf && !strcmp(buf, "abcd"),
       "lstrcpyA/lstrcatA gave %s", buf);
    lstrcpyW(wbuf, W("x"));
    lstrcatW(wbuf, W("yz"));
    ok(wide_eq(wbuf, W("xyz")), "lstrcpyW/lstrcatW wrong");
    SetLastError(0xdeadbeef);
    ok(lstrcpyA(buf, NULL) == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
       "lstrcpyA(NULL source) error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(lstrcatA(NULL, "x") == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
       "lstrcatA(NULL) error %lu", GetLastError());
}

static void test_lstrcmp(void)
{
    static const struct {
        const char *a, *b;
        int cmp, cmpi;
    } cases[] = {
        { "a", "B", -1, -1 },
        { "a", "A", -1, 0 },
        { "Z", "a", 1, 1 },
        { "ab", "abc", -1, -1 },
        { "1", "a", -1, -1 },
        { "_", "a", -1, -1 },
        { "a'b", "ab", 1, 1 },
        { "same", "same", 0, 0 },
        { "HeLLo", "hello", 1, 0 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int r = lstrcmpA(cases[i].a, cases[i].b), ri = lstrcmpiA(cases[i].a, cases[i].b);
        ok(r == cases[i].cmp, "lstrcmpA(%s, %s) = %d", cases[i].a, cases[i].b, r);
        ok(ri == cases[i].cmpi, "lstrcmpiA(%s, %s) = %d", cases[i].a, cases[i].b, ri);
    }
    ok(lstrcmpW(W("a"), W("B")) == -1, "lstrcmpW(a, B) = %d", lstrcmpW(W("a"), W("B")));
    ok(lstrcmpiW(W("ABC"), W("abc")) == 0, "lstrcmpiW(ABC, abc) = %d",
       lstrcmpiW(W("ABC"), W("abc")));
}

static void test_char_upper_lower(void)
{
    char s[] = "aBc1-";
    WCHAR w[] = W("x\x00e9\x0444");

    ok(CharUpperA(s) == s && !strcmp(s, "ABC1-"), "CharUpperA gave %s", s);
    ok(CharLowerA(s) == s && !strcmp(s, "abc1-"), "CharLowerA gave %s", s);
    ok(CharUpperW(w) == w && wide_eq(w, W("X\x00c9\x0424")), "CharUpperW wrong");
    ok(CharUpperA((LPSTR)(ULONG_PTR)'x') == (LPSTR)(ULONG_PTR)'X', "CharUpperA('x') wrong");
    ok(CharLowerW((LPWSTR)(ULONG_PTR)0xC9) == (LPWSTR)(ULONG_PTR)0xE9, "CharLowerW(0xC9) wrong");
    ok(CharUpperBuffA(s, 2) == 2 && !strcmp(s, "ABc1-"), "CharUpperBuffA gave %s", s);
    ok(CharLowerBuffW(w, 1) == 1 && wide_eq(w, W("x\x00c9\x0424")), "CharLowerBuffW wrong");
}

static void test_strsafe_copy(void)
{
    char buf[8] = "xyz";
    WCHAR wbuf[4];

    ok(StringCchCopyA(buf, 8, "1234567") == S_OK && !strcmp(buf, "1234567"), "fit: %s", buf);
    ok(StringCchCopyA(buf, 8, "123456789") == STRSAFE_E_INSUFFICIENT_BUFFER &&
           !strcmp(buf, "1234567"),
       "truncated: %s", buf);
    ok(StringCchCopyA(buf, 0, "a") == STRSAFE_E_INVALID_PARAMETER, "count 0 accepted");
    ok(StringCchCopyW(wbuf, 4, W("hello")) == STRSAFE_E_INSUFFICIENT_BUFFER &&
           wide_eq(wbuf, W("hel")),
       "StringCchCopyW truncation wrong");
    ok(StringCbCopyW(wbuf, sizeof(wbuf), W("ok")) == S_OK && wide_eq(wbuf, W("ok")),
       "StringCbCopyW wrong");
    ok(StringCchCopyNA(buf, 8, "abcdef", 3) == S_OK && !strcmp(buf, "abc"), "CopyN: %s", buf);
}

static void test_strsafe_cat_length(void)
{
    char buf[8] = "abc", full[4] = { 'a', 'b', 'c', 'd' };
    size_t n = 99;

    ok(StringCchCatA(buf, 8, "de") == S_OK && !strcmp(buf, "abcde"), "cat: %s", buf);
    ok(StringCchCatA(buf, 8, "fghij") == STRSAFE_E_INSUFFICIENT_BUFFER && !strcmp(buf, "abcdefg"),
       "cat truncated: %s", buf);
    ok(StringCchCatA(full, 4, "x") == STRSAFE_E_INVALID_PARAMETER, "unterminated dest accepted");
    ok(StringCchLengthA("hello", 6, &n) == S_OK && n == 5, "length: %u", (unsigned)n);
    ok(StringCchLengthA("hello", 5, &n) == STRSAFE_E_INVALID_PARAMETER && n == 0,
       "length over the limit: %u", (unsigned)n);
    ok(StringCbLengthW(W("abc"), 100, &n) == S_OK && n == 6, "StringCbLengthW: %u", (unsigned)n);
}

static void test_strsafe_printf(void)
{
    char buf[5];
    WCHAR wbuf[16];

    ok(StringCchPrintfA(buf, 5, "%d", 123456) == STRSAFE_E_INSUFFICIENT_BUFFER &&
           !strcmp(buf, "1234"),
       "printf truncated: %s", buf);
    ok(StringCchPrintfA(buf, 5, "%d", 1234) == S_OK && !strcmp(buf, "1234"), "exact: %s", buf);
    ok(StringCchPrintfW(wbuf, 16, W("%s-%d"), W("w"), 7) == S_OK && wide_eq(wbuf, W("w-7")),
       "StringCchPrintfW wrong");
}

static void test_strsafe_ex(void)
{
    char buf[8], *end = NULL;
    size_t rem = 0;
    HRESULT hr;

    hr = StringCchCopyExA(buf, 8, "abc", &end, &rem, 0);
    ok(hr == S_OK && end == buf + 3 && rem == 5, "CopyEx: %lx, end +%d, %u left", (unsigned long)hr,
       (int)(end - buf), (unsigned)rem);
    hr = StringCchCopyExA(buf, 8, "ab", NULL, NULL, STRSAFE_FILL_BYTE('x'));
    ok(hr == S_OK && !memcmp(buf, "ab\0xxxxx", 8), "FILL_BEHIND_NULL: %lx", (unsigned long)hr);
    hr = StringCchCopyExA(buf, 4, "abcdef", &end, &rem, STRSAFE_NULL_ON_FAILURE);
    ok(hr == STRSAFE_E_INSUFFICIENT_BUFFER && buf[0] == 0 && end == buf && rem == 4,
       "NULL_ON_FAILURE: %lx %s", (unsigned long)hr, buf);
    strcpy(buf, "ab");
    hr = StringCchCatExA(buf, 4, "cdef", &end, &rem, STRSAFE_NO_TRUNCATION);
    ok(hr == STRSAFE_E_INSUFFICIENT_BUFFER && !strcmp(buf, "ab") && end == buf + 2,
       "NO_TRUNCATION: %lx %s", (unsigned long)hr, buf);
    hr = StringCchCopyExA(buf, 8, NULL, NULL, NULL, STRSAFE_IGNORE_NULLS);
    ok(hr == S_OK && buf[0] == 0, "IGNORE_NULLS: %lx", (unsigned long)hr);
    hr = StringCchPrintfExA(buf, 8, &end, &rem, 0, "%d", 42);
    ok(hr == S_OK && end == buf + 2 && rem == 6, "PrintfEx: %lx", (unsigned long)hr);
}

static void test_CharLowerBuffA_lowers_exactly_the_count_given(void)
{
    char s[] = "ABCDE";

    ok(CharLowerBuffA(s, 3) == 3 && !strcmp(s, "abcDE"), "CharLowerBuffA gave %s", s);
    ok(CharLowerBuffA(s, 0) == 0 && !strcmp(s, "abcDE"), "count 0 changed %s", s);
    ok(CharLowerBuffA(s, 5) == 5 && !strcmp(s, "abcde"), "CharLowerBuffA gave %s", s);
}

static void test_CharUpperBuffW_uppers_exactly_the_count_given(void)
{
    WCHAR w[] = W("ab\x00e9\x0444z");
    WCHAR nul[] = { 'a', 0, 'b', 'c' };

    ok(CharUpperBuffW(w, 4) == 4 && wide_eq(w, W("AB\x00c9\x0424z")), "CharUpperBuffW wrong");
    ok(CharUpperBuffW(w, 0) == 0 && wide_eq(w, W("AB\x00c9\x0424z")), "count 0 changed it");
    /* MS docs: exactly cchLength characters, null characters included. */
    ok(CharUpperBuffW(nul, 3) == 3 && nul[0] == 'A' && nul[1] == 0 && nul[2] == 'B' &&
           nul[3] == 'c',
       "a null character stopped CharUpperBuffW");
}

static HRESULT vprintf_a(char *buf, size_t cch, const char *fmt, ...)
{
    va_list args;
    HRESULT hr;

    va_start(args, fmt);
    hr = StringCchVPrintfA(buf, cch, fmt, args);
    va_end(args);
    return hr;
}

static HRESULT vprintf_w(WCHAR *buf, size_t cch, const WCHAR *fmt, ...)
{
    va_list args;
    HRESULT hr;

    va_start(args, fmt);
    hr = StringCchVPrintfW(buf, cch, fmt, args);
    va_end(args);
    return hr;
}

static void test_StringCchVPrintfA_formats_truncates_and_rejects_zero_count(void)
{
    char buf[6] = "#####";

    ok(vprintf_a(buf, 6, "%s%d", "ab", 12) == S_OK && !strcmp(buf, "ab12"), "fit: %s", buf);
    ok(vprintf_a(buf, 6, "%d-%d", 1234, 5678) == STRSAFE_E_INSUFFICIENT_BUFFER &&
           !strcmp(buf, "1234-"),
       "truncated: %s", buf);
    strcpy(buf, "keep");
    ok(vprintf_a(buf, 0, "%d", 1) == STRSAFE_E_INVALID_PARAMETER && !strcmp(buf, "keep"),
       "count 0: %s", buf);
    ok(vprintf_a(buf, (size_t)STRSAFE_MAX_CCH + 1, "%d", 1) == STRSAFE_E_INVALID_PARAMETER,
       "count over STRSAFE_MAX_CCH accepted");
}

static void test_StringCchVPrintfW_formats_truncates_and_rejects_zero_count(void)
{
    WCHAR buf[6];

    ok(vprintf_w(buf, 6, W("%s%d"), W("ab"), 12) == S_OK && wide_eq(buf, W("ab12")), "fit");
    ok(vprintf_w(buf, 6, W("%d-%d"), 1234, 5678) == STRSAFE_E_INSUFFICIENT_BUFFER &&
           wide_eq(buf, W("1234-")),
       "truncated");
    ok(vprintf_w(buf, 0, W("%d"), 1) == STRSAFE_E_INVALID_PARAMETER && wide_eq(buf, W("1234-")),
       "count 0");
    ok(vprintf_w(buf, (size_t)STRSAFE_MAX_CCH + 1, W("%d"), 1) == STRSAFE_E_INVALID_PARAMETER,
       "count over STRSAFE_MAX_CCH accepted");
}

CONFORMANCE_MAIN(test_lstrlen, test_lstrcpyn, test_lstrcpy_lstrcat, test_lstrcmp,
                 test_char_upper_lower, test_strsafe_copy, test_strsafe_cat_length,
                 test_strsafe_printf, test_strsafe_ex,
                 test_CharLowerBuffA_lowers_exactly_the_count_given,
                 test_CharUpperBuffW_uppers_exactly_the_count_given,
                 test_StringCchVPrintfA_formats_truncates_and_rejects_zero_count,
                 test_StringCchVPrintfW_formats_truncates_and_rejects_zero_count)
