/*
 * Conformance: exceptions without frames (errhandlingapi.h). Vectored
 * handlers and the unhandled-exception filter, on what RaiseException raises
 * and on what the processor faults on. What ends a process runs in a child.
 */
#define CONFORMANCE_CHILD child_main
#include "conformance.h"
#include <stdint.h>
#include <stdlib.h>

#define CODE_A ((DWORD)0xE0001234)
#define CODE_B ((DWORD)0xE0005678)

/* What the handlers saw: the codes they were called for, in order. */
static DWORD seen_codes[8];
static char seen_by[8];
static int seen;
static EXCEPTION_RECORD seen_record;
static LONG answer_of_a = EXCEPTION_CONTINUE_SEARCH, answer_of_b = EXCEPTION_CONTINUE_SEARCH;

static void saw(char who, const EXCEPTION_RECORD *rec)
{
    if (seen < 8) {
        seen_codes[seen] = rec->ExceptionCode;
        seen_by[seen] = who;
        seen++;
    }
    seen_record = *rec;
}

/* Each answers only for the test's own codes: the system raises others. */
static LONG answer(char who, const EXCEPTION_POINTERS *ep, LONG verdict)
{
    DWORD code = ep->ExceptionRecord->ExceptionCode;

    if (code != CODE_A && code != CODE_B)
        return EXCEPTION_CONTINUE_SEARCH;
    saw(who, ep->ExceptionRecord);
    return verdict;
}

static LONG WINAPI handler_a(EXCEPTION_POINTERS *ep)
{
    return answer('a', ep, answer_of_a);
}

static LONG WINAPI handler_b(EXCEPTION_POINTERS *ep)
{
    return answer('b', ep, answer_of_b);
}

static void forget_seen(void)
{
    seen = 0;
    memset(&seen_record, 0, sizeof(seen_record));
}

static LONG WINAPI filter_one(EXCEPTION_POINTERS *ep)
{
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG WINAPI filter_two(EXCEPTION_POINTERS *ep)
{
    return EXCEPTION_CONTINUE_SEARCH;
}

static void test_set_filter_returns_the_previous_one(void)
{
    /* mingw-w64's runtime sets one of its own before main: keep it. */
    LPTOP_LEVEL_EXCEPTION_FILTER before = SetUnhandledExceptionFilter(filter_one);

    ok(SetUnhandledExceptionFilter(filter_two) == filter_one, "the first filter did not come back");
    ok(SetUnhandledExceptionFilter(NULL) == filter_two, "the second filter did not come back");
    ok(SetUnhandledExceptionFilter(before) == NULL, "NULL did not come back");
}

static void test_raise_reaches_the_handlers_first_ones_first(void)
{
    ULONG_PTR args[3] = { 7, 8, (ULONG_PTR)-1 };
    PVOID a = AddVectoredExceptionHandler(0, handler_a);
    PVOID b = AddVectoredExceptionHandler(1, handler_b);

    ok(a != NULL && b != NULL, "AddVectoredExceptionHandler failed");
    forget_seen();
    answer_of_b = EXCEPTION_CONTINUE_SEARCH;
    answer_of_a = EXCEPTION_CONTINUE_EXECUTION;
    RaiseException(CODE_A, 0, 3, args);
    ok(seen == 2 && seen_by[0] == 'b' && seen_by[1] == 'a', "called %d: %.*s", seen, seen, seen_by);
    ok(seen_codes[0] == CODE_A && seen_codes[1] == CODE_A, "codes %lx %lx",
       (unsigned long)seen_codes[0], (unsigned long)seen_codes[1]);
    ok(seen_record.ExceptionFlags == 0, "flags %lx", (unsigned long)seen_record.ExceptionFlags);
    ok(seen_record.ExceptionRecord == NULL, "a nested record");
    ok(seen_record.NumberParameters == 3, "%lu parameters",
       (unsigned long)seen_record.NumberParameters);
    ok(seen_record.ExceptionInformation[0] == 7 && seen_record.ExceptionInformation[1] == 8 &&
       seen_record.ExceptionInformation[2] == (ULONG_PTR)-1, "other parameters");

    /* The one that continues ends the search. */
    forget_seen();
    answer_of_b = EXCEPTION_CONTINUE_EXECUTION;
    RaiseException(CODE_B, 0, 0, NULL);
    ok(seen == 1 && seen_by[0] == 'b' && seen_codes[0] == CODE_B, "called %d: %.*s", seen, seen,
       seen_by);
    ok(seen_record.NumberParameters == 0, "%lu parameters",
       (unsigned long)seen_record.NumberParameters);

    ok(RemoveVectoredExceptionHandler(b) != 0, "RemoveVectoredExceptionHandler failed");
    ok(RemoveVectoredExceptionHandler(a) != 0, "RemoveVectoredExceptionHandler failed");
    answer_of_a = answer_of_b = EXCEPTION_CONTINUE_SEARCH;
}

static void test_last_ones_run_in_the_order_added(void)
{
    PVOID a = AddVectoredExceptionHandler(0, handler_a);
    PVOID b = AddVectoredExceptionHandler(0, handler_b);

    forget_seen();
    answer_of_a = EXCEPTION_CONTINUE_SEARCH;
    answer_of_b = EXCEPTION_CONTINUE_EXECUTION;
    RaiseException(CODE_A, 0, 0, NULL);
    ok(seen == 2 && seen_by[0] == 'a' && seen_by[1] == 'b', "called %d: %.*s", seen, seen, seen_by);
    ok(RemoveVectoredExceptionHandler(a) && RemoveVectoredExceptionHandler(b),
       "RemoveVectoredExceptionHandler failed");
    answer_of_a = answer_of_b = EXCEPTION_CONTINUE_SEARCH;
}

static void test_parameters_past_the_maximum_are_dropped(void)
{
    ULONG_PTR args[EXCEPTION_MAXIMUM_PARAMETERS + 5];
    PVOID a = AddVectoredExceptionHandler(1, handler_a);

    for (int i = 0; i < EXCEPTION_MAXIMUM_PARAMETERS + 5; i++)
        args[i] = 100 + i;
    forget_seen();
    answer_of_a = EXCEPTION_CONTINUE_EXECUTION;
    RaiseException(CODE_A, 0, EXCEPTION_MAXIMUM_PARAMETERS + 5, args);
    ok(seen == 1, "called %d times", seen);
    ok(seen_record.NumberParameters == EXCEPTION_MAXIMUM_PARAMETERS, "%lu parameters",
       (unsigned long)seen_record.NumberParameters);
    ok(seen_record.ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS - 1] ==
       100 + EXCEPTION_MAXIMUM_PARAMETERS - 1, "the last parameter");

    /* No array: no parameters, whatever the count says. */
    forget_seen();
    RaiseException(CODE_A, 0, 5, NULL);
    ok(seen == 1 && seen_record.NumberParameters == 0, "%lu parameters",
       (unsigned long)seen_record.NumberParameters);
    ok(RemoveVectoredExceptionHandler(a) != 0, "RemoveVectoredExceptionHandler failed");
    answer_of_a = EXCEPTION_CONTINUE_SEARCH;
}

static void test_a_removed_handler_is_not_called(void)
{
    PVOID a = AddVectoredExceptionHandler(1, handler_a);
    PVOID b = AddVectoredExceptionHandler(1, handler_b);

    ok(RemoveVectoredExceptionHandler(b) != 0, "RemoveVectoredExceptionHandler failed");
    ok(RemoveVectoredExceptionHandler(b) == 0, "a handler was removed twice");
    forget_seen();
    answer_of_a = answer_of_b = EXCEPTION_CONTINUE_EXECUTION;
    RaiseException(CODE_A, 0, 0, NULL);
    ok(seen == 1 && seen_by[0] == 'a', "called %d: %.*s", seen, seen, seen_by);
    ok(RemoveVectoredExceptionHandler(a) != 0, "RemoveVectoredExceptionHandler failed");
    ok(RemoveVectoredExceptionHandler(NULL) == 0, "NULL was removed");
    answer_of_a = answer_of_b = EXCEPTION_CONTINUE_SEARCH;
}

/* A handler continues a noncontinuable exception as it may: only the filter may not. */
static void test_a_handler_may_continue_a_noncontinuable_exception(void)
{
    PVOID a = AddVectoredExceptionHandler(1, handler_a);

    forget_seen();
    answer_of_a = EXCEPTION_CONTINUE_EXECUTION;
    RaiseException(CODE_A, EXCEPTION_NONCONTINUABLE, 0, NULL);
    ok(seen == 1 && seen_record.ExceptionFlags == EXCEPTION_NONCONTINUABLE, "called %d, flags %lx",
       seen, (unsigned long)seen_record.ExceptionFlags);
    ok(RemoveVectoredExceptionHandler(a) != 0, "RemoveVectoredExceptionHandler failed");
    answer_of_a = EXCEPTION_CONTINUE_SEARCH;
}

#if defined(__x86_64__)
static volatile uintptr_t fault_address = 0x10;

static LONG WINAPI skip_the_store(EXCEPTION_POINTERS *ep)
{
    const EXCEPTION_RECORD *rec = ep->ExceptionRecord;

    if (rec->ExceptionCode != EXCEPTION_ACCESS_VIOLATION || rec->NumberParameters != 2 ||
        rec->ExceptionInformation[1] != fault_address)
        return EXCEPTION_CONTINUE_SEARCH;
    saw('s', rec);
    /* The store below is `movl $1, (%rax)`: 6 bytes, rax the address. */
    if (ep->ContextRecord->Rax != fault_address || (ULONG_PTR)rec->ExceptionAddress !=
                                                       ep->ContextRecord->Rip)
        return EXCEPTION_CONTINUE_SEARCH;
    ep->ContextRecord->Rip += 6;
    ep->ContextRecord->Rdx = 0x1234;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void test_a_fault_resumes_where_the_handler_says(void)
{
    PVOID h = AddVectoredExceptionHandler(1, skip_the_store);
    uintptr_t address = fault_address, rdx = 0;

    forget_seen();
    __asm__ volatile("movl $1, (%%rax)" : "+d"(rdx) : "a"(address) : "memory");
    ok(seen == 1, "the handler saw %d faults", seen);
    ok(seen_record.ExceptionCode == EXCEPTION_ACCESS_VIOLATION, "code %lx",
       (unsigned long)seen_record.ExceptionCode);
    ok(seen_record.ExceptionInformation[0] == 1, "a write reported as %lu",
       (unsigned long)seen_record.ExceptionInformation[0]);
    ok(rdx == 0x1234, "the handler's rdx did not come back: %lx", (unsigned long)rdx);
    ok(RemoveVectoredExceptionHandler(h) != 0, "RemoveVectoredExceptionHandler failed");
}
#else
static void test_a_fault_resumes_where_the_handler_says(void)
{
}
#endif

/* ---- children: what ends a process ---- */

static DWORD expected_code;

static LONG WINAPI execute_if_expected(EXCEPTION_POINTERS *ep)
{
    const EXCEPTION_RECORD *rec = ep->ExceptionRecord;

    if (rec->ExceptionCode != expected_code)
        ExitProcess(1);
    if (rec->ExceptionCode == EXCEPTION_ACCESS_VIOLATION &&
        (rec->NumberParameters != 2 || rec->ExceptionInformation[0] != 0 ||
         rec->ExceptionInformation[1] != 0x20))
        ExitProcess(2);
    return EXCEPTION_EXECUTE_HANDLER;
}

static LONG WINAPI continue_once(EXCEPTION_POINTERS *ep)
{
    if (ep->ExceptionRecord->ExceptionCode == CODE_A)
        return EXCEPTION_CONTINUE_EXECUTION;
    if (ep->ExceptionRecord->ExceptionCode == EXCEPTION_NONCONTINUABLE_EXCEPTION)
        return EXCEPTION_EXECUTE_HANDLER;
    ExitProcess(1);
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG WINAPI filter_continues(EXCEPTION_POINTERS *ep)
{
    return ep->ExceptionRecord->ExceptionCode == CODE_B ? EXCEPTION_CONTINUE_EXECUTION
                                                        : EXCEPTION_CONTINUE_SEARCH;
}

static int child_main(int argc, char **argv)
{
    if (strcmp(argv[0], "raise") == 0) {
        expected_code = CODE_A;
        SetUnhandledExceptionFilter(execute_if_expected);
        RaiseException(CODE_A, 0, 0, NULL);
        return 3;
    }
    if (strcmp(argv[0], "read") == 0) {
        volatile uintptr_t address = 0x20;
        expected_code = EXCEPTION_ACCESS_VIOLATION;
        SetUnhandledExceptionFilter(execute_if_expected);
        return *(volatile int *)address;
    }
    if (strcmp(argv[0], "noncontinuable") == 0) {
        SetUnhandledExceptionFilter(continue_once);
        RaiseException(CODE_A, EXCEPTION_NONCONTINUABLE, 0, NULL);
        return 3;
    }
    if (strcmp(argv[0], "continue") == 0) {
        SetUnhandledExceptionFilter(filter_continues);
        RaiseException(CODE_B, 0, 0, NULL);
        return 4;
    }
    return 99;
}

static DWORD child_code(const char *role)
{
    PROCESS_INFORMATION pi;

    if (!ok(start_child(role, &pi), "CreateProcessA(%s) failed", role))
        return 0xdeadbeef;
    return finish_child(&pi);
}

static void test_a_filter_that_executes_ends_the_process_with_the_code(void)
{
    DWORD code = child_code("raise");

    ok(code == CODE_A, "exit code %lx", (unsigned long)code);
}

static void test_a_fault_reaches_the_filter(void)
{
    DWORD code = child_code("read");

    ok(code == EXCEPTION_ACCESS_VIOLATION, "exit code %lx", (unsigned long)code);
}

static void test_the_filter_may_not_continue_a_noncontinuable_exception(void)
{
    DWORD code = child_code("noncontinuable");

    ok(code == EXCEPTION_NONCONTINUABLE_EXCEPTION, "exit code %lx", (unsigned long)code);
}

static void test_the_filter_may_continue_a_raise(void)
{
    DWORD code = child_code("continue");

    ok(code == 4, "exit code %lx", (unsigned long)code);
}

CONFORMANCE_MAIN(test_set_filter_returns_the_previous_one,
                 test_raise_reaches_the_handlers_first_ones_first,
                 test_last_ones_run_in_the_order_added,
                 test_parameters_past_the_maximum_are_dropped,
                 test_a_removed_handler_is_not_called,
                 test_a_handler_may_continue_a_noncontinuable_exception,
                 test_a_fault_resumes_where_the_handler_says,
                 test_a_filter_that_executes_ends_the_process_with_the_code,
                 test_a_fault_reaches_the_filter,
                 test_the_filter_may_not_continue_a_noncontinuable_exception,
                 test_the_filter_may_continue_a_raise)
