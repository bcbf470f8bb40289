/*
 * w32shim: tchar.h: generic-text mappings.
 *
 * Without _UNICODE the _t names are the narrow functions of the C library
 * and of Microsoft's C runtime (string.h, stdio.h, stdlib.h, io.h, direct.h,
 * sys/stat.h). With _UNICODE (or UNICODE) they are the 16-bit wide
 * functions of <w32shim_wchar.h> and the wide forms of the C runtime's, and
 * _T("x") is a UTF-16 literal. As with MSVC, a mapped function needs the
 * header that declares it. winnt.h's TCHAR follows UNICODE alone, so define
 * both, as Visual Studio projects do.
 */
#ifndef W32SHIM_TCHAR_H
#define W32SHIM_TCHAR_H

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#define _stprintf_s swprintf_s
#define _vstprintf_s vswprintf_s
#define _sntprintf_s _snwprintf_s
#define _vsntprintf_s _vsnwprintf_s

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
#define _tcscpy_s wcscpy_s
#define _tcscat_s wcscat_s
#define _tcsncpy_s wcsncpy_s
#define _tcsncat_s wcsncat_s
#define _tcslwr _wcslwr
#define _tcsupr _wcsupr
#define _tcsrev _wcsrev
#define _tcstok_s wcstok_s

/* Files, directories, the environment (io.h, direct.h, sys/stat.h, stdio.h, stdlib.h). */
#define _tfopen _wfopen
#define _tfopen_s _wfopen_s
#define _tfsopen _wfsopen
#define _tfreopen _wfreopen
#define _tfdopen _wfdopen
#define _tpopen _wpopen
#define _tremove _wremove
#define _trename _wrename
#define _taccess _waccess
#define _taccess_s _waccess_s
#define _tchmod _wchmod
#define _tcreat _wcreat
#define _topen _wopen
#define _tsopen_s _wsopen_s
#define _tunlink _wunlink
#define _tstat _wstat
#define _tstat64 _wstat64
#define _tstati64 _wstati64
#define _tutime _wutime
#define _tgetcwd _wgetcwd
#define _tchdir _wchdir
#define _tmkdir _wmkdir
#define _trmdir _wrmdir
#define _tsplitpath _wsplitpath
#define _tmakepath _wmakepath
#define _itot _itow
#define _i64tot _i64tow
#define _ui64tot _ui64tow
#define _tgetenv _wgetenv
#define _tputenv _wputenv
#define _tputenv_s _wputenv_s

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

/* The character-stepping functions of Microsoft's tchar.h: one UTF-16 unit
 * is one character, as in Microsoft's _UNICODE mapping. */
static __inline__ WCHAR *_wcsinc(const WCHAR *p)
{
    return (WCHAR *)(uintptr_t)(p + 1);
}
static __inline__ WCHAR *_wcsninc(const WCHAR *p, size_t n)
{
    return (WCHAR *)(uintptr_t)(p + n);
}
/* NULL when cur is not past start, as Microsoft's. */
static __inline__ WCHAR *_wcsdec(const WCHAR *start, const WCHAR *cur)
{
    return start >= cur ? NULL : (WCHAR *)(uintptr_t)(cur - 1);
}
static __inline__ unsigned int _wcsnextc(const WCHAR *p)
{
    return (unsigned int)*p;
}
/* The characters before the NUL or the first n, whichever is fewer. */
static __inline__ size_t _wcsncnt(const WCHAR *s, size_t n)
{
    size_t i = 0;

    while (i < n && s[i])
        i++;
    return i;
}
/* The first character of s not in set, or NULL if there is none. */
static __inline__ WCHAR *_wcsspnp(const WCHAR *s, const WCHAR *set)
{
    const WCHAR *c;

    if (!s)
        return NULL;
    for (; *s; s++) {
        for (c = set; *c && *c != *s; c++)
            ;
        if (!*c)
            return (WCHAR *)(uintptr_t)s;
    }
    return NULL;
}
#define _tcsinc _wcsinc
#define _tcsninc _wcsninc
#define _tcsdec _wcsdec
#define _tcsnextc _wcsnextc
#define _tcsnbcnt _wcsncnt
#define _tcsnccnt _wcsncnt
#define _tcsspnp _wcsspnp
#define _tcsclen w32shim_wcslen
#define _tcsnccpy w32shim_wcsncpy
#define _tcsnccat w32shim_wcsncat
#define _tcsnccmp w32shim_wcsncmp
#define _tcsncicmp w32shim__wcsnicmp
#define _tclen(p) (1)
#define _tccpy(d, s) (*(d) = *(s))
#define _tccmp(a, b) ((*(a)) - (*(b)))

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
#define _sntprintf _snprintf
#define _vsntprintf _vsnprintf
#define _stprintf_s sprintf_s
#define _vstprintf_s vsprintf_s
#define _sntprintf_s _snprintf_s
#define _vsntprintf_s _vsnprintf_s
#define _sctprintf _scprintf
#define _vsctprintf _vscprintf
#define _tscanf scanf
#define _stscanf sscanf
#define _tfopen fopen
#define _tfopen_s fopen_s
#define _tfsopen _fsopen
#define _tfreopen freopen
#define _tfdopen _fdopen
#define _tpopen _popen
#define _taccess _access
#define _taccess_s _access_s
#define _tchmod _chmod
#define _tcreat _creat
#define _topen _open
#define _tsopen _sopen
#define _tsopen_s _sopen_s
#define _tunlink _unlink
#define _tstat _stat
#define _tstat64 _stat64
#define _tstati64 _stati64
#define _tutime _utime
#define _tgetcwd _getcwd
#define _tchdir _chdir
#define _tmkdir _mkdir
#define _trmdir _rmdir
#define _tfullpath _fullpath
#define _tsplitpath _splitpath
#define _tsplitpath_s _splitpath_s
#define _tmakepath _makepath
#define _tmakepath_s _makepath_s
#define _itot _itoa
#define _itot_s _itoa_s
#define _ltot _ltoa
#define _ultot _ultoa
#define _i64tot _i64toa
#define _ui64tot _ui64toa
#define _ttoi64 _atoi64
#define _tcstoi64 _strtoi64
#define _tcstoui64 _strtoui64
#define _tputenv _putenv
#define _tputenv_s _putenv_s
#define _tdupenv_s _dupenv_s
#define _tgetenv_s getenv_s
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
#define _tcsicmp _stricmp
#define _tcsnicmp _strnicmp
#define _tcslwr _strlwr
#define _tcsupr _strupr
#define _tcsrev _strrev
#define _tcscpy_s strcpy_s
#define _tcscat_s strcat_s
#define _tcsncpy_s strncpy_s
#define _tcsncat_s strncat_s
#define _tcstok_s strtok_s
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcsspn strspn
#define _tcscspn strcspn
#define _tcspbrk strpbrk
#define _tcstok strtok
#define _tcsdup _strdup
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

/* The character-stepping functions of Microsoft's tchar.h for single-byte
 * text (without _MBCS): one byte is one character. */
static __inline__ char *_strinc(const char *p)
{
    return (char *)(uintptr_t)(p + 1);
}
static __inline__ char *_strninc(const char *p, size_t n)
{
    return (char *)(uintptr_t)(p + n);
}
/* NULL when cur is not past start, as Microsoft's. */
static __inline__ char *_strdec(const char *start, const char *cur)
{
    return start >= cur ? NULL : (char *)(uintptr_t)(cur - 1);
}
static __inline__ unsigned int _strnextc(const char *p)
{
    return (unsigned int)*(const unsigned char *)p;
}
/* The characters before the NUL or the first n, whichever is fewer. */
static __inline__ size_t _strncnt(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && s[i])
        i++;
    return i;
}
/* The first character of s not in set, or NULL if there is none. */
static __inline__ char *_strspnp(const char *s, const char *set)
{
    if (!s)
        return NULL;
    s += strspn(s, set);
    return *s ? (char *)(uintptr_t)s : NULL;
}
#define _tcsinc _strinc
#define _tcsninc _strninc
#define _tcsdec _strdec
#define _tcsnextc _strnextc
#define _tcsnbcnt _strncnt
#define _tcsnccnt _strncnt
#define _tcsspnp _strspnp
#define _tcsclen strlen
#define _tcsnccpy strncpy
#define _tcsnccat strncat
#define _tcsnccmp strncmp
#define _tcsncicmp _strnicmp
#define _tcsset _strset
#define _tcsnset _strnset
#define _tclen(p) (1)
#define _tccpy(d, s) (*(d) = *(s))
#define _tccmp(a, b) (((unsigned char)*(a)) - ((unsigned char)*(b)))

#endif

#define _T(x) __T(x)
#define _TEXT(x) __T(x)

#endif
