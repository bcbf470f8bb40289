/*
 * I/O completion ports, for the modules that complete I/O into them (aio.c,
 * the thread pool). A port's memory outlives its handles while it has users:
 * files associated with it, threads waiting on it, requests that will post to
 * it. Once its last handle has gone the port is closed: packets posted to it
 * are dropped.
 */
#ifndef W32_IOCP_H
#define W32_IOCP_H

#include "object.h"

struct w32_port;

/* The port behind h with a user taken; NULL with the error set. */
struct w32_port *w32_port_get(HANDLE h);
void w32_port_use(struct w32_port *port);
void w32_port_release(struct w32_port *port);

/*
 * Queues a completion packet (status is an NTSTATUS); false if nothing was
 * queued: the port is closed, or memory ran out.
 */
bool w32_port_post(struct w32_port *port, ULONG_PTR key, LPOVERLAPPED ov, DWORD bytes,
                   DWORD status);

/* A new port with concurrency value threads (0: the CPUs), referenced; NULL, error set. */
struct w32_port *w32_port_new(DWORD threads);
struct w32_object *w32_port_object(struct w32_port *port);

#endif
