/* crtdefs.h: the invalid parameter handler, and what the C runtime layer's files share. */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include "crt.h"
#include "error.h"
#include "path.h"
#include "unicode.h"

/* NULL: the default, which ends the program as Windows' does. */
static _Atomic(_invalid_parameter_handler) handler;

_invalid_parameter_handler __cdecl _set_invalid_parameter_handler(
    _invalid_parameter_handler pNew)
{
    return atomic_exchange(&handler, pNew);
}

_invalid_parameter_handler __cdecl _get_invalid_parameter_handler(void)
{
    return atomic_load(&handler);
}

/*
 * Windows ends the process (__fastfail, exit code 0xC0000417). Here the
 * program aborts, so that a debugger or a core dump shows where.
 */
void __cdecl _invoke_watson(const wchar_t *expression, const wchar_t *function,
                            const wchar_t *file, unsigned int line, uintptr_t reserved)
{
    fputs("w32shim: invalid parameter passed to a C runtime function\n", stderr);
    abort();
}

void __cdecl _invalid_parameter_noinfo(void)
{
    _invalid_parameter_handler h = atomic_load(&handler);

    if (!h)
        _invoke_watson(NULL, NULL, NULL, 0, 0);
    h(NULL, NULL, NULL, 0, 0);
}

void __cdecl _invalid_parameter_noinfo_noreturn(void)
{
    _invalid_parameter_noinfo();
    _invoke_watson(NULL, NULL, NULL, 0, 0);
}

void w32_crt_invalid(int err)
{
    _invalid_parameter_noinfo();
    errno = err;
}

int w32_crt_fail_from_error(void)
{
    errno = w32_errno_from_error(w32_last_error);
    return -1;
}

char *w32_crt_narrow(const WCHAR *s)
{
    char *narrow = w32_utf16_to_utf8(s);

    if (!narrow)
        errno = ENOMEM;
    return narrow;
}

char *w32_crt_path(const char *path)
{
    char *posix = w32_path_to_posix(path, 0);

    if (!posix)
        w32_crt_fail_from_error();
    return posix;
}

int w32_crt_on_wide(int (*fn)(const char *), const WCHAR *path)
{
    char *narrow = path ? w32_crt_narrow(path) : NULL;
    int result = path && !narrow ? -1 : fn(narrow);

    free(narrow);
    return result;
}
