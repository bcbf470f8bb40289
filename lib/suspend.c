/*
 * SuspendThread of a running thread. Windows stops a thread wherever it is;
 * pthreads have no such call, so the suspender sends the thread a signal
 * whose handler parks it on a futex until ResumeThread brings its suspend
 * count back to 0. The signal is a real-time one the program leaves at its
 * default action, chosen and installed at the first suspension of a running
 * thread, so a program that never suspends one gets no handler, and the
 * program's own handlers are never replaced.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "thread.h"
#include "futex.h"

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int suspend_signal;          /* 0: no signal could be had */

/* Parks the thread while its suspend count is above 0; async-signal-safe. */
static void on_suspend(int sig, siginfo_t *info, void *context)
{
    struct w32_thread *t = w32_thread_peek();
    int saved_errno = errno;
    unsigned count;

    (void)sig, (void)info, (void)context;
    if (t) {
        atomic_store(&t->parked, 1);
        w32_futex_wake(&t->parked, INT_MAX);
        while ((count = atomic_load(&t->suspend_count)) > 0)
            w32_futex_wait(&t->suspend_count, count, NULL);
        atomic_store(&t->parked, 0);
    }
    errno = saved_errno;
}

/* Takes the highest real-time signal that still has its default action. */
static void install(void)
{
    struct sigaction action = { .sa_sigaction = on_suspend,
                                .sa_flags = SA_SIGINFO | SA_RESTART };

    sigfillset(&action.sa_mask);    /* a suspended thread handles nothing */
    for (int sig = SIGRTMAX; sig >= SIGRTMIN; sig--) {
        struct sigaction old;
        if (sigaction(sig, NULL, &old) != 0 || (old.sa_flags & SA_SIGINFO) ||
            old.sa_handler != SIG_DFL)
            continue;
        if (sigaction(sig, &action, NULL) == 0) {
            suspend_signal = sig;
            return;
        }
    }
}

/* Whether t has stopped, been resumed or ended: the suspender may go on. */
static bool settled(struct w32_thread *t)
{
    return atomic_load(&t->parked) || atomic_load(&t->suspend_count) == 0 ||
           atomic_load(&t->exited) || atomic_load(&t->tid) == 0;
}

bool w32_suspend_running(struct w32_thread *t, pid_t tid)
{
    pthread_once(&install_once, install);
    if (!suspend_signal)
        return false;
    if (syscall(SYS_tgkill, getpid(), tid, suspend_signal) != 0)
        return errno == ESRCH;      /* it has just ended: nothing to stop */
    /* Until it is parked: it may be in a system call, or block the signal. */
    while (!settled(t)) {
        struct timespec deadline;
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_nsec += 10 * 1000 * 1000;
        if (deadline.tv_nsec >= 1000000000L)
            deadline.tv_sec++, deadline.tv_nsec -= 1000000000L;
        w32_futex_wait(&t->parked, 0, &deadline);
    }
    return true;
}

void w32_suspend_self(struct w32_thread *t)
{
    unsigned count;

    while ((count = atomic_load(&t->suspend_count)) > 0)
        w32_futex_wait(&t->suspend_count, count, NULL);
}
