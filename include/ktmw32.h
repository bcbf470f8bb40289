/*
 * w32shim: ktmw32.h, the Kernel Transaction Manager (lib/txn.c). Linux file
 * systems have no transactions: CreateTransaction and OpenTransaction fail
 * with ERROR_NOT_SUPPORTED, and since no handle is then a transaction, the
 * functions taking one fail with ERROR_INVALID_HANDLE, as Windows does for
 * a handle of another type. A port takes its non-transacted path.
 */
#ifndef W32SHIM_KTMW32_H
#define W32SHIM_KTMW32_H

#include <windows.h>
#include <guiddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TRANSACTION_DO_NOT_PROMOTE 0x00000001

WINBASEAPI HANDLE WINAPI CreateTransaction(LPSECURITY_ATTRIBUTES lpTransactionAttributes,
                                           LPGUID UOW, DWORD CreateOptions,
                                           DWORD IsolationLevel, DWORD IsolationFlags,
                                           DWORD Timeout, LPWSTR Description);
WINBASEAPI HANDLE WINAPI OpenTransaction(DWORD dwDesiredAccess, LPGUID TransactionId);
WINBASEAPI BOOL WINAPI CommitTransaction(HANDLE TransactionHandle);
WINBASEAPI BOOL WINAPI CommitTransactionAsync(HANDLE TransactionHandle);
WINBASEAPI BOOL WINAPI RollbackTransaction(HANDLE TransactionHandle);
WINBASEAPI BOOL WINAPI RollbackTransactionAsync(HANDLE TransactionHandle);
WINBASEAPI BOOL WINAPI GetTransactionId(HANDLE TransactionHandle, LPGUID TransactionId);
WINBASEAPI BOOL WINAPI GetTransactionInformation(HANDLE TransactionHandle, PDWORD Outcome,
                                                 PDWORD IsolationLevel, PDWORD IsolationFlags,
                                                 PDWORD Timeout, DWORD BufferLength,
                                                 LPWSTR Description);
WINBASEAPI BOOL WINAPI SetTransactionInformation(HANDLE TransactionHandle, DWORD IsolationLevel,
                                                 DWORD IsolationFlags, DWORD Timeout,
                                                 LPWSTR Description);

#ifdef __cplusplus
}
#endif

#endif
