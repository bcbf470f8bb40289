/* The library's own threads. */
#include <pthread.h>
#include <signal.h>
#include "spawn_hidden.h"
#include "fork.h"

bool w32_spawn_hidden(void *(*fn)(void *), void *arg)
{
    return w32_spawn_hidden_stack(fn, arg, 0);
}

bool w32_spawn_hidden_stack(void *(*fn)(void *), void *arg, size_t stack_size)
{
    pthread_attr_t attr;
    sigset_t all, old;
    pthread_t tid;
    int err;

    w32_fork_ensure();
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (stack_size)
        pthread_attr_setstacksize(&attr, stack_size);
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    err = pthread_create(&tid, &attr, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    return err == 0;
}
