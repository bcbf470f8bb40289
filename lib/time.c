/* sysinfoapi.h and profileapi.h: tick counts and the performance counter. */
#include "clock.h"
#include "error.h"

/* Windows' usual counter frequency: 10 MHz, one tick per 100 ns. */
#define PERFORMANCE_FREQUENCY 10000000LL

/* The tick count goes on while the machine sleeps, as Windows' does. */
ULONGLONG WINAPI GetTickCount64(void)
{
    return w32_clock_ns(CLOCK_BOOTTIME) / 1000000ULL;
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
    lpPerformanceCount->QuadPart = (LONGLONG)(w32_clock_ns(CLOCK_MONOTONIC) / 100ULL);
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

/* UTC as a FILETIME: 100 ns intervals since 1601-01-01. */
void WINAPI GetSystemTimeAsFileTime(LPFILETIME lpSystemTimeAsFileTime)
{
    ULONGLONG now = w32_clock_ns(CLOCK_REALTIME) / 100ULL + W32_FILETIME_UNIX_EPOCH;

    lpSystemTimeAsFileTime->dwLowDateTime = (DWORD)now;
    lpSystemTimeAsFileTime->dwHighDateTime = (DWORD)(now >> 32);
}
