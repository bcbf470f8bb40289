/* Process attribute lists (procattr.c), as CreateProcess reads them. */
#ifndef W32_PROCATTR_H
#define W32_PROCATTR_H

#include <stdbool.h>
#include <windows.h>

/*
 * What CreateProcess takes from list (NULL: nothing): the handles it may
 * pass, if a handle list is there (*handles NULL otherwise). False, with the
 * last error set, if the list asks for what a child here cannot be given.
 */
bool w32_procattr_read(LPPROC_THREAD_ATTRIBUTE_LIST list, const HANDLE **handles, size_t *count);

#endif
