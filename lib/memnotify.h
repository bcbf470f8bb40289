/* Memory resource notifications: the thresholds, for tests. */
#ifndef W32_MEMNOTIFY_H
#define W32_MEMNOTIFY_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Replaces the default thresholds (bytes of available memory): low memory is
 * at most low, high memory at least high. With set false the defaults come
 * back. The monitor thread recomputes the states at once and wakes waiters.
 */
void w32_memnotify_set_thresholds(bool set, uint64_t low, uint64_t high);

#endif
