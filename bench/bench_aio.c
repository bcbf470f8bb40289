/* Benchmark rows: overlapped I/O and completion ports. */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define READ_SIZE (64 * 1024)
#define QUEUE_DEPTH 32
#define FILE_SIZE (64L * 1024 * 1024)

/* ---- 64 KiB reads at queue depth 32 through a port vs raw io_uring ---- */

struct read_ctx {
    char path[64];
    char *bufs;                 /* QUEUE_DEPTH buffers of READ_SIZE */
};

static long next_offset(long i)
{
    return (i * READ_SIZE) % FILE_SIZE;
}

static void w32_issue(HANDLE f, OVERLAPPED *ov, char *buf, long i)
{
    long off = next_offset(i);

    memset(ov, 0, sizeof(*ov));
    ov->Offset = (DWORD)off;
    ov->OffsetHigh = (DWORD)(off >> 32);
    if (!ReadFile(f, buf, READ_SIZE, NULL, ov) && GetLastError() != ERROR_IO_PENDING)
        fail("ReadFile");
}

static void w32_queued_reads(void *ctx, long iters)
{
    struct read_ctx *rc = ctx;
    OVERLAPPED ovs[QUEUE_DEPTH];
    HANDLE f = CreateFileA(rc->path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           FILE_FLAG_OVERLAPPED, NULL);
    HANDLE port = f == INVALID_HANDLE_VALUE ? NULL : CreateIoCompletionPort(f, NULL, 1, 1);
    long issued = 0, done = 0;

    if (!port)
        fail("CreateFile/CreateIoCompletionPort");
    for (; issued < QUEUE_DEPTH && issued < iters; issued++)
        w32_issue(f, &ovs[issued], rc->bufs + issued * READ_SIZE, issued);
    while (done < iters) {
        OVERLAPPED *ov;
        ULONG_PTR key;
        DWORD n;
        if (!GetQueuedCompletionStatus(port, &n, &key, &ov, INFINITE) || n != READ_SIZE)
            fail("GetQueuedCompletionStatus");
        done++;
        if (issued < iters) {
            long slot = ov - ovs;
            w32_issue(f, ov, rc->bufs + slot * READ_SIZE, issued++);
        }
    }
    CloseHandle(port);
    CloseHandle(f);
}

static void uring_issue(struct io_uring *ring, int fd, char *buf, long slot, long i)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

    if (!sqe)
        fail("io_uring_get_sqe");
    io_uring_prep_read(sqe, fd, buf, READ_SIZE, next_offset(i));
    io_uring_sqe_set_data(sqe, (void *)slot);
}

static void raw_queued_reads(void *ctx, long iters)
{
    struct read_ctx *rc = ctx;
    struct io_uring ring;
    int fd = open(rc->path, O_RDONLY | O_CLOEXEC);
    long issued = 0, done = 0;

    if (fd < 0 || io_uring_queue_init(QUEUE_DEPTH * 2, &ring, 0) != 0)
        fail("open/io_uring_queue_init");
    for (; issued < QUEUE_DEPTH && issued < iters; issued++)
        uring_issue(&ring, fd, rc->bufs + issued * READ_SIZE, issued, issued);
    io_uring_submit(&ring);
    while (done < iters) {
        struct io_uring_cqe *cqe;
        unsigned head, n = 0;
        if (io_uring_wait_cqe(&ring, &cqe) != 0)
            fail("io_uring_wait_cqe");
        io_uring_for_each_cqe(&ring, head, cqe) {
            long slot = (long)io_uring_cqe_get_data(cqe);
            if (cqe->res != READ_SIZE)
                fail("io_uring read");
            n++;
            done++;
            if (issued < iters)
                uring_issue(&ring, fd, rc->bufs + slot * READ_SIZE, slot, issued++);
        }
        io_uring_cq_advance(&ring, n);
        io_uring_submit(&ring);
    }
    io_uring_queue_exit(&ring);
    close(fd);
}

/* The floor of a read per system call: the same reads, one preadv2 each,
 * RWF_NOWAIT as an overlapped ReadFile's first attempt has it. */
static void raw_preadv2_reads(void *ctx, long iters)
{
    struct read_ctx *rc = ctx;
    int fd = open(rc->path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        fail("open");
    for (long i = 0; i < iters; i++) {
        struct iovec v = { rc->bufs + (i % QUEUE_DEPTH) * READ_SIZE, READ_SIZE };
        if (preadv2(fd, &v, 1, next_offset(i), RWF_NOWAIT) != READ_SIZE)
            fail("preadv2");
    }
    close(fd);
}

/* A file of FILE_SIZE bytes, read once so that both sides read the page cache. */
static void make_read_file(struct read_ctx *rc)
{
    int fd;

    snprintf(rc->path, sizeof(rc->path), "/tmp/w32bench-aio-%d", (int)getpid());
    fd = open(rc->path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    rc->bufs = malloc((size_t)QUEUE_DEPTH * READ_SIZE);
    if (fd < 0 || !rc->bufs)
        fail("open/malloc");
    memset(rc->bufs, 'r', READ_SIZE);
    for (long off = 0; off < FILE_SIZE; off += READ_SIZE)
        if (pwrite(fd, rc->bufs, READ_SIZE, off) != READ_SIZE)
            fail("pwrite");
    for (long off = 0; off < FILE_SIZE; off += READ_SIZE)
        if (pread(fd, rc->bufs, READ_SIZE, off) != READ_SIZE)
            fail("pread");
    close(fd);
}

static void bench_queued_reads(void)
{
    struct read_ctx rc;
    double w32, raw;

    make_read_file(&rc);
    measure(&(struct side){ w32_queued_reads, &rc }, &(struct side){ raw_queued_reads, &rc },
            20000, &w32, &raw);
    report("64 KiB reads, QD 32, port vs io_uring", w32, raw, 0, 1.11, "<= 1.11x");
    measure(&(struct side){ raw_preadv2_reads, &rc }, &(struct side){ raw_queued_reads, &rc },
            20000, &w32, &raw);
    printf("  (the same reads, one preadv2 call each, no port: %.1f ns, %.2fx io_uring)\n", w32,
           w32 / raw);
    unlink(rc.path);
    free(rc.bufs);
}

/* ---- Post + GetQueuedCompletionStatus ping-pong vs eventfd ping-pong ---- */

struct port_pair {
    HANDLE ping, pong;
};

static DWORD WINAPI port_partner(LPVOID arg)
{
    struct port_pair *pp = arg;
    OVERLAPPED *ov;
    ULONG_PTR key;
    DWORD n;

    for (;;) {
        if (!GetQueuedCompletionStatus(pp->ping, &n, &key, &ov, INFINITE))
            fail("GetQueuedCompletionStatus(ping)");
        if (!key)
            return 0;
        if (!PostQueuedCompletionStatus(pp->pong, 0, 1, NULL))
            fail("PostQueuedCompletionStatus(pong)");
    }
}

static void w32_port_round_trips(void *ctx, long iters)
{
    struct port_pair pp = { CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0),
                            CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0) };
    HANDLE partner = CreateThread(NULL, 0, port_partner, &pp, 0, NULL);
    OVERLAPPED *ov;
    ULONG_PTR key;
    DWORD n;

    if (!pp.ping || !pp.pong || !partner)
        fail("CreateIoCompletionPort/CreateThread");
    for (long i = 0; i < iters; i++) {
        if (!PostQueuedCompletionStatus(pp.ping, 0, 1, NULL))
            fail("PostQueuedCompletionStatus(ping)");
        if (!GetQueuedCompletionStatus(pp.pong, &n, &key, &ov, INFINITE))
            fail("GetQueuedCompletionStatus(pong)");
    }
    PostQueuedCompletionStatus(pp.ping, 0, 0, NULL);
    WaitForSingleObject(partner, INFINITE);
    CloseHandle(partner);
    CloseHandle(pp.ping);
    CloseHandle(pp.pong);
}

struct fd_pair {
    int ping, pong;
};

static void efd_signal(int fd, uint64_t value)
{
    if (write(fd, &value, sizeof(value)) != sizeof(value))
        fail("eventfd write");
}

static uint64_t efd_wait(int fd)
{
    uint64_t value;

    if (read(fd, &value, sizeof(value)) != sizeof(value))
        fail("eventfd read");
    return value;
}

static void *efd_partner(void *arg)
{
    struct fd_pair *pp = arg;

    while (efd_wait(pp->ping) == 1)
        efd_signal(pp->pong, 1);
    return NULL;
}

static void raw_eventfd_round_trips(void *ctx, long iters)
{
    struct fd_pair pp = { eventfd(0, EFD_CLOEXEC), eventfd(0, EFD_CLOEXEC) };
    pthread_t partner;

    if (pp.ping < 0 || pp.pong < 0 || pthread_create(&partner, NULL, efd_partner, &pp))
        fail("eventfd/pthread_create");
    for (long i = 0; i < iters; i++) {
        efd_signal(pp.ping, 1);
        efd_wait(pp.pong);
    }
    efd_signal(pp.ping, 2);
    pthread_join(partner, NULL);
    close(pp.ping);
    close(pp.pong);
}

static void bench_port_pingpong(void)
{
    double w32, raw;

    measure(&(struct side){ w32_port_round_trips, NULL },
            &(struct side){ raw_eventfd_round_trips, NULL }, 50000, &w32, &raw);
    report("port ping-pong vs eventfd (round trip)", w32, raw, 0, 1.2, "<= 1.2x");
}

/* ---- a named-pipe echo server, 1,000 clients, 4 workers vs epoll over AF_UNIX ---- */

#define CLIENTS 1000
#define WORKERS 4
#define DRIVERS 2
#define MESSAGE 64

/* One connection's end with its transfer in flight. */
struct conn {
    OVERLAPPED ov;
    HANDLE h;
    int fd;
    bool writing;
    char buf[MESSAGE];
};

struct echo {
    HANDLE server_port, client_port;
    struct conn *servers, *clients;
    atomic_long left;           /* round trips still to start */
    atomic_long finished;
    long total;
    int epfd_server, epfd_client, stop_fd;
};

static void conn_read(struct conn *c)
{
    c->writing = false;
    if (!ReadFile(c->h, c->buf, MESSAGE, NULL, &c->ov) && GetLastError() != ERROR_IO_PENDING)
        fail("ReadFile (echo)");
}

static void conn_write(struct conn *c, DWORD n)
{
    c->writing = true;
    if (!WriteFile(c->h, c->buf, n, NULL, &c->ov) && GetLastError() != ERROR_IO_PENDING)
        fail("WriteFile (echo)");
}

/* The server's workers echo each message back, then read again. */
static DWORD WINAPI echo_worker(LPVOID arg)
{
    struct echo *e = arg;
    OVERLAPPED *ov;
    ULONG_PTR key;
    DWORD n;

    for (;;) {
        if (!GetQueuedCompletionStatus(e->server_port, &n, &key, &ov, INFINITE) && !ov)
            fail("GetQueuedCompletionStatus (server)");
        if (!ov)
            return 0;
        struct conn *c = (struct conn *)ov;
        if (c->writing)
            conn_read(c);
        else if (n)
            conn_write(c, n);
    }
}

/* The clients' drivers send a message, and the next one once it is echoed. */
static DWORD WINAPI echo_driver(LPVOID arg)
{
    struct echo *e = arg;
    OVERLAPPED *ov;
    ULONG_PTR key;
    DWORD n;

    for (;;) {
        if (!GetQueuedCompletionStatus(e->client_port, &n, &key, &ov, INFINITE) && !ov)
            fail("GetQueuedCompletionStatus (client)");
        if (!ov)
            return 0;
        struct conn *c = (struct conn *)ov;
        if (c->writing) {
            conn_read(c);
            continue;
        }
        if (atomic_fetch_add(&e->finished, 1) + 1 == e->total) {
            for (int i = 0; i < WORKERS; i++)
                PostQueuedCompletionStatus(e->server_port, 0, 0, NULL);
            for (int i = 0; i < DRIVERS; i++)
                PostQueuedCompletionStatus(e->client_port, 0, 0, NULL);
        }
        if (atomic_fetch_sub(&e->left, 1) > 0)
            conn_write(c, MESSAGE);
    }
}

/* One pipe with an instance per client, as a server of many clients has it. */
static void w32_connect_all(struct echo *e)
{
    static int serial;
    char name[96];

    snprintf(name, sizeof(name), "\\\\.\\pipe\\w32bench-echo-%d-%d", (int)getpid(), serial++);
    for (int i = 0; i < CLIENTS; i++) {
        OVERLAPPED ov = { 0 };
        e->servers[i].h = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
                                           PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES, 4096, 4096,
                                           0, NULL);
        e->clients[i].h = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                                      OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
        if (e->servers[i].h == INVALID_HANDLE_VALUE || e->clients[i].h == INVALID_HANDLE_VALUE)
            fail("CreateNamedPipe/CreateFile (echo)");
        ConnectNamedPipe(e->servers[i].h, &ov);
        CreateIoCompletionPort(e->servers[i].h, e->server_port, 0, 0);
        CreateIoCompletionPort(e->clients[i].h, e->client_port, 0, 0);
    }
}

/* The best time a run of one side took to open and close its connections. */
struct echo_costs {
    uint64_t around;
};

static void note_around(void *ctx, uint64_t ns)
{
    struct echo_costs *costs = ctx;

    if (ns < costs->around)
        costs->around = ns;
}

/* The echo's time is from the start of the threads to their end (timed_part);
 * the opening and closing of the connections around it go to ctx's echo_costs. */
static void w32_echo(void *ctx, long iters)
{
    uint64_t start = now_ns(), begin, end;
    iters = iters < CLIENTS ? CLIENTS : iters;
    struct echo e = {
        .server_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, WORKERS),
        .client_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, DRIVERS),
    };
    HANDLE threads[WORKERS + DRIVERS];

    e.servers = calloc(CLIENTS, sizeof(struct conn));
    e.clients = calloc(CLIENTS, sizeof(struct conn));
    e.total = iters;
    atomic_init(&e.left, iters - CLIENTS);
    atomic_init(&e.finished, 0);
    w32_connect_all(&e);
    for (int i = 0; i < CLIENTS; i++)
        conn_read(&e.servers[i]);
    begin = now_ns();
    for (int i = 0; i < WORKERS; i++)
        threads[i] = CreateThread(NULL, 0, echo_worker, &e, 0, NULL);
    for (int i = 0; i < DRIVERS; i++)
        threads[WORKERS + i] = CreateThread(NULL, 0, echo_driver, &e, 0, NULL);
    for (int i = 0; i < CLIENTS; i++)
        conn_write(&e.clients[i], MESSAGE);
    WaitForMultipleObjects(WORKERS + DRIVERS, threads, TRUE, INFINITE);
    end = now_ns();
    for (int i = 0; i < WORKERS + DRIVERS; i++)
        CloseHandle(threads[i]);
    for (int i = 0; i < CLIENTS; i++) {
        CloseHandle(e.servers[i].h);
        CloseHandle(e.clients[i].h);
    }
    CloseHandle(e.server_port);
    CloseHandle(e.client_port);
    free(e.servers);
    free(e.clients);
    note_around(ctx, (begin - start) + (now_ns() - end));
    timed_part(end - begin);
}

/* The raw twin: socketpairs, an epoll set per side, edge-free one-shot readiness. */
static void raw_arm(int epfd, struct conn *c, int op)
{
    struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT, .data.ptr = c };

    if (epoll_ctl(epfd, op, c->fd, &ev) != 0)
        fail("epoll_ctl");
}

static void *raw_worker(void *arg)
{
    struct echo *e = arg;
    struct epoll_event evs[16];

    for (;;) {
        int n = epoll_wait(e->epfd_server, evs, 16, -1);
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (!c)
                return NULL;
            ssize_t r = recv(c->fd, c->buf, MESSAGE, MSG_DONTWAIT);
            if (r > 0 && send(c->fd, c->buf, r, MSG_NOSIGNAL) != r)
                fail("send (echo)");
            raw_arm(e->epfd_server, c, EPOLL_CTL_MOD);
        }
    }
}

static void raw_stop(struct echo *e);

static void *raw_driver(void *arg)
{
    struct echo *e = arg;
    struct epoll_event evs[16];

    for (;;) {
        int n = epoll_wait(e->epfd_client, evs, 16, -1);
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (!c)
                return NULL;
            if (recv(c->fd, c->buf, MESSAGE, MSG_DONTWAIT) <= 0)
                continue;
            if (atomic_fetch_add(&e->finished, 1) + 1 == e->total)
                raw_stop(e);
            if (atomic_fetch_sub(&e->left, 1) > 0) {
                if (send(c->fd, c->buf, MESSAGE, MSG_NOSIGNAL) != MESSAGE)
                    fail("send (client)");
                raw_arm(e->epfd_client, c, EPOLL_CTL_MOD);
            }
        }
    }
}

/* Wakes every thread with a NULL event: an eventfd that stays readable. */
static void raw_stop(struct echo *e)
{
    static struct epoll_event ev = { .events = EPOLLIN };

    e->stop_fd = eventfd(1, EFD_CLOEXEC);
    epoll_ctl(e->epfd_server, EPOLL_CTL_ADD, e->stop_fd, &ev);
    epoll_ctl(e->epfd_client, EPOLL_CTL_ADD, e->stop_fd, &ev);
}

static void raw_echo(void *ctx, long iters)
{
    uint64_t start = now_ns(), begin, end;
    iters = iters < CLIENTS ? CLIENTS : iters;
    struct echo e = { .total = iters };
    pthread_t threads[WORKERS + DRIVERS];

    e.servers = calloc(CLIENTS, sizeof(struct conn));
    e.clients = calloc(CLIENTS, sizeof(struct conn));
    e.epfd_server = epoll_create1(EPOLL_CLOEXEC);
    e.epfd_client = epoll_create1(EPOLL_CLOEXEC);
    atomic_init(&e.left, iters - CLIENTS);
    atomic_init(&e.finished, 0);
    for (int i = 0; i < CLIENTS; i++) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
            fail("socketpair");
        e.servers[i].fd = sv[0];
        e.clients[i].fd = sv[1];
        raw_arm(e.epfd_server, &e.servers[i], EPOLL_CTL_ADD);
        raw_arm(e.epfd_client, &e.clients[i], EPOLL_CTL_ADD);
    }
    begin = now_ns();
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&threads[i], NULL, raw_worker, &e);
    for (int i = 0; i < DRIVERS; i++)
        pthread_create(&threads[WORKERS + i], NULL, raw_driver, &e);
    for (int i = 0; i < CLIENTS; i++)
        if (send(e.clients[i].fd, e.clients[i].buf, MESSAGE, MSG_NOSIGNAL) != MESSAGE)
            fail("send (first)");
    for (int i = 0; i < WORKERS + DRIVERS; i++)
        pthread_join(threads[i], NULL);
    end = now_ns();
    for (int i = 0; i < CLIENTS; i++) {
        close(e.servers[i].fd);
        close(e.clients[i].fd);
    }
    close(e.epfd_server);
    close(e.epfd_client);
    close(e.stop_fd);
    free(e.servers);
    free(e.clients);
    note_around(ctx, (begin - start) + (now_ns() - end));
    timed_part(end - begin);
}

/* Heap bytes in use (the kernel's socket buffers are not counted). */
static long heap_in_use(void)
{
    return (long)mallinfo2().uordblks;
}

/* What an idle connection costs: an instance, its client, a read pending on a port. */
static void report_idle_connection_memory(void)
{
    struct echo e = {
        .server_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, WORKERS),
        .client_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, DRIVERS),
    };
    long before = heap_in_use(), after;

    e.servers = calloc(CLIENTS, sizeof(struct conn));
    e.clients = calloc(CLIENTS, sizeof(struct conn));
    w32_connect_all(&e);
    for (int i = 0; i < CLIENTS; i++)
        conn_read(&e.servers[i]);
    after = heap_in_use();
    printf("  idle connection (instance + client + pending read): %ld bytes of heap each\n",
           (after - before) / CLIENTS);
    for (int i = 0; i < CLIENTS; i++) {
        CloseHandle(e.servers[i].h);
        CloseHandle(e.clients[i].h);
    }
    CloseHandle(e.server_port);
    CloseHandle(e.client_port);
    free(e.servers);
    free(e.clients);
}

/*
 * Throughput: the round trips alone. Opening and closing the connections is
 * no part of it, and the twins differ there by design (named instances in
 * the object namespace against anonymous socketpairs): its cost is printed
 * on its own line.
 */
static void bench_echo(void)
{
    struct echo_costs w32c = { UINT64_MAX }, rawc = { UINT64_MAX };
    double w32, raw;

    measure(&(struct side){ w32_echo, &w32c }, &(struct side){ raw_echo, &rawc },
            100000, &w32, &raw);
    report("echo, 1,000 clients: named pipes vs epoll", w32, raw, 0, 1.25, "<= 1.25x");
    printf("  opening and closing a connection (not in the row): w32shim %.1f us, "
           "socketpair %.1f us\n", (double)w32c.around / CLIENTS / 1000.0,
           (double)rawc.around / CLIENTS / 1000.0);
    report_idle_connection_memory();
}

void bench_aio(void)
{
    bench_queued_reads();
    bench_port_pingpong();
    bench_echo();
}
