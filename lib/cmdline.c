/* Command line splitting, program search and spawning for CreateProcess. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/close_range.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <shellapi.h>
#include "cmdline.h"
#include "inherit.h"
#include "error.h"
#include "path.h"
#include "unicode.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

extern char **environ;

/*
 * The rules of CommandLineToArgvW: the program name ends at the next space, or
 * inside quotes at the next quote, with no escapes. In the other arguments, 2n
 * backslashes before a quote give n backslashes and the quote toggles quoting;
 * 2n+1 give n backslashes and a literal quote; "" inside quotes is a literal
 * quote; other backslashes are literal.
 */
static const char *next_arg(const char *s, char *out, bool first)
{
    bool quoted = false;

    if (first) {
        if (*s == '"') {
            for (s++; *s && *s != '"'; s++)
                *out++ = *s;
            if (*s)
                s++;
        } else {
            while (*s && *s != ' ' && *s != '\t')
                *out++ = *s++;
        }
        *out = '\0';
        return s;
    }
    while (*s && (quoted || (*s != ' ' && *s != '\t'))) {
        size_t backslashes = 0;
        while (*s == '\\') {
            backslashes++;
            s++;
        }
        if (*s == '"') {
            for (size_t i = 0; i < backslashes / 2; i++)
                *out++ = '\\';
            if (backslashes % 2) {
                *out++ = '"';
            } else if (quoted && s[1] == '"') {
                *out++ = '"';
                s++;
            } else {
                quoted = !quoted;
            }
            s++;
        } else {
            for (size_t i = 0; i < backslashes; i++)
                *out++ = '\\';
            if (*s && (quoted || (*s != ' ' && *s != '\t')))
                *out++ = *s++;
        }
    }
    *out = '\0';
    return s;
}

static void free_strings(char **strings)
{
    if (!strings)
        return;
    for (char **p = strings; *p; p++)
        free(*p);
    free(strings);
}

char **w32_split_command_line(const char *cmdline)
{
    size_t len = strlen(cmdline), count = 0, cap = 8;
    char **argv = malloc(cap * sizeof(*argv));
    const char *s = cmdline;

    if (!argv)
        return NULL;
    argv[0] = NULL;
    while (*s) {
        char *arg;
        if (count + 2 > cap) {
            char **grown = realloc(argv, cap * 2 * sizeof(*argv));
            if (!grown)
                break;
            argv = grown;
            cap *= 2;
        }
        if (!(arg = malloc(len + 1)))
            break;
        s = next_arg(s, arg, count == 0);
        argv[count++] = arg;
        argv[count] = NULL;
        while (*s == ' ' || *s == '\t')
            s++;
    }
    if (*s) {                   /* out of memory part way */
        free_strings(argv);
        return NULL;
    }
    return argv;
}

/* The arguments of a UTF-16 command line, as malloc'd names (lib/unicode.h). */
static char **split_wide(LPCWSTR line, DWORD *error)
{
    char *utf8 = w32_utf16_to_utf8(line), **argv = NULL;
    WCHAR self[PATH_MAX];

    /* An empty line stands for the program itself, as on Windows. */
    if (utf8 && !*utf8 && GetModuleFileNameW(NULL, self, PATH_MAX)) {
        free(utf8);
        utf8 = w32_utf16_to_utf8(self);
        if (utf8 && (argv = calloc(2, sizeof(*argv))))
            argv[0] = utf8, utf8 = NULL;
    } else if (utf8) {
        argv = w32_split_command_line(utf8);
    }
    free(utf8);
    *error = argv ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    return argv;
}

/*
 * One LocalAlloc block, as Windows returns it (LocalFree frees it all): the
 * argc + 1 pointers, then the strings, in UTF-16.
 */
LPWSTR *WINAPI CommandLineToArgvW(LPCWSTR lpCmdLine, int *pNumArgs)
{
    size_t argc = 0, units = 0;
    char **argv;
    LPWSTR *result;
    DWORD error;

    if (!pNumArgs) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!(argv = split_wide(lpCmdLine ? lpCmdLine : u"", &error))) {
        w32_set_error(error);
        return NULL;
    }
    for (; argv[argc]; argc++)
        units += w32_name_to_utf16n(argv[argc], strlen(argv[argc]), NULL) + 1;
    result = LocalAlloc(LMEM_FIXED, (argc + 1) * sizeof(LPWSTR) + units * sizeof(WCHAR));
    if (result) {
        LPWSTR out = (LPWSTR)(result + argc + 1);
        for (size_t i = 0; i < argc; i++) {
            result[i] = out;
            out += w32_name_to_utf16n(argv[i], strlen(argv[i]), out);
            *out++ = 0;
        }
        result[argc] = NULL;
        *pNumArgs = (int)argc;
    }
    free_strings(argv);
    return result;
}

/* The program name takes no escapes: quotes only if it holds a blank or is empty. */
static char *put_program(char *out, const char *arg)
{
    bool quote = !*arg || strpbrk(arg, " \t");

    if (quote)
        *out++ = '"';
    out = stpcpy(out, arg);
    if (quote)
        *out++ = '"';
    return out;
}

/* n backslashes; doubled when a quote follows them, so that they stay literal. */
static char *put_backslashes(char *out, size_t n, bool before_quote)
{
    for (size_t i = 0; i < (before_quote ? 2 * n : n); i++)
        *out++ = '\\';
    return out;
}

static char *put_arg(char *out, const char *arg)
{
    bool quote = !*arg || strpbrk(arg, " \t");

    if (quote)
        *out++ = '"';
    while (*arg) {
        size_t backslashes = 0;
        while (*arg == '\\')
            backslashes++, arg++;
        if (*arg == '"') {
            out = put_backslashes(out, backslashes, true);
            *out++ = '\\';
            *out++ = *arg++;
        } else {
            out = put_backslashes(out, backslashes, !*arg && quote);
            if (*arg)
                *out++ = *arg++;
        }
    }
    if (quote)
        *out++ = '"';
    return out;
}

char *w32_join_command_line(char *const *argv, size_t argc)
{
    size_t size = 1;
    char *line, *out;

    /* Worst case: every character a quote or a backslash, doubled, plus quotes and a blank. */
    for (size_t i = 0; i < argc; i++)
        size += 2 * strlen(argv[i]) + 3;
    if (!(line = malloc(size)))
        return NULL;
    out = line;
    for (size_t i = 0; i < argc; i++) {
        if (i)
            *out++ = ' ';
        out = i ? put_arg(out, argv[i]) : put_program(out, argv[i]);
    }
    *out = '\0';
    return line;
}

static bool is_program(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Why path cannot be run: its directory is missing, or the file is. */
static DWORD missing_error(const char *path)
{
    char *dir = strdup(path), *slash;
    struct stat st;
    DWORD error = ERROR_FILE_NOT_FOUND;

    if (dir && (slash = strrchr(dir, '/')) && slash != dir) {
        *slash = '\0';
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
            error = ERROR_PATH_NOT_FOUND;
    }
    free(dir);
    return error;
}

/* dir/name if that is a program file, else NULL. */
/* path if it is a program file, else path.exe if exe says so and it is one;
 * path is freed if neither. */
static char *program_or_exe(char *path, bool exe)
{
    size_t len = strlen(path);
    char *with_exe;

    if (is_program(path))
        return path;
    if (exe && (with_exe = realloc(path, len + sizeof(".exe")))) {
        path = with_exe;
        memcpy(path + len, ".exe", sizeof(".exe"));
        if (is_program(path))
            return path;
    }
    free(path);
    return NULL;
}

/* dir/name (or dir/name.exe, if exe) if that is a program file, else NULL. */
static char *try_dir(const char *dir, size_t dir_len, const char *name, bool exe)
{
    char *path = malloc(dir_len + strlen(name) + 2);

    if (!path)
        return NULL;
    sprintf(path, "%.*s/%s", (int)dir_len, dir, name);
    return program_or_exe(path, exe);
}

/* A bare name: the executable's directory, the current directory, then PATH. */
static char *search(const char *name, bool exe_suffix)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *path = NULL, *path_var, *slash;

    if (n > 0) {
        exe[n] = '\0';
        if ((slash = strrchr(exe, '/')))
            path = try_dir(exe, (size_t)(slash - exe), name, exe_suffix);
    }
    if (!path)
        path = try_dir(".", 1, name, exe_suffix);
    path_var = path ? NULL : w32_env_get("PATH");
    for (const char *p = path_var; !path && p && *p;) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len)
            path = try_dir(p, len, name, exe_suffix);
        p = end ? end + 1 : NULL;
    }
    free(path_var);
    return path;
}

/* Whether a program name says where it is (a directory or a drive), and is not searched. */
static bool names_a_place(const char *name)
{
    return strpbrk(name, "\\/") || (name[0] && name[1] == ':');
}

/*
 * Whether Windows appends ".exe" to a program named on the command line:
 * when its file name has no extension and does not end in a period.
 * lpApplicationName gets no default extension.
 */
static bool takes_exe_suffix(const char *given)
{
    const char *base = given;

    for (const char *p = given; *p; p++)
        if (*p == '/' || *p == '\\' || (p == given + 1 && *p == ':'))
            base = p + 1;
    return *base && !strchr(base, '.');
}

static bool find_program(struct w32_spawn *spawn, LPCSTR app)
{
    const char *given = app ? app : spawn->argv[0];
    bool placed = app || names_a_place(given), exe = !app && takes_exe_suffix(given);
    char *name = placed ? w32_path_to_posix(given, 0) : strdup(given);

    if (!name) {
        if (!placed)
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    if (placed) {
        char *missing = strdup(name);
        spawn->path = program_or_exe(name, exe);
        if (!spawn->path)
            w32_set_error(missing ? missing_error(missing) : ERROR_NOT_ENOUGH_MEMORY);
        free(missing);
        return spawn->path != NULL;
    }
    spawn->path = search(name, exe);
    free(name);
    if (!spawn->path)
        w32_set_error(ERROR_FILE_NOT_FOUND);
    return spawn->path != NULL;
}

/* An environment block: NUL-terminated "name=value" strings, then an empty one. */
static bool convert_environment(struct w32_spawn *spawn, LPVOID env, bool unicode)
{
    size_t count = 0, bytes = 0;

    if (!env)
        return true;
    if (unicode) {
        for (LPCWSTR s = env; *s; s += 1) {
            char *utf8 = w32_utf16_to_utf8(s);
            if (!utf8)
                return false;
            count++;
            bytes += strlen(utf8) + 1;
            free(utf8);
            while (*s)
                s++;
        }
    } else {
        for (LPCSTR s = env; *s; s += strlen(s) + 1) {
            count++;
            bytes += strlen(s) + 1;
        }
    }
    spawn->envp = malloc((count + 1) * sizeof(char *));
    spawn->env_storage = malloc(bytes + 1);
    if (!spawn->envp || !spawn->env_storage)
        return false;
    char *out = spawn->env_storage;
    size_t i = 0;
    if (unicode) {
        for (LPCWSTR s = env; *s; s++) {
            char *utf8 = w32_utf16_to_utf8(s);
            if (!utf8)
                return false;
            spawn->envp[i++] = strcpy(out, utf8);
            out += strlen(utf8) + 1;
            free(utf8);
            while (*s)
                s++;
        }
    } else {
        for (LPCSTR s = env; *s; s += strlen(s) + 1) {
            spawn->envp[i++] = strcpy(out, s);
            out += strlen(s) + 1;
        }
    }
    spawn->envp[i] = NULL;
    return true;
}

bool w32_spawn_prepare(struct w32_spawn *spawn, LPCSTR app, LPCSTR cmdline, LPVOID env,
                       bool unicode_env)
{
    memset(spawn, 0, sizeof(*spawn));
    spawn->argv = w32_split_command_line(cmdline ? cmdline : app);
    if (!spawn->argv || !convert_environment(spawn, env, unicode_env)) {
        w32_spawn_free(spawn);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    if (!spawn->argv[0]) {
        w32_spawn_free(spawn);
        w32_set_error(ERROR_FILE_NOT_FOUND);
        return false;
    }
    if (!find_program(spawn, app)) {
        w32_spawn_free(spawn);
        return false;
    }
    return true;
}

/*
 * A copy of environ's array, taken under the environment lock, so that a
 * SetEnvironmentVariable in another thread cannot free the array under the
 * child. The strings stay: glibc's setenv never frees the ones it replaces.
 */
static char **environ_snapshot(void)
{
    size_t n = 0;
    char **copy;

    w32_env_lock();
    while (environ && environ[n])
        n++;
    copy = malloc((n + 1) * sizeof(*copy));
    if (copy) {
        memcpy(copy, environ, n * sizeof(*copy));
        copy[n] = NULL;
    }
    w32_env_unlock();
    return copy;
}

/* What the child needs once it runs, and its one answer. */
struct child_plan {
    const char *path;
    char **argv;
    char **envp;
    const char *dir;
    const struct w32_fd_map *map;
    size_t count;
    int error;                  /* written by the child: 0, or why it could not exec */
    int hold_fd;                /* a held child: waits for a byte on it before exec */
    int status_fd;              /* a held child: where it writes 0 or its error */
};

#define KERNEL_SIGSET_SIZE 8    /* the kernel's sigset_t: 64 signals */
#define CHILD_STACK_SIZE 65536

/*
 * glibc's own clone, under the name sanitizers leave alone: ThreadSanitizer
 * takes "clone" for a fork and would run its fork bookkeeping in a child that
 * shares this process's memory.
 */
extern int __clone(int (*fn)(void *), void *stack, int flags, void *arg, ...);

/*
 * The child's side, from clone to execve, as posix_spawn does it: on its own
 * stack, in this process's memory (CLONE_VM), while the thread that made it
 * waits (CLONE_VFORK) and other threads run on. So it makes raw system calls
 * only (no allocation, no libc locks, no sanitizer runtime) and writes
 * nothing but plan->error and the waiting thread's errno. A Windows process
 * starts with default signal handling and nothing blocked; the fds of the
 * map survive exec (dup3 to another number clears FD_CLOEXEC, and an fd
 * that keeps its number has it cleared by hand). 0, or the errno that
 * stops the child before exec.
 */
__attribute__((no_sanitize("address", "thread", "undefined"), noinline))
static int child_setup(struct child_plan *plan)
{
    struct { void *handler; unsigned long flags; void *restorer; unsigned long mask; } dfl = { 0 };
    int err = 0;

    for (int sig = 1; sig <= 64; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            syscall(SYS_rt_sigaction, sig, &dfl, NULL, KERNEL_SIGSET_SIZE);
    /* The map's fds are the child's only ones from 3 up: one the program left
     * without close-on-exec (a C runtime descriptor, say) is no handle it
     * inherits. Before Linux 5.11 this fails, and such fds go along. */
    syscall(SYS_close_range, 3u, ~0u, CLOSE_RANGE_CLOEXEC);
    for (size_t i = 0; i < plan->count && !err; i++) {
        int fd = plan->map[i].fd, to = plan->map[i].child_fd;
        if (fd < 0) {
            fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDWR, 0);
            if (fd >= 0 && fd != to && syscall(SYS_dup3, fd, to, 0) >= 0)
                syscall(SYS_close, fd);
        } else if (fd == to) {
            fd = (int)syscall(SYS_fcntl, fd, F_SETFD, 0);
        } else {
            fd = (int)syscall(SYS_dup3, fd, to, 0);
        }
        if (fd < 0)
            err = errno;
    }
    if (!err && plan->dir && syscall(SYS_chdir, plan->dir) != 0)
        err = errno;
    return err;
}

/* Unblocks every signal and runs the program; returns only if exec failed, with its errno. */
__attribute__((no_sanitize("address", "thread", "undefined"), noinline))
static int child_exec(struct child_plan *plan)
{
    unsigned long none = 0;

    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, KERNEL_SIGSET_SIZE);
    syscall(SYS_execve, plan->path, plan->argv, plan->envp);
    return errno;
}

/* The lowest fd at or above from that a child keeps (one of the map's, or a
 * held child's own two); ~0u if none. */
__attribute__((no_sanitize("address", "thread", "undefined"), noinline))
static unsigned next_kept(const struct child_plan *plan, unsigned from)
{
    unsigned next = ~0u;

    for (size_t i = 0; i < plan->count; i++)
        if ((unsigned)plan->map[i].child_fd >= from && (unsigned)plan->map[i].child_fd < next)
            next = (unsigned)plan->map[i].child_fd;
    if ((unsigned)plan->hold_fd >= from && (unsigned)plan->hold_fd < next)
        next = (unsigned)plan->hold_fd;
    if ((unsigned)plan->status_fd >= from && (unsigned)plan->status_fd < next)
        next = (unsigned)plan->status_fd;
    return next;
}

/*
 * A child's copy of the parent's fd table keeps only what its program gets,
 * closed before exec and not by it: the kernel lets the parent's thread go
 * on (CLONE_VFORK) before exec closes the close-on-exec fds, and for that
 * moment the child would still hold a listening socket the parent has just
 * closed, so that a named pipe made again under its name would find the
 * name taken. A held child holds no pipe end, file or lock of its parent's
 * open while it waits. Before Linux 5.9 (no close_range) the others stay
 * until exec.
 */
__attribute__((no_sanitize("address", "thread", "undefined"), noinline))
static void close_others(const struct child_plan *plan)
{
    unsigned from = 3, next;

    while ((next = next_kept(plan, from)) != ~0u) {
        if (next > from)
            syscall(SYS_close_range, from, next - 1, 0);
        from = next + 1;
    }
    syscall(SYS_close_range, from, ~0u, 0);
}

__attribute__((no_sanitize("address", "thread", "undefined"), noinline))
static int child_main(void *arg)
{
    struct child_plan *plan = arg;
    int err = child_setup(plan);

    if (!err) {
        close_others(plan);
        err = child_exec(plan);
    }
    plan->error = err;
    syscall(SYS_exit_group, 127);
    return 127;
}

/*
 * A held child (CREATE_SUSPENDED): a copy of this process (no CLONE_VM), so
 * that it can wait without holding the thread that made it. It sets up as
 * any child, reports on status_fd, then waits for one byte on hold_fd
 * before exec. End of file there (every holder of the other end closed it
 * without resuming: its creator has ended) kills it: its program never runs.
 * An exec that fails once resumed ends it with 127.
 */
__attribute__((no_sanitize("address", "thread", "undefined"), noinline))
static int held_child_main(void *arg)
{
    struct child_plan *plan = arg;
    int err = child_setup(plan);
    char byte;
    long n;

    if (!err && syscall(SYS_faccessat, AT_FDCWD, plan->path, X_OK, 0) != 0)
        err = errno;
    close_others(plan);
    /* The status fd stays open (close-on-exec): closed after the write, the
     * parent could see it open or not. */
    syscall(SYS_write, plan->status_fd, &err, sizeof(err));
    if (err)
        syscall(SYS_exit_group, 127);
    while ((n = syscall(SYS_read, plan->hold_fd, &byte, 1)) < 0 && errno == EINTR)
        ;
    syscall(SYS_close, plan->hold_fd);
    if (n == 1)
        child_exec(plan);
    else
        syscall(SYS_kill, syscall(SYS_getpid), SIGKILL);
    syscall(SYS_exit_group, 127);
    return 127;
}

/*
 * Creates the child and its pidfd in one step (CLONE_PIDFD): out of fds, it
 * fails before any child exists. This thread waits, with every signal
 * blocked so that no handler of the program runs in the child, until the
 * child has exec'd or failed. The child's pid, or -1 with errno set.
 */
static pid_t clone_with(int (*fn)(void *), int flags, struct child_plan *plan, int *pidfd)
{
    void *stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    sigset_t all, old;
    pid_t pid;
    int err;

    if (stack == MAP_FAILED)
        return -1;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid = __clone(fn, (char *)stack + CHILD_STACK_SIZE, flags | CLONE_PIDFD | SIGCHLD, plan,
                  pidfd);
    err = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    munmap(stack, CHILD_STACK_SIZE);
    errno = err;
    return pid;
}

static pid_t clone_child(struct child_plan *plan, int *pidfd)
{
    return clone_with(child_main, CLONE_VM | CLONE_VFORK, plan, pidfd);
}

/* The fd at or above 3 (so that no standard fd of a child's map is taken), close-on-exec. */
static int above_std(int fd)
{
    int moved;

    if (fd < 0 || fd > 2)
        return fd;
    moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return moved;
}

bool w32_spawn_pipe(int fds[2])
{
    int err;

    if (pipe2(fds, O_CLOEXEC) != 0)
        return false;
    fds[0] = above_std(fds[0]);
    fds[1] = above_std(fds[1]);
    if (fds[0] >= 0 && fds[1] >= 0)
        return true;
    err = errno;
    if (fds[0] >= 0)
        close(fds[0]);
    if (fds[1] >= 0)
        close(fds[1]);
    errno = err;
    return false;
}

/*
 * A held child: a copy of this process, which reports whether its set-up
 * worked before it waits on hold_fd. Its pid, plan->error set from its
 * report; or -1 with errno set.
 */
static pid_t clone_held_child(struct child_plan *plan, int *pidfd)
{
    int status[2], err = 0;
    pid_t pid;
    ssize_t n;

    if (!w32_spawn_pipe(status))
        return -1;
    plan->status_fd = status[1];
    pid = clone_with(held_child_main, 0, plan, pidfd);
    err = errno;
    close(status[1]);
    if (pid > 0) {
        while ((n = read(status[0], &plan->error, sizeof(plan->error))) < 0 && errno == EINTR)
            ;
        /* No report: it was killed before it could make one. */
        if (n != (ssize_t)sizeof(plan->error))
            plan->error = ECHILD;
    }
    close(status[0]);
    errno = err;
    return pid;
}

/* Runs plan; the pid, or -1 with the last error set (the child, if any, reaped). */
static pid_t run_plan(struct child_plan *plan, int *pidfd)
{
    siginfo_t info;
    pid_t pid;
    int err;

    plan->error = 0;
    pid = plan->hold_fd >= 0 ? clone_held_child(plan, pidfd) : clone_child(plan, pidfd);
    err = pid < 0 ? errno : plan->error;
    if (!err)
        return pid;
    if (pid > 0) {
        /* The child failed before exec and has exited: reap it. */
        while (waitid((idtype_t)P_PIDFD, (id_t)*pidfd, &info, WEXITED) != 0 && errno == EINTR)
            ;
        close(*pidfd);
    }
    w32_set_error(err == EINVAL && pid < 0 ? ERROR_NOT_SUPPORTED : w32_error_from_errno(err));
    return -1;
}

pid_t w32_spawn_start(struct w32_spawn *spawn, LPCSTR cwd, const struct w32_fd_map *map,
                      size_t count, int hold_fd, int *pidfd)
{
    struct child_plan plan = { .path = spawn->path, .argv = spawn->argv, .map = map,
                               .count = count, .hold_fd = hold_fd, .status_fd = -1 };
    char *dir = NULL, **snapshot = NULL;
    struct stat st;
    pid_t pid;

    if (cwd) {
        dir = w32_path_to_posix(cwd, 0);
        if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            free(dir);
            w32_set_error(ERROR_DIRECTORY);
            return -1;
        }
    }
    if (!spawn->envp && !(snapshot = environ_snapshot())) {
        free(dir);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return -1;
    }
    plan.dir = dir;
    plan.envp = spawn->envp ? spawn->envp : snapshot;
    pid = run_plan(&plan, pidfd);
    free(snapshot);
    free(dir);
    return pid;
}

void w32_spawn_free(struct w32_spawn *spawn)
{
    free(spawn->path);
    free_strings(spawn->argv);
    free(spawn->envp);
    free(spawn->env_storage);
    memset(spawn, 0, sizeof(*spawn));
}
