#!/bin/sh
# The public surface of the built library: exactly the names in
# lib/w32shim.sym are exported from the static archive and the shared
# object, the archive runs no constructors, the library installs no signal
# handlers, and a program may reuse the internal w32_ names.
# Run by `make check` with top_builddir, top_srcdir, NM and OBJDUMP set.

: "${top_builddir:=.}" "${top_srcdir:=.}" "${NM:=nm}" "${OBJDUMP:=objdump}"
makefile_var()
{
    sed -n "s/^$1 = //p" "$top_builddir/Makefile" 2>/dev/null
}

archive=$top_builddir/.libs/libw32shim.a
shared=$top_builddir/.libs/libw32shim.so
symfile=$top_srcdir/lib/w32shim.sym
status=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

fail()
{
    echo "FAIL: $*"
    status=1
}

# Names of symbols from nm output (BSD or POSIX layout), one a line, sorted.
symbol_names()
{
    awk 'NF >= 2 && $NF !~ /:$/ { print $NF }' | sort -u
}

# Instrumentation added by sanitizers, not part of the library's surface.
drop_instrumentation()
{
    grep -v -E '^_*(asan|ubsan|tsan|msan|lsan|sanitizer|odr_asan)' || true
}

# A build configured with --disable-shared (the sanitizer builds of
# scripts/test-all.sh) has no shared object; the plain build checks it.
if [ "$(makefile_var enable_shared)" = no ]; then
    echo "note: configured with --disable-shared: the shared library is not checked"
    shared=
fi

for f in "$archive" ${shared:+"$shared"} "$symfile"; do
    if [ ! -f "$f" ]; then
        echo "FAIL: $f is missing"
        exit 1
    fi
done

sort -u "$symfile" >"$tmp/expected"

# 'exports NAME FILE' compares the defined global names of FILE, listed in
# $tmp/NAME.defined, with the .sym file.
exports()
{
    drop_instrumentation <"$tmp/$1.defined" >"$tmp/$1.names"
    if cmp -s "$tmp/expected" "$tmp/$1.names"; then
        echo "ok: $2 exports exactly the $(wc -l <"$tmp/expected") names of w32shim.sym"
        return
    fi
    extra=$(comm -13 "$tmp/expected" "$tmp/$1.names" | tr '\n' ' ')
    missing=$(comm -23 "$tmp/expected" "$tmp/$1.names" | tr '\n' ' ')
    [ -n "$extra" ] && fail "$2 exports names not in w32shim.sym: $extra"
    [ -n "$missing" ] && fail "$2 does not export names of w32shim.sym: $missing"
}

echo "checking global symbols of $archive"
$NM -g --defined-only "$archive" | symbol_names >"$tmp/static.defined" ||
    fail "$NM failed on $archive"
exports static "the static archive"

if [ -n "$shared" ]; then
    echo "checking dynamic symbols of $shared"
    $NM -D --defined-only "$shared" | symbol_names >"$tmp/shared.defined" ||
        fail "$NM failed on $shared"
    exports shared "the shared library"
fi

$NM -u "$archive" | symbol_names >"$tmp/undefined"
[ -z "$shared" ] ||
    $NM -D --undefined-only "$shared" | symbol_names | sed 's/@.*//' >>"$tmp/undefined"

echo "checking that the static archive has no constructors"
if grep -q -E '^_*(asan|tsan|msan|hwasan)_init$' "$tmp/undefined"; then
    echo "skip: sanitizer-instrumented build, whose instrumentation adds constructors"
elif $OBJDUMP -h "$archive" | grep -q -E '[.](init_array|ctors)'; then
    fail "the static archive has a .init_array or .ctors section:"
    $OBJDUMP -h "$archive" | grep -E '[.](init_array|ctors)'
else
    echo "ok: no .init_array or .ctors section"
fi

# sigaction is allowed: lib/console.c installs a SIGINT handler while, and
# only while, the program has a SetConsoleCtrlHandler handler registered, and
# restores the program's own disposition when the last one goes.
echo "checking that the library installs no signal handlers of its own accord"
handlers=$(grep -x -E 'signal|__sysv_signal|sigset|bsd_signal' "$tmp/undefined" |
           sort -u | tr '\n' ' ')
if [ -n "$handlers" ]; then
    fail "the library references signal-installing functions: $handlers"
else
    echo "ok: no reference to signal, __sysv_signal, sigset or bsd_signal"
fi

echo "checking that a program may define names the library uses internally"
cat >"$tmp/clash.c" <<'EOF'
#include <windows.h>

int w32_object_unref(int x) { return x + 1; }
int w32_dispatch_lock(int x) { return x * 2; }
int w32_handle_create = 3;

int main(void)
{
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);

    if (!event || !SetEvent(event) || WaitForSingleObject(event, 0) != WAIT_OBJECT_0)
        return 1;
    if (!CloseHandle(event))
        return 2;
    return w32_object_unref(1) + w32_dispatch_lock(2) + w32_handle_create == 9 ? 0 : 3;
}
EOF
# The build's compiler and flags: sanitizer builds need their runtime to link.
CC=${CC:-$(makefile_var CC)}
CC=${CC:-cc}
flags=$(makefile_var CFLAGS)
ldflags=$(makefile_var LDFLAGS)
if ! $CC $flags -I"$top_builddir/include" -I"$top_srcdir/include" -o "$tmp/clash" "$tmp/clash.c" "$archive" \
        $ldflags -pthread >"$tmp/clash.log" 2>&1; then
    fail "a program defining w32_object_unref, w32_dispatch_lock and w32_handle_create does not link:"
    cat "$tmp/clash.log"
else
    "$tmp/clash"
    code=$?
    if [ "$code" -ne 0 ]; then
        fail "the program with its own w32_ names links but fails when run (exit $code)"
    else
        echo "ok: the program links against the static archive and runs"
    fi
fi

[ "$status" -eq 0 ] && echo "PASS: exports.sh" || echo "FAIL: exports.sh"
exit "$status"
