/* Fibers' part in a thread's end. */
#ifndef W32_FIBER_H
#define W32_FIBER_H

#include <windows.h>

/* The calling thread is about to end, perhaps on a fiber's stack: gives
 * ThreadSanitizer back the thread's own state to end with. */
void w32_fiber_exit_prepare(void);
/* The calling thread has ended, back on its own stack: frees the fiber it
 * ran last, as Windows frees the running fiber's stack with the thread. */
void w32_fiber_thread_end(void);

#endif
