/* Placeholder: the semaphore suite is being written. */
#include "testutil.h"

static Suite *semaphore_suite(void)
{
    return suite_create("semaphore");
}

W32_TEST_MAIN(semaphore_suite)
