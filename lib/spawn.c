/* The library's own threads. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include "spawn_hidden.h"
#include "fork.h"
#include "handle.h"

struct start {
    void *(*fn)(void *);
    void *arg;
};

static void *hidden_main(void *p)
{
    struct start start = *(struct start *)p;

    free(p);
    w32_handle_never_close_asked();
    return start.fn(start.arg);
}

bool w32_spawn_hidden(void *(*fn)(void *), void *arg)
{
    return w32_spawn_hidden_stack(fn, arg, 0);
}

bool w32_spawn_hidden_stack(void *(*fn)(void *), void *arg, size_t stack_size)
{
    struct start *start = malloc(sizeof(*start));
    pthread_attr_t attr;
    sigset_t all, old;
    pthread_t tid;
    int err;

    if (!start)
        return false;
    *start = (struct start){ fn, arg };
    w32_fork_ensure();
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (stack_size)
        pthread_attr_setstacksize(&attr, stack_size);
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    err = pthread_create(&tid, &attr, hidden_main, start);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (err)
        free(start);
    return err == 0;
}
