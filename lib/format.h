/*
 * The printf engine of wsprintf, strsafe.h's printf forms and FormatMessage's
 * inserts (lib/format.c).
 */
#ifndef W32_FORMAT_H
#define W32_FORMAT_H

#include <stdarg.h>
#include <windows.h>

#define W32_FORMAT_WSPRINTF 1   /* wsprintf's subset: no + or space flag, no %o, no * */
#define W32_FORMAT_NO_FLOAT 2   /* floating-point conversions print as unknown ones */
#define W32_FORMAT_C_LONG 4     /* l is C's long (64 bits here), not Windows' 32-bit LONG:
                                 * the C runtime's printf family (lib/crt_stdio.c) */

/*
 * Where the arguments come from: a va_list, or an array of pointer-sized
 * values (FormatMessage's) from array[next] on, of which array[0..count) are
 * there. A conversion whose arguments are not all there is printed as text.
 */
struct w32_format_args {
    va_list *ap;
    const ULONG_PTR *array;
    size_t next, count;
};

/*
 * Formats fmt (UTF-16 if wide, else UTF-8; NUL-terminated) into buf, storing
 * at most cap units and no terminator; buf may be NULL to store nothing.
 * Returns the number of units the whole output needs, however long (a width
 * or precision of INT_MAX is counted, not produced): the time and memory a
 * call takes are bounded by cap and fmt, not by the numbers fmt holds.
 */
size_t w32_format(void *buf, int wide, size_t cap, const void *fmt, unsigned mode,
                  struct w32_format_args *args);

/*
 * The length of the conversion specification spec[0..len) begins with (the
 * text after a '%'), up to and including its conversion letter, and in
 * *stars the number of '*' arguments it takes; 0 if it holds none.
 */
size_t w32_format_spec_length(const void *spec, int wide, size_t len, size_t *stars);

#endif
