/*
 * w32shim: 16-bit wide-string functions of the C runtime (lib/wide.c).
 *
 * glibc's wcs* functions work on its 4-byte wchar_t; Windows code works on
 * 2-byte UTF-16 WCHAR strings. The library exports 16-bit versions under
 * its own names, w32shim_wcslen and so on, which never clash with glibc's.
 * tchar.h's UNICODE mappings call them directly.
 *
 * Wide mode: code that writes raw L"..." literals is built with
 * `pkg-config --cflags w32shim-wide`: -fshort-wchar, which makes wchar_t the
 * same 16-bit type as WCHAR, and -include w32shim_wchar.h, so that this
 * header comes first in every source. In that mode it maps the standard
 * names (wcslen, swprintf, wprintf, ...) to the w32shim_ versions, so the
 * unchanged source calls them. It includes glibc's <wchar.h>, <wctype.h> and
 * <stdio.h> before defining the macros, so that their declarations keep
 * their own names. Other glibc functions of wchar_t (mbstowcs, wcsftime,
 * fgetws, ...) remain 4-byte ones and must not be called in this mode.
 *
 * The printf family follows MSVCRT in wide calls: %s and %c take a wide
 * string or character, %S and %C a narrow (UTF-8) one; %hs/%hc are always
 * narrow, %ls/%lc/%ws/%wc always wide. I64, I32 and I are accepted as
 * length modifiers. wprintf, vwprintf and fwprintf write UTF-8.
 */
#ifndef W32SHIM_WCHAR_H
#define W32SHIM_WCHAR_H

#include <stdarg.h>
#include <stdio.h>
#include <winnt.h>

#if __SIZEOF_WCHAR_T__ == 2 && !defined(_WIN32)
#define W32SHIM_WIDE_MODE 1
#include <wchar.h>
#include <wctype.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI size_t w32shim_wcslen(const WCHAR *s);
WINBASEAPI size_t w32shim_wcsnlen(const WCHAR *s, size_t max);
WINBASEAPI WCHAR *w32shim_wcscpy(WCHAR *dst, const WCHAR *src);
WINBASEAPI WCHAR *w32shim_wcsncpy(WCHAR *dst, const WCHAR *src, size_t n);
WINBASEAPI WCHAR *w32shim_wcscat(WCHAR *dst, const WCHAR *src);
WINBASEAPI WCHAR *w32shim_wcsncat(WCHAR *dst, const WCHAR *src, size_t n);
WINBASEAPI int w32shim_wcscmp(const WCHAR *a, const WCHAR *b);
WINBASEAPI int w32shim_wcsncmp(const WCHAR *a, const WCHAR *b, size_t n);
WINBASEAPI int w32shim__wcsicmp(const WCHAR *a, const WCHAR *b);
WINBASEAPI int w32shim__wcsnicmp(const WCHAR *a, const WCHAR *b, size_t n);
WINBASEAPI WCHAR *w32shim_wcschr(const WCHAR *s, WCHAR c);
WINBASEAPI WCHAR *w32shim_wcsrchr(const WCHAR *s, WCHAR c);
WINBASEAPI WCHAR *w32shim_wcsstr(const WCHAR *haystack, const WCHAR *needle);
WINBASEAPI WCHAR *w32shim__wcsdup(const WCHAR *s);
WINBASEAPI long w32shim_wcstol(const WCHAR *s, WCHAR **end, int base);
WINBASEAPI unsigned long w32shim_wcstoul(const WCHAR *s, WCHAR **end, int base);
WINBASEAPI int w32shim__wtoi(const WCHAR *s);
WINBASEAPI long w32shim__wtol(const WCHAR *s);
WINBASEAPI unsigned int w32shim_towupper(unsigned int c);
WINBASEAPI unsigned int w32shim_towlower(unsigned int c);

/*
 * swprintf and vswprintf are the ISO forms (a count): on overflow they store
 * a truncated, terminated string and return -1. _snwprintf and _vsnwprintf
 * are MSVCRT's: on overflow they return -1 and do not terminate; output of
 * exactly count characters is stored unterminated and count is returned.
 */
WINBASEAPI int w32shim_swprintf(WCHAR *buf, size_t count, const WCHAR *format, ...);
WINBASEAPI int w32shim_vswprintf(WCHAR *buf, size_t count, const WCHAR *format, va_list args);
WINBASEAPI int w32shim__snwprintf(WCHAR *buf, size_t count, const WCHAR *format, ...);
WINBASEAPI int w32shim__vsnwprintf(WCHAR *buf, size_t count, const WCHAR *format,
                                   va_list args);
/* These return the number of UTF-16 units formatted, -1 if writing fails. */
WINBASEAPI int w32shim_wprintf(const WCHAR *format, ...);
WINBASEAPI int w32shim_vwprintf(const WCHAR *format, va_list args);
WINBASEAPI int w32shim_fwprintf(FILE *stream, const WCHAR *format, ...);
WINBASEAPI int w32shim_vfwprintf(FILE *stream, const WCHAR *format, va_list args);

#ifdef W32SHIM_WIDE_MODE
#undef wcslen
#undef wcsnlen
#undef wcscpy
#undef wcsncpy
#undef wcscat
#undef wcsncat
#undef wcscmp
#undef wcsncmp
#undef wcschr
#undef wcsrchr
#undef wcsstr
#undef wcstol
#undef wcstoul
#undef towupper
#undef towlower
#undef swprintf
#undef vswprintf
#undef wprintf
#undef vwprintf
#undef fwprintf
#undef vfwprintf
#define wcslen w32shim_wcslen
#define wcsnlen w32shim_wcsnlen
#define wcscpy w32shim_wcscpy
#define wcsncpy w32shim_wcsncpy
#define wcscat w32shim_wcscat
#define wcsncat w32shim_wcsncat
#define wcscmp w32shim_wcscmp
#define wcsncmp w32shim_wcsncmp
#define wcschr w32shim_wcschr
#define wcsrchr w32shim_wcsrchr
#define wcsstr w32shim_wcsstr
#define wcstol w32shim_wcstol
#define wcstoul w32shim_wcstoul
#define towupper w32shim_towupper
#define towlower w32shim_towlower
#define swprintf w32shim_swprintf
#define vswprintf w32shim_vswprintf
#define wprintf w32shim_wprintf
#define vwprintf w32shim_vwprintf
#define fwprintf w32shim_fwprintf
#define vfwprintf w32shim_vfwprintf
#define _wcsicmp w32shim__wcsicmp
#define _wcsnicmp w32shim__wcsnicmp
#define _wcsdup w32shim__wcsdup
#define wcsdup w32shim__wcsdup
#define _wtoi w32shim__wtoi
#define _wtol w32shim__wtol
#define _snwprintf w32shim__snwprintf
#define _vsnwprintf w32shim__vsnwprintf
#endif

#ifdef __cplusplus
}
#endif

#endif
