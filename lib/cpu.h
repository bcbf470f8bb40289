/*
 * The processors as Windows numbers them: the online Linux CPUs, in order,
 * as logical processors 0, 1, ... of group 0, at most 64 (one group).
 * GetSystemInfo, GetActiveProcessorCount, the topology functions and
 * GetCurrentProcessorNumber all count them here.
 */
#ifndef W32_CPU_H
#define W32_CPU_H

#include <windows.h>

#define W32_MAX_PROCESSORS 64

/* The number of logical processors, 1 to 64. */
DWORD w32_processor_count(void);

/* The logical processor number of Linux CPU cpu; -1 if it is not one of them. */
int w32_processor_of_cpu(int cpu);

#endif
