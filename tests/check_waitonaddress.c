/* Placeholder: the waitonaddress suite is being written. */
#include "testutil.h"

static Suite *waitonaddress_suite(void)
{
    return suite_create("waitonaddress");
}

W32_TEST_MAIN(waitonaddress_suite)
