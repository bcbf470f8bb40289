/* Placeholder: the namedpipe suite is being written. */
#include "testutil.h"

static Suite *namedpipe_suite(void)
{
    return suite_create("namedpipe");
}

W32_TEST_MAIN(namedpipe_suite)
