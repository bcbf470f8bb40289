/* w32shim: fileapi.h: files (being written). */
#ifndef W32SHIM_FILEAPI_H
#define W32SHIM_FILEAPI_H

#include <windef.h>

#endif
