/*
 * Conformance: the Microsoft C dialect and the SDK's macros, as Windows
 * code uses them next to <windows.h>: calling conventions, __int64,
 * __declspec, SAL, the basetsd.h and winnt.h types and macros, HRESULTs,
 * the SDK version macros, intsafe.h, and the C headers windows.h brings in
 * (INT_MAX, errno, malloc, isalpha need no include here). Built unchanged
 * with mingw-w64 for Wine: every value is Windows'. Also built as C++ by
 * tests/headers.sh.
 *
 * mingw-w64's dialect is narrower than MSVC's, which w32shim follows: its
 * __forceinline includes extern (so `static __forceinline` does not
 * compile), it ignores __declspec(align(n)) and __declspec(thread), and it
 * has no __assume. The few lines marked MINGW_LACKS spell those the way
 * mingw-w64 accepts when this file is built for Wine.
 */
#include "conformance.h"
#include <intsafe.h>
#include <specstrings.h>

static int __cdecl add_cdecl(int a, int b) { return a + b; }
static int _cdecl add_cdecl1(int a, int b) { return a + b; }
static int __stdcall add_stdcall(int a, int b) { return a + b; }
static int _stdcall add_stdcall1(int a, int b) { return a + b; }
static int __fastcall add_fastcall(int a, int b) { return a + b; }
static int (__stdcall *stdcall_pointer)(int, int) = add_stdcall;

__declspec(noinline) static int not_inlined(int x) { return x * 3; }
#ifdef __MINGW32__ /* MINGW_LACKS */
#define STATIC_FORCEINLINE static inline
#define ALIGN32 __attribute__((aligned(32)))
#define THREAD_LOCAL __thread
#define ASSUME(e) ((void)(e))
#else
#define STATIC_FORCEINLINE __forceinline static
#define ALIGN32 __declspec(align(32))
#define THREAD_LOCAL __declspec(thread)
#define ASSUME(e) __assume(e)
#endif
STATIC_FORCEINLINE int always_inlined(int x) { return x + 3; }
__declspec(dllexport) int dialect_exported(void);
__declspec(dllexport) int dialect_exported(void) { return 42; }
__declspec(dllimport) int dialect_never_defined(void);
__declspec(deprecated) int dialect_old(void);
__declspec(noreturn) void dialect_never_returns(void);
__declspec(selectany) int dialect_selectany = 7;
static ALIGN32 char aligned32[3];
static DECLSPEC_ALIGN(16) char aligned16[3];
static THREAD_LOCAL int per_thread = 1;

/*
 * SAL, old and new, and the pre-SAL words: they must vanish. In C++ __in
 * and __out are not defined (libstdc++ names parameters so), as with
 * mingw-w64.
 */
#ifdef __cplusplus
#define SAL1_IN _In_
#define SAL1_OUT _Out_
#else
#define SAL1_IN __in
#define SAL1_OUT __out
#endif
static _Success_(return != 0) _Check_return_ int annotated(_In_ int a, _In_opt_ const char *b,
                                                            _Out_writes_(n) char *out, size_t n,
                                                            _Inout_ int *io, SAL1_IN int c,
                                                            SAL1_OUT int *d, __inout int *e,
                                                            __in_opt const char *f,
                                                            __out_ecount(n) char *g,
                                                            IN int h, OUT int *i,
                                                            OPTIONAL const char *j)
{
    (void)b;
    (void)f;
    (void)j;
    if (n)
        out[0] = g[0] = 'x';
    *io += 1;
    *d = *e = *i = a + c + h;
    return 1;
}

static void test_calling_conventions(void)
{
    ok(add_cdecl(2, 3) == 5 && add_cdecl1(2, 3) == 5, "__cdecl and _cdecl");
    ok(add_stdcall(2, 3) == 5 && add_stdcall1(2, 3) == 5, "__stdcall and _stdcall");
    ok(add_fastcall(2, 3) == 5, "__fastcall");
    ok(stdcall_pointer(4, 5) == 9, "a __stdcall function pointer");
}

static void test_sized_integers(void)
{
    unsigned __int64 big = 0xffffffffffffffffULL;
    __int64 neg = -1;
    unsigned __int8 byte = 255;

    ok(sizeof(__int8) == 1 && sizeof(__int16) == 2, "__int8 and __int16");
    ok(sizeof(__int32) == 4 && sizeof(__int64) == 8, "__int32 and __int64");
    ok(big + 1 == 0 && neg < 0, "unsigned __int64 wraps and __int64 is signed");
    ok((unsigned __int8)(byte + 1) == 0, "unsigned __int8");
    ok(sizeof(LONGLONG) == 8 && sizeof(ULONGLONG) == 8 && sizeof(DWORDLONG) == 8,
       "LONGLONG, ULONGLONG, DWORDLONG");
    ok(sizeof(LONG64) == 8 && sizeof(ULONG64) == 8 && sizeof(DWORD64) == 8 && sizeof(INT64) == 8,
       "LONG64, ULONG64, DWORD64, INT64");
    ok(sizeof(LONG32) == 4 && sizeof(DWORD32) == 4 && sizeof(INT8) == 1 && sizeof(UINT16) == 2,
       "LONG32, DWORD32, INT8, UINT16");
    ok(sizeof(INT_PTR) == sizeof(void *) && sizeof(SIZE_T) == sizeof(size_t) &&
           sizeof(SSIZE_T) == sizeof(void *) && sizeof(KAFFINITY) == sizeof(void *),
       "the pointer-size types");
    ok(sizeof(HALF_PTR) * 2 == sizeof(void *), "HALF_PTR is half a pointer");
    ok(MAXDWORD64 == 0xffffffffffffffffULL && MAXLONG64 == 0x7fffffffffffffffLL, "64-bit limits");
    ok(MAXUINT32 == 0xffffffffU && MAXINT32 == 0x7fffffff && MININT32 == -MAXINT32 - 1,
       "32-bit limits");
    ok(MAXSIZE_T == (SIZE_T)-1 && MAXSSIZE_T == (SSIZE_T)(MAXSIZE_T >> 1), "SIZE_T limits");
}

static void test_pointer_types(void)
{
    char c = 'a';
    unsigned char uc = 200;
    USHORT us = 7;
    ULONG64 u64 = 1;
    PCHAR pc = &c;
    PUCHAR puc = &uc;
    PBYTE pb = &uc;
    PUSHORT pus = &us;
    PULONG64 pu64 = &u64;
    PDWORD64 pdw64 = &u64;
    PLONG64 pl64 = (PLONG64)&u64;
    PSHORT ps = (PSHORT)&us;
    PBOOLEAN pbool = &uc;

    ok(*pc == 'a' && *puc == 200 && *pb == 200 && *pus == 7 && *ps == 7, "byte and short pointers");
    ok(*pu64 == 1 && *pdw64 == 1 && *pl64 == 1 && *pbool == 200, "64-bit and BOOLEAN pointers");
}

static void test_handle_casts(void)
{
    HANDLE h = ULongToHandle(0x1234);
    void *p = UlongToPtr(0x5678);

    ok(HandleToULong(h) == 0x1234 && HandleToUlong(h) == 0x1234, "HandleToULong");
    ok(HandleToLong(LongToHandle(-8)) == -8, "HandleToLong and LongToHandle");
    ok(PtrToUlong(p) == 0x5678 && PtrToLong(p) == 0x5678 && PtrToUint(p) == 0x5678,
       "PtrToUlong, PtrToLong, PtrToUint");
    ok(PtrToInt(IntToPtr(-3)) == -3 && PtrToUshort(UIntToPtr(65535)) == 65535,
       "IntToPtr, UIntToPtr, PtrToInt, PtrToUshort");
    ok(PtrToPtr64(p) == p && Ptr64ToPtr(p) == p, "PtrToPtr64 and Ptr64ToPtr");
}

static DWORD WINAPI thread_local_writer(LPVOID arg)
{
    per_thread = 99;
    return (DWORD)per_thread + (DWORD)(ULONG_PTR)arg;
}

static void test_declspecs(void)
{
    HANDLE thread;
    DWORD code = 0;

    ok(not_inlined(2) == 6 && always_inlined(2) == 5, "noinline and __forceinline");
    ok(dialect_exported() == 42 && dialect_selectany == 7, "dllexport and selectany");
    ok(((ULONG_PTR)aligned32 & 31) == 0, "__declspec(align(32))");
    ok(((ULONG_PTR)aligned16 & 15) == 0, "DECLSPEC_ALIGN(16)");
    per_thread = 5;
    thread = CreateThread(NULL, 0, thread_local_writer, (LPVOID)1, 0, NULL);
    ok(thread != NULL, "CreateThread");
    WaitForSingleObject(thread, INFINITE);
    GetExitCodeThread(thread, &code);
    CloseHandle(thread);
    ok(code == 100 && per_thread == 5, "__declspec(thread) is per thread");
    if (per_thread == 0)
        __debugbreak();
}

static void test_annotations(void)
{
    char out[2] = {0}, g[2] = {0};
    int io = 1, d = 0, e = 0, i = 0;

    ok(annotated(1, NULL, out, sizeof(out), &io, 2, &d, &e, NULL, g, 3, &i, NULL) == 1,
       "a function with SAL on every parameter");
    ok(io == 2 && d == 6 && e == 6 && i == 6 && out[0] == 'x' && g[0] == 'x',
       "the annotated parameters work as plain ones");
}

static void test_builtins(void)
{
    int values[7];
    int n = (int)_countof(values);

    ok(n == 7 && ARRAYSIZE(values) == 7 && RTL_NUMBER_OF(values) == 7, "_countof and ARRAYSIZE");
    ASSUME(n == 7);
    ok(strcmp(__FUNCTION__, "test_builtins") == 0, "__FUNCTION__ names the function");
    YieldProcessor();
    ok(MEMORY_ALLOCATION_ALIGNMENT == 16, "MEMORY_ALLOCATION_ALIGNMENT");
    ok(sizeof(GROUP_AFFINITY) == 8 + sizeof(KAFFINITY), "GROUP_AFFINITY's size");
}

static void test_language_ids(void)
{
    ok(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US) == 0x409, "en-US is 0x409");
    ok(MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT) == 0x400, "the user default is 0x400");
    ok(PRIMARYLANGID(0x40c) == LANG_FRENCH && SUBLANGID(0x40c) == SUBLANG_FRENCH, "fr-FR");
    ok(LANG_SYSTEM_DEFAULT == 0x800 && LANG_USER_DEFAULT == 0x400, "LANG_*_DEFAULT");
    ok(MAKELCID(0x409, SORT_DEFAULT) == 0x409 && LANGIDFROMLCID(0x10409) == 0x409, "LCIDs");
}

static void test_sdk_versions(void)
{
    ok(_WIN32_WINNT >= _WIN32_WINNT_WIN10, "_WIN32_WINNT defaults to Windows 10");
    ok(WINVER == _WIN32_WINNT, "WINVER follows _WIN32_WINNT");
    ok(NTDDI_VERSION >= NTDDI_WIN10 && OSVER(NTDDI_VERSION) == NTDDI_WIN10,
       "NTDDI_VERSION follows it too");
    ok(_WIN32_WINNT_WIN7 == 0x0601 && _WIN32_WINNT_VISTA == 0x0600, "the version constants");
#if !WINAPI_FAMILY_PARTITION(WINAPI_PARTITION_DESKTOP)
    ok(0, "the desktop partition is selected");
#endif
}

static void test_hresults(void)
{
    HRESULT denied = HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED);

    ok(S_OK == 0 && S_FALSE == 1 && SUCCEEDED(S_FALSE) && !FAILED(S_OK), "S_OK and S_FALSE");
    ok(FAILED(E_FAIL) && (DWORD)E_FAIL == 0x80004005, "E_FAIL");
    ok((DWORD)E_NOTIMPL == 0x80004001 && (DWORD)E_OUTOFMEMORY == 0x8007000E,
       "E_NOTIMPL and E_OUTOFMEMORY");
    ok((DWORD)E_INVALIDARG == 0x80070057 && (DWORD)E_POINTER == 0x80004003,
       "E_INVALIDARG and E_POINTER");
    ok(denied == E_ACCESSDENIED && HRESULT_CODE(denied) == ERROR_ACCESS_DENIED,
       "HRESULT_FROM_WIN32 and HRESULT_CODE");
    ok(HRESULT_FACILITY(denied) == FACILITY_WIN32 && HRESULT_SEVERITY(denied) == SEVERITY_ERROR,
       "HRESULT_FACILITY and HRESULT_SEVERITY");
    ok(HRESULT_FROM_WIN32(0) == S_OK, "HRESULT_FROM_WIN32(0) is S_OK");
    ok(MAKE_HRESULT(SEVERITY_ERROR, FACILITY_WIN32, 5) == denied && IS_ERROR(denied),
       "MAKE_HRESULT and IS_ERROR");
    switch (denied) {
    case HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED):
        ok(1, "HRESULT_FROM_WIN32 is a constant expression");
        break;
    default:
        ok(0, "HRESULT_FROM_WIN32 is a constant expression");
    }
}

static void test_intsafe(void)
{
    DWORD dw = 1;
    size_t st = 1;
    INT i = 1;
    ULONG ul = 1;
    ULONGLONG ull = 1;

    ok(SizeTToDWord(5, &dw) == S_OK && dw == 5, "SizeTToDWord in range");
    ok(SizeTMult((size_t)-1, 2, &st) == INTSAFE_E_ARITHMETIC_OVERFLOW, "SizeTMult overflows");
    ok(st == (size_t)-1, "the failed result is SIZET_ERROR");
    ok(DWordAdd(0xffffffff, 1, &dw) == INTSAFE_E_ARITHMETIC_OVERFLOW && dw == 0xffffffff,
       "DWordAdd overflows to DWORD_ERROR");
    ok(ULongSub(1, 2, &ul) == INTSAFE_E_ARITHMETIC_OVERFLOW, "ULongSub underflows");
    ok(LongLongToInt(-5, &i) == S_OK && i == -5, "LongLongToInt in range");
    ok(LongLongToInt(0x100000000LL, &i) == INTSAFE_E_ARITHMETIC_OVERFLOW && i == -1,
       "LongLongToInt out of range gives INT_ERROR");
    ok(IntToULong(-1, &ul) == INTSAFE_E_ARITHMETIC_OVERFLOW, "a negative int is no ULONG");
    ok(ULongLongMult(0x100000000ULL, 0x100000000ULL, &ull) == INTSAFE_E_ARITHMETIC_OVERFLOW,
       "ULongLongMult overflows");
    ok(UIntAdd(1, 2, (UINT *)&dw) == S_OK && dw == 3, "UIntAdd");
}

static void test_c_headers(void)
{
    char *p = (char *)malloc(4);

    ok(INT_MAX == 2147483647 && CHAR_BIT == 8, "<limits.h>");
    errno = ENOENT;
    ok(errno == ENOENT, "<errno.h>");
    ok(p != NULL && isalpha('a') && !isdigit('a'), "<stdlib.h> and <ctype.h>");
    free(p);
    ok(MAX_PATH == 260 && TRUE == 1 && FALSE == 0, "MAX_PATH, TRUE, FALSE");
}

CONFORMANCE_MAIN(test_calling_conventions, test_sized_integers, test_pointer_types,
                 test_handle_casts, test_declspecs, test_annotations, test_builtins,
                 test_language_ids, test_sdk_versions, test_hresults, test_intsafe,
                 test_c_headers)
