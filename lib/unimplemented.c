/*
 * Functions our headers declare but w32shim does not implement yet. Each one
 * fails cleanly with ERROR_CALL_NOT_IMPLEMENTED and is listed in doc/api.md.
 */
#include "error.h"

static void not_implemented(void)
{
    w32_set_error(ERROR_CALL_NOT_IMPLEMENTED);
}

HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES lpTimerAttributes, BOOL bManualReset,
                                   LPCSTR lpTimerName)
{
    not_implemented();
    return NULL;
}

HANDLE WINAPI CreateWaitableTimerW(LPSECURITY_ATTRIBUTES lpTimerAttributes, BOOL bManualReset,
                                   LPCWSTR lpTimerName)
{
    not_implemented();
    return NULL;
}

HANDLE WINAPI CreateWaitableTimerExA(LPSECURITY_ATTRIBUTES lpTimerAttributes,
                                     LPCSTR lpTimerName, DWORD dwFlags, DWORD dwDesiredAccess)
{
    not_implemented();
    return NULL;
}

HANDLE WINAPI CreateWaitableTimerExW(LPSECURITY_ATTRIBUTES lpTimerAttributes,
                                     LPCWSTR lpTimerName, DWORD dwFlags, DWORD dwDesiredAccess)
{
    not_implemented();
    return NULL;
}

HANDLE WINAPI OpenWaitableTimerA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpTimerName)
{
    not_implemented();
    return NULL;
}

HANDLE WINAPI OpenWaitableTimerW(DWORD dwDesiredAccess, BOOL bInheritHandle,
                                 LPCWSTR lpTimerName)
{
    not_implemented();
    return NULL;
}

BOOL WINAPI SetWaitableTimer(HANDLE hTimer, const LARGE_INTEGER *lpDueTime, LONG lPeriod,
                             PTIMERAPCROUTINE pfnCompletionRoutine,
                             LPVOID lpArgToCompletionRoutine, BOOL fResume)
{
    not_implemented();
    return FALSE;
}

BOOL WINAPI SetWaitableTimerEx(HANDLE hTimer, const LARGE_INTEGER *lpDueTime, LONG lPeriod,
                               PTIMERAPCROUTINE pfnCompletionRoutine,
                               LPVOID lpArgToCompletionRoutine, PREASON_CONTEXT WakeContext,
                               ULONG TolerableDelay)
{
    not_implemented();
    return FALSE;
}

BOOL WINAPI CancelWaitableTimer(HANDLE hTimer)
{
    not_implemented();
    return FALSE;
}

BOOL WINAPI TerminateThread(HANDLE hThread, DWORD dwExitCode)
{
    not_implemented();
    return FALSE;
}

DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData)
{
    not_implemented();
    return 0;
}
