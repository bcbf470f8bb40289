/* Benchmark rows: io (being written). */
#include "bench.h"

void bench_io(void)
{
}
