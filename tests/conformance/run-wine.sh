#!/bin/sh
# Builds each conformance source with mingw-w64 and runs it under Wine.
# usage: run-wine.sh MINGW_CC WINE SRCDIR OUTDIR NAME...
# Each run's output goes to OUTDIR/NAME.wine.log, for report.sh. The first
# runs alone (it makes the Wine prefix), the others on every CPU; what each
# says is printed in the order of the names.
set -u
cc=$1 wine=$2 src=$3 out=$4
shift 4
mkdir -p "$out"
export WINEDEBUG=-all
WINEPREFIX=${WINEPREFIX:-$(cd "$out" && pwd)/wineprefix}
export WINEPREFIX

# One source: its report in OUTDIR/NAME.wine.report, its counts ("passed
# failed") in OUTDIR/NAME.wine.result.
run_one() {
    name=$1
    exe=$out/$name.exe log=$out/$name.wine.log
    report=$out/$name.wine.report result=$out/$name.wine.result
    rm -f "$result"
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
    if ! $cc -O1 -Wall $flags -o "$exe" "$src/$name.c" $libs > "$report" 2>&1; then
        echo "FAIL: $name: the mingw-w64 build failed" >> "$report"
        return
    fi
    # Wine itself fails now and then on a loaded machine (wineserver has
    # answered CreateProcess with ERROR_INTERNAL_ERROR once in some hundred
    # runs): a source that fails runs once more, and what the first run
    # said stays in the report. An expectation Wine does not meet fails twice.
    for attempt in 1 2; do
        timeout 300 $wine "$exe" 2>"$out/$name.wine.stderr" | tr -d '\r' > "$log"
        summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
        case $summary in
        *" passed, 0 failed") break ;;
        esac
        if [ $attempt = 1 ]; then
            echo "RETRY: $name under Wine: ${summary:-no summary line}; running it again" >> "$report"
            grep -E ': (check failed|now passes a todo check)' "$log" >> "$report"
        fi
    done
    if [ -z "$summary" ]; then
        {
            echo "FAIL: $name under Wine: no summary line (crashed?)"
            cat "$log" "$out/$name.wine.stderr"
        } >> "$report"
        return
    fi
    set -- $summary
    if [ "$3" -ne 0 ]; then
        echo "FAIL: $name under Wine: $summary" >> "$report"
        grep -E ': (check failed|now passes a todo check)' "$log" >> "$report"
    else
        echo "PASS: $name under Wine: $summary" >> "$report"
    fi
    echo "$1 $3" > "$result"
}

if [ "$#" -ge 2 ] && [ "$1" = --one ]; then
    run_one "$2"
    exit 0
fi

names="$*"
if [ "$#" -gt 0 ]; then
    run_one "$1"
    shift
fi
if [ "$#" -gt 0 ]; then
    jobs=$(nproc 2>/dev/null || echo 2)
    printf '%s\n' "$@" |
        xargs -P "$jobs" -I{} sh "$0" "$cc" "$wine" "$src" "$out" --one {}
fi

status=0 passed=0 failed=0
for name in $names; do
    cat "$out/$name.wine.report"
    if [ ! -s "$out/$name.wine.result" ]; then
        status=1
        continue
    fi
    set -- $(cat "$out/$name.wine.result")
    passed=$((passed + $1))
    failed=$((failed + $2))
    [ "$2" -eq 0 ] || status=1
done
echo "check-wine: $passed checks passed, $failed failed"
exit $status
