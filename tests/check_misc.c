/* Placeholder: the misc suite is being written. */
#include "testutil.h"

static Suite *misc_suite(void)
{
    return suite_create("misc");
}

W32_TEST_MAIN(misc_suite)
