#!/bin/sh
# The overlapped I/O tests (conformance and Check) again on the engine's
# thread back end, which runs where io_uring is refused (W32SHIM_AIO=threads
# forces it).
set -u
: "${top_builddir:?}"
status=0
for t in conformance/overlapped conformance/iocp conformance/change check_aio check_change; do
    out=aio-threads-$(basename "$t").out
    if ! W32SHIM_AIO=threads "$top_builddir/tests/$t" > "$out" 2>&1; then
        cat "$out"
        status=1
    fi
    tail -n 1 "$out"
    rm -f "$out"
done
exit $status
