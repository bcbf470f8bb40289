/* w32shim: consoleapi.h: consoles (being written). */
#ifndef W32SHIM_CONSOLEAPI_H
#define W32SHIM_CONSOLEAPI_H

#include <windef.h>

#endif
