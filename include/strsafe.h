/*
 * w32shim: strsafe.h: the bounded string functions of the Windows SDK.
 *
 * As in the SDK, Copy, Cat and Length are inline functions of this header.
 * The printf forms format through the library's StringCchVPrintfA/W, which
 * follow MSVCRT's conversions: %s is a string of the function's own width,
 * %S (and %ls, %hs) the other one, l means 32 bits and I64/ll 64 bits.
 * Every function checks its destination first: a count of 0 or above
 * STRSAFE_MAX_CCH gives STRSAFE_E_INVALID_PARAMETER. A result that does not
 * fit is truncated, null-terminated and reported as
 * STRSAFE_E_INSUFFICIENT_BUFFER, as documented.
 */
#ifndef W32SHIM_STRSAFE_H
#define W32SHIM_STRSAFE_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <windef.h>
#include <winerror.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STRSAFE_MAX_CCH 2147483647
#define STRSAFE_MAX_LENGTH (STRSAFE_MAX_CCH - 1)
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057L)
#define STRSAFE_E_END_OF_FILE ((HRESULT)0x80070026L)

/* The Ex functions' dwFlags: a fill byte in the low 8 bits and these. */
#define STRSAFE_IGNORE_NULLS 0x00000100
#define STRSAFE_FILL_BEHIND_NULL 0x00000200
#define STRSAFE_FILL_ON_FAILURE 0x00000400
#define STRSAFE_NULL_ON_FAILURE 0x00000800
#define STRSAFE_NO_TRUNCATION 0x00001000
#define STRSAFE_VALID_FLAGS (0x000000FF | STRSAFE_IGNORE_NULLS | STRSAFE_FILL_BEHIND_NULL | \
                             STRSAFE_FILL_ON_FAILURE | STRSAFE_NULL_ON_FAILURE | \
                             STRSAFE_NO_TRUNCATION)
#define STRSAFE_FILL_BYTE(x) ((unsigned long)(((x) & 0x000000FF) | STRSAFE_FILL_BEHIND_NULL))
#define STRSAFE_FAILURE_BYTE(x) ((unsigned long)(((x) & 0x000000FF) | STRSAFE_FILL_ON_FAILURE))
#define STRSAFE_GET_FILL_PATTERN(dwFlags) ((int)((dwFlags) & 0x000000FF))

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;
typedef WCHAR *STRSAFE_LPWSTR;
typedef const WCHAR *STRSAFE_LPCWSTR;

/* Exported by the library: the formatting engine behind the printf forms. */
WINBASEAPI HRESULT WINAPI StringCchVPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest,
                                            STRSAFE_LPCSTR pszFormat, va_list argList);
WINBASEAPI HRESULT WINAPI StringCchVPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest,
                                            STRSAFE_LPCWSTR pszFormat, va_list argList);

/*
 * The workers, once per character type S (A or W) of type T. Copy stores at
 * most cchDest - 1 units of src (and no more than max), then the null.
 */
#define W32SHIM_STRSAFE_WORKERS(S, T) \
static inline HRESULT w32shim_strsafe_copy##S(T *dest, size_t cchDest, const T *src, size_t max) \
{ \
    while (cchDest && max && *src) { \
        *dest++ = *src++; \
        cchDest--; \
        max--; \
    } \
    if (cchDest == 0) { \
        dest[-1] = 0; \
        return STRSAFE_E_INSUFFICIENT_BUFFER; \
    } \
    *dest = 0; \
    return S_OK; \
} \
static inline HRESULT w32shim_strsafe_length##S(const T *psz, size_t cchMax, size_t *pcch) \
{ \
    size_t n = 0; \
    if (psz == NULL || cchMax > STRSAFE_MAX_CCH) { \
        if (pcch) \
            *pcch = 0; \
        return STRSAFE_E_INVALID_PARAMETER; \
    } \
    while (n < cchMax && psz[n]) \
        n++; \
    if (pcch) \
        *pcch = n < cchMax ? n : 0; \
    return n < cchMax ? S_OK : STRSAFE_E_INVALID_PARAMETER; \
} \
static inline HRESULT StringCchCopy##S(T *pszDest, size_t cchDest, const T *pszSrc) \
{ \
    if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH) { \
        if (cchDest) \
            *pszDest = 0; \
        return STRSAFE_E_INVALID_PARAMETER; \
    } \
    return w32shim_strsafe_copy##S(pszDest, cchDest, pszSrc, STRSAFE_MAX_LENGTH); \
} \
static inline HRESULT StringCchCopyN##S(T *pszDest, size_t cchDest, const T *pszSrc, \
                                        size_t cchToCopy) \
{ \
    if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH || cchToCopy > STRSAFE_MAX_LENGTH) { \
        if (cchDest && cchDest <= STRSAFE_MAX_CCH) \
            *pszDest = 0; \
        return STRSAFE_E_INVALID_PARAMETER; \
    } \
    return w32shim_strsafe_copy##S(pszDest, cchDest, pszSrc, cchToCopy); \
} \
static inline HRESULT StringCchCatN##S(T *pszDest, size_t cchDest, const T *pszSrc, \
                                       size_t cchToAppend) \
{ \
    size_t len; \
    HRESULT hr; \
    if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH || cchToAppend > STRSAFE_MAX_LENGTH) \
        return STRSAFE_E_INVALID_PARAMETER; \
    hr = w32shim_strsafe_length##S(pszDest, cchDest, &len); \
    if (FAILED(hr)) \
        return hr; \
    return w32shim_strsafe_copy##S(pszDest + len, cchDest - len, pszSrc, cchToAppend); \
} \
static inline HRESULT StringCchCat##S(T *pszDest, size_t cchDest, const T *pszSrc) \
{ \
    return StringCchCatN##S(pszDest, cchDest, pszSrc, STRSAFE_MAX_LENGTH); \
} \
static inline HRESULT StringCchLength##S(const T *psz, size_t cchMax, size_t *pcchLength) \
{ \
    return w32shim_strsafe_length##S(psz, cchMax, pcchLength); \
} \
static inline HRESULT StringCchPrintf##S(T *pszDest, size_t cchDest, const T *pszFormat, ...) \
{ \
    va_list args; \
    HRESULT hr; \
    va_start(args, pszFormat); \
    hr = StringCchVPrintf##S(pszDest, cchDest, pszFormat, args); \
    va_end(args); \
    return hr; \
} \
/* The Cb forms: byte counts, a whole number of characters, same limits. */ \
static inline HRESULT StringCbCopy##S(T *pszDest, size_t cbDest, const T *pszSrc) \
{ \
    return StringCchCopy##S(pszDest, cbDest / sizeof(T), pszSrc); \
} \
static inline HRESULT StringCbCopyN##S(T *pszDest, size_t cbDest, const T *pszSrc, \
                                       size_t cbToCopy) \
{ \
    return StringCchCopyN##S(pszDest, cbDest / sizeof(T), pszSrc, cbToCopy / sizeof(T)); \
} \
static inline HRESULT StringCbCat##S(T *pszDest, size_t cbDest, const T *pszSrc) \
{ \
    return StringCchCat##S(pszDest, cbDest / sizeof(T), pszSrc); \
} \
static inline HRESULT StringCbCatN##S(T *pszDest, size_t cbDest, const T *pszSrc, \
                                      size_t cbToAppend) \
{ \
    return StringCchCatN##S(pszDest, cbDest / sizeof(T), pszSrc, cbToAppend / sizeof(T)); \
} \
static inline HRESULT StringCbLength##S(const T *psz, size_t cbMax, size_t *pcbLength) \
{ \
    HRESULT hr = StringCchLength##S(psz, cbMax / sizeof(T), pcbLength); \
    if (pcbLength) \
        *pcbLength *= sizeof(T); \
    return hr; \
} \
static inline HRESULT StringCbVPrintf##S(T *pszDest, size_t cbDest, const T *pszFormat, \
                                         va_list argList) \
{ \
    return StringCchVPrintf##S(pszDest, cbDest / sizeof(T), pszFormat, argList); \
} \
static inline HRESULT StringCbPrintf##S(T *pszDest, size_t cbDest, const T *pszFormat, ...) \
{ \
    va_list args; \
    HRESULT hr; \
    va_start(args, pszFormat); \
    hr = StringCchVPrintf##S(pszDest, cbDest / sizeof(T), pszFormat, args); \
    va_end(args); \
    return hr; \
} \
/* \
 * The Ex forms: the plain operation, then what dwFlags asks for, then the \
 * end of the string and the room left (on success or truncation). kept is \
 * the length NO_TRUNCATION restores on failure (Cat keeps the old string). \
 */ \
static inline HRESULT w32shim_strsafe_finish##S(T *dest, size_t cchDest, HRESULT hr, size_t kept, \
                                                T **ppszDestEnd, size_t *pcchRemaining, \
                                                unsigned long dwFlags) \
{ \
    size_t len = 0; \
    int fill = STRSAFE_GET_FILL_PATTERN(dwFlags); \
    if (hr != S_OK && hr != STRSAFE_E_INSUFFICIENT_BUFFER) \
        return hr; \
    while (len < cchDest && dest[len]) \
        len++; \
    if (hr == S_OK && (dwFlags & STRSAFE_FILL_BEHIND_NULL) && cchDest - len > 1) \
        memset(dest + len + 1, fill, (cchDest - len - 1) * sizeof(T)); \
    if (hr != S_OK && (dwFlags & STRSAFE_FILL_ON_FAILURE)) { \
        memset(dest, fill, cchDest * sizeof(T)); \
        len = fill ? cchDest - 1 : 0; \
        dest[len] = 0; \
    } \
    if (hr != S_OK && (dwFlags & (STRSAFE_NULL_ON_FAILURE | STRSAFE_NO_TRUNCATION))) { \
        len = (dwFlags & STRSAFE_NO_TRUNCATION) && !(dwFlags & STRSAFE_NULL_ON_FAILURE) ? kept : 0; \
        dest[len] = 0; \
    } \
    if (ppszDestEnd) \
        *ppszDestEnd = dest + len; \
    if (pcchRemaining) \
        *pcchRemaining = cchDest - len; \
    return hr; \
} \
static inline HRESULT StringCchCopyEx##S(T *pszDest, size_t cchDest, const T *pszSrc, \
                                         T **ppszDestEnd, size_t *pcchRemaining, \
                                         unsigned long dwFlags) \
{ \
    static const T empty[1] = { 0 }; \
    if (dwFlags & ~(unsigned long)STRSAFE_VALID_FLAGS) \
        return STRSAFE_E_INVALID_PARAMETER; \
    if (!pszSrc && (dwFlags & STRSAFE_IGNORE_NULLS)) \
        pszSrc = empty; \
    return w32shim_strsafe_finish##S(pszDest, cchDest, StringCchCopy##S(pszDest, cchDest, pszSrc), \
                                     0, ppszDestEnd, pcchRemaining, dwFlags); \
} \
static inline HRESULT StringCchCatEx##S(T *pszDest, size_t cchDest, const T *pszSrc, \
                                        T **ppszDestEnd, size_t *pcchRemaining, \
                                        unsigned long dwFlags) \
{ \
    static const T empty[1] = { 0 }; \
    size_t kept = 0; \
    if (dwFlags & ~(unsigned long)STRSAFE_VALID_FLAGS) \
        return STRSAFE_E_INVALID_PARAMETER; \
    if (!pszSrc && (dwFlags & STRSAFE_IGNORE_NULLS)) \
        pszSrc = empty; \
    while (kept < cchDest && pszDest[kept]) \
        kept++; \
    return w32shim_strsafe_finish##S(pszDest, cchDest, StringCchCat##S(pszDest, cchDest, pszSrc), \
                                     kept, ppszDestEnd, pcchRemaining, dwFlags); \
} \
static inline HRESULT StringCchVPrintfEx##S(T *pszDest, size_t cchDest, T **ppszDestEnd, \
                                            size_t *pcchRemaining, unsigned long dwFlags, \
                                            const T *pszFormat, va_list argList) \
{ \
    if (dwFlags & ~(unsigned long)STRSAFE_VALID_FLAGS) \
        return STRSAFE_E_INVALID_PARAMETER; \
    return w32shim_strsafe_finish##S(pszDest, cchDest, \
                                     StringCchVPrintf##S(pszDest, cchDest, pszFormat, argList), \
                                     0, ppszDestEnd, pcchRemaining, dwFlags); \
} \
static inline HRESULT StringCchPrintfEx##S(T *pszDest, size_t cchDest, T **ppszDestEnd, \
                                           size_t *pcchRemaining, unsigned long dwFlags, \
                                           const T *pszFormat, ...) \
{ \
    va_list args; \
    HRESULT hr; \
    va_start(args, pszFormat); \
    hr = StringCchVPrintfEx##S(pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags, pszFormat, \
                               args); \
    va_end(args); \
    return hr; \
} \
static inline HRESULT StringCbCopyEx##S(T *pszDest, size_t cbDest, const T *pszSrc, \
                                        T **ppszDestEnd, size_t *pcbRemaining, \
                                        unsigned long dwFlags) \
{ \
    HRESULT hr = StringCchCopyEx##S(pszDest, cbDest / sizeof(T), pszSrc, ppszDestEnd, \
                                    pcbRemaining, dwFlags); \
    if ((hr == S_OK || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining) \
        *pcbRemaining = *pcbRemaining * sizeof(T) + cbDest % sizeof(T); \
    return hr; \
} \
static inline HRESULT StringCbCatEx##S(T *pszDest, size_t cbDest, const T *pszSrc, \
                                       T **ppszDestEnd, size_t *pcbRemaining, \
                                       unsigned long dwFlags) \
{ \
    HRESULT hr = StringCchCatEx##S(pszDest, cbDest / sizeof(T), pszSrc, ppszDestEnd, \
                                   pcbRemaining, dwFlags); \
    if ((hr == S_OK || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining) \
        *pcbRemaining = *pcbRemaining * sizeof(T) + cbDest % sizeof(T); \
    return hr; \
} \
static inline HRESULT StringCbPrintfEx##S(T *pszDest, size_t cbDest, T **ppszDestEnd, \
                                          size_t *pcbRemaining, unsigned long dwFlags, \
                                          const T *pszFormat, ...) \
{ \
    va_list args; \
    HRESULT hr; \
    va_start(args, pszFormat); \
    hr = StringCchVPrintfEx##S(pszDest, cbDest / sizeof(T), ppszDestEnd, pcbRemaining, dwFlags, \
                               pszFormat, args); \
    va_end(args); \
    if ((hr == S_OK || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining) \
        *pcbRemaining = *pcbRemaining * sizeof(T) + cbDest % sizeof(T); \
    return hr; \
}

W32SHIM_STRSAFE_WORKERS(A, char)
W32SHIM_STRSAFE_WORKERS(W, WCHAR)
#undef W32SHIM_STRSAFE_WORKERS

#ifdef UNICODE
#define StringCchCopy StringCchCopyW
#define StringCchCopyN StringCchCopyNW
#define StringCchCat StringCchCatW
#define StringCchCatN StringCchCatNW
#define StringCchLength StringCchLengthW
#define StringCchPrintf StringCchPrintfW
#define StringCchVPrintf StringCchVPrintfW
#define StringCbCopy StringCbCopyW
#define StringCbCopyN StringCbCopyNW
#define StringCbCat StringCbCatW
#define StringCbCatN StringCbCatNW
#define StringCbLength StringCbLengthW
#define StringCbPrintf StringCbPrintfW
#define StringCbVPrintf StringCbVPrintfW
#define StringCchCopyEx StringCchCopyExW
#define StringCchCatEx StringCchCatExW
#define StringCchPrintfEx StringCchPrintfExW
#define StringCchVPrintfEx StringCchVPrintfExW
#define StringCbCopyEx StringCbCopyExW
#define StringCbCatEx StringCbCatExW
#define StringCbPrintfEx StringCbPrintfExW
#else
#define StringCchCopy StringCchCopyA
#define StringCchCopyN StringCchCopyNA
#define StringCchCat StringCchCatA
#define StringCchCatN StringCchCatNA
#define StringCchLength StringCchLengthA
#define StringCchPrintf StringCchPrintfA
#define StringCchVPrintf StringCchVPrintfA
#define StringCbCopy StringCbCopyA
#define StringCbCopyN StringCbCopyNA
#define StringCbCat StringCbCatA
#define StringCbCatN StringCbCatNA
#define StringCbLength StringCbLengthA
#define StringCbPrintf StringCbPrintfA
#define StringCbVPrintf StringCbVPrintfA
#define StringCchCopyEx StringCchCopyExA
#define StringCchCatEx StringCchCatExA
#define StringCchPrintfEx StringCchPrintfExA
#define StringCchVPrintfEx StringCchVPrintfExA
#define StringCbCopyEx StringCbCopyExA
#define StringCbCatEx StringCbCatExA
#define StringCbPrintfEx StringCbPrintfExA
#endif

#ifdef __cplusplus
}
#endif
#endif
