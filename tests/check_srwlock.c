/* Placeholder: the srwlock suite is being written. */
#include "testutil.h"

static Suite *srwlock_suite(void)
{
    return suite_create("srwlock");
}

W32_TEST_MAIN(srwlock_suite)
