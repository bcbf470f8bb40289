/* Placeholder: the strings suite is being written. */
#include "testutil.h"

static Suite *strings_suite(void)
{
    return suite_create("strings");
}

W32_TEST_MAIN(strings_suite)
