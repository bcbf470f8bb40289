/*
 * w32shim: <malloc.h>: the C library's, with Microsoft's _alloca on the
 * compiler's builtin (alloca comes with the C library's <alloca.h>, as
 * Microsoft's header declares it too). _msize, _expand and the _malloca
 * family are not declared (doc/api.md).
 */
#include_next <malloc.h>

#ifndef W32SHIM_MALLOC_H
#define W32SHIM_MALLOC_H

#include <alloca.h>
#include <crtdefs.h>

#ifndef _alloca
#define _alloca(size) __builtin_alloca(size)
#endif

#endif
