/*
 * Byte-range locks of one file handle (LockFile, LockFileEx and their
 * unlocks), kept as Windows keeps them and held in the kernel as OFD locks
 * (filelock.c has the design).
 */
#ifndef W32_FILELOCK_H
#define W32_FILELOCK_H

#include <stdbool.h>
#include <windows.h>
#include "lock.h"

struct w32_lock_range {
    ULONGLONG offset, length;
    bool exclusive;
};

struct w32_range_locks {
    w32_lock_t lock;                /* guards the rest */
    int fd;                         /* the open file description the locks live on; -1: none yet */
    bool own_fd;                    /* fd is ours (a reopening), not the handle's */
    struct w32_lock_range *ranges;  /* the handle's locks, in no order */
    size_t count, cap;
};

void w32_range_locks_init(struct w32_range_locks *locks);
/* Frees the list and closes the locks' own fd, which releases its locks. */
void w32_range_locks_free(struct w32_range_locks *locks);

/*
 * Locks [offset, offset + length) for the handle whose fd is file_fd, as
 * LockFileEx does: ERROR_SUCCESS, ERROR_LOCK_VIOLATION (another handle or
 * process holds a conflicting lock and wait is false, or this handle
 * already holds a lock that an exclusive one overlaps), or another error.
 * With wait, waits until the range is free. The range must not wrap.
 */
DWORD w32_range_lock(struct w32_range_locks *locks, int file_fd, ULONGLONG offset,
                     ULONGLONG length, bool exclusive, bool wait);

/* Releases the lock that matches the range exactly (an exclusive one
 * first): ERROR_SUCCESS, ERROR_NOT_LOCKED, or ERROR_NOT_ENOUGH_MEMORY
 * (the lock then stays). */
DWORD w32_range_unlock(struct w32_range_locks *locks, ULONGLONG offset, ULONGLONG length);

#endif
