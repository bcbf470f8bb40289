/*
 * w32shim: <unistd.h>: the C library's. In ported mode (w32shim_dialect.h)
 * access, unlink, rmdir, chdir and truncate take Windows paths, with their
 * POSIX meaning otherwise (lib/crt_posix.c).
 */
#ifndef W32SHIM_UNISTD_H
#define W32SHIM_UNISTD_H

#include <w32shim_dialect.h>

#ifdef W32SHIM_MAP_PATHS
#define access(...) w32shim_glibc_access(__VA_ARGS__)
#define unlink(...) w32shim_glibc_unlink(__VA_ARGS__)
#define rmdir(...) w32shim_glibc_rmdir(__VA_ARGS__)
#define chdir(...) w32shim_glibc_chdir(__VA_ARGS__)
#define truncate(...) w32shim_glibc_truncate(__VA_ARGS__)
#endif
/*
 * Windows' C runtime has no getopt, and Windows programs often bring their
 * own, declared their own way: through io.h, process.h or direct.h (which
 * define W32SHIM_CRT_UNISTD), the C library's declaration is kept out of
 * sight. A program that includes <unistd.h> or <getopt.h> itself, as for
 * MinGW, gets it.
 */
#if defined(W32SHIM_CRT_UNISTD) && !defined(_GETOPT_CORE_H)
#define W32SHIM_GETOPT_HIDDEN
#define getopt(...) w32shim_glibc_getopt(__VA_ARGS__)
#include_next <unistd.h>
#undef getopt
#undef _GETOPT_CORE_H   /* so that <getopt.h> declares it */
#else
#include_next <unistd.h>
#endif
#ifdef W32SHIM_MAP_PATHS
#undef access
#undef unlink
#undef rmdir
#undef chdir
#undef truncate
#ifdef __cplusplus
extern "C" {
#endif
int access(const char *path, int mode) __asm__("w32shim_access");
int unlink(const char *path) __asm__("w32shim_unlink");
int rmdir(const char *path) __asm__("w32shim_rmdir");
int chdir(const char *path) __asm__("w32shim_chdir");
int truncate(const char *path, off_t length) __asm__("w32shim_truncate");
#ifdef __cplusplus
}
#endif
#endif

#endif

/* <unistd.h> included by the program after a C runtime header hid getopt. */
#if defined(W32SHIM_GETOPT_HIDDEN) && !defined(W32SHIM_CRT_UNISTD) && \
    !defined(W32SHIM_GETOPT_DECLARED)
#define W32SHIM_GETOPT_DECLARED
#ifdef __cplusplus
extern "C" {
#endif
extern int getopt(int argc, char *const *argv, const char *shortopts) __THROW;
#ifdef __cplusplus
}
#endif
#endif
