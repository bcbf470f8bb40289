/* Placeholder: the fls suite is being written. */
#include "testutil.h"

static Suite *fls_suite(void)
{
    return suite_create("fls");
}

W32_TEST_MAIN(fls_suite)
