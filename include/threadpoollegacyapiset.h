/*
 * w32shim: threadpoollegacyapiset.h (QueueUserWorkItem, registered waits,
 * timer queues). Also declares what Windows keeps of this family in winbase.h
 * and winnt.h: RegisterWaitForSingleObject, UnregisterWait, DeleteTimerQueue,
 * SetTimerQueueTimer, CancelTimerQueueTimer, WAITORTIMERCALLBACK, WT_*.
 */
#ifndef W32SHIM_THREADPOOLLEGACYAPISET_H
#define W32SHIM_THREADPOOLLEGACYAPISET_H

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef VOID (NTAPI *WORKERCALLBACKFUNC)(PVOID);
typedef VOID (NTAPI *WAITORTIMERCALLBACKFUNC)(PVOID, BOOLEAN);
typedef WAITORTIMERCALLBACKFUNC WAITORTIMERCALLBACK;

#define WT_EXECUTEDEFAULT 0x00000000
#define WT_EXECUTEINIOTHREAD 0x00000001
#define WT_EXECUTEINUITHREAD 0x00000002
#define WT_EXECUTEINWAITTHREAD 0x00000004
#define WT_EXECUTEONLYONCE 0x00000008
#define WT_EXECUTEINTIMERTHREAD 0x00000020
#define WT_EXECUTELONGFUNCTION 0x00000010
#define WT_EXECUTEINPERSISTENTIOTHREAD 0x00000040
#define WT_EXECUTEINPERSISTENTTHREAD 0x00000080
#define WT_TRANSFER_IMPERSONATION 0x00000100
#define WT_SET_MAX_THREADPOOL_THREADS(Flags, Limit) ((Flags) |= (Limit) << 16)
#define WT_EXECUTEDELETEWAIT 0x00000008
#define WT_EXECUTEINLONGTHREAD 0x00000010

WINBASEAPI BOOL WINAPI QueueUserWorkItem(LPTHREAD_START_ROUTINE Function, PVOID Context,
                                         ULONG Flags);

WINBASEAPI BOOL WINAPI RegisterWaitForSingleObject(PHANDLE phNewWaitObject, HANDLE hObject,
                                                   WAITORTIMERCALLBACK Callback, PVOID Context,
                                                   ULONG dwMilliseconds, ULONG dwFlags);
WINBASEAPI BOOL WINAPI UnregisterWait(HANDLE WaitHandle);
WINBASEAPI BOOL WINAPI UnregisterWaitEx(HANDLE WaitHandle, HANDLE CompletionEvent);

WINBASEAPI HANDLE WINAPI CreateTimerQueue(VOID);
WINBASEAPI BOOL WINAPI CreateTimerQueueTimer(PHANDLE phNewTimer, HANDLE TimerQueue,
                                             WAITORTIMERCALLBACK Callback, PVOID Parameter,
                                             DWORD DueTime, DWORD Period, ULONG Flags);
WINBASEAPI HANDLE WINAPI SetTimerQueueTimer(HANDLE TimerQueue, WAITORTIMERCALLBACK Callback,
                                            PVOID Parameter, DWORD DueTime, DWORD Period,
                                            BOOL PreferIo);
WINBASEAPI BOOL WINAPI ChangeTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer, ULONG DueTime,
                                             ULONG Period);
WINBASEAPI BOOL WINAPI CancelTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer);
WINBASEAPI BOOL WINAPI DeleteTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer,
                                             HANDLE CompletionEvent);
WINBASEAPI BOOL WINAPI DeleteTimerQueueEx(HANDLE TimerQueue, HANDLE CompletionEvent);
WINBASEAPI BOOL WINAPI DeleteTimerQueue(HANDLE TimerQueue);

#ifdef __cplusplus
}
#endif
#endif
