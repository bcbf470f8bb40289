/* w32shim: memoryapi.h: virtual memory (being written). */
#ifndef W32SHIM_MEMORYAPI_H
#define W32SHIM_MEMORYAPI_H

#include <windef.h>

#endif
