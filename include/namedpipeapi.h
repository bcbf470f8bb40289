/* w32shim: namedpipeapi.h: anonymous and named pipes (being written). */
#ifndef W32SHIM_NAMEDPIPEAPI_H
#define W32SHIM_NAMEDPIPEAPI_H

#include <windef.h>

#endif
