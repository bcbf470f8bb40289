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
/* Starts it in cwd (NULL: ours); the child's pid, or -1 with the last error set. */
pid_t w32_spawn_start(struct w32_spawn *spawn, LPCSTR cwd);
void w32_spawn_free(struct w32_spawn *spawn);

/* Splits cmdline as CommandLineToArgvW does; a NULL-terminated, malloc'd array. */
char **w32_split_command_line(const char *cmdline);

#endif
