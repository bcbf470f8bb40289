/*
 * A namespace of the test's own for the suites that look into the namespace
 * directory (check_shared, check_xproc): XDG_RUNTIME_DIR points to a fresh
 * directory before the process's first handle, and the files there are
 * listed as named objects' or process records' (p..., lib/xproc.h).
 */
#ifndef W32_NSUTIL_H
#define W32_NSUTIL_H

#include <dirent.h>
#include <limits.h>
#include "testutil.h"

static char runtime_dir[PATH_MAX - 64], ns_dir[PATH_MAX];

/* A fresh namespace for this test's process; the library sets it up on first use. */
static void fresh_namespace(void)
{
    snprintf(runtime_dir, sizeof(runtime_dir), "%s/w32shim-check-XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(runtime_dir));
    ck_assert_int_eq(setenv("XDG_RUNTIME_DIR", runtime_dir, 1), 0);
    snprintf(ns_dir, sizeof(ns_dir), "%s/w32shim", runtime_dir);
}

/* Removes this test's namespace, which only empty directories should be left of. */
static void remove_namespace(void)
{
    rmdir(ns_dir);
    rmdir(runtime_dir);
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
