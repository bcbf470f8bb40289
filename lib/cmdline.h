/* Windows command lines and environment blocks, turned into a POSIX spawn. */
#ifndef W32_CMDLINE_H
#define W32_CMDLINE_H

#include <stdbool.h>
#include <sys/types.h>
#include <windows.h>

struct w32_spawn {
    char *path;         /* the program found */
    char **argv;        /* the command line split as CommandLineToArgvW splits it */
    char **envp;        /* NULL: the current environment */
    char *env_storage;  /* what envp points into, if it is not environ */
};

/*
 * Splits the command line, finds the program (application name as given;
 * else the first token, searched in the executable's directory, the current
 * directory, then PATH) and converts the environment block (CREATE_UNICODE_
 * ENVIRONMENT: UTF-16). False with the last error set (ERROR_FILE_NOT_FOUND,
 * ERROR_PATH_NOT_FOUND, ...).
 */
bool w32_spawn_prepare(struct w32_spawn *spawn, LPCSTR app, LPCSTR cmdline, LPVOID env,
                       bool unicode_env);
/* One fd the child gets: fd of this process becomes child_fd (fd -1: /dev/null). */
struct w32_fd_map {
    int fd;
    int child_fd;
};

/*
 * Starts it in cwd (NULL: ours), with the fds of map[0..count) set up in
 * that order (each survives exec); every other fd opened close-on-exec stays
 * behind; its environment is spawn's (NULL: a copy of ours). The child's
 * pid, its pidfd in *pidfd (close-on-exec), made with the child; or -1 with
 * the last error set, and then no child ran the program
 * (ERROR_TOO_MANY_OPEN_FILES when no fd is left for the pidfd).
 * hold_fd -1: the child execs at once. Otherwise (CREATE_SUSPENDED) it is
 * the read end (at or above 3) of a pipe: the child is set up, then waits
 * for one byte on it before exec, and is killed, never running the
 * program, if the write end is closed without one.
 */
pid_t w32_spawn_start(struct w32_spawn *spawn, LPCSTR cwd, const struct w32_fd_map *map,
                      size_t count, int hold_fd, int *pidfd);
void w32_spawn_free(struct w32_spawn *spawn);
/* A pipe, both ends close-on-exec and at or above fd 3 (so that a child's
 * standard fds never take one); false with errno set. */
bool w32_spawn_pipe(int fds[2]);

/*
 * The lock around every access w32shim makes to environ, getenv and setenv
 * (lib/environ.c); a leaf: nothing else is taken while it is held.
 */
void w32_env_lock(void);
void w32_env_unlock(void);
/* getenv(name) copied under that lock: malloc'd, NULL if unset or out of memory. */
char *w32_env_get(const char *name);

/* Splits cmdline as CommandLineToArgvW does; a NULL-terminated, malloc'd array. */
char **w32_split_command_line(const char *cmdline);

/*
 * The inverse: argv[0..argc) joined into one malloc'd command line that
 * w32_split_command_line (and CommandLineToArgvW) splits back into the same
 * strings. An argument is quoted only if it is empty or holds a blank; a
 * quote in it is escaped. NULL when out of memory.
 */
char *w32_join_command_line(char *const *argv, size_t argc);

#endif
