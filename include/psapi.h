/*
 * w32shim: psapi.h: process status (lib/psapi.c), from /proc.
 *
 * With PSAPI_VERSION 2 (the default, as for Windows 7 and later) the names
 * are the kernel32 K32 functions; with PSAPI_VERSION 1 they are psapi.dll's
 * own names. w32shim exports both.
 */
#ifndef W32SHIM_PSAPI_H
#define W32SHIM_PSAPI_H

#include <windef.h>
#include <libloaderapi.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef PSAPI_VERSION
#define PSAPI_VERSION 2
#endif

typedef struct _PROCESS_MEMORY_COUNTERS {
    DWORD cb;
    DWORD PageFaultCount;
    SIZE_T PeakWorkingSetSize;
    SIZE_T WorkingSetSize;
    SIZE_T QuotaPeakPagedPoolUsage;
    SIZE_T QuotaPagedPoolUsage;
    SIZE_T QuotaPeakNonPagedPoolUsage;
    SIZE_T QuotaNonPagedPoolUsage;
    SIZE_T PagefileUsage;
    SIZE_T PeakPagefileUsage;
} PROCESS_MEMORY_COUNTERS, *PPROCESS_MEMORY_COUNTERS;

typedef struct _PROCESS_MEMORY_COUNTERS_EX {
    DWORD cb;
    DWORD PageFaultCount;
    SIZE_T PeakWorkingSetSize;
    SIZE_T WorkingSetSize;
    SIZE_T QuotaPeakPagedPoolUsage;
    SIZE_T QuotaPagedPoolUsage;
    SIZE_T QuotaPeakNonPagedPoolUsage;
    SIZE_T QuotaNonPagedPoolUsage;
    SIZE_T PagefileUsage;
    SIZE_T PeakPagefileUsage;
    SIZE_T PrivateUsage;
} PROCESS_MEMORY_COUNTERS_EX, *PPROCESS_MEMORY_COUNTERS_EX;

WINBASEAPI BOOL WINAPI K32EnumProcesses(DWORD *lpidProcess, DWORD cb, LPDWORD lpcbNeeded);
WINBASEAPI BOOL WINAPI K32GetProcessMemoryInfo(HANDLE Process,
                                               PPROCESS_MEMORY_COUNTERS ppsmemCounters,
                                               DWORD cb);
WINBASEAPI DWORD WINAPI K32GetModuleFileNameExA(HANDLE hProcess, HMODULE hModule,
                                                LPSTR lpFilename, DWORD nSize);
WINBASEAPI DWORD WINAPI K32GetModuleFileNameExW(HANDLE hProcess, HMODULE hModule,
                                                LPWSTR lpFilename, DWORD nSize);
WINBASEAPI DWORD WINAPI K32GetModuleBaseNameA(HANDLE hProcess, HMODULE hModule,
                                              LPSTR lpBaseName, DWORD nSize);
WINBASEAPI DWORD WINAPI K32GetModuleBaseNameW(HANDLE hProcess, HMODULE hModule,
                                              LPWSTR lpBaseName, DWORD nSize);

#if PSAPI_VERSION > 1
#define EnumProcesses K32EnumProcesses
#define GetProcessMemoryInfo K32GetProcessMemoryInfo
#define GetModuleFileNameExA K32GetModuleFileNameExA
#define GetModuleFileNameExW K32GetModuleFileNameExW
#define GetModuleBaseNameA K32GetModuleBaseNameA
#define GetModuleBaseNameW K32GetModuleBaseNameW
#else
WINBASEAPI BOOL WINAPI EnumProcesses(DWORD *lpidProcess, DWORD cb, LPDWORD lpcbNeeded);
WINBASEAPI BOOL WINAPI GetProcessMemoryInfo(HANDLE Process,
                                            PPROCESS_MEMORY_COUNTERS ppsmemCounters, DWORD cb);
WINBASEAPI DWORD WINAPI GetModuleFileNameExA(HANDLE hProcess, HMODULE hModule,
                                             LPSTR lpFilename, DWORD nSize);
WINBASEAPI DWORD WINAPI GetModuleFileNameExW(HANDLE hProcess, HMODULE hModule,
                                             LPWSTR lpFilename, DWORD nSize);
WINBASEAPI DWORD WINAPI GetModuleBaseNameA(HANDLE hProcess, HMODULE hModule,
                                           LPSTR lpBaseName, DWORD nSize);
WINBASEAPI DWORD WINAPI GetModuleBaseNameW(HANDLE hProcess, HMODULE hModule,
                                           LPWSTR lpBaseName, DWORD nSize);
#endif

#ifdef UNICODE
#define GetModuleFileNameEx GetModuleFileNameExW
#define GetModuleBaseName GetModuleBaseNameW
#else
#define GetModuleFileNameEx GetModuleFileNameExA
#define GetModuleBaseName GetModuleBaseNameA
#endif

#ifdef __cplusplus
}
#endif

#endif
