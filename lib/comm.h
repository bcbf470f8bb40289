/* Communications devices (comm.c): the COM ports that CreateFile reaches. */
#ifndef W32_COMM_H
#define W32_COMM_H

#include <stdbool.h>
#include <windows.h>

/* Whether CreateFile's name is a COM port's: COM1..COM9 (a ':' may follow)
 * or \\.\COMn, n from 1 to 256, letters of any case. */
bool w32_comm_is_name(const char *name);

/*
 * The COM port name (w32_comm_is_name), for CreateFile: the tty that
 * W32SHIM_COMn names, else /dev/ttyS<n-1>, opened exclusively and put in raw
 * mode. NULL with the error set: ERROR_FILE_NOT_FOUND (no such port, or not
 * a tty), ERROR_ACCESS_DENIED (in use, or no permission), ERROR_NOT_SUPPORTED
 * (FILE_FLAG_OVERLAPPED).
 */
HANDLE w32_comm_open(const char *name, ACCESS_MASK access, BOOL inherit, DWORD flags);

#endif
