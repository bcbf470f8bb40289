/*
 * Conformance: thread local storage slots. TlsAlloc, TlsFree, TlsGetValue,
 * TlsSetValue.
 */
#include "conformance.h"

/* TLS_MINIMUM_AVAILABLE (64) plus Windows' 1024 expansion slots: the first
 * index that can never be valid. */
#define TLS_SLOT_COUNT 1088

static DWORD alloc_slot(void)
{
    DWORD index = TlsAlloc();

    ok(index != TLS_OUT_OF_INDEXES, "TlsAlloc failed");
    return index;
}

static void test_alloc_gives_distinct_indices(void)
{
    DWORD a, b;

    SetLastError(0xdeadbeef);
    a = alloc_slot();
    b = alloc_slot();
    ok(a < TLS_SLOT_COUNT && b < TLS_SLOT_COUNT, "indices %lu and %lu", (unsigned long)a,
       (unsigned long)b);
    ok(a != b, "two TlsAlloc calls gave index %lu", (unsigned long)a);
    /* thread.c test_CreateThread_basic: a successful TlsFree keeps the last error. */
    SetLastError(0xcafef00d);
    ok(TlsFree(a), "TlsFree(a) failed");
    ok(TlsFree(b), "TlsFree(b) failed");
    ok(GetLastError() == 0xcafef00d, "last error changed to %lu",
       (unsigned long)GetLastError());
}

static void test_new_slot_reads_null(void)
{
    DWORD index = alloc_slot();

    SetLastError(0xdeadbeef);
    ok(TlsGetValue(index) == NULL, "a new slot holds %p", TlsGetValue(index));
    ok(GetLastError() == ERROR_SUCCESS, "last error %lu after TlsGetValue",
       (unsigned long)GetLastError());
    ok(TlsFree(index), "TlsFree failed");
}

static void test_set_then_get_value(void)
{
    DWORD index = alloc_slot();
    int a, b;

    SetLastError(0xdeadbeef);
    ok(TlsSetValue(index, &a), "TlsSetValue failed");
    ok(GetLastError() == 0xdeadbeef, "TlsSetValue changed the last error to %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(TlsGetValue(index) == &a, "read %p, stored %p", TlsGetValue(index), (void *)&a);
    /* A successful TlsGetValue clears the last error (MS docs: so that a NULL
     * value can be told from a failure). */
    ok(GetLastError() == ERROR_SUCCESS, "last error %lu after TlsGetValue",
       (unsigned long)GetLastError());
    ok(TlsSetValue(index, &b), "second TlsSetValue failed");
    ok(TlsGetValue(index) == &b, "read %p, stored %p", TlsGetValue(index), (void *)&b);
    ok(TlsSetValue(index, NULL), "TlsSetValue(NULL) failed");
    SetLastError(0xdeadbeef);
    ok(TlsGetValue(index) == NULL, "read %p, stored NULL", TlsGetValue(index));
    ok(GetLastError() == ERROR_SUCCESS, "a stored NULL: last error %lu",
       (unsigned long)GetLastError());
    ok(TlsFree(index), "TlsFree failed");
}

struct tls_thread {
    DWORD index;
    HANDLE ready, go;
    void *mine;
    void *seen_first, *seen_last;
    LONG first_error;
};

static DWORD WINAPI tls_thread(LPVOID arg)
{
    struct tls_thread *t = arg;

    SetLastError(0xdeadbeef);
    t->seen_first = TlsGetValue(t->index);
    t->first_error = (LONG)GetLastError();
    TlsSetValue(t->index, t->mine);
    SetEvent(t->ready);
    WaitForSingleObject(t->go, INFINITE);
    t->seen_last = TlsGetValue(t->index);
    return 0;
}

static void test_values_are_per_thread(void)
{
    struct tls_thread t;
    int main_value, thread_value;
    HANDLE thread;

    memset(&t, 0, sizeof(t));
    t.index = alloc_slot();
    t.ready = CreateEventA(NULL, FALSE, FALSE, NULL);
    t.go = CreateEventA(NULL, FALSE, FALSE, NULL);
    t.mine = &thread_value;
    t.seen_first = t.seen_last = (void *)&t;
    ok(t.ready && t.go, "CreateEventA failed");
    ok(TlsSetValue(t.index, &main_value), "TlsSetValue failed");

    thread = CreateThread(NULL, 0, tls_thread, &t, 0, NULL);
    ok(thread != NULL, "CreateThread failed");
    ok(WaitForSingleObject(t.ready, 5000) == WAIT_OBJECT_0, "the thread did not start");
    /* The thread has stored its own value: this thread's is unchanged. */
    ok(TlsGetValue(t.index) == &main_value, "this thread reads %p", TlsGetValue(t.index));
    ok(TlsSetValue(t.index, NULL), "TlsSetValue failed");
    ok(SetEvent(t.go), "SetEvent failed");
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "the thread did not end");

    /* The events order these reads after the thread's writes. */
    ok(t.seen_first == NULL, "a new thread inherited %p", t.seen_first);
    ok(t.first_error == ERROR_SUCCESS, "the thread's TlsGetValue left error %lu",
       (unsigned long)t.first_error);
    ok(t.seen_last == &thread_value, "the thread's value became %p, stored %p", t.seen_last,
       (void *)&thread_value);
    ok(TlsGetValue(t.index) == NULL, "this thread reads %p", TlsGetValue(t.index));

    CloseHandle(thread);
    CloseHandle(t.ready);
    CloseHandle(t.go);
    ok(TlsFree(t.index), "TlsFree failed");
}

static void test_reallocated_slot_reads_null(void)
{
    DWORD index = alloc_slot();
    int value;

    ok(TlsSetValue(index, &value), "TlsSetValue failed");
    ok(TlsFree(index), "TlsFree failed");
    /* Whether or not the freed index comes back, a new slot reads NULL. */
    index = alloc_slot();
    ok(TlsGetValue(index) == NULL, "a reallocated slot holds %p", TlsGetValue(index));
    ok(TlsFree(index), "TlsFree failed");
}

static void test_double_free_fails(void)
{
    DWORD index = alloc_slot();

    ok(TlsFree(index), "first TlsFree failed");
    /* thread.c LS_ThreadProc: freeing a freed index fails. */
    SetLastError(0xdeadbeef);
    ok(!TlsFree(index), "second TlsFree succeeded");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
}

static void test_index_out_of_range(void)
{
    static const DWORD bad[] = { TLS_SLOT_COUNT, 100000, TLS_OUT_OF_INDEXES };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        SetLastError(0xdeadbeef);
        ok(TlsGetValue(bad[i]) == NULL, "TlsGetValue(%lu) gave a value", (unsigned long)bad[i]);
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "TlsGetValue(%lu): error %lu",
           (unsigned long)bad[i], (unsigned long)GetLastError());
        SetLastError(0xdeadbeef);
        ok(!TlsSetValue(bad[i], (void *)1), "TlsSetValue(%lu) succeeded", (unsigned long)bad[i]);
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "TlsSetValue(%lu): error %lu",
           (unsigned long)bad[i], (unsigned long)GetLastError());
        SetLastError(0xdeadbeef);
        ok(!TlsFree(bad[i]), "TlsFree(%lu) succeeded", (unsigned long)bad[i]);
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "TlsFree(%lu): error %lu",
           (unsigned long)bad[i], (unsigned long)GetLastError());
    }
}

static void test_alloc_exhaustion(void)
{
    static DWORD indices[TLS_SLOT_COUNT + 1];
    DWORD count = 0, index, error, i;

    for (;;) {
        SetLastError(0xdeadbeef);
        index = TlsAlloc();
        if (index == TLS_OUT_OF_INDEXES || count == TLS_SLOT_COUNT + 1)
            break;
        indices[count++] = index;
    }
    error = GetLastError();
    ok(index == TLS_OUT_OF_INDEXES, "more than %d slots", TLS_SLOT_COUNT);
    /* Every slot below 1088: ones already taken (by the runtime or other
     * DLLs) are not handed out again. */
    ok(count > 0 && count <= TLS_SLOT_COUNT, "%lu slots", (unsigned long)count);
    for (i = 0; i < count && indices[i] < TLS_SLOT_COUNT; i++)
        ;
    ok(i == count, "index %lu", (unsigned long)(i < count ? indices[i] : 0));
    /* Wine's kernelbase TlsAlloc: ERROR_NO_MORE_ITEMS (MS docs give no code). */
    ok(error == ERROR_NO_MORE_ITEMS, "error %lu when out of slots", (unsigned long)error);
    for (i = 0; i < count && TlsFree(indices[i]); i++)
        ;
    ok(i == count, "TlsFree(%lu) failed", (unsigned long)(i < count ? indices[i] : 0));
    index = alloc_slot();
    ok(TlsFree(index), "TlsFree after the exhaustion failed");
}

CONFORMANCE_MAIN(test_alloc_gives_distinct_indices, test_new_slot_reads_null,
                 test_set_then_get_value, test_values_are_per_thread,
                 test_reallocated_slot_reads_null, test_double_free_fails,
                 test_index_out_of_range, test_alloc_exhaustion)
