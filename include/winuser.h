/* w32shim: winuser.h: the string and message-box functions of user32 (being written). */
#ifndef W32SHIM_WINUSER_H
#define W32SHIM_WINUSER_H

#include <windef.h>

#endif
