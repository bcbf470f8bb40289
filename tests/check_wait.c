/* Placeholder: the wait suite is being written. */
#include "testutil.h"

static Suite *wait_suite(void)
{
    return suite_create("wait");
}

W32_TEST_MAIN(wait_suite)
