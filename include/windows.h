/* w32shim: the umbrella header ported Windows code includes. */
#ifndef W32SHIM_WINDOWS_H
#define W32SHIM_WINDOWS_H

#include <windef.h>
#include <winerror.h>
#include <minwinbase.h>
#include <winbase.h>
#include <handleapi.h>
#include <errhandlingapi.h>
#include <synchapi.h>
#include <processthreadsapi.h>
#include <sysinfoapi.h>
#include <profileapi.h>
#include <fibersapi.h>
#include <threadpoolapiset.h>
#include <threadpoollegacyapiset.h>
#include <fileapi.h>
#include <namedpipeapi.h>
#include <processenv.h>
#include <stringapiset.h>
#include <heapapi.h>
#include <memoryapi.h>
#include <winuser.h>
#include <consoleapi.h>
#include <libloaderapi.h>

/* Built with -fshort-wchar by hand rather than through w32shim-wide.pc. */
#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2 && !defined(_WIN32)
#include <w32shim_wchar.h>
#endif

#endif
