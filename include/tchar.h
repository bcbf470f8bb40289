/* w32shim: tchar.h: generic-text mappings (being written). */
#ifndef W32SHIM_TCHAR_H
#define W32SHIM_TCHAR_H

#include <windef.h>

#endif
