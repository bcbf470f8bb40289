/* w32shim: consoleapi.h: consoles on terminals (lib/console.c). */
#ifndef W32SHIM_CONSOLEAPI_H
#define W32SHIM_CONSOLEAPI_H

#include <windef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A console handle is any handle whose file descriptor is a terminal; on
 * any other handle the console functions fail with ERROR_INVALID_HANDLE, as
 * Windows' do on a redirected handle. A handle of fd 0, or one without
 * write access, is a console input handle; the others are output handles.
 */

/* Input modes. The first three are the terminal's ISIG, ICANON and ECHO. */
#define ENABLE_PROCESSED_INPUT 0x0001
#define ENABLE_LINE_INPUT 0x0002
#define ENABLE_ECHO_INPUT 0x0004
#define ENABLE_WINDOW_INPUT 0x0008
#define ENABLE_MOUSE_INPUT 0x0010
#define ENABLE_INSERT_MODE 0x0020
#define ENABLE_QUICK_EDIT_MODE 0x0040
#define ENABLE_EXTENDED_FLAGS 0x0080
#define ENABLE_AUTO_POSITION 0x0100
#define ENABLE_VIRTUAL_TERMINAL_INPUT 0x0200

/* Output modes: recorded and reported; a terminal always interprets escape sequences. */
#define ENABLE_PROCESSED_OUTPUT 0x0001
#define ENABLE_WRAP_AT_EOL_OUTPUT 0x0002
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#define DISABLE_NEWLINE_AUTO_RETURN 0x0008
#define ENABLE_LVB_GRID_WORLDWIDE 0x0010

/* Control events. Ctrl-C (SIGINT) is the one a terminal delivers here. */
#define CTRL_C_EVENT 0
#define CTRL_BREAK_EVENT 1
#define CTRL_CLOSE_EVENT 2
#define CTRL_LOGOFF_EVENT 5
#define CTRL_SHUTDOWN_EVENT 6

typedef BOOL (WINAPI *PHANDLER_ROUTINE)(DWORD CtrlType);

typedef struct _CONSOLE_READCONSOLE_CONTROL {
    ULONG nLength;
    ULONG nInitialChars;
    ULONG dwCtrlWakeupMask;
    ULONG dwControlKeyState;
} CONSOLE_READCONSOLE_CONTROL, *PCONSOLE_READCONSOLE_CONTROL;

/* A characters are UTF-8 bytes, W characters UTF-16 units. */
WINBASEAPI BOOL WINAPI WriteConsoleA(HANDLE hConsoleOutput, const VOID *lpBuffer,
                                     DWORD nNumberOfCharsToWrite, LPDWORD lpNumberOfCharsWritten,
                                     LPVOID lpReserved);
WINBASEAPI BOOL WINAPI WriteConsoleW(HANDLE hConsoleOutput, const VOID *lpBuffer,
                                     DWORD nNumberOfCharsToWrite, LPDWORD lpNumberOfCharsWritten,
                                     LPVOID lpReserved);
/*
 * In line mode a read returns one line ending in "\r\n", as on Windows;
 * what does not fit stays for the next read. pInputControl is ignored.
 */
WINBASEAPI BOOL WINAPI ReadConsoleA(HANDLE hConsoleInput, LPVOID lpBuffer,
                                    DWORD nNumberOfCharsToRead, LPDWORD lpNumberOfCharsRead,
                                    PCONSOLE_READCONSOLE_CONTROL pInputControl);
WINBASEAPI BOOL WINAPI ReadConsoleW(HANDLE hConsoleInput, LPVOID lpBuffer,
                                    DWORD nNumberOfCharsToRead, LPDWORD lpNumberOfCharsRead,
                                    PCONSOLE_READCONSOLE_CONTROL pInputControl);
WINBASEAPI BOOL WINAPI GetConsoleMode(HANDLE hConsoleHandle, LPDWORD lpMode);
WINBASEAPI BOOL WINAPI SetConsoleMode(HANDLE hConsoleHandle, DWORD dwMode);

/* Character attributes (wincon.h): colours and the two effects a terminal shows. */
#define FOREGROUND_BLUE 0x0001
#define FOREGROUND_GREEN 0x0002
#define FOREGROUND_RED 0x0004
#define FOREGROUND_INTENSITY 0x0008
#define BACKGROUND_BLUE 0x0010
#define BACKGROUND_GREEN 0x0020
#define BACKGROUND_RED 0x0040
#define BACKGROUND_INTENSITY 0x0080
#define COMMON_LVB_LEADING_BYTE 0x0100
#define COMMON_LVB_TRAILING_BYTE 0x0200
#define COMMON_LVB_GRID_HORIZONTAL 0x0400
#define COMMON_LVB_GRID_LVERTICAL 0x0800
#define COMMON_LVB_GRID_RVERTICAL 0x1000
#define COMMON_LVB_REVERSE_VIDEO 0x4000
#define COMMON_LVB_UNDERSCORE 0x8000

typedef struct _COORD {
    SHORT X;
    SHORT Y;
} COORD, *PCOORD;

typedef struct _SMALL_RECT {
    SHORT Left;
    SHORT Top;
    SHORT Right;
    SHORT Bottom;
} SMALL_RECT, *PSMALL_RECT;

typedef struct _CONSOLE_SCREEN_BUFFER_INFO {
    COORD dwSize;
    COORD dwCursorPosition;
    WORD wAttributes;
    SMALL_RECT srWindow;
    COORD dwMaximumWindowSize;
} CONSOLE_SCREEN_BUFFER_INFO, *PCONSOLE_SCREEN_BUFFER_INFO;

/*
 * A terminal is one screen buffer the size of its window, whose attributes
 * are those last set in this process (0x07 at first). The cursor position
 * is not known: a terminal reports it only through its input. It is given
 * as the start of the window's last row. See doc/api.md.
 */
WINBASEAPI BOOL WINAPI GetConsoleScreenBufferInfo(HANDLE hConsoleOutput,
                                                  PCONSOLE_SCREEN_BUFFER_INFO
                                                      lpConsoleScreenBufferInfo);
/* Writes the SGR escape sequence of wAttributes; light grey on black, the
 * attributes a console starts with, are the terminal's own colours. */
WINBASEAPI BOOL WINAPI SetConsoleTextAttribute(HANDLE hConsoleOutput, WORD wAttributes);

/*
 * Handlers run on a thread of w32shim's, most recently added first, when
 * the process receives SIGINT. w32shim handles SIGINT only while a handler
 * is registered (or Ctrl-C is ignored, with a NULL handler) and restores
 * the program's own disposition afterwards. When every handler returns
 * FALSE, the program's previous disposition applies (by default, the
 * process ends by SIGINT).
 */
WINBASEAPI BOOL WINAPI SetConsoleCtrlHandler(PHANDLER_ROUTINE HandlerRoutine, BOOL Add);

/* The console code page is UTF-8 (65001), the only one SetConsole*CP accepts. */
#ifndef CP_UTF8
#define CP_UTF8 65001
#endif
WINBASEAPI UINT WINAPI GetConsoleCP(void);
WINBASEAPI UINT WINAPI GetConsoleOutputCP(void);
WINBASEAPI BOOL WINAPI SetConsoleCP(UINT wCodePageID);
WINBASEAPI BOOL WINAPI SetConsoleOutputCP(UINT wCodePageID);

/* Sets the terminal's title with an OSC escape sequence, when standard output is a terminal. */
WINBASEAPI BOOL WINAPI SetConsoleTitleA(LPCSTR lpConsoleTitle);
WINBASEAPI BOOL WINAPI SetConsoleTitleW(LPCWSTR lpConsoleTitle);

#ifdef UNICODE
#define WriteConsole WriteConsoleW
#define ReadConsole ReadConsoleW
#define SetConsoleTitle SetConsoleTitleW
#else
#define WriteConsole WriteConsoleA
#define ReadConsole ReadConsoleA
#define SetConsoleTitle SetConsoleTitleA
#endif

#ifdef __cplusplus
}
#endif

#endif
