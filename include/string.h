/*
 * w32shim: <string.h>: the C library's, and Microsoft's string functions
 * (lib/crt_string.c): case-insensitive comparisons in ASCII (as in the "C"
 * locale), _strdup, _strlwr, _strupr, _strrev, and the bounded _s
 * functions, which report a destination too small to the invalid
 * parameter handler (crtdefs.h) and then fail with ERANGE and an empty
 * destination, unless asked to truncate (_TRUNCATE: STRUNCATE).
 */
#include_next <string.h>

#ifndef W32SHIM_STRING_H
#define W32SHIM_STRING_H

#include <crtdefs.h>
/* As Microsoft's, this header declares wide functions too (_wcsicmp, _wcsdup, wcscpy_s). */
#include <w32shim_wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

#define _NLSCMPERROR 2147483647

_CRTIMP int __cdecl _stricmp(const char *a, const char *b);
_CRTIMP int __cdecl _strnicmp(const char *a, const char *b, size_t count);
_CRTIMP int __cdecl _strcmpi(const char *a, const char *b);
_CRTIMP int __cdecl _memicmp(const void *a, const void *b, size_t count);
_CRTIMP char *__cdecl _strdup(const char *s);
_CRTIMP char *__cdecl _strlwr(char *s);
_CRTIMP char *__cdecl _strupr(char *s);
_CRTIMP errno_t __cdecl _strlwr_s(char *s, size_t size);
_CRTIMP errno_t __cdecl _strupr_s(char *s, size_t size);
_CRTIMP char *__cdecl _strrev(char *s);
_CRTIMP char *__cdecl _strset(char *s, int c);
_CRTIMP char *__cdecl _strnset(char *s, int c, size_t count);
_CRTIMP errno_t __cdecl strcpy_s(char *dest, rsize_t size, const char *src);
_CRTIMP errno_t __cdecl strcat_s(char *dest, rsize_t size, const char *src);
_CRTIMP errno_t __cdecl strncpy_s(char *dest, rsize_t size, const char *src, rsize_t count);
_CRTIMP errno_t __cdecl strncat_s(char *dest, rsize_t size, const char *src, rsize_t count);
_CRTIMP errno_t __cdecl memcpy_s(void *dest, rsize_t size, const void *src, rsize_t count);
_CRTIMP errno_t __cdecl memmove_s(void *dest, rsize_t size, const void *src, rsize_t count);
_CRTIMP char *__cdecl strtok_s(char *s, const char *delim, char **context);
_CRTIMP size_t __cdecl strnlen_s(const char *s, size_t max);
_CRTIMP errno_t __cdecl strerror_s(char *buf, size_t size, int errnum);

/* Ported mode (w32shim_dialect.h): Microsoft's old names of these. */
#ifdef W32SHIM_MAP_PATHS
int stricmp(const char *a, const char *b) __asm__("_stricmp");
int strnicmp(const char *a, const char *b, size_t count) __asm__("_strnicmp");
int strcmpi(const char *a, const char *b) __asm__("_strcmpi");
int memicmp(const void *a, const void *b, size_t count) __asm__("_memicmp");
char *strlwr(char *s) __asm__("_strlwr");
char *strupr(char *s) __asm__("_strupr");
char *strrev(char *s) __asm__("_strrev");
char *strset(char *s, int c) __asm__("_strset");
char *strnset(char *s, int c, size_t count) __asm__("_strnset");
#endif

#ifdef __cplusplus
}
#endif

#endif
