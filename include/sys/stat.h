/*
 * w32shim: <sys/stat.h>: the C library's, and Microsoft's _stat family
 * (lib/crt_stat.c).
 *
 * struct _stat holds what Windows' does: st_size is 64 bits and the times
 * are 64-bit time_t, so one structure serves _stat, _stat64, _stati64 and
 * _stat64i32 (the other names are macros, as in Microsoft's headers). As
 * on Windows, st_ino, st_uid and st_gid are 0 and st_dev and st_rdev are
 * drive C's number (2); st_mode is the file's type and its Linux
 * permission bits. Like glibc's struct stat, the times are also
 * st_atim, st_mtim and st_ctim (with nanoseconds) when glibc names them so.
 * The functions take Windows paths (lib/path.h).
 */
#ifndef W32SHIM_SYS_STAT_H
#define W32SHIM_SYS_STAT_H

#include <w32shim_dialect.h>

/* Ported mode (w32shim_dialect.h): stat, mkdir and chmod map Windows paths. */
#ifdef W32SHIM_MAP_PATHS
#define stat(...) w32shim_glibc_stat(__VA_ARGS__)
#define mkdir(...) w32shim_glibc_mkdir(__VA_ARGS__)
#define chmod(...) w32shim_glibc_chmod(__VA_ARGS__)
#endif
#include_next <sys/stat.h>
#ifdef W32SHIM_MAP_PATHS
#undef stat
#undef mkdir
#undef chmod
#endif

#include <crtdefs.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define _S_IFMT 0xF000
#define _S_IFDIR 0x4000
#define _S_IFCHR 0x2000
#define _S_IFIFO 0x1000
#define _S_IFREG 0x8000
#define _S_IREAD 0x0100
#define _S_IWRITE 0x0080
#define _S_IEXEC 0x0040
/* Microsoft's old names (Linux's have the same values), where glibc hides them. */
#ifndef S_IREAD
#define S_IREAD _S_IREAD
#endif
#ifndef S_IWRITE
#define S_IWRITE _S_IWRITE
#endif
#ifndef S_IEXEC
#define S_IEXEC _S_IEXEC
#endif
#ifndef S_IFMT
#define S_IFMT _S_IFMT
#endif
#ifndef S_IFDIR
#define S_IFDIR _S_IFDIR
#endif
#ifndef S_IFCHR
#define S_IFCHR _S_IFCHR
#endif
#ifndef S_IFREG
#define S_IFREG _S_IFREG
#endif
#ifndef S_IFIFO
#define S_IFIFO _S_IFIFO
#endif

typedef unsigned int _dev_t;
typedef unsigned short _ino_t;
typedef long _off_t;

struct _stat {
    _dev_t st_dev;
    _ino_t st_ino;
    unsigned short st_mode;
    short st_nlink;
    short st_uid;
    short st_gid;
    _dev_t st_rdev;
    __int64 st_size;
#ifdef st_atime
    struct timespec st_atim, st_mtim, st_ctim;
#else
    time_t st_atime;
    long st_atimensec;
    time_t st_mtime;
    long st_mtimensec;
    time_t st_ctime;
    long st_ctimensec;
#endif
};

#define _stat64 _stat
#define _stati64 _stat
#define _stat64i32 _stat
#define _fstat64 _fstat
#define _fstati64 _fstat
#define _fstat64i32 _fstat
#define _wstat64 _wstat
#define _wstati64 _wstat
#define _wstat64i32 _wstat

/* A function of a structure's name, as in Microsoft's and the C library's
 * headers: C++'s -Wshadow must not count it against the porter. */
#ifdef __cplusplus
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#endif
_CRTIMP int __cdecl _stat(const char *path, struct _stat *buffer);
_CRTIMP int __cdecl _wstat(const W32SHIM_WCHAR_TYPE *path, struct _stat *buffer);
_CRTIMP int __cdecl _fstat(int fd, struct _stat *buffer);
#ifndef W32SHIM_DECLARED_CHMOD /* also in io.h */
#define W32SHIM_DECLARED_CHMOD
_CRTIMP int __cdecl _chmod(const char *path, int mode);
_CRTIMP int __cdecl _wchmod(const W32SHIM_WCHAR_TYPE *path, int mode);
#endif
#ifndef W32SHIM_DECLARED_UMASK /* also in io.h */
#define W32SHIM_DECLARED_UMASK
_CRTIMP int __cdecl _umask(int pmode);
#endif
#ifndef W32SHIM_DECLARED_MKDIR /* also in direct.h */
#define W32SHIM_DECLARED_MKDIR
_CRTIMP int __cdecl _mkdir(const char *dirname);
#endif

/*
 * Ported mode: stat, chmod and mkdir on Windows paths, with POSIX meaning;
 * mkdir also takes Microsoft's one argument (direct.h's old name).
 */
#ifdef W32SHIM_MAP_PATHS
int stat(const char *path, struct stat *buf) __asm__("w32shim_stat");
int chmod(const char *path, mode_t mode) __asm__("w32shim_chmod");
int w32shim_mkdir(const char *path, mode_t mode);
#define W32SHIM_MKDIR_PICK(_1, _2, name, ...) name
#define mkdir(...) W32SHIM_MKDIR_PICK(__VA_ARGS__, w32shim_mkdir, _mkdir, 0)(__VA_ARGS__)
#endif
#ifdef __cplusplus
#pragma GCC diagnostic pop
#endif

#ifdef __cplusplus
}
#endif

#endif
