/* The thread pool's services to the rest of the library (threadpool.c). */
#ifndef W32_THREADPOOL_H
#define W32_THREADPOOL_H

#include <threadpoolapiset.h>

/* Keeps private pool p (NULL: the default pool, a no-op) from going while
 * something outside threadpool.c submits callbacks to it, as an object
 * bound to it would. */
void w32_tp_pool_hold(PTP_POOL p);
/* Lets it go: a closed pool with nothing else left goes. */
void w32_tp_pool_release(PTP_POOL p);

#endif
