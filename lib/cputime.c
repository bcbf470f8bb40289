/*
 * Process and thread times for GetProcessTimes and GetThreadTimes, and the
 * machine's for GetSystemTimes. The
 * kernel counts CPU time in clock ticks in /proc (10 ms with USER_HZ 100)
 * and in microseconds in getrusage; start times are ticks since boot.
 */
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "clock.h"
#include "cputime.h"
#include "error.h"

uint64_t w32_cputime_now(void)
{
    return w32_clock_ns(CLOCK_REALTIME) / 100 + W32_FILETIME_UNIX_EPOCH;
}

/* FILETIME units in one clock tick of /proc. */
static uint64_t tick_units(void)
{
    long hz = sysconf(_SC_CLK_TCK);

    return hz > 0 ? 10000000ull / (uint64_t)hz : 100000ull;
}

/* When the machine booted, as a FILETIME value: /proc counts start times
 * from there. Estimated once, so that a start time reads the same each time. */
static uint64_t boot_time(void)
{
    static _Atomic uint64_t boot;
    uint64_t expected = 0, now = atomic_load_explicit(&boot, memory_order_relaxed);

    if (now)
        return now;
    now = w32_cputime_now() - w32_clock_ns(CLOCK_BOOTTIME) / 100;
    if (!atomic_compare_exchange_strong(&boot, &expected, now))
        return expected;
    return now;
}

/* Reads path into buf (NUL-terminated); false if it cannot be read. */
static bool read_small_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0)
        return false;
    n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    return true;
}

bool w32_cputime_of_proc(pid_t pid, pid_t tid, struct w32_cpu_times *out)
{
    char path[64], stat[1024];
    unsigned long long utime, stime, start;
    uint64_t unit = tick_units();
    const char *p;

    if (tid)
        snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
    else
        snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    /* After the command: state ppid pgrp session tty tpgid flags minflt
     * cminflt majflt cmajflt utime stime cutime cstime priority nice
     * num_threads itrealvalue starttime. */
    if (!read_small_file(path, stat, sizeof(stat)) || !(p = strrchr(stat, ')')) ||
        sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d "
                      "%*d %*d %llu", &utime, &stime, &start) != 3)
        return false;
    out->created = boot_time() + start * unit;
    out->exited = 0;
    out->kernel = stime * unit;
    out->user = utime * unit;
    return true;
}

static uint64_t timeval_units(struct timeval tv)
{
    return (uint64_t)tv.tv_sec * 10000000ull + (uint64_t)tv.tv_usec * 10ull;
}

void w32_cputime_used(bool whole_process, struct w32_cpu_times *out)
{
    struct rusage ru;

    if (getrusage(whole_process ? RUSAGE_SELF : RUSAGE_THREAD, &ru) == 0) {
        out->kernel = timeval_units(ru.ru_stime);
        out->user = timeval_units(ru.ru_utime);
    }
}

void w32_cputime_of_self(bool whole_process, struct w32_cpu_times *out)
{
    struct w32_cpu_times proc = { 0 };

    memset(out, 0, sizeof(*out));
    if (whole_process)
        w32_cputime_of_proc(getpid(), 0, &proc);
    else
        w32_cputime_of_proc(getpid(), (pid_t)syscall(SYS_gettid), &proc);
    out->created = proc.created;
    w32_cputime_used(whole_process, out);
}

static void put_filetime(uint64_t v, LPFILETIME ft)
{
    ft->dwLowDateTime = (DWORD)v;
    ft->dwHighDateTime = (DWORD)(v >> 32);
}

BOOL w32_cputime_put(const struct w32_cpu_times *times, LPFILETIME created, LPFILETIME exited,
                     LPFILETIME kernel, LPFILETIME user)
{
    if (!created || !exited || !kernel || !user) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    put_filetime(times->created, created);
    put_filetime(times->exited, exited);
    put_filetime(times->kernel, kernel);
    put_filetime(times->user, user);
    return TRUE;
}

/*
 * The machine's times, summed over its processors, from the first line of
 * /proc/stat (ticks): idle is idle and iowait; kernel is system, irq,
 * softirq and the idle time, which Windows counts in kernel time; user is
 * user and nice (guest time is in user already). Time the hypervisor took
 * (steal) is in none, as no processor of this machine ran then.
 */
BOOL WINAPI GetSystemTimes(PFILETIME lpIdleTime, PFILETIME lpKernelTime, PFILETIME lpUserTime)
{
    unsigned long long user, nice, system, idle, iowait, irq, softirq;
    uint64_t unit = tick_units();
    char stat[512];

    if (!read_small_file("/proc/stat", stat, sizeof(stat)) ||
        sscanf(stat, "cpu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle,
               &iowait, &irq, &softirq) != 7) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    idle += iowait;
    if (lpIdleTime)
        put_filetime(idle * unit, lpIdleTime);
    if (lpKernelTime)
        put_filetime((system + irq + softirq + idle) * unit, lpKernelTime);
    if (lpUserTime)
        put_filetime((user + nice) * unit, lpUserTime);
    return TRUE;
}
