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

CONFORMANCE_MAIN(test_paths, test_environment)
