#!/bin/sh
# The public headers as a porter's build sees them. Every header compiles
# alone (with GCC) and all of them together (with GCC and Clang), in C and
# C++, narrow and wide (the flags of w32shim-wide.pc), with and without
# _WIN32 (as w32shim-cc defines it), under -Wall -Wextra -Wcast-qual -Werror (and
# -Wstrict-prototypes -Wc++-compat in C): no warning of ours may reach a
# porter's build; all of them together also compile at -O2 under the
# stricter warnings of real projects (zstd's). Together, they compile after
# a first line defining _GNU_SOURCE or _POSIX_C_SOURCE=200809L (whose functions must then be
# declared: neither the forced include of wide mode nor windows.h may fix
# the feature-test macros first), or nothing, in -std=c11, gnu17 and c++17.
# Then wide mode runs, in C and C++, with and without _WIN32, and the
# dialect conformance test runs built as C++.
# Skipped (77) in sanitizer builds, whose headers are the same, and without
# GCC; Clang is used when it is installed.
set -u
: "${top_srcdir:?}" "${top_builddir:=.}"
. "$top_srcdir/tests/scriptutil.sh"
skip_sanitizer_build "the headers"
if ! command -v gcc >/dev/null || ! command -v g++ >/dev/null; then
    echo "SKIP: gcc and g++ are needed"
    exit 77
fi
pairs="gcc:g++"
if command -v clang >/dev/null && command -v clang++ >/dev/null; then
    pairs="$pairs clang:clang++"
else
    echo "note: clang not found, testing with GCC only (Debian: clang)"
fi

include=$top_srcdir/include
built=$(cd "$top_builddir/include" && pwd)     # w32shim_version.h, made by configure
archive=$top_builddir/.libs/libw32shim.a
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
jobs=$(nproc 2>/dev/null || echo 2)
cwarn="-Wall -Wextra -Wstrict-prototypes -Wcast-qual -Wc++-compat -Werror"
cxxwarn="-Wall -Wextra -Wcast-qual -Werror"
wide="-fshort-wchar -include w32shim_wchar.h"
win32="-D_WIN32 -DWIN32 -D_WIN64 -DW32SHIM_EXPECT_WIN32"
headers=$( (cd "$include" && find . -name '*.h'; cd "$built" && find . -name '*.h') |
          sed 's|^\./||' | sort -u)

# One line per compilation: a label, then the command; run in parallel.
: > "$tmp/commands"
: > "$tmp/failed"
add()
{
    printf '%s\t%s\n' "$1" "$2" >> "$tmp/commands"
}

# Alone, a header shows whether it includes what it needs, which depends on
# the language, the mode and the target, not on the compiler: GCC alone
# builds these, and both compilers' warnings are checked on every header
# together below.
for header in $headers; do
    name=$(echo "$header" | tr '/.' '__')
    printf '#include <%s>\nextern int w32shim_header_test;\n' "$header" > "$tmp/alone_$name.c"
    for pair in gcc:g++; do
        cc=${pair%:*} cxx=${pair#*:}
        add "$header alone, $cc C" \
            "$cc -std=gnu17 $cwarn -fsyntax-only -I$built -I$include $tmp/alone_$name.c"
        add "$header alone, $cc C wide _WIN32" \
            "$cc -std=gnu17 $cwarn $wide $win32 -fsyntax-only -I$built -I$include $tmp/alone_$name.c"
        add "$header alone, $cxx C++" \
            "$cxx -std=c++17 $cxxwarn -fsyntax-only -I$built -I$include -x c++ $tmp/alone_$name.c"
        add "$header alone, $cxx C++ wide _WIN32" \
            "$cxx -std=c++17 $cxxwarn $wide $win32 -fsyntax-only -I$built -I$include -x c++ $tmp/alone_$name.c"
    done
done

# Microsoft's <string.h>, <stdio.h> and <stdlib.h> declare the wide functions
# of the C runtime beside the narrow ones: each is declared, in narrow mode
# too, by its Microsoft home alone.
for home in string.h:_wcsicmp string.h:_wcsnicmp string.h:_wcsdup string.h:wcscpy_s \
            string.h:_wcslwr stdio.h:_snwprintf stdio.h:_vsnwprintf stdio.h:swprintf_s \
            stdlib.h:_wtoi stdlib.h:_wtol; do
    header=${home%:*} fn=${home#*:}
    printf '#include <%s>\nextern __typeof__(&%s) w32shim_probe;\n__typeof__(&%s) w32shim_probe = &%s;\n' \
        "$header" "$fn" "$fn" "$fn" > "$tmp/home_$fn.c"
    for pair in $pairs; do
        cc=${pair%:*} cxx=${pair#*:}
        add "$fn from <$header> alone, $cc C" \
            "$cc -std=gnu17 $cwarn -fsyntax-only -I$built -I$include $tmp/home_$fn.c"
        add "$fn from <$header> alone, $cxx C++" \
            "$cxx -std=c++17 $cxxwarn -fsyntax-only -I$built -I$include -x c++ $tmp/home_$fn.c"
    done
done

# As in mingw-w64, <stdio.h> and <string.h> alone make uintptr_t and intptr_t
# reachable, and <stdint.h> after them agrees.
for header in stdio.h string.h; do
    name=$(echo "$header" | tr '.' '_')
    printf '#include <%s>\nextern uintptr_t w32shim_u;\nextern intptr_t w32shim_i;\n#include <stdint.h>\nuintptr_t w32shim_u;\nintptr_t w32shim_i;\n' \
        "$header" > "$tmp/uintptr_$name.c"
    for pair in $pairs; do
        cc=${pair%:*} cxx=${pair#*:}
        add "uintptr_t from <$header>, $cc C" \
            "$cc -std=c11 $cwarn -fsyntax-only -I$built -I$include $tmp/uintptr_$name.c"
        add "uintptr_t from <$header>, $cxx C++" \
            "$cxx -std=c++17 $cxxwarn -fsyntax-only -I$built -I$include -x c++ $tmp/uintptr_$name.c"
    done
done

# Windows' C runtime has no getopt: a program that declares its own, its own
# way, includes <io.h>, <process.h> and <direct.h> without a clash; one that
# includes <unistd.h> or <getopt.h> after them gets the C library's, as
# with MinGW.
printf '%s\n' '#include <io.h>' '#include <process.h>' '#include <direct.h>' \
    'int getopt(int argc, char **argv, char *opts);' \
    'int w32shim_probe(int argc, char **argv);' \
    'static char opts[] = "a";' \
    'int w32shim_probe(int argc, char **argv) { return getopt(argc, argv, opts) + chdir("."); }' \
    > "$tmp/getopt_own.c"
for next in unistd.h getopt.h; do
    name=$(echo "$next" | tr '.' '_')
    printf '%s\n' '#include <io.h>' "#include <$next>" \
        'int w32shim_probe(int argc, char **argv);' \
        'int w32shim_probe(int argc, char **argv) { return getopt(argc, argv, "a") + optind; }' \
        > "$tmp/getopt_$name.c"
done
for pair in $pairs; do
    cc=${pair%:*} cxx=${pair#*:}
    for src in getopt_own getopt_unistd_h getopt_getopt_h; do
        add "$src, $cc C" "$cc -std=gnu17 $cwarn -fsyntax-only -I$built -I$include $tmp/$src.c"
        add "$src, $cxx C++" \
            "$cxx -std=c++17 $cxxwarn -fsyntax-only -I$built -I$include -x c++ $tmp/$src.c"
    done
done

# Every header together, then the C library (or C++ library) headers whose
# parameter names clash with SAL words, then the feature-test probe.
together()
{
    feature=$1 out=$2 lang=$3
    {
        [ -n "$feature" ] && printf '#ifndef %s\n#define %s\n#endif\n' "${feature%% *}" "$feature"
        [ "$lang" = cxx ] && echo "#define NOMINMAX"
        for header in $headers; do
            echo "#include <$header>"
        done
        if [ "$lang" = cxx ]; then
            printf '#include <%s>\n' algorithm cstdio cstdlib cstring cwchar iostream map \
                memory mutex string thread vector
        else
            printf '#include <%s>\n' arpa/inet.h fcntl.h netinet/in.h pthread.h regex.h \
                stdio.h stdlib.h string.h sys/stat.h unistd.h wchar.h
        fi
        cat <<'EOF'
/* The headers never define the target macros themselves (w32shim_dialect.h). */
#if defined(_WIN32) != defined(W32SHIM_EXPECT_WIN32) || defined(WIN32) != defined(_WIN32) || \
    defined(_WIN64) != defined(_WIN32)
#error "a w32shim header defined or undefined _WIN32, WIN32 or _WIN64"
#endif
#if defined(_GNU_SOURCE)
const char *w32shim_probe(void) { return strchrnul("ab", 'b'); }
#elif defined(_POSIX_C_SOURCE)
size_t w32shim_probe(void) { return strnlen("ab", 1); }
#endif
int w32shim_wide_probe(void);
int w32shim_wide_probe(void)
{
    static const TCHAR text[] = TEXT("abc");
    static const WCHAR wide[] = W32SHIM_WTEXT("abc");
    return (int)(sizeof(text) / sizeof(text[0]) + sizeof(wide) / sizeof(wide[0]));
}
EOF
    } > "$out"
}

# Runs "$@" once per compiler pair, mode and target, with $cc, $cxx, $mode,
# $target and the flags of the mode ($flags) and target ($tflags) set.
each_build()
{
    for pair in $pairs; do
        cc=${pair%:*} cxx=${pair#*:}
        for mode in narrow wide; do
            flags=
            [ $mode = wide ] && flags=$wide
            for target in posix win32; do
                tflags=
                [ $target = win32 ] && tflags=$win32
                "$@"
            done
        done
    done
}
add_together()
{
    for std in c11 gnu17; do
        add "together, $cc -std=$std $mode $target, first line: ${feature:-nothing}" \
            "$cc -std=$std $cwarn $flags $tflags -fsyntax-only -I$built -I$include $tmp/together_$tag.c"
    done
    add "together, $cxx -std=c++17 $mode $target, first line: ${feature:-nothing}" \
        "$cxx -std=c++17 $cxxwarn $flags $tflags -fsyntax-only -I$built -I$include $tmp/together_$tag.cc"
}
for feature in "" "_GNU_SOURCE" "_POSIX_C_SOURCE 200809L"; do
    tag=$(echo "${feature:-none}" | tr ' ' '_')
    together "$feature" "$tmp/together_$tag.c" c
    together "$feature" "$tmp/together_$tag.cc" cxx
    each_build add_together
done

# Every header together, compiled to code at -O2 (so that warnings of the
# optimizer count) under the stricter warnings real projects build with
# (zstd's set, for one): headers must not force a porter to relax them.
strict_common="-Wall -Wextra -Wcast-qual -Wcast-align -Wshadow -Wstrict-aliasing=1 -Wundef
    -Wpointer-arith -Wformat=2 -Winit-self -Wfloat-equal -Wwrite-strings -Wredundant-decls
    -Wswitch-enum -Werror"
strict_c="$strict_common -Wdeclaration-after-statement -Wstrict-prototypes -Wvla
    -Wmissing-prototypes -Wc++-compat"
strict_cxx="$strict_common -Wmissing-declarations"
{
    for header in $headers; do
        echo "#include <$header>"
    done
    echo "extern int w32shim_header_test;"
} > "$tmp/strict.c"
add_strict()
{
    add "together at -O2 with strict warnings, $cc $mode $target" \
        "$cc -std=gnu17 -O2 $(echo $strict_c) $flags $tflags -c -o /dev/null -I$built -I$include $tmp/strict.c"
    add "together at -O2 with strict warnings, $cxx $mode $target" \
        "$cxx -std=c++17 -O2 $(echo $strict_cxx) $flags $tflags -c -o /dev/null -I$built -I$include -x c++ $tmp/strict.c"
}
each_build add_strict

# Each command's output goes to its own file; a failure is listed with it.
awk -F '\t' '{ print NR "\t" $2 }' "$tmp/commands" |
    xargs -P "$jobs" -L 1 sh -c 'n=$1; shift; "$@" > "'"$tmp"'/out.$n" 2>&1 || echo "$n" >> "'"$tmp"'/failed"' sh
status=0
total=$(wc -l < "$tmp/commands")
if [ -s "$tmp/failed" ]; then
    status=1
    for n in $(sort -n "$tmp/failed"); do
        echo "FAIL: $(sed -n "${n}p" "$tmp/commands" | cut -f 1)"
        echo "  $(sed -n "${n}p" "$tmp/commands" | cut -f 2)"
        sed 's/^/  /' "$tmp/out.$n" | head -n 20
    done
fi
echo "compiled: $total header configurations, $(wc -l < "$tmp/failed") failed"

# Wide mode at run time: L"..." strings through the mapped names, with and
# without _WIN32, in C and C++.
cat > "$tmp/wide.c" <<'EOF'
#include <windows.h>
#include <tchar.h>
#include <stdio.h>
#include <wchar.h>
#include <wctype.h>
int main(void)
{
    wchar_t buf[32];
    const wchar_t *eq;
    LPCWSTR text = L"abcdef";
    int n = swprintf(buf, 32, L"%s=%d", L"x", 12);

    eq = wcschr(buf, L'=');
    if (wcslen(text) != 6 || lstrlenW(text) != 6 || n != 4 || wcslen(buf) != 4)
        return 1;
    if (!eq || eq - buf != 1 || wcscmp(buf, L"x=12") != 0 || towupper(L'q') != L'Q')
        return 2;
    if (sizeof(TEXT("ab")) != 3 * sizeof(WCHAR) || sizeof(_T("ab")) != 3 * sizeof(WCHAR))
        return 3;
    return _wcsicmp(L"ABC", L"abc") == 0 && wcsstr(text, L"cd") == text + 2 ? 0 : 4;
}
EOF
runs=0
for pair in $pairs; do
    cc=${pair%:*} cxx=${pair#*:}
    for target in posix win32; do
        tflags=
        [ $target = win32 ] && tflags=$win32
        for lang in c c++; do
            compiler=$cc std=-std=gnu17
            [ $lang = c++ ] && compiler=$cxx std=-std=c++17
            label="wide mode runs: $compiler $lang $target"
            runs=$((runs + 1))
            if ! $compiler $std -x $lang $wide $tflags -DUNICODE -D_UNICODE -I"$built" -I"$include" \
                    -o "$tmp/wide" "$tmp/wide.c" -x none "$archive" -pthread > "$tmp/wide.log" 2>&1; then
                echo "FAIL: $label: does not build"
                sed 's/^/  /' "$tmp/wide.log" | head -n 20
                status=1
            elif ! "$tmp/wide"; then
                echo "FAIL: $label: exit $?"
                status=1
            fi
        done
    done
done
echo "ran: $runs wide-mode programs"

# The dialect conformance test, built as C++ (make check builds it as C).
for pair in $pairs; do
    cxx=${pair#*:}
    runs=$((runs + 1))
    if ! $cxx -std=c++17 $cxxwarn -I"$built" -I"$include" -x c++ -o "$tmp/dialect" \
            "$top_srcdir/tests/conformance/dialect.c" -x none "$archive" -pthread \
            > "$tmp/dialect.log" 2>&1; then
        echo "FAIL: tests/conformance/dialect.c as C++ with $cxx: does not build"
        sed 's/^/  /' "$tmp/dialect.log" | head -n 20
        status=1
    elif ! "$tmp/dialect" > "$tmp/dialect.out"; then
        echo "FAIL: tests/conformance/dialect.c as C++ with $cxx:"
        grep -v ': ok$' "$tmp/dialect.out"
        status=1
    fi
done

[ "$status" -eq 0 ] && echo "PASS: headers.sh" || echo "FAIL: headers.sh"
exit "$status"
