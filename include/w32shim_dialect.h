/*
 * w32shim: the Microsoft C dialect, for GCC and Clang.
 *
 * MSVC builds these words into the compiler and mingw-w64 defines them in
 * _mingw.h; every w32shim header includes this one first, so ported code
 * finds them wherever it includes a Windows header. Only compiler words live
 * here: the SDK's types are in basetsd.h and winnt.h, the C runtime's in
 * crtdefs.h.
 *
 * This header never defines _WIN32, WIN32, _WIN64 or _M_X64: they are the
 * compiler's target macros and ported code tests them before it includes
 * anything, to choose its Windows branch. w32shim-cc and the CMake toolchain
 * file define them on the command line; without them a source keeps its
 * POSIX branch and can still include <windows.h>.
 *
 * Each definition is skipped if the name is already a macro, so a source
 * that spells one itself (`#ifndef _MSC_VER #define __cdecl #endif`) keeps
 * its own.
 */
#ifndef W32SHIM_DIALECT_H
#define W32SHIM_DIALECT_H

#if !defined(__GNUC__)
#error "w32shim's headers need GCC or Clang"
#endif

/* Calling conventions: Linux has one per architecture, so they say nothing. */
#ifndef __cdecl
#define __cdecl
#endif
#ifndef _cdecl
#define _cdecl
#endif
#ifndef __stdcall
#define __stdcall
#endif
#ifndef _stdcall
#define _stdcall
#endif
#ifndef __fastcall
#define __fastcall
#endif
#ifndef _fastcall
#define _fastcall
#endif
#ifndef __thiscall
#define __thiscall
#endif
#ifndef __vectorcall
#define __vectorcall
#endif

/* MSVC's sized integer keywords; `unsigned __int64` works as it does there. */
#ifndef __int8
#define __int8 char
#endif
#ifndef __int16
#define __int16 short
#endif
#ifndef __int32
#define __int32 int
#endif
#ifndef __int64
#define __int64 long long
#endif

/* Pointer qualifiers of 32/64-bit Windows that change nothing here. */
#ifndef __w64
#define __w64
#endif
#ifndef __ptr32
#define __ptr32
#endif
#ifndef __ptr64
#define __ptr64
#endif
#ifndef __unaligned
#define __unaligned
#endif

/*
 * __declspec(x) becomes __attribute__((x')), x' being GCC's spelling of x:
 * align(n), deprecated and deprecated("why") take their arguments with
 * them. thread is not an attribute in GCC: its spelling closes the empty
 * attribute, says _Thread_local (C) or thread_local (C++), which may stand
 * before or after static as MSVC allows, and opens another empty one. A
 * declspec not listed becomes an unknown attribute, which GCC and Clang name
 * in a -Wattributes warning instead of silently dropping it. As with
 * mingw-w64, align(n) applies to a struct type only when written after the
 * struct keyword (`struct __declspec(align(16)) s`), as DECLSPEC_ALIGN is.
 */
#ifndef __declspec
#define __declspec(x) __attribute__((W32SHIM_DECLSPEC_##x))
#endif
#define W32SHIM_DECLSPEC_dllexport __visibility__("default")
#define W32SHIM_DECLSPEC_dllimport
#define W32SHIM_DECLSPEC_noinline __noinline__
#define W32SHIM_DECLSPEC_noreturn __noreturn__
#define W32SHIM_DECLSPEC_nothrow __nothrow__
#define W32SHIM_DECLSPEC_align __aligned__
#ifdef __cplusplus
#define W32SHIM_DECLSPEC_thread )) thread_local __attribute__((
#else
#define W32SHIM_DECLSPEC_thread )) _Thread_local __attribute__((
#endif
#define W32SHIM_DECLSPEC_selectany __weak__
#define W32SHIM_DECLSPEC_deprecated __deprecated__
#define W32SHIM_DECLSPEC_restrict __malloc__
#define W32SHIM_DECLSPEC_allocator
#define W32SHIM_DECLSPEC_novtable
#define W32SHIM_DECLSPEC_noalias
#define W32SHIM_DECLSPEC_empty_bases
#define W32SHIM_DECLSPEC_uuid(id)

#ifndef __forceinline
#define __forceinline __inline__ __attribute__((__always_inline__))
#endif

/* The optimiser may assume e; __assume(0) marks unreachable code. */
#ifndef __assume
#define __assume(e) ((e) ? (void)0 : __builtin_unreachable())
#endif

/* A breakpoint: SIGTRAP, which stops a debugger or ends the program. */
#ifndef __debugbreak
#if defined(__x86_64__) || defined(__i386__)
#define __debugbreak() __asm__ __volatile__("int3")
#elif defined(__aarch64__)
#define __debugbreak() __asm__ __volatile__("brk #0xf000")
#else
#define __debugbreak() __builtin_trap()
#endif
#endif

/* __FUNCTION__ is GCC's too; __FUNCSIG__ is MSVC's name for the full signature. */
#ifndef __FUNCSIG__
#define __FUNCSIG__ __PRETTY_FUNCTION__
#endif

/*
 * Ported mode: code built with _WIN32 (as w32shim-cc builds it) takes its
 * Windows branches, which give the C library's path functions (fopen, open,
 * stat, unlink, mkdir, ...) Windows paths. w32shim's stdio.h, fcntl.h,
 * sys/stat.h and unistd.h then bind those names to versions that map the
 * path first (lib/crt_posix.c), and declare Microsoft's old names (stricmp,
 * itoa, setmode, one-argument mkdir, ...). Define W32SHIM_NO_PATH_MAPPING
 * to keep glibc's own functions in that mode too.
 */
#if defined(_WIN32) && !defined(W32SHIM_NO_PATH_MAPPING)
#define W32SHIM_MAP_PATHS 1
#endif

/*
 * Wide characters. Windows' wchar_t is 2 bytes of UTF-16; Linux's is 4, so
 * WCHAR is char16_t, whose literals are u"...". In wide mode (-fshort-wchar,
 * see w32shim_wchar.h) wchar_t is 2 bytes too: in C that is the very type
 * char16_t is, and in C++, where the two are distinct types, WCHAR is
 * wchar_t so that L"..." and wchar_t buffers are LPCWSTR and LPWSTR, as with
 * every Windows compiler. TEXT("x") and _T("x") are L"x" in wide mode.
 */
#if __SIZEOF_WCHAR_T__ == 2
#define W32SHIM_WIDE_MODE 1
#endif
#if defined(__cplusplus) && defined(W32SHIM_WIDE_MODE)
#define W32SHIM_WCHAR_TYPE wchar_t
#elif defined(__cplusplus)
#define W32SHIM_WCHAR_TYPE char16_t
#else
#define W32SHIM_WCHAR_TYPE __CHAR16_TYPE__
#endif
#ifdef W32SHIM_WIDE_MODE
#define W32SHIM_WTEXT(quote) L##quote
#else
#define W32SHIM_WTEXT(quote) u##quote
#endif

#endif
