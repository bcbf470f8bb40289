/* Interlocked singly linked lists: order, depth, the header's layout, races. */
#include <stdalign.h>
#include <stdint.h>
#include "testutil.h"

struct item {
    SLIST_ENTRY entry;          /* first, as Windows' examples put it */
    LONG value;
    LONG owner;                 /* races: the thread that popped it, 0 while listed */
};

static struct item *item_of(PSLIST_ENTRY e)
{
    return (struct item *)e;
}

static WORD sequence_of(const SLIST_HEADER *h)
{
    return (WORD)h->HeaderX64.Sequence;
}

START_TEST(test_initialize_empties_a_dirty_header)
{
    SLIST_HEADER h;

    memset(&h, 0xff, sizeof(h));
    InitializeSListHead(&h);
    ck_assert_uint_eq(h.Alignment, 0);
    ck_assert_uint_eq(h.Region, 0);
    ck_assert_uint_eq(QueryDepthSList(&h), 0);
    ck_assert_ptr_null(InterlockedPopEntrySList(&h));
    ck_assert_ptr_null(InterlockedFlushSList(&h));
    ck_assert_ptr_null(RtlFirstEntrySList(&h));
}
END_TEST

START_TEST(test_push_returns_the_previous_first_and_pop_is_lifo)
{
    struct item a = { .value = 1 }, b = { .value = 2 }, c = { .value = 3 };
    SLIST_HEADER h;

    InitializeSListHead(&h);
    ck_assert_ptr_null(InterlockedPushEntrySList(&h, &a.entry));
    ck_assert_ptr_eq(InterlockedPushEntrySList(&h, &b.entry), &a.entry);
    ck_assert_ptr_eq(InterlockedPushEntrySList(&h, &c.entry), &b.entry);
    ck_assert_uint_eq(QueryDepthSList(&h), 3);
    ck_assert_ptr_eq(RtlFirstEntrySList(&h), &c.entry);
    ck_assert_int_eq(item_of(InterlockedPopEntrySList(&h))->value, 3);
    ck_assert_uint_eq(QueryDepthSList(&h), 2);
    ck_assert_int_eq(item_of(InterlockedPopEntrySList(&h))->value, 2);
    ck_assert_int_eq(item_of(InterlockedPopEntrySList(&h))->value, 1);
    ck_assert_ptr_null(InterlockedPopEntrySList(&h));
    ck_assert_uint_eq(QueryDepthSList(&h), 0);
}
END_TEST

START_TEST(test_header_and_entry_have_windows_layout)
{
    struct item a;
    SLIST_HEADER h;

    ck_assert_uint_eq(sizeof(SLIST_HEADER), 16);
    ck_assert_uint_eq(alignof(SLIST_HEADER), 16);
    ck_assert_uint_eq(sizeof(SLIST_ENTRY), 16);
    ck_assert_uint_eq(alignof(SLIST_ENTRY), 16);
    InitializeSListHead(&h);
    InterlockedPushEntrySList(&h, &a.entry);
    /* Depth in bits 0-15, the sequence above it, the entry's address >> 4 in
     * the upper 60 bits of the second quadword. */
    ck_assert_uint_eq(h.HeaderX64.Depth, 1);
    ck_assert_uint_eq(h.Alignment & 0xffff, 1);
    ck_assert_uint_eq(h.Alignment >> 16, h.HeaderX64.Sequence);
    ck_assert_uint_eq((ULONG_PTR)h.HeaderX64.NextEntry << 4, (ULONG_PTR)&a.entry);
    ck_assert_uint_eq(h.Region, (ULONG_PTR)&a.entry);
    ck_assert_uint_eq(h.HeaderX64.Reserved, 0);
}
END_TEST

/* The sequence is what makes a swap of the header ABA-safe: every change moves it. */
START_TEST(test_every_change_moves_the_sequence_on)
{
    struct item a, b, c;
    SLIST_HEADER h;
    WORD s;

    InitializeSListHead(&h);
    s = sequence_of(&h);
    InterlockedPushEntrySList(&h, &a.entry);
    ck_assert_uint_eq(sequence_of(&h), (WORD)(s + 1));
    InterlockedPopEntrySList(&h);
    ck_assert_uint_eq(sequence_of(&h), (WORD)(s + 2));
    /* The same entry back at the front: the header differs all the same. */
    InterlockedPushEntrySList(&h, &a.entry);
    ck_assert_uint_eq(sequence_of(&h), (WORD)(s + 3));
    b.entry.Next = &c.entry;
    InterlockedPushListSListEx(&h, &b.entry, &c.entry, 2);
    ck_assert_uint_eq(sequence_of(&h), (WORD)(s + 4));
    InterlockedFlushSList(&h);
    ck_assert_uint_eq(sequence_of(&h), (WORD)(s + 5));
    /* Nothing to take: the header is not written. */
    ck_assert_ptr_null(InterlockedPopEntrySList(&h));
    ck_assert_ptr_null(InterlockedFlushSList(&h));
    ck_assert_uint_eq(sequence_of(&h), (WORD)(s + 5));
}
END_TEST

START_TEST(test_sequence_and_depth_wrap_without_touching_their_neighbours)
{
    struct item a;
    SLIST_HEADER h;

    InitializeSListHead(&h);
    h.HeaderX64.Sequence = 0xffffffffffffULL;
    h.HeaderX64.Depth = 0xffff;
    InterlockedPushEntrySList(&h, &a.entry);
    ck_assert_uint_eq(h.HeaderX64.Sequence, 0);
    ck_assert_uint_eq(h.HeaderX64.Depth, 0);
    ck_assert_ptr_eq(InterlockedPopEntrySList(&h), &a.entry);
    ck_assert_uint_eq(h.HeaderX64.Depth, 0xffff);
    ck_assert_uint_eq(h.HeaderX64.Sequence, 1);
    ck_assert_ptr_null(RtlFirstEntrySList(&h));
}
END_TEST

START_TEST(test_flush_returns_the_chain_and_empties_the_list)
{
    struct item a = { .value = 1 }, b = { .value = 2 };
    SLIST_HEADER h;
    PSLIST_ENTRY chain;

    InitializeSListHead(&h);
    InterlockedPushEntrySList(&h, &a.entry);
    InterlockedPushEntrySList(&h, &b.entry);
    chain = InterlockedFlushSList(&h);
    ck_assert_ptr_eq(chain, &b.entry);
    ck_assert_ptr_eq(chain->Next, &a.entry);
    ck_assert_ptr_null(chain->Next->Next);
    ck_assert_uint_eq(QueryDepthSList(&h), 0);
    ck_assert_ptr_null(InterlockedPopEntrySList(&h));
}
END_TEST

START_TEST(test_push_list_puts_a_chain_in_front)
{
    struct item a = { .value = 1 }, b = { .value = 2 }, c = { .value = 3 }, d = { .value = 4 };
    SLIST_HEADER h;

    InitializeSListHead(&h);
    InterlockedPushEntrySList(&h, &a.entry);
    b.entry.Next = &c.entry;
    c.entry.Next = &d.entry;
    d.entry.Next = (PSLIST_ENTRY)0x1234560;    /* overwritten with the old first */
    ck_assert_ptr_eq(InterlockedPushListSList(&h, &b.entry, &d.entry, 3), &a.entry);
    ck_assert_uint_eq(QueryDepthSList(&h), 4);
    for (LONG want = 2; want <= 4; want++)
        ck_assert_int_eq(item_of(InterlockedPopEntrySList(&h))->value, want);
    ck_assert_int_eq(item_of(InterlockedPopEntrySList(&h))->value, 1);
    ck_assert_ptr_null(InterlockedPopEntrySList(&h));
}
END_TEST

/* 65,536 entries, as Wine's sync.c test pushes: the 16-bit depth wraps, the list does not. */
START_TEST(test_more_entries_than_the_depth_counts)
{
    enum { COUNT = 65536 + 3 };
    struct item *items = HeapAlloc(GetProcessHeap(), 0, COUNT * sizeof(*items));
    SLIST_HEADER h;
    PSLIST_ENTRY e;
    int n = 0;

    ck_assert_ptr_nonnull(items);
    InitializeSListHead(&h);
    for (int i = 0; i < COUNT; i++)
        InterlockedPushEntrySList(&h, &items[i].entry);
    ck_assert_uint_eq(QueryDepthSList(&h), 3);
    for (e = InterlockedFlushSList(&h); e; e = e->Next)
        n++;
    ck_assert_int_eq(n, COUNT);
    ck_assert(HeapFree(GetProcessHeap(), 0, items));
}
END_TEST

START_TEST(test_rtl_names_are_the_same_functions)
{
    struct item a, b;
    SLIST_HEADER h;

    memset(&h, 0xff, sizeof(h));
    RtlInitializeSListHead(&h);
    ck_assert_ptr_null(RtlInterlockedPushEntrySList(&h, &a.entry));
    ck_assert_ptr_eq(RtlInterlockedPushListSListEx(&h, &b.entry, &b.entry, 1), &a.entry);
    ck_assert_uint_eq(RtlQueryDepthSList(&h), 2);
    ck_assert_ptr_eq(RtlInterlockedPopEntrySList(&h), &b.entry);
    ck_assert_ptr_eq(RtlInterlockedFlushSList(&h), &a.entry);
    ck_assert_uint_eq(RtlQueryDepthSList(&h), 0);
}
END_TEST

/* ---- races ---- */

#define RACE_THREADS 4
#define RACE_ITEMS 3            /* few entries: the same ones come back often (ABA) */
#define RACE_ROUNDS 200000

struct race {
    SLIST_HEADER head;
    struct item items[RACE_ITEMS];
    LONG failures;
};

/*
 * Pops an entry, owns it for a moment, pushes it back. An entry handed to
 * two threads at once (a pop that linked a stale Next) is seen here: its
 * owner field is already taken.
 */
static DWORD WINAPI pop_and_push(LPVOID param)
{
    struct race *r = param;
    LONG me = (LONG)GetCurrentThreadId();

    for (int i = 0; i < RACE_ROUNDS; i++) {
        struct item *it = item_of(InterlockedPopEntrySList(&r->head));
        if (!it)
            continue;
        if (InterlockedCompareExchange(&it->owner, me, 0) != 0)
            InterlockedIncrement(&r->failures);
        it->value++;
        InterlockedExchange(&it->owner, 0);
        InterlockedPushEntrySList(&r->head, &it->entry);
    }
    return 0;
}

START_TEST(test_concurrent_pops_and_pushes_never_share_an_entry)
{
    struct race *r = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*r));
    HANDLE threads[RACE_THREADS];
    PSLIST_ENTRY e;
    LONG total = 0;
    int n = 0;

    ck_assert_ptr_nonnull(r);
    InitializeSListHead(&r->head);
    for (int i = 0; i < RACE_ITEMS; i++)
        InterlockedPushEntrySList(&r->head, &r->items[i].entry);
    for (int i = 0; i < RACE_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, pop_and_push, r, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    for (int i = 0; i < RACE_THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 0);
    close_all(threads, RACE_THREADS);
    ck_assert_int_eq(r->failures, 0);
    ck_assert_uint_eq(QueryDepthSList(&r->head), RACE_ITEMS);
    for (e = InterlockedFlushSList(&r->head); e; e = e->Next) {
        total += item_of(e)->value;
        n++;
    }
    ck_assert_int_eq(n, RACE_ITEMS);
    ck_assert_int_le(total, RACE_THREADS * RACE_ROUNDS);
    ck_assert(HeapFree(GetProcessHeap(), 0, r));
}
END_TEST

/* Items pushed by one thread are seen whole by the thread that pops them. */
struct handoff {
    SLIST_HEADER head;
    LONG received;
};

#define HANDOFF_COUNT 20000

struct message {
    SLIST_ENTRY entry;
    int payload[8];
};

static DWORD WINAPI consume(LPVOID param)
{
    struct handoff *h = param;
    DWORD bad = 0;

    while (InterlockedCompareExchange(&h->received, 0, 0) < HANDOFF_COUNT) {
        struct message *m = (struct message *)InterlockedPopEntrySList(&h->head);
        if (!m) {
            YieldProcessor();
            continue;
        }
        for (int i = 0; i < 8; i++)
            bad += m->payload[i] != i * 7;
        HeapFree(GetProcessHeap(), 0, m);
        InterlockedIncrement(&h->received);
    }
    return bad;
}

START_TEST(test_popped_entries_carry_what_the_pusher_wrote)
{
    struct handoff *h = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*h));
    HANDLE consumer;

    ck_assert_ptr_nonnull(h);
    InitializeSListHead(&h->head);
    consumer = CreateThread(NULL, 0, consume, h, 0, NULL);
    ck_assert_ptr_nonnull(consumer);
    for (int n = 0; n < HANDOFF_COUNT; n++) {
        struct message *m = HeapAlloc(GetProcessHeap(), 0, sizeof(*m));
        ck_assert_ptr_nonnull(m);
        for (int i = 0; i < 8; i++)
            m->payload[i] = i * 7;
        InterlockedPushEntrySList(&h->head, &m->entry);
    }
    ck_assert_uint_eq(exit_code(consumer), 0);
    ck_assert(CloseHandle(consumer));
    ck_assert_ptr_null(InterlockedFlushSList(&h->head));
    ck_assert(HeapFree(GetProcessHeap(), 0, h));
}
END_TEST

static Suite *slist_suite(void)
{
    Suite *s = suite_create("slist");
    TCase *tc = tcase_create("single");

    tcase_add_test(tc, test_initialize_empties_a_dirty_header);
    tcase_add_test(tc, test_push_returns_the_previous_first_and_pop_is_lifo);
    tcase_add_test(tc, test_header_and_entry_have_windows_layout);
    tcase_add_test(tc, test_every_change_moves_the_sequence_on);
    tcase_add_test(tc, test_sequence_and_depth_wrap_without_touching_their_neighbours);
    tcase_add_test(tc, test_flush_returns_the_chain_and_empties_the_list);
    tcase_add_test(tc, test_push_list_puts_a_chain_in_front);
    tcase_add_test(tc, test_more_entries_than_the_depth_counts);
    tcase_add_test(tc, test_rtl_names_are_the_same_functions);
    suite_add_tcase(s, tc);

    tc = tcase_create("races");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_concurrent_pops_and_pushes_never_share_an_entry);
    tcase_add_test(tc, test_popped_entries_carry_what_the_pusher_wrote);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(slist_suite)
