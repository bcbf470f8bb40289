/* Benchmark rows: process (being written). */
#include "bench.h"

void bench_process(void)
{
}
