/*
 * winbase.h: job objects, within one process (doc/design.md, "Job objects").
 *
 * A job is a list of the process objects assigned to it (directly, or to a
 * job nested in it), kept after they end so that IsProcessInJob still
 * answers for them, as on Windows. The members are the processes this
 * program holds objects for: its children, processes it opened, itself.
 * The children that the current process creates while it is in a job join
 * that job; the monitor thread (process.c) reports every member's end.
 * Killing a job (TerminateJobObject, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)
 * also kills every descendant of its members that /proc shows, stopped
 * first so that none forks away meanwhile: a program's whole process tree
 * dies with its job, grandchildren that are not members (a program not
 * built with w32shim started them) too. The children that members create
 * join the job through the holder's inbox (w32_job_take_join).
 *
 * One lock, jobs_lock, guards every job's lists and limits and the list of
 * jobs, and each process's job_ended flag (process.h), which makes a
 * process's end and its joining a job seen in one order; it is taken
 * before a port's lock, with no object lock held (object.h). Killing and
 * timing processes take their locks: both work on references collected
 * under jobs_lock, released.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "job.h"
#include "cputime.h"
#include "error.h"
#include "fork.h"
#include "handle.h"
#include "inherit.h"
#include "iocp.h"
#include "namespace.h"
#include "process.h"
#include "shared.h"
#include "wait.h"
#include "xproc.h"

/* The limits SetInformationJobObject accepts and honours. */
#define JOB_LIMITS_DONE (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_BREAKAWAY_OK | \
                         JOB_OBJECT_LIMIT_ACTIVE_PROCESS | \
                         JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK | \
                         JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION)

struct member {
    struct w32_object *proc;    /* referenced */
    DWORD pid;
    bool ended;
    bool remote;                /* joined through a member (a grandchild): not told of limits */
};

struct job {
    struct w32_object obj;
    atomic_bool signaled;       /* set once TerminateJobObject ended the job */
    /* jobs_lock guards the rest. */
    struct job *prev, *next;    /* the list of jobs */
    struct job *parent;         /* the job this one is nested in; weak */
    uint64_t id;                /* its name in the chains of other processes (job.h) */
    struct member *members;     /* in assignment order */
    size_t count, cap;
    DWORD total, active;
    DWORD refused;              /* turned away by JOB_OBJECT_LIMIT_ACTIVE_PROCESS */
    uint64_t ended_user, ended_kernel;      /* the ended members' times */
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    struct w32_port *port;      /* a user taken; NULL until associated */
    ULONG_PTR port_key;
};

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct job *jobs;
static uint64_t last_id;        /* the last job's id; jobs_lock */
static atomic_bool any_jobs;    /* set at the first job's creation */

static const struct w32_object_type job_type;

static bool job_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return atomic_load_explicit(&((struct job *)obj)->signaled, memory_order_seq_cst);
}

/* jobs_lock held; a lost packet (out of memory, port closed) is what Windows
 * does with a full or closed port too. */
static void post(struct job *job, DWORD message, DWORD pid)
{
    if (job->port)
        w32_port_post(job->port, job->port_key, (LPOVERLAPPED)(ULONG_PTR)pid, message, 0);
}

static struct member *find_member(struct job *job, struct w32_object *proc)
{
    for (size_t i = 0; i < job->count; i++)
        if (job->members[i].proc == proc)
            return &job->members[i];
    return NULL;
}

/* The innermost job holding proc, or NULL; jobs_lock held. */
static struct job *innermost(struct w32_object *proc)
{
    struct job *best = NULL;
    int best_depth = -1;

    for (struct job *j = jobs; j; j = j->next) {
        int depth = 0;
        if (!find_member(j, proc))
            continue;
        for (struct job *a = j->parent; a; a = a->parent)
            depth++;
        if (depth > best_depth)
            best = j, best_depth = depth;
    }
    return best;
}

/* ---- the jobs a process is in, as the processes we created read them ---- */

/*
 * Taken before jobs_lock by whoever rewrites the records of the children
 * (w32_process_tell_jobs): one rewrite at a time, each computed under it,
 * so that the last written is the latest.
 */
static pthread_mutex_t tell_lock = PTHREAD_MUTEX_INITIALIZER;

/* Every job a process whose innermost job here is job (NULL: none) is in:
 * that one, those it is nested in, then outer, the jobs of other processes
 * it is in. jobs_lock held. */
static void chain_of(struct job *job, const struct w32_job_chain *outer, struct w32_job_chain *c)
{
    uint64_t start = 0;

    memset(c, 0, sizeof(*c));
    if (job)
        w32_xproc_start_time(getpid(), -1, &start);
    for (struct job *j = job; j && c->depth < W32_JOB_LEVELS; j = j->parent) {
        const JOBOBJECT_BASIC_LIMIT_INFORMATION *l = &j->limits.BasicLimitInformation;
        c->levels[c->depth].flags = l->LimitFlags;
        c->levels[c->depth].active_limit = l->ActiveProcessLimit;
        c->levels[c->depth].holder = (int32_t)getpid();
        c->levels[c->depth].holder_start = start;
        c->levels[c->depth++].id = j->id;
    }
    w32_job_chain_append(c, outer, 0);
}

/* The jobs of other processes proc is in; own: the current process's,
 * read before (w32_inherit_own_jobs). jobs_lock held. */
static const struct w32_job_chain *outer_of(struct w32_object *proc,
                                            const struct w32_job_chain *own)
{
    return w32_process_is_self(proc) ? own : w32_process_job_outer(proc);
}

/* Tells proc, a child of ours, which jobs it is in now. tell_lock held. */
static void tell_one(struct w32_object *proc)
{
    struct w32_job_chain chain;

    pthread_mutex_lock(&jobs_lock);
    chain_of(innermost(proc), w32_process_job_outer(proc), &chain);
    pthread_mutex_unlock(&jobs_lock);
    w32_process_tell_jobs(proc, &chain);
}

/* Tells every running process of every job which jobs it is in now: the
 * limits of one changed. No lock held. */
static void tell_members(void)
{
    struct w32_object **procs = NULL;
    size_t n = 0, cap = 0;

    pthread_mutex_lock(&tell_lock);
    pthread_mutex_lock(&jobs_lock);
    for (struct job *j = jobs; j; j = j->next) {
        for (size_t i = 0; i < j->count; i++) {
            struct w32_object *proc = j->members[i].proc;
            bool seen = j->members[i].ended || j->members[i].remote ||
                        w32_process_is_self(proc);
            for (size_t k = 0; k < n && !seen; k++)
                seen = procs[k] == proc;
            if (seen)
                continue;
            if (n == cap) {
                size_t more = cap ? cap * 2 : 16;
                struct w32_object **grown = realloc(procs, more * sizeof(*procs));
                if (!grown)
                    break;      /* out of memory: those collected are told */
                procs = grown, cap = more;
            }
            w32_object_ref(proc);
            procs[n++] = proc;
        }
    }
    pthread_mutex_unlock(&jobs_lock);
    for (size_t i = 0; i < n; i++) {
        tell_one(procs[i]);
        w32_object_unref(procs[i]);
    }
    pthread_mutex_unlock(&tell_lock);
    free(procs);
}

/* Adds proc to job and the jobs it is nested in; jobs_lock held. proc is
 * referenced for each. False when out of memory (nothing added). */
static bool add_member(struct job *job, struct w32_object *proc, bool ended, bool remote)
{
    DWORD pid = w32_process_id(proc);

    for (struct job *j = job; j; j = j->parent) {
        if (j->count == j->cap) {
            size_t cap = j->cap ? j->cap * 2 : 4;
            struct member *m = realloc(j->members, cap * sizeof(*m));
            if (!m)
                return false;       /* the jobs already grown keep their room */
            j->members = m;
            j->cap = cap;
        }
    }
    for (struct job *j = job; j; j = j->parent) {
        if (find_member(j, proc))
            continue;
        w32_object_ref(proc);
        j->members[j->count++] = (struct member){ proc, pid, ended, remote };
        j->total++;
        post(j, JOB_OBJECT_MSG_NEW_PROCESS, pid);
        if (ended) {
            post(j, JOB_OBJECT_MSG_EXIT_PROCESS, pid);
        } else {
            j->active++;
        }
    }
    return true;
}

/* ---- killing a job's processes and their descendants ---- */

struct victim {
    pid_t pid;
    int pidfd;
};

struct victims {
    struct victim *v;
    size_t count, cap;
};

static bool victims_has(const struct victims *vs, pid_t pid)
{
    for (size_t i = 0; i < vs->count; i++)
        if (vs->v[i].pid == pid)
            return true;
    return false;
}

/* Stops the process behind pidfd and keeps it; closes pidfd if it cannot. */
static void victims_add(struct victims *vs, pid_t pid, int pidfd)
{
    if (vs->count == vs->cap) {
        size_t cap = vs->cap ? vs->cap * 2 : 16;
        struct victim *v = realloc(vs->v, cap * sizeof(*v));
        if (!v) {
            close(pidfd);
            return;
        }
        vs->v = v;
        vs->cap = cap;
    }
    syscall(SYS_pidfd_send_signal, pidfd, SIGSTOP, NULL, 0);
    vs->v[vs->count++] = (struct victim){ pid, pidfd };
}

/* The parent of pid from /proc, or 0. */
static pid_t parent_of(pid_t pid)
{
    char path[40], buf[512], *p;
    FILE *f;
    int ppid = 0;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    f = fopen(path, "re");
    if (!f)
        return 0;
    /* The command name may hold spaces and parentheses: skip to the last ')'. */
    if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
        sscanf(p + 1, " %*c %d", &ppid);
    fclose(f);
    return (pid_t)ppid;
}

/*
 * One pass over /proc: every process whose parent is a stopped victim
 * becomes one too. A pid is taken only if, once its pidfd is open, its
 * parent is still that victim, so a reused pid is never taken. Returns
 * how many were added.
 */
static size_t add_children(struct victims *vs)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    size_t added = 0;

    if (!d)
        return 0;
    while ((e = readdir(d))) {
        pid_t pid = (pid_t)atoi(e->d_name), ppid;
        int pidfd;
        if (pid <= 0 || pid == getpid() || victims_has(vs, pid))
            continue;
        ppid = parent_of(pid);
        if (!ppid || !victims_has(vs, ppid))
            continue;
        pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
        if (pidfd < 0)
            continue;
        if (parent_of(pid) != ppid) {
            close(pidfd);
            continue;
        }
        victims_add(vs, pid, pidfd);
        added++;
    }
    closedir(d);
    return added;
}

/* The processes running in job (referenced), appended to *procs; jobs_lock
 * held. Out of memory, those that do not fit are left out. */
static void collect_running(struct job *job, struct w32_object ***procs, size_t *n)
{
    struct w32_object **more = realloc(*procs, (*n + job->count + 1) * sizeof(**procs));

    if (!more)
        return;
    *procs = more;
    for (size_t i = 0; i < job->count; i++) {
        if (job->members[i].ended)
            continue;
        w32_object_ref(job->members[i].proc);
        more[(*n)++] = job->members[i].proc;
    }
}

static void drop(struct w32_object **procs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        w32_object_unref(procs[i]);
    free(procs);
}

/*
 * Kills procs with code, each with its descendants, and drops them; true
 * if the current process is one (the caller ends it last). No lock held:
 * this takes the processes' object locks.
 */
static bool kill_procs(struct w32_object **procs, size_t n, DWORD code)
{
    struct victims vs = { 0 };
    bool self = false;

    for (size_t i = 0; i < n; i++) {
        int pidfd;
        if (w32_process_is_self(procs[i])) {
            self = true;
            continue;
        }
        pidfd = w32_process_pidfd_for_child(procs[i]);
        if (pidfd >= 0)
            victims_add(&vs, (pid_t)w32_process_id(procs[i]), pidfd);
    }
    /* Every victim is stopped: a round that finds no child found them all. */
    for (int round = 0; round < 64 && add_children(&vs); round++)
        ;
    /* The members through their objects, which keep the code. */
    for (size_t i = 0; i < n; i++)
        if (!w32_process_is_self(procs[i]))
            w32_process_terminate(procs[i], code);
    for (size_t i = 0; i < vs.count; i++) {
        syscall(SYS_pidfd_send_signal, vs.v[i].pidfd, SIGKILL, NULL, 0);
        close(vs.v[i].pidfd);
    }
    free(vs.v);
    drop(procs, n);
    return self;
}

/* ---- the object ---- */

/* Drops job from the list; the jobs nested in it now nest in its parent. */
static void unlink_job(struct job *job)
{
    for (struct job *j = jobs; j; j = j->next)
        if (j->parent == job)
            j->parent = job->parent;
    if (job->prev)
        job->prev->next = job->next;
    else if (jobs == job)
        jobs = job->next;
    if (job->next)
        job->next->prev = job->prev;
}

/*
 * The last handle is gone. JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE kills what
 * runs in the job, the current process included (last), as on Windows.
 */
static bool job_destroy(struct w32_object *obj)
{
    struct job *job = (struct job *)obj;
    struct w32_object **procs = NULL;
    size_t n = 0;
    bool self;

    pthread_mutex_lock(&jobs_lock);
    unlink_job(job);
    if (job->limits.BasicLimitInformation.LimitFlags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)
        collect_running(job, &procs, &n);
    pthread_mutex_unlock(&jobs_lock);
    self = kill_procs(procs, n, 0);
    for (size_t i = 0; i < job->count; i++)
        w32_object_unref(job->members[i].proc);
    free(job->members);
    if (job->port)
        w32_port_release(job->port);
    if (self)
        TerminateProcess(GetCurrentProcess(), 0);
    return true;
}

static const struct w32_object_type job_type = {
    .name = "Job",
    .access = {
        .read = STANDARD_RIGHTS_READ | JOB_OBJECT_QUERY,
        .write = STANDARD_RIGHTS_WRITE | JOB_OBJECT_ASSIGN_PROCESS |
                 JOB_OBJECT_SET_ATTRIBUTES | JOB_OBJECT_TERMINATE,
        .execute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
        .all = JOB_OBJECT_ALL_ACCESS,
    },
    .signaled = job_signaled,
    /* A job stays in its process, but its name is every process's. */
    .name_kind = W32_SHARED_JOB_NAME,
    .destroy = job_destroy,
};

/* The job behind h, once the grandchildren that joined it are counted. */
static struct job *get_job(HANDLE h, ACCESS_MASK access)
{
    w32_handle_take_sent();
    return (struct job *)w32_handle_get(h, &job_type, access);
}

/* ---- the process side ---- */

static pid_t owner_pid;     /* the process whose jobs the exit handler kills */

/*
 * The program exits: its job handles close, and the jobs with
 * JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE kill their processes (not this one,
 * which is ending). A process that is killed runs no handler: its jobs'
 * processes live on (doc/api.md).
 */
static void kill_on_exit(void)
{
    if (getpid() != owner_pid)
        return;         /* a forked child: the jobs are its parent's */
    struct w32_object **procs = NULL;
    size_t n = 0;

    pthread_mutex_lock(&jobs_lock);
    for (struct job *j = jobs; j; j = j->next)
        if (j->limits.BasicLimitInformation.LimitFlags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)
            collect_running(j, &procs, &n);
    pthread_mutex_unlock(&jobs_lock);
    kill_procs(procs, n, 0);
}

static void register_once(void)
{
    owner_pid = getpid();
    atexit(kill_on_exit);
}

static void register_exit_handler(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;

    pthread_once(&once, register_once);
}

/*
 * One more process in job would pass JOB_OBJECT_LIMIT_ACTIVE_PROCESS of job
 * or a job it is nested in: that job counts the process as one it turned
 * away (TotalProcesses and TotalTerminatedProcesses) and posts
 * JOB_OBJECT_MSG_ACTIVE_PROCESS_LIMIT, as Windows does before it ends the
 * process with ERROR_NOT_ENOUGH_QUOTA. jobs_lock held.
 */
static bool refuse_one_more(struct job *job)
{
    for (struct job *j = job; j; j = j->parent) {
        const JOBOBJECT_BASIC_LIMIT_INFORMATION *l = &j->limits.BasicLimitInformation;
        if ((l->LimitFlags & JOB_OBJECT_LIMIT_ACTIVE_PROCESS) &&
            j->active >= l->ActiveProcessLimit) {
            j->total++;
            j->refused++;
            post(j, JOB_OBJECT_MSG_ACTIVE_PROCESS_LIMIT, 0);
            return true;
        }
    }
    return false;
}

/*
 * Whether a job with limits lets a child go (JOB_OBJECT_LIMIT_SILENT_-
 * BREAKAWAY_OK every child, JOB_OBJECT_LIMIT_BREAKAWAY_OK those created
 * with CREATE_BREAKAWAY_FROM_JOB); *error gets ERROR_ACCESS_DENIED if the
 * innermost job (first) refuses a breakaway asked for.
 */
static bool lets_go(DWORD limits, bool breakaway, bool first, DWORD *error)
{
    if ((limits & JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK) ||
        (breakaway && (limits & JOB_OBJECT_LIMIT_BREAKAWAY_OK)))
        return true;
    if (breakaway && first)
        *error = ERROR_ACCESS_DENIED;
    return false;
}

/*
 * Walks up from job, then through own (the jobs of other processes this one
 * is in, which this process's outermost jobs are nested in): the first job
 * that keeps a child created with flags is its job, *out if it is one of
 * ours, otherwise the first level of *outer. A breakaway the innermost job
 * refuses fails, and so does a child that would pass its job's active
 * process limit here. jobs_lock held.
 */
static DWORD job_of_child(struct job *job, const struct w32_job_chain *own, DWORD flags,
                          struct job **out, struct w32_job_chain *outer)
{
    bool breakaway = flags & CREATE_BREAKAWAY_FROM_JOB, first = true;
    DWORD error = ERROR_SUCCESS;
    struct job *j = job;

    memset(outer, 0, sizeof(*outer));
    for (; j; j = j->parent, first = false)
        if (!lets_go(j->limits.BasicLimitInformation.LimitFlags, breakaway, first, &error))
            break;
    *out = j;
    if (error != ERROR_SUCCESS)
        return error;
    if (j) {
        w32_job_chain_append(outer, own, 0);
        return refuse_one_more(j) ? ERROR_NOT_ENOUGH_QUOTA : ERROR_SUCCESS;
    }
    for (uint32_t i = 0; i < own->depth; i++, first = false) {
        if (lets_go(own->levels[i].flags, breakaway, first, &error))
            continue;
        if (error == ERROR_SUCCESS)
            w32_job_chain_append(outer, own, i);
        break;
    }
    return error;
}

/*
 * Tells the processes holding the jobs of outer (those of other processes
 * proc, our new child, is in) that it joined them, each its innermost job
 * of theirs: it joins the jobs that one is nested in there.
 */
static void tell_holders(struct w32_object *proc, const struct w32_job_chain *outer)
{
    for (uint32_t i = 0; i < outer->depth && i < W32_JOB_LEVELS; i++) {
        bool told = outer->levels[i].holder <= 0;
        for (uint32_t k = 0; k < i && !told; k++)
            told = outer->levels[k].holder == outer->levels[i].holder &&
                   outer->levels[k].holder_start == outer->levels[i].holder_start;
        if (!told)
            w32_process_send_join(proc, outer->levels[i].holder, outer->levels[i].holder_start,
                                  outer->levels[i].id);
    }
}

bool w32_job_for_new_child(DWORD flags, struct w32_object **out, struct w32_job_chain *outer,
                           struct w32_job_chain *full)
{
    struct w32_job_chain own;
    struct job *job = NULL;
    DWORD error;

    *out = NULL;
    w32_inherit_own_jobs(&own);
    pthread_mutex_lock(&jobs_lock);
    error = job_of_child(jobs ? innermost(w32_process_self()) : NULL, &own, flags, &job, outer);
    /* A refused child takes no reference: the job must go with its last handle. */
    if (error == ERROR_SUCCESS && job && w32_object_try_ref(&job->obj))
        *out = &job->obj;
    chain_of(*out ? job : NULL, outer, full);
    pthread_mutex_unlock(&jobs_lock);
    if (error != ERROR_SUCCESS)
        w32_set_error(error);
    return error == ERROR_SUCCESS;
}

void w32_job_add_child(struct w32_object *obj, struct w32_object *proc,
                       const struct w32_job_chain *outer, const struct w32_job_chain *full)
{
    struct w32_job_chain now;

    if (!proc) {
        if (obj)
            w32_object_unref(obj);
        return;
    }
    pthread_mutex_lock(&jobs_lock);
    *w32_process_job_outer(proc) = *outer;
    /* A child that ended already is counted, and its end posted, too. */
    if (obj)
        add_member((struct job *)obj, proc, *w32_process_job_ended(proc), false);
    chain_of(innermost(proc), outer, &now);
    pthread_mutex_unlock(&jobs_lock);
    if (obj)
        w32_object_unref(obj);
    tell_holders(proc, outer);
    /* A job's limits changed since the record was written. */
    if (memcmp(&now, full, sizeof(now)) != 0) {
        pthread_mutex_lock(&tell_lock);
        tell_one(proc);
        pthread_mutex_unlock(&tell_lock);
    }
}

/* The listed job with id, referenced; NULL if it is gone. jobs_lock held. */
static struct job *job_with_id(uint64_t id)
{
    for (struct job *j = jobs; j; j = j->next)
        if (j->id == id)
            return w32_object_try_ref(&j->obj) ? j : NULL;
    return NULL;
}

void w32_job_take_join(const struct w32_xproc_parcel *parcel, int fd)
{
    struct w32_object *proc;
    struct job *job = NULL;
    bool refused = false;
    uint64_t id;

    w32_xproc_slot_free(parcel->slot);
    if (parcel->desc_len != sizeof(id)) {
        close(fd);
        return;
    }
    memcpy(&id, parcel->desc, sizeof(id));
    proc = w32_process_adopt(fd);
    if (!proc)
        return;
    pthread_mutex_lock(&jobs_lock);
    job = job_with_id(id);
    /* As a child created past the limit, once it runs: it is ended. */
    if (job && !find_member(job, proc)) {
        refused = refuse_one_more(job);
        if (!refused)
            add_member(job, proc, *w32_process_job_ended(proc), true);
    }
    pthread_mutex_unlock(&jobs_lock);
    if (refused)
        w32_process_terminate(proc, ERROR_NOT_ENOUGH_QUOTA);
    if (job)
        w32_object_unref(&job->obj);
    w32_object_unref(proc);
}

void w32_job_process_ended(struct w32_object *proc, DWORD code, bool abnormal,
                           uint64_t user, uint64_t kernel)
{
    /* A member told us of its children before it ended: they join first,
     * so that its end does not leave the job without active processes. */
    if (atomic_load_explicit(&any_jobs, memory_order_relaxed))
        w32_handle_take_sent();
    pthread_mutex_lock(&jobs_lock);
    *w32_process_job_ended(proc) = true;
    for (struct job *j = jobs; j; j = j->next) {
        struct member *m = find_member(j, proc);
        if (!m || m->ended)
            continue;
        m->ended = true;
        j->active--;
        j->ended_user += user;
        j->ended_kernel += kernel;
        post(j, abnormal ? JOB_OBJECT_MSG_ABNORMAL_EXIT_PROCESS : JOB_OBJECT_MSG_EXIT_PROCESS,
             m->pid);
        if (j->active == 0)
            post(j, JOB_OBJECT_MSG_ACTIVE_PROCESS_ZERO, 0);
    }
    pthread_mutex_unlock(&jobs_lock);
}

/* ---- the API ---- */

HANDLE WINAPI CreateJobObjectA(LPSECURITY_ATTRIBUTES lpJobAttributes, LPCSTR lpName)
{
    struct job *job = calloc(1, sizeof(*job));

    if (!job) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&job->obj, &job_type);
    pthread_mutex_lock(&jobs_lock);
    job->id = ++last_id;
    atomic_store_explicit(&any_jobs, true, memory_order_relaxed);
    job->next = jobs;
    if (jobs)
        jobs->prev = job;
    jobs = job;
    pthread_mutex_unlock(&jobs_lock);
    /* A name already taken drops job: its destroy unlists it. */
    return w32_named_create(&job->obj, lpName, lpJobAttributes, JOB_OBJECT_ALL_ACCESS);
}

HANDLE WINAPI CreateJobObjectW(LPSECURITY_ATTRIBUTES lpJobAttributes, LPCWSTR lpName)
{
    W32_WITH_UTF8_NAME(name, lpName, CreateJobObjectA(lpJobAttributes, name));
}

HANDLE WINAPI OpenJobObjectA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName)
{
    return w32_named_open(&job_type, lpName, dwDesiredAccess, bInheritHandle);
}

HANDLE WINAPI OpenJobObjectW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)
{
    W32_WITH_UTF8_NAME(name, lpName, OpenJobObjectA(dwDesiredAccess, bInheritHandle, name));
}

/*
 * A process already in a job joins a job nested in its innermost one, which
 * must hold no process yet (Windows 8 and later); a job it is in already
 * changes nothing. jobs_lock held.
 */
static DWORD assign(struct job *job, struct w32_object *proc)
{
    struct job *current = innermost(proc);

    if (*w32_process_job_ended(proc) || w32_process_has_exited(proc))
        return ERROR_ACCESS_DENIED;
    if (find_member(job, proc))
        return ERROR_SUCCESS;
    if (current) {
        if (job->count)
            return ERROR_ACCESS_DENIED;
        for (struct job *a = current; a; a = a->parent)
            if (a == job)
                return ERROR_ACCESS_DENIED;
    }
    if (refuse_one_more(current ? current : job) || (current && refuse_one_more(job)))
        return ERROR_NOT_ENOUGH_QUOTA;
    if (current)
        job->parent = current;
    return add_member(job, proc, false, false) ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
}

BOOL WINAPI AssignProcessToJobObject(HANDLE hJob, HANDLE hProcess)
{
    struct job *job = get_job(hJob, JOB_OBJECT_ASSIGN_PROCESS);
    struct w32_object *proc;
    DWORD error;

    if (!job)
        return FALSE;
    proc = w32_handle_get(hProcess, &w32_process_type, PROCESS_SET_QUOTA | PROCESS_TERMINATE);
    if (!proc) {
        w32_object_unref(&job->obj);
        return FALSE;
    }
    pthread_mutex_lock(&tell_lock);
    pthread_mutex_lock(&jobs_lock);
    error = assign(job, proc);
    pthread_mutex_unlock(&jobs_lock);
    /* A child of ours reads which jobs it is in from its record. */
    if (error == ERROR_SUCCESS && !w32_process_is_self(proc))
        tell_one(proc);
    pthread_mutex_unlock(&tell_lock);
    /* A process over the active process limit ends, as on Windows. */
    if (error == ERROR_NOT_ENOUGH_QUOTA && w32_process_is_self(proc))
        TerminateProcess(GetCurrentProcess(), ERROR_NOT_ENOUGH_QUOTA);
    if (error == ERROR_NOT_ENOUGH_QUOTA)
        w32_process_terminate(proc, ERROR_NOT_ENOUGH_QUOTA);
    w32_object_unref(proc);
    w32_object_unref(&job->obj);
    if (error != ERROR_SUCCESS)
        w32_set_error(error);
    return error == ERROR_SUCCESS;
}

BOOL WINAPI IsProcessInJob(HANDLE ProcessHandle, HANDLE JobHandle, PBOOL Result)
{
    struct w32_job_chain own = { 0 };
    struct w32_object *proc;
    struct job *job = NULL;
    BOOL in;

    /* A grandchild that joined one of our jobs is a member once taken. */
    w32_handle_take_sent();
    proc = w32_handle_get(ProcessHandle, &w32_process_type, PROCESS_QUERY_LIMITED_INFORMATION);
    if (!proc)
        return FALSE;
    if (JobHandle && !(job = get_job(JobHandle, JOB_OBJECT_QUERY))) {
        w32_object_unref(proc);
        return FALSE;
    }
    if (!job && w32_process_is_self(proc))
        w32_inherit_own_jobs(&own);
    pthread_mutex_lock(&jobs_lock);
    in = job ? find_member(job, proc) != NULL
             : innermost(proc) != NULL || outer_of(proc, &own)->depth > 0;
    pthread_mutex_unlock(&jobs_lock);
    w32_object_unref(proc);
    if (job)
        w32_object_unref(&job->obj);
    if (!Result) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *Result = in;
    return TRUE;
}

BOOL WINAPI TerminateJobObject(HANDLE hJob, UINT uExitCode)
{
    struct job *job = get_job(hJob, JOB_OBJECT_TERMINATE);
    struct w32_object **procs = NULL;
    size_t n = 0;
    bool self;

    if (!job)
        return FALSE;
    pthread_mutex_lock(&jobs_lock);
    collect_running(job, &procs, &n);
    pthread_mutex_unlock(&jobs_lock);
    self = kill_procs(procs, n, uExitCode);
    atomic_store_explicit(&job->signaled, true, memory_order_seq_cst);
    w32_dispatch_changed(&job->obj);
    w32_object_unref(&job->obj);
    if (self)
        TerminateProcess(GetCurrentProcess(), uExitCode);
    return TRUE;
}

/* ---- QueryInformationJobObject ---- */

/* The CPU times used so far by procs, which it drops. No lock held. */
static void running_times(struct w32_object **procs, size_t n, uint64_t *user,
                          uint64_t *kernel)
{
    for (size_t i = 0; i < n; i++) {
        struct w32_cpu_times t = { 0 };
        pid_t pid;
        if (w32_process_is_self(procs[i])) {
            w32_cputime_of_self(true, &t);
        } else if ((pid = w32_process_lock_pid(procs[i]))) {
            w32_cputime_of_proc(pid, 0, &t);
            w32_process_unlock_pid(procs[i]);
        }
        *user += t.user;
        *kernel += t.kernel;
    }
    drop(procs, n);
}

/* The running members' times are read first, with no lock held. */
static DWORD query_accounting(struct job *job, void *out, DWORD size, DWORD *len)
{
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION info = { 0 };
    struct w32_object **procs = NULL;
    uint64_t user = 0, kernel = 0;
    size_t n = 0;

    *len = sizeof(info);
    if (size < sizeof(info))
        return ERROR_BAD_LENGTH;
    pthread_mutex_lock(&jobs_lock);
    collect_running(job, &procs, &n);
    pthread_mutex_unlock(&jobs_lock);
    running_times(procs, n, &user, &kernel);
    pthread_mutex_lock(&jobs_lock);
    user += job->ended_user;
    kernel += job->ended_kernel;
    info.TotalProcesses = job->total;
    info.TotalTerminatedProcesses = job->refused;
    info.ActiveProcesses = job->active;
    pthread_mutex_unlock(&jobs_lock);
    info.TotalUserTime.QuadPart = (LONGLONG)user;
    info.TotalKernelTime.QuadPart = (LONGLONG)kernel;
    info.ThisPeriodTotalUserTime = info.TotalUserTime;
    info.ThisPeriodTotalKernelTime = info.TotalKernelTime;
    memcpy(out, &info, sizeof(info));
    return ERROR_SUCCESS;
}

/* The running processes' ids; as many as fit, ERROR_MORE_DATA if not all. */
static DWORD query_pids(struct job *job, void *out, DWORD size, DWORD *len)
{
    JOBOBJECT_BASIC_PROCESS_ID_LIST *list = out;
    size_t head = offsetof(JOBOBJECT_BASIC_PROCESS_ID_LIST, ProcessIdList);
    size_t room, n = 0;

    /* Windows wants room for one id at least. */
    if (size < sizeof(*list)) {
        *len = sizeof(*list);
        return ERROR_BAD_LENGTH;
    }
    room = (size - head) / sizeof(ULONG_PTR);
    pthread_mutex_lock(&jobs_lock);
    for (size_t i = 0; i < job->count; i++) {
        if (job->members[i].ended)
            continue;
        if (n < room)
            list->ProcessIdList[n] = job->members[i].pid;
        n++;
    }
    pthread_mutex_unlock(&jobs_lock);
    list->NumberOfAssignedProcesses = (DWORD)n;
    list->NumberOfProcessIdsInList = (DWORD)(n < room ? n : room);
    *len = (DWORD)(head + list->NumberOfProcessIdsInList * sizeof(ULONG_PTR));
    return n <= room ? ERROR_SUCCESS : ERROR_MORE_DATA;
}

static DWORD query_limits(struct job *job, void *out, DWORD size, DWORD want, DWORD *len)
{
    *len = want;
    if (size < want)
        return ERROR_BAD_LENGTH;
    pthread_mutex_lock(&jobs_lock);
    memcpy(out, &job->limits, want);
    pthread_mutex_unlock(&jobs_lock);
    return ERROR_SUCCESS;
}

static bool class_not_supported(JOBOBJECTINFOCLASS c);

/* No job has CPU rate control: SetInformationJobObject refuses it. */
static DWORD query_cpu_rate(void *out, DWORD size, DWORD *len)
{
    *len = sizeof(JOBOBJECT_CPU_RATE_CONTROL_INFORMATION);
    if (size < *len)
        return ERROR_BAD_LENGTH;
    memset(out, 0, *len);
    return ERROR_SUCCESS;
}

/*
 * The job of another process this one is in (own's first level): its
 * limits are all SetInformationJobObject keeps of them; its processes
 * are counted where it lives (doc/api.md).
 */
static DWORD query_outer(const struct w32_job_chain *own, JOBOBJECTINFOCLASS c, void *out,
                         DWORD size, DWORD *len)
{
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits = { 0 };
    DWORD want = sizeof(limits);

    switch (c) {
    case JobObjectBasicLimitInformation:
        want = sizeof(JOBOBJECT_BASIC_LIMIT_INFORMATION);
        /* fall through */
    case JobObjectExtendedLimitInformation:
        *len = want;
        if (size < want)
            return ERROR_BAD_LENGTH;
        limits.BasicLimitInformation.LimitFlags = own->levels[0].flags;
        limits.BasicLimitInformation.ActiveProcessLimit = own->levels[0].active_limit;
        memcpy(out, &limits, want);
        return ERROR_SUCCESS;
    case JobObjectCpuRateControlInformation:
        return query_cpu_rate(out, size, len);
    case JobObjectBasicAccountingInformation:
    case JobObjectBasicProcessIdList:
        return ERROR_NOT_SUPPORTED;
    default:
        return class_not_supported(c) ? ERROR_NOT_SUPPORTED : ERROR_INVALID_PARAMETER;
    }
}

/* Known classes Windows answers and w32shim does not (doc/api.md). */
static bool class_not_supported(JOBOBJECTINFOCLASS c)
{
    return c == JobObjectBasicUIRestrictions || c == JobObjectSecurityLimitInformation ||
           c == JobObjectEndOfJobTimeInformation || c == JobObjectBasicAndIoAccountingInformation;
}

/* Each class takes jobs_lock itself. */
static DWORD query(struct job *job, JOBOBJECTINFOCLASS c, void *out, DWORD size, DWORD *len)
{
    switch (c) {
    case JobObjectBasicAccountingInformation:
        return query_accounting(job, out, size, len);
    case JobObjectBasicLimitInformation:
        return query_limits(job, out, size, sizeof(JOBOBJECT_BASIC_LIMIT_INFORMATION), len);
    case JobObjectExtendedLimitInformation:
        return query_limits(job, out, size, sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION), len);
    case JobObjectBasicProcessIdList:
        return query_pids(job, out, size, len);
    case JobObjectCpuRateControlInformation:
        return query_cpu_rate(out, size, len);
    default:
        return class_not_supported(c) ? ERROR_NOT_SUPPORTED : ERROR_INVALID_PARAMETER;
    }
}

/*
 * The innermost job the current process is in: one of ours (*job,
 * referenced) or else the first of *own, those of other processes. False
 * with ERROR_ACCESS_DENIED if it is in none, as on Windows.
 */
static bool own_job(struct job **job, struct w32_job_chain *own)
{
    *job = NULL;
    w32_inherit_own_jobs(own);
    pthread_mutex_lock(&jobs_lock);
    struct job *j = jobs ? innermost(w32_process_self()) : NULL;
    if (j && w32_object_try_ref(&j->obj))
        *job = j;
    pthread_mutex_unlock(&jobs_lock);
    if (*job || own->depth)
        return true;
    w32_set_error(ERROR_ACCESS_DENIED);
    return false;
}

BOOL WINAPI QueryInformationJobObject(HANDLE hJob, JOBOBJECTINFOCLASS JobObjectInformationClass,
                                      LPVOID lpJobObjectInformation,
                                      DWORD cbJobObjectInformationLength, LPDWORD lpReturnLength)
{
    struct w32_job_chain own = { 0 };
    struct job *job = NULL;
    DWORD error, len = 0;

    /* NULL: the innermost job of the current process, as on Windows. */
    if (hJob ? !(job = get_job(hJob, JOB_OBJECT_QUERY)) : !own_job(&job, &own))
        return FALSE;
    if (!lpJobObjectInformation && cbJobObjectInformationLength) {
        if (job)
            w32_object_unref(&job->obj);
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (job)
        error = query(job, JobObjectInformationClass, lpJobObjectInformation,
                      cbJobObjectInformationLength, &len);
    else
        error = query_outer(&own, JobObjectInformationClass, lpJobObjectInformation,
                            cbJobObjectInformationLength, &len);
    if (job)
        w32_object_unref(&job->obj);
    if (lpReturnLength && (error == ERROR_SUCCESS || error == ERROR_MORE_DATA))
        *lpReturnLength = len;
    if (error != ERROR_SUCCESS)
        w32_set_error(error);
    return error == ERROR_SUCCESS;
}

/* ---- SetInformationJobObject ---- */

/* The size must be the class's (as NtSetInformationJobObject wants). Windows
 * rejects flags outside the class's; of the valid ones, w32shim honours
 * JOB_LIMITS_DONE only. */
static DWORD set_limits(struct job *job, const void *in, DWORD size, DWORD want, DWORD valid)
{
    JOBOBJECT_BASIC_LIMIT_INFORMATION basic;

    if (size != want)
        return ERROR_BAD_LENGTH;
    if (!in)
        return ERROR_NOACCESS;
    memcpy(&basic, in, sizeof(basic));
    if (basic.LimitFlags & ~valid)
        return ERROR_INVALID_PARAMETER;
    if (basic.LimitFlags & ~JOB_LIMITS_DONE)
        return ERROR_NOT_SUPPORTED;
    job->limits.BasicLimitInformation.LimitFlags = basic.LimitFlags;
    job->limits.BasicLimitInformation.ActiveProcessLimit =
        basic.LimitFlags & JOB_OBJECT_LIMIT_ACTIVE_PROCESS ? basic.ActiveProcessLimit : 0;
    if (basic.LimitFlags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)
        register_exit_handler();
    return ERROR_SUCCESS;
}

/* The port gets a JOB_OBJECT_MSG_NEW_PROCESS for each process already
 * running in the job, as on Windows. A job keeps its first port. */
static DWORD set_port(struct job *job, const void *in, DWORD size)
{
    JOBOBJECT_ASSOCIATE_COMPLETION_PORT info;
    struct w32_port *port;

    if (size != sizeof(info))
        return ERROR_BAD_LENGTH;
    if (!in)
        return ERROR_NOACCESS;
    memcpy(&info, in, sizeof(info));
    if (job->port)
        return ERROR_INVALID_PARAMETER;
    port = w32_port_get(info.CompletionPort);
    if (!port)
        return GetLastError();
    job->port = port;
    job->port_key = (ULONG_PTR)info.CompletionKey;
    for (size_t i = 0; i < job->count; i++)
        if (!job->members[i].ended)
            post(job, JOB_OBJECT_MSG_NEW_PROCESS, job->members[i].pid);
    return ERROR_SUCCESS;
}

static DWORD set(struct job *job, JOBOBJECTINFOCLASS c, const void *in, DWORD size)
{
    switch (c) {
    case JobObjectBasicLimitInformation:
        return set_limits(job, in, size, sizeof(JOBOBJECT_BASIC_LIMIT_INFORMATION),
                          JOB_OBJECT_BASIC_LIMIT_VALID_FLAGS);
    case JobObjectExtendedLimitInformation:
        return set_limits(job, in, size, sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION),
                          JOB_OBJECT_EXTENDED_LIMIT_VALID_FLAGS);
    case JobObjectAssociateCompletionPortInformation:
        return set_port(job, in, size);
    case JobObjectBasicAccountingInformation:
    case JobObjectBasicProcessIdList:
    case JobObjectBasicAndIoAccountingInformation:
        return ERROR_INVALID_PARAMETER;     /* read-only classes */
    case JobObjectCpuRateControlInformation:
        return ERROR_NOT_SUPPORTED;
    default:
        return class_not_supported(c) ? ERROR_NOT_SUPPORTED : ERROR_INVALID_PARAMETER;
    }
}

BOOL WINAPI SetInformationJobObject(HANDLE hJob, JOBOBJECTINFOCLASS JobObjectInformationClass,
                                    LPVOID lpJobObjectInformation,
                                    DWORD cbJobObjectInformationLength)
{
    struct job *job = get_job(hJob, JOB_OBJECT_SET_ATTRIBUTES);
    DWORD error;

    if (!job)
        return FALSE;
    pthread_mutex_lock(&jobs_lock);
    error = set(job, JobObjectInformationClass, lpJobObjectInformation,
                cbJobObjectInformationLength);
    pthread_mutex_unlock(&jobs_lock);
    w32_object_unref(&job->obj);
    /* The children of ours in it or in jobs nested in it read its limits. */
    if (error == ERROR_SUCCESS && (JobObjectInformationClass == JobObjectBasicLimitInformation ||
                                   JobObjectInformationClass == JobObjectExtendedLimitInformation))
        tell_members();
    if (error != ERROR_SUCCESS)
        w32_set_error(error);
    return error == ERROR_SUCCESS;
}

void w32_job_fork(enum w32_fork_phase phase)
{
    /* In lock order. */
    w32_fork_mutex(&tell_lock, phase);
    w32_fork_mutex(&jobs_lock, phase);
}
