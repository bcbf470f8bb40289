/* w32shim: windef.h (and minwindef.h): the classic base macros. */
#ifndef W32SHIM_WINDEF_H
#define W32SHIM_WINDEF_H

#include <winnt.h>

#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef MAX_PATH
#define MAX_PATH 260
#endif

/* Parameter annotations older than SAL: empty, as on Windows. */
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif

/* FAR and NEAR, not Windows' lowercase far and near, which name variables in C code. */
#define FAR
#define NEAR
#define PASCAL
#define CDECL
#define WINAPI_INLINE WINAPI

#endif
