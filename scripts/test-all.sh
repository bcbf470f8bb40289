#!/bin/sh
# The whole test suite: `make check` in a plain build, the conformance tests
# under Wine, then `make check` again in an ASan+UBSan build and in a TSan
# build, each in its own build tree.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
began=$(date +%s)
# Each step's start, in seconds since the run began: where CI's time goes.
step() {
    echo "=== [$(( $(date +%s) - began ))s] $*"
}
sh scripts/install-deps.sh
step "bootstrap"
autoreconf -fi >/dev/null 2>&1 || autoreconf -fi

jobs=$(nproc 2>/dev/null || echo 2)
# The shell configure chooses runs make's recipes and libtool, a script run
# for each of the library's objects: dash runs it in two thirds of bash's
# time (0.2 s against 0.3 s a call), 18 s less for the plain build alone.
if [ -z "${CONFIG_SHELL:-}" ] && [ -x /bin/dash ]; then
    CONFIG_SHELL=/bin/dash
    export CONFIG_SHELL
fi
# Check's timeouts (and the tests' own long waits, tests/testutil.h) are
# multiplied by CK_TIMEOUT_MULTIPLIER: sanitizer builds run several times
# slower, and the suite must pass on a loaded machine too.
# Further arguments go to configure.
run_variant() {
    name=$1 cflags=$2 ldflags=$3 multiplier=$4
    shift 4
    step "$name build: make check"
    rm -rf "build/$name"
    mkdir -p "build/$name"
    (
        cd "build/$name"
        "$top/configure" -q CFLAGS="$cflags" LDFLAGS="$ldflags" "$@"
        if ! CK_TIMEOUT_MULTIPLIER=$multiplier make -j"$jobs" check; then
            cat test-suite.log
            exit 1
        fi
    )
}

run_variant plain "-O2 -g" "" 1
# The conformance tests again, built with mingw-w64 and run under Wine, and
# the matrix of both runs.
step "conformance tests under Wine: make check-wine"
make -C build/plain check-wine
make -C build/plain check-examples-wine
make -C build/plain conformance-report
# The libFuzzer targets, a fixed number of inputs each from a fixed seed, so
# the gate depends on the code only (skipped without clang). Timed runs that
# explore further: sh tests/fuzz/run.sh . SECONDS
step "fuzzers"
FUZZ_RUNS=150000 sh tests/fuzz/run.sh "$top"
# The tarball builds in a read-only source tree, installs and uninstalls
# cleanly, and its installation builds the worked port. The plain build above
# has built and run the tests on the same sources; here the library is built
# unoptimized and no test program is built, which would double this step's
# time. That the tarball holds every source is checked against git instead:
# every tracked file but the CI's own is in it.
step "make distcheck"
if ! make -C build/plain -j"$jobs" distcheck DISTCHECK_CONFIGURE_FLAGS="-q CFLAGS=-O0" \
        check_PROGRAMS= TESTS='tests/exports.sh tests/install.sh' > build/distcheck.log 2>&1; then
    tail -n 100 build/distcheck.log
    find build/plain -path '*/_build/*' -name test-suite.log -exec cat {} +
    exit 1
fi
if command -v git >/dev/null && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    tarball=$(ls build/plain/w32shim-*.tar.gz | head -n 1)
    tar tzf "$tarball" | sed 's|^[^/]*/||' | sort > build/dist.files
    missing=$(git ls-files | grep -v -E '^(\.ci/|\.gitignore$|scripts/)' | sort |
              comm -23 - build/dist.files)
    if [ -n "$missing" ]; then
        echo "make dist leaves out tracked files:"
        echo "$missing"
        exit 1
    fi
    echo "the tarball holds every tracked file"
else
    echo "note: not a git checkout: the tarball's file list is not checked"
fi
# A smoke run of the benchmark (targets are reported, not enforced).
step "bench --quick, bench --syscalls"
./build/plain/bench/bench --quick
# System calls per API call are enforced: each operation has its budget.
# 77: the machine forbids ptrace, and the counts cannot be taken.
status=0
./build/plain/bench/bench --syscalls || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
    echo "bench --syscalls: an operation makes more system calls than its budget"
    exit 1
fi

# The sanitizer builds make no shared library, whose objects libtool would
# compile a second time; the plain build tests it.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_variant asan-ubsan \
    "-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
    "-fsanitize=address,undefined" 3 --disable-shared

export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:atexit_sleep_ms=0
run_variant tsan "-O1 -g -fsanitize=thread" "-fsanitize=thread" 5 --disable-shared

# Every Check test, every conformance check and every script test of the
# three builds, and every conformance check of the Wine run, counted once each.
passed=0 failed=0
for build in build/plain build/asan-ubsan build/tsan; do
    for log in "$build"/tests/*.log "$build"/tests/conformance/*.log; do
        [ -f "${log%.log}.trs" ] || continue
        counts=$(sed -n -e 's/^[0-9]*%: Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' \
                        -e 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 0 \2/p' "$log" | tail -n 1)
        if [ -n "$counts" ]; then
            set -- $counts
            case "$log" in
                */conformance/*) passed=$((passed + $1)) failed=$((failed + $3)) ;;
                *) passed=$((passed + $1 - $2 - $3)) failed=$((failed + $2 + $3)) ;;
            esac
        elif grep -q '^:test-result: \(PASS\|SKIP\)' "${log%.log}.trs"; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
        fi
    done
done
for log in build/plain/tests/conformance/*.wine.log; do
    counts=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log" | tail -n 1)
    set -- ${counts:-0 1}
    passed=$((passed + $1)) failed=$((failed + $2))
done
step "all test builds passed: plain, asan-ubsan, tsan"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
