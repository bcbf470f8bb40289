/* The thread's last error, and the one errno -> ERROR_* table. */
#ifndef W32_ERROR_H
#define W32_ERROR_H

#include <windows.h>
#include "lock.h"       /* counts the pthread mutexes of every file that includes this */

extern __thread DWORD w32_last_error __attribute__((tls_model("initial-exec")));

static inline void w32_set_error(DWORD error)
{
    w32_last_error = error;
}

/* The ERROR_* code Windows gives for the failure errno describes. */
DWORD w32_error_from_errno(int err);

/* The errno Microsoft's C runtime gives for a Win32 error (lib/crt_*.c). */
int w32_errno_from_error(DWORD error);

/* The NTSTATUS that an I/O failing with error leaves in OVERLAPPED.Internal;
 * RtlNtStatusToDosError gives the error back. ntdll.c */
DWORD w32_ntstatus_from_error(DWORD error);

#endif
