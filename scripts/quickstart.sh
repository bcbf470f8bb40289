#!/bin/sh
# From a fresh checkout: install what is needed, build w32shim, install it
# into ./_inst, then build a ported Windows program against the installed
# library exactly as a porter would, and run it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/install-deps.sh
autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
rm -rf build/quickstart
mkdir -p build/quickstart
(
    cd build/quickstart
    "$top/configure" -q --prefix="$top/_inst"
    make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
    make install >/dev/null
)
export PKG_CONFIG_PATH="$top/_inst/lib/pkgconfig"
cc $(pkg-config --cflags w32shim) examples/events_threads.c \
    $(pkg-config --libs --static w32shim) -o build/quickstart/events_threads
./build/quickstart/events_threads
