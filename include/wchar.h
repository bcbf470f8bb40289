/*
 * w32shim: <wchar.h>: the C library's, after w32shim_wchar.h in wide mode.
 *
 * In wide mode (a 2-byte wchar_t) w32shim_wchar.h must declare the
 * standard wide names before glibc does (see there). For G++, glibc's C++
 * overloads of wcschr, wcsrchr and wcsstr carry their own asm labels; they
 * are declared under other names here, so that w32shim's pair is the only
 * one. Without wide mode this is glibc's <wchar.h> plus w32shim_wchar.h's
 * Microsoft names.
 */
#if __SIZEOF_WCHAR_T__ == 2 && defined(__cplusplus) && !defined(__clang__)
#include <w32shim_wchar.h>
#define wcschr w32shim_glibc_wcschr
#define wcsrchr w32shim_glibc_wcsrchr
#define wcsstr w32shim_glibc_wcsstr
#include_next <wchar.h>
#undef wcschr
#undef wcsrchr
#undef wcsstr
#else
#include <w32shim_wchar.h>
#include_next <wchar.h>
#endif

#if defined(W32SHIM_WIDE_MODE) && defined(__USE_FORTIFY_LEVEL) && __USE_FORTIFY_LEVEL > 0
#error "w32shim wide mode: _FORTIFY_SOURCE was on before w32shim_wchar.h; build with -include w32shim_wchar.h (pkg-config --cflags w32shim-wide)"
#endif
