/*
 * tlhelp32.h: snapshots of the system's processes and threads, read from
 * /proc when the snapshot is made. The snapshot is an object in the handle
 * table (closed by CloseHandle); the First and Next functions walk its lists
 * with a cursor the snapshot keeps, as Windows keeps it with the snapshot.
 *
 * Thread ids: a thread of this process is listed by the id the library gave
 * it (GetCurrentThreadId's, which OpenThread takes), so only threads with a
 * record (started by CreateThread, or that used the library) appear; a thread
 * of another process is listed by its Linux thread id.
 */
#include <dirent.h>
#include <limits.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <windows.h>
#include <tlhelp32.h>

#include "error.h"
#include "handle.h"
#include "thread.h"
#include "unicode.h"

struct th_process {
    DWORD pid, ppid, threads;
    char exe[MAX_PATH];     /* the program's file name, UTF-8 */
};

struct th_thread {
    DWORD tid, pid;
};

struct snapshot {
    struct w32_object obj;
    struct th_process *procs;
    size_t nprocs;
    struct th_thread *threads;
    size_t nthreads;
    atomic_size_t proc_cursor, thread_cursor;   /* the next entry Next gives */
};

static const struct w32_object_type snapshot_type;

/* ---- reading /proc ---- */

/* Copies name into exe, cut to fit (Windows' szExeFile is MAX_PATH long). */
static void set_exe(struct th_process *p, const char *name)
{
    size_t len = strlen(name);

    if (len >= sizeof(p->exe))
        len = sizeof(p->exe) - 1;
    memcpy(p->exe, name, len);
    p->exe[len] = 0;
}

/* The pid's parent, thread count and name from /proc/PID/stat; false if it is gone. */
static bool read_stat(DWORD pid, struct th_process *p)
{
    char path[64], buf[1024], *close;
    int ppid = 0, threads = 0;
    size_t n;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%lu/stat", (unsigned long)pid);
    f = fopen(path, "re");
    if (!f)
        return false;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    /* The name is in parentheses and may hold anything, ')' too: the last ')' ends it. */
    close = strrchr(buf, ')');
    if (!close || !strchr(buf, '('))
        return false;
    *close = 0;
    set_exe(p, strchr(buf, '(') + 1);
    if (sscanf(close + 1, " %*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %d",
               &ppid, &threads) != 2)
        return false;
    p->pid = pid;
    p->ppid = (DWORD)ppid;
    p->threads = (DWORD)threads;
    return true;
}

/* The program's file name, where /proc/PID/exe may be read (the stat name is cut to 15). */
static void read_exe_name(struct th_process *p)
{
    char path[64], target[PATH_MAX];
    const char *base;
    ssize_t n;

    snprintf(path, sizeof(path), "/proc/%lu/exe", (unsigned long)p->pid);
    n = readlink(path, target, sizeof(target) - 1);
    if (n <= 0)
        return;
    target[n] = 0;
    if (n > 10 && !strcmp(target + n - 10, " (deleted)"))
        target[n - 10] = 0;
    base = strrchr(target, '/');
    set_exe(p, base ? base + 1 : target);
}

static bool is_number(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* Appends to a growing array; false when out of memory. */
static bool grow(void **items, size_t *count, size_t *cap, size_t size)
{
    if (*count < *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 64;
    void *bigger = realloc(*items, n * size);

    if (!bigger)
        return false;
    *items = bigger;
    *cap = n;
    return true;
}

/* The numeric entries of a /proc directory, ascending; malloc'd, NULL on failure. */
static DWORD *list_ids(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    DWORD *ids = NULL;
    size_t cap = 0;

    *count = 0;
    if (!d)
        return NULL;
    while ((e = readdir(d))) {
        if (!is_number(e->d_name))
            continue;
        if (!grow((void **)&ids, count, &cap, sizeof(*ids))) {
            free(ids);
            closedir(d);
            return NULL;
        }
        ids[(*count)++] = (DWORD)strtoul(e->d_name, NULL, 10);
    }
    closedir(d);
    return ids ? ids : malloc(1);
}

static int compare_ids(const void *a, const void *b)
{
    DWORD x = *(const DWORD *)a, y = *(const DWORD *)b;

    return x < y ? -1 : x > y;
}

/* ---- this process's threads ---- */

struct own_threads {
    struct th_thread *items;
    size_t count, cap;
    bool failed;
};

/*
 * Under the thread list lock: a thread of this process that has not ended.
 * One CreateThread made counts before it first runs (start is set with the
 * record, before the list has it); one the library adopted counts while it
 * runs (its kernel id goes when it ends).
 */
static void add_own(struct w32_thread *t, void *arg)
{
    struct own_threads *own = arg;

    if (t->process_id || atomic_load(&t->exited) || (!t->start && !atomic_load(&t->tid)))
        return;
    if (!grow((void **)&own->items, &own->count, &own->cap, sizeof(*own->items))) {
        own->failed = true;
        return;
    }
    own->items[own->count].tid = t->id;
    own->items[own->count].pid = (DWORD)atomic_load(&t->tid) == (DWORD)getpid() ? 0 : 1;
    own->count++;
}

/* The main thread first, then the others as they were made (ids grow). */
static int compare_own(const void *a, const void *b)
{
    const struct th_thread *x = a, *y = b;

    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    return compare_ids(&x->tid, &y->tid);
}

/* ---- the snapshot ---- */

static bool add_threads_of(struct snapshot *s, DWORD pid, size_t *cap)
{
    struct own_threads own = { NULL, 0, 0, false };
    char dir[64];
    DWORD *tids;
    size_t n;

    if (pid == (DWORD)getpid()) {
        GetCurrentThreadId();   /* the caller is listed: give it its record */
        w32_thread_self();
        w32_thread_for_each(add_own, &own);
        if (own.failed) {
            free(own.items);
            return false;
        }
        qsort(own.items, own.count, sizeof(*own.items), compare_own);
        tids = malloc((own.count + 1) * sizeof(*tids));
        for (size_t i = 0; tids && i < own.count; i++)
            tids[i] = own.items[i].tid;
        n = own.count;
        free(own.items);
    } else {
        snprintf(dir, sizeof(dir), "/proc/%lu/task", (unsigned long)pid);
        tids = list_ids(dir, &n);
        if (!tids)
            return true;    /* gone meanwhile */
        qsort(tids, n, sizeof(*tids), compare_ids);
        /* The main thread (its id is the pid) first, as Windows lists it. */
        for (size_t i = 0; i < n; i++)
            if (tids[i] == pid) {
                memmove(tids + 1, tids, i * sizeof(*tids));
                tids[0] = pid;
            }
    }
    if (!tids)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!grow((void **)&s->threads, &s->nthreads, cap, sizeof(*s->threads))) {
            free(tids);
            return false;
        }
        s->threads[s->nthreads].tid = tids[i];
        s->threads[s->nthreads].pid = pid;
        s->nthreads++;
    }
    free(tids);
    return true;
}

/* Fills the lists flags ask for; false when out of memory. */
static bool take_snapshot(struct snapshot *s, DWORD flags)
{
    size_t npids, proc_cap = 0, thread_cap = 0;
    DWORD *pids;
    bool done = true;

    if (!(flags & (TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD)))
        return true;
    pids = list_ids("/proc", &npids);
    if (!pids)
        return false;
    qsort(pids, npids, sizeof(*pids), compare_ids);
    for (size_t i = 0; i < npids && done; i++) {
        struct th_process p;

        if (!read_stat(pids[i], &p))
            continue;
        if (flags & TH32CS_SNAPPROCESS) {
            read_exe_name(&p);
            done = grow((void **)&s->procs, &s->nprocs, &proc_cap, sizeof(p));
            if (done)
                s->procs[s->nprocs++] = p;
        }
        if (done && (flags & TH32CS_SNAPTHREAD))
            done = add_threads_of(s, pids[i], &thread_cap);
    }
    free(pids);
    return done;
}

static bool snapshot_destroy(struct w32_object *obj)
{
    struct snapshot *s = (struct snapshot *)obj;

    free(s->procs);
    free(s->threads);
    return true;
}

static const struct w32_object_type snapshot_type = {
    .name = "Section",
    .access = {
        .read = STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ,
        .write = STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE,
        .execute = STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE,
        .all = SECTION_ALL_ACCESS,
    },
    .destroy = snapshot_destroy,
};

/*
 * Module and heap lists are not taken: TH32CS_SNAPMODULE and
 * TH32CS_SNAPHEAPLIST fail with ERROR_NOT_SUPPORTED rather than give lists
 * that look empty. TH32CS_SNAPMODULE32 alone asks for nothing on 64-bit
 * Windows, and nothing is what it gets.
 */
HANDLE WINAPI CreateToolhelp32Snapshot(DWORD dwFlags, DWORD th32ProcessID)
{
    struct snapshot *s;

    (void)th32ProcessID;    /* only module and heap lists are of one process */
    if (dwFlags & (TH32CS_SNAPMODULE | TH32CS_SNAPHEAPLIST)) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return INVALID_HANDLE_VALUE;
    }
    s = calloc(1, sizeof(*s));
    if (!s) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    w32_object_init(&s->obj, &snapshot_type);
    if (!take_snapshot(s, dwFlags)) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        w32_object_unref(&s->obj);
        return INVALID_HANDLE_VALUE;
    }
    HANDLE h = w32_handle_create(&s->obj, SECTION_ALL_ACCESS, (dwFlags & TH32CS_INHERIT) != 0);
    return h ? h : INVALID_HANDLE_VALUE;
}

/* ---- walking ---- */

static struct snapshot *get_snapshot(HANDLE h)
{
    return (struct snapshot *)w32_handle_get(h, &snapshot_type, 0);
}

/* The index the walk gives now: 0 for First (the cursor restarts), else the cursor's. */
static size_t next_index(atomic_size_t *cursor, bool first)
{
    if (first) {
        atomic_store(cursor, 1);
        return 0;
    }
    return atomic_fetch_add(cursor, 1);
}

/* The A and W entries differ only in the name, their last member. */
_Static_assert(offsetof(PROCESSENTRY32, szExeFile) == offsetof(PROCESSENTRY32W, szExeFile),
               "PROCESSENTRY32 layouts");

static void fill_process(void *entry, DWORD size, const struct th_process *p, bool w)
{
    PROCESSENTRY32 head;

    /* Members Windows documents as unused are 0. */
    memset(&head, 0, sizeof(head));
    head.dwSize = size;
    head.th32ProcessID = p->pid;
    head.cntThreads = p->threads;
    head.th32ParentProcessID = p->ppid;
    head.pcPriClassBase = 8;    /* NORMAL_PRIORITY_CLASS's base */
    memcpy(entry, &head, offsetof(PROCESSENTRY32, szExeFile));
    if (w) {
        PROCESSENTRY32W *pe = entry;

        memset(pe->szExeFile, 0, sizeof(pe->szExeFile));
        /* exe holds fewer than MAX_PATH bytes, so as many units at most. */
        w32_name_to_utf16n(p->exe, strlen(p->exe), pe->szExeFile);
    } else {
        memcpy(((PROCESSENTRY32 *)entry)->szExeFile, p->exe, sizeof(p->exe));
    }
}

/* Process32First/Next's body; w: the entry is PROCESSENTRY32W. */
static BOOL process_walk(HANDLE h, void *entry, bool first, bool w)
{
    DWORD size = *(DWORD *)entry;
    struct snapshot *s;
    const struct th_process *p;
    size_t i;

    if (size < (w ? sizeof(PROCESSENTRY32W) : sizeof(PROCESSENTRY32))) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    s = get_snapshot(h);
    if (!s)
        return FALSE;
    i = next_index(&s->proc_cursor, first);
    if (i >= s->nprocs) {
        w32_object_unref(&s->obj);
        w32_set_error(ERROR_NO_MORE_FILES);
        return FALSE;
    }
    p = &s->procs[i];
    fill_process(entry, size, p, w);
    w32_object_unref(&s->obj);
    return TRUE;
}

BOOL WINAPI Process32First(HANDLE hSnapshot, LPPROCESSENTRY32 lppe)
{
    return process_walk(hSnapshot, lppe, true, false);
}

BOOL WINAPI Process32Next(HANDLE hSnapshot, LPPROCESSENTRY32 lppe)
{
    return process_walk(hSnapshot, lppe, false, false);
}

BOOL WINAPI Process32FirstW(HANDLE hSnapshot, LPPROCESSENTRY32W lppe)
{
    return process_walk(hSnapshot, lppe, true, true);
}

BOOL WINAPI Process32NextW(HANDLE hSnapshot, LPPROCESSENTRY32W lppe)
{
    return process_walk(hSnapshot, lppe, false, true);
}

static BOOL thread_walk(HANDLE h, LPTHREADENTRY32 te, bool first)
{
    struct snapshot *s;
    size_t i;

    if (te->dwSize < sizeof(THREADENTRY32)) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    s = get_snapshot(h);
    if (!s)
        return FALSE;
    i = next_index(&s->thread_cursor, first);
    if (i >= s->nthreads) {
        w32_object_unref(&s->obj);
        w32_set_error(ERROR_NO_MORE_FILES);
        return FALSE;
    }
    memset(&te->cntUsage, 0, sizeof(*te) - sizeof(te->dwSize));
    te->th32ThreadID = s->threads[i].tid;
    te->th32OwnerProcessID = s->threads[i].pid;
    te->tpBasePri = 8;
    w32_object_unref(&s->obj);
    return TRUE;
}

BOOL WINAPI Thread32First(HANDLE hSnapshot, LPTHREADENTRY32 lpte)
{
    return thread_walk(hSnapshot, lpte, true);
}

BOOL WINAPI Thread32Next(HANDLE hSnapshot, LPTHREADENTRY32 lpte)
{
    return thread_walk(hSnapshot, lpte, false);
}

/* No snapshot holds modules (see CreateToolhelp32Snapshot): the list is always at its end. */
static BOOL module_walk(HANDLE h)
{
    struct snapshot *s = get_snapshot(h);

    if (!s)
        return FALSE;
    w32_object_unref(&s->obj);
    w32_set_error(ERROR_NO_MORE_FILES);
    return FALSE;
}

BOOL WINAPI Module32First(HANDLE hSnapshot, LPMODULEENTRY32 lpme)
{
    (void)lpme;
    return module_walk(hSnapshot);
}

BOOL WINAPI Module32Next(HANDLE hSnapshot, LPMODULEENTRY32 lpme)
{
    (void)lpme;
    return module_walk(hSnapshot);
}

BOOL WINAPI Module32FirstW(HANDLE hSnapshot, LPMODULEENTRY32W lpme)
{
    (void)lpme;
    return module_walk(hSnapshot);
}

BOOL WINAPI Module32NextW(HANDLE hSnapshot, LPMODULEENTRY32W lpme)
{
    (void)lpme;
    return module_walk(hSnapshot);
}
