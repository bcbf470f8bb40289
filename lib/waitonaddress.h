/* WaitOnAddress's queues, as the tests of the internals see them. */
#ifndef W32_WAITONADDRESS_H
#define W32_WAITONADDRESS_H

#include <windows.h>

/* Threads queued on addr right now, so a test knows a waiter is asleep. */
DWORD w32_address_waiters(const volatile void *addr);

#endif
