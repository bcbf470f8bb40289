/*
 * w32shim: <wctype.h>: the C library's, after w32shim_wchar.h, whose
 * towupper and towlower are 16-bit ones in wide mode (see there).
 */
#include <w32shim_wchar.h>
#include_next <wctype.h>
