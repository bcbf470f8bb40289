/* The Interlocked family (inline in winnt.h): return values, and races between threads. */
#include "testutil.h"

/* ---- Return values ---- */

START_TEST(test_increment_and_decrement_return_the_new_value)
{
    LONG v = 5;
    LONG64 w = 0x100000000LL;
    SHORT s = 32766;

    ck_assert_int_eq(InterlockedIncrement(&v), 6);
    ck_assert_int_eq(InterlockedIncrementAcquire(&v), 7);
    ck_assert_int_eq(InterlockedIncrementRelease(&v), 8);
    ck_assert_int_eq(InterlockedIncrementNoFence(&v), 9);
    ck_assert_int_eq(InterlockedDecrement(&v), 8);
    ck_assert_int_eq(InterlockedDecrementAcquire(&v), 7);
    ck_assert_int_eq(InterlockedDecrementRelease(&v), 6);
    ck_assert_int_eq(InterlockedDecrementNoFence(&v), 5);
    ck_assert_int_eq(v, 5);
    ck_assert_int_eq(InterlockedIncrement64(&w), 0x100000001LL);
    ck_assert_int_eq(InterlockedIncrementAcquire64(&w), 0x100000002LL);
    ck_assert_int_eq(InterlockedIncrementRelease64(&w), 0x100000003LL);
    ck_assert_int_eq(InterlockedIncrementNoFence64(&w), 0x100000004LL);
    ck_assert_int_eq(InterlockedDecrement64(&w), 0x100000003LL);
    ck_assert_int_eq(InterlockedDecrementAcquire64(&w), 0x100000002LL);
    ck_assert_int_eq(InterlockedDecrementRelease64(&w), 0x100000001LL);
    ck_assert_int_eq(InterlockedDecrementNoFence64(&w), 0x100000000LL);
    ck_assert_int_eq(InterlockedIncrement16(&s), 32767);
    ck_assert_int_eq(InterlockedIncrementAcquire16(&s), -32768);    /* wraps */
    ck_assert_int_eq(InterlockedDecrementRelease16(&s), 32767);
    ck_assert_int_eq(InterlockedDecrement16(&s), 32766);
    ck_assert_int_eq(InterlockedIncrementNoFence16(&s), 32767);
    ck_assert_int_eq(InterlockedDecrementAcquire16(&s), 32766);
    ck_assert_int_eq(InterlockedIncrementRelease16(&s), 32767);
    ck_assert_int_eq(InterlockedDecrementNoFence16(&s), 32766);
    v = MAXLONG;
    ck_assert_int_eq(InterlockedIncrement(&v), (LONG)MINLONG);            /* wraps */
}
END_TEST

START_TEST(test_add_returns_new_value_and_exchange_add_the_old)
{
    LONG v = 10;
    LONG64 w = 10;
    CHAR c = 120;

    ck_assert_int_eq(InterlockedAdd(&v, 5), 15);
    ck_assert_int_eq(InterlockedAddAcquire(&v, -3), 12);
    ck_assert_int_eq(InterlockedAddRelease(&v, 1), 13);
    ck_assert_int_eq(InterlockedAddNoFence(&v, 2), 15);
    ck_assert_int_eq(InterlockedExchangeAdd(&v, 5), 15);
    ck_assert_int_eq(InterlockedExchangeAddAcquire(&v, 5), 20);
    ck_assert_int_eq(InterlockedExchangeAddRelease(&v, 5), 25);
    ck_assert_int_eq(InterlockedExchangeAddNoFence(&v, -30), 30);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(InterlockedAdd64(&w, 0x100000000LL), 0x10000000aLL);
    ck_assert_int_eq(InterlockedAddAcquire64(&w, 1), 0x10000000bLL);
    ck_assert_int_eq(InterlockedAddRelease64(&w, 1), 0x10000000cLL);
    ck_assert_int_eq(InterlockedAddNoFence64(&w, -0x100000000LL), 0xc);
    ck_assert_int_eq(InterlockedExchangeAdd64(&w, 1), 0xc);
    ck_assert_int_eq(InterlockedExchangeAddAcquire64(&w, 1), 0xd);
    ck_assert_int_eq(InterlockedExchangeAddRelease64(&w, 1), 0xe);
    ck_assert_int_eq(InterlockedExchangeAddNoFence64(&w, 1), 0xf);
    ck_assert_int_eq(w, 0x10);
    ck_assert_int_eq(InterlockedExchangeAdd8(&c, 10), 120);
    ck_assert_int_eq(c, (CHAR)130);
}
END_TEST

START_TEST(test_size_t_forms_work_on_size_t)
{
    SIZE_T z = 7;

    ck_assert_int_eq(InterlockedExchangeAddSizeT(&z, 3), 7);
    ck_assert_int_eq(InterlockedExchangeAddSizeTAcquire(&z, 1), 10);
    ck_assert_int_eq(InterlockedExchangeAddSizeTNoFence(&z, 1), 11);
    ck_assert_int_eq(InterlockedIncrementSizeT(&z), 13);
    ck_assert_int_eq(InterlockedIncrementSizeTNoFence(&z), 14);
    ck_assert_int_eq(InterlockedDecrementSizeT(&z), 13);
    ck_assert_int_eq(InterlockedDecrementSizeTNoFence(&z), 12);
    ck_assert_uint_eq(z, 12);
}
END_TEST

START_TEST(test_exchange_returns_the_old_value)
{
    LONG v = 1;
    LONG64 w = 1;
    SHORT s = 1;
    CHAR c = 1;
    int a, b;
    PVOID p = &a;

    ck_assert_int_eq(InterlockedExchange(&v, 2), 1);
    ck_assert_int_eq(InterlockedExchangeAcquire(&v, 3), 2);
    ck_assert_int_eq(InterlockedExchangeNoFence(&v, 4), 3);
    ck_assert_int_eq(v, 4);
    ck_assert_int_eq(InterlockedExchange64(&w, 0x200000000LL), 1);
    ck_assert_int_eq(InterlockedExchangeAcquire64(&w, 3), 0x200000000LL);
    ck_assert_int_eq(InterlockedExchangeNoFence64(&w, 4), 3);
    ck_assert_int_eq(w, 4);
    ck_assert_int_eq(InterlockedExchange16(&s, -2), 1);
    ck_assert_int_eq(s, -2);
    ck_assert_int_eq(InterlockedExchange8(&c, -3), 1);
    ck_assert_int_eq(c, -3);
    ck_assert_ptr_eq(InterlockedExchangePointer(&p, &b), &a);
    ck_assert_ptr_eq(InterlockedExchangePointerAcquire(&p, NULL), &b);
    ck_assert_ptr_eq(InterlockedExchangePointerNoFence(&p, &a), NULL);
    ck_assert_ptr_eq(p, &a);
}
END_TEST

START_TEST(test_compare_exchange_swaps_only_on_match_and_returns_the_initial_value)
{
    LONG v = 1;
    LONG64 w = 0x100000001LL;
    SHORT s = 1;
    int a, b;
    PVOID p = &a;

    ck_assert_int_eq(InterlockedCompareExchange(&v, 2, 0), 1);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(InterlockedCompareExchange(&v, 2, 1), 1);
    ck_assert_int_eq(InterlockedCompareExchangeAcquire(&v, 3, 2), 2);
    ck_assert_int_eq(InterlockedCompareExchangeRelease(&v, 4, 3), 3);
    ck_assert_int_eq(InterlockedCompareExchangeNoFence(&v, 5, 3), 4);
    ck_assert_int_eq(v, 4);
    ck_assert_int_eq(InterlockedCompareExchange64(&w, 2, 1), 0x100000001LL);
    ck_assert_int_eq(w, 0x100000001LL);
    ck_assert_int_eq(InterlockedCompareExchange64(&w, 2, 0x100000001LL), 0x100000001LL);
    ck_assert_int_eq(InterlockedCompareExchangeAcquire64(&w, 3, 2), 2);
    ck_assert_int_eq(InterlockedCompareExchangeRelease64(&w, 4, 3), 3);
    ck_assert_int_eq(InterlockedCompareExchangeNoFence64(&w, 5, 0), 4);
    ck_assert_int_eq(w, 4);
    ck_assert_int_eq(InterlockedCompareExchange16(&s, 2, 1), 1);
    ck_assert_int_eq(InterlockedCompareExchangeAcquire16(&s, 3, 2), 2);
    ck_assert_int_eq(InterlockedCompareExchangeRelease16(&s, 4, 3), 3);
    ck_assert_int_eq(InterlockedCompareExchangeNoFence16(&s, 5, 0), 4);
    ck_assert_int_eq(s, 4);
    ck_assert_ptr_eq(InterlockedCompareExchangePointer(&p, &b, &b), &a);
    ck_assert_ptr_eq(p, &a);
    ck_assert_ptr_eq(InterlockedCompareExchangePointer(&p, &b, &a), &a);
    ck_assert_ptr_eq(InterlockedCompareExchangePointerAcquire(&p, NULL, &b), &b);
    ck_assert_ptr_eq(InterlockedCompareExchangePointerRelease(&p, &a, NULL), NULL);
    ck_assert_ptr_eq(InterlockedCompareExchangePointerNoFence(&p, &b, NULL), &a);
    ck_assert_ptr_eq(p, &a);
}
END_TEST

START_TEST(test_and_or_xor_return_the_old_value)
{
    LONG v = 0x0f;
    LONG64 w = 0x0f00000000LL;
    SHORT s = 0x0f;
    CHAR c = 0x0f;

    ck_assert_int_eq(InterlockedOr(&v, 0xf0), 0x0f);
    ck_assert_int_eq(InterlockedAnd(&v, 0x3c), 0xff);
    ck_assert_int_eq(InterlockedXor(&v, 0x0f), 0x3c);
    ck_assert_int_eq(InterlockedOrAcquire(&v, 1), 0x33);
    ck_assert_int_eq(InterlockedOrRelease(&v, 2), 0x33);
    ck_assert_int_eq(InterlockedOrNoFence(&v, 4), 0x33);
    ck_assert_int_eq(InterlockedAndAcquire(&v, ~1), 0x37);
    ck_assert_int_eq(InterlockedAndRelease(&v, ~2), 0x36);
    ck_assert_int_eq(InterlockedAndNoFence(&v, ~4), 0x34);
    ck_assert_int_eq(InterlockedXorAcquire(&v, 1), 0x30);
    ck_assert_int_eq(InterlockedXorRelease(&v, 1), 0x31);
    ck_assert_int_eq(InterlockedXorNoFence(&v, 0x30), 0x30);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(InterlockedOr64(&w, 1), 0x0f00000000LL);
    ck_assert_int_eq(InterlockedAnd64(&w, 0x0100000001LL), 0x0f00000001LL);
    ck_assert_int_eq(InterlockedXor64(&w, 0x0100000000LL), 0x0100000001LL);
    ck_assert_int_eq(InterlockedOr64Acquire(&w, 2), 1);
    ck_assert_int_eq(InterlockedOr64Release(&w, 4), 3);
    ck_assert_int_eq(InterlockedOr64NoFence(&w, 8), 7);
    ck_assert_int_eq(InterlockedAnd64Acquire(&w, ~1LL), 0xf);
    ck_assert_int_eq(InterlockedAnd64Release(&w, ~2LL), 0xe);
    ck_assert_int_eq(InterlockedAnd64NoFence(&w, ~4LL), 0xc);
    ck_assert_int_eq(InterlockedXor64Acquire(&w, 8), 8);
    ck_assert_int_eq(InterlockedXor64Release(&w, 1), 0);
    ck_assert_int_eq(InterlockedXor64NoFence(&w, 1), 1);
    ck_assert_int_eq(InterlockedOrAffinity(&w, 0x10), 0);
    ck_assert_int_eq(InterlockedAndAffinity(&w, 0), 0x10);
    ck_assert_int_eq(w, 0);
    ck_assert_int_eq(InterlockedOr16(&s, 0x7f00), 0x0f);
    ck_assert_int_eq(InterlockedAnd16(&s, 0x00ff), 0x7f0f);
    ck_assert_int_eq(InterlockedXor16(&s, 0x000f), 0x000f);
    ck_assert_int_eq(s, 0);
    ck_assert_int_eq(InterlockedOr8(&c, 0x70), 0x0f);
    ck_assert_int_eq(InterlockedAnd8(&c, 0x3c), 0x7f);
    ck_assert_int_eq(InterlockedXor8(&c, 0x3c), 0x3c);
    ck_assert_int_eq(c, 0);
}
END_TEST

START_TEST(test_bit_test_and_modify_return_the_old_bit)
{
    LONG v[2] = { 0, 0 };
    LONG64 w[2] = { 0, 0 };

    ck_assert_int_eq(InterlockedBitTestAndSet(v, 3), 0);
    ck_assert_int_eq(InterlockedBitTestAndSet(v, 3), 1);
    ck_assert_int_eq(v[0], 8);
    ck_assert_int_eq(InterlockedBitTestAndSetAcquire(v, 31), 0);
    ck_assert_int_eq(v[0], (LONG)0x80000008U);
    ck_assert_int_eq(InterlockedBitTestAndSetRelease(v, 0), 0);
    ck_assert_int_eq(InterlockedBitTestAndSetNoFence(v, 0), 1);
    ck_assert_int_eq(InterlockedBitTestAndReset(v, 3), 1);
    ck_assert_int_eq(InterlockedBitTestAndReset(v, 3), 0);
    ck_assert_int_eq(InterlockedBitTestAndResetAcquire(v, 31), 1);
    ck_assert_int_eq(InterlockedBitTestAndResetRelease(v, 0), 1);
    ck_assert_int_eq(InterlockedBitTestAndResetNoFence(v, 0), 0);
    ck_assert_int_eq(v[0], 0);
    ck_assert_int_eq(InterlockedBitTestAndComplement(v, 5), 0);
    ck_assert_int_eq(InterlockedBitTestAndComplement(v, 5), 1);
    /* As x86's bts: an offset past the first word addresses the next. */
    ck_assert_int_eq(InterlockedBitTestAndSet(v, 33), 0);
    ck_assert_int_eq(v[0], 0);
    ck_assert_int_eq(v[1], 2);

    ck_assert_int_eq(InterlockedBitTestAndSet64(w, 63), 0);
    ck_assert_int_eq(InterlockedBitTestAndSet64Acquire(w, 63), 1);
    ck_assert_uint_eq((ULONG64)w[0], 0x8000000000000000ULL);
    ck_assert_int_eq(InterlockedBitTestAndSet64Release(w, 40), 0);
    ck_assert_int_eq(InterlockedBitTestAndSet64NoFence(w, 1), 0);
    ck_assert_int_eq(InterlockedBitTestAndReset64(w, 63), 1);
    ck_assert_int_eq(InterlockedBitTestAndReset64Acquire(w, 40), 1);
    ck_assert_int_eq(InterlockedBitTestAndReset64Release(w, 1), 1);
    ck_assert_int_eq(InterlockedBitTestAndReset64NoFence(w, 1), 0);
    ck_assert_int_eq(InterlockedBitTestAndComplement64(w, 64), 0);
    ck_assert_int_eq(w[0], 0);
    ck_assert_int_eq(w[1], 1);
}
END_TEST

#if defined(__x86_64__)
START_TEST(test_compare_exchange_128_swaps_on_match_and_reports_the_old_value)
{
    __attribute__((aligned(16))) LONG64 dest[2] = { 1, 2 };
    LONG64 comparand[2] = { 1, 3 };

    ck_assert_int_eq(InterlockedCompareExchange128(dest, 20, 10, comparand), 0);
    ck_assert_int_eq(dest[0], 1);
    ck_assert_int_eq(dest[1], 2);
    ck_assert_int_eq(comparand[0], 1);
    ck_assert_int_eq(comparand[1], 2);
    ck_assert_int_eq(InterlockedCompareExchange128(dest, 20, 10, comparand), 1);
    ck_assert_int_eq(dest[0], 10);
    ck_assert_int_eq(dest[1], 20);
    ck_assert_int_eq(comparand[0], 1);
    ck_assert_int_eq(comparand[1], 2);
}
END_TEST
#endif

/* ---- Races: every kind hammered from several threads ---- */

#define THREADS 8
#define ROUNDS 20000

struct shared {
    HANDLE go;
    LONG counter;
    LONG64 counter64;
    SHORT counter16;
    LONG bits;
    LONG64 bits64;
    CHAR bits8;
    LONG bitmap[8];             /* 256 bits to claim */
    LONG claimed;
    LONG lock;
    long plain;                 /* guarded by lock */
    PVOID list;                 /* a counter as a pointer, moved by CAS */
    __attribute__((aligned(16))) LONG64 pair[2];
    LONG next_id;
};

typedef void (*hammer_fn)(struct shared *s, LONG id);

struct hammer {
    struct shared *s;
    hammer_fn fn;
};

static DWORD WINAPI hammer_main(LPVOID arg)
{
    struct hammer *h = arg;
    LONG id = InterlockedIncrement(&h->s->next_id) - 1;

    if (WaitForSingleObject(h->s->go, LONG_WAIT) != WAIT_OBJECT_0)
        return 0;
    h->fn(h->s, id);
    return 1;
}

static void run_hammer(struct shared *s, hammer_fn fn)
{
    struct hammer h = { s, fn };
    HANDLE threads[THREADS];

    s->go = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert_ptr_nonnull(s->go);
    for (int i = 0; i < THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, hammer_main, &h, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    ck_assert(SetEvent(s->go));
    for (int i = 0; i < THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 1);
    close_all(threads, THREADS);
    ck_assert(CloseHandle(s->go));
}

static void count_up_and_down(struct shared *s, LONG id)
{
    for (int i = 0; i < ROUNDS; i++) {
        switch (i % 4) {
        case 0: InterlockedIncrement(&s->counter); break;
        case 1: InterlockedIncrementAcquire(&s->counter); break;
        case 2: InterlockedIncrementRelease(&s->counter); break;
        case 3: InterlockedIncrementNoFence(&s->counter); break;
        }
        if (i % 2)
            InterlockedDecrement(&s->counter);
        InterlockedIncrement64(&s->counter64);
        InterlockedDecrementNoFence64(&s->counter64);
        InterlockedIncrement16(&s->counter16);
        InterlockedDecrement16(&s->counter16);
    }
    InterlockedIncrement16(&s->counter16);
}

START_TEST(test_increments_and_decrements_race_without_loss)
{
    static struct shared s;

    run_hammer(&s, count_up_and_down);
    ck_assert_int_eq(s.counter, THREADS * ROUNDS / 2);
    ck_assert_int_eq(s.counter64, 0);
    ck_assert_int_eq(s.counter16, THREADS);
}
END_TEST

static void add_and_exchange_add(struct shared *s, LONG id)
{
    for (int i = 0; i < ROUNDS; i++) {
        InterlockedExchangeAdd(&s->counter, 3);
        InterlockedAdd(&s->counter, -1);
        InterlockedExchangeAddAcquire64(&s->counter64, 0x100000000LL);
        InterlockedAdd64(&s->counter64, 1);
    }
}

START_TEST(test_adds_race_without_loss)
{
    static struct shared s;

    run_hammer(&s, add_and_exchange_add);
    ck_assert_int_eq(s.counter, THREADS * ROUNDS * 2);
    ck_assert_int_eq(s.counter64, (LONG64)THREADS * ROUNDS * 0x100000001LL);
}
END_TEST

static void compare_exchange_loops(struct shared *s, LONG id)
{
    for (int i = 0; i < ROUNDS; i++) {
        LONG old;
        LONG64 old64;
        PVOID oldp;

        do
            old = InterlockedCompareExchangeNoFence(&s->counter, 0, 0);
        while (InterlockedCompareExchange(&s->counter, old + 1, old) != old);
        do
            old64 = InterlockedCompareExchange64(&s->counter64, 0, 0);
        while (InterlockedCompareExchangeAcquire64(&s->counter64, old64 + 2, old64) != old64);
        do
            oldp = InterlockedCompareExchangePointer(&s->list, NULL, NULL);
        while (InterlockedCompareExchangePointerRelease(&s->list, (PVOID)((UINT_PTR)oldp + 1), oldp) != oldp);
    }
}

START_TEST(test_compare_exchange_loops_race_without_loss)
{
    static struct shared s;

    run_hammer(&s, compare_exchange_loops);
    ck_assert_int_eq(s.counter, THREADS * ROUNDS);
    ck_assert_int_eq(s.counter64, 2LL * THREADS * ROUNDS);
    ck_assert_ptr_eq(s.list, (PVOID)(UINT_PTR)(THREADS * ROUNDS));
}
END_TEST

/* Each thread owns bit id of each word and flips only that bit. */
static void flip_own_bits(struct shared *s, LONG id)
{
    LONG mask = 1L << id;
    LONG64 mask64 = 1LL << (id + 32);
    CHAR mask8 = (CHAR)(1 << id);

    for (int i = 0; i < ROUNDS; i++) {
        if (InterlockedOr(&s->bits, mask) & mask)
            InterlockedIncrement(&s->claimed);          /* wrong: it was clear */
        if (!(InterlockedAnd(&s->bits, ~mask) & mask))
            InterlockedIncrement(&s->claimed);
        if (InterlockedXor(&s->bits, mask) & mask)
            InterlockedIncrement(&s->claimed);
        InterlockedXorRelease(&s->bits, mask);
        InterlockedOr64(&s->bits64, mask64);
        InterlockedXor64(&s->bits64, mask64);
        InterlockedOr8(&s->bits8, mask8);
        InterlockedAnd8(&s->bits8, (CHAR)~mask8);
    }
    InterlockedOr(&s->bits, mask);
    InterlockedOr64(&s->bits64, mask64);
    InterlockedXor8(&s->bits8, mask8);
}

START_TEST(test_and_or_xor_race_without_loss)
{
    static struct shared s;

    run_hammer(&s, flip_own_bits);
    ck_assert_int_eq(s.claimed, 0);
    ck_assert_int_eq(s.bits, (1L << THREADS) - 1);
    ck_assert_int_eq(s.bits64, ((1LL << THREADS) - 1) << 32);
    ck_assert_int_eq((unsigned char)s.bits8, 0xff);
}
END_TEST

static void claim_bits(struct shared *s, LONG id)
{
    for (LONG bit = 0; bit < 256; bit++) {
        if (!InterlockedBitTestAndSet(s->bitmap, (bit + 37 * id) % 256))
            InterlockedIncrement(&s->claimed);
    }
}

START_TEST(test_bit_test_and_set_gives_each_bit_to_one_thread)
{
    static struct shared s;

    run_hammer(&s, claim_bits);
    ck_assert_int_eq(s.claimed, 256);
    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(s.bitmap[i], -1);
}
END_TEST

/* A spin lock from the Acquire and Release forms guards a plain counter. */
static void locked_increments(struct shared *s, LONG id)
{
    for (int i = 0; i < ROUNDS / 4; i++) {
        while (InterlockedCompareExchangeAcquire(&s->lock, 1, 0) != 0)
            SwitchToThread();
        s->plain++;
        InterlockedAndRelease(&s->lock, 0);
        while (InterlockedExchangeAcquire(&s->lock, 1) != 0)
            SwitchToThread();
        s->plain++;
        InterlockedExchangeAddRelease(&s->lock, -1);
    }
}

START_TEST(test_acquire_and_release_forms_order_a_spin_lock)
{
    static struct shared s;

    run_hammer(&s, locked_increments);
    ck_assert_int_eq(s.plain, THREADS * (ROUNDS / 4) * 2);
    ck_assert_int_eq(s.lock, 0);
}
END_TEST

#if defined(__x86_64__)
static void pair_increments(struct shared *s, LONG id)
{
    for (int i = 0; i < ROUNDS / 4; i++) {
        LONG64 seen[2] = { 0, 0 };

        /* The first attempt fails unless the pair is {0, 0}, and loads it. */
        while (!InterlockedCompareExchange128(s->pair, seen[1] + 2, seen[0] + 1, seen))
            ;
    }
}

START_TEST(test_compare_exchange_128_races_without_tearing)
{
    static struct shared s;

    run_hammer(&s, pair_increments);
    ck_assert_int_eq(s.pair[0], THREADS * (ROUNDS / 4));
    ck_assert_int_eq(s.pair[1], 2 * THREADS * (ROUNDS / 4));
}
END_TEST
#endif

static Suite *interlocked_suite(void)
{
    Suite *s = suite_create("interlocked");
    TCase *tc;

    tc = tcase_create("results");
    tcase_add_test(tc, test_increment_and_decrement_return_the_new_value);
    tcase_add_test(tc, test_add_returns_new_value_and_exchange_add_the_old);
    tcase_add_test(tc, test_size_t_forms_work_on_size_t);
    tcase_add_test(tc, test_exchange_returns_the_old_value);
    tcase_add_test(tc, test_compare_exchange_swaps_only_on_match_and_returns_the_initial_value);
    tcase_add_test(tc, test_and_or_xor_return_the_old_value);
    tcase_add_test(tc, test_bit_test_and_modify_return_the_old_bit);
#if defined(__x86_64__)
    tcase_add_test(tc, test_compare_exchange_128_swaps_on_match_and_reports_the_old_value);
#endif
    suite_add_tcase(s, tc);

    tc = tcase_create("races");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_increments_and_decrements_race_without_loss);
    tcase_add_test(tc, test_adds_race_without_loss);
    tcase_add_test(tc, test_compare_exchange_loops_race_without_loss);
    tcase_add_test(tc, test_and_or_xor_race_without_loss);
    tcase_add_test(tc, test_bit_test_and_set_gives_each_bit_to_one_thread);
    tcase_add_test(tc, test_acquire_and_release_forms_order_a_spin_lock);
#if defined(__x86_64__)
    tcase_add_test(tc, test_compare_exchange_128_races_without_tearing);
#endif
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(interlocked_suite)
