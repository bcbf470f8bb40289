/*
 * Directory change notifications (change.c): the watch a directory's file
 * object carries once FindFirstChangeNotification or ReadDirectoryChangesW
 * sets it up, an inotify instance whose readiness the I/O engine waits for.
 */
#ifndef W32_CHANGE_H
#define W32_CHANGE_H

#include <stdbool.h>
#include "file.h"

struct w32_io;

/* One attempt of a W32_IO_NOTIFY request (aio.h's w32_try_io_fn). */
DWORD w32_change_try(struct w32_file *file, struct w32_io *io);

/* Whether a change handle has seen a change its request has not reported
 * yet; false for every other file. A look that takes no lock it may wait for. */
bool w32_change_signaled(struct w32_file *file);

/* The file's last reference went, its requests delivered: frees its watch. */
void w32_change_free(struct w32_file *file);

#endif
