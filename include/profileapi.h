/* w32shim: profileapi.h (the performance counter). */
#ifndef W32SHIM_PROFILEAPI_H
#define W32SHIM_PROFILEAPI_H

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount);
WINBASEAPI BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency);

#ifdef __cplusplus
}
#endif
#endif
