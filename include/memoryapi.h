/* w32shim: memoryapi.h: virtual memory on mmap. */
#ifndef W32SHIM_MEMORYAPI_H
#define W32SHIM_MEMORYAPI_H

#include <windef.h>

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI LPVOID WINAPI VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize, DWORD flAllocationType,
                                      DWORD flProtect);
WINBASEAPI BOOL WINAPI VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType);
WINBASEAPI BOOL WINAPI VirtualProtect(LPVOID lpAddress, SIZE_T dwSize, DWORD flNewProtect,
                                      PDWORD lpflOldProtect);
WINBASEAPI SIZE_T WINAPI VirtualQuery(LPCVOID lpAddress, PMEMORY_BASIC_INFORMATION lpBuffer,
                                      SIZE_T dwLength);

#ifdef __cplusplus
}
#endif
#endif
