/*
 * w32shim: 16-bit wide-string functions of the C runtime (lib/wide.c).
 *
 * glibc's wcs* functions work on its 4-byte wchar_t; Windows code works on
 * 2-byte UTF-16 WCHAR strings. The library exports 16-bit versions under
 * its own names, w32shim_wcslen and so on, which never clash with glibc's.
 * The names that are Microsoft's alone (_wcsicmp, _snwprintf, ...) are
 * declared here as themselves, bound to those symbols, in every mode.
 *
 * Wide mode: code that writes raw L"..." literals is built with
 * `pkg-config --cflags w32shim-wide` (or w32shim-cc -fshort-wchar):
 * -fshort-wchar, which makes wchar_t 2 bytes, and -include w32shim_wchar.h,
 * so that this header comes first in every source. In that mode it also
 * declares the standard names (wcslen, swprintf, wprintf, ...) bound by an
 * asm label to the w32shim_ symbols, before glibc declares them: glibc's
 * later declarations agree with these and keep the binding, in C and in
 * C++ (where <cwchar> undefines any macro of those names), and no macro
 * renames anything. w32shim's <wchar.h>, <wctype.h>, <tchar.h> and
 * <windows.h> include this header too in wide mode, so a source compiled
 * with -fshort-wchar alone gets the same binding from its first include of
 * one of them.
 *
 * It includes no C library header (only the compiler's <stddef.h> and
 * <stdarg.h>), so being first changes none of the program's feature-test
 * macros. It turns _FORTIFY_SOURCE off: glibc's checked wide functions
 * assume a 4-byte wchar_t. Other glibc functions of wchar_t (mbstowcs,
 * wcsftime, fgetws, and in C++ std::wstring's and std::wcout's compiled
 * parts) remain 4-byte ones and must not be used in this mode.
 *
 * The printf family follows MSVCRT in wide calls: %s and %c take a wide
 * string or character, %S and %C a narrow (UTF-8) one; %hs/%hc are always
 * narrow, %ls/%lc/%ws/%wc always wide. I64, I32 and I are accepted as
 * length modifiers. wprintf, vwprintf and fwprintf write UTF-8.
 */
#ifndef W32SHIM_WCHAR_H
#define W32SHIM_WCHAR_H

#include <stdarg.h>
#include <stddef.h>
#include <crtdefs.h>

#ifdef W32SHIM_WIDE_MODE
#undef _FORTIFY_SOURCE
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* glibc's FILE, named without <stdio.h>. */
struct _IO_FILE;

#define W32SHIM_WFN __attribute__((visibility("default")))

W32SHIM_WFN size_t w32shim_wcslen(const W32SHIM_WCHAR_TYPE *s);
W32SHIM_WFN size_t w32shim_wcsnlen(const W32SHIM_WCHAR_TYPE *s, size_t max);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *w32shim_wcscpy(W32SHIM_WCHAR_TYPE *dst,
                                              const W32SHIM_WCHAR_TYPE *src);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *w32shim_wcsncpy(W32SHIM_WCHAR_TYPE *dst,
                                               const W32SHIM_WCHAR_TYPE *src, size_t n);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *w32shim_wcscat(W32SHIM_WCHAR_TYPE *dst,
                                              const W32SHIM_WCHAR_TYPE *src);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *w32shim_wcsncat(W32SHIM_WCHAR_TYPE *dst,
                                               const W32SHIM_WCHAR_TYPE *src, size_t n);
W32SHIM_WFN int w32shim_wcscmp(const W32SHIM_WCHAR_TYPE *a, const W32SHIM_WCHAR_TYPE *b);
W32SHIM_WFN int w32shim_wcsncmp(const W32SHIM_WCHAR_TYPE *a, const W32SHIM_WCHAR_TYPE *b,
                                size_t n);
W32SHIM_WFN int w32shim__wcsicmp(const W32SHIM_WCHAR_TYPE *a, const W32SHIM_WCHAR_TYPE *b);
W32SHIM_WFN int w32shim__wcsnicmp(const W32SHIM_WCHAR_TYPE *a, const W32SHIM_WCHAR_TYPE *b,
                                  size_t n);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *w32shim_wcschr(const W32SHIM_WCHAR_TYPE *s,
                                              W32SHIM_WCHAR_TYPE c);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *w32shim_wcsrchr(const W32SHIM_WCHAR_TYPE *s,
                                               W32SHIM_WCHAR_TYPE c);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *w32shim_wcsstr(const W32SHIM_WCHAR_TYPE *haystack,
                                              const W32SHIM_WCHAR_TYPE *needle);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *w32shim__wcsdup(const W32SHIM_WCHAR_TYPE *s);
W32SHIM_WFN long w32shim_wcstol(const W32SHIM_WCHAR_TYPE *s, W32SHIM_WCHAR_TYPE **end,
                                int base);
W32SHIM_WFN unsigned long w32shim_wcstoul(const W32SHIM_WCHAR_TYPE *s,
                                          W32SHIM_WCHAR_TYPE **end, int base);
W32SHIM_WFN int w32shim__wtoi(const W32SHIM_WCHAR_TYPE *s);
W32SHIM_WFN long w32shim__wtol(const W32SHIM_WCHAR_TYPE *s);
W32SHIM_WFN unsigned int w32shim_towupper(unsigned int c);
W32SHIM_WFN unsigned int w32shim_towlower(unsigned int c);

/*
 * swprintf and vswprintf are the ISO forms (a count): on overflow they store
 * a truncated, terminated string and return -1. _snwprintf and _vsnwprintf
 * are MSVCRT's: on overflow they return -1 and do not terminate; output of
 * exactly count characters is stored unterminated and count is returned.
 */
W32SHIM_WFN int w32shim_swprintf(W32SHIM_WCHAR_TYPE *buf, size_t count,
                                 const W32SHIM_WCHAR_TYPE *format, ...);
W32SHIM_WFN int w32shim_vswprintf(W32SHIM_WCHAR_TYPE *buf, size_t count,
                                  const W32SHIM_WCHAR_TYPE *format, va_list args);
W32SHIM_WFN int w32shim__snwprintf(W32SHIM_WCHAR_TYPE *buf, size_t count,
                                   const W32SHIM_WCHAR_TYPE *format, ...);
W32SHIM_WFN int w32shim__vsnwprintf(W32SHIM_WCHAR_TYPE *buf, size_t count,
                                    const W32SHIM_WCHAR_TYPE *format, va_list args);
/* These return the number of UTF-16 units formatted, -1 if writing fails. */
W32SHIM_WFN int w32shim_wprintf(const W32SHIM_WCHAR_TYPE *format, ...);
W32SHIM_WFN int w32shim_vwprintf(const W32SHIM_WCHAR_TYPE *format, va_list args);
W32SHIM_WFN int w32shim_fwprintf(struct _IO_FILE *stream, const W32SHIM_WCHAR_TYPE *format,
                                 ...);
W32SHIM_WFN int w32shim_vfwprintf(struct _IO_FILE *stream, const W32SHIM_WCHAR_TYPE *format,
                                  va_list args);

/* Microsoft's own names, in every mode: nothing in glibc has them. */
#define W32SHIM_AS(name) __asm__(#name)
int _wcsicmp(const W32SHIM_WCHAR_TYPE *a, const W32SHIM_WCHAR_TYPE *b)
    W32SHIM_AS(w32shim__wcsicmp);
int _wcsnicmp(const W32SHIM_WCHAR_TYPE *a, const W32SHIM_WCHAR_TYPE *b, size_t n)
    W32SHIM_AS(w32shim__wcsnicmp);
W32SHIM_WCHAR_TYPE *_wcsdup(const W32SHIM_WCHAR_TYPE *s) W32SHIM_AS(w32shim__wcsdup);
int _wtoi(const W32SHIM_WCHAR_TYPE *s) W32SHIM_AS(w32shim__wtoi);
long _wtol(const W32SHIM_WCHAR_TYPE *s) W32SHIM_AS(w32shim__wtol);
int _snwprintf(W32SHIM_WCHAR_TYPE *buf, size_t count, const W32SHIM_WCHAR_TYPE *format, ...)
    W32SHIM_AS(w32shim__snwprintf);
int _vsnwprintf(W32SHIM_WCHAR_TYPE *buf, size_t count, const W32SHIM_WCHAR_TYPE *format,
                va_list args) W32SHIM_AS(w32shim__vsnwprintf);

/* Microsoft's wide string functions of the C runtime (lib/crt_string.c). */
W32SHIM_WFN errno_t wcscpy_s(W32SHIM_WCHAR_TYPE *dest, rsize_t size, const W32SHIM_WCHAR_TYPE *src);
W32SHIM_WFN errno_t wcscat_s(W32SHIM_WCHAR_TYPE *dest, rsize_t size, const W32SHIM_WCHAR_TYPE *src);
W32SHIM_WFN errno_t wcsncpy_s(W32SHIM_WCHAR_TYPE *dest, rsize_t size,
                              const W32SHIM_WCHAR_TYPE *src, rsize_t count);
W32SHIM_WFN errno_t wcsncat_s(W32SHIM_WCHAR_TYPE *dest, rsize_t size,
                              const W32SHIM_WCHAR_TYPE *src, rsize_t count);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *_wcslwr(W32SHIM_WCHAR_TYPE *s);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *_wcsupr(W32SHIM_WCHAR_TYPE *s);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *_wcsrev(W32SHIM_WCHAR_TYPE *s);
W32SHIM_WFN W32SHIM_WCHAR_TYPE *wcstok_s(W32SHIM_WCHAR_TYPE *s, const W32SHIM_WCHAR_TYPE *delim,
                                         W32SHIM_WCHAR_TYPE **context);
/* As sprintf_s and _snprintf_s, in MSVCRT's wide conventions (above). */
W32SHIM_WFN int swprintf_s(W32SHIM_WCHAR_TYPE *buf, size_t size, const W32SHIM_WCHAR_TYPE *format,
                           ...);
W32SHIM_WFN int vswprintf_s(W32SHIM_WCHAR_TYPE *buf, size_t size,
                            const W32SHIM_WCHAR_TYPE *format, va_list args);
W32SHIM_WFN int _snwprintf_s(W32SHIM_WCHAR_TYPE *buf, size_t size, size_t count,
                             const W32SHIM_WCHAR_TYPE *format, ...);
W32SHIM_WFN int _vsnwprintf_s(W32SHIM_WCHAR_TYPE *buf, size_t size, size_t count,
                              const W32SHIM_WCHAR_TYPE *format, va_list args);

#ifdef W32SHIM_WIDE_MODE
/*
 * The standard names, declared as glibc declares them (C++ exception
 * specifications included, or its later declarations would conflict).
 */
#if defined(__cplusplus) && __cplusplus >= 201103L
#define W32SHIM_THROW noexcept(true)
#elif defined(__cplusplus)
#define W32SHIM_THROW throw()
#else
#define W32SHIM_THROW
#endif
size_t wcslen(const wchar_t *s) W32SHIM_THROW W32SHIM_AS(w32shim_wcslen);
size_t wcsnlen(const wchar_t *s, size_t max) W32SHIM_THROW W32SHIM_AS(w32shim_wcsnlen);
wchar_t *wcscpy(wchar_t *dst, const wchar_t *src) W32SHIM_THROW W32SHIM_AS(w32shim_wcscpy);
wchar_t *wcsncpy(wchar_t *dst, const wchar_t *src, size_t n) W32SHIM_THROW
    W32SHIM_AS(w32shim_wcsncpy);
wchar_t *wcscat(wchar_t *dst, const wchar_t *src) W32SHIM_THROW W32SHIM_AS(w32shim_wcscat);
wchar_t *wcsncat(wchar_t *dst, const wchar_t *src, size_t n) W32SHIM_THROW
    W32SHIM_AS(w32shim_wcsncat);
int wcscmp(const wchar_t *a, const wchar_t *b) W32SHIM_THROW W32SHIM_AS(w32shim_wcscmp);
int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n) W32SHIM_THROW
    W32SHIM_AS(w32shim_wcsncmp);
wchar_t *wcsdup(const wchar_t *s) W32SHIM_THROW W32SHIM_AS(w32shim__wcsdup);
long wcstol(const wchar_t *s, wchar_t **end, int base) W32SHIM_THROW
    W32SHIM_AS(w32shim_wcstol);
unsigned long wcstoul(const wchar_t *s, wchar_t **end, int base) W32SHIM_THROW
    W32SHIM_AS(w32shim_wcstoul);
unsigned int towupper(unsigned int c) W32SHIM_THROW W32SHIM_AS(w32shim_towupper);
unsigned int towlower(unsigned int c) W32SHIM_THROW W32SHIM_AS(w32shim_towlower);
int swprintf(wchar_t *buf, size_t count, const wchar_t *format, ...) W32SHIM_THROW
    W32SHIM_AS(w32shim_swprintf);
int vswprintf(wchar_t *buf, size_t count, const wchar_t *format, va_list args) W32SHIM_THROW
    W32SHIM_AS(w32shim_vswprintf);
int wprintf(const wchar_t *format, ...) W32SHIM_AS(w32shim_wprintf);
int vwprintf(const wchar_t *format, va_list args) W32SHIM_AS(w32shim_vwprintf);
int fwprintf(struct _IO_FILE *stream, const wchar_t *format, ...) W32SHIM_AS(w32shim_fwprintf);
int vfwprintf(struct _IO_FILE *stream, const wchar_t *format, va_list args)
    W32SHIM_AS(w32shim_vfwprintf);
#ifdef __cplusplus
}
#endif
/*
 * wcschr, wcsrchr and wcsstr: glibc gives G++ (not Clang) a const and a
 * non-const C++ overload of each; the same pair here, bound to w32shim's
 * function. w32shim's <wchar.h> renames glibc's pair out of the way.
 */
#if defined(__cplusplus) && !defined(__clang__)
#define W32SHIM_WCS_FIND(name, arg)                                                         \
    extern "C++" wchar_t *name(wchar_t *s, arg) W32SHIM_THROW W32SHIM_AS(w32shim_##name); \
    extern "C++" const wchar_t *name(const wchar_t *s, arg) W32SHIM_THROW                 \
        W32SHIM_AS(w32shim_##name);
#elif defined(__cplusplus)
#define W32SHIM_WCS_FIND(name, arg) \
    extern "C" wchar_t *name(const wchar_t *s, arg) W32SHIM_THROW W32SHIM_AS(w32shim_##name);
#else
#define W32SHIM_WCS_FIND(name, arg) \
    wchar_t *name(const wchar_t *s, arg) W32SHIM_AS(w32shim_##name);
#endif
W32SHIM_WCS_FIND(wcschr, wchar_t c)
W32SHIM_WCS_FIND(wcsrchr, wchar_t c)
W32SHIM_WCS_FIND(wcsstr, const wchar_t *needle)
#ifdef __cplusplus
extern "C" {
#endif
#endif

#ifdef __cplusplus
}
#endif

#endif
