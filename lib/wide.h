/* Counted UTF-8 <-> UTF-16 conversions for the console, module and wide-string code. */
#ifndef W32_WIDE_H
#define W32_WIDE_H

#include <windows.h>

/*
 * Converts the len bytes of UTF-8 at s to UTF-16 at out (out may be NULL
 * to count only) and returns the number of UTF-16 units. Bytes that are not
 * valid UTF-8 become U+FFFD each, as MultiByteToWideChar(CP_UTF8) does.
 */
size_t w32_utf8_to_utf16n(const char *s, size_t len, WCHAR *out);

/* The number of bytes of the len at s that w32_utf8_to_utf16n turns into the first units units. */
size_t w32_utf8_prefix(const char *s, size_t len, size_t units);

/*
 * Converts the len UTF-16 units at s to UTF-8 at out (out may be NULL to
 * count only) and returns the number of bytes. Unpaired surrogates are
 * kept, three bytes each, as w32_utf16_to_utf8 does.
 */
size_t w32_utf16_to_utf8n(const WCHAR *s, size_t len, char *out);

#endif
