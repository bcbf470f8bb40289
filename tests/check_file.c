/* Placeholder: the file suite is being written. */
#include "testutil.h"

static Suite *file_suite(void)
{
    return suite_create("file");
}

W32_TEST_MAIN(file_suite)
