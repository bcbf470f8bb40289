/* Placeholder: the pipe suite is being written. */
#include "testutil.h"

static Suite *pipe_suite(void)
{
    return suite_create("pipe");
}

W32_TEST_MAIN(pipe_suite)
