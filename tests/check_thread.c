/* Placeholder: the thread suite is being written. */
#include "testutil.h"

static Suite *thread_suite(void)
{
    return suite_create("thread");
}

W32_TEST_MAIN(thread_suite)
