/* w32shim: errhandlingapi.h */
#ifndef W32SHIM_ERRHANDLINGAPI_H
#define W32SHIM_ERRHANDLINGAPI_H

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SEM_FAILCRITICALERRORS 0x0001
#define SEM_NOGPFAULTERRORBOX 0x0002
#define SEM_NOALIGNMENTFAULTEXCEPT 0x0004
#define SEM_NOOPENFILEERRORBOX 0x8000

WINBASEAPI DWORD WINAPI GetLastError(void);
WINBASEAPI void WINAPI SetLastError(DWORD dwErrCode);
WINBASEAPI UINT WINAPI GetErrorMode(void);
WINBASEAPI UINT WINAPI SetErrorMode(UINT uMode);
WINBASEAPI DWORD WINAPI GetThreadErrorMode(void);
WINBASEAPI BOOL WINAPI SetThreadErrorMode(DWORD dwNewMode, LPDWORD lpOldMode);

#ifdef __cplusplus
}
#endif
#endif
