/*
 * Handle inheritance: a child started with bInheritHandles TRUE holds its
 * parent's inheritable handles under the same values. Every test runs this
 * program again as a child, which gets handle values on its command line.
 */
#define CONFORMANCE_CHILD child_main
#include "conformance.h"
#include <io.h>
#include <stdlib.h>

#define LONG_WAIT 10000

#ifndef ERROR_OBJECT_NAME_EXISTS    /* Windows' winerror.h has it; mingw-w64's not */
#define ERROR_OBJECT_NAME_EXISTS 698L
#endif

static HANDLE handle_arg(const char *text)
{
    return (HANDLE)(ULONG_PTR)strtoull(text, NULL, 16);
}

/* ---- the child's roles: argv[0] the role, then handle values in hex ---- */

static int child_write(HANDLE h)
{
    DWORD done = 0;

    return WriteFile(h, "hello", 5, &done, NULL) && done == 5 ? 0 : 1;
}

static int child_set(HANDLE h)
{
    DWORD flags = 0;

    /* The handle came with its attributes: it is inheritable here too. */
    if (!GetHandleInformation(h, &flags) || !(flags & HANDLE_FLAG_INHERIT))
        return 1;
    return SetEvent(h) ? 0 : 2;
}

static int child_release(HANDLE h)
{
    LONG previous = -1;

    return ReleaseSemaphore(h, 2, &previous) && previous == 0 ? 0 : 1;
}

/* The handle value means nothing here. */
static int child_expect_invalid(HANDLE h)
{
    return !SetEvent(h) && GetLastError() == ERROR_INVALID_HANDLE ? 0 : 1;
}

/* h is the parent's process: running, with the parent's pid. */
static int child_parent(HANDLE h, DWORD parent_pid)
{
    if (GetProcessId(h) != parent_pid)
        return 1;
    return WaitForSingleObject(h, 0) == WAIT_TIMEOUT ? 0 : 2;
}

/* h is the named mutex, which the parent owns: so is the one found by name. */
static int child_named(HANDLE h, const char *name)
{
    HANDLE by_name = OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, name);

    if (!by_name)
        return 1;
    if (WaitForSingleObject(h, 0) != WAIT_TIMEOUT || WaitForSingleObject(by_name, 0) != WAIT_TIMEOUT)
        return 2;
    /* Not this process's to release, through either handle. */
    if (ReleaseMutex(h) || GetLastError() != ERROR_NOT_OWNER)
        return 3;
    return CloseHandle(by_name) ? 0 : 4;
}

/* Waits for the parent's go (event go_name), then sets the inherited event h. */
static int child_hold(HANDLE h, const char *go_name)
{
    HANDLE go = OpenEventA(SYNCHRONIZE, FALSE, go_name);

    if (!go || WaitForSingleObject(go, LONG_WAIT) != WAIT_OBJECT_0)
        return 1;
    return SetEvent(h) && CloseHandle(go) ? 0 : 2;
}

/* Sets the inherited event h at once, then waits for the parent's go (go_name). */
static int child_ready_hold(HANDLE h, const char *go_name)
{
    HANDLE go = OpenEventA(SYNCHRONIZE, FALSE, go_name);

    if (!go || !SetEvent(h))
        return 1;
    return WaitForSingleObject(go, LONG_WAIT) == WAIT_OBJECT_0 && CloseHandle(go) ? 0 : 2;
}

/* Writes "hello" to its standard output; h is not used. */
static int child_print(void)
{
    DWORD done = 0;

    return WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), "hello", 5, &done, NULL) && done == 5 ? 0 : 1;
}

/* The environment is the one variable the parent passed, and the handle came too. */
static int child_only_env(HANDLE h)
{
    char *block = GetEnvironmentStringsA();
    int result = 0;

    if (!SetEvent(h))
        result = 2;
    else if (!block || strcmp(block, "ONLY=1") != 0 || block[strlen(block) + 1] != '\0')
        result = 1;
    if (block)
        FreeEnvironmentStringsA(block);
    return result;
}

static int child_main(int argc, char **argv)
{
    if (argc < 2)
        return 99;
    if (strcmp(argv[0], "write") == 0)
        return child_write(handle_arg(argv[1]));
    if (strcmp(argv[0], "set") == 0)
        return child_set(handle_arg(argv[1]));
    if (strcmp(argv[0], "release") == 0)
        return child_release(handle_arg(argv[1]));
    if (strcmp(argv[0], "print") == 0)
        return child_print();
    if (strcmp(argv[0], "only_env") == 0)
        return child_only_env(handle_arg(argv[1]));
    if (strcmp(argv[0], "expect_invalid") == 0)
        return child_expect_invalid(handle_arg(argv[1]));
    if (strcmp(argv[0], "parent") == 0 && argc == 3)
        return child_parent(handle_arg(argv[1]), (DWORD)strtoul(argv[2], NULL, 10));
    if (strcmp(argv[0], "ready_hold") == 0 && argc == 3)
        return child_ready_hold(handle_arg(argv[1]), argv[2]);
    if (strcmp(argv[0], "hold") == 0 && argc == 3)
        return child_hold(handle_arg(argv[1]), argv[2]);
    if (strcmp(argv[0], "named") == 0 && argc == 3)
        return child_named(handle_arg(argv[1]), argv[2]);
    return 98;
}

/* ---- the parent's side ---- */

/* Starts this program as a child: `role h [extra]`, inheriting handles or not. */
static BOOL start(const char *role, HANDLE h, const char *extra, BOOL inherit,
                  PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si;
    char cmdline[1400];

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child %s %llx%s%s", conformance_self, role,
             (unsigned long long)(ULONG_PTR)h, extra ? " " : "", extra ? extra : "");
    if (CreateProcessA(NULL, cmdline, NULL, NULL, inherit, 0, NULL, NULL, &si, pi))
        return TRUE;
    ok(0, "CreateProcessA failed with %lu", (unsigned long)GetLastError());
    return FALSE;
}

static DWORD run_child(const char *role, HANDLE h, const char *extra, BOOL inherit)
{
    PROCESS_INFORMATION pi;

    return start(role, h, extra, inherit, &pi) ? finish_child(&pi) : 0xdeadbeef;
}
static SECURITY_ATTRIBUTES inheritable = { sizeof(SECURITY_ATTRIBUTES), NULL, TRUE };

static void test_a_pipe_end_is_inherited_under_its_value(void)
{
    HANDLE rd, wr;
    char buf[8] = "";
    DWORD done = 0;

    ok(CreatePipe(&rd, &wr, &inheritable, 0), "CreatePipe failed");
    /* Only the write end goes: the child's exit then ends the pipe. */
    ok(SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0), "SetHandleInformation failed");
    ok(run_child("write", wr, NULL, TRUE) == 0, "the child could not write to the handle");
    ok(CloseHandle(wr), "CloseHandle failed");
    ok(ReadFile(rd, buf, sizeof(buf), &done, NULL) && done == 5 && memcmp(buf, "hello", 5) == 0,
       "read %lu bytes from the child", (unsigned long)done);
    ok(!ReadFile(rd, buf, sizeof(buf), &done, NULL) && GetLastError() == ERROR_BROKEN_PIPE,
       "the pipe outlived both writers: error %lu", (unsigned long)GetLastError());
    ok(CloseHandle(rd), "CloseHandle failed");
}

static void test_an_unnamed_event_is_inherited(void)
{
    HANDLE ev = CreateEventA(&inheritable, TRUE, FALSE, NULL);

    ok(ev != NULL && GetLastError() == ERROR_SUCCESS, "CreateEventA failed");
    ok(run_child("set", ev, NULL, TRUE) == 0, "the child could not set the inherited event");
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "the child's SetEvent was not seen");
    ok(CloseHandle(ev), "CloseHandle failed");
}

/* The handles travel beside the environment, never in it: the child's is
 * exactly the block the parent passed. */
static void test_inheritance_adds_nothing_to_the_environment(void)
{
    HANDLE ev = CreateEventA(&inheritable, TRUE, FALSE, NULL);
    static char env[] = "ONLY=1\0";
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    char cmdline[1400];
    DWORD code;

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child only_env %llx", conformance_self,
             (unsigned long long)(ULONG_PTR)ev);
    ok(ev != NULL, "CreateEventA failed");
    ok(CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, env, NULL, &si, &pi),
       "CreateProcessA failed");
    code = finish_child(&pi);
    ok(code != 2 && WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "the handle came (%lu)",
       (unsigned long)code);
    /* Wine adds its own variables (WINELOADER, SystemRoot, ...). */
    todo_wine_ok(code == 0, "the child's environment is just ONLY=1");
    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_an_unnamed_semaphore_is_inherited(void)
{
    HANDLE sem = CreateSemaphoreA(&inheritable, 0, 5, NULL);
    LONG previous = -1;

    ok(sem != NULL, "CreateSemaphoreA failed");
    ok(run_child("release", sem, NULL, TRUE) == 0, "the child could not release it");
    ok(ReleaseSemaphore(sem, 1, &previous) && previous == 2,
       "the count after the child's release was %ld", (long)previous);
    ok(CloseHandle(sem), "CloseHandle failed");
}

static void test_a_named_mutex_is_inherited(void)
{
    char name[64];
    HANDLE m;

    snprintf(name, sizeof(name), "w32c_%lu_inherit_mutex", (unsigned long)GetCurrentProcessId());
    m = CreateMutexA(&inheritable, TRUE, name);
    ok(m != NULL, "CreateMutexA failed");
    ok(run_child("named", m, name, TRUE) == 0, "the child's handle was not the named mutex");
    ok(ReleaseMutex(m), "ReleaseMutex failed");
    ok(CloseHandle(m), "CloseHandle failed");
}

static void test_the_current_process_handle_is_inherited(void)
{
    HANDLE self = NULL;
    char pid[16];

    ok(DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &self,
                       0, TRUE, DUPLICATE_SAME_ACCESS), "DuplicateHandle failed");
    snprintf(pid, sizeof(pid), "%lu", (unsigned long)GetCurrentProcessId());
    ok(run_child("parent", self, pid, TRUE) == 0, "the child's handle is not its parent");
    ok(CloseHandle(self), "CloseHandle failed");
}

/* The child holds what it inherited from the moment CreateProcess returns. */
static void test_an_inherited_name_outlives_the_parents_handle(void)
{
    char name[64], go_name[80];
    HANDLE ev, go, again;
    PROCESS_INFORMATION pi;

    snprintf(name, sizeof(name), "w32c_%lu_inherit_held", (unsigned long)GetCurrentProcessId());
    snprintf(go_name, sizeof(go_name), "%s_go", name);
    ev = CreateEventA(&inheritable, TRUE, FALSE, name);
    go = CreateEventA(NULL, TRUE, FALSE, go_name);
    ok(ev && go, "CreateEventA failed");
    if (!start("hold", ev, go_name, TRUE, &pi))
        return;
    ok(CloseHandle(ev), "CloseHandle failed");
    again = OpenEventA(SYNCHRONIZE, FALSE, name);
    ok(again != NULL, "the name went with the parent's handle: error %lu",
       (unsigned long)GetLastError());
    ok(SetEvent(go), "SetEvent failed");
    ok(finish_child(&pi) == 0, "the child could not set the event it inherited");
    ok(again && WaitForSingleObject(again, 0) == WAIT_OBJECT_0, "the child's SetEvent was not seen");
    ok(CloseHandle(again) && CloseHandle(go), "CloseHandle failed");
}

static void test_what_is_not_inheritable_stays_behind(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE inh = CreateEventA(&inheritable, TRUE, FALSE, NULL);

    ok(ev && inh, "CreateEventA failed");
    ok(run_child("expect_invalid", ev, NULL, TRUE) == 0,
       "a handle without HANDLE_FLAG_INHERIT reached the child");
    ok(run_child("expect_invalid", inh, NULL, FALSE) == 0,
       "bInheritHandles FALSE passed an inheritable handle");
    ok(CloseHandle(ev) && CloseHandle(inh), "CloseHandle failed");
}

/* A C runtime descriptor of a handle that is not inheritable stays behind too:
 * once the parent closes it, the pipe has no writer, with the child running
 * (its program started: on Linux a child drops such descriptors during exec,
 * a moment after CreateProcess returns). */
static void test_a_descriptor_of_a_handle_not_inheritable_stays_behind(void)
{
    char go_name[80];
    HANDLE rd, wr, ev, go;
    PROCESS_INFORMATION pi;
    DWORD avail = 0;
    int fd;

    snprintf(go_name, sizeof(go_name), "w32c_%lu_inherit_fd_go", (unsigned long)GetCurrentProcessId());
    ok(CreatePipe(&rd, &wr, NULL, 0), "CreatePipe failed");
    fd = _open_osfhandle((intptr_t)wr, 0);
    ok(fd >= 0, "_open_osfhandle failed");
    ev = CreateEventA(&inheritable, TRUE, FALSE, NULL);
    go = CreateEventA(NULL, TRUE, FALSE, go_name);
    ok(ev && go, "CreateEventA failed");
    if (start("ready_hold", ev, go_name, TRUE, &pi)) {
        ok(WaitForSingleObject(ev, LONG_WAIT) == WAIT_OBJECT_0, "the child did not start");
        ok(_close(fd) == 0, "_close failed");
        SetLastError(0xdeadbeef);
        ok(!PeekNamedPipe(rd, NULL, 0, NULL, &avail, NULL) && GetLastError() == ERROR_BROKEN_PIPE,
           "the child holds the pipe's write end (error %lu)", (unsigned long)GetLastError());
        ok(SetEvent(go), "SetEvent failed");
        ok(finish_child(&pi) == 0, "the child did not see the go");
    }
    ok(CloseHandle(rd) && CloseHandle(ev) && CloseHandle(go), "CloseHandle failed");
}

/* ---- attribute lists: STARTUPINFOEX and its handle list ---- */

static void test_attribute_list_sizes_and_errors(void)
{
    ULONG_PTR buf[64];
    LPPROC_THREAD_ATTRIBUTE_LIST list = (LPPROC_THREAD_ATTRIBUTE_LIST)buf;
    SIZE_T one = 0, two = 0, size = 1;
    HANDLE handles[2] = { GetCurrentProcess(), GetCurrentThread() };
    HANDLE parent = GetCurrentProcess();

    SetLastError(0xdeadbeef);
    ok(!InitializeProcThreadAttributeList(NULL, 1, 0, &one) &&
       GetLastError() == ERROR_INSUFFICIENT_BUFFER, "asking the size: error %lu",
       (unsigned long)GetLastError());
    ok(!InitializeProcThreadAttributeList(NULL, 2, 0, &two) && two > one && one > 0,
       "sizes %lu and %lu", (unsigned long)one, (unsigned long)two);
    ok(two <= sizeof(buf), "a list of 2 needs %lu bytes", (unsigned long)two);
    SetLastError(0xdeadbeef);
    ok(!InitializeProcThreadAttributeList(list, 1, 0, &size) &&
       GetLastError() == ERROR_INSUFFICIENT_BUFFER && size == one,
       "too small: error %lu, size %lu", (unsigned long)GetLastError(), (unsigned long)size);
    ok(InitializeProcThreadAttributeList(list, 1, 0, &size), "InitializeProcThreadAttributeList failed");
    ok(UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles,
                                 sizeof(handles), NULL, NULL), "setting a handle list failed");
    SetLastError(0xdeadbeef);
    ok(!UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_PARENT_PROCESS, &parent,
                                  sizeof(parent), NULL, NULL) &&
       GetLastError() == ERROR_GEN_FAILURE,
       "a second attribute in a list of one: error %lu", (unsigned long)GetLastError());
    DeleteProcThreadAttributeList(list);

    size = two;
    ok(InitializeProcThreadAttributeList(list, 2, 0, &size), "InitializeProcThreadAttributeList failed");
    SetLastError(0xdeadbeef);
    ok(!UpdateProcThreadAttribute(list, 0, 0xcafe, handles, sizeof(HANDLE), NULL, NULL) &&
       GetLastError() == ERROR_NOT_SUPPORTED, "an unknown attribute: error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles,
                                  sizeof(HANDLE) - 1, NULL, NULL) &&
       GetLastError() == ERROR_BAD_LENGTH, "a handle list of odd size: error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_PARENT_PROCESS, &parent,
                                  sizeof(parent) + 1, NULL, NULL) &&
       GetLastError() == ERROR_BAD_LENGTH, "a parent of odd size: error %lu",
       (unsigned long)GetLastError());
    ok(UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles,
                                 sizeof(handles), NULL, NULL), "setting a handle list failed");
    SetLastError(0xdeadbeef);
    ok(!UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles,
                                  sizeof(handles), NULL, NULL) &&
       GetLastError() == ERROR_OBJECT_NAME_EXISTS, "a second handle list: error %lu",
       (unsigned long)GetLastError());
    ok(UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_PARENT_PROCESS, &parent,
                                 sizeof(parent), NULL, NULL), "naming this process the parent failed");
    DeleteProcThreadAttributeList(list);
}

/* Starts `role h` inheriting only the n handles of only (a STARTUPINFOEX handle
 * list), with std_out as its standard output if not NULL, through CreateProcessW
 * if wide; FALSE with *error if CreateProcess failed. */
static BOOL start_listed(const char *role, HANDLE h, const HANDLE *only, size_t n, HANDLE std_out,
                         BOOL wide, PROCESS_INFORMATION *pi, DWORD *error)
{
    ULONG_PTR buf[64];
    LPPROC_THREAD_ATTRIBUTE_LIST list = (LPPROC_THREAD_ATTRIBUTE_LIST)buf;
    SIZE_T size = sizeof(buf);
    STARTUPINFOEXA si;
    STARTUPINFOEXW wsi;
    char cmdline[1400];
    WCHAR wcmdline[1400];
    BOOL started;

    ok(InitializeProcThreadAttributeList(list, 1, 0, &size), "InitializeProcThreadAttributeList failed");
    ok(UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, (PVOID)only,
                                 n * sizeof(HANDLE), NULL, NULL), "UpdateProcThreadAttribute failed");
    memset(&si, 0, sizeof(si));
    si.StartupInfo.cb = sizeof(si);
    si.lpAttributeList = list;
    if (std_out) {
        si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
        si.StartupInfo.hStdOutput = std_out;
    }
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child %s %llx", conformance_self, role,
             (unsigned long long)(ULONG_PTR)h);
    SetLastError(0xdeadbeef);
    if (wide) {
        memset(&wsi, 0, sizeof(wsi));
        wsi.StartupInfo.cb = sizeof(wsi);
        wsi.StartupInfo.dwFlags = si.StartupInfo.dwFlags;
        wsi.StartupInfo.hStdOutput = si.StartupInfo.hStdOutput;
        wsi.lpAttributeList = list;
        MultiByteToWideChar(CP_UTF8, 0, cmdline, -1, wcmdline, 1400);
        started = CreateProcessW(NULL, wcmdline, NULL, NULL, TRUE, EXTENDED_STARTUPINFO_PRESENT,
                                 NULL, NULL, &wsi.StartupInfo, pi);
    } else {
        started = CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, EXTENDED_STARTUPINFO_PRESENT,
                                 NULL, NULL, &si.StartupInfo, pi);
    }
    *error = GetLastError();
    DeleteProcThreadAttributeList(list);
    return started;
}

static void test_a_handle_list_limits_what_the_child_inherits(void)
{
    HANDLE listed = CreateEventA(&inheritable, TRUE, FALSE, NULL);
    HANDLE other = CreateEventA(&inheritable, TRUE, FALSE, NULL);
    PROCESS_INFORMATION pi;
    DWORD error = 0;

    ok(listed && other, "CreateEventA failed");
    ok(start_listed("set", listed, &listed, 1, NULL, FALSE, &pi, &error) && finish_child(&pi) == 0,
       "the listed handle did not reach the child (error %lu)", (unsigned long)error);
    ok(WaitForSingleObject(listed, 0) == WAIT_OBJECT_0, "the child's SetEvent was not seen");
    ok(start_listed("expect_invalid", other, &listed, 1, NULL, FALSE, &pi, &error),
       "CreateProcessA failed with %lu", (unsigned long)error);
    ok(finish_child(&pi) == 0, "a handle left out of the list reached the child");
    ok(CloseHandle(listed) && CloseHandle(other), "CloseHandle failed");
}

/* What subprocess libraries do: a pipe's write end, listed, as the child's stdout. */
static void test_a_listed_pipe_is_the_childs_standard_output(void)
{
    HANDLE rd, wr;
    PROCESS_INFORMATION pi;
    char got[16] = "";
    DWORD done = 0, error = 0;

    ok(CreatePipe(&rd, &wr, &inheritable, 0), "CreatePipe failed");
    ok(SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0), "SetHandleInformation failed");
    ok(start_listed("print", wr, &wr, 1, wr, TRUE, &pi, &error),
       "CreateProcessW failed with %lu", (unsigned long)error);
    ok(CloseHandle(wr), "CloseHandle failed");
    ok(finish_child(&pi) == 0, "the child could not write its output");
    ok(ReadFile(rd, got, sizeof(got), &done, NULL) && done == 5 && memcmp(got, "hello", 5) == 0,
       "read %lu bytes from the child", (unsigned long)done);
    ok(CloseHandle(rd), "CloseHandle failed");
}

static void test_a_handle_list_naming_a_handle_not_inheritable_fails(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    PROCESS_INFORMATION pi;
    DWORD error = 0;
    BOOL started;

    ok(ev != NULL, "CreateEventA failed");
    started = start_listed("set", ev, &ev, 1, NULL, FALSE, &pi, &error);
    /* Windows refuses it; Wine starts the child. */
    todo_wine_ok(!started && error == ERROR_INVALID_PARAMETER, "started %d, error %lu", started,
                 (unsigned long)error);
    if (started)
        finish_child(&pi);
    ok(CloseHandle(ev), "CloseHandle failed");
}

CONFORMANCE_MAIN(test_a_pipe_end_is_inherited_under_its_value,
                 test_an_unnamed_event_is_inherited,
                 test_an_unnamed_semaphore_is_inherited,
                 test_a_named_mutex_is_inherited,
                 test_the_current_process_handle_is_inherited,
                 test_an_inherited_name_outlives_the_parents_handle,
                 test_what_is_not_inheritable_stays_behind,
                 test_a_descriptor_of_a_handle_not_inheritable_stays_behind,
                 test_attribute_list_sizes_and_errors,
                 test_a_handle_list_limits_what_the_child_inherits,
                 test_a_listed_pipe_is_the_childs_standard_output,
                 test_a_handle_list_naming_a_handle_not_inheritable_fails,
                 test_inheritance_adds_nothing_to_the_environment)
