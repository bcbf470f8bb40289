/* Mailslots (mailslot.c): the client side that CreateFile reaches. */
#ifndef W32_MAILSLOT_H
#define W32_MAILSLOT_H

#include <stdbool.h>
#include <windows.h>

/* Whether CreateFile's name is a mailslot's, \\server\mailslot\name, local or remote. */
bool w32_mailslot_is_name(const char *name);

/*
 * A client of the mailslot name (w32_mailslot_is_name), for CreateFile: the
 * write end of the server's queue; flags are CreateFile's (FILE_FLAG_OVERLAPPED).
 * NULL with the error set: ERROR_FILE_NOT_FOUND (no such mailslot),
 * ERROR_BAD_NETPATH (a remote one).
 */
HANDLE w32_mailslot_open(const char *name, ACCESS_MASK access, BOOL inherit, DWORD flags);

#endif
