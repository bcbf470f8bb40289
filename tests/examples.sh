#!/bin/sh
# Runs each ported Windows program and compares its output, byte for byte,
# with the expected output kept next to its source. Run from the build dir
# by `make check`, which sets top_srcdir.

: "${top_srcdir:=.}"
actual=$(mktemp) || exit 99
trap 'rm -f "$actual"' EXIT
status=0

for example in events_threads; do
    expected="$top_srcdir/examples/$example.expected"

    "./examples/$example" > "$actual"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL: examples/$example exited with status $rc; its output:"
        cat "$actual"
        status=1
    elif ! diff -u "$expected" "$actual"; then
        echo "FAIL: examples/$example: output differs from $expected"
        status=1
    else
        echo "PASS: examples/$example"
    fi
done

exit $status
