#!/bin/sh
# What a distribution packages and a porter uses: `make install DESTDIR=...`
# gives a tree with the headers, both static archives, the shared library
# with its soname, the pkg-config files, the CMake package and toolchain
# file, the compiler drivers and the man page; from that tree (moved away
# from its prefix, as a staging tree is), the drivers and the CMake files
# build examples/textstats, a multi-file Windows program with #ifdef _WIN32
# branches and Windows-only link flags, unchanged: by its Makefile (make
# CC=w32shim-cc), by Autoconf (./configure CC=w32shim-cc) and by CMake with the
# toolchain file; and a CMake project of L"..." literals in C++ builds with
# find_package(w32shim) and w32shim::wide. Each program runs and prints what
# it prints on Windows.
# Skipped (77) in sanitizer builds, whose archives programs built without
# the sanitizer cannot link. Autoconf and CMake are used when installed.
set -u
: "${top_srcdir:?}" "${top_builddir:=.}"
. "$top_srcdir/tests/scriptutil.sh"
skip_sanitizer_build "the installation"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
fail()
{
    echo "FAIL: $*"
    status=1
}

stage=$tmp/stage
if ! ${MAKE:-make} -C "$top_builddir" install DESTDIR="$stage" > "$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    echo "FAIL: make install DESTDIR=... failed"
    exit 1
fi
prefix=$stage$(makefile_var prefix)
# The variables hold ${prefix}-relative values: let the shell expand them as make would.
expand()
{
    prefix_v=$(makefile_var prefix)
    exec_prefix_v=$(makefile_var exec_prefix | sed "s|\${prefix}|$prefix_v|")
    makefile_var "$1" | sed -e "s|\${exec_prefix}|$exec_prefix_v|" -e "s|\${prefix}|$prefix_v|" \
                            -e "s|\${datarootdir}|$prefix_v/share|"
}
bindir=$stage$(expand bindir)
libdir=$stage$(expand libdir)
includedir=$stage$(expand includedir)
mandir=$stage$(expand mandir)

# ---- the tree ----
for f in "$bindir/w32shim-cc" "$bindir/w32shim-c++" "$includedir/w32shim/windows.h" \
         "$includedir/w32shim/w32shim_version.h" "$includedir/w32shim/io.h" \
         "$includedir/w32shim/sys/stat.h" "$libdir/libw32shim.a" "$libdir/libw32shim-wmain.a" \
         "$libdir/pkgconfig/w32shim.pc" "$libdir/pkgconfig/w32shim-wide.pc" \
         "$libdir/cmake/w32shim/w32shim-config.cmake" \
         "$libdir/cmake/w32shim/w32shim-config-version.cmake" \
         "$libdir/cmake/w32shim/w32shim-toolchain.cmake" "$mandir/man7/w32shim.7"; do
    [ -f "$f" ] || fail "the installed tree lacks ${f#$stage}"
done
[ -x "$bindir/w32shim-cc" ] && [ -x "$bindir/w32shim-c++" ] || fail "the drivers are not executable"
soname=$(${OBJDUMP:-objdump} -p "$libdir/libw32shim.so" 2>/dev/null | sed -n 's/^ *SONAME *//p')
case $soname in
libw32shim.so.[0-9]*) [ -f "$libdir/$soname" ] || fail "$soname, the soname, is not installed" ;;
*) fail "libw32shim.so has no versioned soname ($soname)" ;;
esac
version=$(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --modversion w32shim 2>/dev/null)
[ "$version" = "$(makefile_var PACKAGE_VERSION)" ] ||
    fail "w32shim.pc says version $version, configure.ac $(makefile_var PACKAGE_VERSION)"
echo "ok: the installed tree (soname $soname, version $version)"

# ---- examples/textstats, three ways ----
printf 'one two\nthree\n' > "$tmp/a.txt"
printf 'alpha beta gamma\n' > "$tmp/b.txt"
cat > "$tmp/expected" <<'EOF'
file 1: 2 lines, 3 words, 14 bytes
file 2: 1 lines, 3 words, 17 bytes
total: 3 lines, 6 words, 31 bytes
built for Windows
EOF

# fresh NAME: a copy of the example's sources in $tmp/NAME.
fresh()
{
    mkdir "$tmp/$1" && cp "$top_srcdir"/examples/textstats/* "$tmp/$1/"
}

# runs LABEL PROGRAM: runs it on the two files and compares its output.
runs()
{
    if [ ! -x "$2" ]; then
        fail "$1: no program was built"
    elif ! (cd "$tmp" && "$2" a.txt b.txt) > "$tmp/out" 2>&1 || ! cmp -s "$tmp/expected" "$tmp/out"; then
        fail "$1: the program's output differs:"
        diff -u "$tmp/expected" "$tmp/out"
    else
        echo "ok: $1"
    fi
}

fresh make
if ${MAKE:-make} -C "$tmp/make" CC="$bindir/w32shim-cc" > "$tmp/make.log" 2>&1; then
    grep -q 'dropped' "$tmp/make.log" && fail "the driver dropped an option the Makefile needs:" &&
        cat "$tmp/make.log"
    runs "make CC=w32shim-cc builds the Makefile project" "$tmp/make/textstats.exe"
else
    fail "make CC=w32shim-cc:"
    cat "$tmp/make.log"
fi

# The libraries of Windows that w32shim provides functions of are linked
# silently (advapi32's tokens, shell32's CommandLineToArgvW); one it provides
# nothing of is dropped with a note.
cat > "$tmp/libs.c" <<'EOF'
#include <windows.h>
#include <shellapi.h>
int main(void)
{
    HANDLE token;
    int argc = 0;
    LPWSTR *argv = CommandLineToArgvW(L"prog one", &argc);

    if (!argv || argc != 2 || !OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return 1;
    LocalFree(argv);
    return CloseHandle(token) ? 0 : 1;
}
EOF
if ! "$bindir/w32shim-cc" -fshort-wchar -o "$tmp/libs" "$tmp/libs.c" -ladvapi32 -lshell32 -lkernel32 \
        > "$tmp/libs.log" 2>&1 || ! "$tmp/libs"; then
    fail "a program of advapi32 and shell32 functions:"
    cat "$tmp/libs.log"
elif grep -q 'note' "$tmp/libs.log"; then
    fail "the driver dropped -ladvapi32 or -lshell32 as if w32shim provided nothing of them:"
    cat "$tmp/libs.log"
elif ! "$bindir/w32shim-cc" -fshort-wchar -o "$tmp/libs" "$tmp/libs.c" -lws2_32 2>&1 |
        grep -q -- '-lws2_32 dropped'; then
    fail "the driver dropped -lws2_32 without a note"
else
    echo "ok: -ladvapi32 and -lshell32 link w32shim, -lws2_32 is dropped with a note"
fi

if command -v autoconf > /dev/null; then
    fresh autoconf
    if (cd "$tmp/autoconf" && autoconf && ./configure CC="$bindir/w32shim-cc" &&
        ${MAKE:-make}) > "$tmp/autoconf.log" 2>&1; then
        runs "./configure CC=w32shim-cc builds the Autoconf project" "$tmp/autoconf/textstats"
    else
        fail "the Autoconf project:"
        cat "$tmp/autoconf.log"
    fi
else
    echo "note: no autoconf: the Autoconf project is not built"
fi

if command -v cmake > /dev/null; then
    fresh cmake
    if (cmake -S "$tmp/cmake" -B "$tmp/cmake/build" \
            -DCMAKE_TOOLCHAIN_FILE="$libdir/cmake/w32shim/w32shim-toolchain.cmake" &&
        cmake --build "$tmp/cmake/build") > "$tmp/cmake.log" 2>&1; then
        runs "the CMake project builds with the toolchain file" "$tmp/cmake/build/textstats"
    else
        fail "the CMake project with the toolchain file:"
        cat "$tmp/cmake.log"
    fi

    # find_package(w32shim): a C++ program of L"..." literals, in wide mode.
    mkdir "$tmp/package"
    cat > "$tmp/package/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.13)
project(widecxx CXX)
find_package(w32shim 0.1 REQUIRED)
add_executable(widecxx main.cpp)
target_link_libraries(widecxx PRIVATE w32shim::wide)
EOF
    cat > "$tmp/package/main.cpp" <<'EOF'
#define NOMINMAX
#include <windows.h>
#include <cstdio>
#include <cwchar>

int main()
{
    LPCWSTR text = L"w32shim";
    wchar_t buf[32];
    HANDLE event = CreateEventW(nullptr, TRUE, FALSE, L"widecxx");

    std::swprintf(buf, 32, L"%s-%d", text, 7);
    if (!event || std::wcslen(buf) != 9 || std::wcscmp(buf, L"w32shim-7") != 0)
        return 1;
    CloseHandle(event);
    std::printf("%s\n", W32SHIM_VERSION);
    return 0;
}
EOF
    if (cmake -S "$tmp/package" -B "$tmp/package/build" -DCMAKE_PREFIX_PATH="$prefix" &&
        cmake --build "$tmp/package/build") > "$tmp/package.log" 2>&1; then
        if [ "$("$tmp/package/build/widecxx")" = "$version" ]; then
            echo "ok: find_package(w32shim) and w32shim::wide build a C++ program of L\"\" literals"
        else
            fail "the find_package(w32shim) program does not run as it should"
        fi
    else
        fail "the find_package(w32shim) project:"
        cat "$tmp/package.log"
    fi
else
    echo "note: no cmake: the CMake projects are not built"
fi

[ "$status" -eq 0 ] && echo "PASS: install.sh" || echo "FAIL: install.sh"
exit "$status"
