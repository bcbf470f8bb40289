/*
 * tlhelp32.h: snapshots of the system's processes and threads, of one
 * process's modules (its mapped ELF files) and of this process's heaps,
 * read from /proc and the heap list when the snapshot is made. The snapshot is an object in the handle
 * table (closed by CloseHandle); the First and Next functions walk its lists
 * with a cursor the snapshot keeps, as Windows keeps it with the snapshot.
 *
 * Thread ids: a thread of this process is listed by the id the library gave
 * it (GetCurrentThreadId's, which OpenThread takes), so only threads with a
 * record (started by CreateThread, or that used the library) appear; a thread
 * of another process is listed by its Linux thread id.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include <windows.h>
#include <tlhelp32.h>

#include "error.h"
#include "handle.h"
#include "heap.h"
#include "thread.h"
#include "unicode.h"

struct th_process {
    DWORD pid, ppid, threads;
    char exe[MAX_PATH];     /* the program's file name, UTF-8 */
};

struct th_thread {
    DWORD tid, pid;
};

struct th_module {
    BYTE *base;
    DWORD size;
    char path[MAX_PATH];    /* UTF-8, cut to fit szExePath */
};

struct snapshot {
    struct w32_object obj;
    struct th_process *procs;
    size_t nprocs;
    struct th_thread *threads;
    size_t nthreads;
    struct th_module *modules;
    size_t nmodules;
    HANDLE *heaps;
    size_t nheaps;
    DWORD pid;              /* whose modules and heaps */
    atomic_size_t cursor[4];        /* per list (enum th_list): the next entry Next gives */
};

enum th_list { LIST_PROCS, LIST_THREADS, LIST_MODULES, LIST_HEAPS };

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

/* ---- one process's modules, from /proc/PID/maps ---- */

/* Copies src into dst of size bytes, cut to fit. */
static void copy_cut(char *dst, size_t size, const char *src)
{
    size_t len = strlen(src);

    if (len >= size)
        len = size - 1;
    memcpy(dst, src, len);
    dst[len] = 0;
}

/* Whether the file at path is an ELF object (a program or a shared object). */
static bool is_elf(const char *path)
{
    char magic[4];
    FILE *f = fopen(path, "re");
    bool elf;

    if (!f)
        return false;
    elf = fread(magic, 1, 4, f) == 4 && !memcmp(magic, "\177ELF", 4);
    fclose(f);
    return elf;
}

/* The file the pid runs, as maps names it; "" if it cannot be read. */
static void read_exe_path(DWORD pid, char *exe, size_t size)
{
    char link[64];
    ssize_t n;

    snprintf(link, sizeof(link), "/proc/%lu/exe", (unsigned long)pid);
    n = readlink(link, exe, size - 1);
    exe[n > 0 ? n : 0] = 0;
}

struct module_list {
    struct th_module *items;
    size_t count, cap;
};

/*
 * One line of maps: a file mapped from offset 0 that is not listed yet and
 * is ELF starts a module; the next mappings of the same file, contiguous,
 * extend it (an object's segments and the gaps between them). False when
 * out of memory.
 */
static bool add_mapping(struct module_list *m, unsigned long start, unsigned long end,
                        unsigned long long offset, const char *path)
{
    struct th_module *last = m->count ? &m->items[m->count - 1] : NULL;

    if (last && !strcmp(path, last->path) && last->base + last->size == (BYTE *)start) {
        if (end - (unsigned long)last->base <= MAXDWORD)
            last->size = (DWORD)(end - (unsigned long)last->base);
        return true;
    }
    if (offset || path[0] != '/' || strlen(path) >= MAX_PATH)
        return true;
    for (size_t i = 0; i < m->count; i++)
        if (!strcmp(m->items[i].path, path))
            return true;
    if (!is_elf(path))
        return true;
    if (!grow((void **)&m->items, &m->count, &m->cap, sizeof(*m->items)))
        return false;
    m->items[m->count].base = (BYTE *)start;
    m->items[m->count].size = end - start > MAXDWORD ? MAXDWORD : (DWORD)(end - start);
    copy_cut(m->items[m->count].path, MAX_PATH, path);
    m->count++;
    return true;
}

/* Moves the program's module to the front, as Windows lists the executable first. */
static void program_first(struct module_list *m, DWORD pid)
{
    char exe[PATH_MAX];

    read_exe_path(pid, exe, sizeof(exe));
    for (size_t i = 1; i < m->count; i++)
        if (!strcmp(m->items[i].path, exe)) {
            struct th_module program = m->items[i];

            memmove(m->items + 1, m->items, i * sizeof(*m->items));
            m->items[0] = program;
            return;
        }
}

/* The pid's modules; NO_ERROR, or why they cannot be read (Windows' errors). */
static DWORD read_modules(struct snapshot *s, DWORD pid)
{
    struct module_list m = { NULL, 0, 0 };
    char path[64], line[PATH_MAX + 128], file[PATH_MAX];
    unsigned long start, end;
    unsigned long long offset;
    bool done = true;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%lu/maps", (unsigned long)pid);
    f = fopen(path, "re");
    if (!f)
        return errno == ENOENT ? ERROR_INVALID_PARAMETER : ERROR_ACCESS_DENIED;
    while (done && fgets(line, sizeof(line), f)) {
        int name_at = 0;

        line[strcspn(line, "\n")] = 0;
        if (sscanf(line, "%lx-%lx %*s %llx %*s %*u %n", &start, &end, &offset, &name_at) < 3 ||
            !name_at)
            continue;
        copy_cut(file, sizeof(file), line + name_at);
        done = add_mapping(&m, start, end, offset, file);
    }
    fclose(f);
    if (!done) {
        free(m.items);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    program_first(&m, pid);
    s->modules = m.items;
    s->nmodules = m.count;
    return NO_ERROR;
}

/* ---- this process's heaps ---- */

/* The heaps GetProcessHeaps lists now; false when out of memory. */
static bool read_heaps(struct snapshot *s)
{
    DWORD n = GetProcessHeaps(0, NULL);

    for (;;) {
        HANDLE *heaps = malloc(n * sizeof(*heaps));
        DWORD got;

        if (!heaps)
            return false;
        got = GetProcessHeaps(n, heaps);
        if (got <= n) {
            s->heaps = heaps;
            s->nheaps = got;
            return true;
        }
        free(heaps);
        n = got;        /* a heap was made meanwhile */
    }
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
    free(s->modules);
    free(s->heaps);
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

/* The process th32ProcessID names: 0 is the caller. */
static DWORD process_of(DWORD th32ProcessID)
{
    return th32ProcessID ? th32ProcessID : (DWORD)getpid();
}

/*
 * The lists of one process (modules, heaps): NO_ERROR or the error the
 * snapshot fails with. Another process's heaps cannot be read (they are in
 * its memory, in its own format): ERROR_ACCESS_DENIED, as Windows answers
 * for a process it may not read. TH32CS_SNAPMODULE32 alone asks a 64-bit
 * process for nothing.
 */
static DWORD take_process_lists(struct snapshot *s, DWORD flags, DWORD pid)
{
    DWORD error = NO_ERROR;

    s->pid = pid;
    if (flags & TH32CS_SNAPMODULE)
        error = read_modules(s, pid);
    if (!error && (flags & TH32CS_SNAPHEAPLIST)) {
        if (pid != (DWORD)getpid())
            error = kill((pid_t)pid, 0) && errno == ESRCH ? ERROR_INVALID_PARAMETER : ERROR_ACCESS_DENIED;
        else if (!read_heaps(s))
            error = ERROR_NOT_ENOUGH_MEMORY;
    }
    return error;
}

HANDLE WINAPI CreateToolhelp32Snapshot(DWORD dwFlags, DWORD th32ProcessID)
{
    struct snapshot *s = calloc(1, sizeof(*s));
    DWORD error;

    if (!s) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    w32_object_init(&s->obj, &snapshot_type);
    error = take_process_lists(s, dwFlags, process_of(th32ProcessID));
    if (!error && !take_snapshot(s, dwFlags))
        error = ERROR_NOT_ENOUGH_MEMORY;
    if (error) {
        w32_set_error(error);
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

static size_t list_count(const struct snapshot *s, enum th_list list)
{
    switch (list) {
    case LIST_PROCS:
        return s->nprocs;
    case LIST_THREADS:
        return s->nthreads;
    case LIST_MODULES:
        return s->nmodules;
    default:
        return s->nheaps;
    }
}

/*
 * One step of First/Next in a list of the snapshot h: the snapshot (the
 * caller unrefs it) and the index of the entry to give; NULL with the error
 * set if h is no snapshot or the list is at its end.
 */
static struct snapshot *walk_step(HANDLE h, enum th_list list, bool first, size_t *index)
{
    struct snapshot *s = get_snapshot(h);

    if (!s)
        return NULL;
    *index = next_index(&s->cursor[list], first);
    if (*index < list_count(s, list))
        return s;
    w32_object_unref(&s->obj);
    w32_set_error(ERROR_NO_MORE_FILES);
    return NULL;
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
    s = walk_step(h, LIST_PROCS, first, &i);
    if (!s)
        return FALSE;
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
    s = walk_step(h, LIST_THREADS, first, &i);
    if (!s)
        return FALSE;
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

/* The A and W module entries differ only in their two names, their last members. */
_Static_assert(offsetof(MODULEENTRY32, szModule) == offsetof(MODULEENTRY32W, szModule),
               "MODULEENTRY32 layouts");

static void fill_module(void *entry, DWORD pid, const struct th_module *m, bool w)
{
    MODULEENTRY32 head;
    const char *name = strrchr(m->path, '/') ? strrchr(m->path, '/') + 1 : m->path;

    memset(&head, 0, sizeof(head));
    head.dwSize = *(DWORD *)entry;
    head.th32ModuleID = 1;              /* unused, always 1 (Microsoft's page) */
    head.th32ProcessID = pid;
    head.GlblcntUsage = 0xFFFF;         /* load counts: not kept, 0xFFFF as Windows reports */
    head.ProccntUsage = 0xFFFF;
    head.modBaseAddr = m->base;
    head.modBaseSize = m->size;
    head.hModule = (HMODULE)m->base;
    memcpy(entry, &head, offsetof(MODULEENTRY32, szModule));
    if (w) {
        MODULEENTRY32W *me = entry;

        memset(me->szModule, 0, sizeof(me->szModule) + sizeof(me->szExePath));
        /* UTF-8 takes at least as many bytes as UTF-16 units: each fits. */
        w32_name_to_utf16n(name, strlen(name) > MAX_MODULE_NAME32 ? MAX_MODULE_NAME32 : strlen(name),
                           me->szModule);
        w32_name_to_utf16n(m->path, strlen(m->path), me->szExePath);
    } else {
        MODULEENTRY32 *me = entry;

        copy_cut(me->szModule, sizeof(me->szModule), name);
        copy_cut(me->szExePath, sizeof(me->szExePath), m->path);
    }
}

/* Module32First/Next's body; w: the entry is MODULEENTRY32W. */
static BOOL module_walk(HANDLE h, void *entry, bool first, bool w)
{
    struct snapshot *s;
    size_t i;

    if (*(DWORD *)entry < (w ? sizeof(MODULEENTRY32W) : sizeof(MODULEENTRY32))) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    s = walk_step(h, LIST_MODULES, first, &i);
    if (!s)
        return FALSE;
    fill_module(entry, s->pid, &s->modules[i], w);
    w32_object_unref(&s->obj);
    return TRUE;
}

BOOL WINAPI Module32First(HANDLE hSnapshot, LPMODULEENTRY32 lpme)
{
    return module_walk(hSnapshot, lpme, true, false);
}

BOOL WINAPI Module32Next(HANDLE hSnapshot, LPMODULEENTRY32 lpme)
{
    return module_walk(hSnapshot, lpme, false, false);
}

BOOL WINAPI Module32FirstW(HANDLE hSnapshot, LPMODULEENTRY32W lpme)
{
    return module_walk(hSnapshot, lpme, true, true);
}

BOOL WINAPI Module32NextW(HANDLE hSnapshot, LPMODULEENTRY32W lpme)
{
    return module_walk(hSnapshot, lpme, false, true);
}

static BOOL heap_list_walk(HANDLE h, LPHEAPLIST32 hl, bool first)
{
    struct snapshot *s;
    size_t i;

    if (hl->dwSize < sizeof(HEAPLIST32)) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    s = walk_step(h, LIST_HEAPS, first, &i);
    if (!s)
        return FALSE;
    hl->th32ProcessID = s->pid;
    hl->th32HeapID = (ULONG_PTR)s->heaps[i];
    hl->dwFlags = s->heaps[i] == GetProcessHeap() ? HF32_DEFAULT : 0;
    w32_object_unref(&s->obj);
    return TRUE;
}

BOOL WINAPI Heap32ListFirst(HANDLE hSnapshot, LPHEAPLIST32 lphl)
{
    return heap_list_walk(hSnapshot, lphl, true);
}

BOOL WINAPI Heap32ListNext(HANDLE hSnapshot, LPHEAPLIST32 lphl)
{
    return heap_list_walk(hSnapshot, lphl, false);
}

/*
 * Heap32First/Next read the heap as it is now, not as the snapshot found
 * it, as on Windows. The next block is found from dwAddress, th32HeapID and
 * th32ProcessID of the entry.
 */
static BOOL heap_entry_walk(LPHEAPENTRY32 he, DWORD pid, ULONG_PTR heap, const void *after)
{
    void *data = NULL;
    SIZE_T size = 0;
    DWORD error;

    if (he->dwSize < sizeof(HEAPENTRY32)) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    if (process_of(pid) != (DWORD)getpid()) {
        w32_set_error(ERROR_ACCESS_DENIED);     /* another process's heaps (above) */
        return FALSE;
    }
    error = w32_heap_next_block((HANDLE)heap, after, &data, &size);
    if (error) {
        w32_set_error(error);
        return FALSE;
    }
    he->hHandle = data;         /* a fixed block's handle is its address */
    he->dwAddress = (ULONG_PTR)data;
    he->dwBlockSize = size;
    he->dwFlags = LF32_FIXED;
    he->dwLockCount = 0;
    he->dwResvd = 0;
    he->th32ProcessID = process_of(pid);
    he->th32HeapID = heap;
    return TRUE;
}

BOOL WINAPI Heap32First(LPHEAPENTRY32 lphe, DWORD th32ProcessID, ULONG_PTR th32HeapID)
{
    return heap_entry_walk(lphe, th32ProcessID, th32HeapID, NULL);
}

BOOL WINAPI Heap32Next(LPHEAPENTRY32 lphe)
{
    if (lphe->dwSize >= sizeof(HEAPENTRY32) && !lphe->dwAddress) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return heap_entry_walk(lphe, lphe->th32ProcessID, lphe->th32HeapID, (void *)lphe->dwAddress);
}

/* process_vm_readv, for this process too: an unreadable range fails instead of faulting. */
BOOL WINAPI Toolhelp32ReadProcessMemory(DWORD th32ProcessID, LPCVOID lpBaseAddress,
                                        LPVOID lpBuffer, SIZE_T cbRead,
                                        SIZE_T *lpNumberOfBytesRead)
{
    struct iovec local = { lpBuffer, cbRead }, remote = { (void *)lpBaseAddress, cbRead };
    ssize_t n = cbRead ? process_vm_readv((pid_t)process_of(th32ProcessID), &local, 1, &remote, 1, 0) : 0;
    DWORD error = NO_ERROR;

    if (n < 0)
        error = errno == ESRCH ? ERROR_INVALID_PARAMETER :
                errno == EPERM ? ERROR_ACCESS_DENIED : ERROR_NOACCESS;
    else if ((SIZE_T)n < cbRead)
        error = ERROR_PARTIAL_COPY;
    if (lpNumberOfBytesRead && error != ERROR_INVALID_PARAMETER && error != ERROR_ACCESS_DENIED)
        *lpNumberOfBytesRead = n > 0 ? (SIZE_T)n : 0;
    if (error)
        w32_set_error(error);
    return !error;
}
