/*
 * w32shim: tchar.h: generic-text mappings.
 *
 * Without _UNICODE the _t names are the C library's narrow functions. With
 * _UNICODE (or UNICODE) they are the 16-bit wide functions of
 * <w32shim_wchar.h>, and _T("x") is a UTF-16 literal. winnt.h's TCHAR
 * follows UNICODE alone, so define both, as Visual Studio projects do.
 */
#ifndef W32SHIM_TCHAR_H
#define W32SHIM_TCHAR_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <windef.h>

#if defined(UNICODE) && !defined(_UNICODE)
#define _UNICODE
#endif

#ifdef _UNICODE

#include <wctype.h>
#include <w32shim_wchar.h>

typedef WCHAR _TCHAR, _TSCHAR, _TUCHAR, _TXCHAR;
typedef unsigned int _TINT;
#define __T(x) W32SHIM_WTEXT(x)
#define _TEOF 0xFFFF

/* As with MSVC; libw32shim-wmain.a (linked by w32shim.pc) calls wmain. */
#define _tmain wmain
#define _tprintf w32shim_wprintf
#define _vtprintf w32shim_vwprintf
#define _ftprintf w32shim_fwprintf
#define _vftprintf w32shim_vfwprintf
#define _sntprintf w32shim__snwprintf
#define _vsntprintf w32shim__vsnwprintf
#define _stprintf_s w32shim_swprintf
#define _vstprintf_s w32shim_vswprintf

#define _tcslen w32shim_wcslen
#define _tcsnlen w32shim_wcsnlen
#define _tcscpy w32shim_wcscpy
#define _tcsncpy w32shim_wcsncpy
#define _tcscat w32shim_wcscat
#define _tcsncat w32shim_wcsncat
#define _tcscmp w32shim_wcscmp
#define _tcsncmp w32shim_wcsncmp
#define _tcsicmp w32shim__wcsicmp
#define _tcsnicmp w32shim__wcsnicmp
#define _tcschr w32shim_wcschr
#define _tcsrchr w32shim_wcsrchr
#define _tcsstr w32shim_wcsstr
#define _tcsdup w32shim__wcsdup
#define _tcstol w32shim_wcstol
#define _tcstoul w32shim_wcstoul
#define _ttoi w32shim__wtoi
#define _ttol w32shim__wtol
#define _totupper w32shim_towupper
#define _totlower w32shim_towlower

/* glibc's classification takes a code point: right for every UTF-16 unit outside surrogates. */
#define _istalpha iswalpha
#define _istdigit iswdigit
#define _istxdigit iswxdigit
#define _istalnum iswalnum
#define _istspace iswspace
#define _istupper iswupper
#define _istlower iswlower
#define _istpunct iswpunct
#define _istprint iswprint
#define _istcntrl iswcntrl

#else

typedef char _TCHAR, _TSCHAR, _TXCHAR;
typedef unsigned char _TUCHAR;
typedef int _TINT;
#define __T(x) x
#define _TEOF EOF

#define _tmain main
#define _tprintf printf
#define _vtprintf vprintf
#define _ftprintf fprintf
#define _vftprintf vfprintf
#define _stprintf sprintf
#define _vstprintf vsprintf
#define _sntprintf snprintf
#define _vsntprintf vsnprintf
#define _stprintf_s snprintf
#define _vstprintf_s vsnprintf
#define _tscanf scanf
#define _stscanf sscanf
#define _tfopen fopen
#define _fgetts fgets
#define _fputts fputs
#define _puttc putc
#define _puttchar putchar
#define _gettc getc
#define _gettchar getchar
#define _tgetenv getenv
#define _tremove remove
#define _trename rename
#define _tsystem system
#define _tperror perror

#define _tcslen strlen
#define _tcsnlen strnlen
#define _tcscpy strcpy
#define _tcsncpy strncpy
#define _tcscat strcat
#define _tcsncat strncat
#define _tcscmp strcmp
#define _tcsncmp strncmp
#define _tcsicmp strcasecmp
#define _tcsnicmp strncasecmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcsspn strspn
#define _tcscspn strcspn
#define _tcspbrk strpbrk
#define _tcstok strtok
#define _tcsdup strdup
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcstod strtod
#define _ttoi atoi
#define _ttol atol
#define _tstof atof
#define _totupper toupper
#define _totlower tolower

#define _istalpha isalpha
#define _istdigit isdigit
#define _istxdigit isxdigit
#define _istalnum isalnum
#define _istspace isspace
#define _istupper isupper
#define _istlower islower
#define _istpunct ispunct
#define _istprint isprint
#define _istcntrl iscntrl

#endif

#define _T(x) __T(x)
#define _TEXT(x) __T(x)

#endif
