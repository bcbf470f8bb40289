#!/bin/sh
# Builds each conformance source with mingw-w64 and runs it under Wine.
# usage: run-wine.sh MINGW_CC WINE SRCDIR OUTDIR NAME...
# Each run's output goes to OUTDIR/NAME.wine.log, for report.sh.
set -u
cc=$1 wine=$2 src=$3 out=$4
shift 4
mkdir -p "$out"
export WINEDEBUG=-all
WINEPREFIX=${WINEPREFIX:-$(cd "$out" && pwd)/wineprefix}
export WINEPREFIX

status=0 passed=0 failed=0
for name; do
    exe=$out/$name.exe log=$out/$name.wine.log
    # Per-source compiler flags. wide.c tests MSVCRT's wide printf (%s is a
    # wide string in a wide call): mingw's C99 printf, its default for C99
    # and later, gives %s the ISO meaning (narrow), so ask for msvcrt's own.
    flags= libs=
    case $name in
    wide|crt_stdio) flags=-D__USE_MINGW_ANSI_STDIO=0 ;;
    # The ntdll functions are not in mingw-w64's default libraries.
    winternl) libs=-lntdll ;;
    # CommandLineToArgvW is shell32's.
    environ) libs=-lshell32 ;;
    esac
    if ! $cc -O1 -Wall $flags -o "$exe" "$src/$name.c" $libs; then
        echo "FAIL: $name: the mingw-w64 build failed"
        status=1
        continue
    fi
    timeout 300 $wine "$exe" 2>"$out/$name.wine.stderr" | tr -d '\r' > "$log"
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -z "$summary" ]; then
        echo "FAIL: $name under Wine: no summary line (crashed?)"
        cat "$log" "$out/$name.wine.stderr"
        status=1
        continue
    fi
    set -- $summary
    passed=$((passed + $1))
    failed=$((failed + $3))
    if [ "$3" -ne 0 ]; then
        echo "FAIL: $name under Wine: $summary"
        grep -E ': (check failed|now passes a todo check)' "$log"
        status=1
    else
        echo "PASS: $name under Wine: $summary"
    fi
done
echo "check-wine: $passed checks passed, $failed failed"
exit $status
