/* w32shim: interlockedapi.h (interlocked singly linked lists). */
#ifndef W32SHIM_INTERLOCKEDAPI_H
#define W32SHIM_INTERLOCKEDAPI_H

#include <winnt.h>

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI VOID WINAPI InitializeSListHead(PSLIST_HEADER ListHead);
WINBASEAPI PSLIST_ENTRY WINAPI InterlockedPopEntrySList(PSLIST_HEADER ListHead);
WINBASEAPI PSLIST_ENTRY WINAPI InterlockedPushEntrySList(PSLIST_HEADER ListHead,
                                                         PSLIST_ENTRY ListEntry);
WINBASEAPI PSLIST_ENTRY WINAPI InterlockedPushListSListEx(PSLIST_HEADER ListHead,
                                                          PSLIST_ENTRY List, PSLIST_ENTRY ListEnd,
                                                          ULONG Count);
#define InterlockedPushListSList InterlockedPushListSListEx
WINBASEAPI PSLIST_ENTRY WINAPI InterlockedFlushSList(PSLIST_HEADER ListHead);
WINBASEAPI USHORT WINAPI QueryDepthSList(PSLIST_HEADER ListHead);

#ifdef __cplusplus
}
#endif
#endif
