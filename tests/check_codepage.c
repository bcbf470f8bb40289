/* Placeholder: the codepage suite is being written. */
#include "testutil.h"

static Suite *codepage_suite(void)
{
    return suite_create("codepage");
}

W32_TEST_MAIN(codepage_suite)
