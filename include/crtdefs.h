/*
 * w32shim: crtdefs.h: the base types and macros of Microsoft's C runtime.
 *
 * The CRT headers of w32shim (process.h, io.h, direct.h, and the additions
 * to <stdio.h>, <stdlib.h>, <string.h>, <wchar.h>, ...) share these. Only
 * compiler headers are included here, never a C library one, so that
 * w32shim_wchar.h, which wide mode includes before a program's first line,
 * can include this one too without fixing the program's feature-test
 * macros.
 */
#ifndef W32SHIM_CRTDEFS_H
#define W32SHIM_CRTDEFS_H

#include <stddef.h>
#include <w32shim_dialect.h>

#ifdef __cplusplus
extern "C" {
#endif

#define _CRTIMP __attribute__((visibility("default")))
#define _CRTIMP2 _CRTIMP
#define _CRTNOALIAS
#define _CRTRESTRICT
#define _CRT_INSECURE_DEPRECATE(replacement)
#define _CRT_DEPRECATE_TEXT(text)
#define _CRT_NONSTDC_DEPRECATE(replacement)
#define _CRT_OBSOLETE(replacement)
#define _CRT_STRINGIZE_(x) #x
#define _CRT_STRINGIZE(x) _CRT_STRINGIZE_(x)
#define _CRT_WIDE_(s) W32SHIM_WTEXT(s)
#define _CRT_WIDE(s) _CRT_WIDE_(s)
#define _CRT_APPEND(a, b) a##b
#define _CRT_INT_MAX 2147483647
#define _CRT_SIZE_MAX ((size_t)-1)
#define __CRTDECL __cdecl

#ifndef _ERRNO_T_DEFINED
#define _ERRNO_T_DEFINED
typedef int errno_t;
#endif
/* Microsoft's <stdio.h>, <string.h> and the other CRT headers make intptr_t
 * and uintptr_t reachable, as mingw-w64's do; the compiler's own types, the
 * C library's (a second typedef of the same type is allowed in C11 and C++). */
#ifndef __intptr_t_defined
#define __intptr_t_defined
typedef __INTPTR_TYPE__ intptr_t;
#endif
#ifndef _UINTPTR_T_DEFINED
#define _UINTPTR_T_DEFINED
typedef __UINTPTR_TYPE__ uintptr_t;
#endif
#ifndef _RSIZE_T_DEFINED
#define _RSIZE_T_DEFINED
typedef size_t rsize_t;
#endif
#ifndef _TIME64_T_DEFINED
#define _TIME64_T_DEFINED
typedef long long __time64_t;
#endif
#ifndef _TIME32_T_DEFINED
#define _TIME32_T_DEFINED
typedef int __time32_t;
#endif

/* The count argument that makes the bounded (_s) functions truncate. */
#define _TRUNCATE ((size_t)-1)
/* errno of a bounded function that truncated (MSVC's <errno.h>). */
#define STRUNCATE 80

#ifndef _countof
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Microsoft's compiler knows _alloca without a header, and programs declare
 * it themselves ("void *__cdecl _alloca(size_t);", which this turns into a
 * declaration of the builtin) rather than include <malloc.h>. */
#ifndef _alloca
#define _alloca(size) __builtin_alloca(size)
#endif

/*
 * Invalid parameters. A CRT function given a parameter its documentation
 * forbids (a NULL buffer, a destination too small for a bounded copy)
 * calls the invalid parameter handler; if the handler returns, the
 * function fails with the errno its documentation gives. The default
 * handler ends the program, as Windows' does (exit code 0xC0000417,
 * STATUS_INVALID_CRUNTIME_PARAMETER); the expression, function, file and
 * line arguments are always NULL and 0, as in Windows' release runtime, so
 * their wchar_t (2 bytes on Windows, 4 here but in wide mode) never
 * matters: a handler written for Windows compiles unchanged.
 */
typedef void (__cdecl *_invalid_parameter_handler)(const wchar_t *expression,
                                                   const wchar_t *function, const wchar_t *file,
                                                   unsigned int line, __UINTPTR_TYPE__ reserved);
_CRTIMP _invalid_parameter_handler __cdecl
_set_invalid_parameter_handler(_invalid_parameter_handler handler);
_CRTIMP _invalid_parameter_handler __cdecl _get_invalid_parameter_handler(void);
_CRTIMP void __cdecl _invalid_parameter_noinfo(void);
_CRTIMP __attribute__((__noreturn__)) void __cdecl _invalid_parameter_noinfo_noreturn(void);
_CRTIMP __attribute__((__noreturn__)) void __cdecl _invoke_watson(
    const wchar_t *expression, const wchar_t *function, const wchar_t *file, unsigned int line,
    __UINTPTR_TYPE__ reserved);

#ifdef __cplusplus
}
#endif

#endif
