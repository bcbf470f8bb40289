/*
 * w32shim: <malloc.h>: the C library's, with Microsoft's _alloca on the
 * compiler's builtin (<crtdefs.h>, as every C runtime header has it) and
 * alloca from the C library's <alloca.h>, as Microsoft's header declares it
 * too. _msize, _expand and the _malloca family are not declared (doc/api.md).
 */
#include_next <malloc.h>

#ifndef W32SHIM_MALLOC_H
#define W32SHIM_MALLOC_H

#include <alloca.h>
#include <crtdefs.h>

#endif
