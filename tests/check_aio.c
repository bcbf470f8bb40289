/*
 * Overlapped I/O and completion ports: what the conformance tests cannot
 * pin down portably (which thread a packet wakes, closes racing with I/O
 * from several threads), with handle and fd counts. tests/aio-threads.sh
 * runs this suite on the engine's thread back end too.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "testutil.h"

/* ---- helpers ---- */

/* A name no other pipe of the test has; threads make pairs at once. */
static void unique_pipe(char *name, size_t size)
{
    static LONG serial;

    snprintf(name, size, "\\\\.\\pipe\\check-aio-%d-%ld", (int)getpid(),
             (long)InterlockedIncrement(&serial));
}

/* A connected pair: an overlapped server end and a client end (overlapped too if asked). */
static void pipe_pair(HANDLE *server, HANDLE *client, DWORD client_flags)
{
    OVERLAPPED ov = { 0 };
    char pipe_name[128];

    unique_pipe(pipe_name, sizeof(pipe_name));
    *server = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
                               PIPE_TYPE_BYTE, 1, 4096, 4096, 0, NULL);
    ck_assert_ptr_ne(*server, INVALID_HANDLE_VALUE);
    *client = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                          client_flags, NULL);
    ck_assert_msg(*client != INVALID_HANDLE_VALUE, "client open: %lu", (unsigned long)GetLastError());
    ck_assert(!ConnectNamedPipe(*server, &ov));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_CONNECTED);
}

/* Starts the engine (its ring or threads stay for the process), so that the
 * fd counts of the tests below compare like with like. */
static void start_engine(void)
{
    HANDLE s, c;
    OVERLAPPED ov = { 0 };
    char b;
    DWORD n;

    pipe_pair(&s, &c, 0);
    ck_assert(!ReadFile(s, &b, 1, &n, &ov));
    ck_assert_uint_eq(GetLastError(), ERROR_IO_PENDING);
    ck_assert(CancelIoEx(s, &ov));
    ck_assert(!GetOverlappedResult(s, &ov, &n, TRUE));
    ck_assert_uint_eq(GetLastError(), ERROR_OPERATION_ABORTED);
    close_all((HANDLE[]){ s, c }, 2);
}

/* Whether Linux thread tid sleeps (state S): a thread that signalled it is
 * about to wait on a port can sleep nowhere else. */
static bool sleeping(pid_t tid)
{
    char path[64], buf[256], *paren;
    FILE *f;
    bool s = false;

    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
    f = fopen(path, "r");
    if (!f)
        return false;
    if (fgets(buf, sizeof(buf), f) && (paren = strrchr(buf, ')')))
        s = paren[2] == 'S';
    fclose(f);
    return s;
}

struct port_waiter {
    HANDLE port;
    HANDLE ready;               /* set just before the wait */
    atomic_int tid;
    BOOL ret;
    DWORD error;
    ULONG_PTR key;
    OVERLAPPED *ov;
};

static DWORD WINAPI wait_port(LPVOID arg)
{
    struct port_waiter *w = arg;
    DWORD n;

    atomic_store(&w->tid, (int)syscall(SYS_gettid));
    SetEvent(w->ready);
    w->ret = GetQueuedCompletionStatus(w->port, &n, &w->key, &w->ov, INFINITE);
    w->error = GetLastError();
    return 0;
}

/* Starts a thread waiting on port and returns once it sleeps in the wait. */
static HANDLE start_waiter(struct port_waiter *w, HANDLE port)
{
    HANDLE t;

    memset(w, 0, sizeof(*w));
    w->port = port;
    w->ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    t = CreateThread(NULL, 0, wait_port, w, 0, NULL);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(WaitForSingleObject(w->ready, LONG_WAIT), WAIT_OBJECT_0);
    while (!sleeping(atomic_load(&w->tid)))
        Sleep(1);
    CloseHandle(w->ready);
    return t;
}

/* ---- completion ports ---- */

START_TEST(test_packet_wakes_the_thread_that_waited_last)
{
    LEAK_CHECK_BEGIN();
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 2);
    struct port_waiter a, b;
    HANDLE ta = start_waiter(&a, port), tb = start_waiter(&b, port);

    ck_assert(PostQueuedCompletionStatus(port, 0, 1, NULL));
    ck_assert_uint_eq(WaitForSingleObject(tb, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(b.ret);
    ck_assert_uint_eq(b.key, 1);
    ck_assert_uint_eq(WaitForSingleObject(ta, 0), WAIT_TIMEOUT);
    ck_assert(PostQueuedCompletionStatus(port, 0, 2, NULL));
    ck_assert_uint_eq(WaitForSingleObject(ta, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(a.key, 2);
    close_all((HANDLE[]){ ta, tb, port }, 3);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_closing_the_port_ends_a_blocked_wait)
{
    LEAK_CHECK_BEGIN();
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    struct port_waiter w;
    HANDLE t = start_waiter(&w, port);

    ck_assert(CloseHandle(port));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(!w.ret);
    ck_assert_uint_eq(w.error, ERROR_ABANDONED_WAIT_0);
    ck_assert_ptr_null(w.ov);
    ck_assert(CloseHandle(t));
    LEAK_CHECK_END();
}
END_TEST

/* A thread that ends while active gives its slot back: the waiter runs. */
static DWORD WINAPI take_one_and_end(LPVOID port)
{
    DWORD n;
    ULONG_PTR key;
    OVERLAPPED *ov;

    return GetQueuedCompletionStatus(port, &n, &key, &ov, LONG_WAIT) ? 0 : 1;
}

START_TEST(test_an_ending_thread_leaves_the_concurrency_count)
{
    LEAK_CHECK_BEGIN();
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    struct port_waiter w;
    HANDLE t;

    ck_assert(PostQueuedCompletionStatus(port, 0, 1, NULL));
    ck_assert_uint_eq(run_thread(take_one_and_end, port), 0);
    t = start_waiter(&w, port);
    ck_assert(PostQueuedCompletionStatus(port, 0, 2, NULL));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(w.key, 2);
    close_all((HANDLE[]){ t, port }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_packets_of_a_closed_port_are_dropped)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, port, event = CreateEventA(NULL, TRUE, FALSE, NULL);
    OVERLAPPED ov = { .hEvent = event };
    char buf[8];
    DWORD n;

    pipe_pair(&s, &c, 0);
    port = CreateIoCompletionPort(s, NULL, 1, 0);
    ck_assert_ptr_nonnull(port);
    ck_assert(!ReadFile(s, buf, sizeof(buf), &n, &ov));
    ck_assert_uint_eq(GetLastError(), ERROR_IO_PENDING);
    ck_assert(CloseHandle(port));
    ck_assert(WriteFile(c, "abc", 3, &n, NULL));
    ck_assert(GetOverlappedResult(s, &ov, &n, TRUE));
    ck_assert_uint_eq(n, 3);
    close_all((HANDLE[]){ s, c, event }, 3);
    LEAK_CHECK_END();
}
END_TEST

/* ---- reads the port's own waiters watch ---- */

/* A read pending on s (associated with port, no event): its buffer in r. */
struct watched {
    OVERLAPPED ov;
    char buf[8];
};

static void read_pending(HANDLE s, struct watched *r)
{
    DWORD n;

    memset(r, 0, sizeof(*r));
    ck_assert(!ReadFile(s, r->buf, sizeof(r->buf), &n, &r->ov));
    ck_assert_uint_eq(GetLastError(), ERROR_IO_PENDING);
}

static void write_to(HANDLE c, const char *text)
{
    DWORD n;

    ck_assert(WriteFile(c, text, (DWORD)strlen(text), &n, NULL));
}

/* Threads that slept on the port before any read was watched: one polls it. */
START_TEST(test_a_watched_read_wakes_a_thread_that_slept_first)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    struct port_waiter w;
    struct watched r;
    HANDLE t = start_waiter(&w, port);

    pipe_pair(&s, &c, 0);
    ck_assert_ptr_eq(CreateIoCompletionPort(s, port, 7, 0), port);
    read_pending(s, &r);
    write_to(c, "hello");
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(w.ret);
    ck_assert_uint_eq(w.key, 7);
    ck_assert_ptr_eq(w.ov, &r.ov);
    ck_assert_mem_eq(r.buf, "hello", 5);
    ck_assert_uint_eq(r.ov.InternalHigh, 5);
    close_all((HANDLE[]){ t, s, c, port }, 4);
    LEAK_CHECK_END();
}
END_TEST

/* The thread that polled took a packet and left: the other one polls now. */
START_TEST(test_the_poller_leaves_and_another_waiter_polls)
{
    LEAK_CHECK_BEGIN();
    HANDLE s1, c1, s2, c2, port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    struct port_waiter a, b;
    struct watched r1, r2;
    HANDLE ta, tb, first, second;

    pipe_pair(&s1, &c1, 0);
    pipe_pair(&s2, &c2, 0);
    CreateIoCompletionPort(s1, port, 1, 0);
    CreateIoCompletionPort(s2, port, 2, 0);
    /* Both sleep on their futex words; the reads make the newest one (the
     * first to get a packet) poll. */
    ta = start_waiter(&a, port);
    tb = start_waiter(&b, port);
    read_pending(s1, &r1);
    read_pending(s2, &r2);
    write_to(c1, "one");
    /* Whichever thread took it ends; the other still waits. */
    ck_assert_uint_eq(WaitForMultipleObjects(2, (HANDLE[]){ ta, tb }, FALSE, LONG_WAIT) -
                          WAIT_OBJECT_0 < 2, 1);
    first = WaitForSingleObject(ta, 0) == WAIT_OBJECT_0 ? ta : tb;
    second = first == ta ? tb : ta;
    ck_assert_uint_eq(WaitForSingleObject(second, 0), WAIT_TIMEOUT);
    write_to(c2, "two");
    ck_assert_uint_eq(WaitForSingleObject(second, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(a.ret && b.ret);
    ck_assert_uint_eq(a.key + b.key, 3);
    ck_assert_mem_eq(r1.buf, "one", 3);
    ck_assert_mem_eq(r2.buf, "two", 3);
    close_all((HANDLE[]){ ta, tb, s1, c1, s2, c2, port }, 7);
    LEAK_CHECK_END();
}
END_TEST

/* Nobody waits on the port: a wait on the file, or a program that asks for
 * the result until it has it, still sees the read finish; the packet waits. */
START_TEST(test_a_watched_read_finishes_for_a_wait_on_its_file)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, port;
    struct watched r1, r2;
    OVERLAPPED *got;
    ULONG_PTR key;
    DWORD n;

    pipe_pair(&s, &c, 0);
    port = CreateIoCompletionPort(s, NULL, 5, 0);
    read_pending(s, &r1);
    write_to(c, "abc");
    ck_assert(GetOverlappedResult(s, &r1.ov, &n, TRUE));
    ck_assert_uint_eq(n, 3);
    read_pending(s, &r2);
    write_to(c, "defg");
    for (;;) {
        BOOL done = GetOverlappedResult(s, &r2.ov, &n, FALSE);
        if (done)
            break;
        ck_assert_uint_eq(GetLastError(), ERROR_IO_INCOMPLETE);
        Sleep(1);
    }
    ck_assert_uint_eq(n, 4);
    for (int i = 0; i < 2; i++) {
        ck_assert(GetQueuedCompletionStatus(port, &n, &key, &got, 0));
        ck_assert_uint_eq(key, 5);
        ck_assert_ptr_eq(got, i == 0 ? &r1.ov : &r2.ov);
    }
    close_all((HANDLE[]){ s, c, port }, 3);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_a_wait_on_the_port_sees_a_watched_read_finish)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, port;
    struct watched r;
    OVERLAPPED *got;
    ULONG_PTR key;
    DWORD n;

    pipe_pair(&s, &c, 0);
    port = CreateIoCompletionPort(s, NULL, 5, 0);
    read_pending(s, &r);
    write_to(c, "x");
    ck_assert_uint_eq(WaitForSingleObject(port, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetQueuedCompletionStatus(port, &n, &key, &got, 0));
    ck_assert_ptr_eq(got, &r.ov);
    ck_assert_uint_eq(n, 1);
    close_all((HANDLE[]){ s, c, port }, 3);
    LEAK_CHECK_END();
}
END_TEST

/* The port's close does not stop the read: it finishes, with no packet. */
START_TEST(test_a_watched_read_outlives_its_port)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, port;
    struct watched r;
    DWORD n;

    pipe_pair(&s, &c, 0);
    port = CreateIoCompletionPort(s, NULL, 5, 0);
    read_pending(s, &r);
    ck_assert(CloseHandle(port));
    write_to(c, "late");
    ck_assert(GetOverlappedResult(s, &r.ov, &n, TRUE));
    ck_assert_uint_eq(n, 4);
    ck_assert_mem_eq(r.buf, "late", 4);
    close_all((HANDLE[]){ s, c }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_a_cancelled_watched_read_posts_its_abort)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, port;
    struct watched r;
    struct port_waiter w;
    HANDLE t;

    pipe_pair(&s, &c, 0);
    port = CreateIoCompletionPort(s, NULL, 5, 0);
    read_pending(s, &r);
    t = start_waiter(&w, port);
    ck_assert(CancelIoEx(s, &r.ov));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(!w.ret);
    ck_assert_uint_eq(w.error, ERROR_OPERATION_ABORTED);
    ck_assert_ptr_eq(w.ov, &r.ov);
    ck_assert_uint_eq(r.ov.Internal, 0xC0000120);   /* STATUS_CANCELLED */
    close_all((HANDLE[]){ t, s, c, port }, 4);
    LEAK_CHECK_END();
}
END_TEST

/* The server's disconnect ends its watched read, as it ends one the engine
 * holds: the connection the read waited on is gone. */
START_TEST(test_a_disconnect_ends_a_watched_read)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, port, t;
    struct watched r, e;
    struct port_waiter w;
    DWORD n;

    pipe_pair(&s, &c, 0);
    port = CreateIoCompletionPort(s, NULL, 5, 0);
    read_pending(s, &r);
    t = start_waiter(&w, port);
    ck_assert(DisconnectNamedPipe(s));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(!w.ret);
    ck_assert_ptr_eq(w.ov, &r.ov);
    /* The same answer as a read the engine held, on a file with no port. */
    CloseHandle(s);
    CloseHandle(c);
    pipe_pair(&s, &c, 0);
    memset(&e, 0, sizeof(e));
    e.ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert(!ReadFile(s, e.buf, sizeof(e.buf), &n, &e.ov));
    ck_assert_uint_eq(GetLastError(), ERROR_IO_PENDING);
    ck_assert(DisconnectNamedPipe(s));
    ck_assert(!GetOverlappedResult(s, &e.ov, &n, TRUE));
    ck_assert_uint_eq(GetLastError(), w.error);
    close_all((HANDLE[]){ t, s, c, port, e.ov.hEvent }, 5);
    LEAK_CHECK_END();
}
END_TEST

/*
 * A client leaves an instance and another joins: each time the instance's fd
 * names a new socket, whose readiness the port's watch must ask for anew
 * (the set's entry went with the old socket). Two reads per client: the
 * second is watched with no new entry.
 */
START_TEST(test_watched_reads_follow_a_reconnected_instance)
{
    LEAK_CHECK_BEGIN();
    char name[128];
    HANDLE s, c, port;
    struct watched r;
    OVERLAPPED cov, *got;
    ULONG_PTR key;
    DWORD n;

    unique_pipe(name, sizeof(name));
    s = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE, 1,
                         4096, 4096, 0, NULL);
    ck_assert_ptr_ne(s, INVALID_HANDLE_VALUE);
    port = CreateIoCompletionPort(s, NULL, 9, 0);
    ck_assert_ptr_nonnull(port);
    for (int round = 0; round < 3; round++) {
        memset(&cov, 0, sizeof(cov));
        ck_assert(!ConnectNamedPipe(s, &cov));
        ck_assert_uint_eq(GetLastError(), ERROR_IO_PENDING);
        c = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
        ck_assert_ptr_ne(c, INVALID_HANDLE_VALUE);
        ck_assert(GetOverlappedResult(s, &cov, &n, TRUE));
        for (int i = 0; i < 2; i++) {
            read_pending(s, &r);
            write_to(c, "hi");
            do
                ck_assert_msg(GetQueuedCompletionStatus(port, &n, &key, &got, LONG_WAIT),
                              "round %d, read %d: %lu", round, i, (unsigned long)GetLastError());
            while (got != &r.ov);
            ck_assert_uint_eq(n, 2);
            ck_assert_uint_eq(key, 9);
            ck_assert_mem_eq(r.buf, "hi", 2);
        }
        ck_assert(CloseHandle(c));
        ck_assert(DisconnectNamedPipe(s));
    }
    close_all((HANDLE[]){ s, port }, 2);
    LEAK_CHECK_END();
}
END_TEST

/* A thread that polls still times out, and still runs APCs when alertable. */
START_TEST(test_a_polling_wait_times_out)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, port;
    struct watched r;
    OVERLAPPED *got = &r.ov;
    ULONG_PTR key;
    DWORD n;

    pipe_pair(&s, &c, 0);
    port = CreateIoCompletionPort(s, NULL, 5, 0);
    read_pending(s, &r);
    ck_assert(!GetQueuedCompletionStatus(port, &n, &key, &got, 30));
    ck_assert_uint_eq(GetLastError(), WAIT_TIMEOUT);
    ck_assert_ptr_null(got);
    write_to(c, "z");
    ck_assert(GetQueuedCompletionStatus(port, &n, &key, &got, LONG_WAIT));
    ck_assert_ptr_eq(got, &r.ov);
    close_all((HANDLE[]){ s, c, port }, 3);
    LEAK_CHECK_END();
}
END_TEST

static atomic_int apc_runs;

static void WINAPI count_apc(ULONG_PTR arg)
{
    atomic_fetch_add(&apc_runs, 1);
}

struct alertable_waiter {
    HANDLE port, ready;
    atomic_int tid;
    BOOL ret;
    DWORD error;
};

static DWORD WINAPI wait_port_alertable(LPVOID arg)
{
    struct alertable_waiter *w = arg;
    OVERLAPPED_ENTRY e[4];
    ULONG got;

    atomic_store(&w->tid, (int)syscall(SYS_gettid));
    SetEvent(w->ready);
    w->ret = GetQueuedCompletionStatusEx(w->port, e, 4, &got, INFINITE, TRUE);
    w->error = GetLastError();
    return 0;
}

START_TEST(test_an_apc_ends_a_polling_alertable_wait)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, t;
    struct watched r;
    struct alertable_waiter w = { .ready = CreateEventA(NULL, TRUE, FALSE, NULL) };

    pipe_pair(&s, &c, 0);
    w.port = CreateIoCompletionPort(s, NULL, 5, 0);
    read_pending(s, &r);
    atomic_store(&apc_runs, 0);
    t = CreateThread(NULL, 0, wait_port_alertable, &w, 0, NULL);
    ck_assert_uint_eq(WaitForSingleObject(w.ready, LONG_WAIT), WAIT_OBJECT_0);
    while (!sleeping(atomic_load(&w.tid)))
        Sleep(1);
    ck_assert(QueueUserAPC(count_apc, t, 0));
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(!w.ret);
    ck_assert_uint_eq(w.error, WAIT_IO_COMPLETION);
    ck_assert_int_eq(atomic_load(&apc_runs), 1);
    ck_assert(CancelIoEx(s, &r.ov));
    close_all((HANDLE[]){ t, s, c, w.port, w.ready }, 5);
    LEAK_CHECK_END();
}
END_TEST

/* ---- requests ---- */

START_TEST(test_an_overlapped_reused_while_pending_completes_both)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, port;
    OVERLAPPED ov = { 0 }, *got;
    char b1[4], b2[4];
    ULONG_PTR key;
    DWORD n;

    pipe_pair(&s, &c, 0);
    port = CreateIoCompletionPort(s, NULL, 3, 0);
    ck_assert(!ReadFile(s, b1, 2, &n, &ov));
    ck_assert(!ReadFile(s, b2, 2, &n, &ov));
    ck_assert(WriteFile(c, "abcd", 4, &n, NULL));
    for (int i = 0; i < 2; i++) {
        ck_assert(GetQueuedCompletionStatus(port, &n, &key, &got, LONG_WAIT));
        ck_assert_ptr_eq(got, &ov);
        ck_assert_uint_eq(n, 2);
    }
    close_all((HANDLE[]){ s, c, port }, 3);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_disk_transfers_at_many_offsets)
{
    LEAK_CHECK_BEGIN();
    char path[MAX_PATH];
    HANDLE f, port;
    static char out[1 << 20], in[1 << 20];
    OVERLAPPED ovs[16], *got;
    ULONG_PTR key;
    DWORD n;

    snprintf(path, sizeof(path), "/tmp/check-aio-%d.tmp", (int)getpid());
    f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                    FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ck_assert_ptr_ne(f, INVALID_HANDLE_VALUE);
    port = CreateIoCompletionPort(f, NULL, 9, 0);
    for (size_t i = 0; i < sizeof(out); i++)
        out[i] = (char)(i * 7 + i / 4096);
    memset(ovs, 0, sizeof(ovs));
    for (int i = 0; i < 16; i++) {
        ovs[i].Offset = i * (sizeof(out) / 16);
        BOOL r = WriteFile(f, out + ovs[i].Offset, sizeof(out) / 16, NULL, &ovs[i]);
        ck_assert(r || GetLastError() == ERROR_IO_PENDING);
    }
    for (int i = 0; i < 16; i++) {
        ck_assert(GetQueuedCompletionStatus(port, &n, &key, &got, LONG_WAIT));
        ck_assert_uint_eq(n, sizeof(out) / 16);
    }
    for (int i = 15; i >= 0; i--) {
        BOOL r = ReadFile(f, in + ovs[i].Offset, sizeof(in) / 16, NULL, &ovs[i]);
        ck_assert(r || GetLastError() == ERROR_IO_PENDING);
    }
    for (int i = 0; i < 16; i++)
        ck_assert(GetQueuedCompletionStatus(port, &n, &key, &got, LONG_WAIT));
    ck_assert(memcmp(in, out, sizeof(in)) == 0);
    close_all((HANDLE[]){ f, port }, 2);
    LEAK_CHECK_END();
}
END_TEST

/*
 * Threads open pipe pairs on one port, issue reads into heap buffers, and
 * end each pair differently: data, a cancel, or closing the server with the
 * reads pending. A collector frees each buffer when its packet comes: every
 * read completes exactly once and nothing is written after its packet (ASan
 * would see it).
 */
#define CHURN_THREADS 4
#define CHURN_ROUNDS 40

struct churn_read {
    OVERLAPPED ov;
    char *buf;
};

static HANDLE churn_port;
static atomic_int churn_issued, churn_done;

static DWORD WINAPI churn(LPVOID arg)
{
    for (int round = 0; round < CHURN_ROUNDS; round++) {
        HANDLE s, c;
        DWORD n;

        pipe_pair(&s, &c, 0);
        CreateIoCompletionPort(s, churn_port, 0, 0);
        for (int i = 0; i < 2; i++) {
            struct churn_read *r = calloc(1, sizeof(*r));
            r->buf = malloc(16);
            atomic_fetch_add(&churn_issued, 1);
            if (ReadFile(s, r->buf, 16, &n, &r->ov) || GetLastError() == ERROR_IO_PENDING)
                continue;
            /* A read that failed at once has no packet. */
            atomic_fetch_add(&churn_done, 1);
            free(r->buf);
            free(r);
        }
        if (round % 3 == 0)
            WriteFile(c, "0123456789abcdef0123456789abcdef", 32, &n, NULL);
        else if (round % 3 == 1)
            CancelIoEx(s, NULL);
        CloseHandle(s);
        CloseHandle(c);
    }
    return 0;
}

static DWORD WINAPI collect(LPVOID arg)
{
    DWORD n;
    ULONG_PTR key;
    OVERLAPPED *ov;

    for (;;) {
        GetQueuedCompletionStatus(churn_port, &n, &key, &ov, INFINITE);
        if (!ov)
            return 0;   /* the port closed, or the last packet */
        struct churn_read *r = (struct churn_read *)ov;
        free(r->buf);
        free(r);
        atomic_fetch_add(&churn_done, 1);
    }
}

START_TEST(test_closes_race_with_io_from_several_threads)
{
    LEAK_CHECK_BEGIN();
    HANDLE threads[CHURN_THREADS], collector;

    churn_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    atomic_store(&churn_issued, 0);
    atomic_store(&churn_done, 0);
    collector = CreateThread(NULL, 0, collect, NULL, 0, NULL);
    for (int i = 0; i < CHURN_THREADS; i++)
        threads[i] = CreateThread(NULL, 0, churn, NULL, 0, NULL);
    for (int i = 0; i < CHURN_THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 0);
    while (atomic_load(&churn_done) < atomic_load(&churn_issued))
        Sleep(1);
    ck_assert_int_eq(atomic_load(&churn_done), CHURN_THREADS * CHURN_ROUNDS * 2);
    ck_assert(PostQueuedCompletionStatus(churn_port, 0, 0, NULL));
    ck_assert_uint_eq(exit_code(collector), 0);
    close_all(threads, CHURN_THREADS);
    close_all((HANDLE[]){ collector, churn_port }, 2);
    LEAK_CHECK_END();
}
END_TEST

/* Ports closed while their waiters poll and their reads are watched, from
 * several threads at once: every read still finishes, nothing leaks. */
#define PORT_CHURN_THREADS 3
#define PORT_CHURN_ROUNDS 30

static DWORD WINAPI drain_port(LPVOID port)
{
    DWORD n;
    ULONG_PTR key;
    OVERLAPPED *ov;

    while (GetQueuedCompletionStatus(port, &n, &key, &ov, INFINITE) || ov)
        ;
    /* Closed while it waited, or before it came to the port. */
    return GetLastError() == ERROR_ABANDONED_WAIT_0 || GetLastError() == ERROR_INVALID_HANDLE
               ? 0 : 1;
}

static DWORD WINAPI port_churn(LPVOID arg)
{
    for (int round = 0; round < PORT_CHURN_ROUNDS; round++) {
        HANDLE s, c, port, drainer;
        struct watched r1, r2;
        DWORD n;

        pipe_pair(&s, &c, 0);
        port = CreateIoCompletionPort(s, NULL, 1, 0);
        drainer = CreateThread(NULL, 0, drain_port, port, 0, NULL);
        read_pending(s, &r1);
        if (round % 2)
            write_to(c, "ab");
        CloseHandle(port);
        ck_assert_uint_eq(exit_code(drainer), 0);
        CloseHandle(drainer);
        if (!GetOverlappedResult(s, &r1.ov, &n, round % 2))
            ck_assert_uint_eq(GetLastError(), ERROR_IO_INCOMPLETE);
        if (!ReadFile(s, r2.buf, sizeof(r2.buf), &n, memset(&r2.ov, 0, sizeof(r2.ov))))
            ck_assert_uint_eq(GetLastError(), ERROR_IO_PENDING);
        if (round % 3 == 0)
            CancelIoEx(s, NULL);
        CloseHandle(s);
        CloseHandle(c);
        /* Closing the file finished both reads, one way or another. */
        ck_assert_uint_ne(r1.ov.Internal, STATUS_PENDING);
        ck_assert_uint_ne(r2.ov.Internal, STATUS_PENDING);
    }
    return 0;
}

START_TEST(test_ports_close_under_polling_waiters)
{
    LEAK_CHECK_BEGIN();
    HANDLE threads[PORT_CHURN_THREADS];

    for (int i = 0; i < PORT_CHURN_THREADS; i++)
        threads[i] = CreateThread(NULL, 0, port_churn, NULL, 0, NULL);
    for (int i = 0; i < PORT_CHURN_THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 0);
    close_all(threads, PORT_CHURN_THREADS);
    LEAK_CHECK_END();
}
END_TEST

static Suite *aio_suite(void)
{
    Suite *s = suite_create("aio");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, start_engine, NULL);
    tcase_add_test(tc, test_packet_wakes_the_thread_that_waited_last);
    tcase_add_test(tc, test_closing_the_port_ends_a_blocked_wait);
    tcase_add_test(tc, test_an_ending_thread_leaves_the_concurrency_count);
    tcase_add_test(tc, test_packets_of_a_closed_port_are_dropped);
    tcase_add_test(tc, test_a_watched_read_wakes_a_thread_that_slept_first);
    tcase_add_test(tc, test_the_poller_leaves_and_another_waiter_polls);
    tcase_add_test(tc, test_a_watched_read_finishes_for_a_wait_on_its_file);
    tcase_add_test(tc, test_a_wait_on_the_port_sees_a_watched_read_finish);
    tcase_add_test(tc, test_a_watched_read_outlives_its_port);
    tcase_add_test(tc, test_a_cancelled_watched_read_posts_its_abort);
    tcase_add_test(tc, test_a_disconnect_ends_a_watched_read);
    tcase_add_test(tc, test_watched_reads_follow_a_reconnected_instance);
    tcase_add_test(tc, test_a_polling_wait_times_out);
    tcase_add_test(tc, test_an_apc_ends_a_polling_alertable_wait);
    tcase_add_test(tc, test_an_overlapped_reused_while_pending_completes_both);
    tcase_add_test(tc, test_disk_transfers_at_many_offsets);
    tcase_add_test(tc, test_closes_race_with_io_from_several_threads);
    tcase_add_test(tc, test_ports_close_under_polling_waiters);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(aio_suite)
