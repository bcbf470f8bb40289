#!/bin/sh
# Every integer constant our public headers define must have Windows' value:
# a native program built with our headers prints each one as a static
# assertion, which mingw-w64's own <windows.h> must then accept. Also checks
# the sizes of the base types and structures. Skipped (77) without mingw-w64.
set -u
: "${top_srcdir:?}" "${MINGW_CC:=}"
cc=${CC:-cc}
if [ -z "$MINGW_CC" ] || ! command -v "$MINGW_CC" >/dev/null; then
    echo "SKIP: no mingw-w64 compiler (Debian: gcc-mingw-w64-x86-64)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Object-like macros with a value, minus those that are not integers (the
# *_INIT initializers of SRWLOCK, CONDITION_VARIABLE, INIT_ONCE and the like).
sed -n 's/^#define \([A-Z][A-Z0-9_]*\) \+[^ {].*/\1/p' "$top_srcdir"/include/*.h |
    grep -v '_INIT$' |
    grep -v -x -e 'INVALID_HANDLE_VALUE' -e 'WINBASEAPI' -e 'VOID' -e 'CONST' \
        -e 'W32SHIM_[A-Z_]*' -e 'TEXT' -e '__TEXT' -e 'WINAPI' -e 'APIENTRY' \
        -e 'CALLBACK' -e 'NTAPI' -e 'MemoryBarrier' -e '[A-Z][A-Za-z]*[a-z][A-Za-z]*' |
    sort -u > "$tmp/names"
count=$(wc -l < "$tmp/names")

{
    echo '#include <windows.h>'
    echo '#include <stdio.h>'
    echo 'int main(void) {'
    while read -r name; do
        printf '    printf("#ifdef %s\\n_Static_assert((long long)(%s) == %%lldLL, \\"%s\\");\\n#endif\\n", (long long)(%s));\n' \
            "$name" "$name" "$name" "$name"
    done < "$tmp/names"
    for type in BOOL BYTE WORD DWORD LONG ULONG LONGLONG ULONGLONG WCHAR HANDLE \
                ULONG_PTR SIZE_T LARGE_INTEGER ULARGE_INTEGER SECURITY_ATTRIBUTES FILETIME; do
        printf '    printf("_Static_assert(sizeof(%s) == %%zu, \\"sizeof %s\\");\\n", sizeof(%s));\n' \
            "$type" "$type" "$type"
    done
    echo '    return 0;'
    echo '}'
} > "$tmp/gen.c"

if ! $cc -w -I"$top_srcdir/include" -o "$tmp/gen" "$tmp/gen.c"; then
    echo "FAIL: could not build the generator against our headers"
    exit 1
fi
"$tmp/gen" > "$tmp/check.c"
if ! $MINGW_CC -fsyntax-only -w -x c -include windows.h "$tmp/check.c" 2> "$tmp/errors"; then
    echo "FAIL: constants or sizes differ from mingw-w64's headers:"
    grep -o '"[^"]*"' "$tmp/errors" | sort -u
    exit 1
fi
echo "PASS: $count constants and 16 type sizes match mingw-w64's headers"
