/* Benchmark rows: critical sections, SRW locks, condition variables (being written). */
#include "bench.h"

void bench_sync(void)
{
}
