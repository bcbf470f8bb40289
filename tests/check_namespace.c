/* Placeholder: the namespace suite is being written. */
#include "testutil.h"

static Suite *namespace_suite(void)
{
    return suite_create("namespace");
}

W32_TEST_MAIN(namespace_suite)
