/*
 * w32shim: <fcntl.h>: the C library's, and the _O_ flags of Microsoft's C
 * runtime for _open, _sopen_s, _open_osfhandle and _setmode.
 *
 * The flags Linux has (_O_RDONLY, _O_CREAT, ...) are glibc's own values, so
 * O_CREAT and _O_CREAT mix as they do on Windows; Microsoft's other flags
 * are bits Linux's open does not use, which _open strips. Their values are
 * therefore not Windows' numbers. O_BINARY, O_TEXT and the other old names
 * are the same flags.
 */
#ifndef W32SHIM_FCNTL_H
#define W32SHIM_FCNTL_H

#include <w32shim_dialect.h>

/* Ported mode (w32shim_dialect.h): open and creat map Windows paths. */
#ifdef W32SHIM_MAP_PATHS
#define open(...) w32shim_glibc_open(__VA_ARGS__)
#define creat(...) w32shim_glibc_creat(__VA_ARGS__)
#endif
#include_next <fcntl.h>
#ifdef W32SHIM_MAP_PATHS
#undef open
#undef creat
#ifdef __cplusplus
extern "C" {
#endif
int open(const char *path, int flags, ...) __asm__("w32shim_open");
int creat(const char *path, mode_t mode) __asm__("w32shim_creat");
#ifdef __cplusplus
}
#endif
#endif

#define _O_RDONLY O_RDONLY
#define _O_WRONLY O_WRONLY
#define _O_RDWR O_RDWR
#define _O_ACCMODE O_ACCMODE
#define _O_APPEND O_APPEND
#define _O_CREAT O_CREAT
#define _O_TRUNC O_TRUNC
#define _O_EXCL O_EXCL
#define _O_NOINHERIT O_CLOEXEC
#define _O_SEQUENTIAL 0x00800000
#define _O_TEXT 0x01000000
#define _O_BINARY 0x02000000
#define _O_RAW _O_BINARY
#define _O_WTEXT 0x04000000
#define _O_U16TEXT 0x08000000
#define _O_U8TEXT 0x10000000
#define _O_TEMPORARY 0x20000000
#define _O_RANDOM 0x40000000
/* A hint (with _O_TEMPORARY) that w32shim has no use for. */
#define _O_SHORT_LIVED 0

#ifndef O_BINARY
#define O_BINARY _O_BINARY
#endif
#ifndef O_TEXT
#define O_TEXT _O_TEXT
#endif
#ifndef O_RAW
#define O_RAW _O_BINARY
#endif
#ifndef O_NOINHERIT
#define O_NOINHERIT _O_NOINHERIT
#endif
#ifndef O_TEMPORARY
#define O_TEMPORARY _O_TEMPORARY
#endif
#ifndef O_SEQUENTIAL
#define O_SEQUENTIAL _O_SEQUENTIAL
#endif
#ifndef O_RANDOM
#define O_RANDOM _O_RANDOM
#endif
#ifndef O_SHORT_LIVED
#define O_SHORT_LIVED _O_SHORT_LIVED
#endif

#endif
