/* w32shim: windef.h */
#ifndef W32SHIM_WINDEF_H
#define W32SHIM_WINDEF_H

#include <winnt.h>

#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef MAX_PATH
#define MAX_PATH 260
#endif

#endif
