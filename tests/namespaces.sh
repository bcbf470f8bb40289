#!/bin/sh
# Nothing outlives the processes that held it: runs after every other test
# of the build (tests/Makefile.inc makes its log wait for theirs). Each test
# had a namespace directory of its own (AM_TESTS_ENVIRONMENT), and every
# process of every test has ended, so once a sweep has taken what killed
# processes left (as the next process to name an object would), each
# directory must be empty. A named object, a pipe's record or a process
# record still there outlived every process that held it, or a test left a
# process running. Empty directories are removed, so the suite leaves
# nothing behind in /dev/shm; one with something left stays, to be looked at.
set -u
: "${top_builddir:?}" "${XDG_RUNTIME_DIR:?}"
ns=$(dirname "$XDG_RUNTIME_DIR")
status=0 checked=0
for dir in "$ns"/*/w32shim; do
    [ -d "$dir" ] || continue
    test_dir=$(dirname "$dir")
    [ "$test_dir" = "$XDG_RUNTIME_DIR" ] && continue
    checked=$((checked + 1))
    if [ -n "$(ls -A "$dir")" ] &&
       ! XDG_RUNTIME_DIR=$test_dir "$top_builddir/tests/nssweep"; then
        status=1
    fi
    left=$(ls -A "$dir")
    if [ -n "$left" ]; then
        echo "FAIL: left in the namespace of $(basename "$test_dir"):"
        ls -la "$dir"
        status=1
    else
        rmdir "$dir"
    fi
done
# Every test's directory that is empty now, this script's own included.
rmdir "$ns"/* "$ns" 2>/dev/null
echo "$checked namespaces checked"
if [ "$checked" -eq 0 ]; then
    echo "FAIL: no test's namespace found under $ns"
    status=1
fi
exit $status
