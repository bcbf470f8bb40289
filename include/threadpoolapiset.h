/* w32shim: threadpoolapiset.h (being written). */
#ifndef W32SHIM_THREADPOOLAPISET_H
#define W32SHIM_THREADPOOLAPISET_H

#include <minwinbase.h>

#endif
