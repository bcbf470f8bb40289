/* Placeholder: the format suite is being written. */
#include "testutil.h"

static Suite *format_suite(void)
{
    return suite_create("format");
}

W32_TEST_MAIN(format_suite)
