/*
 * errhandlingapi.h: exceptions without frames. Vectored handlers and the
 * unhandled-exception filter see what RaiseException raises and what the
 * processor faults on (SIGSEGV, SIGBUS, SIGILL, SIGFPE); there is no
 * frame-based handling (__try/__except is MSVC's). Nothing is installed
 * until the program sets a filter or adds a handler: a program that never
 * asks keeps the signals' own actions, and crashes as it would without us.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>
#include "error.h"

/* The process's handlers; a free entry has order 0. An entry is written
 * only under handlers_lock, and read by the faulting thread without it:
 * order is stored last on adding and first on removing. */
#define MAX_HANDLERS 64
struct vectored {
    _Atomic(PVECTORED_EXCEPTION_HANDLER) handler;
    atomic_long order;          /* call order, lowest first; 0: free */
};
static struct vectored handlers[MAX_HANDLERS];
static pthread_mutex_t handlers_lock = PTHREAD_MUTEX_INITIALIZER;
static long first_order, last_order;    /* the last given each way; handlers_lock */

static _Atomic(LPTOP_LEVEL_EXCEPTION_FILTER) top_filter;

/* The signals faults arrive by, and their actions before ours. */
static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
#define N_FAULT_SIGNALS (sizeof(fault_signals) / sizeof(fault_signals[0]))
static struct sigaction previous[N_FAULT_SIGNALS];
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

/* ---- what the processor faulted on, as Windows describes it ---- */

static DWORD fault_code(int sig, int code)
{
    switch (sig) {
    case SIGSEGV:
        return EXCEPTION_ACCESS_VIOLATION;
    case SIGBUS:
        /* Past the end of a mapped file: Windows cannot page it in. */
        return code == BUS_ADRALN ? EXCEPTION_DATATYPE_MISALIGNMENT : EXCEPTION_IN_PAGE_ERROR;
    case SIGILL:
        return code == ILL_PRVOPC || code == ILL_PRVREG ? EXCEPTION_PRIV_INSTRUCTION
                                                         : EXCEPTION_ILLEGAL_INSTRUCTION;
    default:
        switch (code) {
        case FPE_INTOVF: return EXCEPTION_INT_OVERFLOW;
        case FPE_FLTDIV: return EXCEPTION_FLT_DIVIDE_BY_ZERO;
        case FPE_FLTOVF: return EXCEPTION_FLT_OVERFLOW;
        case FPE_FLTUND: return EXCEPTION_FLT_UNDERFLOW;
        case FPE_FLTRES: return EXCEPTION_FLT_INEXACT_RESULT;
        case FPE_FLTINV: return EXCEPTION_FLT_INVALID_OPERATION;
        case FPE_FLTSUB: return EXCEPTION_ARRAY_BOUNDS_EXCEEDED;
        default: return EXCEPTION_INT_DIVIDE_BY_ZERO;
        }
    }
}

#if defined(__x86_64__)
_Static_assert(sizeof(CONTEXT) == 1232, "CONTEXT is Windows' size");
_Static_assert(offsetof(CONTEXT, Rip) == 0xF8 && offsetof(CONTEXT, FltSave) == 0x100,
               "CONTEXT is Windows' layout");
_Static_assert(sizeof(XMM_SAVE_AREA32) == sizeof(struct _libc_fpstate),
               "FltSave is the FXSAVE image");

/* Page-fault error code bits (the processor's): a write, an instruction fetch. */
#define PF_WRITE 0x2
#define PF_INSTR 0x10

static void context_from(CONTEXT *c, const ucontext_t *uc)
{
    const greg_t *g = uc->uc_mcontext.gregs;

    memset(c, 0, sizeof(*c));
    c->ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    c->Rax = g[REG_RAX], c->Rcx = g[REG_RCX], c->Rdx = g[REG_RDX], c->Rbx = g[REG_RBX];
    c->Rsp = g[REG_RSP], c->Rbp = g[REG_RBP], c->Rsi = g[REG_RSI], c->Rdi = g[REG_RDI];
    c->R8 = g[REG_R8], c->R9 = g[REG_R9], c->R10 = g[REG_R10], c->R11 = g[REG_R11];
    c->R12 = g[REG_R12], c->R13 = g[REG_R13], c->R14 = g[REG_R14], c->R15 = g[REG_R15];
    c->Rip = g[REG_RIP];
    c->EFlags = (DWORD)g[REG_EFL];
    c->SegCs = (WORD)(g[REG_CSGSFS] & 0xffff);
    if (uc->uc_mcontext.fpregs) {
        memcpy(&c->FltSave, uc->uc_mcontext.fpregs, sizeof(c->FltSave));
        c->MxCsr = c->FltSave.MxCsr;
        c->ContextFlags |= CONTEXT_FLOATING_POINT;
    }
}

static void fault_details(EXCEPTION_RECORD *rec, const siginfo_t *si, const ucontext_t *uc)
{
    greg_t err = uc->uc_mcontext.gregs[REG_ERR];

    rec->ExceptionAddress = (PVOID)uc->uc_mcontext.gregs[REG_RIP];
    if (rec->ExceptionCode == EXCEPTION_ACCESS_VIOLATION ||
        rec->ExceptionCode == EXCEPTION_IN_PAGE_ERROR) {
        rec->NumberParameters = 2;
        rec->ExceptionInformation[0] = err & PF_INSTR ? 8 : err & PF_WRITE ? 1 : 0;
        rec->ExceptionInformation[1] = (ULONG_PTR)si->si_addr;
    }
}

/* What RaiseException was called from: where it returns to. */
static void context_here(CONTEXT *c, void *return_address, void *frame)
{
    memset(c, 0, sizeof(*c));
    c->ContextFlags = CONTEXT_CONTROL;
    c->Rip = (DWORD64)return_address;
    c->Rsp = (DWORD64)frame;
}
#else
/* No CONTEXT is defined here: handlers get a zeroed buffer in its place. */
struct _CONTEXT {
    char opaque[1232];
};

static void context_from(CONTEXT *c, const ucontext_t *uc)
{
    memset(c, 0, sizeof(*c));
}

static void context_to(ucontext_t *uc, const CONTEXT *c)
{
}

static void fault_details(EXCEPTION_RECORD *rec, const siginfo_t *si, const ucontext_t *uc)
{
    rec->ExceptionAddress = si->si_addr;
    if (rec->ExceptionCode == EXCEPTION_ACCESS_VIOLATION ||
        rec->ExceptionCode == EXCEPTION_IN_PAGE_ERROR) {
        rec->NumberParameters = 2;
        rec->ExceptionInformation[1] = (ULONG_PTR)si->si_addr;
    }
}

static void context_here(CONTEXT *c, void *return_address, void *frame)
{
    memset(c, 0, sizeof(*c));
}
#endif

/* ---- dispatch ---- */

enum outcome { RESUME, UNHANDLED };

/* The vectored handlers, lowest order first, until one continues. */
static bool vectored_continue(EXCEPTION_POINTERS *ep)
{
    long done = LONG_MIN;

    for (;;) {
        PVECTORED_EXCEPTION_HANDLER next = NULL;
        long next_order = LONG_MAX;
        for (size_t i = 0; i < MAX_HANDLERS; i++) {
            long order = atomic_load_explicit(&handlers[i].order, memory_order_acquire);
            if (order && order > done && order < next_order) {
                PVECTORED_EXCEPTION_HANDLER h =
                    atomic_load_explicit(&handlers[i].handler, memory_order_relaxed);
                /* Removed meanwhile: its order went first. */
                if (atomic_load_explicit(&handlers[i].order, memory_order_acquire) == order)
                    next = h, next_order = order;
            }
        }
        if (!next)
            return false;
        done = next_order;
        if (next(ep) == EXCEPTION_CONTINUE_EXECUTION)
            return true;
    }
}

/* The filter's verdict; EXCEPTION_CONTINUE_SEARCH without one. */
static LONG run_filter(EXCEPTION_POINTERS *ep)
{
    LPTOP_LEVEL_EXCEPTION_FILTER filter = atomic_load(&top_filter);

    return filter ? filter(ep) : EXCEPTION_CONTINUE_SEARCH;
}

/*
 * The handlers' verdict on ep: RESUME, or UNHANDLED (no filter, or it
 * searched on). A filter that executes its handler ends the process with the
 * exception's code, as Windows does. A vectored handler may continue any
 * exception; the filter that continues a noncontinuable one raises
 * EXCEPTION_NONCONTINUABLE_EXCEPTION, which then ends the process.
 */
static enum outcome dispatch(EXCEPTION_POINTERS *ep)
{
    const EXCEPTION_RECORD *rec = ep->ExceptionRecord;
    LONG verdict;

    if (vectored_continue(ep))
        return RESUME;
    verdict = run_filter(ep);
    if (verdict == EXCEPTION_EXECUTE_HANDLER)
        TerminateProcess(GetCurrentProcess(), rec->ExceptionCode);
    if (verdict != EXCEPTION_CONTINUE_EXECUTION)
        return UNHANDLED;
    if (rec->ExceptionFlags & EXCEPTION_NONCONTINUABLE) {
        EXCEPTION_RECORD nested = {
            .ExceptionCode = EXCEPTION_NONCONTINUABLE_EXCEPTION,
            .ExceptionFlags = EXCEPTION_NONCONTINUABLE,
            .ExceptionRecord = ep->ExceptionRecord,
            .ExceptionAddress = rec->ExceptionAddress,
        };
        EXCEPTION_POINTERS again = { &nested, ep->ContextRecord };
        if (rec->ExceptionCode != EXCEPTION_NONCONTINUABLE_EXCEPTION)
            dispatch(&again);
        TerminateProcess(GetCurrentProcess(), EXCEPTION_NONCONTINUABLE_EXCEPTION);
    }
    return RESUME;
}

/* The fault's signal gets the action it had before ours. */
static void let_go(int sig)
{
    for (size_t i = 0; i < N_FAULT_SIGNALS; i++)
        if (fault_signals[i] == sig)
            sigaction(sig, &previous[i], NULL);
}

#if defined(__x86_64__)
/*
 * The handlers do not run in the signal handler: whatever they call (the
 * heap, stdio, TerminateProcess) would not be safe there, and a fault of
 * theirs would find its signal blocked. The signal handler writes the fault
 * down below itself on the thread's stack, and returns into run_handlers
 * there, which runs them as an ordinary call of the faulting thread, then
 * loads the registers they leave (or, unhandled, the fault's own, to fault
 * again under the previous action).
 */
#define XSTATE_MAX 16384        /* more (AMX tiles in use): the FXSAVE part only */
struct fault_frame {
    CONTEXT ctx;                /* what the handlers see and change */
    CONTEXT original;           /* resumed if none handles it */
    EXCEPTION_RECORD rec;
    int sig;
    int saved_errno;
    DWORD saved_error;
    uint64_t eflags;            /* the thread's, for the bits a handler cannot set */
    uint64_t xmask;             /* XRSTOR's features; 0: FXRSTOR of the first 512 bytes */
    unsigned char *xstate;      /* the signal frame's FPU state, 64-byte aligned */
};

/* The bits of EFLAGS a handler sets: arithmetic, trap and direction. */
#define EFLAGS_OF_HANDLER 0xdd5

#if defined(__SANITIZE_ADDRESS__)
void __asan_handle_no_return(void);
#endif

/*
 * Loads c and jumps to its Rip. Two slots below c's red zone (which the
 * thread's code may use, and a signal would have spared) hold its flags and
 * Rip; `ret $128` takes the Rip and leaves Rsp where c has it.
 */
__attribute__((noreturn, noinline, no_sanitize("address", "thread")))
static void resume_at(struct fault_frame *f, const CONTEXT *c)
{
    CONTEXT load = *c;
    uint64_t *slots = (uint64_t *)(uintptr_t)(c->Rsp - 144);

    memcpy(f->xstate, &c->FltSave, offsetof(XMM_SAVE_AREA32, Reserved4));
    ((XMM_SAVE_AREA32 *)f->xstate)->MxCsr = c->MxCsr;
    if (f->xmask)
        ((uint64_t *)f->xstate)[64] |= 3;   /* x87 and SSE as loaded, not as reset */
    slots[0] = (f->eflags & ~(uint64_t)EFLAGS_OF_HANDLER) | (c->EFlags & EFLAGS_OF_HANDLER);
    slots[1] = c->Rip;
    load.Rsp = (DWORD64)(uintptr_t)slots;
#if defined(__SANITIZE_ADDRESS__)
    __asan_handle_no_return();
#endif
    __asm__ volatile(
        "testq %%rax, %%rax\n\t"
        "jnz 1f\n\t"
        "testq %%rdx, %%rdx\n\t"
        "jnz 1f\n\t"
        "fxrstor64 (%%rsi)\n\t"
        "jmp 2f\n"
        "1:\n\t"
        "xrstor64 (%%rsi)\n"
        "2:\n\t"
        "movq 0x78(%%rdi), %%rax\n\t"
        "movq 0x80(%%rdi), %%rcx\n\t"
        "movq 0x88(%%rdi), %%rdx\n\t"
        "movq 0x90(%%rdi), %%rbx\n\t"
        "movq 0xa0(%%rdi), %%rbp\n\t"
        "movq 0xa8(%%rdi), %%rsi\n\t"
        "movq 0xb8(%%rdi), %%r8\n\t"
        "movq 0xc0(%%rdi), %%r9\n\t"
        "movq 0xc8(%%rdi), %%r10\n\t"
        "movq 0xd0(%%rdi), %%r11\n\t"
        "movq 0xd8(%%rdi), %%r12\n\t"
        "movq 0xe0(%%rdi), %%r13\n\t"
        "movq 0xe8(%%rdi), %%r14\n\t"
        "movq 0xf0(%%rdi), %%r15\n\t"
        "movq 0x98(%%rdi), %%rsp\n\t"
        "movq 0xb0(%%rdi), %%rdi\n\t"
        "popfq\n\t"
        "ret $128\n\t"
        :
        : "D"(&load), "S"(f->xstate), "a"((uint32_t)f->xmask), "d"((uint32_t)(f->xmask >> 32))
        : "memory");
    __builtin_unreachable();
}
_Static_assert(offsetof(CONTEXT, Rax) == 0x78 && offsetof(CONTEXT, Rsp) == 0x98 &&
               offsetof(CONTEXT, Rdi) == 0xb0 && offsetof(CONTEXT, R15) == 0xf0,
               "resume_at's offsets");

/* Where the signal handler returns to: an ordinary call of the faulting thread. */
__attribute__((noreturn, noinline, used, no_sanitize("thread")))
static void run_handlers(struct fault_frame *f)
{
    EXCEPTION_POINTERS ep = { &f->rec, &f->ctx };
    const CONTEXT *resume = &f->ctx;

    if (dispatch(&ep) != RESUME) {
        let_go(f->sig);
        resume = &f->original;
    }
    SetLastError(f->saved_error);
    errno = f->saved_errno;
    resume_at(f, resume);
}

/* The FPU state's size and features, if the kernel saved it with XSAVE. */
static size_t xstate_of(const struct _libc_fpstate *fp, uint64_t *mask)
{
    const struct _fpx_sw_bytes *sw = (const void *)((const char *)fp + 464);
    uint32_t magic2;

    *mask = 0;
    if (sw->magic1 != FP_XSTATE_MAGIC1 || sw->xstate_size < 576 || sw->xstate_size > XSTATE_MAX)
        return sizeof(XMM_SAVE_AREA32);
    memcpy(&magic2, (const char *)fp + sw->xstate_size, sizeof(magic2));
    if (magic2 != FP_XSTATE_MAGIC2)
        return sizeof(XMM_SAVE_AREA32);
    *mask = sw->xstate_bv;
    return sw->xstate_size;
}

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
    struct fault_frame *f;
    uint64_t xmask;
    size_t xsize;
    uintptr_t at, sp;

    /* Sent by a process, not raised by the processor: no exception. */
    if (si->si_code <= 0 || !fp) {
        let_go(sig);
        raise(sig);
        return;
    }
    xsize = xstate_of(fp, &xmask);
    /* Below this handler and what it calls, on the thread's real stack: a
     * local's address may be a sanitizer's fake frame on the heap. */
    at = ((uintptr_t)__builtin_frame_address(0) - 4096 - xsize) & ~(uintptr_t)63;
    at = (at - sizeof(*f)) & ~(uintptr_t)63;
    f = (struct fault_frame *)at;
    memset(&f->rec, 0, sizeof(f->rec));
    f->rec.ExceptionCode = fault_code(sig, si->si_code);
    fault_details(&f->rec, si, uc);
    context_from(&f->ctx, uc);
    f->original = f->ctx;
    f->sig = sig;
    f->saved_errno = errno;
    f->saved_error = GetLastError();
    f->eflags = (uint64_t)uc->uc_mcontext.gregs[REG_EFL];
    f->xmask = xmask;
    f->xstate = (unsigned char *)(at + ((sizeof(*f) + 63) & ~(size_t)63));
    memcpy(f->xstate, fp, xsize);
    /* Entered as a call is: no return address, the stack aligned for it. */
    sp = (at - 64) & ~(uintptr_t)15;
    sp -= sizeof(uint64_t);
    *(uint64_t *)sp = 0;
    uc->uc_mcontext.gregs[REG_RSP] = (greg_t)sp;
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)run_handlers;
    uc->uc_mcontext.gregs[REG_RDI] = (greg_t)(uintptr_t)f;
    uc->uc_mcontext.gregs[REG_EFL] &= ~(greg_t)0x500;      /* trap and direction flags */
    /* The handlers start from the ABI's FPU state, not the fault's. */
    fp->cwd = 0x37f;
    fp->mxcsr = 0x1f80;
}
#else
/* The handlers run in the signal handler here. */
static void on_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    int saved_errno = errno;
    DWORD saved_error = GetLastError();
    EXCEPTION_RECORD rec = { .ExceptionCode = fault_code(sig, si->si_code) };
    CONTEXT ctx;
    EXCEPTION_POINTERS ep = { &rec, &ctx };

    if (si->si_code <= 0) {
        let_go(sig);
        raise(sig);
        return;
    }
    fault_details(&rec, si, uc);
    context_from(&ctx, uc);
    if (dispatch(&ep) == RESUME)
        context_to(uc, &ctx);
    else
        let_go(sig);
    SetLastError(saved_error);
    errno = saved_errno;
}
#endif

static void install(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < N_FAULT_SIGNALS; i++)
        sigaction(fault_signals[i], &sa, &previous[i]);
}

/* ---- the API ---- */

LPTOP_LEVEL_EXCEPTION_FILTER WINAPI
SetUnhandledExceptionFilter(LPTOP_LEVEL_EXCEPTION_FILTER lpTopLevelExceptionFilter)
{
    if (lpTopLevelExceptionFilter)
        pthread_once(&install_once, install);
    return atomic_exchange(&top_filter, lpTopLevelExceptionFilter);
}

/* Windows shows its error report here when the filter searches on (unless
 * SEM_NOGPFAULTERRORBOX), then tells the caller to execute its handler;
 * w32shim shows none. */
LONG WINAPI UnhandledExceptionFilter(EXCEPTION_POINTERS *ExceptionInfo)
{
    LONG verdict = ExceptionInfo ? run_filter(ExceptionInfo) : EXCEPTION_CONTINUE_SEARCH;

    return verdict == EXCEPTION_CONTINUE_EXECUTION ? verdict : EXCEPTION_EXECUTE_HANDLER;
}

void WINAPI RaiseException(DWORD dwExceptionCode, DWORD dwExceptionFlags,
                           DWORD nNumberOfArguments, const ULONG_PTR *lpArguments)
{
    EXCEPTION_RECORD rec = {
        .ExceptionCode = dwExceptionCode,
        .ExceptionFlags = dwExceptionFlags & EXCEPTION_NONCONTINUABLE,
        .ExceptionAddress = (PVOID)RaiseException,
    };
    CONTEXT ctx;
    EXCEPTION_POINTERS ep = { &rec, &ctx };

    if (lpArguments) {
        rec.NumberParameters = nNumberOfArguments < EXCEPTION_MAXIMUM_PARAMETERS
                                   ? nNumberOfArguments : EXCEPTION_MAXIMUM_PARAMETERS;
        memcpy(rec.ExceptionInformation, lpArguments,
               rec.NumberParameters * sizeof(rec.ExceptionInformation[0]));
    }
    context_here(&ctx, __builtin_return_address(0), __builtin_frame_address(0));
    /* Unhandled, the process ends with the code, as Windows' default does. */
    if (dispatch(&ep) == UNHANDLED)
        TerminateProcess(GetCurrentProcess(), rec.ExceptionCode);
}

PVOID WINAPI AddVectoredExceptionHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler)
{
    struct vectored *v = NULL;

    if (!Handler)
        return NULL;
    pthread_once(&install_once, install);
    pthread_mutex_lock(&handlers_lock);
    for (size_t i = 0; i < MAX_HANDLERS && !v; i++)
        if (!atomic_load_explicit(&handlers[i].order, memory_order_relaxed))
            v = &handlers[i];
    if (v) {
        atomic_store_explicit(&v->handler, Handler, memory_order_relaxed);
        atomic_store_explicit(&v->order, First ? --first_order : ++last_order,
                              memory_order_release);
    }
    pthread_mutex_unlock(&handlers_lock);
    if (!v)
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return v;
}

ULONG WINAPI RemoveVectoredExceptionHandler(PVOID Handle)
{
    struct vectored *v = Handle;
    ULONG removed = 0;

    uintptr_t at = (uintptr_t)Handle - (uintptr_t)handlers;

    if ((uintptr_t)Handle < (uintptr_t)handlers || at >= sizeof(handlers) || at % sizeof(*v))
        return 0;
    pthread_mutex_lock(&handlers_lock);
    if (atomic_load_explicit(&v->order, memory_order_relaxed)) {
        atomic_store_explicit(&v->order, 0, memory_order_release);
        removed = 1;
    }
    pthread_mutex_unlock(&handlers_lock);
    return removed;
}
