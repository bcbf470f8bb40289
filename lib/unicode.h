/*
 * The one UTF-8/UTF-16 codec of the library: every conversion between the
 * two goes through these functions, under one policy with two uses.
 *
 * Text (MultiByteToWideChar, WideCharToMultiByte, the printf engine, the
 * console): UTF-8 is decoded strictly (no overlong forms, no surrogates,
 * nothing past U+10FFFF), and each maximal ill-formed subsequence becomes one
 * U+FFFD, as Unicode recommends and Windows does; an unpaired surrogate in
 * UTF-16 becomes U+FFFD in UTF-8.
 *
 * Names (file names and paths, environment strings, object names): the
 * conversion is lossless in both directions, so that every name the system
 * holds reaches the W functions and comes back unchanged.
 * - UTF-16 to bytes: well-formed text is UTF-8; an unpaired surrogate is
 *   encoded as three bytes, as WTF-8 does, except U+DC80..U+DCFF, which
 *   stand for the single bytes 0x80..0xFF (below).
 * - bytes to UTF-16: well-formed UTF-8 is decoded; a WTF-8 surrogate is
 *   decoded back to itself unless that would pair it with the next unit;
 *   every other byte that is not part of a well-formed sequence becomes
 *   U+DC00 + the byte (U+DC80..U+DCFF), as Python's "surrogateescape" does.
 * Every byte string comes back from bytes -> UTF-16 -> bytes unchanged, and
 * every UTF-16 string from UTF-16 -> bytes -> UTF-16, except one that holds
 * an unpaired U+DC80..U+DCFF, which stands for a byte.
 */
#ifndef W32_UNICODE_H
#define W32_UNICODE_H

#include <stddef.h>
#include <stdint.h>
#include <windows.h>

#define W32_REPLACEMENT 0xFFFD
#define W32_UTF8_BAD UINT32_MAX     /* w32_utf8_decode: an ill-formed sequence */

/*
 * Decodes the code point at s[0..len), len > 0, strictly. Returns the bytes
 * it takes; *cp is the code point, or W32_UTF8_BAD for an ill-formed
 * sequence, which then takes its maximal subpart (at least one byte).
 */
size_t w32_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Encodes c (any value below 0x110000, surrogates too) at out; returns 1 to 4 bytes. */
size_t w32_utf8_encode(uint32_t c, unsigned char *out);

/* The code point at s[*i] of the len units at s, advancing *i past it; an
 * unpaired surrogate is returned as itself. */
uint32_t w32_utf16_next(const WCHAR *s, size_t len, size_t *i);

/* Stores c as one or two UTF-16 units at out (may be NULL); returns how many. */
size_t w32_utf16_put(uint32_t c, WCHAR *out);

/* ---- text ---- */

/* The len bytes at s as UTF-16 at out (NULL: count only); the number of units. */
size_t w32_utf8_to_utf16n(const char *s, size_t len, WCHAR *out);

/* The number of bytes of the len at s that w32_utf8_to_utf16n turns into the first units units. */
size_t w32_utf8_prefix(const char *s, size_t len, size_t units);

/* The len units at s as UTF-8 at out (NULL: count only); the number of bytes. */
size_t w32_utf16_to_utf8n(const WCHAR *s, size_t len, char *out);

/* ---- names ---- */

/* The len bytes of a name at s as UTF-16 at out (NULL: count only); the number of units. */
size_t w32_name_to_utf16n(const char *s, size_t len, WCHAR *out);

/* The len UTF-16 units of a name at s as bytes at out (NULL: count only); the number of bytes. */
size_t w32_name_from_utf16n(const WCHAR *s, size_t len, char *out);

/* A malloc'd, NUL-terminated name for the NUL-terminated UTF-16 string s; NULL when out of memory. */
char *w32_utf16_to_utf8(LPCWSTR s);

/* A malloc'd, NUL-terminated UTF-16 form of the name s; NULL when out of memory. */
WCHAR *w32_name_to_utf16(const char *s);

#endif
