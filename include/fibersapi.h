/* w32shim: fibersapi.h (fiber local storage: per thread, or per fiber once the thread is one). */
#ifndef W32SHIM_FIBERSAPI_H
#define W32SHIM_FIBERSAPI_H

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FLS_OUT_OF_INDEXES ((DWORD)0xffffffff)

typedef VOID (NTAPI *PFLS_CALLBACK_FUNCTION)(PVOID lpFlsData);

WINBASEAPI DWORD WINAPI FlsAlloc(PFLS_CALLBACK_FUNCTION lpCallback);
WINBASEAPI BOOL WINAPI FlsFree(DWORD dwFlsIndex);
WINBASEAPI PVOID WINAPI FlsGetValue(DWORD dwFlsIndex);
WINBASEAPI BOOL WINAPI FlsSetValue(DWORD dwFlsIndex, PVOID lpFlsData);
WINBASEAPI BOOL WINAPI IsThreadAFiber(VOID);

#ifdef __cplusplus
}
#endif
#endif
