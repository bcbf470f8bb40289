#!/bin/sh
# Runs each ported Windows program, in its ANSI build (examples/NAME) and its
# UNICODE build (examples/NAME-w), and compares the output, byte for byte,
# with the expected output kept next to its source. Run from the build dir
# by `make check`, which sets top_srcdir.
#
# usage: examples.sh                 (make check)
#        examples.sh --wine SRCDIR   (make check-examples-wine: needs MINGW_CC
#                                     and WINE; builds each source with mingw-w64
#                                     and runs it under Wine)
#
# The examples are the names of examples/*.expected, or W32_EXAMPLE_NAMES.

mode=w32shim
if [ "${1-}" = --wine ]; then
    mode=wine
    top_srcdir=$2
fi
: "${top_srcdir:=.}"

if [ -z "${W32_EXAMPLE_NAMES-}" ]; then
    for f in "$top_srcdir"/examples/*.expected; do
        f=${f##*/}
        W32_EXAMPLE_NAMES="${W32_EXAMPLE_NAMES-} ${f%.expected}"
    done
fi

actual=$(mktemp) || exit 99
raw=$(mktemp) || exit 99
trap 'rm -f "$actual" "$raw"' EXIT
status=0

# compare LABEL EXPECTED RC: reports one run whose output is in $actual.
compare() {
    if [ "$3" -ne 0 ]; then
        echo "FAIL: $1 exited with status $3; its output:"
        cat "$actual"
        status=1
    elif ! diff -u "$2" "$actual"; then
        echo "FAIL: $1: output differs from $2"
        status=1
    else
        echo "PASS: $1"
    fi
}

# The build's flags and archives, to build the sources again as a porter would.
makefile_var() {
    sed -n "s/^$1 = //p" Makefile 2>/dev/null
}

# variant LABEL COMPILER FLAGS...: builds every example so, runs it, compares.
variant() {
    label=$1 compiler=$2
    shift 2
    for example in $W32_EXAMPLE_NAMES; do
        exe=examples/$example-$label
        if ! $compiler $(makefile_var CFLAGS) "$@" -I"$top_builddir/include" -I"$top_srcdir/include" -o "$exe" \
                "$top_srcdir/examples/$example.c" -x none .libs/libw32shim-wmain.a \
                .libs/libw32shim.a $(makefile_var LDFLAGS) -pthread > "$actual" 2>&1; then
            echo "FAIL: $exe does not build:"
            cat "$actual"
            status=1
            continue
        fi
        timeout 120 "./$exe" > "$actual"
        compare "$exe" "$top_srcdir/examples/$example.expected" $?
        rm -f "$exe"
    done
}

if [ "$mode" = w32shim ]; then
    for example in $W32_EXAMPLE_NAMES; do
        for build in "$example" "$example-w"; do
            timeout 120 "./examples/$build" > "$actual"
            compare "examples/$build" "$top_srcdir/examples/$example.expected" $?
        done
    done
    # Wide mode (-fshort-wchar -include w32shim_wchar.h) in C, and the same
    # sources as C++: narrow ANSI, narrow UNICODE (WCHAR is char16_t) and wide
    # UNICODE (WCHAR is a 2-byte wchar_t).
    wide="-fshort-wchar -include w32shim_wchar.h"
    unicode="-DUNICODE -D_UNICODE"
    cc=$(makefile_var CC)
    cxx=${CXX:-$(command -v g++ || command -v c++ || command -v clang++)}
    variant c-wide "${cc:-cc}" -x c $wide $unicode
    if [ -n "$cxx" ]; then
        variant cxx "$cxx" -x c++
        variant cxx-w "$cxx" -x c++ $unicode
        variant cxx-wide "$cxx" -x c++ $wide $unicode
    else
        echo "note: no C++ compiler: the examples are not built as C++"
    fi
    exit $status
fi

# Wine: msvcrt writes text-mode stdout with CRLF line ends; compare without CRs.
# __USE_MINGW_ANSI_STDIO=0 keeps msvcrt's printf, whose wide %s takes a wide
# string as the examples (written for Microsoft's C runtime) expect.
export WINEDEBUG=-all
WINEPREFIX=${WINEPREFIX:-$(pwd)/examples/wineprefix}
export WINEPREFIX
out=examples/wine
mkdir -p "$out"

# wine_one EXAMPLE BUILD: builds and runs one, its report in $exe.report.
wine_one() {
    example=$1 build=$2
    case $build in
    ansi)    exe=$out/$example.exe flags= ;;
    unicode) exe=$out/$example-w.exe flags='-municode -DUNICODE -D_UNICODE' ;;
    esac
    {
        if ! $MINGW_CC -O1 -Wall -D__USE_MINGW_ANSI_STDIO=0 $flags -o "$exe" \
                "$top_srcdir/examples/$example.c" 2>&1; then
            echo "FAIL: $exe: the mingw-w64 build failed"
        else
            timeout 300 $WINE "$exe" > "$raw" 2>"$exe.stderr"
            rc=$?
            tr -d '\r' < "$raw" > "$actual"
            compare "$exe under Wine" "$top_srcdir/examples/$example.expected" $rc
        fi
    } > "$exe.report"
}
if [ "${3-}" = --one ]; then
    wine_one "$4" "$5"
    exit 0
fi

# The first run alone (it makes the Wine prefix), the others on every CPU;
# the reports in order.
jobs=$(nproc 2>/dev/null || echo 2)
rm -f "$out"/*.report
for example in $W32_EXAMPLE_NAMES; do
    printf '%s ansi\n%s unicode\n' "$example" "$example"
done > "$out/runs"
head -n 1 "$out/runs" | xargs -L 1 sh "$0" --wine "$top_srcdir" --one
tail -n +2 "$out/runs" | xargs -P "$jobs" -L 1 sh "$0" --wine "$top_srcdir" --one
for example in $W32_EXAMPLE_NAMES; do
    for exe in "$out/$example.exe" "$out/$example-w.exe"; do
        if [ -f "$exe.report" ]; then
            cat "$exe.report"
            grep -q '^PASS: ' "$exe.report" || status=1
        else
            echo "FAIL: $exe: no report"
            status=1
        fi
    done
done
exit $status
