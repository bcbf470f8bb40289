/* Conformance: files (being written). */
#include "conformance.h"

static void test_placeholder(void)
{
    ok(1, "placeholder");
}

CONFORMANCE_MAIN(test_placeholder)
