/* sysinfoapi.h and profileapi.h: tick counts and the performance counter. */
#include <time.h>
#include "error.h"

/* Windows' usual counter frequency: 10 MHz, one tick per 100 ns. */
#define PERFORMANCE_FREQUENCY 10000000LL

static ULONGLONG clock_ns(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return (ULONGLONG)ts.tv_sec * 1000000000ULL + (ULONGLONG)ts.tv_nsec;
}

/* The tick count goes on while the machine sleeps, as Windows' does. */
ULONGLONG WINAPI GetTickCount64(void)
{
    return clock_ns(CLOCK_BOOTTIME) / 1000000ULL;
}

DWORD WINAPI GetTickCount(void)
{
    return (DWORD)GetTickCount64();
}

BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount)
{
    if (!lpPerformanceCount) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    lpPerformanceCount->QuadPart = (LONGLONG)(clock_ns(CLOCK_MONOTONIC) / 100ULL);
    return TRUE;
}

BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency)
{
    if (!lpFrequency) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    lpFrequency->QuadPart = PERFORMANCE_FREQUENCY;
    return TRUE;
}
