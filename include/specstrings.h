/* w32shim: specstrings.h: the SAL annotations, all empty (see sal.h). */
#ifndef W32SHIM_SPECSTRINGS_H
#define W32SHIM_SPECSTRINGS_H

#include <sal.h>

#endif
