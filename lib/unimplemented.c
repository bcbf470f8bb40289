/*
 * Functions our headers declare but w32shim does not implement yet. Each one
 * fails cleanly with ERROR_CALL_NOT_IMPLEMENTED and is listed in doc/api.md.
 */
#include "error.h"

static void not_implemented(void)
{
    w32_set_error(ERROR_CALL_NOT_IMPLEMENTED);
}

BOOL WINAPI TerminateThread(HANDLE hThread, DWORD dwExitCode)
{
    not_implemented();
    return FALSE;
}
