/*
 * Conformance: tchar.h's _t names of the C runtime functions under
 * _UNICODE, as a Visual Studio project built for Unicode calls them:
 * _tfopen, _taccess, _tstat, _tmkdir, _tgetcwd, _tsplitpath, _itot,
 * _tcscpy_s, _stprintf_s, _tgetenv, ...
 */
#define UNICODE
#define _UNICODE
#include "conformance.h"
#include <direct.h>
#include <errno.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tchar.h>

static int tcs_eq(const TCHAR *a, const TCHAR *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static TCHAR dir[MAX_PATH], file[MAX_PATH];

static void test_paths(void)
{
    TCHAR tmp[MAX_PATH], cwd[MAX_PATH], buf[32];
    struct _stat st;
    FILE *f;

    GetTempPath(MAX_PATH, tmp);
    ok(_stprintf_s(dir, MAX_PATH, _T("%sw32shim_tchar_%lu"), tmp,
                   (unsigned long)GetCurrentProcessId()) > 0,
       "_stprintf_s");
    ok(_tmkdir(dir) == 0, "_tmkdir");
    ok(_tcscpy_s(file, MAX_PATH, dir) == 0 && _tcscat_s(file, MAX_PATH, _T("\\f.txt")) == 0,
       "_tcscpy_s and _tcscat_s");
    f = _tfopen(file, _T("wb"));
    ok(f != NULL && fputs("data", f) >= 0, "_tfopen");
    if (f)
        fclose(f);
    ok(_taccess(file, 0) == 0, "_taccess");
    ok(_tstat(file, &st) == 0 && st.st_size == 4, "_tstat");
    ok(_tchdir(dir) == 0 && _tgetcwd(cwd, MAX_PATH) == cwd, "_tchdir and _tgetcwd");
    ok(_tchdir(tmp) == 0, "_tchdir back");
    {
        TCHAR drive[_MAX_DRIVE], sdir[_MAX_DIR], fname[_MAX_FNAME], ext[_MAX_EXT];

        _tsplitpath(_T("C:\\a\\b.c"), drive, sdir, fname, ext);
        ok(tcs_eq(fname, _T("b")) && tcs_eq(ext, _T(".c")), "_tsplitpath");
    }
    ok(tcs_eq(_itot(-7, buf, 10), _T("-7")), "_itot");
    ok(_tunlink(file) == 0 && _trmdir(dir) == 0, "_tunlink and _trmdir");
}

static void test_environment(void)
{
    ok(_tputenv(_T("W32SHIM_TCHAR_VAR=yes")) == 0, "_tputenv");
    ok(_tgetenv(_T("W32SHIM_TCHAR_VAR")) && tcs_eq(_tgetenv(_T("W32SHIM_TCHAR_VAR")), _T("yes")),
       "_tgetenv");
    ok(_tputenv_s(_T("W32SHIM_TCHAR_VAR"), _T("")) == 0 && !_tgetenv(_T("W32SHIM_TCHAR_VAR")),
       "_tputenv_s removes it");
}

/* tchar.h's character stepping under _UNICODE: one UTF-16 unit a character. */
static void test_stepping(void)
{
    const TCHAR *s = _T("abc");
    TCHAR buf[8], c[2] = _T("x");

    ok(_tcsinc(s) == s + 1 && _tcsninc(s, 2) == s + 2, "_tcsinc, _tcsninc");
    ok(_tcsdec(s, s + 2) == s + 1 && _tcsdec(s, s) == NULL, "_tcsdec: NULL at the start");
    ok(_tcsnextc(_T("\x20ac")) == 0x20ac, "_tcsnextc");
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
           tcs_eq(_tcsnccat(buf, _T("x"), 4), _T("abx")),
       "_tcsnccpy, _tcsnccat");
    _tccpy(c, s);
    ok(c[0] == 'a' && _tclen(s) == 1 && _tccmp(s, c) == 0 && _tccmp(_T("\x20ac"), s) > 0,
       "_tccpy, _tclen, _tccmp");
}

CONFORMANCE_MAIN(test_stepping, test_paths, test_environment)
