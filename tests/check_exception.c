/* Vectored exception handlers and the filter: their table, threads, signals. */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "testutil.h"

#define CODE ((DWORD)0xE0C0FFEE)

static atomic_int continued, searched, searched_last;

static LONG WINAPI continues(EXCEPTION_POINTERS *ep)
{
    if (ep->ExceptionRecord->ExceptionCode != CODE)
        return EXCEPTION_CONTINUE_SEARCH;
    atomic_fetch_add(&continued, 1);
    return EXCEPTION_CONTINUE_EXECUTION;
}

static LONG WINAPI searches(EXCEPTION_POINTERS *ep)
{
    if (ep->ExceptionRecord->ExceptionCode == CODE)
        atomic_fetch_add(&searched, 1);
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG WINAPI searches_last(EXCEPTION_POINTERS *ep)
{
    if (ep->ExceptionRecord->ExceptionCode == CODE)
        atomic_fetch_add(&searched_last, 1);
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG WINAPI filter(EXCEPTION_POINTERS *ep)
{
    return EXCEPTION_CONTINUE_SEARCH;
}

static bool same_action(const struct sigaction *a, const struct sigaction *b)
{
    return a->sa_sigaction == b->sa_sigaction && a->sa_flags == b->sa_flags;
}

/* Only a program that asks gets handlers: the others crash as they would. */
START_TEST(test_signals_are_left_alone_until_a_filter_is_set)
{
    struct sigaction before, after;
    const char *fork_mode = getenv("CK_FORK");

    if (fork_mode && strcmp(fork_mode, "no") == 0)
        return;     /* an earlier test of this process may have asked */
    ck_assert_int_eq(sigaction(SIGSEGV, NULL, &before), 0);
    ck_assert_ptr_null(SetUnhandledExceptionFilter(NULL));
    ck_assert_int_eq(RemoveVectoredExceptionHandler(NULL), 0);
    ck_assert_int_eq(sigaction(SIGSEGV, NULL, &after), 0);
    ck_assert(same_action(&before, &after));

    ck_assert_ptr_null(SetUnhandledExceptionFilter(filter));
    ck_assert_int_eq(sigaction(SIGSEGV, NULL, &after), 0);
    ck_assert(!same_action(&before, &after));
    ck_assert_ptr_eq(SetUnhandledExceptionFilter(NULL), filter);
}
END_TEST

START_TEST(test_the_table_holds_64_handlers)
{
    PVOID h[65];

    for (int i = 0; i < 64; i++) {
        h[i] = AddVectoredExceptionHandler(i & 1, searches);
        ck_assert_ptr_nonnull(h[i]);
    }
    SetLastError(0);
    ck_assert_ptr_null(AddVectoredExceptionHandler(0, searches));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    for (int i = 0; i < 64; i++)
        ck_assert_uint_eq(RemoveVectoredExceptionHandler(h[i]), 1);
    /* Freed entries are taken again. */
    h[64] = AddVectoredExceptionHandler(1, searches);
    ck_assert_ptr_nonnull(h[64]);
    ck_assert_uint_eq(RemoveVectoredExceptionHandler(h[64]), 1);
}
END_TEST

START_TEST(test_only_what_add_gave_is_removed)
{
    PVOID h = AddVectoredExceptionHandler(1, continues);
    int local;

    ck_assert_ptr_nonnull(h);
    ck_assert_ptr_null(AddVectoredExceptionHandler(1, NULL));
    ck_assert_uint_eq(RemoveVectoredExceptionHandler(&local), 0);
    ck_assert_uint_eq(RemoveVectoredExceptionHandler((char *)h + 1), 0);
    ck_assert_uint_eq(RemoveVectoredExceptionHandler((char *)h - 4096), 0);
    atomic_store(&continued, 0);
    RaiseException(CODE, 0, 0, NULL);
    ck_assert_int_eq(atomic_load(&continued), 1);
    ck_assert_uint_eq(RemoveVectoredExceptionHandler(h), 1);
    ck_assert_uint_eq(RemoveVectoredExceptionHandler(h), 0);
}
END_TEST

START_TEST(test_the_last_error_survives_a_handled_raise)
{
    PVOID h = AddVectoredExceptionHandler(1, continues);

    SetLastError(ERROR_FILE_NOT_FOUND);
    RaiseException(CODE, 0, 0, NULL);
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert_uint_eq(RemoveVectoredExceptionHandler(h), 1);
}
END_TEST

#define RAISERS 4
#define RAISES 3000

static void *raiser(void *arg)
{
    for (int i = 0; i < RAISES; i++)
        RaiseException(CODE, 0, 0, NULL);
    return NULL;
}

/* Handlers come and go while other threads raise: each raise is continued once. */
START_TEST(test_handlers_come_and_go_while_threads_raise)
{
    PVOID keep = AddVectoredExceptionHandler(0, continues);
    pthread_t threads[RAISERS];

    atomic_store(&continued, 0);
    atomic_store(&searched_last, 0);
    for (int i = 0; i < RAISERS; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, raiser, NULL), 0);
    while (atomic_load(&continued) < RAISERS * RAISES) {
        PVOID first = AddVectoredExceptionHandler(1, searches);
        PVOID last = AddVectoredExceptionHandler(0, searches_last);
        ck_assert_ptr_nonnull(first);
        ck_assert_ptr_nonnull(last);
        ck_assert_uint_eq(RemoveVectoredExceptionHandler(first), 1);
        ck_assert_uint_eq(RemoveVectoredExceptionHandler(last), 1);
    }
    for (int i = 0; i < RAISERS; i++)
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
    ck_assert_int_eq(atomic_load(&continued), RAISERS * RAISES);
    /* Added last, they come after the one that continues: never called. */
    ck_assert_int_eq(atomic_load(&searched_last), 0);
    ck_assert_uint_eq(RemoveVectoredExceptionHandler(keep), 1);
}
END_TEST

/* ---- a fault nobody handles goes to the action it had before ---- */

static sigjmp_buf own_jump;
static atomic_int own_called;

static void own_handler(int sig)
{
    atomic_fetch_add(&own_called, 1);
    siglongjmp(own_jump, sig);
}

static LONG WINAPI counts_faults(EXCEPTION_POINTERS *ep)
{
    if (ep->ExceptionRecord->ExceptionCode == EXCEPTION_ACCESS_VIOLATION)
        atomic_fetch_add(&searched, 1);
    return EXCEPTION_CONTINUE_SEARCH;
}

START_TEST(test_an_unhandled_fault_goes_to_the_previous_action)
{
    struct sigaction own = { .sa_handler = own_handler }, saved;
    volatile uintptr_t address = 0x30;
    const char *fork_mode = getenv("CK_FORK");
    PVOID h;

    if (fork_mode && strcmp(fork_mode, "no") == 0)
        return;     /* the action before ours is the one of an earlier test's time */
    sigemptyset(&own.sa_mask);
    ck_assert_int_eq(sigaction(SIGSEGV, &own, &saved), 0);
    h = AddVectoredExceptionHandler(1, counts_faults);
    ck_assert_ptr_nonnull(h);
    SetUnhandledExceptionFilter(filter);
    atomic_store(&searched, 0);
    atomic_store(&own_called, 0);
    if (sigsetjmp(own_jump, 1) == 0)
        *(volatile int *)address = 1;
    ck_assert_int_eq(atomic_load(&searched), 1);
    ck_assert_int_eq(atomic_load(&own_called), 1);
    ck_assert_uint_eq(RemoveVectoredExceptionHandler(h), 1);
    SetUnhandledExceptionFilter(NULL);
    ck_assert_int_eq(sigaction(SIGSEGV, &saved, NULL), 0);
}
END_TEST

#if defined(__x86_64__)
/* ---- a resumed fault gets every register back ---- */

#define FAULT_AT ((uint64_t)0x40)

struct regstate {
    uint64_t in[16], out[16];       /* rax..r15 in CONTEXT order; rsp and r11 unused */
    uint8_t vin[16][32], vout[16][32];
    uint64_t red_in[2], red_out[2]; /* two words of the red zone */
    uint64_t saved_rbx, saved_rbp;
};

static atomic_int skipped;

static LONG WINAPI skip_store(EXCEPTION_POINTERS *ep)
{
    char noise[256];

    if (ep->ExceptionRecord->ExceptionCode != EXCEPTION_ACCESS_VIOLATION ||
        ep->ExceptionRecord->ExceptionInformation[1] != FAULT_AT)
        return EXCEPTION_CONTINUE_SEARCH;
    /* Work that uses the vector registers and the stack, as a handler's does. */
    snprintf(noise, sizeof(noise), "%f %s", 3.25, "handled");
    memset(noise, 0x5a, sizeof(noise));
    atomic_fetch_add(&skipped, noise[7] == 0x5a);
    ep->ContextRecord->Rip += 6;        /* movl $1, (%rax) */
    return EXCEPTION_CONTINUE_EXECUTION;
}

#define LOAD_GPRS \
    "movq %%rbx, %c[srbx](%%r11)\n\t" \
    "movq %%rbp, %c[srbp](%%r11)\n\t" \
    "movq %c[in0](%%r11), %%rax\n\t" \
    "movq 8+%c[in0](%%r11), %%rcx\n\t" \
    "movq 16+%c[in0](%%r11), %%rdx\n\t" \
    "movq 24+%c[in0](%%r11), %%rbx\n\t" \
    "movq 40+%c[in0](%%r11), %%rbp\n\t" \
    "movq 48+%c[in0](%%r11), %%rsi\n\t" \
    "movq 56+%c[in0](%%r11), %%rdi\n\t" \
    "movq 64+%c[in0](%%r11), %%r8\n\t" \
    "movq 72+%c[in0](%%r11), %%r9\n\t" \
    "movq 80+%c[in0](%%r11), %%r10\n\t" \
    "movq 96+%c[in0](%%r11), %%r12\n\t" \
    "movq 104+%c[in0](%%r11), %%r13\n\t" \
    "movq 112+%c[in0](%%r11), %%r14\n\t" \
    "movq 120+%c[in0](%%r11), %%r15\n\t" \
    "pushq 8+%c[red0](%%r11)\n\t" \
    "popq -128(%%rsp)\n\t" \
    "pushq %c[red0](%%r11)\n\t" \
    "popq -8(%%rsp)\n\t"
#define FAULT_AND_STORE_GPRS \
    "movl $1, (%%rax)\n\t" \
    "movq %%rax, %c[out0](%%r11)\n\t" \
    "movq %%rcx, 8+%c[out0](%%r11)\n\t" \
    "movq %%rdx, 16+%c[out0](%%r11)\n\t" \
    "movq %%rbx, 24+%c[out0](%%r11)\n\t" \
    "movq %%rbp, 40+%c[out0](%%r11)\n\t" \
    "movq %%rsi, 48+%c[out0](%%r11)\n\t" \
    "movq %%rdi, 56+%c[out0](%%r11)\n\t" \
    "movq %%r8, 64+%c[out0](%%r11)\n\t" \
    "movq %%r9, 72+%c[out0](%%r11)\n\t" \
    "movq %%r10, 80+%c[out0](%%r11)\n\t" \
    "movq %%r12, 96+%c[out0](%%r11)\n\t" \
    "movq %%r13, 104+%c[out0](%%r11)\n\t" \
    "movq %%r14, 112+%c[out0](%%r11)\n\t" \
    "movq %%r15, 120+%c[out0](%%r11)\n\t" \
    "pushq -8(%%rsp)\n\t" \
    "popq %c[redo0](%%r11)\n\t" \
    "pushq -128(%%rsp)\n\t" \
    "popq 8+%c[redo0](%%r11)\n\t" \
    "movq %c[srbx](%%r11), %%rbx\n\t" \
    "movq %c[srbp](%%r11), %%rbp\n\t"
#define REGSTATE_OPERANDS \
    : : "r"(p), [srbx] "i"(offsetof(struct regstate, saved_rbx)), \
      [srbp] "i"(offsetof(struct regstate, saved_rbp)), \
      [in0] "i"(offsetof(struct regstate, in)), [out0] "i"(offsetof(struct regstate, out)), \
      [red0] "i"(offsetof(struct regstate, red_in)), \
      [redo0] "i"(offsetof(struct regstate, red_out)), \
      [vin] "i"(offsetof(struct regstate, vin)), [vout] "i"(offsetof(struct regstate, vout)) \
    : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r12", "r13", "r14", "r15", \
      "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", \
      "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory", "cc"

#define VEC16(op, base, reg) \
    op " " base "+0*32(%%r11), %%" reg "0\n\t" op " " base "+1*32(%%r11), %%" reg "1\n\t" \
    op " " base "+2*32(%%r11), %%" reg "2\n\t" op " " base "+3*32(%%r11), %%" reg "3\n\t" \
    op " " base "+4*32(%%r11), %%" reg "4\n\t" op " " base "+5*32(%%r11), %%" reg "5\n\t" \
    op " " base "+6*32(%%r11), %%" reg "6\n\t" op " " base "+7*32(%%r11), %%" reg "7\n\t" \
    op " " base "+8*32(%%r11), %%" reg "8\n\t" op " " base "+9*32(%%r11), %%" reg "9\n\t" \
    op " " base "+10*32(%%r11), %%" reg "10\n\t" op " " base "+11*32(%%r11), %%" reg "11\n\t" \
    op " " base "+12*32(%%r11), %%" reg "12\n\t" op " " base "+13*32(%%r11), %%" reg "13\n\t" \
    op " " base "+14*32(%%r11), %%" reg "14\n\t" op " " base "+15*32(%%r11), %%" reg "15\n\t"
#define VEC16_STORE(op, base, reg) \
    op " %%" reg "0, " base "+0*32(%%r11)\n\t" op " %%" reg "1, " base "+1*32(%%r11)\n\t" \
    op " %%" reg "2, " base "+2*32(%%r11)\n\t" op " %%" reg "3, " base "+3*32(%%r11)\n\t" \
    op " %%" reg "4, " base "+4*32(%%r11)\n\t" op " %%" reg "5, " base "+5*32(%%r11)\n\t" \
    op " %%" reg "6, " base "+6*32(%%r11)\n\t" op " %%" reg "7, " base "+7*32(%%r11)\n\t" \
    op " %%" reg "8, " base "+8*32(%%r11)\n\t" op " %%" reg "9, " base "+9*32(%%r11)\n\t" \
    op " %%" reg "10, " base "+10*32(%%r11)\n\t" op " %%" reg "11, " base "+11*32(%%r11)\n\t" \
    op " %%" reg "12, " base "+12*32(%%r11)\n\t" op " %%" reg "13, " base "+13*32(%%r11)\n\t" \
    op " %%" reg "14, " base "+14*32(%%r11)\n\t" op " %%" reg "15, " base "+15*32(%%r11)\n\t"

__attribute__((noinline)) static void fault_with_xmm(struct regstate *state)
{
    register struct regstate *p __asm__("r11") = state;

    __asm__ volatile(VEC16("movdqu", "%c[vin]", "xmm") LOAD_GPRS FAULT_AND_STORE_GPRS
                     VEC16_STORE("movdqu", "%c[vout]", "xmm") REGSTATE_OPERANDS);
}

__attribute__((noinline, target("avx"))) static void fault_with_ymm(struct regstate *state)
{
    register struct regstate *p __asm__("r11") = state;

    __asm__ volatile(VEC16("vmovdqu", "%c[vin]", "ymm") LOAD_GPRS FAULT_AND_STORE_GPRS
                     VEC16_STORE("vmovdqu", "%c[vout]", "ymm") "vzeroupper\n\t"
                     REGSTATE_OPERANDS);
}

static void check_resumed(void (*fault)(struct regstate *), size_t vector_bytes)
{
    static struct regstate st;
    PVOID h = AddVectoredExceptionHandler(1, skip_store);

    memset(&st, 0, sizeof(st));
    for (int i = 0; i < 16; i++)
        st.in[i] = 0x0101010101010101ull * (uint64_t)(i + 1) ^ 0x8000000000000000ull;
    st.in[0] = FAULT_AT;
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 32; j++)
            st.vin[i][j] = (uint8_t)(i * 32 + j + 7);
    st.red_in[0] = 0x5245445a4f4e4531ull;
    st.red_in[1] = 0x5245445a4f4e4532ull;
    atomic_store(&skipped, 0);
    fault(&st);
    ck_assert_int_eq(atomic_load(&skipped), 1);
    for (int i = 0; i < 16; i++)
        if (i != 4 && i != 11)      /* rsp, and r11 that points at st */
            ck_assert_msg(st.out[i] == st.in[i], "register %d: %llx, not %llx", i,
                          (unsigned long long)st.out[i], (unsigned long long)st.in[i]);
    for (int i = 0; i < 16; i++)
        ck_assert_msg(memcmp(st.vout[i], st.vin[i], vector_bytes) == 0, "vector register %d", i);
    ck_assert(st.red_out[0] == st.red_in[0] && st.red_out[1] == st.red_in[1]);
    ck_assert_uint_eq(RemoveVectoredExceptionHandler(h), 1);
}

START_TEST(test_a_resumed_fault_keeps_every_register_and_the_red_zone)
{
    check_resumed(fault_with_xmm, 16);
    if (__builtin_cpu_supports("avx"))
        check_resumed(fault_with_ymm, 32);
}
END_TEST
#endif

static Suite *exception_suite(void)
{
    Suite *s = suite_create("exception");
    TCase *tc = tcase_create("vectored");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_signals_are_left_alone_until_a_filter_is_set);
    tcase_add_test(tc, test_the_table_holds_64_handlers);
    tcase_add_test(tc, test_only_what_add_gave_is_removed);
    tcase_add_test(tc, test_the_last_error_survives_a_handled_raise);
    tcase_add_test(tc, test_handlers_come_and_go_while_threads_raise);
    tcase_add_test(tc, test_an_unhandled_fault_goes_to_the_previous_action);
#if defined(__x86_64__)
    tcase_add_test(tc, test_a_resumed_fault_keeps_every_register_and_the_red_zone);
#endif
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(exception_suite)
