/*
 * w32shim: intsafe.h: integer conversions and arithmetic that detect overflow.
 *
 * Each function returns S_OK and stores the exact result, or returns
 * INTSAFE_E_ARITHMETIC_OVERFLOW and stores the type's *_ERROR value, as
 * the Windows SDK documents. They are inline functions of this header, on
 * the compiler's overflow-checking builtins. Every conversion between the
 * types below exists (<From>To<To>, e.g. SizeTToDWord, LongLongToInt), and
 * <Type>Add, <Type>Sub and <Type>Mult for each type. CHAR is signed, as in
 * MSVC without /J.
 */
#ifndef W32SHIM_INTSAFE_H
#define W32SHIM_INTSAFE_H

#include <limits.h>
#include <windef.h>
#include <winerror.h>

#define INTSAFE_E_ARITHMETIC_OVERFLOW ((HRESULT)0x80070216L)

#define CHAR_ERROR '\0'
#define UCHAR_ERROR '\0'
#define INT8_ERROR (-1)
#define UINT8_ERROR 0xff
#define BYTE_ERROR 0xff
#define SHORT_ERROR (-1)
#define USHORT_ERROR 0xffff
#define WORD_ERROR 0xffff
#define INT16_ERROR (-1)
#define UINT16_ERROR 0xffff
#define INT_ERROR (-1)
#define UINT_ERROR 0xffffffff
#define LONG_ERROR (-1)
#define ULONG_ERROR 0xffffffff
#define DWORD_ERROR 0xffffffff
#define INT32_ERROR (-1)
#define UINT32_ERROR 0xffffffff
#define INT_PTR_ERROR (-1)
#define UINT_PTR_ERROR (~(UINT_PTR)0)
#define LONG_PTR_ERROR (-1)
#define ULONG_PTR_ERROR (~(ULONG_PTR)0)
#define DWORD_PTR_ERROR (~(DWORD_PTR)0)
#define PTRDIFF_T_ERROR (-1)
#define SIZET_ERROR (~(size_t)0)
#define SIZE_T_ERROR (~(SIZE_T)0)
#define SSIZET_ERROR (-1)
#define LONGLONG_ERROR (-1LL)
#define ULONGLONG_ERROR (~(ULONGLONG)0)
#define INT64_ERROR (-1LL)
#define UINT64_ERROR (~(UINT64)0)
#define DWORDLONG_ERROR (~(DWORDLONG)0)
#define ULONG64_ERROR (~(ULONG64)0)
#define DWORD64_ERROR (~(DWORD64)0)

#define BYTE_MAX 0xff
#define SHORT_MIN (-32768)
#define SHORT_MAX 32767
#define USHORT_MAX 0xffff
#define WORD_MAX 0xffff
#define DWORD_MAX 0xffffffffUL
#define INT_PTR_MIN MININT_PTR
#define INT_PTR_MAX MAXINT_PTR
#define UINT_PTR_MAX MAXUINT_PTR
#define LONG_PTR_MIN MINLONG_PTR
#define LONG_PTR_MAX MAXLONG_PTR
#define ULONG_PTR_MAX MAXULONG_PTR
#define DWORD_PTR_MAX MAXULONG_PTR
#define SIZE_T_MAX MAXSIZE_T
#define SSIZE_T_MIN MINSSIZE_T
#define SSIZE_T_MAX MAXSSIZE_T
#define LONGLONG_MIN MININT64
#define LONGLONG_MAX MAXINT64
#define ULONGLONG_MAX MAXUINT64
#define DWORDLONG_MAX MAXUINT64
#define ULONG64_MAX MAXUINT64
#define DWORD64_MAX MAXUINT64

#define W32SHIM_INTSAFE_FN static inline __attribute__((__unused__)) HRESULT

/* Any conversion is one addition of 0, checked against the destination type. */
#define W32SHIM_INTSAFE_CONV(from_name, from_type, to_name, to_type, error) \
    W32SHIM_INTSAFE_FN from_name##To##to_name(from_type operand, to_type *result) \
    { \
        if (__builtin_add_overflow(operand, 0, result)) { \
            *result = error; \
            return INTSAFE_E_ARITHMETIC_OVERFLOW; \
        } \
        return S_OK; \
    }

#define W32SHIM_INTSAFE_OP(name, type, error, op) \
    W32SHIM_INTSAFE_FN name(type a, type b, type *result) \
    { \
        if (__builtin_##op##_overflow(a, b, result)) { \
            *result = error; \
            return INTSAFE_E_ARITHMETIC_OVERFLOW; \
        } \
        return S_OK; \
    }
#define W32SHIM_INTSAFE_MATH(unused_name, unused_type, name, type, error) \
    W32SHIM_INTSAFE_OP(name##Add, type, error, add) \
    W32SHIM_INTSAFE_OP(name##Sub, type, error, sub) \
    W32SHIM_INTSAFE_OP(name##Mult, type, error, mul)

/* X(from_name, from_type, to_name, to_type, to_error) for every type. */
#define W32SHIM_INTSAFE_TYPES(X, from_name, from_type) \
    X(from_name, from_type, Char, CHAR, CHAR_ERROR) \
    X(from_name, from_type, UChar, UCHAR, UCHAR_ERROR) \
    X(from_name, from_type, Int8, INT8, INT8_ERROR) \
    X(from_name, from_type, UInt8, UINT8, UINT8_ERROR) \
    X(from_name, from_type, Byte, BYTE, BYTE_ERROR) \
    X(from_name, from_type, Short, SHORT, SHORT_ERROR) \
    X(from_name, from_type, UShort, USHORT, USHORT_ERROR) \
    X(from_name, from_type, Word, WORD, WORD_ERROR) \
    X(from_name, from_type, Int16, INT16, INT16_ERROR) \
    X(from_name, from_type, UInt16, UINT16, UINT16_ERROR) \
    X(from_name, from_type, Int, INT, INT_ERROR) \
    X(from_name, from_type, UInt, UINT, UINT_ERROR) \
    X(from_name, from_type, Long, LONG, LONG_ERROR) \
    X(from_name, from_type, ULong, ULONG, ULONG_ERROR) \
    X(from_name, from_type, DWord, DWORD, DWORD_ERROR) \
    X(from_name, from_type, Int32, INT32, INT32_ERROR) \
    X(from_name, from_type, UInt32, UINT32, UINT32_ERROR) \
    X(from_name, from_type, IntPtr, INT_PTR, INT_PTR_ERROR) \
    X(from_name, from_type, UIntPtr, UINT_PTR, UINT_PTR_ERROR) \
    X(from_name, from_type, LongPtr, LONG_PTR, LONG_PTR_ERROR) \
    X(from_name, from_type, ULongPtr, ULONG_PTR, ULONG_PTR_ERROR) \
    X(from_name, from_type, DWordPtr, DWORD_PTR, DWORD_PTR_ERROR) \
    X(from_name, from_type, PtrdiffT, ptrdiff_t, PTRDIFF_T_ERROR) \
    X(from_name, from_type, SizeT, size_t, SIZET_ERROR) \
    X(from_name, from_type, SIZET, SIZE_T, SIZE_T_ERROR) \
    X(from_name, from_type, SSIZET, SSIZE_T, SSIZET_ERROR) \
    X(from_name, from_type, LongLong, LONGLONG, LONGLONG_ERROR) \
    X(from_name, from_type, ULongLong, ULONGLONG, ULONGLONG_ERROR) \
    X(from_name, from_type, Int64, INT64, INT64_ERROR) \
    X(from_name, from_type, UInt64, UINT64, UINT64_ERROR) \
    X(from_name, from_type, DWordLong, DWORDLONG, DWORDLONG_ERROR) \
    X(from_name, from_type, ULong64, ULONG64, ULONG64_ERROR) \
    X(from_name, from_type, DWord64, DWORD64, DWORD64_ERROR)

#ifdef __cplusplus
extern "C" {
#endif

W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, Char, CHAR)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, UChar, UCHAR)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, Int8, INT8)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, UInt8, UINT8)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, Byte, BYTE)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, Short, SHORT)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, UShort, USHORT)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, Word, WORD)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, Int16, INT16)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, UInt16, UINT16)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, Int, INT)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, UInt, UINT)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, Long, LONG)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, ULong, ULONG)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, DWord, DWORD)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, Int32, INT32)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, UInt32, UINT32)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, IntPtr, INT_PTR)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, UIntPtr, UINT_PTR)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, LongPtr, LONG_PTR)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, ULongPtr, ULONG_PTR)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, DWordPtr, DWORD_PTR)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, PtrdiffT, ptrdiff_t)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, SizeT, size_t)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, SIZET, SIZE_T)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, SSIZET, SSIZE_T)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, LongLong, LONGLONG)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, ULongLong, ULONGLONG)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, Int64, INT64)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, UInt64, UINT64)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, DWordLong, DWORDLONG)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, ULong64, ULONG64)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_CONV, DWord64, DWORD64)
W32SHIM_INTSAFE_TYPES(W32SHIM_INTSAFE_MATH, , )

#ifdef __cplusplus
}
#endif

#endif
