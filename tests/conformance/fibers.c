/*
 * Conformance: fibers. ConvertThreadToFiber(Ex), CreateFiber(Ex), SwitchToFiber,
 * DeleteFiber, ConvertFiberToThread, GetCurrentFiber, GetFiberData,
 * IsThreadAFiber, and fiber local storage per fiber. Facts from Wine's
 * dlls/kernel32/tests/fiber.c (test_FiberHandling,
 * test_FiberLocalStorageWithFibers), which run on Windows, and from the
 * checks of Windows' kernel32 (invalid flags: ERROR_INVALID_PARAMETER;
 * ConvertFiberToThread on a thread: ERROR_ALREADY_THREAD), which Wine lacks.
 */
#include "conformance.h"

#define NOT_A_FIBER ((PVOID)(ULONG_PTR)0x1e00)

static void *fibers[3];
static BYTE param = 185;
static DWORD fls_index = FLS_OUT_OF_INDEXES;
static void *fls_value;         /* what the next fiber sets, and the callback expects */
static int fiber_count, callback_count;

static void WINAPI fls_callback(PVOID value)
{
    ok(value == fls_value, "callback got %p, expected %p", value, fls_value);
    callback_count++;
}

static void WINAPI fiber_main(LPVOID parameter)
{
    fiber_count++;
    ok(parameter == &param && *(BYTE *)parameter == 185, "parameter %p", parameter);
    ok(GetFiberData() == &param, "GetFiberData %p", GetFiberData());
    if (fls_index != FLS_OUT_OF_INDEXES) {
        ok(FlsGetValue(fls_index) == NULL, "a new fiber's value is %p", FlsGetValue(fls_index));
        ok(FlsSetValue(fls_index, fls_value), "FlsSetValue failed: %lu",
           (unsigned long)GetLastError());
        SetLastError(0xdeadbeef);
        ok(FlsGetValue(fls_index) == fls_value, "read back %p", FlsGetValue(fls_index));
        ok(GetLastError() == ERROR_SUCCESS, "FlsGetValue: last error %lu",
           (unsigned long)GetLastError());
    }
    SwitchToFiber(fibers[0]);
}

static void test_handling(void)
{
    fiber_count = 0;
    fibers[0] = CreateFiber(0, fiber_main, &param);
    ok(fibers[0] != NULL, "CreateFiber failed: %lu", (unsigned long)GetLastError());
    DeleteFiber(fibers[0]);

    fibers[0] = ConvertThreadToFiber(&param);
    ok(fibers[0] != NULL, "ConvertThreadToFiber failed: %lu", (unsigned long)GetLastError());
    ok(ConvertFiberToThread(), "ConvertFiberToThread failed");
    fibers[0] = ConvertThreadToFiberEx(&param, 0);
    ok(fibers[0] != NULL, "ConvertThreadToFiberEx failed: %lu", (unsigned long)GetLastError());
    ok(GetCurrentFiber() == fibers[0], "GetCurrentFiber %p, fiber %p", GetCurrentFiber(),
       fibers[0]);
    ok(GetFiberData() == &param, "GetFiberData %p", GetFiberData());

    fibers[1] = CreateFiber(0, fiber_main, &param);
    ok(fibers[1] != NULL, "CreateFiber failed: %lu", (unsigned long)GetLastError());
    SwitchToFiber(fibers[1]);
    ok(fiber_count == 1, "fiber count %d", fiber_count);
    DeleteFiber(fibers[1]);

    fibers[1] = CreateFiberEx(0, 0, 0, fiber_main, &param);
    ok(fibers[1] != NULL, "CreateFiberEx failed: %lu", (unsigned long)GetLastError());
    SwitchToFiber(fibers[1]);
    ok(fiber_count == 2, "fiber count %d", fiber_count);
    DeleteFiber(fibers[1]);

    ok(IsThreadAFiber(), "IsThreadAFiber returned FALSE");
    ok(ConvertFiberToThread(), "ConvertFiberToThread failed");
    ok(!IsThreadAFiber(), "IsThreadAFiber returned TRUE");
}

static void test_errors(void)
{
    void *fiber;

    /* Wine always succeeds; Windows' kernel32 refuses. */
    SetLastError(0xdeadbeef);
    todo_wine_ok(!ConvertFiberToThread(), "ConvertFiberToThread on a thread succeeded");
    todo_wine_ok(GetLastError() == ERROR_ALREADY_THREAD, "last error %lu",
                 (unsigned long)GetLastError());

    fiber = ConvertThreadToFiberEx(NULL, FIBER_FLAG_FLOAT_SWITCH);
    ok(fiber != NULL, "ConvertThreadToFiberEx failed: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(ConvertThreadToFiber(NULL) == NULL, "converted twice");
    ok(GetLastError() == ERROR_ALREADY_FIBER, "last error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(ConvertThreadToFiberEx(NULL, 0) == NULL, "converted twice");
    ok(GetLastError() == ERROR_ALREADY_FIBER, "last error %lu", (unsigned long)GetLastError());
    ok(GetCurrentFiber() == fiber, "GetCurrentFiber %p", GetCurrentFiber());
    ok(ConvertFiberToThread(), "ConvertFiberToThread failed");

    SetLastError(0xdeadbeef);
    fiber = ConvertThreadToFiberEx(NULL, 2);
    todo_wine_ok(fiber == NULL, "ConvertThreadToFiberEx took flag 2");
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "last error %lu",
                 (unsigned long)GetLastError());
    if (fiber)
        ConvertFiberToThread();
    SetLastError(0xdeadbeef);
    fiber = CreateFiberEx(0, 0, 2, fiber_main, &param);
    todo_wine_ok(fiber == NULL, "CreateFiberEx took flag 2");
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "last error %lu",
                 (unsigned long)GetLastError());
    if (fiber)
        DeleteFiber(fiber);
    fiber = CreateFiberEx(0, 0, FIBER_FLAG_FLOAT_SWITCH, fiber_main, &param);
    ok(fiber != NULL, "CreateFiberEx failed: %lu", (unsigned long)GetLastError());
    DeleteFiber(fiber);
}

/* A thread that is not a fiber: Windows' TEB field holds its version there. */
static void test_current_fiber_of_a_thread(void)
{
    ok(!IsThreadAFiber(), "IsThreadAFiber returned TRUE");
    todo_wine_ok(GetCurrentFiber() == NOT_A_FIBER, "GetCurrentFiber %p", GetCurrentFiber());
}

static void test_fls_with_fibers(void)
{
    void *value1 = (void *)0x314, *value2 = (void *)0x152;

    fls_index = FlsAlloc(fls_callback);
    ok(fls_index != FLS_OUT_OF_INDEXES, "FlsAlloc failed");
    fibers[0] = ConvertThreadToFiber(&param);
    fiber_count = callback_count = 0;
    fibers[1] = CreateFiber(0, fiber_main, &param);
    fibers[2] = CreateFiber(0, fiber_main, &param);
    ok(fibers[1] && fibers[2], "CreateFiber failed");
    ok(fiber_count == 0 && callback_count == 0, "fibers %d, callbacks %d", fiber_count,
       callback_count);

    fls_value = value1;
    SwitchToFiber(fibers[1]);
    ok(fiber_count == 1 && callback_count == 0, "fibers %d, callbacks %d", fiber_count,
       callback_count);
    fls_value = value2;
    SwitchToFiber(fibers[2]);
    ok(fiber_count == 2 && callback_count == 0, "fibers %d, callbacks %d", fiber_count,
       callback_count);
    ok(FlsGetValue(fls_index) == NULL, "the thread's fiber sees %p", FlsGetValue(fls_index));
    ok(FlsSetValue(fls_index, value2), "FlsSetValue failed");
    ok(FlsGetValue(fls_index) == value2, "read back %p", FlsGetValue(fls_index));

    /* The deleted fiber's value is called back on the deleting thread. */
    callback_count = 0;
    fls_value = value1;
    DeleteFiber(fibers[1]);
    ok(callback_count == 1, "DeleteFiber: %d callbacks", callback_count);

    /* FlsFree calls back every fiber's value: the thread's and fibers[2]'s. */
    callback_count = 0;
    fls_value = value2;
    ok(FlsFree(fls_index), "FlsFree failed");
    ok(callback_count == 2, "FlsFree: %d callbacks", callback_count);

    callback_count = 0;
    DeleteFiber(fibers[2]);
    ok(callback_count == 0, "DeleteFiber after FlsFree: %d callbacks", callback_count);
    fls_index = FLS_OUT_OF_INDEXES;
    ok(ConvertFiberToThread(), "ConvertFiberToThread failed");
}

/* As on Windows, a fiber's routine returning, and deleting the running
 * fiber, end the thread with exit code 1. */
static void WINAPI just_return(LPVOID parameter)
{
    (void)parameter;
}

static void WINAPI delete_self(LPVOID parameter)
{
    (void)parameter;
    DeleteFiber(GetCurrentFiber());
}

static void WINAPI exit_thread_5(LPVOID parameter)
{
    (void)parameter;
    ExitThread(5);
}

static void *thread_fiber;      /* the ended thread's own fiber */

static DWORD WINAPI run_one_fiber(LPVOID routine)
{
    thread_fiber = ConvertThreadToFiber(NULL);
    SwitchToFiber(CreateFiber(0, (LPFIBER_START_ROUTINE)routine, NULL));
    return 99;
}

static DWORD run_thread(LPTHREAD_START_ROUTINE fn, void *arg)
{
    HANDLE thread = CreateThread(NULL, 0, fn, arg, 0, NULL);
    DWORD code = 0;

    ok(thread != NULL, "CreateThread failed");
    ok(WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(thread, &code), "GetExitCodeThread failed");
    CloseHandle(thread);
    return code;
}

static void test_thread_ends_with_its_fiber(void)
{
    DWORD code;

    code = run_thread(run_one_fiber, (void *)just_return);
    ok(code == 1, "a fiber's return: exit code %lu", (unsigned long)code);
    DeleteFiber(thread_fiber);
    code = run_thread(run_one_fiber, (void *)delete_self);
    ok(code == 1, "DeleteFiber of the running fiber: exit code %lu", (unsigned long)code);
    DeleteFiber(thread_fiber);
    code = run_thread(run_one_fiber, (void *)exit_thread_5);
    ok(code == 5, "ExitThread on a fiber: exit code %lu", (unsigned long)code);
    DeleteFiber(thread_fiber);
}

CONFORMANCE_MAIN(test_handling,
                 test_errors,
                 test_current_fiber_of_a_thread,
                 test_fls_with_fibers,
                 test_thread_ends_with_its_fiber)
