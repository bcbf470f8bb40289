/* w32shim: threadpoollegacyapiset.h (being written). */
#ifndef W32SHIM_THREADPOOLLEGACYAPISET_H
#define W32SHIM_THREADPOOLLEGACYAPISET_H

#include <minwinbase.h>

#endif
