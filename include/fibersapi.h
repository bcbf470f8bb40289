/* w32shim: fibersapi.h (being written). */
#ifndef W32SHIM_FIBERSAPI_H
#define W32SHIM_FIBERSAPI_H

#include <minwinbase.h>

#endif
