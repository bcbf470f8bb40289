/*
 * w32shim: process.h: threads of the C runtime (lib/crt_process.c).
 *
 * _beginthreadex is CreateThread: its handle is a real thread handle,
 * waitable, with the thread's exit code, closed by CloseHandle. The handle
 * _beginthread returns is closed by the C runtime when the thread ends, as
 * on Windows, so it can be waited on only while the thread runs.
 */
#ifndef W32SHIM_PROCESS_H
#define W32SHIM_PROCESS_H

#include <crtdefs.h>
#include <stdint.h>
#include <stdlib.h>
#define W32SHIM_CRT_UNISTD
#include <unistd.h>
#undef W32SHIM_CRT_UNISTD

#ifdef __cplusplus
extern "C" {
#endif

typedef void(__cdecl *_beginthread_proc_type)(void *);
typedef unsigned int(__stdcall *_beginthreadex_proc_type)(void *);

_CRTIMP uintptr_t __cdecl _beginthread(_beginthread_proc_type start_address,
                                       unsigned int stack_size, void *arglist);
_CRTIMP uintptr_t __cdecl _beginthreadex(void *security, unsigned int stack_size,
                                         _beginthreadex_proc_type start_address, void *arglist,
                                         unsigned int initflag, unsigned int *thrdaddr);
_CRTIMP __attribute__((__noreturn__)) void __cdecl _endthread(void);
_CRTIMP __attribute__((__noreturn__)) void __cdecl _endthreadex(unsigned int retval);
_CRTIMP int __cdecl _getpid(void);

#ifdef __cplusplus
}
#endif

#endif
