/* Placeholder: the interlocked suite is being written. */
#include "testutil.h"

static Suite *interlocked_suite(void)
{
    return suite_create("interlocked");
}

W32_TEST_MAIN(interlocked_suite)
