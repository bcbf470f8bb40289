/* Benchmark rows: thread pools (being written). */
#include "bench.h"

void bench_pool(void)
{
}
