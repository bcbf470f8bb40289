/*
 * w32shim: sdkddkver.h: the Windows versions a program targets.
 *
 * As with the Windows SDK and mingw-w64, _WIN32_WINNT, WINVER,
 * NTDDI_VERSION and _WIN32_IE default to Windows 10 unless the program
 * defines them first (on the command line, or before its first Windows
 * header). w32shim implements the API of that version; code that tests
 * these macros takes the branch Windows 10 builds take. A program that
 * defines a lower version gets the older branches it asked for.
 */
#ifndef W32SHIM_SDKDDKVER_H
#define W32SHIM_SDKDDKVER_H

#define _WIN32_WINNT_NT4 0x0400
#define _WIN32_WINNT_WIN2K 0x0500
#define _WIN32_WINNT_WINXP 0x0501
#define _WIN32_WINNT_WS03 0x0502
#define _WIN32_WINNT_WIN6 0x0600
#define _WIN32_WINNT_VISTA 0x0600
#define _WIN32_WINNT_WS08 0x0600
#define _WIN32_WINNT_LONGHORN 0x0600
#define _WIN32_WINNT_WIN7 0x0601
#define _WIN32_WINNT_WIN8 0x0602
#define _WIN32_WINNT_WINBLUE 0x0603
#define _WIN32_WINNT_WINTHRESHOLD 0x0A00
#define _WIN32_WINNT_WIN10 0x0A00

#define _WIN32_IE_IE60 0x0600
#define _WIN32_IE_IE70 0x0700
#define _WIN32_IE_IE80 0x0800
#define _WIN32_IE_IE90 0x0900
#define _WIN32_IE_IE100 0x0A00
#define _WIN32_IE_IE110 0x0A00
#define _WIN32_IE_XP _WIN32_IE_IE60
#define _WIN32_IE_WIN6 _WIN32_IE_IE70
#define _WIN32_IE_WIN7 _WIN32_IE_IE80
#define _WIN32_IE_WIN8 _WIN32_IE_IE100
#define _WIN32_IE_WIN10 _WIN32_IE_IE110

#define NTDDI_WINXP 0x05010000
#define NTDDI_WS03 0x05020000
#define NTDDI_WIN6 0x06000000
#define NTDDI_VISTA NTDDI_WIN6
#define NTDDI_WIN6SP1 0x06000100
#define NTDDI_VISTASP1 NTDDI_WIN6SP1
#define NTDDI_WS08 NTDDI_WIN6SP1
#define NTDDI_WIN7 0x06010000
#define NTDDI_WIN8 0x06020000
#define NTDDI_WINBLUE 0x06030000
#define NTDDI_WINTHRESHOLD 0x0A000000
#define NTDDI_WIN10 0x0A000000
#define NTDDI_WIN10_TH2 0x0A000001
#define NTDDI_WIN10_RS1 0x0A000002
#define NTDDI_WIN10_RS2 0x0A000003
#define NTDDI_WIN10_RS3 0x0A000004
#define NTDDI_WIN10_RS4 0x0A000005
#define NTDDI_WIN10_RS5 0x0A000006
#define NTDDI_WIN10_19H1 0x0A000007

#define OSVERSION_MASK 0xFFFF0000U
#define SPVERSION_MASK 0x0000FF00
#define SUBVERSION_MASK 0x000000FF
#define OSVER(Version) ((Version) & OSVERSION_MASK)
#define SPVER(Version) (((Version) & SPVERSION_MASK) >> 8)
#define SUBVER(Version) ((Version) & SUBVERSION_MASK)
/* Arithmetic rather than token pasting, so that a symbolic version works too. */
#define NTDDI_VERSION_FROM_WIN32_WINNT(Version) ((Version) * 0x10000)

/* The defaults, each derived from what the program defined. */
#if !defined(_WIN32_WINNT) && defined(NTDDI_VERSION)
#define _WIN32_WINNT (NTDDI_VERSION >> 16)
#endif
#if !defined(_WIN32_WINNT) && defined(WINVER)
#define _WIN32_WINNT WINVER
#endif
#ifndef _WIN32_WINNT
#define _WIN32_WINNT _WIN32_WINNT_WIN10
#endif
#ifndef WINVER
#define WINVER _WIN32_WINNT
#endif
#ifndef NTDDI_VERSION
#define NTDDI_VERSION NTDDI_VERSION_FROM_WIN32_WINNT(_WIN32_WINNT)
#endif
#ifndef _WIN32_IE
#if _WIN32_WINNT >= _WIN32_WINNT_WIN10
#define _WIN32_IE _WIN32_IE_WIN10
#elif _WIN32_WINNT >= _WIN32_WINNT_WIN8
#define _WIN32_IE _WIN32_IE_WIN8
#elif _WIN32_WINNT >= _WIN32_WINNT_WIN7
#define _WIN32_IE _WIN32_IE_WIN7
#elif _WIN32_WINNT >= _WIN32_WINNT_VISTA
#define _WIN32_IE _WIN32_IE_WIN6
#else
#define _WIN32_IE _WIN32_IE_XP
#endif
#endif

#endif
