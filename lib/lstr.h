/* The printf engine of lib/lstr.c, shared with FormatMessage (lib/message.c). */
#ifndef W32_LSTR_H
#define W32_LSTR_H

#include <stdarg.h>
#include <windows.h>

#define W32_FORMAT_WSPRINTF 1   /* wsprintf's subset: no + or space flag, no %o, no * */
#define W32_FORMAT_NO_FLOAT 2   /* floating-point conversions print as unknown ones */

/*
 * Formats fmt (UTF-16 if wide, else UTF-8) into buf, storing at most cap
 * units and no terminator; returns the number of units the whole output
 * needs. Arguments come from *ap, or, if array is not NULL, from
 * array[*next] on (one pointer-sized value each, as FormatMessage passes
 * them), *next being advanced past those used.
 */
size_t w32_format(void *buf, int wide, size_t cap, const void *fmt, unsigned mode, va_list *ap,
                  const ULONG_PTR *array, size_t *next);

#endif
