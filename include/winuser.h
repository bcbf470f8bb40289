/* w32shim: winuser.h: the character and string functions of user32. */
#ifndef W32SHIM_WINUSER_H
#define W32SHIM_WINUSER_H

#include <stdarg.h>
#include <windef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * CharUpper and CharLower convert in place and return their argument; given
 * a pointer whose high-order bits are zero (a value below 0x10000), they
 * convert that single character and return it the same way.
 */
WINBASEAPI LPSTR WINAPI CharUpperA(LPSTR lpsz);
WINBASEAPI LPWSTR WINAPI CharUpperW(LPWSTR lpsz);
WINBASEAPI LPSTR WINAPI CharLowerA(LPSTR lpsz);
WINBASEAPI LPWSTR WINAPI CharLowerW(LPWSTR lpsz);
WINBASEAPI DWORD WINAPI CharUpperBuffA(LPSTR lpsz, DWORD cchLength);
WINBASEAPI DWORD WINAPI CharUpperBuffW(LPWSTR lpsz, DWORD cchLength);
WINBASEAPI DWORD WINAPI CharLowerBuffA(LPSTR lpsz, DWORD cchLength);
WINBASEAPI DWORD WINAPI CharLowerBuffW(LPWSTR lpsz, DWORD cchLength);

/*
 * wsprintf writes at most 1024 characters, the terminating null included,
 * and supports no floating-point conversions, as on Windows. In the A forms
 * %s is a narrow string and %S a UTF-16 one; in the W forms the other way.
 */
WINBASEAPI int WINAPIV wsprintfA(LPSTR lpOut, LPCSTR lpFmt, ...);
WINBASEAPI int WINAPIV wsprintfW(LPWSTR lpOut, LPCWSTR lpFmt, ...);
WINBASEAPI int WINAPI wvsprintfA(LPSTR lpOut, LPCSTR lpFmt, va_list arglist);
WINBASEAPI int WINAPI wvsprintfW(LPWSTR lpOut, LPCWSTR lpFmt, va_list arglist);

#ifdef UNICODE
#define CharUpper CharUpperW
#define CharLower CharLowerW
#define CharUpperBuff CharUpperBuffW
#define CharLowerBuff CharLowerBuffW
#define wsprintf wsprintfW
#define wvsprintf wvsprintfW
#else
#define CharUpper CharUpperA
#define CharLower CharLowerA
#define CharUpperBuff CharUpperBuffA
#define CharLowerBuff CharLowerBuffA
#define wsprintf wsprintfA
#define wvsprintf wvsprintfA
#endif

/*
 * Message boxes (lib/module.c): MessageBox writes "caption: text" to stderr
 * and returns the box's default button (IDOK for MB_OK); MessageBeep does
 * nothing.
 */
typedef struct HWND__ *HWND;

#define MB_OK 0x00000000
#define MB_OKCANCEL 0x00000001
#define MB_ABORTRETRYIGNORE 0x00000002
#define MB_YESNOCANCEL 0x00000003
#define MB_YESNO 0x00000004
#define MB_RETRYCANCEL 0x00000005
#define MB_CANCELTRYCONTINUE 0x00000006
#define MB_ICONHAND 0x00000010
#define MB_ICONQUESTION 0x00000020
#define MB_ICONEXCLAMATION 0x00000030
#define MB_ICONASTERISK 0x00000040
#define MB_ICONERROR MB_ICONHAND
#define MB_ICONSTOP MB_ICONHAND
#define MB_ICONWARNING MB_ICONEXCLAMATION
#define MB_ICONINFORMATION MB_ICONASTERISK
#define MB_DEFBUTTON1 0x00000000
#define MB_DEFBUTTON2 0x00000100
#define MB_DEFBUTTON3 0x00000200
#define MB_DEFBUTTON4 0x00000300
#define MB_APPLMODAL 0x00000000
#define MB_SYSTEMMODAL 0x00001000
#define MB_TASKMODAL 0x00002000
#define MB_SETFOREGROUND 0x00010000
#define MB_TOPMOST 0x00040000
#define MB_TYPEMASK 0x0000000F
#define MB_ICONMASK 0x000000F0
#define MB_DEFMASK 0x00000F00
#define IDOK 1
#define IDCANCEL 2
#define IDABORT 3
#define IDRETRY 4
#define IDIGNORE 5
#define IDYES 6
#define IDNO 7
#define IDTRYAGAIN 10
#define IDCONTINUE 11

WINBASEAPI int WINAPI MessageBoxA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType);
WINBASEAPI int WINAPI MessageBoxW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType);
WINBASEAPI BOOL WINAPI MessageBeep(UINT uType);

#ifdef UNICODE
#define MessageBox MessageBoxW
#else
#define MessageBox MessageBoxA
#endif

#ifdef __cplusplus
}
#endif
#endif
