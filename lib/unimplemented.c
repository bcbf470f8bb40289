/*
 * Functions our headers declare but w32shim does not implement yet. Each one
 * fails cleanly with ERROR_CALL_NOT_IMPLEMENTED and is listed in doc/api.md.
 */
#include "error.h"

static void not_implemented(void)
{
    w32_set_error(ERROR_CALL_NOT_IMPLEMENTED);
}

/* The failure value of a function that makes a handle, the error set. */
static HANDLE not_implemented_handle(HANDLE failure)
{
    not_implemented();
    return failure;
}

static BOOL not_implemented_bool(void)
{
    not_implemented();
    return FALSE;
}

/* Memory resource notifications: a waitable object set by memory pressure. */
HANDLE WINAPI CreateMemoryResourceNotification(MEMORY_RESOURCE_NOTIFICATION_TYPE NotificationType)
{
    return not_implemented_handle(NULL);
}

BOOL WINAPI QueryMemoryResourceNotification(HANDLE ResourceNotificationHandle,
                                            PBOOL ResourceState)
{
    return not_implemented_bool();
}
