/*
 * interlockedapi.h: interlocked singly linked lists (SLists), lock-free, on
 * Windows' 16-byte header (winnt.h). Every change of the header is one
 * 16-byte compare-and-swap that also moves the sequence on, so a pop that
 * read an entry's Next just before that entry left and came back fails and
 * tries again instead of linking a stale Next (the ABA problem).
 */
#include <stdbool.h>
#include <windows.h>

#if defined(__SANITIZE_THREAD__)
#define W32_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define W32_TSAN 1
#endif
#endif
#ifdef W32_TSAN
#include <sanitizer/tsan_interface.h>
#endif

#define DEPTH_MASK 0xffffULL
#define SEQUENCE_ONE 0x10000ULL
#define NEXT_MASK (~0xfULL)

/* A header's two quadwords: depth and sequence, then the first entry. */
struct header {
    ULONGLONG low, high;
};

/*
 * Compares the 16 bytes at p (16-byte aligned) with *expected and stores
 * desired if they are equal; otherwise *expected receives what p holds. A
 * full barrier either way. The instructions are ThreadSanitizer-blind, so
 * the callers tell it what the header orders (publish and receive).
 */
static bool cas16(volatile SLIST_HEADER *p, struct header *expected, struct header desired)
{
#if defined(__x86_64__)
    bool equal;

    __asm__ __volatile__("lock cmpxchg16b %1\n\tsete %0"
                         : "=q"(equal), "+m"(*p), "+a"(expected->low), "+d"(expected->high)
                         : "b"(desired.low), "c"(desired.high)
                         : "memory", "cc");
    return equal;
#elif defined(__aarch64__)
    ULONGLONG low, high;
    unsigned failed;

    /* A pair loaded by ldaxp is atomic only once stored back by stlxp:
     * a mismatch stores what it read, so *expected is never torn. */
    __asm__ __volatile__("1: ldaxp %0, %1, %3\n\t"
                         "cmp %0, %4\n\t"
                         "ccmp %1, %5, #0, eq\n\t"
                         "b.ne 2f\n\t"
                         "stlxp %w2, %6, %7, %3\n\t"
                         "cbnz %w2, 1b\n\t"
                         "b 3f\n"
                         "2: stlxp %w2, %0, %1, %3\n\t"
                         "cbnz %w2, 1b\n\t"
                         "mov %w2, #1\n"
                         "3:"
                         : "=&r"(low), "=&r"(high), "=&r"(failed), "+Q"(*p)
                         : "r"(expected->low), "r"(expected->high), "r"(desired.low),
                           "r"(desired.high)
                         : "memory", "cc");
    if (!failed)
        return true;
    expected->low = low;
    expected->high = high;
    return false;
#else
#error "SLists need a 16-byte compare-and-swap on this CPU"
#endif
}

/* A first look at the header; a torn read only makes the first swap fail. */
static struct header load(const volatile SLIST_HEADER *p)
{
    struct header h;

    h.low = __atomic_load_n(&((const volatile ULONGLONG *)p)[0], __ATOMIC_RELAXED);
    h.high = __atomic_load_n(&((const volatile ULONGLONG *)p)[1], __ATOMIC_RELAXED);
    return h;
}

/* The writes to the entries happen before whoever takes them out. */
static void publish(volatile SLIST_HEADER *p)
{
#ifdef W32_TSAN
    __tsan_release((void *)p);
#endif
}

static void receive(volatile SLIST_HEADER *p)
{
#ifdef W32_TSAN
    __tsan_acquire((void *)p);
#endif
}

static PSLIST_ENTRY first_of(struct header h)
{
    return (PSLIST_ENTRY)(ULONG_PTR)(h.high & NEXT_MASK);
}

/* The header after count entries come or go: depth changed, sequence moved on. */
static struct header changed(struct header h, PSLIST_ENTRY first, int count)
{
    struct header next;

    next.low = ((h.low & ~DEPTH_MASK) + SEQUENCE_ONE) | ((h.low + (ULONGLONG)count) & DEPTH_MASK);
    next.high = (ULONGLONG)(ULONG_PTR)first | (h.high & ~NEXT_MASK);
    return next;
}

/*
 * The Next of an entry that may have left the list meanwhile and been
 * reused or freed by another thread: the value is then stale, and the swap
 * that would use it fails because the header moved on. So this read races
 * by design, and the sanitizers are told not to look (Windows itself
 * catches the fault of a read from a freed page here and retries; the
 * heap keeps freed blocks mapped, so this does not fault).
 */
__attribute__((no_sanitize("address", "thread"), noinline))
static PSLIST_ENTRY next_of(PSLIST_ENTRY entry)
{
    return ((volatile SLIST_ENTRY *)entry)->Next;
}

static PSLIST_ENTRY push_list(PSLIST_HEADER head, PSLIST_ENTRY list, PSLIST_ENTRY end,
                              ULONG count)
{
    struct header old = load(head);

    do {
        end->Next = first_of(old);
        publish(head);
    } while (!cas16(head, &old, changed(old, list, (int)count)));
    return first_of(old);
}

VOID WINAPI InitializeSListHead(PSLIST_HEADER ListHead)
{
    memset(ListHead, 0, sizeof(*ListHead));
}

PSLIST_ENTRY WINAPI InterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry)
{
    return push_list(ListHead, ListEntry, ListEntry, 1);
}

PSLIST_ENTRY WINAPI InterlockedPushListSListEx(PSLIST_HEADER ListHead, PSLIST_ENTRY List,
                                               PSLIST_ENTRY ListEnd, ULONG Count)
{
    return push_list(ListHead, List, ListEnd, Count);
}

PSLIST_ENTRY WINAPI InterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
    struct header old = load(ListHead);
    PSLIST_ENTRY first;

    do {
        first = first_of(old);
        if (!first)
            return NULL;
    } while (!cas16(ListHead, &old, changed(old, next_of(first), -1)));
    receive(ListHead);
    return first;
}

PSLIST_ENTRY WINAPI InterlockedFlushSList(PSLIST_HEADER ListHead)
{
    struct header old = load(ListHead);
    struct header empty;

    do {
        if (!first_of(old))
            return NULL;
        empty = changed(old, NULL, 0);
        empty.low &= ~DEPTH_MASK;
    } while (!cas16(ListHead, &old, empty));
    receive(ListHead);
    return first_of(old);
}

USHORT WINAPI QueryDepthSList(PSLIST_HEADER ListHead)
{
    return (USHORT)(load(ListHead).low & DEPTH_MASK);
}

/* ntdll's names for the same functions (winnt.h). */

VOID NTAPI RtlInitializeSListHead(PSLIST_HEADER ListHead)
{
    InitializeSListHead(ListHead);
}

/* The first entry, left on the list. */
PSLIST_ENTRY NTAPI RtlFirstEntrySList(const SLIST_HEADER *ListHead)
{
    return first_of(load(ListHead));
}

PSLIST_ENTRY NTAPI RtlInterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
    return InterlockedPopEntrySList(ListHead);
}

PSLIST_ENTRY NTAPI RtlInterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry)
{
    return InterlockedPushEntrySList(ListHead, ListEntry);
}

PSLIST_ENTRY NTAPI RtlInterlockedPushListSListEx(PSLIST_HEADER ListHead, PSLIST_ENTRY List,
                                                 PSLIST_ENTRY ListEnd, DWORD Count)
{
    return InterlockedPushListSListEx(ListHead, List, ListEnd, Count);
}

PSLIST_ENTRY NTAPI RtlInterlockedFlushSList(PSLIST_HEADER ListHead)
{
    return InterlockedFlushSList(ListHead);
}

WORD NTAPI RtlQueryDepthSList(PSLIST_HEADER ListHead)
{
    return QueryDepthSList(ListHead);
}
