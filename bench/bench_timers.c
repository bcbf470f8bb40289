/* Benchmark rows: waitable timers (being written). */
#include "bench.h"

void bench_timers(void)
{
}
