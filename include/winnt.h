/* w32shim: base types, access rights and the Interlocked family (winnt.h). */
#ifndef W32SHIM_WINNT_H
#define W32SHIM_WINNT_H

#include <basetsd.h>
#include <sal.h>
#include <sdkddkver.h>
#include <winapifamily.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <uchar.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WINAPI
#define WINAPIV
#define APIENTRY
#define CALLBACK
#define NTAPI
#define WINBASEAPI __attribute__((visibility("default")))
#define NTSYSAPI WINBASEAPI
#define STDMETHODCALLTYPE
#define STDMETHODVCALLTYPE
#define STDAPICALLTYPE
#define STDAPIVCALLTYPE

#ifdef __cplusplus
#define EXTERN_C extern "C"
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END }
#else
#define EXTERN_C extern
#define EXTERN_C_START
#define EXTERN_C_END
#endif

/* The SDK's spellings of MSVC's declspecs (w32shim_dialect.h). */
#define DECLSPEC_IMPORT __declspec(dllimport)
#define DECLSPEC_EXPORT __declspec(dllexport)
#define DECLSPEC_NORETURN __declspec(noreturn)
#define DECLSPEC_NOINLINE __declspec(noinline)
#define DECLSPEC_NOTHROW __declspec(nothrow)
#define DECLSPEC_NOVTABLE __declspec(novtable)
#define DECLSPEC_SELECTANY __declspec(selectany)
#define DECLSPEC_ALIGN(x) __declspec(align(x))
#define DECLSPEC_DEPRECATED __declspec(deprecated)
#define DECLSPEC_ADDRSAFE
#define DECLSPEC_CACHEALIGN DECLSPEC_ALIGN(64)
#define DECLSPEC_UUID(x)
#define FORCEINLINE static __forceinline
#define NOP_FUNCTION (void)0
#define C_ASSERT(e) typedef char __C_ASSERT__[(e) ? 1 : -1] __attribute__((__unused__))
#define ANYSIZE_ARRAY 1

#define VOID void
#define CONST const
typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID;

typedef int BOOL, *PBOOL, *LPBOOL;
typedef unsigned char BYTE, BOOLEAN, *PBYTE, *LPBYTE, *PBOOLEAN;
typedef char CHAR, CCHAR, *PCHAR;
typedef unsigned char UCHAR, *PUCHAR;
typedef short SHORT, *PSHORT;
typedef unsigned short USHORT, WORD, *PUSHORT, *PWORD, *LPWORD;
typedef int INT, *PINT, *LPINT;
typedef unsigned int UINT, *PUINT;
typedef float FLOAT, *PFLOAT;
/* Windows is LLP64: LONG and DWORD are 32 bits wide on every target. */
typedef int32_t LONG, *PLONG, *LPLONG;
typedef uint32_t ULONG, DWORD, *PULONG, *PDWORD, *LPDWORD;
typedef __int64 LONGLONG, *PLONGLONG;
typedef unsigned __int64 ULONGLONG, *PULONGLONG, DWORDLONG, *PDWORDLONG;
#ifndef _HRESULT_DEFINED
#define _HRESULT_DEFINED
typedef LONG HRESULT;
#endif

/* WCHAR is UTF-16, two bytes, as on Windows: never glibc's 4-byte wchar_t. */
typedef W32SHIM_WCHAR_TYPE WCHAR, *PWCHAR, *LPWCH, *PWCH, *NWPSTR, *LPWSTR, *PWSTR;
typedef const WCHAR *LPCWCH, *PCWCH, *LPCWSTR, *PCWSTR;
typedef CHAR *LPSTR, *PSTR, *LPCH, *PCH, *NPSTR, *PSZ;
typedef const CHAR *LPCSTR, *PCSTR, *LPCCH, *PCCH;

#ifdef UNICODE
typedef WCHAR TCHAR, TBYTE, *PTCHAR, *PTBYTE;
typedef LPWSTR LPTSTR, PTSTR;
typedef LPWCH LPTCH, PTCH;
typedef LPCWSTR LPCTSTR, PCTSTR;
#define __TEXT(quote) W32SHIM_WTEXT(quote)
#else
typedef char TCHAR, TBYTE, *PTCHAR, *PTBYTE;
typedef LPSTR LPTSTR, PTSTR;
typedef LPCH LPTCH, PTCH;
typedef LPCSTR LPCTSTR, PCTSTR;
#define __TEXT(quote) quote
#endif
#define TEXT(quote) __TEXT(quote)

#ifdef __cplusplus
/*
 * A C++ program's wmain (_tmain with _UNICODE) has C linkage, as with
 * MSVC, so that libw32shim-wmain.a's main can call it: this declaration,
 * inside this header's extern "C", gives the program's definition that
 * linkage. It must take (int, WCHAR **).
 */
int wmain(int argc, WCHAR **argv);
#endif

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

#define IMAGE_FILE_MACHINE_UNKNOWN 0
#define IMAGE_FILE_MACHINE_I386 0x014c
#define IMAGE_FILE_MACHINE_AMD64 0x8664
#define IMAGE_FILE_MACHINE_ARM64 0xaa64
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
 * here. The plain forms are full (sequentially consistent) barriers, as
 * Windows documents; the Acquire, Release and NoFence forms have exactly the
 * ordering their names say, as on ARM64 Windows (x86 Windows makes them all
 * full barriers). Names and signatures are those of the x64 Windows SDK.
 */
#define W32SHIM_ATOMIC_FN static inline __attribute__((always_inline))

/* name(p): adds delta and returns the new value. */
#define W32SHIM_STEP(name, type, delta, order) \
    W32SHIM_ATOMIC_FN type name(type volatile *p) \
    { return __atomic_add_fetch(p, (type)(delta), order); }
/* name(p, v): op returns the old value (fetch_*, exchange_n) or the new one (*_fetch). */
#define W32SHIM_RMW(name, type, op, order) \
    W32SHIM_ATOMIC_FN type name(type volatile *p, type v) \
    { return __atomic_##op(p, v, order); }
/* name(p, exchange, comparand): returns the initial value of *p. */
#define W32SHIM_CAS(name, type, order, failure_order) \
    W32SHIM_ATOMIC_FN type name(type volatile *p, type exchange, type comparand) \
    { \
        __atomic_compare_exchange_n(p, &comparand, exchange, 0, order, failure_order); \
        return comparand; \
    }
/* The bit offset addresses a bit string starting at base, as x86's bts does. */
#define W32SHIM_BIT(name, type, utype, shift, op, invert, order) \
    W32SHIM_ATOMIC_FN BOOLEAN name(type volatile *base, type offset) \
    { \
        type mask = (type)((utype)1 << (offset & ((1 << shift) - 1))); \
        return (__atomic_##op(base + (offset >> shift), invert mask, order) & mask) != 0; \
    }

#define W32SHIM_SEQ __ATOMIC_SEQ_CST
#define W32SHIM_ACQ __ATOMIC_ACQUIRE
#define W32SHIM_REL __ATOMIC_RELEASE
#define W32SHIM_NF __ATOMIC_RELAXED

/* 32 bits. Increment, Decrement and Add return the new value, the others the old one. */
W32SHIM_STEP(InterlockedIncrement, LONG, 1, W32SHIM_SEQ)
W32SHIM_STEP(InterlockedIncrementAcquire, LONG, 1, W32SHIM_ACQ)
W32SHIM_STEP(InterlockedIncrementRelease, LONG, 1, W32SHIM_REL)
W32SHIM_STEP(InterlockedIncrementNoFence, LONG, 1, W32SHIM_NF)
W32SHIM_STEP(InterlockedDecrement, LONG, -1, W32SHIM_SEQ)
W32SHIM_STEP(InterlockedDecrementAcquire, LONG, -1, W32SHIM_ACQ)
W32SHIM_STEP(InterlockedDecrementRelease, LONG, -1, W32SHIM_REL)
W32SHIM_STEP(InterlockedDecrementNoFence, LONG, -1, W32SHIM_NF)
W32SHIM_RMW(InterlockedAdd, LONG, add_fetch, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedAddAcquire, LONG, add_fetch, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedAddRelease, LONG, add_fetch, W32SHIM_REL)
W32SHIM_RMW(InterlockedAddNoFence, LONG, add_fetch, W32SHIM_NF)
W32SHIM_RMW(InterlockedExchange, LONG, exchange_n, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedExchangeAcquire, LONG, exchange_n, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedExchangeNoFence, LONG, exchange_n, W32SHIM_NF)
W32SHIM_RMW(InterlockedExchangeAdd, LONG, fetch_add, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedExchangeAddAcquire, LONG, fetch_add, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedExchangeAddRelease, LONG, fetch_add, W32SHIM_REL)
W32SHIM_RMW(InterlockedExchangeAddNoFence, LONG, fetch_add, W32SHIM_NF)
W32SHIM_RMW(InterlockedAnd, LONG, fetch_and, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedAndAcquire, LONG, fetch_and, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedAndRelease, LONG, fetch_and, W32SHIM_REL)
W32SHIM_RMW(InterlockedAndNoFence, LONG, fetch_and, W32SHIM_NF)
W32SHIM_RMW(InterlockedOr, LONG, fetch_or, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedOrAcquire, LONG, fetch_or, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedOrRelease, LONG, fetch_or, W32SHIM_REL)
W32SHIM_RMW(InterlockedOrNoFence, LONG, fetch_or, W32SHIM_NF)
W32SHIM_RMW(InterlockedXor, LONG, fetch_xor, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedXorAcquire, LONG, fetch_xor, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedXorRelease, LONG, fetch_xor, W32SHIM_REL)
W32SHIM_RMW(InterlockedXorNoFence, LONG, fetch_xor, W32SHIM_NF)
W32SHIM_CAS(InterlockedCompareExchange, LONG, W32SHIM_SEQ, W32SHIM_SEQ)
W32SHIM_CAS(InterlockedCompareExchangeAcquire, LONG, W32SHIM_ACQ, W32SHIM_ACQ)
W32SHIM_CAS(InterlockedCompareExchangeRelease, LONG, W32SHIM_REL, W32SHIM_NF)
W32SHIM_CAS(InterlockedCompareExchangeNoFence, LONG, W32SHIM_NF, W32SHIM_NF)

/* 64 bits: the same conventions. */
W32SHIM_STEP(InterlockedIncrement64, LONG64, 1, W32SHIM_SEQ)
W32SHIM_STEP(InterlockedIncrementAcquire64, LONG64, 1, W32SHIM_ACQ)
W32SHIM_STEP(InterlockedIncrementRelease64, LONG64, 1, W32SHIM_REL)
W32SHIM_STEP(InterlockedIncrementNoFence64, LONG64, 1, W32SHIM_NF)
W32SHIM_STEP(InterlockedDecrement64, LONG64, -1, W32SHIM_SEQ)
W32SHIM_STEP(InterlockedDecrementAcquire64, LONG64, -1, W32SHIM_ACQ)
W32SHIM_STEP(InterlockedDecrementRelease64, LONG64, -1, W32SHIM_REL)
W32SHIM_STEP(InterlockedDecrementNoFence64, LONG64, -1, W32SHIM_NF)
W32SHIM_RMW(InterlockedAdd64, LONG64, add_fetch, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedAddAcquire64, LONG64, add_fetch, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedAddRelease64, LONG64, add_fetch, W32SHIM_REL)
W32SHIM_RMW(InterlockedAddNoFence64, LONG64, add_fetch, W32SHIM_NF)
W32SHIM_RMW(InterlockedExchange64, LONG64, exchange_n, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedExchangeAcquire64, LONG64, exchange_n, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedExchangeNoFence64, LONG64, exchange_n, W32SHIM_NF)
W32SHIM_RMW(InterlockedExchangeAdd64, LONG64, fetch_add, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedExchangeAddAcquire64, LONG64, fetch_add, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedExchangeAddRelease64, LONG64, fetch_add, W32SHIM_REL)
W32SHIM_RMW(InterlockedExchangeAddNoFence64, LONG64, fetch_add, W32SHIM_NF)
W32SHIM_RMW(InterlockedAnd64, LONG64, fetch_and, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedAnd64Acquire, LONG64, fetch_and, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedAnd64Release, LONG64, fetch_and, W32SHIM_REL)
W32SHIM_RMW(InterlockedAnd64NoFence, LONG64, fetch_and, W32SHIM_NF)
W32SHIM_RMW(InterlockedOr64, LONG64, fetch_or, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedOr64Acquire, LONG64, fetch_or, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedOr64Release, LONG64, fetch_or, W32SHIM_REL)
W32SHIM_RMW(InterlockedOr64NoFence, LONG64, fetch_or, W32SHIM_NF)
W32SHIM_RMW(InterlockedXor64, LONG64, fetch_xor, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedXor64Acquire, LONG64, fetch_xor, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedXor64Release, LONG64, fetch_xor, W32SHIM_REL)
W32SHIM_RMW(InterlockedXor64NoFence, LONG64, fetch_xor, W32SHIM_NF)
W32SHIM_CAS(InterlockedCompareExchange64, LONG64, W32SHIM_SEQ, W32SHIM_SEQ)
W32SHIM_CAS(InterlockedCompareExchangeAcquire64, LONG64, W32SHIM_ACQ, W32SHIM_ACQ)
W32SHIM_CAS(InterlockedCompareExchangeRelease64, LONG64, W32SHIM_REL, W32SHIM_NF)
W32SHIM_CAS(InterlockedCompareExchangeNoFence64, LONG64, W32SHIM_NF, W32SHIM_NF)

/* 16 and 8 bits. */
W32SHIM_STEP(InterlockedIncrement16, SHORT, 1, W32SHIM_SEQ)
W32SHIM_STEP(InterlockedIncrementAcquire16, SHORT, 1, W32SHIM_ACQ)
W32SHIM_STEP(InterlockedIncrementRelease16, SHORT, 1, W32SHIM_REL)
W32SHIM_STEP(InterlockedIncrementNoFence16, SHORT, 1, W32SHIM_NF)
W32SHIM_STEP(InterlockedDecrement16, SHORT, -1, W32SHIM_SEQ)
W32SHIM_STEP(InterlockedDecrementAcquire16, SHORT, -1, W32SHIM_ACQ)
W32SHIM_STEP(InterlockedDecrementRelease16, SHORT, -1, W32SHIM_REL)
W32SHIM_STEP(InterlockedDecrementNoFence16, SHORT, -1, W32SHIM_NF)
W32SHIM_CAS(InterlockedCompareExchange16, SHORT, W32SHIM_SEQ, W32SHIM_SEQ)
W32SHIM_CAS(InterlockedCompareExchangeAcquire16, SHORT, W32SHIM_ACQ, W32SHIM_ACQ)
W32SHIM_CAS(InterlockedCompareExchangeRelease16, SHORT, W32SHIM_REL, W32SHIM_NF)
W32SHIM_CAS(InterlockedCompareExchangeNoFence16, SHORT, W32SHIM_NF, W32SHIM_NF)
W32SHIM_RMW(InterlockedExchange16, SHORT, exchange_n, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedAnd16, SHORT, fetch_and, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedOr16, SHORT, fetch_or, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedXor16, SHORT, fetch_xor, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedExchange8, CHAR, exchange_n, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedExchangeAdd8, CHAR, fetch_add, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedAnd8, CHAR, fetch_and, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedOr8, CHAR, fetch_or, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedXor8, CHAR, fetch_xor, W32SHIM_SEQ)

/* Pointers. Windows has no InterlockedExchangePointerRelease. */
W32SHIM_RMW(InterlockedExchangePointer, PVOID, exchange_n, W32SHIM_SEQ)
W32SHIM_RMW(InterlockedExchangePointerAcquire, PVOID, exchange_n, W32SHIM_ACQ)
W32SHIM_RMW(InterlockedExchangePointerNoFence, PVOID, exchange_n, W32SHIM_NF)
W32SHIM_CAS(InterlockedCompareExchangePointer, PVOID, W32SHIM_SEQ, W32SHIM_SEQ)
W32SHIM_CAS(InterlockedCompareExchangePointerAcquire, PVOID, W32SHIM_ACQ, W32SHIM_ACQ)
W32SHIM_CAS(InterlockedCompareExchangePointerRelease, PVOID, W32SHIM_REL, W32SHIM_NF)
W32SHIM_CAS(InterlockedCompareExchangePointerNoFence, PVOID, W32SHIM_NF, W32SHIM_NF)

/* Bit test and modify: return the bit's old value. */
W32SHIM_BIT(InterlockedBitTestAndSet, LONG, ULONG, 5, fetch_or, , W32SHIM_SEQ)
W32SHIM_BIT(InterlockedBitTestAndSetAcquire, LONG, ULONG, 5, fetch_or, , W32SHIM_ACQ)
W32SHIM_BIT(InterlockedBitTestAndSetRelease, LONG, ULONG, 5, fetch_or, , W32SHIM_REL)
W32SHIM_BIT(InterlockedBitTestAndSetNoFence, LONG, ULONG, 5, fetch_or, , W32SHIM_NF)
W32SHIM_BIT(InterlockedBitTestAndReset, LONG, ULONG, 5, fetch_and, ~, W32SHIM_SEQ)
W32SHIM_BIT(InterlockedBitTestAndResetAcquire, LONG, ULONG, 5, fetch_and, ~, W32SHIM_ACQ)
W32SHIM_BIT(InterlockedBitTestAndResetRelease, LONG, ULONG, 5, fetch_and, ~, W32SHIM_REL)
W32SHIM_BIT(InterlockedBitTestAndResetNoFence, LONG, ULONG, 5, fetch_and, ~, W32SHIM_NF)
W32SHIM_BIT(InterlockedBitTestAndComplement, LONG, ULONG, 5, fetch_xor, , W32SHIM_SEQ)
W32SHIM_BIT(InterlockedBitTestAndSet64, LONG64, ULONG64, 6, fetch_or, , W32SHIM_SEQ)
W32SHIM_BIT(InterlockedBitTestAndSet64Acquire, LONG64, ULONG64, 6, fetch_or, , W32SHIM_ACQ)
W32SHIM_BIT(InterlockedBitTestAndSet64Release, LONG64, ULONG64, 6, fetch_or, , W32SHIM_REL)
W32SHIM_BIT(InterlockedBitTestAndSet64NoFence, LONG64, ULONG64, 6, fetch_or, , W32SHIM_NF)
W32SHIM_BIT(InterlockedBitTestAndReset64, LONG64, ULONG64, 6, fetch_and, ~, W32SHIM_SEQ)
W32SHIM_BIT(InterlockedBitTestAndReset64Acquire, LONG64, ULONG64, 6, fetch_and, ~, W32SHIM_ACQ)
W32SHIM_BIT(InterlockedBitTestAndReset64Release, LONG64, ULONG64, 6, fetch_and, ~, W32SHIM_REL)
W32SHIM_BIT(InterlockedBitTestAndReset64NoFence, LONG64, ULONG64, 6, fetch_and, ~, W32SHIM_NF)
W32SHIM_BIT(InterlockedBitTestAndComplement64, LONG64, ULONG64, 6, fetch_xor, , W32SHIM_SEQ)

#undef W32SHIM_STEP
#undef W32SHIM_RMW
#undef W32SHIM_CAS
#undef W32SHIM_BIT
#undef W32SHIM_SEQ
#undef W32SHIM_ACQ
#undef W32SHIM_REL
#undef W32SHIM_NF

/* Pointer-sized forms, as the SDK defines them: macros that cast the target. */
#if UINTPTR_MAX > 0xffffffffU
#define InterlockedExchangeAddSizeT(a, b) InterlockedExchangeAdd64((LONG64 *)(a), (b))
#define InterlockedExchangeAddSizeTAcquire(a, b) InterlockedExchangeAddAcquire64((LONG64 *)(a), (b))
#define InterlockedExchangeAddSizeTNoFence(a, b) InterlockedExchangeAddNoFence64((LONG64 *)(a), (b))
#define InterlockedIncrementSizeT(a) InterlockedIncrement64((LONG64 *)(a))
#define InterlockedIncrementSizeTNoFence(a) InterlockedIncrementNoFence64((LONG64 *)(a))
#define InterlockedDecrementSizeT(a) InterlockedDecrement64((LONG64 *)(a))
#define InterlockedDecrementSizeTNoFence(a) InterlockedDecrementNoFence64((LONG64 *)(a))
#define InterlockedAndAffinity InterlockedAnd64
#define InterlockedOrAffinity InterlockedOr64
#else
#define InterlockedExchangeAddSizeT(a, b) InterlockedExchangeAdd((LONG *)(a), (b))
#define InterlockedExchangeAddSizeTAcquire(a, b) InterlockedExchangeAddAcquire((LONG *)(a), (b))
#define InterlockedExchangeAddSizeTNoFence(a, b) InterlockedExchangeAddNoFence((LONG *)(a), (b))
#define InterlockedIncrementSizeT(a) InterlockedIncrement((LONG *)(a))
#define InterlockedIncrementSizeTNoFence(a) InterlockedIncrementNoFence((LONG *)(a))
#define InterlockedDecrementSizeT(a) InterlockedDecrement((LONG *)(a))
#define InterlockedDecrementSizeTNoFence(a) InterlockedDecrementNoFence((LONG *)(a))
#define InterlockedAndAffinity InterlockedAnd
#define InterlockedOrAffinity InterlockedOr
#endif

#if defined(__x86_64__)
/*
 * Compares the 16 bytes at Destination (16-byte aligned, or the CPU faults,
 * as on Windows) with ComparandResult[0] (low) and [1] (high); if equal,
 * stores ExchangeLow and ExchangeHigh. Returns 1 if it stored; either way
 * ComparandResult receives the value Destination held. A full barrier.
 */
W32SHIM_ATOMIC_FN BOOLEAN InterlockedCompareExchange128(LONG64 volatile *Destination,
                                                        LONG64 ExchangeHigh, LONG64 ExchangeLow,
                                                        LONG64 *ComparandResult)
{
    BOOLEAN equal;

    /* %1 names the 16 bytes by their first half; %2 tells the compiler of the second. */
    __asm__ __volatile__("lock cmpxchg16b %1\n\tsete %0"
                         : "=q"(equal), "+m"(Destination[0]), "+m"(Destination[1]),
                           "+a"(ComparandResult[0]), "+d"(ComparandResult[1])
                         : "b"(ExchangeLow), "c"(ExchangeHigh)
                         : "memory", "cc");
    return equal;
}
#endif

/* Word and byte packing (minwindef.h on Windows). */
#define MAKEWORD(a, b) ((WORD)(((BYTE)((DWORD_PTR)(a) & 0xff)) | ((WORD)((BYTE)((DWORD_PTR)(b) & 0xff))) << 8))
#define MAKELONG(a, b) ((LONG)(((WORD)((DWORD_PTR)(a) & 0xffff)) | ((DWORD)((WORD)((DWORD_PTR)(b) & 0xffff))) << 16))
#define LOWORD(l) ((WORD)((DWORD_PTR)(l) & 0xffff))
#define HIWORD(l) ((WORD)((DWORD_PTR)(l) >> 16))
#define LOBYTE(w) ((BYTE)((DWORD_PTR)(w) & 0xff))
#define HIBYTE(w) ((BYTE)((DWORD_PTR)(w) >> 8))
#ifndef NOMINMAX
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#endif

#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))

/* Structure layout. */
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((char *)(address) - offsetof(type, field)))
#define RTL_NUMBER_OF(a) (sizeof(a) / sizeof((a)[0]))
#define ARRAYSIZE(a) RTL_NUMBER_OF(a)
#ifndef _countof
#define _countof(a) RTL_NUMBER_OF(a)
#endif

/* Memory block helpers (RtlXxxMemory are macros on Windows too). */
#define RtlCopyMemory(dst, src, len) memcpy((dst), (src), (len))
#define RtlMoveMemory(dst, src, len) memmove((dst), (src), (len))
#define RtlFillMemory(dst, len, fill) memset((dst), (fill), (len))
#define RtlZeroMemory(dst, len) memset((dst), 0, (len))
#define RtlEqualMemory(a, b, len) (!memcmp((a), (b), (len)))
/* The stores are volatile, so the compiler cannot drop them as dead. */
static inline PVOID RtlSecureZeroMemory(PVOID ptr, SIZE_T cnt)
{
    volatile char *p = (volatile char *)ptr;

    while (cnt--)
        *p++ = 0;
    return ptr;
}

/* Language and locale identifiers, as FormatMessage's dwLanguageId takes them. */
typedef WORD LANGID;
typedef DWORD LCID;
#define MAKELANGID(p, s) ((((WORD)(s)) << 10) | (WORD)(p))
#define PRIMARYLANGID(lgid) ((WORD)(lgid) & 0x3ff)
#define SUBLANGID(lgid) ((WORD)(lgid) >> 10)
#define MAKELCID(lgid, srtid) ((DWORD)((((DWORD)((WORD)(srtid))) << 16) | ((DWORD)((WORD)(lgid)))))
#define LANGIDFROMLCID(lcid) ((WORD)(lcid))
#define SORTIDFROMLCID(lcid) ((WORD)((((DWORD)(lcid)) >> 16) & 0xf))
#define SORT_DEFAULT 0x0
#define LANG_NEUTRAL 0x00
#define LANG_INVARIANT 0x7f
#define LANG_ARABIC 0x01
#define LANG_BULGARIAN 0x02
#define LANG_CATALAN 0x03
#define LANG_CHINESE 0x04
#define LANG_CZECH 0x05
#define LANG_DANISH 0x06
#define LANG_GERMAN 0x07
#define LANG_GREEK 0x08
#define LANG_ENGLISH 0x09
#define LANG_SPANISH 0x0a
#define LANG_FINNISH 0x0b
#define LANG_FRENCH 0x0c
#define LANG_HEBREW 0x0d
#define LANG_HUNGARIAN 0x0e
#define LANG_ICELANDIC 0x0f
#define LANG_ITALIAN 0x10
#define LANG_JAPANESE 0x11
#define LANG_KOREAN 0x12
#define LANG_DUTCH 0x13
#define LANG_NORWEGIAN 0x14
#define LANG_POLISH 0x15
#define LANG_PORTUGUESE 0x16
#define LANG_ROMANIAN 0x18
#define LANG_RUSSIAN 0x19
#define LANG_CROATIAN 0x1a
#define LANG_SERBIAN 0x1a
#define LANG_SLOVAK 0x1b
#define LANG_SWEDISH 0x1d
#define LANG_THAI 0x1e
#define LANG_TURKISH 0x1f
#define LANG_INDONESIAN 0x21
#define LANG_UKRAINIAN 0x22
#define LANG_VIETNAMESE 0x2a
#define LANG_HINDI 0x39
#define SUBLANG_NEUTRAL 0x00
#define SUBLANG_DEFAULT 0x01
#define SUBLANG_SYS_DEFAULT 0x02
#define SUBLANG_CUSTOM_DEFAULT 0x03
#define SUBLANG_CUSTOM_UNSPECIFIED 0x04
#define SUBLANG_UI_CUSTOM_DEFAULT 0x05
#define SUBLANG_ENGLISH_US 0x01
#define SUBLANG_ENGLISH_UK 0x02
#define SUBLANG_ENGLISH_AUS 0x03
#define SUBLANG_ENGLISH_CAN 0x04
#define SUBLANG_CHINESE_TRADITIONAL 0x01
#define SUBLANG_CHINESE_SIMPLIFIED 0x02
#define SUBLANG_FRENCH 0x01
#define SUBLANG_GERMAN 0x01
#define SUBLANG_SPANISH 0x01
#define SUBLANG_PORTUGUESE 0x02
#define SUBLANG_PORTUGUESE_BRAZILIAN 0x01
#define SUBLANG_JAPANESE_JAPAN 0x01
#define SUBLANG_KOREAN 0x01
#define SUBLANG_RUSSIAN_RUSSIA 0x01
#define LANG_SYSTEM_DEFAULT MAKELANGID(LANG_NEUTRAL, SUBLANG_SYS_DEFAULT)
#define LANG_USER_DEFAULT MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT)
#define LOCALE_SYSTEM_DEFAULT MAKELCID(LANG_SYSTEM_DEFAULT, SORT_DEFAULT)
#define LOCALE_USER_DEFAULT MAKELCID(LANG_USER_DEFAULT, SORT_DEFAULT)
#define LOCALE_NEUTRAL MAKELCID(MAKELANGID(LANG_NEUTRAL, SUBLANG_NEUTRAL), SORT_DEFAULT)
#define LOCALE_INVARIANT MAKELCID(MAKELANGID(LANG_INVARIANT, SUBLANG_NEUTRAL), SORT_DEFAULT)

/* Limits of the base types. */
#define MINCHAR 0x80
#define MAXCHAR 0x7f
#define MINSHORT 0x8000
#define MAXSHORT 0x7fff
#define MAXBYTE 0xff
#define MAXWORD 0xffff
#define MAXLONGLONG 0x7fffffffffffffffLL

/* Handle types of other families, declared as distinct pointer types. */
#define DECLARE_HANDLE(name) struct name##__ { int unused; }; typedef struct name##__ *name

/* A DLL's entry point reasons and TLS callbacks (w32shim calls neither). */
#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#define DLL_THREAD_ATTACH 2
#define DLL_THREAD_DETACH 3
typedef VOID (NTAPI *PIMAGE_TLS_CALLBACK)(PVOID DllHandle, DWORD Reason, PVOID Reserved);

/* Processor affinity within a group of at most 64 processors. */
typedef struct _GROUP_AFFINITY {
    KAFFINITY Mask;
    WORD Group;
    WORD Reserved[3];
} GROUP_AFFINITY, *PGROUP_AFFINITY;

typedef struct _PROCESSOR_NUMBER {
    WORD Group;
    BYTE Number;
    BYTE Reserved;
} PROCESSOR_NUMBER, *PPROCESSOR_NUMBER;

/*
 * What GetLogicalProcessorInformation reports, declared so that code which
 * looks that function up at run time compiles; w32shim does not export it,
 * so GetProcAddress finds nothing and the code takes its fallback.
 */
typedef enum _LOGICAL_PROCESSOR_RELATIONSHIP {
    RelationProcessorCore,
    RelationNumaNode,
    RelationCache,
    RelationProcessorPackage,
    RelationGroup,
    RelationProcessorDie,
    RelationNumaNodeEx,
    RelationProcessorModule,
    RelationAll = 0xffff
} LOGICAL_PROCESSOR_RELATIONSHIP;

typedef enum _PROCESSOR_CACHE_TYPE {
    CacheUnified,
    CacheInstruction,
    CacheData,
    CacheTrace
} PROCESSOR_CACHE_TYPE;

typedef struct _CACHE_DESCRIPTOR {
    BYTE Level;
    BYTE Associativity;
    WORD LineSize;
    DWORD Size;
    PROCESSOR_CACHE_TYPE Type;
} CACHE_DESCRIPTOR, *PCACHE_DESCRIPTOR;

typedef struct _SYSTEM_LOGICAL_PROCESSOR_INFORMATION {
    ULONG_PTR ProcessorMask;
    LOGICAL_PROCESSOR_RELATIONSHIP Relationship;
    union {
        struct {
            BYTE Flags;
        } ProcessorCore;
        struct {
            DWORD NodeNumber;
        } NumaNode;
        CACHE_DESCRIPTOR Cache;
        ULONGLONG Reserved[2];
    };
} SYSTEM_LOGICAL_PROCESSOR_INFORMATION, *PSYSTEM_LOGICAL_PROCESSOR_INFORMATION;

/* The spin-wait hint, as the x86 pause and ARM yield instructions. */
#if defined(__x86_64__) || defined(__i386__)
#define YieldProcessor() __builtin_ia32_pause()
#elif defined(__aarch64__) || defined(__arm__)
#define YieldProcessor() __asm__ __volatile__("yield" ::: "memory")
#else
#define YieldProcessor() __asm__ __volatile__("" ::: "memory")
#endif

/* Memory protection and allocation types (VirtualAlloc). */
#define PAGE_NOACCESS 0x01
#define PAGE_READONLY 0x02
#define PAGE_READWRITE 0x04
#define PAGE_WRITECOPY 0x08
#define PAGE_EXECUTE 0x10
#define PAGE_EXECUTE_READ 0x20
#define PAGE_EXECUTE_READWRITE 0x40
#define PAGE_EXECUTE_WRITECOPY 0x80
#define PAGE_GUARD 0x100
#define PAGE_NOCACHE 0x200
#define PAGE_WRITECOMBINE 0x400
#define MEM_COMMIT 0x00001000
#define MEM_RESERVE 0x00002000
#define MEM_DECOMMIT 0x00004000
#define MEM_RELEASE 0x00008000
#define MEM_FREE 0x00010000
#define MEM_PRIVATE 0x00020000
#define MEM_MAPPED 0x00040000
#define MEM_RESET 0x00080000
#define MEM_TOP_DOWN 0x00100000
#define MEM_WRITE_WATCH 0x00200000
#define MEM_PHYSICAL 0x00400000
#define MEM_RESET_UNDO 0x01000000
#define MEM_LARGE_PAGES 0x20000000
#define MEM_IMAGE 0x01000000

typedef struct _MEMORY_BASIC_INFORMATION {
    PVOID BaseAddress;
    PVOID AllocationBase;
    DWORD AllocationProtect;
#if UINTPTR_MAX > 0xffffffffU
    WORD PartitionId;
#endif
    SIZE_T RegionSize;
    DWORD State;
    DWORD Protect;
    DWORD Type;
} MEMORY_BASIC_INFORMATION, *PMEMORY_BASIC_INFORMATION;

/* File mapping (section) rights and attributes (CreateFileMapping). */
#define SECTION_QUERY 0x0001
#define SECTION_MAP_WRITE 0x0002
#define SECTION_MAP_READ 0x0004
#define SECTION_MAP_EXECUTE 0x0008
#define SECTION_EXTEND_SIZE 0x0010
#define SECTION_MAP_EXECUTE_EXPLICIT 0x0020
#define SECTION_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | SECTION_MAP_WRITE | \
                            SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_EXTEND_SIZE)
#define SEC_PARTITION_OWNER_HANDLE 0x00040000
#define SEC_64K_PAGES 0x00080000
#define SEC_FILE 0x00800000
#define SEC_IMAGE 0x01000000
#define SEC_PROTECTED_IMAGE 0x02000000
#define SEC_RESERVE 0x04000000
#define SEC_COMMIT 0x08000000
#define SEC_NOCACHE 0x10000000
#define SEC_WRITECOMBINE 0x40000000
#define SEC_LARGE_PAGES 0x80000000
#define SEC_IMAGE_NO_EXECUTE (SEC_IMAGE | SEC_NOCACHE)

/* Extended parameters of VirtualAlloc2, MapViewOfFile3 and CreateFileMapping2. */
typedef enum MEM_EXTENDED_PARAMETER_TYPE {
    MemExtendedParameterInvalidType = 0,
    MemExtendedParameterAddressRequirements,
    MemExtendedParameterNumaNode,
    MemExtendedParameterPartitionHandle,
    MemExtendedParameterUserPhysicalHandle,
    MemExtendedParameterAttributeFlags,
    MemExtendedParameterMax
} MEM_EXTENDED_PARAMETER_TYPE, *PMEM_EXTENDED_PARAMETER_TYPE;

#define MEM_EXTENDED_PARAMETER_TYPE_BITS 8

typedef struct __attribute__((aligned(8))) MEM_EXTENDED_PARAMETER {
    struct {
        DWORD64 Type : MEM_EXTENDED_PARAMETER_TYPE_BITS;
        DWORD64 Reserved : 64 - MEM_EXTENDED_PARAMETER_TYPE_BITS;
    };
    union {
        DWORD64 ULong64;
        PVOID Pointer;
        SIZE_T Size;
        HANDLE Handle;
        DWORD ULong;
    };
} MEM_EXTENDED_PARAMETER, *PMEM_EXTENDED_PARAMETER;

/* Security identifiers (SIDs). */
typedef PVOID PSID;

typedef struct _SID_IDENTIFIER_AUTHORITY {
    BYTE Value[6];
} SID_IDENTIFIER_AUTHORITY, *PSID_IDENTIFIER_AUTHORITY;

typedef struct _SID {
    BYTE Revision;
    BYTE SubAuthorityCount;
    SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
    DWORD SubAuthority[ANYSIZE_ARRAY];
} SID, *PISID;

typedef struct _SID_AND_ATTRIBUTES {
    PSID Sid;
    DWORD Attributes;
} SID_AND_ATTRIBUTES, *PSID_AND_ATTRIBUTES;

#define SID_REVISION 1
#define SID_MAX_SUB_AUTHORITIES 15
#define SECURITY_MAX_SID_SIZE (sizeof(SID) - sizeof(DWORD) + SID_MAX_SUB_AUTHORITIES * sizeof(DWORD))

#define SECURITY_NULL_SID_AUTHORITY {0, 0, 0, 0, 0, 0}
#define SECURITY_WORLD_SID_AUTHORITY {0, 0, 0, 0, 0, 1}
#define SECURITY_LOCAL_SID_AUTHORITY {0, 0, 0, 0, 0, 2}
#define SECURITY_CREATOR_SID_AUTHORITY {0, 0, 0, 0, 0, 3}
#define SECURITY_NT_AUTHORITY {0, 0, 0, 0, 0, 5}
#define SECURITY_MANDATORY_LABEL_AUTHORITY {0, 0, 0, 0, 0, 16}
#define SECURITY_NULL_RID 0x00000000L
#define SECURITY_WORLD_RID 0x00000000L
#define SECURITY_LOCAL_RID 0x00000000L
#define SECURITY_INTERACTIVE_RID 0x00000004L
#define SECURITY_AUTHENTICATED_USER_RID 0x0000000BL
#define SECURITY_LOCAL_SYSTEM_RID 0x00000012L
#define SECURITY_BUILTIN_DOMAIN_RID 0x00000020L
#define DOMAIN_ALIAS_RID_ADMINS 0x00000220L
#define DOMAIN_ALIAS_RID_USERS 0x00000221L
#define DOMAIN_ALIAS_RID_GUESTS 0x00000222L
#define SECURITY_MANDATORY_UNTRUSTED_RID 0x00000000L
#define SECURITY_MANDATORY_LOW_RID 0x00001000L
#define SECURITY_MANDATORY_MEDIUM_RID 0x00002000L
#define SECURITY_MANDATORY_HIGH_RID 0x00003000L
#define SECURITY_MANDATORY_SYSTEM_RID 0x00004000L

#define SE_GROUP_MANDATORY 0x00000001L
#define SE_GROUP_ENABLED_BY_DEFAULT 0x00000002L
#define SE_GROUP_ENABLED 0x00000004L
#define SE_GROUP_OWNER 0x00000008L
#define SE_GROUP_USE_FOR_DENY_ONLY 0x00000010L
#define SE_GROUP_INTEGRITY 0x00000020L
#define SE_GROUP_INTEGRITY_ENABLED 0x00000040L
#define SE_GROUP_LOGON_ID 0xC0000000L

/* Access tokens. */
#define TOKEN_ASSIGN_PRIMARY 0x0001
#define TOKEN_DUPLICATE 0x0002
#define TOKEN_IMPERSONATE 0x0004
#define TOKEN_QUERY 0x0008
#define TOKEN_QUERY_SOURCE 0x0010
#define TOKEN_ADJUST_PRIVILEGES 0x0020
#define TOKEN_ADJUST_GROUPS 0x0040
#define TOKEN_ADJUST_DEFAULT 0x0080
#define TOKEN_ADJUST_SESSIONID 0x0100
#define TOKEN_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | TOKEN_ASSIGN_PRIMARY | TOKEN_DUPLICATE | \
                          TOKEN_IMPERSONATE | TOKEN_QUERY | TOKEN_QUERY_SOURCE | \
                          TOKEN_ADJUST_PRIVILEGES | TOKEN_ADJUST_GROUPS | TOKEN_ADJUST_DEFAULT | \
                          TOKEN_ADJUST_SESSIONID)
#define TOKEN_READ (STANDARD_RIGHTS_READ | TOKEN_QUERY)
#define TOKEN_WRITE (STANDARD_RIGHTS_WRITE | TOKEN_ADJUST_PRIVILEGES | TOKEN_ADJUST_GROUPS | \
                     TOKEN_ADJUST_DEFAULT)
#define TOKEN_EXECUTE STANDARD_RIGHTS_EXECUTE

typedef enum _TOKEN_INFORMATION_CLASS {
    TokenUser = 1,
    TokenGroups,
    TokenPrivileges,
    TokenOwner,
    TokenPrimaryGroup,
    TokenDefaultDacl,
    TokenSource,
    TokenType,
    TokenImpersonationLevel,
    TokenStatistics,
    TokenRestrictedSids,
    TokenSessionId,
    TokenGroupsAndPrivileges,
    TokenSessionReference,
    TokenSandBoxInert,
    TokenAuditPolicy,
    TokenOrigin,
    TokenElevationType,
    TokenLinkedToken,
    TokenElevation,
    TokenHasRestrictions,
    TokenAccessInformation,
    TokenVirtualizationAllowed,
    TokenVirtualizationEnabled,
    TokenIntegrityLevel,
    TokenUIAccess,
    TokenMandatoryPolicy,
    TokenLogonSid,
    TokenIsAppContainer,
    TokenCapabilities,
    TokenAppContainerSid,
    TokenAppContainerNumber,
    TokenUserClaimAttributes,
    TokenDeviceClaimAttributes,
    TokenRestrictedUserClaimAttributes,
    TokenRestrictedDeviceClaimAttributes,
    TokenDeviceGroups,
    TokenRestrictedDeviceGroups,
    TokenSecurityAttributes,
    TokenIsRestricted,
    MaxTokenInfoClass
} TOKEN_INFORMATION_CLASS, *PTOKEN_INFORMATION_CLASS;

typedef enum _TOKEN_TYPE {
    TokenPrimary = 1,
    TokenImpersonation
} TOKEN_TYPE, *PTOKEN_TYPE;

typedef enum _TOKEN_ELEVATION_TYPE {
    TokenElevationTypeDefault = 1,
    TokenElevationTypeFull,
    TokenElevationTypeLimited
} TOKEN_ELEVATION_TYPE, *PTOKEN_ELEVATION_TYPE;

typedef struct _TOKEN_USER {
    SID_AND_ATTRIBUTES User;
} TOKEN_USER, *PTOKEN_USER;

typedef struct _TOKEN_GROUPS {
    DWORD GroupCount;
    SID_AND_ATTRIBUTES Groups[ANYSIZE_ARRAY];
} TOKEN_GROUPS, *PTOKEN_GROUPS;

typedef struct _TOKEN_OWNER {
    PSID Owner;
} TOKEN_OWNER, *PTOKEN_OWNER;

typedef struct _TOKEN_PRIMARY_GROUP {
    PSID PrimaryGroup;
} TOKEN_PRIMARY_GROUP, *PTOKEN_PRIMARY_GROUP;

typedef struct _TOKEN_ELEVATION {
    DWORD TokenIsElevated;
} TOKEN_ELEVATION, *PTOKEN_ELEVATION;

typedef struct _TOKEN_MANDATORY_LABEL {
    SID_AND_ATTRIBUTES Label;
} TOKEN_MANDATORY_LABEL, *PTOKEN_MANDATORY_LABEL;

/* Heap flags. */
#define HEAP_NO_SERIALIZE 0x00000001
#define HEAP_GROWABLE 0x00000002
#define HEAP_GENERATE_EXCEPTIONS 0x00000004
#define HEAP_ZERO_MEMORY 0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY 0x00000010
#define HEAP_TAIL_CHECKING_ENABLED 0x00000020
#define HEAP_FREE_CHECKING_ENABLED 0x00000040
#define HEAP_DISABLE_COALESCE_ON_FREE 0x00000080
#define HEAP_CREATE_ENABLE_EXECUTE 0x00040000
#define MEMORY_ALLOCATION_ALIGNMENT 16

#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/*
 * Interlocked singly linked lists (SLists), with Windows' 64-bit layout: a
 * 16-byte header whose first quadword holds the depth (16 bits) and a
 * sequence (48 bits) that each change moves on, so a compare-and-swap of
 * the whole header cannot be fooled by an entry that left and came back;
 * the second holds the first entry's address, whose low 4 bits are 0
 * because entries are aligned on MEMORY_ALLOCATION_ALIGNMENT.
 */
#ifndef _SLIST_HEADER_
#define _SLIST_HEADER_
typedef struct DECLSPEC_ALIGN(16) _SLIST_ENTRY {
    struct _SLIST_ENTRY *Next;
} SLIST_ENTRY, *PSLIST_ENTRY;

typedef union DECLSPEC_ALIGN(16) _SLIST_HEADER {
    struct {
        ULONGLONG Alignment;
        ULONGLONG Region;
    };
    struct {
        ULONGLONG Depth : 16;
        ULONGLONG Sequence : 48;
        ULONGLONG Reserved : 4;
        ULONGLONG NextEntry : 60;
    } HeaderX64;
} SLIST_HEADER, *PSLIST_HEADER;
#endif

NTSYSAPI VOID NTAPI RtlInitializeSListHead(PSLIST_HEADER ListHead);
NTSYSAPI PSLIST_ENTRY NTAPI RtlFirstEntrySList(const SLIST_HEADER *ListHead);
NTSYSAPI PSLIST_ENTRY NTAPI RtlInterlockedPopEntrySList(PSLIST_HEADER ListHead);
NTSYSAPI PSLIST_ENTRY NTAPI RtlInterlockedPushEntrySList(PSLIST_HEADER ListHead,
                                                         PSLIST_ENTRY ListEntry);
NTSYSAPI PSLIST_ENTRY NTAPI RtlInterlockedPushListSListEx(PSLIST_HEADER ListHead,
                                                          PSLIST_ENTRY List, PSLIST_ENTRY ListEnd,
                                                          DWORD Count);
NTSYSAPI PSLIST_ENTRY NTAPI RtlInterlockedFlushSList(PSLIST_HEADER ListHead);
NTSYSAPI WORD NTAPI RtlQueryDepthSList(PSLIST_HEADER ListHead);

/* Version checks (VerifyVersionInfo): the type bits, the conditions, the suites. */
#define VER_EQUAL 1
#define VER_GREATER 2
#define VER_GREATER_EQUAL 3
#define VER_LESS 4
#define VER_LESS_EQUAL 5
#define VER_AND 6
#define VER_OR 7
#define VER_CONDITION_MASK 7
#define VER_NUM_BITS_PER_CONDITION_MASK 3
#define VER_MINORVERSION 0x0000001
#define VER_MAJORVERSION 0x0000002
#define VER_BUILDNUMBER 0x0000004
#define VER_PLATFORMID 0x0000008
#define VER_SERVICEPACKMINOR 0x0000010
#define VER_SERVICEPACKMAJOR 0x0000020
#define VER_SUITENAME 0x0000040
#define VER_PRODUCT_TYPE 0x0000080
#define VER_SUITE_SMALLBUSINESS 0x00000001
#define VER_SUITE_ENTERPRISE 0x00000002
#define VER_SUITE_BACKOFFICE 0x00000004
#define VER_SUITE_COMMUNICATIONS 0x00000008
#define VER_SUITE_TERMINAL 0x00000010
#define VER_SUITE_SMALLBUSINESS_RESTRICTED 0x00000020
#define VER_SUITE_EMBEDDEDNT 0x00000040
#define VER_SUITE_DATACENTER 0x00000080
#define VER_SUITE_PERSONAL 0x00000200
#define VER_SUITE_BLADE 0x00000400
#define VER_SUITE_EMBEDDED_RESTRICTED 0x00000800
#define VER_SUITE_SECURITY_APPLIANCE 0x00001000
#define VER_SUITE_STORAGE_SERVER 0x00002000
#define VER_SUITE_COMPUTE_SERVER 0x00004000
#define VER_SUITE_WH_SERVER 0x00008000
NTSYSAPI ULONGLONG NTAPI VerSetConditionMask(ULONGLONG ConditionMask, DWORD TypeMask,
                                             BYTE Condition);
#define VER_SET_CONDITION(_m_, _t_, _c_) ((_m_) = VerSetConditionMask((_m_), (_t_), (_c_)))

/* Inline on Windows, where they read the thread's TEB; functions here. */
WINBASEAPI PVOID GetCurrentFiber(VOID);
WINBASEAPI PVOID GetFiberData(VOID);

/* What a directory's change notifications watch for, and what they report. */
#define FILE_NOTIFY_CHANGE_FILE_NAME 0x00000001
#define FILE_NOTIFY_CHANGE_DIR_NAME 0x00000002
#define FILE_NOTIFY_CHANGE_ATTRIBUTES 0x00000004
#define FILE_NOTIFY_CHANGE_SIZE 0x00000008
#define FILE_NOTIFY_CHANGE_LAST_WRITE 0x00000010
#define FILE_NOTIFY_CHANGE_LAST_ACCESS 0x00000020
#define FILE_NOTIFY_CHANGE_CREATION 0x00000040
#define FILE_NOTIFY_CHANGE_SECURITY 0x00000100

#define FILE_ACTION_ADDED 0x00000001
#define FILE_ACTION_REMOVED 0x00000002
#define FILE_ACTION_MODIFIED 0x00000003
#define FILE_ACTION_RENAMED_OLD_NAME 0x00000004
#define FILE_ACTION_RENAMED_NEW_NAME 0x00000005

typedef struct _FILE_NOTIFY_INFORMATION {
    DWORD NextEntryOffset;
    DWORD Action;
    DWORD FileNameLength;
    WCHAR FileName[1];
} FILE_NOTIFY_INFORMATION, *PFILE_NOTIFY_INFORMATION;

#ifdef __cplusplus
}
#endif
#endif
