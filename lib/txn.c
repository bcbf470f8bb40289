/*
 * The Kernel Transaction Manager and transacted file functions (TxF). Linux
 * file systems offer no transactions to build them on, and Microsoft
 * deprecates TxF, so w32shim makes no transactions: CreateTransaction and
 * OpenTransaction fail with ERROR_NOT_SUPPORTED, which sends a program to
 * its non-transacted path. No handle is then a transaction, and every
 * function taking one answers as Windows does for a handle of another type:
 * ERROR_INVALID_HANDLE, before looking at any other argument.
 */
#include <ktmw32.h>
#include "error.h"

static HANDLE no_transaction(void)
{
    w32_set_error(ERROR_NOT_SUPPORTED);
    return INVALID_HANDLE_VALUE;
}

/* The failure of a function given hTransaction, which is never a transaction. */
static BOOL not_a_transaction(void)
{
    w32_set_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

HANDLE WINAPI CreateTransaction(LPSECURITY_ATTRIBUTES lpTransactionAttributes, LPGUID UOW,
                                DWORD CreateOptions, DWORD IsolationLevel,
                                DWORD IsolationFlags, DWORD Timeout, LPWSTR Description)
{
    return no_transaction();
}

HANDLE WINAPI OpenTransaction(DWORD dwDesiredAccess, LPGUID TransactionId)
{
    return no_transaction();
}

BOOL WINAPI CommitTransaction(HANDLE TransactionHandle)
{
    return not_a_transaction();
}

BOOL WINAPI CommitTransactionAsync(HANDLE TransactionHandle)
{
    return not_a_transaction();
}

BOOL WINAPI RollbackTransaction(HANDLE TransactionHandle)
{
    return not_a_transaction();
}

BOOL WINAPI RollbackTransactionAsync(HANDLE TransactionHandle)
{
    return not_a_transaction();
}

BOOL WINAPI GetTransactionId(HANDLE TransactionHandle, LPGUID TransactionId)
{
    return not_a_transaction();
}

BOOL WINAPI GetTransactionInformation(HANDLE TransactionHandle, PDWORD Outcome,
                                      PDWORD IsolationLevel, PDWORD IsolationFlags,
                                      PDWORD Timeout, DWORD BufferLength, LPWSTR Description)
{
    return not_a_transaction();
}

BOOL WINAPI SetTransactionInformation(HANDLE TransactionHandle, DWORD IsolationLevel,
                                      DWORD IsolationFlags, DWORD Timeout, LPWSTR Description)
{
    return not_a_transaction();
}

/* ---- Transacted file functions: each fails as its hTransaction is not one. ---- */

HANDLE WINAPI CreateFileTransactedA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                    LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                    DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                                    HANDLE hTemplateFile, HANDLE hTransaction,
                                    PUSHORT pusMiniVersion, PVOID lpExtendedParameter)
{
    not_a_transaction();
    return INVALID_HANDLE_VALUE;
}

HANDLE WINAPI CreateFileTransactedW(LPCWSTR lpFileName, DWORD dwDesiredAccess,
                                    DWORD dwShareMode, LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                    DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                                    HANDLE hTemplateFile, HANDLE hTransaction,
                                    PUSHORT pusMiniVersion, PVOID lpExtendedParameter)
{
    not_a_transaction();
    return INVALID_HANDLE_VALUE;
}

BOOL WINAPI DeleteFileTransactedA(LPCSTR lpFileName, HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI DeleteFileTransactedW(LPCWSTR lpFileName, HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI CreateDirectoryTransactedA(LPCSTR lpTemplateDirectory, LPCSTR lpNewDirectory,
                                       LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                       HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI CreateDirectoryTransactedW(LPCWSTR lpTemplateDirectory, LPCWSTR lpNewDirectory,
                                       LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                       HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI RemoveDirectoryTransactedA(LPCSTR lpPathName, HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI RemoveDirectoryTransactedW(LPCWSTR lpPathName, HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI MoveFileTransactedA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName,
                                LPPROGRESS_ROUTINE lpProgressRoutine, LPVOID lpData,
                                DWORD dwFlags, HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI MoveFileTransactedW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName,
                                LPPROGRESS_ROUTINE lpProgressRoutine, LPVOID lpData,
                                DWORD dwFlags, HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI CopyFileTransactedA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName,
                                LPPROGRESS_ROUTINE lpProgressRoutine, LPVOID lpData,
                                LPBOOL pbCancel, DWORD dwCopyFlags, HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI CopyFileTransactedW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName,
                                LPPROGRESS_ROUTINE lpProgressRoutine, LPVOID lpData,
                                LPBOOL pbCancel, DWORD dwCopyFlags, HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI GetFileAttributesTransactedA(LPCSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                         LPVOID lpFileInformation, HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI GetFileAttributesTransactedW(LPCWSTR lpFileName,
                                         GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                         LPVOID lpFileInformation, HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI SetFileAttributesTransactedA(LPCSTR lpFileName, DWORD dwFileAttributes,
                                         HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI SetFileAttributesTransactedW(LPCWSTR lpFileName, DWORD dwFileAttributes,
                                         HANDLE hTransaction)
{
    return not_a_transaction();
}

DWORD WINAPI GetCompressedFileSizeTransactedA(LPCSTR lpFileName, LPDWORD lpFileSizeHigh,
                                              HANDLE hTransaction)
{
    not_a_transaction();
    return INVALID_FILE_SIZE;
}

DWORD WINAPI GetCompressedFileSizeTransactedW(LPCWSTR lpFileName, LPDWORD lpFileSizeHigh,
                                              HANDLE hTransaction)
{
    not_a_transaction();
    return INVALID_FILE_SIZE;
}

DWORD WINAPI GetFullPathNameTransactedA(LPCSTR lpFileName, DWORD nBufferLength, LPSTR lpBuffer,
                                        LPSTR *lpFilePart, HANDLE hTransaction)
{
    return not_a_transaction();
}

DWORD WINAPI GetFullPathNameTransactedW(LPCWSTR lpFileName, DWORD nBufferLength,
                                        LPWSTR lpBuffer, LPWSTR *lpFilePart,
                                        HANDLE hTransaction)
{
    return not_a_transaction();
}

DWORD WINAPI GetLongPathNameTransactedA(LPCSTR lpszShortPath, LPSTR lpszLongPath,
                                        DWORD cchBuffer, HANDLE hTransaction)
{
    return not_a_transaction();
}

DWORD WINAPI GetLongPathNameTransactedW(LPCWSTR lpszShortPath, LPWSTR lpszLongPath,
                                        DWORD cchBuffer, HANDLE hTransaction)
{
    return not_a_transaction();
}

HANDLE WINAPI FindFirstFileTransactedA(LPCSTR lpFileName, FINDEX_INFO_LEVELS fInfoLevelId,
                                       LPVOID lpFindFileData, FINDEX_SEARCH_OPS fSearchOp,
                                       LPVOID lpSearchFilter, DWORD dwAdditionalFlags,
                                       HANDLE hTransaction)
{
    not_a_transaction();
    return INVALID_HANDLE_VALUE;
}

HANDLE WINAPI FindFirstFileTransactedW(LPCWSTR lpFileName, FINDEX_INFO_LEVELS fInfoLevelId,
                                       LPVOID lpFindFileData, FINDEX_SEARCH_OPS fSearchOp,
                                       LPVOID lpSearchFilter, DWORD dwAdditionalFlags,
                                       HANDLE hTransaction)
{
    not_a_transaction();
    return INVALID_HANDLE_VALUE;
}

BOOL WINAPI CreateHardLinkTransactedA(LPCSTR lpFileName, LPCSTR lpExistingFileName,
                                      LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                      HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOL WINAPI CreateHardLinkTransactedW(LPCWSTR lpFileName, LPCWSTR lpExistingFileName,
                                      LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                      HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOLEAN WINAPI CreateSymbolicLinkTransactedA(LPCSTR lpSymlinkFileName, LPCSTR lpTargetFileName,
                                             DWORD dwFlags, HANDLE hTransaction)
{
    return not_a_transaction();
}

BOOLEAN WINAPI CreateSymbolicLinkTransactedW(LPCWSTR lpSymlinkFileName,
                                             LPCWSTR lpTargetFileName, DWORD dwFlags,
                                             HANDLE hTransaction)
{
    return not_a_transaction();
}
