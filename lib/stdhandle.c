/* processenv.h: the standard handles, wrapping fds 0, 1 and 2. */
#include <pthread.h>
#include "error.h"
#include "file.h"
#include "handle.h"
#include "fork.h"

/*
 * Guards std_handles and std_known; a leaf lock. A standard handle is created on first
 * use; from then on GetStdHandle returns the value it holds, even once the
 * program has closed it (as on Windows), until SetStdHandle replaces it.
 */
static pthread_mutex_t std_lock = PTHREAD_MUTEX_INITIALIZER;
static HANDLE std_handles[3];
static bool std_known[3];

static int std_index(DWORD nStdHandle)
{
    switch (nStdHandle) {
    case STD_INPUT_HANDLE:
        return 0;
    case STD_OUTPUT_HANDLE:
        return 1;
    case STD_ERROR_HANDLE:
        return 2;
    default:
        return -1;
    }
}

HANDLE WINAPI GetStdHandle(DWORD nStdHandle)
{
    int i = std_index(nStdHandle);
    HANDLE h, fresh;
    bool known;

    if (i < 0) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return INVALID_HANDLE_VALUE;
    }
    pthread_mutex_lock(&std_lock);
    known = std_known[i];
    h = std_handles[i];
    pthread_mutex_unlock(&std_lock);
    if (known)
        return h;

    /*
     * Made without the lock held (it takes the handle table's); the first one
     * in wins. The fd is borrowed: closing the handle leaves it open for the
     * rest of the program. NULL (no standard handle, as for a Windows process
     * without one) if the fd is closed.
     */
    fresh = w32_handle_borrow_fd(i);
    pthread_mutex_lock(&std_lock);
    if (!std_known[i] && fresh) {
        std_handles[i] = fresh;
        std_known[i] = true;
    }
    h = std_known[i] ? std_handles[i] : NULL;
    pthread_mutex_unlock(&std_lock);
    if (fresh && h != fresh)
        CloseHandle(fresh);
    return h;
}

BOOL WINAPI SetStdHandle(DWORD nStdHandle, HANDLE hHandle)
{
    int i = std_index(nStdHandle);

    if (i < 0) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pthread_mutex_lock(&std_lock);
    std_handles[i] = hHandle;
    std_known[i] = true;
    pthread_mutex_unlock(&std_lock);
    return TRUE;
}

/* fork (fork.h): the std lock is held across a fork. */
void w32_stdhandle_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&std_lock, phase);
}
