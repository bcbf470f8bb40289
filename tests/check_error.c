/* Placeholder: the error suite is being written. */
#include "testutil.h"

static Suite *error_suite(void)
{
    return suite_create("error");
}

W32_TEST_MAIN(error_suite)
