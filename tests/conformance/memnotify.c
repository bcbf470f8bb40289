/* Conformance: memory resource notifications (Wine's sync.c tests them with events). */
#include "conformance.h"

static DWORD handles(void)
{
    DWORD n = 0;

    GetProcessHandleCount(GetCurrentProcess(), &n);
    return n;
}

static void test_unknown_type_and_null_handle_fail(void)
{
    HANDLE h;
    BOOL state = 0x55;

    SetLastError(0xdeadbeef);
    h = CreateMemoryResourceNotification(HighMemoryResourceNotification + 1);
    ok(h == NULL, "created %p", h);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!QueryMemoryResourceNotification(NULL, &state), "query of NULL succeeded");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    ok(state == 0x55, "state written: %d", state);
}

static void check_kind(MEMORY_RESOURCE_NOTIFICATION_TYPE kind)
{
    DWORD before = handles(), wait;
    HANDLE h = CreateMemoryResourceNotification(kind);
    BOOL state = 0x55;

    ok(h != NULL, "kind %d: create", kind);
    /* Wine's GetProcessHandleCount is a stub that reports 0. */
    todo_wine_ok(handles() == before + 1, "kind %d: %lu handles, %lu before", kind,
                 (unsigned long)handles(), (unsigned long)before);
    ok(QueryMemoryResourceNotification(h, &state), "kind %d: query", kind);
    ok(state == TRUE || state == FALSE, "kind %d: state %d", kind, state);
    wait = WaitForSingleObject(h, 0);
    ok(wait == WAIT_OBJECT_0 || wait == WAIT_TIMEOUT, "kind %d: wait %lu", kind,
       (unsigned long)wait);
    ok(CloseHandle(h), "kind %d: close", kind);
    ok(handles() == before, "kind %d: %lu handles after close", kind, (unsigned long)handles());
}

static void test_each_kind_is_a_waitable_handle(void)
{
    check_kind(LowMemoryResourceNotification);
    check_kind(HighMemoryResourceNotification);
}

static void test_low_and_high_are_never_both_signalled(void)
{
    HANDLE low = CreateMemoryResourceNotification(LowMemoryResourceNotification);
    HANDLE high = CreateMemoryResourceNotification(HighMemoryResourceNotification);
    BOOL is_low = FALSE, is_high = FALSE;

    ok(QueryMemoryResourceNotification(low, &is_low), "query low");
    ok(QueryMemoryResourceNotification(high, &is_high), "query high");
    ok(!(is_low && is_high), "low %d and high %d at once", is_low, is_high);
    CloseHandle(low);
    CloseHandle(high);
}

static void test_query_reads_an_event(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    BOOL state = 0x55;

    ok(QueryMemoryResourceNotification(ev, &state), "query of an event");
    ok(state == FALSE, "unset event reads %d", state);
    SetEvent(ev);
    ok(QueryMemoryResourceNotification(ev, &state), "query of a set event");
    ok(state == TRUE, "set event reads %d", state);
    CloseHandle(ev);
}

CONFORMANCE_MAIN(test_unknown_type_and_null_handle_fail, test_each_kind_is_a_waitable_handle,
                 test_low_and_high_are_never_both_signalled, test_query_reads_an_event)
