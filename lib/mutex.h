/* Mutex ownership, which ends with the owning thread. */
#ifndef W32_MUTEX_H
#define W32_MUTEX_H

#include "thread.h"

/* The thread is ending: every mutex it owns becomes abandoned. Dispatcher lock held. */
void w32_mutex_abandon_all(struct w32_thread *thread);

#endif
