/* w32shim: heapapi.h: heaps (being written). */
#ifndef W32SHIM_HEAPAPI_H
#define W32SHIM_HEAPAPI_H

#include <windef.h>

#endif
