/* Placeholder: the handle suite is being written. */
#include "testutil.h"

static Suite *handle_suite(void)
{
    return suite_create("handle");
}

W32_TEST_MAIN(handle_suite)
