/* The thread pool's services to the rest of the library (threadpool.c). */
#ifndef W32_THREADPOOL_H
#define W32_THREADPOOL_H

#include <stdbool.h>
#include <threadpoolapiset.h>

/* Keeps private pool p (NULL: the default pool, a no-op) from going while
 * something outside threadpool.c submits callbacks to it, as an object
 * bound to it would. */
void w32_tp_pool_hold(PTP_POOL p);
/* Lets it go: a closed pool with nothing else left goes. */
void w32_tp_pool_release(PTP_POOL p);

struct tp_object;

/*
 * An I/O object made with environment pcbe joins the cleanup group it names
 * (*member NULL if none): the group's release then waits for its callbacks
 * (WaitForThreadpoolIoCallbacks) and closes it (CloseThreadpoolIo) unless
 * the program did. False (error set) if out of memory.
 */
bool w32_tp_io_join(PTP_CALLBACK_ENVIRON pcbe, PTP_IO io, PVOID context,
                    struct tp_object **member);
/* CloseThreadpoolIo: the program released the object (member may be NULL). */
void w32_tp_io_closed(struct tp_object *member);
/* The object is freed: its member goes too (member may be NULL). */
void w32_tp_io_freed(struct tp_object *member);

#endif
