/* Placeholder: the apc suite is being written. */
#include "testutil.h"

static Suite *apc_suite(void)
{
    return suite_create("apc");
}

W32_TEST_MAIN(apc_suite)
