/* The library's own threads (the thread pool's, the I/O engine's). */
#ifndef W32_SPAWN_HIDDEN_H
#define W32_SPAWN_HIDDEN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Starts a detached thread running fn(arg) with every signal blocked: the
 * program's handlers run on its own threads, as they would on Windows.
 */
bool w32_spawn_hidden(void *(*fn)(void *), void *arg);
/* The same with a stack of stack_size bytes (0: the C library's default). */
bool w32_spawn_hidden_stack(void *(*fn)(void *), void *arg, size_t stack_size);

#endif
