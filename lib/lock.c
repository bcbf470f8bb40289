/* The slow path of w32_lock: spin a little, then sleep on the word. */
#include "lock.h"

#define SPINS 100

void w32_lock_slow(w32_lock_t *lock)
{
    for (int i = 0; i < SPINS; i++) {
        if (atomic_load_explicit(&lock->word, memory_order_relaxed) == 0 && w32_lock_cas(lock))
            return;
        w32_cpu_relax();
    }
    /* From here the word says 2 while anyone may sleep, so the unlock wakes one. */
    while (atomic_exchange_explicit(&lock->word, 2, memory_order_acquire) != 0)
        w32_futex_wait(&lock->word, 2, NULL);
}
