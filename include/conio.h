/*
 * w32shim: conio.h: direct console input and output (lib/conio.c).
 *
 * These work on the terminal: standard input or output when it is one,
 * else /dev/tty. _getch, _getche and _kbhit put the terminal in raw mode
 * (no line editing, no echo, no signal keys, Enter read as '\r') for the
 * duration of each call and restore it before returning, so keys typed
 * between calls are echoed by the terminal. Special keys arrive as the
 * terminal's escape sequences, not as Windows' 0/0xE0 prefixes. Characters
 * are bytes: a non-ASCII key is read as its UTF-8 bytes, one call each.
 */
#ifndef W32SHIM_CONIO_H
#define W32SHIM_CONIO_H

#include <winnt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The next key, without echo; EOF when there is no terminal. */
WINBASEAPI int _getch(void);
/* The same, echoed. */
WINBASEAPI int _getche(void);
/* Nonzero when a key is waiting to be read. */
WINBASEAPI int _kbhit(void);
/* Writes c to the terminal; returns c, or EOF on failure. */
WINBASEAPI int _putch(int c);
/* Writes s to the terminal; 0, or nonzero on failure. */
WINBASEAPI int _cputs(const char *s);

#define getch _getch
#define getche _getche
#define kbhit _kbhit
#define putch _putch
#define cputs _cputs

#ifdef __cplusplus
}
#endif

#endif
