/* w32shim: base types, access rights and the Interlocked family (winnt.h). */
#ifndef W32SHIM_WINNT_H
#define W32SHIM_WINNT_H

#include <stddef.h>
#include <stdint.h>
#include <uchar.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WINAPI
#define APIENTRY
#define CALLBACK
#define NTAPI
#define WINBASEAPI __attribute__((visibility("default")))

#define VOID void
#define CONST const
typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID;

typedef int BOOL, *PBOOL, *LPBOOL;
typedef unsigned char BYTE, BOOLEAN, *PBYTE, *LPBYTE;
typedef char CHAR, CCHAR;
typedef unsigned char UCHAR;
typedef short SHORT;
typedef unsigned short USHORT, WORD, *PWORD, *LPWORD;
typedef int INT, *PINT, *LPINT;
typedef unsigned int UINT, *PUINT;
/* Windows is LLP64: LONG and DWORD are 32 bits wide on every target. */
typedef int32_t LONG, *PLONG, *LPLONG;
typedef uint32_t ULONG, DWORD, *PULONG, *PDWORD, *LPDWORD;
typedef int64_t LONGLONG, LONG64, INT64, *PLONGLONG;
typedef uint64_t ULONGLONG, DWORD64, ULONG64, UINT64, *PULONGLONG;
typedef intptr_t INT_PTR, LONG_PTR, SSIZE_T;
typedef uintptr_t UINT_PTR, ULONG_PTR, DWORD_PTR, SIZE_T, *PULONG_PTR, *PSIZE_T;

/* WCHAR is UTF-16, two bytes, as on Windows: never glibc's 4-byte wchar_t. */
typedef char16_t WCHAR, *PWCHAR, *LPWCH, *PWCH;
typedef CHAR *LPSTR, *PSTR, *LPCH, *PCH;
typedef const CHAR *LPCSTR, *PCSTR;
typedef WCHAR *LPWSTR, *PWSTR;
typedef const WCHAR *LPCWSTR, *PCWSTR;

#ifdef UNICODE
typedef WCHAR TCHAR, TBYTE;
typedef LPWSTR LPTSTR, PTSTR;
typedef LPCWSTR LPCTSTR, PCTSTR;
#define __TEXT(quote) u##quote
#else
typedef char TCHAR, TBYTE;
typedef LPSTR LPTSTR, PTSTR;
typedef LPCSTR LPCTSTR, PCTSTR;
#define __TEXT(quote) quote
#endif
#define TEXT(quote) __TEXT(quote)

typedef void *HANDLE, **PHANDLE, **LPHANDLE;
typedef DWORD ACCESS_MASK, *PACCESS_MASK;

typedef union _LARGE_INTEGER {
    struct {
        DWORD LowPart;
        LONG HighPart;
    } u;
    struct {
        DWORD LowPart;
        LONG HighPart;
    };
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        DWORD LowPart;
        DWORD HighPart;
    } u;
    struct {
        DWORD LowPart;
        DWORD HighPart;
    };
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

#define MAXIMUM_WAIT_OBJECTS 64
#define MAXDWORD 0xffffffffU
#define MAXLONG 0x7fffffff
#define MINLONG 0x80000000

/* Access rights. */
#define DELETE 0x00010000
#define READ_CONTROL 0x00020000
#define WRITE_DAC 0x00040000
#define WRITE_OWNER 0x00080000
#define SYNCHRONIZE 0x00100000
#define STANDARD_RIGHTS_REQUIRED 0x000F0000
#define STANDARD_RIGHTS_READ READ_CONTROL
#define STANDARD_RIGHTS_WRITE READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE READ_CONTROL
#define STANDARD_RIGHTS_ALL 0x001F0000
#define SPECIFIC_RIGHTS_ALL 0x0000FFFF
#define ACCESS_SYSTEM_SECURITY 0x01000000
#define MAXIMUM_ALLOWED 0x02000000
#define GENERIC_READ 0x80000000
#define GENERIC_WRITE 0x40000000
#define GENERIC_EXECUTE 0x20000000
#define GENERIC_ALL 0x10000000

#define EVENT_QUERY_STATE 0x0001
#define EVENT_MODIFY_STATE 0x0002
#define EVENT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define MUTANT_QUERY_STATE 0x0001
#define MUTANT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | MUTANT_QUERY_STATE)
#define SEMAPHORE_MODIFY_STATE 0x0002
#define SEMAPHORE_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define TIMER_QUERY_STATE 0x0001
#define TIMER_MODIFY_STATE 0x0002
#define TIMER_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | TIMER_QUERY_STATE | TIMER_MODIFY_STATE)

#define PROCESS_TERMINATE 0x0001
#define PROCESS_CREATE_THREAD 0x0002
#define PROCESS_VM_OPERATION 0x0008
#define PROCESS_VM_READ 0x0010
#define PROCESS_VM_WRITE 0x0020
#define PROCESS_DUP_HANDLE 0x0040
#define PROCESS_CREATE_PROCESS 0x0080
#define PROCESS_SET_QUOTA 0x0100
#define PROCESS_SET_INFORMATION 0x0200
#define PROCESS_QUERY_INFORMATION 0x0400
#define PROCESS_SUSPEND_RESUME 0x0800
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000
#define PROCESS_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF)

#define THREAD_TERMINATE 0x0001
#define THREAD_SUSPEND_RESUME 0x0002
#define THREAD_GET_CONTEXT 0x0008
#define THREAD_SET_CONTEXT 0x0010
#define THREAD_SET_INFORMATION 0x0020
#define THREAD_QUERY_INFORMATION 0x0040
#define THREAD_SET_THREAD_TOKEN 0x0080
#define THREAD_IMPERSONATE 0x0100
#define THREAD_DIRECT_IMPERSONATION 0x0200
#define THREAD_SET_LIMITED_INFORMATION 0x0400
#define THREAD_QUERY_LIMITED_INFORMATION 0x0800
#define THREAD_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF)

#define DUPLICATE_CLOSE_SOURCE 0x00000001
#define DUPLICATE_SAME_ACCESS 0x00000002

/*
 * The Interlocked family: compiler intrinsics on Windows, inline atomics
 * here. Every one is a full barrier, as Windows documents.
 */
#define W32SHIM_ATOMIC_FN static inline __attribute__((always_inline))

W32SHIM_ATOMIC_FN LONG InterlockedIncrement(LONG volatile *p)
{ return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG InterlockedDecrement(LONG volatile *p)
{ return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG InterlockedExchange(LONG volatile *p, LONG v)
{ return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG InterlockedExchangeAdd(LONG volatile *p, LONG v)
{ return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG InterlockedAdd(LONG volatile *p, LONG v)
{ return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG InterlockedAnd(LONG volatile *p, LONG v)
{ return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG InterlockedOr(LONG volatile *p, LONG v)
{ return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG InterlockedXor(LONG volatile *p, LONG v)
{ return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG InterlockedCompareExchange(LONG volatile *p, LONG exchange, LONG comparand)
{
    __atomic_compare_exchange_n(p, &comparand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}

W32SHIM_ATOMIC_FN LONG64 InterlockedIncrement64(LONG64 volatile *p)
{ return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG64 InterlockedDecrement64(LONG64 volatile *p)
{ return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG64 InterlockedExchange64(LONG64 volatile *p, LONG64 v)
{ return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG64 InterlockedExchangeAdd64(LONG64 volatile *p, LONG64 v)
{ return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG64 InterlockedAdd64(LONG64 volatile *p, LONG64 v)
{ return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG64 InterlockedAnd64(LONG64 volatile *p, LONG64 v)
{ return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG64 InterlockedOr64(LONG64 volatile *p, LONG64 v)
{ return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG64 InterlockedXor64(LONG64 volatile *p, LONG64 v)
{ return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN LONG64 InterlockedCompareExchange64(LONG64 volatile *p, LONG64 exchange, LONG64 comparand)
{
    __atomic_compare_exchange_n(p, &comparand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}

W32SHIM_ATOMIC_FN PVOID InterlockedExchangePointer(PVOID volatile *p, PVOID v)
{ return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
W32SHIM_ATOMIC_FN PVOID InterlockedCompareExchangePointer(PVOID volatile *p, PVOID exchange, PVOID comparand)
{
    __atomic_compare_exchange_n(p, &comparand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}

#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)

#ifdef __cplusplus
}
#endif
#endif
