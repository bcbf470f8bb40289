/* w32shim: processenv.h: command line, environment, standard handles. */
#ifndef W32SHIM_PROCESSENV_H
#define W32SHIM_PROCESSENV_H

#include <windef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Standard handles (lib/stdhandle.c). */
#define STD_INPUT_HANDLE  ((DWORD)-10)
#define STD_OUTPUT_HANDLE ((DWORD)-11)
#define STD_ERROR_HANDLE  ((DWORD)-12)

WINBASEAPI HANDLE WINAPI GetStdHandle(DWORD nStdHandle);
WINBASEAPI BOOL WINAPI SetStdHandle(DWORD nStdHandle, HANDLE hHandle);

/* Command line and environment (lib/environ.c). */

#ifdef __cplusplus
}
#endif

#endif
