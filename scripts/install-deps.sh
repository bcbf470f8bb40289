#!/bin/sh
# Installs what building and testing w32shim needs, from Debian's packages,
# unless it is all there already. Needs root (or sudo) to install.
set -eu

have_all() {
    command -v autoreconf >/dev/null && command -v libtoolize >/dev/null &&
    command -v pkg-config >/dev/null && command -v make >/dev/null &&
    command -v cc >/dev/null && command -v objcopy >/dev/null &&
    command -v c++ >/dev/null && command -v clang >/dev/null &&
    command -v cmake >/dev/null &&
    pkg-config --exists check && pkg-config --exists liburing && [ -f /usr/include/uthash.h ] &&
    command -v x86_64-w64-mingw32-gcc >/dev/null && command -v wine >/dev/null
}

have_all && exit 0

# mingw-w64 and Wine run the conformance tests against a real Win32 (make check-wine);
# clang compiles the headers a second way (tests/headers.sh); CMake builds a
# project with w32shim's CMake package and toolchain file (tests/install.sh).
packages="build-essential autoconf automake libtool pkg-config uthash-dev check liburing-dev
          gcc-mingw-w64-x86-64 wine wine64 clang cmake"
if [ "$(id -u)" -eq 0 ]; then
    as_root=
elif command -v sudo >/dev/null; then
    as_root=sudo
else
    echo "install-deps: need root to install: $packages" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
$as_root apt-get install -y -qq --no-install-recommends $packages >/dev/null
have_all
