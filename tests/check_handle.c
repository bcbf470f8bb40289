/* handleapi.h: CloseHandle, DuplicateHandle, handle flags, CompareObjectHandles, counts. */
#include <stdio.h>
#include <unistd.h>
#include "testutil.h"

#define BOGUS_HANDLE ((HANDLE)(ULONG_PTR)0xdeadbee0)

static HANDLE new_event(void)
{
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, NULL);

    ck_assert_ptr_nonnull(h);
    return h;
}

static HANDLE with_low_bits(HANDLE h, ULONG_PTR bits)
{
    return (HANDLE)((ULONG_PTR)h | bits);
}

/* Whether h still names an open handle, without changing anything. */
static BOOL is_open(HANDLE h)
{
    DWORD flags;
    return GetHandleInformation(h, &flags);
}

/* ---- CloseHandle ---- */

START_TEST(test_close_valid_handle_succeeds_and_frees_it)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = new_event();
    DWORD before = handle_count();

    SetLastError(0xfacefeed);
    ck_assert(CloseHandle(h));
    ck_assert_uint_eq(GetLastError(), 0xfacefeed);
    ck_assert_uint_eq(handle_count(), before - 1);
    ck_assert(!is_open(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_close_null_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0);
    ck_assert(!CloseHandle(NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_close_pseudo_handles_succeeds_and_does_nothing)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0xfacefeed);
    ck_assert(CloseHandle(INVALID_HANDLE_VALUE));
    ck_assert(CloseHandle(GetCurrentProcess()));
    ck_assert(CloseHandle(GetCurrentThread()));
    ck_assert_uint_eq(GetLastError(), 0xfacefeed);
    /* Still usable afterwards. */
    ck_assert_uint_eq(GetProcessId(GetCurrentProcess()), GetCurrentProcessId());
    ck_assert_uint_eq(GetThreadId(GetCurrentThread()), GetCurrentThreadId());
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_close_twice_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = new_event();

    ck_assert(CloseHandle(h));
    SetLastError(0);
    ck_assert(!CloseHandle(h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_close_never_issued_values_fails_with_invalid_handle)
{
    static const ULONG_PTR values[] = {
        0xdeadbee0, 0x3ffffffc, 0x40000000, 0x10000,
    };
    LEAK_CHECK_BEGIN();
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        SetLastError(0);
        ck_assert_msg(!CloseHandle((HANDLE)values[i]), "value %#lx", (unsigned long)values[i]);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    }
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_close_ignores_low_two_bits)
{
    LEAK_CHECK_BEGIN();
    for (ULONG_PTR bits = 1; bits <= 3; bits++) {
        HANDLE h = new_event();
        DWORD before = handle_count();

        ck_assert(CloseHandle(with_low_bits(h, bits)));
        ck_assert_uint_eq(handle_count(), before - 1);
        ck_assert(!is_open(h));
    }
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_close_of_other_bits_of_a_valid_value_fails)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = new_event();

    SetLastError(0);
    ck_assert(!CloseHandle((HANDLE)((ULONG_PTR)h | ((ULONG_PTR)1 << 30))));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(is_open(h));
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

/* ---- handle values and counts ---- */

START_TEST(test_handle_values_are_multiples_of_4_and_never_special)
{
    enum { N = 200 };
    HANDLE h[N];
    LEAK_CHECK_BEGIN();
    for (int i = 0; i < N; i++) {
        h[i] = new_event();
        ck_assert_uint_eq((ULONG_PTR)h[i] & 3, 0);
        ck_assert_ptr_ne(h[i], NULL);
        ck_assert_ptr_ne(h[i], INVALID_HANDLE_VALUE);
        ck_assert_ptr_ne(h[i], GetCurrentThread());
        for (int j = 0; j < i; j++)
            ck_assert_ptr_ne(h[i], h[j]);
    }
    for (int i = 0; i < N; i++)
        ck_assert(CloseHandle(h[i]));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_handle_count_follows_create_duplicate_and_close)
{
    HANDLE ev, dup;
    DWORD start = handle_count();

    ev = new_event();
    ck_assert_uint_eq(handle_count(), start + 1);
    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(handle_count(), start + 2);
    ck_assert(CloseHandle(ev));
    ck_assert_uint_eq(handle_count(), start + 1);
    ck_assert(CloseHandle(dup));
    ck_assert_uint_eq(handle_count(), start);
}
END_TEST

START_TEST(test_handle_count_null_pointer_fails_with_noaccess)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0);
    ck_assert(!GetProcessHandleCount(GetCurrentProcess(), NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_handle_count_of_non_process_handle_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event();
    DWORD n = 12345;

    SetLastError(0);
    ck_assert(!GetProcessHandleCount(ev, &n));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(n, 12345);
    SetLastError(0);
    ck_assert(!GetProcessHandleCount(GetCurrentThread(), &n));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    ck_assert(!GetProcessHandleCount(BOGUS_HANDLE, &n));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

/* MS docs: the handle needs PROCESS_QUERY_INFORMATION or PROCESS_QUERY_LIMITED_INFORMATION. */
START_TEST(test_handle_count_accepts_limited_query_access)
{
    LEAK_CHECK_BEGIN();
    HANDLE p = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentProcessId());
    DWORD n = 0;

    ck_assert_ptr_nonnull(p);
    SetLastError(0);
    ck_assert_msg(GetProcessHandleCount(p, &n), "error %lu", (unsigned long)GetLastError());
    ck_assert_uint_eq(n, handle_count());
    ck_assert(CloseHandle(p));
    LEAK_CHECK_END();
}
END_TEST

/* ---- DuplicateHandle ---- */

START_TEST(test_duplicate_same_access_refers_to_same_object)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), dup = NULL;

    SetLastError(0xfacefeed);
    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), 0xfacefeed);
    ck_assert_ptr_nonnull(dup);
    ck_assert_ptr_ne(dup, ev);
    ck_assert_uint_eq(WaitForSingleObject(dup, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(dup, 0), WAIT_OBJECT_0);
    ck_assert(ResetEvent(dup));     /* same access: modify state too */
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(CompareObjectHandles(ev, dup));
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(dup));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_duplicate_outlives_closed_source)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), dup;

    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(CloseHandle(ev));
    ck_assert(SetEvent(dup));
    ck_assert_uint_eq(WaitForSingleObject(dup, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(dup));
    LEAK_CHECK_END();
}
END_TEST

/* process.c test_DuplicateHandle: the freed source slot is reused for the duplicate. */
START_TEST(test_duplicate_close_source_moves_the_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), dup = NULL;
    DWORD before = handle_count();

    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    ck_assert_uint_eq(handle_count(), before);
    ck_assert_ptr_eq(dup, ev);
    ck_assert(SetEvent(dup));
    ck_assert_uint_eq(WaitForSingleObject(dup, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(dup));
    LEAK_CHECK_END();
}
END_TEST

/* MS docs: DUPLICATE_CLOSE_SOURCE closes the source "regardless of any error status returned". */
START_TEST(test_duplicate_close_source_closes_even_when_duplication_fails)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), other = new_event(), dup = (HANDLE)0x1234;
    DWORD before = handle_count();

    SetLastError(0);
    ck_assert(!DuplicateHandle(GetCurrentProcess(), ev, other, &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_ptr_null(dup);
    ck_assert_uint_eq(handle_count(), before - 1);
    ck_assert(!is_open(ev));
    ck_assert(CloseHandle(other));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_duplicate_close_source_with_bogus_target_process_closes_source)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), dup = (HANDLE)0x1234;

    SetLastError(0);
    ck_assert(!DuplicateHandle(GetCurrentProcess(), ev, BOGUS_HANDLE, &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_ptr_null(dup);
    ck_assert(!is_open(ev));
    LEAK_CHECK_END();
}
END_TEST

/* The documented way to close a handle: no target process, no target handle. */
START_TEST(test_duplicate_close_source_without_target_just_closes)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event();
    DWORD before = handle_count();

    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, NULL, NULL, 0, FALSE,
                              DUPLICATE_CLOSE_SOURCE));
    ck_assert_uint_eq(handle_count(), before - 1);
    ck_assert(!is_open(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_duplicate_close_source_of_protected_handle_keeps_source)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), dup = NULL;
    DWORD flags = 0xff;

    ck_assert(SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE,
                                   HANDLE_FLAG_PROTECT_FROM_CLOSE));
    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, 0, TRUE,
                              DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    ck_assert_ptr_ne(dup, ev);
    ck_assert(is_open(ev));
    ck_assert(GetHandleInformation(dup, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT);
    ck_assert(CompareObjectHandles(ev, dup));
    ck_assert(SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(dup));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_duplicate_process_pseudo_handle_gives_real_process_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE dup = NULL;

    ck_assert(DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &dup,
                              0, FALSE, DUPLICATE_SAME_ACCESS));
    ck_assert_ptr_nonnull(dup);
    ck_assert_ptr_ne(dup, GetCurrentProcess());
    ck_assert_uint_eq((ULONG_PTR)dup & 3, 0);
    ck_assert(is_open(dup));
    ck_assert_uint_eq(GetProcessId(dup), GetCurrentProcessId());
    ck_assert(CompareObjectHandles(dup, GetCurrentProcess()));
    ck_assert(CloseHandle(dup));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI report_thread_id(LPVOID arg)
{
    return GetThreadId((HANDLE)arg);
}

/* A real handle keeps naming the duplicating thread when another thread uses it. */
START_TEST(test_duplicate_thread_pseudo_handle_gives_handle_to_calling_thread)
{
    LEAK_CHECK_BEGIN();
    HANDLE dup = NULL, t;
    DWORD code = 0;

    ck_assert(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &dup,
                              0, FALSE, DUPLICATE_SAME_ACCESS));
    ck_assert_ptr_nonnull(dup);
    ck_assert_ptr_ne(dup, GetCurrentThread());
    ck_assert_uint_eq(GetThreadId(dup), GetCurrentThreadId());
    ck_assert(CompareObjectHandles(dup, GetCurrentThread()));

    t = CreateThread(NULL, 0, report_thread_id, dup, 0, NULL);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(WaitForSingleObject(t, 5000), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(t, &code));
    ck_assert_uint_eq(code, GetCurrentThreadId());
    ck_assert(!CompareObjectHandles(dup, t));
    ck_assert(CloseHandle(t));
    ck_assert(CloseHandle(dup));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_duplicate_bad_source_handle_fails_with_invalid_handle)
{
    static const ULONG_PTR sources[] = { 0, 0xdeadbee0, 0x3ffffffc };
    LEAK_CHECK_BEGIN();
    for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
        HANDLE dup = (HANDLE)0x1234;

        SetLastError(0);
        ck_assert(!DuplicateHandle(GetCurrentProcess(), (HANDLE)sources[i], GetCurrentProcess(),
                                   &dup, 0, FALSE, DUPLICATE_SAME_ACCESS));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        ck_assert_ptr_null(dup);
    }
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_duplicate_bad_source_process_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), other = new_event();
    HANDLE processes[] = { NULL, BOGUS_HANDLE, other, GetCurrentThread() };

    for (size_t i = 0; i < sizeof(processes) / sizeof(processes[0]); i++) {
        HANDLE dup = NULL;

        SetLastError(0);
        ck_assert(!DuplicateHandle(processes[i], ev, GetCurrentProcess(), &dup, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        ck_assert_ptr_null(dup);
    }
    ck_assert(is_open(ev));
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(other));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_duplicate_bad_target_process_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), other = new_event();
    HANDLE processes[] = { NULL, BOGUS_HANDLE, other, GetCurrentThread() };

    for (size_t i = 0; i < sizeof(processes) / sizeof(processes[0]); i++) {
        HANDLE dup = (HANDLE)0x1234;

        SetLastError(0);
        ck_assert(!DuplicateHandle(GetCurrentProcess(), ev, processes[i], &dup, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        ck_assert_ptr_null(dup);
    }
    ck_assert(is_open(ev));
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(other));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_duplicate_with_synchronize_only_can_wait_but_not_set)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), dup = NULL;

    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, SYNCHRONIZE,
                              FALSE, 0));
    SetLastError(0);
    ck_assert(!SetEvent(dup));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForSingleObject(dup, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(dup, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(dup));
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_duplicate_with_modify_only_can_set_but_not_wait)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), dup = NULL;

    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup,
                              EVENT_MODIFY_STATE, FALSE, 0));
    ck_assert(SetEvent(dup));
    SetLastError(0);
    ck_assert_uint_eq(WaitForSingleObject(dup, 0), WAIT_FAILED);
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(dup));
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_duplicate_inherit_flag_follows_binherit)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), dup;
    DWORD flags = 0xff;

    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, 0, TRUE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(GetHandleInformation(dup, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT);
    ck_assert(CloseHandle(dup));
    ck_assert(SetHandleInformation(ev, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(GetHandleInformation(dup, &flags));
    ck_assert_uint_eq(flags, 0);
    ck_assert(CloseHandle(dup));
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

/* ---- GetHandleInformation / SetHandleInformation ---- */

START_TEST(test_new_handle_has_no_flags)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event();
    DWORD flags = 0xff;

    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert_uint_eq(flags, 0);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_inheritable_security_attributes_set_inherit_flag)
{
    LEAK_CHECK_BEGIN();
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    HANDLE ev = CreateEventA(&sa, TRUE, FALSE, NULL);
    DWORD flags = 0xff;

    ck_assert_ptr_nonnull(ev);
    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_set_inherit_flag_is_reported_and_cleared)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event();
    DWORD flags = 0;

    SetLastError(0xfacefeed);
    ck_assert(SetHandleInformation(ev, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
    ck_assert_uint_eq(GetLastError(), 0xfacefeed);
    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT);
    ck_assert(SetHandleInformation(ev, HANDLE_FLAG_INHERIT, 0));
    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert_uint_eq(flags, 0);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_protected_handle_cannot_be_closed_and_stays_usable)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event();
    DWORD before, flags = 0;

    ck_assert(SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE,
                                   HANDLE_FLAG_PROTECT_FROM_CLOSE));
    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    before = handle_count();
    SetLastError(0);
    ck_assert(!CloseHandle(ev));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(handle_count(), before);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);

    ck_assert(SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
    ck_assert(CloseHandle(ev));
    ck_assert_uint_eq(handle_count(), before - 1);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_set_handle_information_changes_only_masked_flags)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event();
    DWORD flags = 0xff;

    /* Flags outside the mask are ignored. */
    ck_assert(SetHandleInformation(ev, HANDLE_FLAG_INHERIT,
                                   HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE));
    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT);
    ck_assert(SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE,
                                   HANDLE_FLAG_PROTECT_FROM_CLOSE));
    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE);
    /* An empty mask changes nothing. */
    ck_assert(SetHandleInformation(ev, 0, 0));
    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE);
    /* Clearing one leaves the other. */
    ck_assert(SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT);
    /* A full mask with no flags clears everything. */
    ck_assert(SetHandleInformation(ev, 0xffffffff, 0));
    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert_uint_eq(flags, 0);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_handle_information_of_invalid_handle_fails)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event();
    DWORD flags = 0x77;

    ck_assert(CloseHandle(ev));
    HANDLE bad[] = { NULL, BOGUS_HANDLE, ev };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        SetLastError(0);
        ck_assert(!GetHandleInformation(bad[i], &flags));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        ck_assert_uint_eq(flags, 0x77);
        SetLastError(0);
        ck_assert(!SetHandleInformation(bad[i], HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    }
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_get_handle_information_null_pointer_fails_with_noaccess)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event();

    SetLastError(0);
    ck_assert(!GetHandleInformation(ev, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

/* ---- CompareObjectHandles ---- */

START_TEST(test_compare_duplicates_is_true)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event(), dup;

    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, SYNCHRONIZE,
                              FALSE, 0));
    SetLastError(0xfacefeed);
    ck_assert(CompareObjectHandles(ev, dup));
    ck_assert(CompareObjectHandles(dup, ev));
    ck_assert(CompareObjectHandles(ev, ev));
    ck_assert(CompareObjectHandles(ev, with_low_bits(ev, 2)));
    ck_assert_uint_eq(GetLastError(), 0xfacefeed);
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(dup));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_compare_different_objects_fails_with_not_same_object)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = new_event(), b = new_event();

    SetLastError(0);
    ck_assert(!CompareObjectHandles(a, b));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SAME_OBJECT);
    SetLastError(0);
    ck_assert(!CompareObjectHandles(a, GetCurrentProcess()));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SAME_OBJECT);
    ck_assert(CloseHandle(a));
    ck_assert(CloseHandle(b));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_compare_with_invalid_handle_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = new_event();

    SetLastError(0);
    ck_assert(!CompareObjectHandles(ev, BOGUS_HANDLE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    ck_assert(!CompareObjectHandles(BOGUS_HANDLE, ev));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    ck_assert(!CompareObjectHandles(NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

/* ---- closing a handle another thread waits on ---- */

struct close_race {
    HANDLE ready;       /* auto-reset; signalled atomically with entering the wait */
    HANDLE target;      /* the handle the main thread closes */
};

static DWORD WINAPI wait_on_target(LPVOID arg)
{
    struct close_race *r = arg;
    return SignalObjectAndWait(r->ready, r->target, 5000, FALSE);
}

/* The waiter holds the object: closing the handle neither ends nor breaks its wait. */
START_TEST(test_close_during_wait_keeps_object_until_waiter_is_done)
{
    LEAK_CHECK_BEGIN();
    struct close_race r = { CreateEventA(NULL, FALSE, FALSE, NULL), new_event() };
    HANDLE setter, t;
    DWORD code = 0;

    ck_assert_ptr_nonnull(r.ready);
    ck_assert(DuplicateHandle(GetCurrentProcess(), r.target, GetCurrentProcess(), &setter,
                              EVENT_MODIFY_STATE, FALSE, 0));
    t = CreateThread(NULL, 0, wait_on_target, &r, 0, NULL);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(WaitForSingleObject(r.ready, 5000), WAIT_OBJECT_0);
    ck_assert(CloseHandle(r.target));
    ck_assert_uint_eq(WaitForSingleObject(t, 20), WAIT_TIMEOUT);
    ck_assert(SetEvent(setter));
    ck_assert_uint_eq(WaitForSingleObject(t, 5000), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(t, &code));
    ck_assert_uint_eq(code, WAIT_OBJECT_0);
    ck_assert(CloseHandle(setter));
    ck_assert(CloseHandle(t));
    ck_assert(CloseHandle(r.ready));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI poll_until_closed(LPVOID arg)
{
    HANDLE h = arg;
    DWORD r;

    while ((r = WaitForSingleObject(h, 0)) == WAIT_OBJECT_0)
        ;
    return r == WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE;
}

/* Waits racing CloseHandle either succeed or fail cleanly; the sanitizers watch the rest. */
START_TEST(test_close_racing_waits_is_safe)
{
    LEAK_CHECK_BEGIN();
    for (int i = 0; i < 200; i++) {
        HANDLE ev = CreateEventA(NULL, TRUE, TRUE, NULL), t;
        DWORD ok = 0;

        ck_assert_ptr_nonnull(ev);
        t = CreateThread(NULL, 0, poll_until_closed, ev, 0, NULL);
        ck_assert_ptr_nonnull(t);
        ck_assert(CloseHandle(ev));
        ck_assert_uint_eq(WaitForSingleObject(t, 5000), WAIT_OBJECT_0);
        ck_assert(GetExitCodeThread(t, &ok));
        ck_assert_uint_eq(ok, 1);
        ck_assert(CloseHandle(t));
    }
    LEAK_CHECK_END();
}
END_TEST

/* Resident memory of this process, in KiB. */
static long resident_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fscanf(f, "%ld %ld", &pages, &resident), 2);
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OWN_ALLOCATOR 1        /* the sanitizers' allocators keep what they keep */
#else
#define OWN_ALLOCATOR 0
#endif

/* Closing hundreds of thousands of handles gives their memory back to the system. */
START_TEST(test_memory_goes_back_after_many_closes)
{
    enum { COUNT = 300000 };
    HANDLE *h = calloc(COUNT, sizeof(*h));
    long start, peak, after;

    if (OWN_ALLOCATOR)
        return;
    ck_assert_ptr_nonnull(h);
    start = resident_kib();
    for (int i = 0; i < COUNT; i++)
        h[i] = new_event();
    peak = resident_kib();
    for (int i = 0; i < COUNT; i++)
        ck_assert(CloseHandle(h[i]));
    free(h);
    after = resident_kib();
    ck_assert_int_gt(peak - start, 32 * 1024);      /* the objects did take memory */
    ck_assert_int_lt(after - start, 12 * 1024);
}
END_TEST

static Suite *handle_suite(void)
{
    Suite *s = suite_create("handle");
    TCase *tc;

    tc = tcase_create("close");
    tcase_add_test(tc, test_close_valid_handle_succeeds_and_frees_it);
    tcase_add_test(tc, test_close_null_fails_with_invalid_handle);
    tcase_add_test(tc, test_close_pseudo_handles_succeeds_and_does_nothing);
    tcase_add_test(tc, test_close_twice_fails_with_invalid_handle);
    tcase_add_test(tc, test_close_never_issued_values_fails_with_invalid_handle);
    tcase_add_test(tc, test_close_ignores_low_two_bits);
    tcase_add_test(tc, test_close_of_other_bits_of_a_valid_value_fails);
    suite_add_tcase(s, tc);

    /* 300,000 objects made and closed: 2 s of CPU, which at nice 19 beside
     * two CPU hogs on two CPUs (about 1.5% of a CPU) takes over two minutes.
     * The timeout only tells a hang. */
    tc = tcase_create("memory");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_memory_goes_back_after_many_closes);
    suite_add_tcase(s, tc);

    tc = tcase_create("values");
    tcase_add_test(tc, test_handle_values_are_multiples_of_4_and_never_special);
    tcase_add_test(tc, test_handle_count_follows_create_duplicate_and_close);
    tcase_add_test(tc, test_handle_count_null_pointer_fails_with_noaccess);
    tcase_add_test(tc, test_handle_count_of_non_process_handle_fails_with_invalid_handle);
    tcase_add_test(tc, test_handle_count_accepts_limited_query_access);
    suite_add_tcase(s, tc);

    tc = tcase_create("duplicate");
    tcase_add_test(tc, test_duplicate_same_access_refers_to_same_object);
    tcase_add_test(tc, test_duplicate_outlives_closed_source);
    tcase_add_test(tc, test_duplicate_close_source_moves_the_handle);
    tcase_add_test(tc, test_duplicate_close_source_closes_even_when_duplication_fails);
    tcase_add_test(tc, test_duplicate_close_source_with_bogus_target_process_closes_source);
    tcase_add_test(tc, test_duplicate_close_source_without_target_just_closes);
    tcase_add_test(tc, test_duplicate_close_source_of_protected_handle_keeps_source);
    tcase_add_test(tc, test_duplicate_process_pseudo_handle_gives_real_process_handle);
    tcase_add_test(tc, test_duplicate_thread_pseudo_handle_gives_handle_to_calling_thread);
    tcase_add_test(tc, test_duplicate_bad_source_handle_fails_with_invalid_handle);
    tcase_add_test(tc, test_duplicate_bad_source_process_fails_with_invalid_handle);
    tcase_add_test(tc, test_duplicate_bad_target_process_fails_with_invalid_handle);
    tcase_add_test(tc, test_duplicate_with_synchronize_only_can_wait_but_not_set);
    tcase_add_test(tc, test_duplicate_with_modify_only_can_set_but_not_wait);
    tcase_add_test(tc, test_duplicate_inherit_flag_follows_binherit);
    suite_add_tcase(s, tc);

    tc = tcase_create("flags");
    tcase_add_test(tc, test_new_handle_has_no_flags);
    tcase_add_test(tc, test_inheritable_security_attributes_set_inherit_flag);
    tcase_add_test(tc, test_set_inherit_flag_is_reported_and_cleared);
    tcase_add_test(tc, test_protected_handle_cannot_be_closed_and_stays_usable);
    tcase_add_test(tc, test_set_handle_information_changes_only_masked_flags);
    tcase_add_test(tc, test_handle_information_of_invalid_handle_fails);
    tcase_add_test(tc, test_get_handle_information_null_pointer_fails_with_noaccess);
    suite_add_tcase(s, tc);

    tc = tcase_create("compare");
    tcase_add_test(tc, test_compare_duplicates_is_true);
    tcase_add_test(tc, test_compare_different_objects_fails_with_not_same_object);
    tcase_add_test(tc, test_compare_with_invalid_handle_fails_with_invalid_handle);
    suite_add_tcase(s, tc);

    tc = tcase_create("close_vs_wait");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_close_during_wait_keeps_object_until_waiter_is_done);
    tcase_add_test(tc, test_close_racing_waits_is_safe);
    suite_add_tcase(s, tc);

    return s;
}

W32_TEST_MAIN(handle_suite)
