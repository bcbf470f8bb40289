/*
 * Sweeps the namespace directory that XDG_RUNTIME_DIR names, as the first
 * named call of any w32shim process does (doc/design.md, "Objects shared
 * between processes"): what a process killed without closing left there
 * goes. tests/namespaces.sh runs it before it looks for what is left.
 */
#include <windows.h>
#include <stdio.h>

int main(void)
{
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, "Local\\w32shim-nssweep");

    if (!h) {
        fprintf(stderr, "nssweep: CreateEventA failed, error %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    CloseHandle(h);
    return 0;
}
