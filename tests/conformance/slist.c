/*
 * Conformance: interlocked singly linked lists (InitializeSListHead,
 * InterlockedPushEntrySList, InterlockedPopEntrySList,
 * InterlockedPushListSListEx, InterlockedFlushSList, QueryDepthSList), as
 * Wine's sync.c test_slist checks them and MS docs describe them.
 */
#include "conformance.h"

struct item {
    SLIST_ENTRY entry;
    int value;
};

static int value_of(PSLIST_ENTRY e)
{
    return e ? ((struct item *)e)->value : -1;
}

/* A header full of garbage is empty once initialized. */
static void test_initialize_empties_the_header(void)
{
    SLIST_HEADER h;

    memset(&h, 0xff, sizeof(h));
    InitializeSListHead(&h);
    ok(QueryDepthSList(&h) == 0, "depth %u", QueryDepthSList(&h));
    ok(InterlockedPopEntrySList(&h) == NULL, "popped from an empty list");
    ok(InterlockedFlushSList(&h) == NULL, "flushed something from an empty list");
}

/* Each push returns the entry that was first; pops come in reverse order. */
static void test_push_and_pop_are_lifo(void)
{
    struct item a = { { NULL }, 1 }, b = { { NULL }, 2 }, c = { { NULL }, 3 };
    SLIST_HEADER h;

    InitializeSListHead(&h);
    ok(InterlockedPushEntrySList(&h, &a.entry) == NULL, "first push returned an entry");
    ok(QueryDepthSList(&h) == 1, "depth %u", QueryDepthSList(&h));
    ok(value_of(InterlockedPushEntrySList(&h, &b.entry)) == 1, "second push");
    ok(value_of(InterlockedPushEntrySList(&h, &c.entry)) == 2, "third push");
    ok(QueryDepthSList(&h) == 3, "depth %u", QueryDepthSList(&h));
    ok(value_of(InterlockedPopEntrySList(&h)) == 3, "first pop");
    ok(QueryDepthSList(&h) == 2, "depth %u", QueryDepthSList(&h));
    ok(value_of(InterlockedPopEntrySList(&h)) == 2, "second pop");
    ok(value_of(InterlockedPopEntrySList(&h)) == 1, "third pop");
    ok(InterlockedPopEntrySList(&h) == NULL, "popped from an emptied list");
    ok(QueryDepthSList(&h) == 0, "depth %u", QueryDepthSList(&h));
}

/* A flush hands back the whole chain, first entry first, and empties the list. */
static void test_flush_returns_the_chain(void)
{
    struct item a = { { NULL }, 1 }, b = { { NULL }, 2 };
    SLIST_HEADER h;
    PSLIST_ENTRY chain;

    InitializeSListHead(&h);
    InterlockedPushEntrySList(&h, &a.entry);
    InterlockedPushEntrySList(&h, &b.entry);
    chain = InterlockedFlushSList(&h);
    ok(value_of(chain) == 2, "first of the chain %d", value_of(chain));
    ok(chain && value_of(chain->Next) == 1, "second of the chain");
    ok(chain && chain->Next && chain->Next->Next == NULL, "the chain does not end");
    ok(QueryDepthSList(&h) == 0, "depth %u", QueryDepthSList(&h));
    ok(InterlockedPopEntrySList(&h) == NULL, "popped after a flush");
}

/* MS docs, InterlockedPushListSListEx: List..ListEnd, Count entries long, go in
 * front as they are linked, and the previous first entry is returned. */
static void test_push_list_puts_the_chain_in_front(void)
{
    struct item a = { { NULL }, 1 }, b = { { NULL }, 2 }, c = { { NULL }, 3 };
    SLIST_HEADER h;

    InitializeSListHead(&h);
    InterlockedPushEntrySList(&h, &a.entry);
    b.entry.Next = &c.entry;
    ok(value_of(InterlockedPushListSListEx(&h, &b.entry, &c.entry, 2)) == 1,
       "push list returned the wrong entry");
    ok(QueryDepthSList(&h) == 3, "depth %u", QueryDepthSList(&h));
    ok(value_of(InterlockedPopEntrySList(&h)) == 2, "first pop");
    ok(value_of(InterlockedPopEntrySList(&h)) == 3, "second pop");
    ok(value_of(InterlockedPopEntrySList(&h)) == 1, "third pop");
    ok(InterlockedPopEntrySList(&h) == NULL, "popped from an emptied list");
}

/* The header's second quadword holds the first entry's address (winnt.h). */
static void test_header_holds_the_first_entry(void)
{
    struct item a;
    SLIST_HEADER h;

    ok(sizeof(SLIST_HEADER) == 16, "header size %u", (unsigned)sizeof(SLIST_HEADER));
    ok(sizeof(SLIST_ENTRY) == 16, "entry size %u", (unsigned)sizeof(SLIST_ENTRY));
    InitializeSListHead(&h);
    InterlockedPushEntrySList(&h, &a.entry);
    ok((h.Region & ~(ULONGLONG)0xf) == (ULONGLONG)(ULONG_PTR)&a.entry, "Region %llx",
       (unsigned long long)h.Region);
    ok((h.Alignment & 0xffff) == 1, "depth bits %llx", (unsigned long long)h.Alignment);
}

/* Wine's sync.c test_slist: 65,536 heap entries go on and come off in one flush. */
static void test_many_heap_entries(void)
{
    SLIST_HEADER h;
    PSLIST_ENTRY e, next;
    int i, pushed = 0, freed = 0;

    InitializeSListHead(&h);
    for (i = 0; i < 65536; i++) {
        e = HeapAlloc(GetProcessHeap(), 0, sizeof(*e));
        if (!e)
            break;
        InterlockedPushEntrySList(&h, e);
        pushed++;
    }
    ok(pushed == 65536, "pushed %d", pushed);
    for (e = InterlockedFlushSList(&h); e; e = next) {
        next = e->Next;
        HeapFree(GetProcessHeap(), 0, e);
        freed++;
    }
    ok(freed == pushed, "freed %d of %d", freed, pushed);
}

CONFORMANCE_MAIN(test_initialize_empties_the_header,
                 test_push_and_pop_are_lifo,
                 test_flush_returns_the_chain,
                 test_push_list_puts_the_chain_in_front,
                 test_header_holds_the_first_entry,
                 test_many_heap_entries)
