/* Shared helpers of the Check suites: handle and fd counts, suite runner. */
#ifndef W32_TESTUTIL_H
#define W32_TESTUTIL_H

#include <check.h>
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <windows.h>

static inline DWORD handle_count(void)
{
    DWORD n = 0;
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &n));
    return n;
}

/* Open fds of this process, counted from /proc/self/fd. */
static inline int fd_count(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while (readdir(d))
        n++;
    closedir(d);
    return n - 3;       /* ".", ".." and the directory's own fd */
}

/* Each test starts and must end with the same handle and fd counts. */
#define LEAK_CHECK_BEGIN() \
    DWORD leak_handles_ = handle_count(); \
    int leak_fds_ = fd_count()
#define LEAK_CHECK_END() \
    do { \
        ck_assert_uint_eq(handle_count(), leak_handles_); \
        ck_assert_int_eq(fd_count(), leak_fds_); \
    } while (0)

/*
 * ms: only reached if the library is broken. Scaled by CK_TIMEOUT_MULTIPLIER,
 * as Check's own timeouts are, so that a slow sanitizer build on a loaded
 * machine is not taken for a broken one. Read through w32shim, under its
 * environment lock: a test may set variables in another thread meanwhile,
 * and a bare getenv could read an array setenv has just freed. The last
 * error stays as it was.
 */
static inline int long_wait(void)
{
    char multiplier[32];
    DWORD error = GetLastError(), n;
    double factor;

    n = GetEnvironmentVariableA("CK_TIMEOUT_MULTIPLIER", multiplier, sizeof(multiplier));
    factor = n && n < sizeof(multiplier) ? atof(multiplier) : 1.0;
    SetLastError(error);        /* a test may check the last error across a wait */

    return (int)(5000 * (factor > 1.0 ? factor : 1.0));
}
#define LONG_WAIT long_wait()

static sigjmp_buf testutil_fault_jump;

static inline void testutil_on_fault(int sig)
{
    siglongjmp(testutil_fault_jump, sig);
}

/* Whether writing *p faults (our own handler, so that sanitizers do not take the signal). */
static inline int write_faults(volatile char *p)
{
    struct sigaction sa = { .sa_handler = testutil_on_fault }, old;
    int faulted;

    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGSEGV, &sa, &old), 0);
    faulted = sigsetjmp(testutil_fault_jump, 1) != 0;
    if (!faulted)
        *p = 1;
    ck_assert_int_eq(sigaction(SIGSEGV, &old, NULL), 0);
    return faulted;
}

/* The address space this process maps now, in bytes (/proc/self/statm). */
static inline rlim_t address_space_in_use(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fscanf(f, "%lu", &pages), 1);
    fclose(f);
    return (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE);
}

/*
 * Leaves the process 1 MiB of address space, too little for a new thread's
 * stack, saving the limit to restore. For a library thread's first start, so
 * false (nothing changed) where that cannot be tested: without Check's fork
 * an earlier test may have started it, and sanitizers reserve terabytes.
 */
static inline bool starve_address_space(struct rlimit *saved)
{
    const char *fork_mode = getenv("CK_FORK");
    struct rlimit low;

    if ((fork_mode && strcmp(fork_mode, "no") == 0) ||
        address_space_in_use() > ((rlim_t)1 << 36))
        return false;
    ck_assert_int_eq(getrlimit(RLIMIT_AS, saved), 0);
    low = *saved;
    low.rlim_cur = address_space_in_use() + (1u << 20);
    ck_assert_int_eq(setrlimit(RLIMIT_AS, &low), 0);
    return true;
}

static inline void feed_address_space(const struct rlimit *saved)
{
    ck_assert_int_eq(setrlimit(RLIMIT_AS, saved), 0);
}

/* The exit code of thread, once it has ended. */
static inline DWORD exit_code(HANDLE thread)
{
    DWORD code = 0;

    ck_assert_uint_eq(WaitForSingleObject(thread, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(thread, &code));
    return code;
}

/* Runs fn(arg) on a new thread and returns its exit code once it ends. */
static inline DWORD run_thread(LPTHREAD_START_ROUTINE fn, LPVOID arg)
{
    HANDLE thread = CreateThread(NULL, 0, fn, arg, 0, NULL);
    DWORD code;

    ck_assert_ptr_nonnull(thread);
    code = exit_code(thread);
    ck_assert(CloseHandle(thread));
    return code;
}

static inline void close_all(HANDLE *handles, DWORD n)
{
    for (DWORD i = 0; i < n; i++)
        ck_assert(CloseHandle(handles[i]));
}

/* main() of a suite file: runs suite_fn()'s suite, exits non-zero on failure. */
#define W32_TEST_MAIN(suite_fn) \
    int main(void) \
    { \
        SRunner *sr = srunner_create(suite_fn()); \
        srunner_run_all(sr, CK_NORMAL); \
        int failed = srunner_ntests_failed(sr); \
        srunner_free(sr); \
        return failed ? EXIT_FAILURE : EXIT_SUCCESS; \
    }

#endif
