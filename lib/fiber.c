/*
 * winbase.h: fibers, on ucontext. A fiber is a stack and a saved context;
 * SwitchToFiber saves the running one's and loads the other's on the same
 * thread, and installs the other's fiber local storage (fls.c). A thread
 * becomes a fiber with ConvertThreadToFiber: that fiber runs on the thread's
 * own stack.
 *
 * The sanitizers cannot see a stack switch by themselves: AddressSanitizer
 * is told of each (start and finish of the switch) and ThreadSanitizer keeps
 * one state per fiber, switched before the context is.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include "error.h"
#include "fiber.h"
#include "fls.h"
#include "thread.h"

#if defined(__SANITIZE_ADDRESS__)
#define W32_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#define W32_TSAN 1
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define W32_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define W32_TSAN 1
#endif
#endif

#ifdef W32_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#ifdef W32_TSAN
#include <sanitizer/tsan_interface.h>
#endif

/* What TEB.FiberData holds on a Windows thread that is not a fiber (the
 * TEB's version field, which it shares). */
#define NOT_A_FIBER ((PVOID)(ULONG_PTR)0x1e00)

struct w32_fiber {
    LPVOID param;               /* first: Windows' GetFiberData reads it through the pointer */
    LPFIBER_START_ROUTINE start;
    ucontext_t context;         /* where it goes on when switched to */
    void *mapping;              /* its stack and guard page; NULL: a thread's own fiber */
    size_t mapping_size;
    struct w32_fls *fls;        /* its FLS values while it does not run */
    const void *stack_bottom;   /* the stack, for AddressSanitizer; NULL until known */
    size_t stack_size;
    void *fake_stack;           /* AddressSanitizer's, while it does not run */
    void *tsan_state;           /* ThreadSanitizer's; NULL without it */
};

/* The fiber the thread runs; NULL: the thread is not a fiber. */
static __thread struct w32_fiber *current;
/* The fiber that the last switch on this thread left, for the next to learn its stack. */
static __thread struct w32_fiber *leaving;
/* A fiber with its own stack that ConvertFiberToThread left the thread running on. */
static __thread struct w32_fiber *stranded;
#ifdef W32_TSAN
/* The thread's own ThreadSanitizer state, to end the thread with. */
static __thread void *home_tsan_state;
#endif

/* The fiber the thread runs. Not inlined: a fiber may go on on another
 * thread than the one it left, and the thread-local address must be fresh. */
static __attribute__((noinline)) struct w32_fiber *running(void)
{
    return current;
}

/* The switch has landed in to (asan_fake_stack: its saved fake stack): tells
 * AddressSanitizer, which reports the stack of the fiber left behind. */
static __attribute__((noinline)) void switch_finished(void *asan_fake_stack)
{
#ifdef W32_ASAN
    struct w32_fiber *from = leaving;
    const void *bottom;
    size_t size;

    __sanitizer_finish_switch_fiber(asan_fake_stack, &bottom, &size);
    if (from && !from->stack_bottom) {
        from->stack_bottom = bottom;
        from->stack_size = size;
    }
#else
    (void)asan_fake_stack;
#endif
}

/* Saves from's context and runs to's, on the calling thread. */
static void switch_stacks(struct w32_fiber *from, struct w32_fiber *to)
{
    leaving = from;
#ifdef W32_ASAN
    __sanitizer_start_switch_fiber(&from->fake_stack, to->stack_bottom, to->stack_size);
#endif
#ifdef W32_TSAN
    __tsan_switch_to_fiber(to->tsan_state, 0);
#endif
    swapcontext(&from->context, &to->context);
    switch_finished(from->fake_stack);
}

/* A new fiber's first frame. As on Windows, a fiber whose routine returns
 * ends its thread, with exit code 1. */
static void fiber_main(void)
{
    struct w32_fiber *f;

    switch_finished(NULL);
    f = running();
    f->start(f->param);
    ExitThread(1);
}

LPVOID WINAPI ConvertThreadToFiberEx(LPVOID lpParameter, DWORD dwFlags)
{
    struct w32_fiber *f;

    if (dwFlags & ~FIBER_FLAG_FLOAT_SWITCH) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (current) {
        w32_set_error(ERROR_ALREADY_FIBER);
        return NULL;
    }
    /* The thread record's end frees the fiber with the thread (w32_fiber_thread_end). */
    f = w32_thread_self() ? calloc(1, sizeof(*f)) : NULL;
    if (!f) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    f->param = lpParameter;
#ifdef W32_TSAN
    f->tsan_state = __tsan_get_current_fiber();
    home_tsan_state = f->tsan_state;
#endif
    current = f;
    return f;
}

LPVOID WINAPI ConvertThreadToFiber(LPVOID lpParameter)
{
    return ConvertThreadToFiberEx(lpParameter, 0);
}

/* Frees f, which no thread runs: its stack, if it has one, and its record. */
static void fiber_free(struct w32_fiber *f)
{
    if (f->mapping) {
#ifdef W32_ASAN
        /* Its frames' redzones must not poison whatever is mapped there next. */
        ASAN_UNPOISON_MEMORY_REGION(f->mapping, f->mapping_size);
#endif
#ifdef W32_TSAN
        __tsan_destroy_fiber(f->tsan_state);
#endif
        munmap(f->mapping, f->mapping_size);
    }
    free(f);
}

/*
 * The thread stops being a fiber and keeps the running fiber's FLS values.
 * If that fiber has a stack of its own, the thread goes on running on it,
 * and it is freed as the thread ends.
 */
BOOL WINAPI ConvertFiberToThread(void)
{
    struct w32_fiber *f = current;

    if (!f) {
        w32_set_error(ERROR_ALREADY_THREAD);
        return FALSE;
    }
    current = NULL;
    if (f->mapping)
        stranded = f;
    else
        free(f);
    return TRUE;
}

/*
 * The stack reserve, as CreateThread's (thread.c): the default reserve, or
 * dwStackReserveSize rounded up to 64 KiB, or a commit larger than that
 * rounded up to whole MiB. Linux commits the pages as they are touched.
 */
static SIZE_T fiber_stack_reserve(SIZE_T commit, SIZE_T reserve)
{
    SIZE_T size = w32_thread_stack_reserve(reserve, STACK_SIZE_PARAM_IS_A_RESERVATION);

    return commit > size ? w32_thread_stack_reserve(commit, 0) : size;
}

/* Maps f's stack below a guard page; false with the last error set. */
static bool map_stack(struct w32_fiber *f, SIZE_T reserve)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void *mapping;

    if (reserve > SIZE_MAX - page) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    mapping = mmap(NULL, reserve + page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (mapping == MAP_FAILED) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    mprotect(mapping, page, PROT_NONE);
    f->mapping = mapping;
    f->mapping_size = reserve + page;
    f->stack_bottom = (char *)mapping + page;
    f->stack_size = reserve;
    return true;
}

/* f's first switch enters fiber_main on f's stack. */
static void make_context(struct w32_fiber *f)
{
    getcontext(&f->context);
    f->context.uc_stack.ss_sp = (void *)f->stack_bottom;
    f->context.uc_stack.ss_size = f->stack_size;
    f->context.uc_link = NULL;
    makecontext(&f->context, fiber_main, 0);
}

/* As on Windows, a NULL lpStartAddress is accepted (the fiber faults when run). */
LPVOID WINAPI CreateFiberEx(SIZE_T dwStackCommitSize, SIZE_T dwStackReserveSize, DWORD dwFlags,
                            LPFIBER_START_ROUTINE lpStartAddress, LPVOID lpParameter)
{
    struct w32_fiber *f;

    if (dwFlags & ~FIBER_FLAG_FLOAT_SWITCH) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    f = calloc(1, sizeof(*f));
    if (!f) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (!map_stack(f, fiber_stack_reserve(dwStackCommitSize, dwStackReserveSize))) {
        free(f);
        return NULL;
    }
    f->param = lpParameter;
    f->start = lpStartAddress;
    make_context(f);
#ifdef W32_TSAN
    f->tsan_state = __tsan_create_fiber(0);
#endif
    return f;
}

LPVOID WINAPI CreateFiber(SIZE_T dwStackSize, LPFIBER_START_ROUTINE lpStartAddress,
                          LPVOID lpParameter)
{
    return CreateFiberEx(dwStackSize, 0, 0, lpStartAddress, lpParameter);
}

/*
 * Windows faults when the thread is not a fiber or lpFiber is NULL; here
 * the call does nothing then. Switching to the running fiber does nothing.
 */
VOID WINAPI SwitchToFiber(LPVOID lpFiber)
{
    struct w32_fiber *from = current, *to = lpFiber;

    if (!from || !to || to == from)
        return;
    from->fls = w32_fls_current();
    w32_fls_install(to->fls);
    to->fls = NULL;
    current = to;
    switch_stacks(from, to);
}

/*
 * Deleting the running fiber ends the thread, as on Windows (exit code 1);
 * another fiber's FLS callbacks run on the calling thread, then its stack
 * goes. Windows faults on NULL; here it does nothing.
 */
VOID WINAPI DeleteFiber(LPVOID lpFiber)
{
    struct w32_fiber *f = lpFiber;

    if (!f)
        return;
    if (f == current)
        ExitThread(1);
    w32_fls_delete(f->fls);
    fiber_free(f);
}

PVOID GetCurrentFiber(void)
{
    return current ? current : NOT_A_FIBER;
}

/* Windows reads through NOT_A_FIBER and faults; here NULL. */
PVOID GetFiberData(void)
{
    return current ? current->param : NULL;
}

BOOL WINAPI IsThreadAFiber(void)
{
    return current != NULL;
}

void w32_fiber_exit_prepare(void)
{
#ifdef W32_TSAN
    struct w32_fiber *f = current ? current : stranded;

    if (f && f->mapping)
        __tsan_switch_to_fiber(home_tsan_state, 0);
#endif
}

void w32_fiber_thread_end(void)
{
    struct w32_fiber *f = current;

    current = NULL;
    if (f)
        fiber_free(f);
    if (stranded)
        fiber_free(stranded);
    stranded = NULL;
}
