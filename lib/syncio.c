/*
 * CancelSynchronousIo. A thread that must block in a synchronous read of a
 * pipe, in ConnectNamedPipe or in WaitNamedPipe first waits in poll(2) for
 * its fd and for an eventfd of its own, registered for the length of that
 * wait; CancelSynchronousIo writes to the eventfds registered by the thread
 * it is given. The eventfd exists only during one wait, so a thread holds no
 * extra fd between transfers. No signal is ever sent: the cancel is a write
 * the blocked poll sees at once, whatever the thread's signal mask or a
 * sanitizer runtime does with signals.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "error.h"
#include "file.h"
#include "thread.h"

/* One thread's blocked wait, on its stack while it waits. */
struct blocked_wait {
    struct blocked_wait *next;
    DWORD tid;
    int efd;
};

/* Guards the list and every eventfd in it (an fd is closed only once off the list). */
static pthread_mutex_t waits_lock = PTHREAD_MUTEX_INITIALIZER;
static struct blocked_wait *waits;

static void add_wait(struct blocked_wait *w)
{
    pthread_mutex_lock(&waits_lock);
    w->next = waits;
    waits = w;
    pthread_mutex_unlock(&waits_lock);
}

static void remove_wait(struct blocked_wait *w)
{
    struct blocked_wait **p;

    pthread_mutex_lock(&waits_lock);
    for (p = &waits; *p != w; p = &(*p)->next)
        ;
    *p = w->next;
    pthread_mutex_unlock(&waits_lock);
}

static int poll_retrying(struct pollfd *pfd, nfds_t n, int timeout)
{
    int r;

    do
        r = poll(pfd, n, timeout);
    while (r < 0 && errno == EINTR);
    return r;
}

DWORD w32_sync_io_wait(int fd, short events, int timeout_ms)
{
    struct pollfd pfd[2] = { { .fd = fd, .events = events }, { .fd = -1, .events = POLLIN } };
    struct blocked_wait self;
    eventfd_t value;
    bool cancelled;
    int ready;

    if (fd >= 0 && poll_retrying(pfd, 1, 0) > 0)
        return ERROR_SUCCESS;
    self.tid = GetCurrentThreadId();
    self.efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (self.efd < 0) {
        /* No fd to spare: wait without the means to be cancelled. */
        return poll_retrying(pfd, 1, timeout_ms) > 0 ? ERROR_SUCCESS : WAIT_TIMEOUT;
    }
    pfd[1].fd = self.efd;
    add_wait(&self);
    poll_retrying(pfd, 2, timeout_ms);
    remove_wait(&self);
    /* A cancel that came after the fd was ready still wins: CancelSynchronousIo
     * said TRUE, so the operation must fail. */
    cancelled = eventfd_read(self.efd, &value) == 0;
    close(self.efd);
    if (cancelled)
        return ERROR_OPERATION_ABORTED;
    ready = pfd[0].revents != 0;
    return ready ? ERROR_SUCCESS : WAIT_TIMEOUT;
}

DWORD w32_sync_io_ready(int fd, short events)
{
    return w32_sync_io_wait(fd, events, -1);
}

/* Windows asks for THREAD_TERMINATE; a thread of another process has no
 * waits in this list, so it has nothing to cancel. */
BOOL WINAPI CancelSynchronousIo(HANDLE hThread)
{
    struct w32_thread *thread = w32_thread_get(hThread, THREAD_TERMINATE);
    bool found = false;
    DWORD tid;

    if (!thread)
        return FALSE;
    tid = thread->id;
    w32_object_unref(&thread->obj);
    pthread_mutex_lock(&waits_lock);
    for (struct blocked_wait *w = waits; w; w = w->next) {
        if (w->tid == tid) {
            eventfd_write(w->efd, 1);
            found = true;
        }
    }
    pthread_mutex_unlock(&waits_lock);
    if (!found) {
        w32_set_error(ERROR_NOT_FOUND);
        return FALSE;
    }
    return TRUE;
}
