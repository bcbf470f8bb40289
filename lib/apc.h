/* Asynchronous procedure calls: queued to a thread, run in its alertable waits. */
#ifndef W32_APC_H
#define W32_APC_H

#include "thread.h"

struct w32_apc {
    struct w32_apc *next;
    void (*call)(struct w32_apc *apc);  /* runs the APC; does not free it */
    const void *owner;                  /* what queued it (a timer), to cancel it by */
    union {
        struct { PAPCFUNC fn; ULONG_PTR data; } user;
        struct { PTIMERAPCROUTINE fn; LPVOID arg; FILETIME at; } timer;
    } u;
};

/*
 * Queues apc to thread and, if the thread is in an alertable wait, ends that
 * wait with WAIT_IO_COMPLETION. Takes the thread's APC lock (under an object
 * lock, if the caller holds one); false if the thread has ended (the caller
 * keeps apc).
 */
bool w32_apc_queue(struct w32_thread *thread, struct w32_apc *apc);

/* Removes and frees the APCs that owner queued to thread and that have not run. */
void w32_apc_cancel(struct w32_thread *thread, const void *owner);

/* Runs the calling thread's queued APCs, oldest first, with no lock held. */
void w32_apc_run_pending(struct w32_thread *thread);

/* Frees the APCs of an ended thread that never ran. */
void w32_apc_discard(struct w32_thread *thread);

#endif
