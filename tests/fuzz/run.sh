#!/bin/sh
# Builds the libFuzzer targets of this directory with clang, the library's
# sources with them (ASan and UBSan on, as in a sanitizer build), and runs
# each for a bounded time from the seeds in seeds/TARGET/. Skips when clang
# or its libFuzzer runtime is missing.
# usage: run.sh SRCDIR [SECONDS_PER_TARGET]
# FUZZ_TARGETS names the targets to run (default: all of them).
# FUZZ_RUNS=N runs each target N inputs from a fixed random seed instead of
# for a time: the same inputs on every machine, so a gate (CI) passes or fails
# on the code alone. Inputs a timed run finds go to seeds/TARGET/, which every
# run replays first.
set -eu
src=$(cd "$1" && pwd)
seconds=${2:-15}
targets="${FUZZ_TARGETS:-format unicode path cmdline handles}"

if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz: skipped: no clang"
    exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
flags="-g -O1 -std=gnu11 -pthread -D_GNU_SOURCE -fvisibility=hidden -fno-sanitize-recover=all
       -fsanitize=address,undefined -I$src/include -I$src/lib -I$out"
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
        clang $flags -fsanitize=fuzzer -x c - -o "$out/probe" 2>/dev/null; then
    echo "fuzz: skipped: clang has no libFuzzer"
    exit 0
fi
sh "$src/build-aux/gen-exports" "$src/lib/w32shim.sym" > "$out/exports.h"
# windows.h includes w32shim_version.h, which configure makes from AC_INIT's version.
version=$(sed -n 's/^AC_INIT(\[w32shim\], \[\([0-9.]*\)\].*/\1/p' "$src/configure.ac")
set -- $(echo "$version" | tr . ' ')
sed -e "s/@PACKAGE_VERSION@/$version/" -e "s/@W32SHIM_VERSION_MAJOR@/$1/" \
    -e "s/@W32SHIM_VERSION_MINOR@/$2/" -e "s/@W32SHIM_VERSION_PATCH@/$3/" \
    "$src/include/w32shim_version.h.in" > "$out/w32shim_version.h"
# The library's objects, then the targets, then their runs: each step on
# every CPU (CI's time), each run in its own directory.
jobs=$(nproc 2>/dev/null || echo 2)
export flags out
for file in "$src"/lib/*.c; do
    case $file in */wmain.c) continue ;; esac
    echo "$file"
done | xargs -P "$jobs" -I{} sh -c \
    'clang $flags -fsanitize=fuzzer-no-link -c "$1" -o "$out/$(basename "$1" .c).o"' sh {}
if [ -n "${FUZZ_RUNS:-}" ]; then
    budget="-seed=1 -runs=$FUZZ_RUNS"
else
    budget="-max_total_time=$seconds"
fi
export src budget
uring=$(pkg-config --libs liburing)
export uring
echo $targets | tr ' ' '\n' | xargs -P "$jobs" -I{} sh -c '
    target=$1
    clang $flags -fsanitize=fuzzer "$src/tests/fuzz/fuzz_$target.c" "$out"/*.o $uring \
        -o "$out/fuzz_$target" || exit 1
    mkdir -p "$out/corpus_$target" "$out/run_$target"
    if [ -d "$src/tests/fuzz/seeds/$target" ]; then
        cp "$src/tests/fuzz/seeds/$target"/* "$out/corpus_$target"/
    fi
    cd "$out/run_$target" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$out/fuzz_$target" $budget -print_final_stats=1 \
        -timeout=10 -rss_limit_mb=2048 "$out/corpus_$target" >"$out/fuzz_$target.log" 2>&1
    echo $? > "$out/fuzz_$target.status"' sh {} || true
status=0
for target in $targets; do
    log=$out/fuzz_$target.log
    if [ "$(cat "$out/fuzz_$target.status" 2>/dev/null)" = 0 ]; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz_$target: ${runs:-?} executions, clean"
    else
        echo "FAIL: fuzz_$target"
        tail -n 60 "$log"
        ls "$out/run_$target"/crash-* "$out/run_$target"/leak-* \
            "$out/run_$target"/timeout-* 2>/dev/null || true
        for crash in "$out/run_$target"/crash-* "$out/run_$target"/leak-* \
                     "$out/run_$target"/timeout-*; do
            [ -f "$crash" ] && od -c "$crash" | head -n 20
        done
        status=1
    fi
done
exit $status
