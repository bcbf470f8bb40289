/* Placeholder: the mutex suite is being written. */
#include "testutil.h"

static Suite *mutex_suite(void)
{
    return suite_create("mutex");
}

W32_TEST_MAIN(mutex_suite)
