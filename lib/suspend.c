/*
 * SuspendThread of a running thread. Windows stops a thread wherever it is;
 * pthreads have no such call, so the suspender sends the thread a signal
 * whose handler parks it on a futex until ResumeThread brings its suspend
 * count back to 0. The signal is a real-time one the program leaves at its
 * default action, chosen and installed at the first suspension of a running
 * thread, so a program that never suspends one gets no handler, and the
 * program's own handlers are never replaced. A thread the signal finds
 * inside one of the library's locks parks as it lets go of the last, so a
 * suspended thread never blocks others' use of an object, as on Windows,
 * where a thread stops only outside the kernel.
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

__thread unsigned w32_locks_held __attribute__((tls_model("initial-exec")));
__thread volatile int w32_suspend_deferred __attribute__((tls_model("initial-exec")));

/*
 * Parks t, the calling thread, while its suspend count is above 0;
 * async-signal-safe. Before each sleep it records which suspension it saw,
 * read in the same word as the count, so a suspender that finds its own
 * recorded knows the thread has seen it and will not run before a resume,
 * even where parks nest (a signal that lands in this very sleep) or end late.
 */
static void park(struct w32_thread *t)
{
    unsigned state;

    while (W32_SUSPEND_COUNT(state = atomic_load(&t->suspend_state)) > 0) {
        atomic_store(&t->parked_for, W32_SUSPENSION(state));
        w32_futex_wake(&t->parked_for, INT_MAX);
        w32_futex_wait(&t->suspend_state, state, NULL);
    }
}

/* Parks the thread, or, inside one of the library's locks, leaves that to
 * the moment it lets go of the last (lock.h). */
static void on_suspend(int sig, siginfo_t *info, void *context)
{
    struct w32_thread *t = w32_thread_peek();
    int saved_errno = errno;

    (void)sig, (void)info, (void)context;
    if (t && w32_locks_held > 0)
        w32_suspend_deferred = 1;
    else if (t)
        park(t);
    errno = saved_errno;
}

void w32_suspend_deferred_park(void)
{
    struct w32_thread *t = w32_thread_peek();

    w32_suspend_deferred = 0;
    if (t)
        park(t);
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

/* Whether t has parked for suspension number epoch, been resumed (since,
 * perhaps, suspended again) or ended: the suspender may go on. */
static bool settled(struct w32_thread *t, unsigned epoch)
{
    unsigned state = atomic_load(&t->suspend_state);

    return atomic_load(&t->parked_for) == epoch || W32_SUSPEND_COUNT(state) == 0 ||
           W32_SUSPENSION(state) != epoch || atomic_load(&t->exited) ||
           atomic_load(&t->tid) == 0;
}

bool w32_suspend_running(struct w32_thread *t, pid_t tid, unsigned epoch)
{
    pthread_once(&install_once, install);
    if (!suspend_signal)
        return false;
    if (syscall(SYS_tgkill, getpid(), tid, suspend_signal) != 0)
        return errno == ESRCH;      /* it has just ended: nothing to stop */
    /*
     * Until it is parked: it may be in a system call, block the signal or
     * hold a lock. The signal goes again every 100 ms, for runtimes that
     * hold it back and can lose it (ThreadSanitizer's does); one more than
     * needed finds the count at 0, or parks a thread that is to be parked.
     */
    for (unsigned naps = 1; !settled(t, epoch); naps++) {
        struct timespec deadline;
        if (naps % 10 == 0)
            syscall(SYS_tgkill, getpid(), tid, suspend_signal);
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_nsec += 10 * 1000 * 1000;
        if (deadline.tv_nsec >= 1000000000L)
            deadline.tv_sec++, deadline.tv_nsec -= 1000000000L;
        w32_futex_wait(&t->parked_for, atomic_load(&t->parked_for), &deadline);
    }
    return true;
}

void w32_suspend_self(struct w32_thread *t)
{
    park(t);
}
