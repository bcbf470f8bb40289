/* w32shim: conio.h: console input (being written). */
#ifndef W32SHIM_CONIO_H
#define W32SHIM_CONIO_H

#include <windef.h>

#endif
