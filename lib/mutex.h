/* Mutex ownership, which ends with the owning thread. */
#ifndef W32_MUTEX_H
#define W32_MUTEX_H

#include "thread.h"

/* The calling thread is ending: every mutex it owns becomes abandoned. */
void w32_mutex_abandon_all(struct w32_thread *thread);

#endif
