/* w32shim: strsafe.h: safe string functions (being written). */
#ifndef W32SHIM_STRSAFE_H
#define W32SHIM_STRSAFE_H

#include <windef.h>

#endif
