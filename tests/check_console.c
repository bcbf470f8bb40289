/* Placeholder: the console suite is being written. */
#include "testutil.h"

static Suite *console_suite(void)
{
    return suite_create("console");
}

W32_TEST_MAIN(console_suite)
