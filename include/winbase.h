/* w32shim: winbase.h (wait results and the classic constants). */
#ifndef W32SHIM_WINBASE_H
#define W32SHIM_WINBASE_H

#include <minwinbase.h>

#define INFINITE 0xFFFFFFFF
#define WAIT_OBJECT_0 (STATUS_WAIT_0 + 0)
#define WAIT_ABANDONED (STATUS_ABANDONED_WAIT_0 + 0)
#define WAIT_ABANDONED_0 (STATUS_ABANDONED_WAIT_0 + 0)
#define WAIT_IO_COMPLETION STATUS_USER_APC
#define WAIT_TIMEOUT 258L
#define WAIT_FAILED ((DWORD)0xFFFFFFFF)

#endif
