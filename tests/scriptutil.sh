# Sourced by the script tests that build programs the way a porter does.
# makefile_var NAME: the value of NAME in the build tree's Makefile.
makefile_var()
{
    sed -n "s/^$1 = //p" "$top_builddir/Makefile" 2>/dev/null
}

# skip_sanitizer_build WHAT: skips (77) in a sanitizer build, whose archives
# programs built without the sanitizer cannot link, and whose headers are the
# plain build's; the plain build tests WHAT.
skip_sanitizer_build()
{
    case $(makefile_var CFLAGS) in
    *-fsanitize*) echo "SKIP: a sanitizer build; the plain build tests $1"; exit 77 ;;
    esac
}
