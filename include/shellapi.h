/* w32shim: shellapi.h: CommandLineToArgvW. */
#ifndef W32SHIM_SHELLAPI_H
#define W32SHIM_SHELLAPI_H

#include <windef.h>

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI LPWSTR *WINAPI CommandLineToArgvW(LPCWSTR lpCmdLine, int *pNumArgs);

#ifdef __cplusplus
}
#endif
#endif
