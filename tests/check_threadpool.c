/* Placeholder: the threadpool suite is being written. */
#include "testutil.h"

static Suite *threadpool_suite(void)
{
    return suite_create("threadpool");
}

W32_TEST_MAIN(threadpool_suite)
