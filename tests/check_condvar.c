/* Placeholder: the condvar suite is being written. */
#include "testutil.h"

static Suite *condvar_suite(void)
{
    return suite_create("condvar");
}

W32_TEST_MAIN(condvar_suite)
