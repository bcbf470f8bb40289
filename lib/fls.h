/* Fiber local storage's part in a thread's end and in fibers. */
#ifndef W32_FLS_H
#define W32_FLS_H

/*
 * Runs the calling thread's FLS callbacks now. A thread's end calls it before
 * signalling the thread object, so that, as on Windows, a wait on a thread
 * returns only after its FLS callbacks have run.
 */
void w32_fls_thread_exit(void);
/* Forgets the calling thread's FLS values without a callback (TerminateThread). */
void w32_fls_thread_drop(void);

/* A thread's or a fiber's FLS values (fls.c); NULL until one is set. */
struct w32_fls;

/* The running thread's or fiber's values. */
struct w32_fls *w32_fls_current(void);
/* Makes values the calling thread's, as a fiber starts to run on it: those
 * FlsGetValue reads and whose callbacks run when the thread ends. */
void w32_fls_install(struct w32_fls *values);
/* Runs the callbacks of values, which no thread has installed, and frees them. */
void w32_fls_delete(struct w32_fls *values);

#endif
