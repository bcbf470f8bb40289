/*
 * w32shim: basetsd.h: fixed-size and pointer-size integer types.
 *
 * Windows is LLP64 and Linux LP64: the sizes are Windows' on every target,
 * and the types are chosen so that the identities Windows code relies on
 * hold here too. The 64-bit types are __int64 (long long), as in MSVC and
 * mingw-w64, so that `__int64 *p = &li.QuadPart` and "%lld" are right. The
 * pointer-size types are long, the type of Linux's intptr_t and size_t, so
 * that SIZE_T is size_t as it is on Windows.
 */
#ifndef W32SHIM_BASETSD_H
#define W32SHIM_BASETSD_H

#include <w32shim_dialect.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef signed char INT8, *PINT8;
typedef short INT16, *PINT16;
typedef int INT32, *PINT32;
typedef __int64 INT64, *PINT64;
typedef unsigned char UINT8, *PUINT8;
typedef unsigned short UINT16, *PUINT16;
typedef unsigned int UINT32, *PUINT32;
typedef unsigned __int64 UINT64, *PUINT64;
typedef int LONG32, *PLONG32;
typedef unsigned int ULONG32, *PULONG32, DWORD32, *PDWORD32;
typedef __int64 LONG64, *PLONG64;
typedef unsigned __int64 ULONG64, *PULONG64, DWORD64, *PDWORD64;

typedef __INTPTR_TYPE__ INT_PTR, *PINT_PTR, LONG_PTR, *PLONG_PTR, SSIZE_T, *PSSIZE_T;
typedef __UINTPTR_TYPE__ UINT_PTR, *PUINT_PTR, ULONG_PTR, *PULONG_PTR, DWORD_PTR, *PDWORD_PTR;
typedef __SIZE_TYPE__ SIZE_T, *PSIZE_T;
typedef ULONG_PTR KAFFINITY, *PKAFFINITY;
#if __SIZEOF_POINTER__ == 8
typedef int HALF_PTR, *PHALF_PTR;
typedef unsigned int UHALF_PTR, *PUHALF_PTR;
#else
typedef short HALF_PTR, *PHALF_PTR;
typedef unsigned short UHALF_PTR, *PUHALF_PTR;
#endif

#define MAXUINT8 ((UINT8)~((UINT8)0))
#define MAXINT8 ((INT8)(MAXUINT8 >> 1))
#define MININT8 ((INT8)~MAXINT8)
#define MAXUINT16 ((UINT16)~((UINT16)0))
#define MAXINT16 ((INT16)(MAXUINT16 >> 1))
#define MININT16 ((INT16)~MAXINT16)
#define MAXUINT32 ((UINT32)~((UINT32)0))
#define MAXINT32 ((INT32)(MAXUINT32 >> 1))
#define MININT32 ((INT32)~MAXINT32)
#define MAXUINT64 ((UINT64)~((UINT64)0))
#define MAXINT64 ((INT64)(MAXUINT64 >> 1))
#define MININT64 ((INT64)~MAXINT64)
#define MAXULONG32 ((ULONG32)~((ULONG32)0))
#define MAXLONG32 ((LONG32)(MAXULONG32 >> 1))
#define MINLONG32 ((LONG32)~MAXLONG32)
#define MAXULONG64 ((ULONG64)~((ULONG64)0))
#define MAXLONG64 ((LONG64)(MAXULONG64 >> 1))
#define MINLONG64 ((LONG64)~MAXLONG64)
#define MAXDWORD32 ((DWORD32)~((DWORD32)0))
#define MAXDWORD64 ((DWORD64)~((DWORD64)0))
#define MAXUINT_PTR (~((UINT_PTR)0))
#define MAXINT_PTR ((INT_PTR)(MAXUINT_PTR >> 1))
#define MININT_PTR (~MAXINT_PTR)
#define MAXULONG_PTR (~((ULONG_PTR)0))
#define MAXLONG_PTR ((LONG_PTR)(MAXULONG_PTR >> 1))
#define MINLONG_PTR (~MAXLONG_PTR)
#define MAXUHALF_PTR ((UHALF_PTR)~0)
#define MAXHALF_PTR ((HALF_PTR)(MAXUHALF_PTR >> 1))
#define MINHALF_PTR (~MAXHALF_PTR)
#define MAXSIZE_T ((SIZE_T)~((SIZE_T)0))
#define MAXSSIZE_T ((SSIZE_T)(MAXSIZE_T >> 1))
#define MINSSIZE_T ((SSIZE_T)~MAXSSIZE_T)

/* Handles and pointers to and from integers: truncating casts, as on Windows. */
#define HandleToULong(h) ((unsigned int)(ULONG_PTR)(h))
#define HandleToUlong HandleToULong
#define HandleToLong(h) ((int)(LONG_PTR)(h))
#define ULongToHandle(ul) ((void *)(ULONG_PTR)(ul))
#define UlongToHandle ULongToHandle
#define LongToHandle(h) ((void *)(LONG_PTR)(h))
#define PtrToUlong(p) ((unsigned int)(ULONG_PTR)(p))
#define PtrToLong(p) ((int)(LONG_PTR)(p))
#define PtrToUint(p) ((UINT32)(UINT_PTR)(p))
#define PtrToInt(p) ((INT32)(INT_PTR)(p))
#define PtrToUshort(p) ((unsigned short)(ULONG_PTR)(p))
#define PtrToShort(p) ((short)(LONG_PTR)(p))
#define IntToPtr(i) ((void *)(INT_PTR)(i))
#define UIntToPtr(ui) ((void *)(UINT_PTR)(ui))
#define UintToPtr UIntToPtr
#define LongToPtr(l) ((void *)(LONG_PTR)(l))
#define ULongToPtr(ul) ((void *)(ULONG_PTR)(ul))
#define UlongToPtr ULongToPtr
#define PtrToPtr64(p) ((void *)(p))
#define Ptr64ToPtr(p) ((void *)(p))
#define HandleToHandle64(h) PtrToPtr64(h)
#define Handle64ToHandle(h) Ptr64ToPtr(h)

#ifdef __cplusplus
}
#endif

#endif
