/* The times GetProcessTimes and GetThreadTimes report, from /proc and getrusage. */
#ifndef W32_CPUTIME_H
#define W32_CPUTIME_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <windows.h>

/* In FILETIME units: the two instants since 1601 (0: not known), the two
 * durations in 100 ns. */
struct w32_cpu_times {
    uint64_t created, exited, kernel, user;
};

/* Now as a FILETIME value. */
uint64_t w32_cputime_now(void);

/* The start and CPU times of a thread (tid) or a process (tid 0) from its
 * /proc stat file, exited 0; false if the file is gone. */
bool w32_cputime_of_proc(pid_t pid, pid_t tid, struct w32_cpu_times *out);

/* The calling thread's (RUSAGE_THREAD) or process's (RUSAGE_SELF) kernel and
 * user times into out, the rest left alone; opens no file, so a thread may
 * call it as it ends. */
void w32_cputime_used(bool whole_process, struct w32_cpu_times *out);

/* The calling thread's (RUSAGE_THREAD) or process's (RUSAGE_SELF) CPU times,
 * with its start time from /proc when it can be read. */
void w32_cputime_of_self(bool whole_process, struct w32_cpu_times *out);

/* Writes times into the four FILETIMEs; FALSE with ERROR_NOACCESS if one is NULL. */
BOOL w32_cputime_put(const struct w32_cpu_times *times, LPFILETIME created, LPFILETIME exited,
                     LPFILETIME kernel, LPFILETIME user);

#endif
