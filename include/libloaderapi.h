/* w32shim: libloaderapi.h: modules (being written). */
#ifndef W32SHIM_LIBLOADERAPI_H
#define W32SHIM_LIBLOADERAPI_H

#include <windef.h>

#endif
