/*
 * Conformance: stdlib.h's Microsoft additions: _splitpath(_s), _makepath(_s),
 * _itoa and friends, _atoi64, _strtoi64, _aligned_malloc, rand_s, and the
 * environment functions (_putenv, _putenv_s, getenv_s, _dupenv_s, _wgetenv,
 * _wputenv).
 */
#define _CRT_RAND_S /* Microsoft's stdlib.h declares rand_s only then */
#include "conformance.h"
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void __cdecl ignore_invalid(const wchar_t *expression, const wchar_t *function,
                                   const wchar_t *file, unsigned int line, uintptr_t reserved)
{
}

static int wide_eq(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static void test_splitpath(void)
{
    char drive[_MAX_DRIVE], dir[_MAX_DIR], fname[_MAX_FNAME], ext[_MAX_EXT];
    char small[3];

    _splitpath("C:\\dir\\sub/file.tar.gz", drive, dir, fname, ext);
    ok(!strcmp(drive, "C:") && !strcmp(dir, "\\dir\\sub/") && !strcmp(fname, "file.tar") &&
           !strcmp(ext, ".gz"),
       "_splitpath (%s|%s|%s|%s)", drive, dir, fname, ext);
    _splitpath("name", drive, dir, fname, ext);
    ok(!drive[0] && !dir[0] && !strcmp(fname, "name") && !ext[0], "a bare name");
    _splitpath("dir.d\\noext", NULL, dir, fname, ext);
    ok(!strcmp(dir, "dir.d\\") && !strcmp(fname, "noext") && !ext[0], "a dot in the directory");
    ok(_splitpath_s("C:\\a\\b.c", drive, sizeof(drive), dir, sizeof(dir), fname, sizeof(fname),
                    ext, sizeof(ext)) == 0 && !strcmp(fname, "b"),
       "_splitpath_s");
    _set_invalid_parameter_handler(ignore_invalid);
    ok(_splitpath_s("C:\\a\\long.c", NULL, 0, NULL, 0, small, sizeof(small), NULL, 0) == ERANGE &&
           small[0] == 0,
       "a part too long: ERANGE, emptied");
    ok(_splitpath_s("x", drive, 0, NULL, 0, NULL, 0, NULL, 0) == EINVAL,
       "a buffer without a size: EINVAL");
}

static void test_makepath(void)
{
    char path[_MAX_PATH];
    WCHAR wpath[_MAX_PATH];

    _makepath(path, "C", "\\dir", "file", "txt");
    ok(!strcmp(path, "C:\\dir\\file.txt"), "_makepath adds the colon, backslash and dot (%s)",
       path);
    _makepath(path, NULL, "dir/", "f", ".c");
    ok(!strcmp(path, "dir/f.c"), "keeps a slash and a dot that are there");
    ok(_makepath_s(path, sizeof(path), "D:", NULL, "x", NULL) == 0 && !strcmp(path, "D:x"),
       "_makepath_s");
    ok(_makepath_s(path, 4, NULL, "dir", "file", NULL) == ERANGE && path[0] == 0,
       "too long: ERANGE");
    _wmakepath(wpath, W("C"), W("d"), W("f"), W("e"));
    ok(wide_eq(wpath, W("C:d\\f.e")), "_wmakepath");
}

static void test_itoa(void)
{
    char buf[72];
    WCHAR wbuf[72];

    ok(!strcmp(_itoa(-123, buf, 10), "-123"), "_itoa, radix 10");
    ok(!strcmp(_itoa(255, buf, 16), "ff") && !strcmp(_itoa(5, buf, 2), "101"), "radix 16 and 2");
    ok(!strcmp(_itoa(-1, buf, 16), "ffffffff"), "a negative value in radix 16: two's complement");
    ok(!strcmp(_i64toa(-(1LL << 40), buf, 10), "-1099511627776"), "_i64toa");
    ok(!strcmp(_ui64toa(0xffffffffffffffffULL, buf, 36), "3w5e11264sgsf"), "_ui64toa, radix 36");
    ok(!strcmp(_ultoa(4000000000UL, buf, 10), "4000000000"), "_ultoa");
    ok(_itoa_s(12345, buf, 5, 10) == ERANGE && buf[0] == 0, "_itoa_s too small: ERANGE");
    ok(_itoa_s(12345, buf, 6, 10) == 0 && !strcmp(buf, "12345"), "_itoa_s exactly");
    ok(_itoa_s(1, buf, sizeof(buf), 1) == EINVAL, "a bad radix: EINVAL");
    ok(wide_eq(_itow(-42, wbuf, 10), W("-42")), "_itow");
    ok(_atoi64("-9000000000x") == -9000000000LL, "_atoi64");
    ok(_strtoi64("0x10", NULL, 16) == 16 && _strtoui64("777", NULL, 8) == 511, "_strtoi64");
}

static void test_aligned_malloc(void)
{
    void *p = _aligned_malloc(100, 64), *q;

    ok(p && ((uintptr_t)p & 63) == 0, "_aligned_malloc aligns");
    memset(p, 7, 100);
    q = _aligned_realloc(p, 4000, 64);
    ok(q && ((uintptr_t)q & 63) == 0 && ((char *)q)[99] == 7, "_aligned_realloc keeps the data");
    _aligned_free(q);
    _aligned_free(NULL);
    errno = 0;
    ok(_aligned_malloc(10, 3) == NULL && errno == EINVAL, "an alignment not a power of 2: EINVAL");
}

/* _alloca (<malloc.h>): stack memory of the calling function, usable to its end. */
static void test_alloca(void)
{
    char *a = _alloca(100), *b = alloca(100);

    ok(a != NULL && b != NULL && a != b, "two blocks: %p and %p", (void *)a, (void *)b);
    memset(a, 'a', 100);
    memset(b, 'b', 100);
    ok(a[0] == 'a' && a[99] == 'a' && b[0] == 'b' && b[99] == 'b', "each keeps its bytes");
}

static void test_rand_s(void)
{
    unsigned int a = 0, b = 0;
    int differ = 0;

    for (int i = 0; i < 4; i++) {
        ok(rand_s(&a) == 0 && rand_s(&b) == 0, "rand_s");
        differ |= a != b;
    }
    ok(differ, "gives different values");
    ok(rand_s(NULL) == EINVAL, "rand_s(NULL): EINVAL");
}

static void test_environment(void)
{
    char buf[64];
    size_t len = 0;
#if !defined(__MINGW32__) || defined(_UCRT)
    char *dup = NULL;
#endif
    WCHAR *wide;

    ok(_putenv("W32SHIM_CRT_VAR=one") == 0, "_putenv");
    ok(getenv_s(&len, buf, sizeof(buf), "W32SHIM_CRT_VAR") == 0 && len == 4 && !strcmp(buf, "one"),
       "getenv_s");
    ok(getenv_s(&len, buf, sizeof(buf), "w32shim_crt_var") == 0 && !strcmp(buf, "one"),
       "names ignore case");
    ok(getenv_s(&len, buf, 2, "W32SHIM_CRT_VAR") == ERANGE && len == 4, "too small: ERANGE");
    /* Documented behaviours Wine's msvcrt does not have (it says EINVAL, or ERANGE). */
    todo_wine_ok(getenv_s(&len, NULL, 0, "W32SHIM_CRT_VAR") == 0 && len == 4, "asking the size");
#if !defined(__MINGW32__) || defined(_UCRT) /* msvcrt.dll, mingw-w64's C runtime, lacks it */
    ok(_dupenv_s(&dup, &len, "W32SHIM_CRT_VAR") == 0 && dup && !strcmp(dup, "one") && len == 4,
       "_dupenv_s");
    free(dup);
#endif
    wide = _wgetenv(W("W32SHIM_CRT_VAR"));
    ok(wide && wide_eq(wide, W("one")), "_wgetenv");
    ok(_wputenv(W("W32SHIM_CRT_VAR=two")) == 0 && _wgetenv(W("W32SHIM_CRT_VAR")) &&
           wide_eq(_wgetenv(W("W32SHIM_CRT_VAR")), W("two")),
       "_wputenv");
    ok(_putenv_s("W32SHIM_CRT_VAR", "three") == 0 && GetEnvironmentVariableA("W32SHIM_CRT_VAR",
                                                                              buf, sizeof(buf)) == 5,
       "_putenv_s, seen by GetEnvironmentVariable");
    ok(_putenv("W32SHIM_CRT_VAR=") == 0, "_putenv(\"NAME=\") removes it");
#if !defined(__MINGW32__) || defined(_UCRT)
    dup = (char *)1;
    ok(_dupenv_s(&dup, &len, "W32SHIM_CRT_VAR") == 0 && dup == NULL && len == 0,
       "_dupenv_s of a missing variable: NULL");
#endif
    todo_wine_ok(getenv_s(&len, buf, sizeof(buf), "W32SHIM_CRT_VAR") == 0 && len == 0 &&
                     buf[0] == 0,
                 "getenv_s of a missing variable: empty");
    ok(_wgetenv(W("W32SHIM_CRT_VAR")) == NULL, "_wgetenv of a missing variable: NULL");
    ok(_putenv("NOEQUALS") == -1, "_putenv without '=' fails");
}

CONFORMANCE_MAIN(test_splitpath, test_makepath, test_itoa, test_aligned_malloc, test_alloca, test_rand_s,
                 test_environment)
