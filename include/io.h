/*
 * w32shim: io.h: Microsoft's low-level I/O on C runtime file descriptors
 * (lib/crt_fd.c), with the bridge between descriptors and HANDLEs.
 *
 * A descriptor is a Linux fd. _open, _wopen and _sopen_s open through
 * CreateFile, so they take Windows paths and check share modes against the
 * files already open, as CreateFile does; the descriptor itself holds no
 * share mode against later opens (an fclose, which closes the fd behind the
 * C runtime's back, could not release it). _get_osfhandle gives any
 * descriptor's HANDLE (made on first use), which works with ReadFile,
 * WriteFile, SetFilePointerEx, GetFileType and the console functions until
 * the descriptor is closed. _open_osfhandle makes a descriptor of a file or
 * pipe handle; _close then closes both. No descriptor translates text:
 * _O_TEXT is recorded by _setmode and reported back, and data passes
 * unchanged, as in binary mode.
 *
 * Parameters the documentation forbids (a bad descriptor, a NULL buffer)
 * go to the invalid parameter handler first (crtdefs.h). The POSIX names
 * (read, write, close, lseek, ...) are the C library's, from <unistd.h>.
 */
#ifndef W32SHIM_IO_H
#define W32SHIM_IO_H

#include <crtdefs.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#define W32SHIM_CRT_UNISTD
#include <unistd.h>
#undef W32SHIM_CRT_UNISTD

#ifdef __cplusplus
extern "C" {
#endif

_CRTIMP int __cdecl _access(const char *path, int mode);
_CRTIMP errno_t __cdecl _access_s(const char *path, int mode);
_CRTIMP int __cdecl _waccess(const W32SHIM_WCHAR_TYPE *path, int mode);
_CRTIMP errno_t __cdecl _waccess_s(const W32SHIM_WCHAR_TYPE *path, int mode);
#ifndef W32SHIM_DECLARED_CHMOD /* also in sys/stat.h */
#define W32SHIM_DECLARED_CHMOD
_CRTIMP int __cdecl _chmod(const char *path, int mode);
_CRTIMP int __cdecl _wchmod(const W32SHIM_WCHAR_TYPE *path, int mode);
#endif
_CRTIMP int __cdecl _chsize(int fd, long size);
_CRTIMP errno_t __cdecl _chsize_s(int fd, __int64 size);
_CRTIMP int __cdecl _close(int fd);
_CRTIMP int __cdecl _commit(int fd);
_CRTIMP int __cdecl _creat(const char *path, int pmode);
_CRTIMP int __cdecl _wcreat(const W32SHIM_WCHAR_TYPE *path, int pmode);
_CRTIMP int __cdecl _dup(int fd);
_CRTIMP int __cdecl _dup2(int fd1, int fd2);
_CRTIMP int __cdecl _eof(int fd);
_CRTIMP long __cdecl _filelength(int fd);
_CRTIMP __int64 __cdecl _filelengthi64(int fd);
_CRTIMP intptr_t __cdecl _get_osfhandle(int fd);
_CRTIMP int __cdecl _open_osfhandle(intptr_t osfhandle, int flags);
_CRTIMP int __cdecl _isatty(int fd);
_CRTIMP long __cdecl _lseek(int fd, long offset, int origin);
_CRTIMP __int64 __cdecl _lseeki64(int fd, __int64 offset, int origin);
_CRTIMP int __cdecl _open(const char *path, int oflag, ...);
_CRTIMP int __cdecl _wopen(const W32SHIM_WCHAR_TYPE *path, int oflag, ...);
_CRTIMP int __cdecl _sopen(const char *path, int oflag, int shflag, ...);
_CRTIMP errno_t __cdecl _sopen_s(int *pfh, const char *path, int oflag, int shflag, int pmode);
_CRTIMP errno_t __cdecl _wsopen_s(int *pfh, const W32SHIM_WCHAR_TYPE *path, int oflag,
                                  int shflag, int pmode);
_CRTIMP int __cdecl _pipe(int *pfds, unsigned int psize, int textmode);
_CRTIMP int __cdecl _read(int fd, void *buffer, unsigned int count);
_CRTIMP int __cdecl _write(int fd, const void *buffer, unsigned int count);
_CRTIMP int __cdecl _setmode(int fd, int mode);
_CRTIMP long __cdecl _tell(int fd);
_CRTIMP __int64 __cdecl _telli64(int fd);
#ifndef W32SHIM_DECLARED_UMASK /* also in sys/stat.h */
#define W32SHIM_DECLARED_UMASK
_CRTIMP int __cdecl _umask(int pmode);
#endif
#ifndef W32SHIM_DECLARED_UNLINK /* also in stdio.h */
#define W32SHIM_DECLARED_UNLINK
_CRTIMP int __cdecl _unlink(const char *path);
#endif
_CRTIMP int __cdecl _wunlink(const W32SHIM_WCHAR_TYPE *path);

/* Ported mode (w32shim_dialect.h): Microsoft's old names of these. */
#ifdef W32SHIM_MAP_PATHS
int setmode(int fd, int mode) __asm__("_setmode");
int chsize(int fd, long size) __asm__("_chsize");
long filelength(int fd) __asm__("_filelength");
long tell(int fd) __asm__("_tell");
int eof(int fd) __asm__("_eof");
#endif

#ifdef __cplusplus
}
#endif

#endif
