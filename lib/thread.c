/* processthreadsapi.h: threads as waitable objects, on pthreads. */
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <ntstatus.h>
#include "thread.h"
#include "apc.h"
#include "error.h"
#include "fiber.h"
#include "fls.h"
#include "futex.h"
#include "handle.h"
#include "mutex.h"
#include "process.h"
#include "unicode.h"
#include "virtual.h"
#include "wait.h"
#include "fork.h"

#define MAXIMUM_SUSPEND_COUNT 127
/* The stack reserve a Windows linker gives a program, and so its threads. */
#define W32_DEFAULT_STACK_RESERVE ((SIZE_T)1 << 20)

__thread struct w32_thread *w32_thread_current __attribute__((tls_model("initial-exec")));
static __thread DWORD current_id __attribute__((tls_model("initial-exec")));
static atomic_uint next_thread_id = 4;

static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;      /* its destructor ends the record with the thread */

/* Guards the list of thread records (running, or ended with handles left) and
 * their tls_slots pointers. */
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct w32_thread *all_threads;

static bool thread_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return atomic_load_explicit(&((struct w32_thread *)obj)->exited, memory_order_seq_cst);
}

/* The record stays on the list, and OpenThread finds it, until its last handle goes. */
static bool thread_destroy(struct w32_object *obj)
{
    struct w32_thread *t = (struct w32_thread *)obj;

    pthread_mutex_lock(&list_lock);
    if (t->prev)
        t->prev->next = t->next;
    else if (all_threads == t)
        all_threads = t->next;
    if (t->next)
        t->next->prev = t->prev;
    pthread_mutex_unlock(&list_lock);
    free(t->description);
    return true;
}

const struct w32_object_type w32_thread_type = {
    .name = "Thread",
    .access = {
        .read = STANDARD_RIGHTS_READ | THREAD_GET_CONTEXT | THREAD_QUERY_INFORMATION,
        .write = STANDARD_RIGHTS_WRITE | THREAD_TERMINATE | THREAD_SUSPEND_RESUME |
                 THREAD_SET_INFORMATION | THREAD_SET_CONTEXT,
        .execute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE |
                   THREAD_QUERY_LIMITED_INFORMATION,
        .all = THREAD_ALL_ACCESS,
        .query = THREAD_QUERY_INFORMATION,
        .query_limited = THREAD_QUERY_LIMITED_INFORMATION,
        .set = THREAD_SET_INFORMATION,
        .set_limited = THREAD_SET_LIMITED_INFORMATION,
    },
    .signaled = thread_signaled,
    .destroy = thread_destroy,
};

static DWORD new_thread_id(void)
{
    return atomic_fetch_add_explicit(&next_thread_id, 4, memory_order_relaxed);
}

/* The id is the record's: a thread that asked for its id can be opened by it. */
DWORD WINAPI GetCurrentThreadId(void)
{
    if (!current_id && !w32_thread_self())
        current_id = new_thread_id();
    return current_id;
}

void w32_thread_forget_tid(struct w32_thread *t)
{
    w32_object_lock(&t->obj);
    atomic_store(&t->tid, 0);
    w32_object_unlock(&t->obj);
}

void w32_thread_end(struct w32_thread *t, DWORD code)
{
    w32_thread_forget_tid(t);
    t->exit_code = code;
    atomic_store_explicit(&t->exited, true, memory_order_seq_cst);
    w32_dispatch_changed(&t->obj);
}

/* The calling thread t is ending: its CPU times and the time it ended. */
static void record_end_times(struct w32_thread *t)
{
    struct w32_cpu_times now = { 0 };

    /* No file is opened here: a program counting its fds after its threads
     * end must not see one still open. */
    w32_cputime_used(false, &now);
    t->times.kernel = now.kernel;
    t->times.user = now.user;
    t->times.exited = w32_cputime_now();
}

/* Runs as the thread ends: the record becomes signalled, its mutexes abandoned. */
static void thread_exit(void *arg)
{
    struct w32_thread *t = arg;
    _Atomic(void *) *slots;

    t->leaving = true;
    w32_fls_thread_exit();
    w32_fiber_thread_end();
    record_end_times(t);
    /* Its mutexes are abandoned before anyone sees the thread end. */
    w32_mutex_abandon_all(t);
    w32_thread_end(t, t->pending_exit_code);
    w32_apc_discard(t);

    pthread_mutex_lock(&list_lock);
    slots = t->tls_slots;
    t->tls_slots = NULL;
    pthread_mutex_unlock(&list_lock);
    free(slots);

    w32_thread_current = NULL;
    w32_object_unref(&t->obj);
}

static void make_key(void)
{
    pthread_key_create(&exit_key, thread_exit);
}

static struct w32_thread *new_record(DWORD id)
{
    struct w32_thread *t = calloc(1, sizeof(*t));

    if (!t)
        return NULL;
    w32_object_init(&t->obj, &w32_thread_type);
    w32_lock_init(&t->apc_lock);
    t->id = id;
    t->times.created = w32_cputime_now();
    return t;
}

/* Lists t, so OpenThread finds it by id from now on. */
static void list_add(struct w32_thread *t)
{
    pthread_mutex_lock(&list_lock);
    t->next = all_threads;
    if (all_threads)
        all_threads->prev = t;
    all_threads = t;
    pthread_mutex_unlock(&list_lock);
}

/* Makes t the calling thread's record; t's first reference is the thread's own. */
static bool bind_current(struct w32_thread *t)
{
    w32_fork_ensure();
    pthread_once(&key_once, make_key);
    if (pthread_setspecific(exit_key, t) != 0)
        return false;
    w32_thread_current = t;
    current_id = t->id;
    t->shared_tag = ((uint64_t)getpid() << 32) | ((uint64_t)syscall(SYS_gettid) << 2);
    w32_sched_thread_started(t);
    return true;
}

struct w32_thread *w32_thread_new_remote(DWORD process_id)
{
    struct w32_thread *t = new_record(new_thread_id());

    if (!t)
        return NULL;
    t->started = true;
    t->process_id = process_id;
    atomic_init(&t->tid, (int)process_id);     /* a child's main thread: its pid */
    list_add(t);
    return t;
}

struct w32_thread *w32_thread_self_slow(void)
{
    struct w32_thread *t = new_record(current_id ? current_id : new_thread_id());
    struct w32_cpu_times self;

    if (!t)
        return NULL;
    t->started = true;
    /* A thread the library did not start began before its record. */
    w32_cputime_of_self(false, &self);
    if (self.created)
        t->times.created = self.created;
    if (!bind_current(t)) {
        free(t);
        return NULL;
    }
    list_add(t);
    return t;
}

struct w32_object *w32_thread_self_ref(void)
{
    struct w32_thread *t = w32_thread_self();

    if (!t) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_ref(&t->obj);
    return &t->obj;
}

void w32_thread_for_each(void (*fn)(struct w32_thread *thread, void *arg), void *arg)
{
    pthread_mutex_lock(&list_lock);
    for (struct w32_thread *t = all_threads; t; t = t->next)
        fn(t, arg);
    pthread_mutex_unlock(&list_lock);
}

struct w32_thread *w32_thread_find_tid(pid_t tid)
{
    struct w32_thread *found = NULL;

    pthread_mutex_lock(&list_lock);
    for (struct w32_thread *t = all_threads; t && !found; t = t->next)
        if (atomic_load(&t->tid) == tid && !t->process_id && w32_object_try_ref(&t->obj))
            found = t;
    pthread_mutex_unlock(&list_lock);
    return found;
}

void w32_thread_set_tls(struct w32_thread *thread, _Atomic(void *) *slots)
{
    pthread_mutex_lock(&list_lock);
    thread->tls_slots = slots;
    pthread_mutex_unlock(&list_lock);
}

/*
 * A CREATE_SUSPENDED thread waits here until ResumeThread brings the count
 * to 0; so does one created running that was suspended before its kernel id
 * was known (SuspendThread could not signal it). It runs after bind_current
 * has recorded the id.
 */
static void wait_until_resumed(struct w32_thread *t)
{
    w32_object_lock(&t->obj);
    for (;;) {
        unsigned state = atomic_load_explicit(&t->suspend_state, memory_order_relaxed);
        if (W32_SUSPEND_COUNT(state) == 0 || atomic_load(&t->terminating))
            break;
        w32_object_unlock(&t->obj);
        w32_suspend_self(t);
        w32_object_lock(&t->obj);
    }
    t->started = true;
    w32_object_unlock(&t->obj);
}

static void *thread_main(void *arg)
{
    struct w32_thread *t = arg;
    bool attached = bind_current(t);

    wait_until_resumed(t);
    w32_thread_terminate_point(t);  /* terminated before it ran */
    w32_apc_run_pending(t);     /* APCs queued before the thread started run first */
    t->pending_exit_code = t->start(t->param);
    t->leaving = true;
    if (!attached)
        thread_exit(t);     /* no key destructor will run it */
    return NULL;
}

/* Rounds size up to a multiple of unit (a power of two), saturating. */
static SIZE_T round_up(SIZE_T size, SIZE_T unit)
{
    return size > (SIZE_T)-1 - (unit - 1) ? size : (size + unit - 1) & ~(unit - 1);
}

/*
 * The stack a thread reserves, as Windows sizes it: dwStackSize is what the
 * thread commits at first, and the reserve stays the program's default
 * (1 MiB, as a linker gives a Windows program) unless the commit is larger,
 * when it is rounded up to whole MiB; with STACK_SIZE_PARAM_IS_A_RESERVATION
 * it is the reserve itself, in 64 KiB units. Linux commits stack pages as they
 * are touched, so only the reserve matters here.
 */
SIZE_T w32_thread_stack_reserve(SIZE_T size, DWORD flags)
{
    SIZE_T reserve;

    if ((flags & STACK_SIZE_PARAM_IS_A_RESERVATION) && size)
        reserve = round_up(size, W32_GRANULARITY);
    else if (size > W32_DEFAULT_STACK_RESERVE)
        reserve = round_up(size, W32_DEFAULT_STACK_RESERVE);
    else
        reserve = W32_DEFAULT_STACK_RESERVE;
    return reserve < (SIZE_T)PTHREAD_STACK_MIN ? (SIZE_T)PTHREAD_STACK_MIN : reserve;
}

static bool start_pthread(struct w32_thread *t, SIZE_T stack_size, DWORD flags)
{
    pthread_attr_t attr;
    pthread_t tid;
    int err;

    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, w32_thread_stack_reserve(stack_size, flags));
    err = pthread_create(&tid, &attr, thread_main, t);
    pthread_attr_destroy(&attr);
    if (err) {
        w32_set_error(w32_error_from_errno(err));
        return false;
    }
    return true;
}

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                           LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter,
                           DWORD dwCreationFlags, LPDWORD lpThreadId)
{
    struct w32_thread *t;
    HANDLE h;

    /* Windows creates a thread that faults at once; refuse it instead. Flags
     * other than CREATE_SUSPENDED are ignored, as Windows ignores them. */
    if (!lpStartAddress) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    t = new_record(new_thread_id());
    if (!t) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    t->start = lpStartAddress;
    t->param = lpParameter;
    atomic_init(&t->suspend_state, (dwCreationFlags & CREATE_SUSPENDED) ? 1 : 0);
    t->started = !(dwCreationFlags & CREATE_SUSPENDED);
    /* One reference for the handle, one the thread drops when it ends. */
    w32_object_ref(&t->obj);
    h = w32_handle_create(&t->obj, THREAD_ALL_ACCESS,
                          lpThreadAttributes && lpThreadAttributes->bInheritHandle);
    if (!h) {
        w32_object_unref(&t->obj);
        return NULL;
    }
    list_add(t);
    if (!start_pthread(t, dwStackSize, dwCreationFlags)) {
        DWORD error = GetLastError();
        CloseHandle(h);
        w32_object_unref(&t->obj);
        w32_set_error(error);
        return NULL;
    }
    if (lpThreadId)
        *lpThreadId = t->id;
    return h;
}

void WINAPI ExitThread(DWORD dwExitCode)
{
    struct w32_thread *t = w32_thread_self();

    if (t) {
        t->leaving = true;
        t->pending_exit_code = dwExitCode;
    }
    w32_fiber_exit_prepare();
    pthread_exit(NULL);
}

_Noreturn void w32_thread_terminated(struct w32_thread *t)
{
    t->leaving = true;
    t->pending_exit_code = t->terminate_code;
    w32_fls_thread_drop();      /* as on Windows, no FLS callback runs */
    w32_fiber_exit_prepare();
    pthread_exit(NULL);
}

/*
 * Marks t terminating with code unless it has ended or is already so;
 * false with the last error set if it cannot be (another process's).
 * *tid: its kernel id if it runs and must be told, else 0.
 */
static bool mark_terminating(struct w32_thread *t, DWORD code, pid_t *tid)
{
    bool ok = true;

    *tid = 0;
    w32_object_lock(&t->obj);
    if (atomic_load(&t->exited) || atomic_load(&t->terminating)) {
        /* Ended or ending already: TRUE, as on Windows; the code stays. */
    } else if (t->process_id) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        ok = false;
    } else {
        t->terminate_code = code;
        atomic_store(&t->terminating, true);
        /* A new suspension number: a thread about to sleep in park() finds
         * the word changed and looks at terminating again. */
        atomic_fetch_add(&t->suspend_state, W32_SUSPENSION_ONE);
        *tid = t->started ? atomic_load(&t->tid) : 0;
    }
    w32_object_unlock(&t->obj);
    return ok;
}

/*
 * Windows stops the thread wherever it is. Here the suspension signal
 * (suspend.c) ends it at once unless it is inside the library's locks or
 * queued waits: a wait on objects is ended for it, and it ends as it leaves
 * the last. A thread suspended, or not yet started, ends as it is woken.
 */
BOOL WINAPI TerminateThread(HANDLE hThread, DWORD dwExitCode)
{
    struct w32_thread *t = w32_thread_get(hThread, THREAD_TERMINATE);
    pid_t tid;
    bool ok;

    if (!t)
        return FALSE;
    if (t == w32_thread_peek()) {
        w32_object_unref(&t->obj);
        ExitThread(dwExitCode);
    }
    ok = mark_terminating(t, dwExitCode, &tid);
    if (ok && atomic_load(&t->terminating)) {
        w32_futex_wake(&t->suspend_state, INT_MAX);     /* parked or not started */
        w32_dispatch_terminate(t);
        if (tid && !w32_terminate_running(t, tid)) {
            w32_set_error(ERROR_NOT_SUPPORTED);
            ok = false;
        }
    }
    w32_object_unref(&t->obj);
    return ok;
}

HANDLE WINAPI GetCurrentThread(void)
{
    return W32_PSEUDO_THREAD;
}

struct w32_thread *w32_thread_get(HANDLE h, ACCESS_MASK access)
{
    return (struct w32_thread *)w32_handle_get(h, &w32_thread_type, access);
}

BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode)
{
    struct w32_thread *t = w32_thread_get(hThread, THREAD_QUERY_LIMITED_INFORMATION);
    DWORD code;

    if (!t)
        return FALSE;
    code = atomic_load_explicit(&t->exited, memory_order_acquire) ? t->exit_code : STILL_ACTIVE;
    w32_object_unref(&t->obj);
    if (!lpExitCode) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *lpExitCode = code;
    return TRUE;
}

DWORD WINAPI GetThreadId(HANDLE Thread)
{
    struct w32_thread *t = w32_thread_get(Thread, THREAD_QUERY_LIMITED_INFORMATION);
    DWORD id;

    if (!t)
        return 0;
    id = t->id;
    w32_object_unref(&t->obj);
    return id;
}

DWORD WINAPI GetProcessIdOfThread(HANDLE Thread)
{
    struct w32_thread *t = w32_thread_get(Thread, THREAD_QUERY_LIMITED_INFORMATION);
    DWORD pid;

    if (!t)
        return 0;
    pid = t->process_id ? t->process_id : GetCurrentProcessId();
    w32_object_unref(&t->obj);
    return pid;
}

DWORD WINAPI ResumeThread(HANDLE hThread)
{
    struct w32_thread *t = w32_thread_get(hThread, THREAD_SUSPEND_RESUME);
    unsigned previous, state;
    bool exited, child_runs = false;

    if (!t)
        return (DWORD)-1;
    w32_object_lock(&t->obj);
    exited = atomic_load_explicit(&t->exited, memory_order_relaxed);
    state = atomic_load_explicit(&t->suspend_state, memory_order_relaxed);
    previous = W32_SUSPEND_COUNT(state);
    if (previous > 0 && !exited)
        atomic_store_explicit(&t->suspend_state, state - 1, memory_order_relaxed);
    if (exited)
        previous = 0;
    /* A CREATE_SUSPENDED child's main thread starts its program (process.c). */
    if (previous == 1 && t->process_id && !t->started)
        child_runs = t->started = true;
    w32_object_unlock(&t->obj);
    if (child_runs)
        w32_process_resume_main(t);
    else if (previous == 1)
        w32_futex_wake(&t->suspend_state, INT_MAX);
    w32_object_unref(&t->obj);
    return previous;
}

/*
 * Raises the suspend count. A thread still suspended at creation just keeps
 * waiting; a running one is stopped by a signal (suspend.c) before the call
 * returns, and the calling thread itself waits here until it is resumed.
 * Another process's thread (a child's main thread) cannot be stopped.
 */
DWORD WINAPI SuspendThread(HANDLE hThread)
{
    struct w32_thread *t = w32_thread_get(hThread, THREAD_SUSPEND_RESUME);
    DWORD result = (DWORD)-1;
    DWORD error = ERROR_SUCCESS;
    bool stop = false;
    pid_t tid = 0;

    if (!t)
        return (DWORD)-1;
    w32_object_lock(&t->obj);
    unsigned state = atomic_load_explicit(&t->suspend_state, memory_order_relaxed);
    unsigned count = W32_SUSPEND_COUNT(state);
    if (atomic_load_explicit(&t->exited, memory_order_relaxed))
        error = ERROR_ACCESS_DENIED;
    else if (t->started && t->process_id)
        error = ERROR_NOT_SUPPORTED;
    else if (count >= MAXIMUM_SUSPEND_COUNT)
        error = ERROR_SIGNAL_REFUSED;
    else {
        state += count == 0 ? W32_SUSPENSION_ONE + 1 : 1;
        atomic_store_explicit(&t->suspend_state, state, memory_order_relaxed);
        result = count;
        tid = atomic_load(&t->tid);
        stop = t->started && count == 0 && tid != 0;
    }
    w32_object_unlock(&t->obj);
    if (stop && t == w32_thread_peek()) {
        w32_suspend_self(t);
        if (atomic_load(&t->terminating)) {
            w32_object_unref(&t->obj);
            w32_thread_terminate_point(t);
            w32_object_ref(&t->obj);    /* it could not end here: go on as resumed */
        }
    } else if (stop && !w32_suspend_running(t, tid, W32_SUSPENSION(state))) {
        ResumeThread(hThread);      /* undo the count: the thread runs on */
        error = ERROR_NOT_SUPPORTED;
        result = (DWORD)-1;
    }
    w32_object_unref(&t->obj);
    if (error != ERROR_SUCCESS)
        w32_set_error(error);
    return result;
}

HANDLE WINAPI OpenThread(DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwThreadId)
{
    struct w32_thread *found = NULL;

    pthread_mutex_lock(&list_lock);
    for (struct w32_thread *t = all_threads; t; t = t->next) {
        if (t->id == dwThreadId && w32_object_try_ref(&t->obj)) {
            found = t;
            break;
        }
    }
    pthread_mutex_unlock(&list_lock);
    if (!found) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return w32_handle_create(&found->obj, dwDesiredAccess, bInheritHandle);
}

BOOL WINAPI SwitchToThread(void)
{
    sched_yield();
    return TRUE;
}

/* ---- descriptions ---- */

#define COMM_BYTES 15   /* the kernel's thread name, without its NUL */

/* The code points that begin s and fit in COMM_BYTES bytes of UTF-8. */
static void comm_of(const WCHAR *s, char *out)
{
    size_t len = lstrlenW(s), i = 0, used = 0;

    while (i < len) {
        unsigned char bytes[4];
        size_t n = w32_utf8_encode(w32_utf16_next(s, len, &i), bytes);
        if (used + n > COMM_BYTES)
            break;
        memcpy(out + used, bytes, n);
        used += n;
    }
    out[used] = '\0';
}

/* The kernel's name for the thread is what debuggers and top show. */
void w32_thread_apply_name(struct w32_thread *t)
{
    pid_t tid = atomic_load(&t->tid);
    char path[64], name[COMM_BYTES + 1];
    int fd;

    if (!tid || t->process_id || !t->description || !t->description[0])
        return;
    comm_of(t->description, name);
    if (tid == (pid_t)syscall(SYS_gettid)) {
        prctl(PR_SET_NAME, name);
        return;
    }
    snprintf(path, sizeof(path), "/proc/self/task/%d/comm", (int)tid);
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    if (write(fd, name, strlen(name)) < 0) {
        /* The thread has just ended: it has no name to keep. */
    }
    close(fd);
}

/* A thread handle for the HRESULT functions: NTSTATUS, not the last error, which they keep. */
static NTSTATUS lookup_thread(HANDLE h, ACCESS_MASK access, struct w32_thread **out)
{
    DWORD saved = GetLastError();
    struct w32_object *obj = w32_handle_get(h, NULL, 0);
    NTSTATUS status = STATUS_SUCCESS;

    *out = NULL;
    if (!obj)
        status = STATUS_INVALID_HANDLE;
    else if (obj->type != &w32_thread_type)
        status = STATUS_OBJECT_TYPE_MISMATCH;
    if (obj)
        w32_object_unref(obj);
    if (status == STATUS_SUCCESS && !(*out = w32_thread_get(h, access)))
        status = GetLastError() == ERROR_ACCESS_DENIED ? STATUS_ACCESS_DENIED
                                                       : STATUS_INVALID_HANDLE;
    w32_set_error(saved);
    return status;
}

HRESULT WINAPI SetThreadDescription(HANDLE hThread, PCWSTR lpThreadDescription)
{
    size_t len = lpThreadDescription ? (size_t)lstrlenW(lpThreadDescription) : 0;
    struct w32_thread *t;
    WCHAR *copy, *old;
    NTSTATUS status;

    /* Its length in bytes must fit a UNICODE_STRING. */
    if (len * sizeof(WCHAR) > 0xffff)
        return HRESULT_FROM_NT(STATUS_INVALID_PARAMETER);
    status = lookup_thread(hThread, THREAD_SET_LIMITED_INFORMATION, &t);
    if (status != STATUS_SUCCESS)
        return HRESULT_FROM_NT(status);
    copy = len ? malloc((len + 1) * sizeof(WCHAR)) : NULL;
    if (len && !copy) {
        w32_object_unref(&t->obj);
        return HRESULT_FROM_NT(STATUS_NO_MEMORY);
    }
    if (copy)
        memcpy(copy, lpThreadDescription, (len + 1) * sizeof(WCHAR));
    w32_object_lock(&t->obj);
    old = t->description;
    t->description = copy;
    atomic_store(&t->sched_dirty, true);    /* a thread not running yet names itself */
    w32_thread_apply_name(t);
    w32_object_unlock(&t->obj);
    free(old);
    w32_object_unref(&t->obj);
    /* Windows returns the NT status as an HRESULT, success too (0x10000000). */
    return HRESULT_FROM_NT(STATUS_SUCCESS);
}

HRESULT WINAPI GetThreadDescription(HANDLE hThread, PWSTR *ppszThreadDescription)
{
    struct w32_thread *t;
    WCHAR *copy, *snapshot;
    NTSTATUS status;
    size_t len;

    if (!ppszThreadDescription)
        return HRESULT_FROM_NT(STATUS_ACCESS_VIOLATION);
    *ppszThreadDescription = NULL;
    status = lookup_thread(hThread, THREAD_QUERY_LIMITED_INFORMATION, &t);
    if (status != STATUS_SUCCESS)
        return HRESULT_FROM_NT(status);
    w32_object_lock(&t->obj);
    len = t->description ? (size_t)lstrlenW(t->description) : 0;
    snapshot = len ? malloc(len * sizeof(WCHAR)) : NULL;
    if (snapshot)
        memcpy(snapshot, t->description, len * sizeof(WCHAR));
    w32_object_unlock(&t->obj);
    w32_object_unref(&t->obj);
    /* The caller frees it with LocalFree, as on Windows. */
    copy = (len && !snapshot) ? NULL : LocalAlloc(LMEM_FIXED, (len + 1) * sizeof(WCHAR));
    if (copy) {
        if (len)
            memcpy(copy, snapshot, len * sizeof(WCHAR));
        copy[len] = 0;
    }
    free(snapshot);
    if (!copy)
        return HRESULT_FROM_NT(STATUS_NO_MEMORY);
    *ppszThreadDescription = copy;
    return HRESULT_FROM_NT(STATUS_SUCCESS);
}

/*
 * fork (fork.h): the thread list's lock. The child has only the forking
 * thread: every other thread of the parent that has a record ends in the
 * child with W32_FORK_THREAD_EXIT_CODE, so that a wait on its handle
 * returns (doc/design.md, "Fork"). The forking thread keeps its record and
 * id; its tag for named mutexes names the child's pid.
 */
void w32_thread_fork(enum w32_fork_phase phase)
{
    struct w32_thread *self = w32_thread_current;
    struct w32_thread **gone = NULL;
    size_t n = 0, cap = 0;

    w32_fork_mutex(&list_lock, phase);
    if (phase == W32_FORK_CHILD && self)
        self->shared_tag = ((uint64_t)getpid() << 32) | ((uint64_t)syscall(SYS_gettid) << 2);
    if (phase == W32_FORK_CHILD)
        for (struct w32_thread *t = all_threads; t; t = t->next)
            if (t != self && !t->process_id) {
                w32_lock_init(&t->apc_lock);    /* its holder is not in the child */
                t->alertable = NULL;
            }
    if (phase != W32_FORK_RESUME)
        return;
    pthread_mutex_lock(&list_lock);
    for (struct w32_thread *t = all_threads; t; t = t->next)
        cap++;
    gone = calloc(cap ? cap : 1, sizeof(*gone));
    for (struct w32_thread *t = all_threads; gone && t; t = t->next) {
        if (t == self || t->process_id || atomic_load_explicit(&t->exited, memory_order_relaxed))
            continue;
        w32_object_ref(&t->obj);
        gone[n++] = t;
    }
    pthread_mutex_unlock(&list_lock);
    for (size_t i = 0; i < n; i++) {
        w32_thread_end(gone[i], W32_FORK_THREAD_EXIT_CODE);
        w32_object_unref(&gone[i]->obj);
    }
    free(gone);
}

/* ---- GetThreadTimes ---- */

/* t's times; false for another process's thread, whose times are not kept. */
static bool thread_times(struct w32_thread *t, struct w32_cpu_times *out)
{
    pid_t tid = atomic_load(&t->tid);

    if (t->process_id)
        return false;
    *out = (struct w32_cpu_times){ .created = t->times.created };
    if (t == w32_thread_peek()) {
        w32_cputime_of_self(false, out);
        out->created = t->times.created;
        return true;
    }
    if (!atomic_load_explicit(&t->exited, memory_order_acquire) && tid &&
        w32_cputime_of_proc(getpid(), tid, out)) {
        out->created = t->times.created;
        return true;
    }
    /* Its stat file goes only after the thread recorded its times and ended. */
    if (atomic_load_explicit(&t->exited, memory_order_acquire))
        *out = t->times;
    return true;
}

/* The times of the thread h names; false with the error set if none. */
static bool handle_times(HANDLE h, struct w32_cpu_times *out)
{
    struct w32_thread *t = w32_thread_get(h, THREAD_QUERY_LIMITED_INFORMATION);
    bool known;

    if (!t)
        return false;
    known = thread_times(t, out);
    w32_object_unref(&t->obj);
    if (!known)
        w32_set_error(ERROR_NOT_SUPPORTED);
    return known;
}

/*
 * The thread's CPU time as cycles of a nominal 1 GHz clock (one a
 * nanosecond): Linux counts no cycles per thread, and Windows asks programs
 * not to turn cycles into time. Its resolution is GetThreadTimes'.
 */
BOOL WINAPI QueryThreadCycleTime(HANDLE ThreadHandle, PULONG64 CycleTime)
{
    struct w32_cpu_times times;

    if (!handle_times(ThreadHandle, &times))
        return FALSE;
    if (!CycleTime) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *CycleTime = (times.kernel + times.user) * 100;
    return TRUE;
}

BOOL WINAPI GetThreadTimes(HANDLE hThread, LPFILETIME lpCreationTime, LPFILETIME lpExitTime,
                           LPFILETIME lpKernelTime, LPFILETIME lpUserTime)
{
    struct w32_cpu_times times;

    if (!handle_times(hThread, &times))
        return FALSE;
    return w32_cputime_put(&times, lpCreationTime, lpExitTime, lpKernelTime, lpUserTime);
}
