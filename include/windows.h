/*
 * w32shim: the umbrella header ported Windows code includes.
 *
 * Like mingw-w64's, it brings in the C headers Windows code expects next to
 * it (<ctype.h>, <errno.h>, <limits.h>, <stdarg.h>, <stddef.h>, <stdlib.h>,
 * <string.h>), so that INT_MAX, errno and malloc need no include of their
 * own. It never defines _WIN32, WIN32 or _WIN64 (see w32shim_dialect.h).
 */
#ifndef W32SHIM_WINDOWS_H
#define W32SHIM_WINDOWS_H

#include <sdkddkver.h>
#include <w32shim_version.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <windef.h>
#include <winerror.h>
#include <minwinbase.h>
#include <winbase.h>
#include <handleapi.h>
#include <errhandlingapi.h>
#include <synchapi.h>
#include <processthreadsapi.h>
#include <securitybaseapi.h>
#include <sysinfoapi.h>
#include <timezoneapi.h>
#include <profileapi.h>
#include <fibersapi.h>
#include <interlockedapi.h>
#include <threadpoolapiset.h>
#include <threadpoollegacyapiset.h>
#include <fileapi.h>
#include <ioapiset.h>
#include <namedpipeapi.h>
#include <processenv.h>
#include <stringapiset.h>
#include <heapapi.h>
#include <memoryapi.h>
#include <winuser.h>
#include <consoleapi.h>
#include <libloaderapi.h>
#ifndef WIN32_LEAN_AND_MEAN
#include <shellapi.h>
#endif

/* Built with -fshort-wchar by hand rather than through w32shim-wide.pc. */
#ifdef W32SHIM_WIDE_MODE
#include <w32shim_wchar.h>
#endif

#endif
