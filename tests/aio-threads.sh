#!/bin/sh
# The overlapped I/O conformance tests again on the engine's thread back end,
# which runs where io_uring is refused (W32SHIM_AIO=threads forces it).
set -u
: "${top_builddir:?}"
status=0
for t in overlapped iocp; do
    if ! W32SHIM_AIO=threads "$top_builddir/tests/conformance/$t" > "aio-threads-$t.out" 2>&1; then
        cat "aio-threads-$t.out"
        status=1
    fi
    tail -n 1 "aio-threads-$t.out"
    rm -f "aio-threads-$t.out"
done
exit $status
