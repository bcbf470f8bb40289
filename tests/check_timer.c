/* Placeholder: the timer suite is being written. */
#include "testutil.h"

static Suite *timer_suite(void)
{
    return suite_create("timer");
}

W32_TEST_MAIN(timer_suite)
