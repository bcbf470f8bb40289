/*
 * w32shim: sys/utime.h: setting a file's access and modification times
 * (lib/crt_stat.c). NULL times mean now. Paths are Windows paths.
 */
#ifndef W32SHIM_SYS_UTIME_H
#define W32SHIM_SYS_UTIME_H

#include <crtdefs.h>
#include <time.h>
#include <utime.h>

#ifdef __cplusplus
extern "C" {
#endif

struct _utimbuf {
    time_t actime;
    time_t modtime;
};
#define _utimbuf64 _utimbuf
#define _utime64 _utime
#define _futime64 _futime
#define _wutime64 _wutime

_CRTIMP int __cdecl _utime(const char *path, struct _utimbuf *times);
_CRTIMP int __cdecl _wutime(const W32SHIM_WCHAR_TYPE *path, struct _utimbuf *times);
_CRTIMP int __cdecl _futime(int fd, struct _utimbuf *times);

#ifdef __cplusplus
}
#endif

#endif
