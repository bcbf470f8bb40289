/*
 * The C runtime layer (lib/crt_*.c): Microsoft's C runtime names, built on
 * the Win32 functions of the library and on glibc. What its files share.
 */
#ifndef W32_CRT_H
#define W32_CRT_H

#include <windows.h>
#include <crtdefs.h>

/*
 * A parameter the documentation forbids: calls the invalid parameter
 * handler (which by default ends the program), then, if it returns, sets
 * errno to err. The caller then fails as documented.
 */
void w32_crt_invalid(int err);

/* Sets errno from the thread's last error (a failed Win32 call); returns -1. */
int w32_crt_fail_from_error(void);

/* A malloc'd UTF-8 copy of a wide path; NULL, errno ENOMEM, when out of memory. */
char *w32_crt_narrow(const WCHAR *s);

/* A malloc'd POSIX path for a Windows one (lib/path.h); NULL with errno set. */
char *w32_crt_path(const char *path);

/* fn (a function of one narrow path, failing with -1) called on a wide path. */
int w32_crt_on_wide(int (*fn)(const char *), const WCHAR *path);

#endif
