/* Fiber local storage's part in a thread's end. */
#ifndef W32_FLS_H
#define W32_FLS_H

/*
 * Runs the calling thread's FLS callbacks now. A thread's end calls it before
 * signalling the thread object, so that, as on Windows, a wait on a thread
 * returns only after its FLS callbacks have run.
 */
void w32_fls_thread_exit(void);

#endif
