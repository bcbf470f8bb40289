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
 *
 * TerminateThread uses the same signal: the handler ends the thread, or, if
 * it is inside one of the library's locks or queued waits (lock.h), leaves
 * that to the moment it leaves the last, so no lock of the library stays
 * held and no queue keeps a record on the stack of a thread that is gone.
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
#include "rcu.h"

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int suspend_signal;          /* 0: no signal could be had */

__thread unsigned w32_locks_held __attribute__((tls_model("initial-exec")));
__thread volatile int w32_suspend_deferred __attribute__((tls_model("initial-exec")));
__thread unsigned w32_unsafe_held __attribute__((tls_model("initial-exec")));

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

    while (W32_SUSPEND_COUNT(state = atomic_load(&t->suspend_state)) > 0 &&
           !atomic_load(&t->terminating)) {
        atomic_store(&t->parked_for, W32_SUSPENSION(state));
        w32_futex_wake(&t->parked_for, INT_MAX);
        w32_futex_wait(&t->suspend_state, state, NULL);
    }
}

/* Whether TerminateThread asked t, the calling thread, to end. */
static bool ending(struct w32_thread *t)
{
    return atomic_load(&t->terminating) && !t->leaving;
}

/* Whether the calling thread is outside every lock, critical section and
 * read section of the library: the only places where it may end. */
static bool may_end(void)
{
    return w32_locks_held == 0 && w32_unsafe_held == 0 &&
           !(atomic_load_explicit(&w32_reader_self.state, memory_order_relaxed) & W32_READ_DEPTH);
}

/* t has seen its termination: its terminator may return. */
static void saw_termination(struct w32_thread *t)
{
    atomic_store(&t->terminate_seen, true);
    w32_futex_wake(&t->parked_for, INT_MAX);
}

/*
 * t, the calling thread, is to end: here, or as it leaves the library's
 * critical sections (w32_unsafe_left). Inside a lock or read section only,
 * it goes on unaware, and the terminator's next signal finds it outside.
 */
static void end_or_defer(struct w32_thread *t)
{
    if (may_end())
        w32_thread_terminated(t);
    if (w32_unsafe_held > 0) {
        w32_suspend_deferred = 1;
        saw_termination(t);
    }
}

/* Stops the thread: parks it, or, inside one of the library's locks, leaves
 * that to the moment it lets go of the last (lock.h); ends it if terminated. */
static void on_suspend(int sig, siginfo_t *info, void *context)
{
    struct w32_thread *t = w32_thread_peek();
    int saved_errno = errno;

    (void)sig, (void)info, (void)context;
    if (t && ending(t)) {
        end_or_defer(t);
    } else if (t && w32_locks_held > 0) {
        w32_suspend_deferred = 1;
    } else if (t) {
        park(t);
        if (ending(t))
            end_or_defer(t);
    }
    errno = saved_errno;
}

/* The last lock is let go of: a deferred suspension parks here. A thread
 * terminated meanwhile ends no earlier than its critical sections. */
void w32_suspend_deferred_park(void)
{
    struct w32_thread *t = w32_thread_peek();

    w32_suspend_deferred = 0;
    if (!t)
        return;
    park(t);
    if (ending(t) && w32_unsafe_held > 0)
        w32_suspend_deferred = 1;
}

void w32_unsafe_left(void)
{
    struct w32_thread *t = w32_thread_peek();

    w32_suspend_deferred = 0;
    if (!t)
        return;
    park(t);
    w32_thread_terminate_point(t);
}

void w32_thread_terminate_point(struct w32_thread *t)
{
    if (ending(t) && may_end())
        w32_thread_terminated(t);
}

void w32_terminate_point_self(void)
{
    struct w32_thread *t = w32_thread_peek();

    if (t)
        w32_thread_terminate_point(t);
}

static void *exit_at_once(void *arg)
{
    pthread_exit(arg);
}

/* The C library loads its unwinder at the first pthread_exit, which may
 * come from the signal handler (TerminateThread), where loading is not
 * safe: it loads it before the handler is installed, in a thread of its own
 * that exits at once. */
static void load_unwinder(void)
{
    pthread_t thread;

    if (pthread_create(&thread, NULL, exit_at_once, NULL) == 0)
        pthread_join(thread, NULL);
}

/* Takes the highest real-time signal that still has its default action. */
static void install(void)
{
    struct sigaction action = { .sa_sigaction = on_suspend,
                                .sa_flags = SA_SIGINFO | SA_RESTART };

    load_unwinder();
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

/*
 * Sends t (kernel id tid) the signal until done(t, arg): it may be in a
 * system call, block the signal or hold a lock. The signal goes again every
 * 100 ms, for runtimes that hold it back and can lose it (ThreadSanitizer's
 * does); one more than needed finds nothing to do.
 */
static bool signal_until(struct w32_thread *t, pid_t tid,
                         bool (*done)(struct w32_thread *t, unsigned arg), unsigned arg)
{
    pthread_once(&install_once, install);
    if (!suspend_signal)
        return false;
    if (syscall(SYS_tgkill, getpid(), tid, suspend_signal) != 0)
        return errno == ESRCH;      /* it has just ended: nothing to stop */
    for (unsigned naps = 1; !done(t, arg); naps++) {
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

/* Whether t has seen its termination, or ended. */
static bool terminate_settled(struct w32_thread *t, unsigned unused)
{
    (void)unused;
    return atomic_load(&t->terminate_seen) || atomic_load(&t->exited) ||
           atomic_load(&t->tid) == 0;
}

bool w32_suspend_running(struct w32_thread *t, pid_t tid, unsigned epoch)
{
    return signal_until(t, tid, settled, epoch);
}

bool w32_terminate_running(struct w32_thread *t, pid_t tid)
{
    return signal_until(t, tid, terminate_settled, 0);
}

void w32_suspend_self(struct w32_thread *t)
{
    park(t);
}
