/* Placeholder: the stress suite is being written. */
#include "testutil.h"

static Suite *stress_suite(void)
{
    return suite_create("stress");
}

W32_TEST_MAIN(stress_suite)
