/*
 * w32shim: <stdlib.h>: the C library's, and Microsoft's additions
 * (lib/crt_stdlib.c): path splitting and making, integer to string
 * conversions in any radix, aligned allocation, rand_s, and the wide and
 * bounded environment functions, which name variables ignoring case, as
 * the environment functions of processenv.h do.
 */
#include_next <stdlib.h>

#ifndef W32SHIM_STDLIB_H
#define W32SHIM_STDLIB_H

#include <crtdefs.h>
/* As Microsoft's, this header declares wide functions too (_wtoi, _wtol). */
#include <w32shim_wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

#define _MAX_PATH 260
#define _MAX_DRIVE 3
#define _MAX_DIR 256
#define _MAX_FNAME 256
#define _MAX_EXT 256
#define _MAX_ENV 32767
#define _MAX_ITOSTR_BASE10_COUNT 12
#define _MAX_I64TOSTR_BASE10_COUNT 21

#ifndef __min
#define __min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef __max
#define __max(a, b) (((a) > (b)) ? (a) : (b))
#endif

_CRTIMP void __cdecl _splitpath(const char *path, char *drive, char *dir, char *fname, char *ext);
_CRTIMP errno_t __cdecl _splitpath_s(const char *path, char *drive, size_t drive_size, char *dir,
                                     size_t dir_size, char *fname, size_t fname_size, char *ext,
                                     size_t ext_size);
_CRTIMP void __cdecl _makepath(char *path, const char *drive, const char *dir, const char *fname,
                               const char *ext);
_CRTIMP errno_t __cdecl _makepath_s(char *path, size_t size, const char *drive, const char *dir,
                                    const char *fname, const char *ext);
_CRTIMP void __cdecl _wsplitpath(const W32SHIM_WCHAR_TYPE *path, W32SHIM_WCHAR_TYPE *drive,
                                 W32SHIM_WCHAR_TYPE *dir, W32SHIM_WCHAR_TYPE *fname,
                                 W32SHIM_WCHAR_TYPE *ext);
_CRTIMP void __cdecl _wmakepath(W32SHIM_WCHAR_TYPE *path, const W32SHIM_WCHAR_TYPE *drive,
                                const W32SHIM_WCHAR_TYPE *dir, const W32SHIM_WCHAR_TYPE *fname,
                                const W32SHIM_WCHAR_TYPE *ext);
_CRTIMP char *__cdecl _fullpath(char *abs_path, const char *rel_path, size_t max);

_CRTIMP char *__cdecl _itoa(int value, char *buffer, int radix);
_CRTIMP char *__cdecl _ltoa(long value, char *buffer, int radix);
_CRTIMP char *__cdecl _ultoa(unsigned long value, char *buffer, int radix);
_CRTIMP char *__cdecl _i64toa(__int64 value, char *buffer, int radix);
_CRTIMP char *__cdecl _ui64toa(unsigned __int64 value, char *buffer, int radix);
_CRTIMP errno_t __cdecl _itoa_s(int value, char *buffer, size_t size, int radix);
_CRTIMP errno_t __cdecl _ltoa_s(long value, char *buffer, size_t size, int radix);
_CRTIMP errno_t __cdecl _ultoa_s(unsigned long value, char *buffer, size_t size, int radix);
_CRTIMP errno_t __cdecl _i64toa_s(__int64 value, char *buffer, size_t size, int radix);
_CRTIMP errno_t __cdecl _ui64toa_s(unsigned __int64 value, char *buffer, size_t size, int radix);
_CRTIMP W32SHIM_WCHAR_TYPE *__cdecl _itow(int value, W32SHIM_WCHAR_TYPE *buffer, int radix);
_CRTIMP W32SHIM_WCHAR_TYPE *__cdecl _i64tow(__int64 value, W32SHIM_WCHAR_TYPE *buffer, int radix);
_CRTIMP W32SHIM_WCHAR_TYPE *__cdecl _ui64tow(unsigned __int64 value, W32SHIM_WCHAR_TYPE *buffer,
                                             int radix);
_CRTIMP __int64 __cdecl _atoi64(const char *s);
_CRTIMP __int64 __cdecl _strtoi64(const char *s, char **end, int base);
_CRTIMP unsigned __int64 __cdecl _strtoui64(const char *s, char **end, int base);

_CRTIMP void *__cdecl _aligned_malloc(size_t size, size_t alignment);
_CRTIMP void *__cdecl _aligned_realloc(void *block, size_t size, size_t alignment);
_CRTIMP void __cdecl _aligned_free(void *block);
_CRTIMP errno_t __cdecl rand_s(unsigned int *value);

_CRTIMP W32SHIM_WCHAR_TYPE *__cdecl _wgetenv(const W32SHIM_WCHAR_TYPE *name);
_CRTIMP int __cdecl _putenv(const char *envstring);
_CRTIMP int __cdecl _wputenv(const W32SHIM_WCHAR_TYPE *envstring);
_CRTIMP errno_t __cdecl _putenv_s(const char *name, const char *value);
_CRTIMP errno_t __cdecl _wputenv_s(const W32SHIM_WCHAR_TYPE *name,
                                   const W32SHIM_WCHAR_TYPE *value);
_CRTIMP errno_t __cdecl getenv_s(size_t *required, char *buffer, size_t size, const char *name);
_CRTIMP errno_t __cdecl _dupenv_s(char **buffer, size_t *size, const char *name);

_CRTIMP errno_t __cdecl _get_fmode(int *pmode);
_CRTIMP errno_t __cdecl _set_fmode(int mode);
_CRTIMP errno_t __cdecl _get_errno(int *value);
_CRTIMP errno_t __cdecl _set_errno(int value);

/* Ported mode (w32shim_dialect.h): Microsoft's old names of these. */
#ifdef W32SHIM_MAP_PATHS
char *itoa(int value, char *buffer, int radix) __asm__("_itoa");
char *ltoa(long value, char *buffer, int radix) __asm__("_ltoa");
char *ultoa(unsigned long value, char *buffer, int radix) __asm__("_ultoa");
#endif

#ifdef __cplusplus
}
#endif

#endif
