/* Placeholder: the wide suite is being written. */
#include "testutil.h"

static Suite *wide_suite(void)
{
    return suite_create("wide");
}

W32_TEST_MAIN(wide_suite)
