/*
 * A namespace of the test's own for the suites that look into the namespace
 * directory (check_shared, check_xproc): XDG_RUNTIME_DIR points to a fresh
 * directory before the process's first handle, and the files there are
 * listed as named objects' or process records' (p..., lib/xproc.h).
 */
#ifndef W32_NSUTIL_H
#define W32_NSUTIL_H

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include "shared.h"
#include "testutil.h"

static char runtime_dir[PATH_MAX - 64], ns_dir[PATH_MAX];
static pid_t ns_maker;      /* the process that made them, which removes them */

/*
 * Removes this test's namespace once the process's own record has gone,
 * with what processes that ended without their exit handlers (killed, or
 * by _exit) left for the next sweep. The record of such a process that
 * this one watched goes when the process monitor has seen it end, which
 * may be just after the test: so the sweep is tried again for a while.
 */
static void remove_namespace(void)
{
    if (getpid() != ns_maker)
        return;     /* a forked child's exit */
    for (int ms = 0; ms < LONG_WAIT; ms += 10) {
        w32_shared_sweep();
        if (rmdir(ns_dir) == 0 || errno != ENOTEMPTY)
            break;
        usleep(10000);
    }
    rmdir(runtime_dir);
}

/*
 * A fresh namespace for this test's process; the library sets it up on first
 * use. It is removed as the process exits: the library's exit handler, which
 * lets the process's record go, was registered later, so it runs first (a
 * fixture's teardown would run while the record is still there).
 */
static void fresh_namespace(void)
{
    snprintf(runtime_dir, sizeof(runtime_dir), "%s/w32shim-check-XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(runtime_dir));
    ck_assert_int_eq(setenv("XDG_RUNTIME_DIR", runtime_dir, 1), 0);
    snprintf(ns_dir, sizeof(ns_dir), "%s/w32shim", runtime_dir);
    if (!ns_maker)
        ck_assert_int_eq(atexit(remove_namespace), 0);
    ns_maker = getpid();
}

/* Whether a file of the namespace directory is a process record, which
 * every process that uses handles has, and not an object's. */
static bool is_process_record(const char *name)
{
    return name[0] == 'p';
}

/* The files of the namespace directory, process records (records set) or
 * the others; fills name with the first if asked. */
static int namespace_files(bool records, char *name, size_t size)
{
    DIR *d = opendir(ns_dir);
    struct dirent *e;
    int n = 0;

    if (!d)
        return 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || is_process_record(e->d_name) != records)
            continue;
        if (name && n == 0)
            snprintf(name, size, "%s", e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

#endif
