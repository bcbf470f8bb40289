/* process.h: the C runtime's threads, on CreateThread. */
#include <errno.h>
#include <stdlib.h>
#include <process.h>
#include "crt.h"

/* A _beginthread thread's start, and its handle, which it closes when it ends. */
struct begin_thread {
    _beginthread_proc_type start;
    void *arg;
    HANDLE self;
};

/* The handle _endthread closes: that of the calling _beginthread thread, else NULL. */
static __thread HANDLE own_handle;

static DWORD WINAPI begin_thread_main(LPVOID param)
{
    struct begin_thread ctx = *(struct begin_thread *)param;

    free(param);
    own_handle = ctx.self;
    ctx.start(ctx.arg);
    _endthread();
}

uintptr_t __cdecl _beginthread(_beginthread_proc_type start_address, unsigned int stack_size,
                               void *arglist)
{
    struct begin_thread *ctx;
    HANDLE h;

    if (!start_address) {
        w32_crt_invalid(EINVAL);
        return (uintptr_t)-1;
    }
    if (!(ctx = malloc(sizeof(*ctx)))) {
        errno = EAGAIN;
        return (uintptr_t)-1;
    }
    ctx->start = start_address;
    ctx->arg = arglist;
    /* Suspended until it knows its handle, which it closes when it ends. */
    h = CreateThread(NULL, stack_size, begin_thread_main, ctx, CREATE_SUSPENDED, NULL);
    if (!h) {
        free(ctx);
        w32_crt_fail_from_error();
        return (uintptr_t)-1;
    }
    ctx->self = h;
    ResumeThread(h);
    return (uintptr_t)h;
}

uintptr_t __cdecl _beginthreadex(void *security, unsigned int stack_size,
                                 _beginthreadex_proc_type start_address, void *arglist,
                                 unsigned int initflag, unsigned int *thrdaddr)
{
    HANDLE h;

    if (!start_address) {
        w32_crt_invalid(EINVAL);
        return 0;
    }
    h = CreateThread(security, stack_size, start_address, arglist, initflag,
                     (LPDWORD)thrdaddr);
    if (!h)
        w32_crt_fail_from_error();
    return (uintptr_t)h;
}

void __cdecl _endthread(void)
{
    if (own_handle)
        CloseHandle(own_handle);
    own_handle = NULL;
    ExitThread(0);
}

void __cdecl _endthreadex(unsigned int retval)
{
    ExitThread(retval);
}

int __cdecl _getpid(void)
{
    return (int)GetCurrentProcessId();
}
