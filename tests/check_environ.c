/* Placeholder: the environ suite is being written. */
#include "testutil.h"

static Suite *environ_suite(void)
{
    return suite_create("environ");
}

W32_TEST_MAIN(environ_suite)
