/* w32shim: stringapiset.h: code page conversion (being written). */
#ifndef W32SHIM_STRINGAPISET_H
#define W32SHIM_STRINGAPISET_H

#include <windef.h>

#endif
