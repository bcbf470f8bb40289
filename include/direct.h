/*
 * w32shim: direct.h: directories (lib/crt_dir.c). Paths are Windows paths;
 * _getcwd gives the POSIX path of the current directory, as
 * GetFullPathName gives POSIX paths. Every path is on drive C (3 for
 * _getdrive).
 */
#ifndef W32SHIM_DIRECT_H
#define W32SHIM_DIRECT_H

#include <crtdefs.h>
#ifdef W32SHIM_MAP_PATHS
#include <sys/stat.h> /* mkdir with Microsoft's one argument, in ported mode */
#endif
/* The POSIX names Microsoft's direct.h also declares (chdir, getcwd, rmdir)
 * are the C library's, from <unistd.h>; mkdir is in <sys/stat.h>. */
#define W32SHIM_CRT_UNISTD
#include <unistd.h>
#undef W32SHIM_CRT_UNISTD

#ifdef __cplusplus
extern "C" {
#endif

_CRTIMP char *__cdecl _getcwd(char *buffer, int maxlen);
_CRTIMP W32SHIM_WCHAR_TYPE *__cdecl _wgetcwd(W32SHIM_WCHAR_TYPE *buffer, int maxlen);
_CRTIMP char *__cdecl _getdcwd(int drive, char *buffer, int maxlen);
_CRTIMP int __cdecl _chdir(const char *dirname);
_CRTIMP int __cdecl _wchdir(const W32SHIM_WCHAR_TYPE *dirname);
#ifndef W32SHIM_DECLARED_MKDIR /* also in sys/stat.h */
#define W32SHIM_DECLARED_MKDIR
_CRTIMP int __cdecl _mkdir(const char *dirname);
#endif
_CRTIMP int __cdecl _wmkdir(const W32SHIM_WCHAR_TYPE *dirname);
_CRTIMP int __cdecl _rmdir(const char *dirname);
_CRTIMP int __cdecl _wrmdir(const W32SHIM_WCHAR_TYPE *dirname);
_CRTIMP int __cdecl _getdrive(void);
_CRTIMP int __cdecl _chdrive(int drive);

#ifdef __cplusplus
}
#endif

#endif
