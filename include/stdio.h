/*
 * w32shim: <stdio.h>: the C library's, and Microsoft's stdio functions
 * (lib/crt_stdio.c).
 *
 * The printf functions here (sprintf_s, _snprintf, _scprintf, ...) format
 * as Microsoft's C runtime does: %S, %ls and %ws are WCHAR strings, %hs a
 * narrow one, I64, I32 and I are size prefixes, %p prints the address's
 * hexadecimal digits in full; l is C's long. The stream functions that take
 * a path (fopen_s, _wfopen, _fsopen, ...) take Windows paths and open
 * through _sopen (io.h), honouring share modes; their mode may carry
 * Microsoft's t, c, n, N, S, R, T and D, which w32shim accepts and ignores,
 * and ",ccs=..." (no encoding is applied). In ported mode (w32shim_dialect.h)
 * fopen, freopen, remove and rename are Microsoft's too.
 */
#ifndef W32SHIM_STDIO_H
#define W32SHIM_STDIO_H

#include <w32shim_dialect.h>

/* Ported mode (w32shim_dialect.h): glibc's declarations under other names. */
#ifdef W32SHIM_MAP_PATHS
#define fopen(...) w32shim_glibc_fopen(__VA_ARGS__)
#define freopen(...) w32shim_glibc_freopen(__VA_ARGS__)
#define remove(...) w32shim_glibc_remove(__VA_ARGS__)
#define rename(...) w32shim_glibc_rename(__VA_ARGS__)
#endif
#include_next <stdio.h>
#ifdef W32SHIM_MAP_PATHS
#undef fopen
#undef freopen
#undef remove
#undef rename
#endif

#include <stdarg.h>
#include <crtdefs.h>
/* As Microsoft's, this header declares wide functions too (_snwprintf, swprintf_s). */
#include <w32shim_wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

_CRTIMP int __cdecl sprintf_s(char *buffer, size_t size, const char *format, ...);
_CRTIMP int __cdecl vsprintf_s(char *buffer, size_t size, const char *format, va_list args);
_CRTIMP int __cdecl _snprintf(char *buffer, size_t count, const char *format, ...);
_CRTIMP int __cdecl _vsnprintf(char *buffer, size_t count, const char *format, va_list args);
_CRTIMP int __cdecl _snprintf_s(char *buffer, size_t size, size_t count, const char *format, ...);
_CRTIMP int __cdecl _vsnprintf_s(char *buffer, size_t size, size_t count, const char *format,
                                 va_list args);
_CRTIMP int __cdecl _scprintf(const char *format, ...);
_CRTIMP int __cdecl _vscprintf(const char *format, va_list args);
_CRTIMP errno_t __cdecl fopen_s(FILE **stream, const char *path, const char *mode);
_CRTIMP errno_t __cdecl freopen_s(FILE **stream, const char *path, const char *mode, FILE *old);
_CRTIMP FILE *__cdecl _fsopen(const char *path, const char *mode, int shflag);
_CRTIMP FILE *__cdecl _wfopen(const W32SHIM_WCHAR_TYPE *path, const W32SHIM_WCHAR_TYPE *mode);
_CRTIMP errno_t __cdecl _wfopen_s(FILE **stream, const W32SHIM_WCHAR_TYPE *path,
                                  const W32SHIM_WCHAR_TYPE *mode);
_CRTIMP FILE *__cdecl _wfreopen(const W32SHIM_WCHAR_TYPE *path, const W32SHIM_WCHAR_TYPE *mode,
                                FILE *old);
_CRTIMP FILE *__cdecl _wfsopen(const W32SHIM_WCHAR_TYPE *path, const W32SHIM_WCHAR_TYPE *mode,
                               int shflag);
_CRTIMP FILE *__cdecl _fdopen(int fd, const char *mode);
_CRTIMP FILE *__cdecl _wfdopen(int fd, const W32SHIM_WCHAR_TYPE *mode);
_CRTIMP int __cdecl _fileno(FILE *stream);
_CRTIMP int __cdecl _fseeki64(FILE *stream, __int64 offset, int origin);
_CRTIMP __int64 __cdecl _ftelli64(FILE *stream);
_CRTIMP FILE *__cdecl _popen(const char *command, const char *mode);
_CRTIMP FILE *__cdecl _wpopen(const W32SHIM_WCHAR_TYPE *command, const W32SHIM_WCHAR_TYPE *mode);
_CRTIMP int __cdecl _pclose(FILE *stream);
#ifndef W32SHIM_DECLARED_UNLINK /* also in io.h */
#define W32SHIM_DECLARED_UNLINK
_CRTIMP int __cdecl _unlink(const char *path);
#endif
_CRTIMP int __cdecl _wremove(const W32SHIM_WCHAR_TYPE *path);
_CRTIMP int __cdecl _wrename(const W32SHIM_WCHAR_TYPE *from, const W32SHIM_WCHAR_TYPE *to);

/* Ported mode: Microsoft's fopen, freopen, remove and rename, on Windows paths. */
#ifdef W32SHIM_MAP_PATHS
FILE *fopen(const char *path, const char *mode) __asm__("w32shim_fopen");
FILE *freopen(const char *path, const char *mode, FILE *stream) __asm__("w32shim_freopen");
int remove(const char *path) __asm__("w32shim_remove");
int rename(const char *from, const char *to) __asm__("w32shim_rename");
#endif

#ifdef __cplusplus
}
#endif

#endif
