#!/bin/sh
# Every integer constant our public headers define must have Windows' value:
# a native program built with our headers prints each one as a static
# assertion, which mingw-w64's own <windows.h> must then accept. Also checks
# the sizes of the base types and structures. Skipped (77) without mingw-w64.
set -u
: "${top_srcdir:?}" "${top_builddir:=.}" "${MINGW_CC:=}"
cc=${CC:-cc}
if [ -z "$MINGW_CC" ] || ! command -v "$MINGW_CC" >/dev/null; then
    echo "SKIP: no mingw-w64 compiler (Debian: gcc-mingw-w64-x86-64)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Object-like macros with a value; the compiler then keeps those that are
# integer constant expressions (not types such as STARTUPINFO, nor the *_INIT
# initializers): each name sits on its own line, and a line with an error
# drops its name.
sed -n 's/^#define \([A-Z][A-Z0-9_]*\) \+[^ {].*/\1/p' "$top_srcdir"/include/*.h |
    grep -v -x -e 'WINBASEAPI' -e 'W32SHIM_[A-Z_]*' -e 'WINAPI' -e 'APIENTRY' \
        -e 'CALLBACK' -e 'NTAPI' -e 'VOID' -e 'CONST' |
    sort -u > "$tmp/candidates"
{
    echo '#include <windows.h>'
    sed 's/.*/enum { probe_& = (int)sizeof(char[(long long)(&) == (long long)(&) ? 1 : 1]) };/' \
        "$tmp/candidates"
} > "$tmp/probe.c"
$cc -fsyntax-only -w -I"$top_builddir/include" -I"$top_srcdir/include" "$tmp/probe.c" 2> "$tmp/probe.err"
sed -n 's/^[^:]*probe\.c:\([0-9]*\):.*/\1/p' "$tmp/probe.err" | sort -un > "$tmp/bad_lines"
awk 'NR == FNR { bad[$1 - 1] = 1; next } !(FNR in bad)' "$tmp/bad_lines" "$tmp/candidates" \
    > "$tmp/names"
count=$(wc -l < "$tmp/names")

types="BOOL BYTE WORD DWORD LONG ULONG LONGLONG ULONGLONG WCHAR HANDLE ULONG_PTR SIZE_T
       LARGE_INTEGER ULARGE_INTEGER SECURITY_ATTRIBUTES FILETIME SYSTEM_INFO
       MEMORY_BASIC_INFORMATION MEM_EXTENDED_PARAMETER SYSTEMTIME TIME_ZONE_INFORMATION
       DYNAMIC_TIME_ZONE_INFORMATION WIN32_FILE_ATTRIBUTE_DATA BY_HANDLE_FILE_INFORMATION
       FILE_BASIC_INFO FILE_STANDARD_INFO FILE_ID_INFO FILE_ATTRIBUTE_TAG_INFO FILE_END_OF_FILE_INFO
       CACHE_DESCRIPTOR SYSTEM_LOGICAL_PROCESSOR_INFORMATION SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX
       PROCESSOR_RELATIONSHIP NUMA_NODE_RELATIONSHIP CACHE_RELATIONSHIP GROUP_RELATIONSHIP
       MEMORYSTATUSEX OSVERSIONINFOA OSVERSIONINFOW OSVERSIONINFOEXA OSVERSIONINFOEXW
       IO_COUNTERS JOBOBJECT_BASIC_LIMIT_INFORMATION JOBOBJECT_EXTENDED_LIMIT_INFORMATION
       JOBOBJECT_BASIC_ACCOUNTING_INFORMATION JOBOBJECT_CPU_RATE_CONTROL_INFORMATION
       EXCEPTION_RECORD EXCEPTION_POINTERS CONTEXT XMM_SAVE_AREA32 M128A"
{
    echo '#include <windows.h>'
    echo '#include <stdio.h>'
    echo 'int main(void) {'
    while read -r name; do
        printf '    printf("#ifdef %s\\n_Static_assert((long long)(%s) == %%lldLL, \\"%s\\");\\n#endif\\n", (long long)(%s));\n' \
            "$name" "$name" "$name" "$name"
    done < "$tmp/names"
    for type in $types; do
        printf '    printf("_Static_assert(sizeof(%s) == %%zu, \\"sizeof %s\\");\\n", sizeof(%s));\n' \
            "$type" "$type" "$type"
    done
    echo '    return 0;'
    echo '}'
} > "$tmp/gen.c"

if ! $cc -w -I"$top_builddir/include" -I"$top_srcdir/include" -o "$tmp/gen" "$tmp/gen.c"; then
    echo "FAIL: could not build the generator against our headers"
    exit 1
fi
"$tmp/gen" > "$tmp/check.c"
if ! $MINGW_CC -fsyntax-only -w -x c -include windows.h "$tmp/check.c" 2> "$tmp/errors"; then
    echo "FAIL: constants or sizes differ from mingw-w64's headers:"
    grep -o '"[^"]*"' "$tmp/errors" | sort -u
    exit 1
fi
echo "PASS: $count constants and $(echo $types | wc -w) type sizes match mingw-w64's headers"
