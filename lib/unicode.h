/* The one UTF-16 <-> UTF-8 conversion layer under every W function. */
#ifndef W32_UNICODE_H
#define W32_UNICODE_H

#include <windows.h>

/*
 * A malloc'd UTF-8 copy of the NUL-terminated UTF-16 string s. Unpaired
 * surrogates are kept (encoded as three bytes each, as WTF-8 does), so that
 * distinct names stay distinct. NULL when out of memory.
 */
char *w32_utf16_to_utf8(LPCWSTR s);

#endif
