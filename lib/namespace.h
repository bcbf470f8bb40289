/* Named objects: one table of names for the process. */
#ifndef W32_NAMESPACE_H
#define W32_NAMESPACE_H

#include <stdlib.h>
#include "object.h"

/*
 * Returns a handle to fresh, published under name (NULL or "": unnamed), or
 * to the object already known by that name (last error ERROR_ALREADY_EXISTS;
 * fresh is dropped). A name held by another type fails with
 * ERROR_INVALID_HANDLE. Consumes the reference on fresh.
 */
HANDLE w32_named_create(struct w32_object *fresh, LPCSTR name, LPSECURITY_ATTRIBUTES sa,
                        ACCESS_MASK access);

/* A new handle to the object of type named name (the Open* functions). */
HANDLE w32_named_open(const struct w32_object_type *type, LPCSTR name, ACCESS_MASK access,
                      BOOL inherit);

/*
 * The object behind fd, a shared object of kind in the namespace's file
 * called file, passed by the parent (w32_shared_open_for_child) or another
 * process (DuplicateHandle); referenced and known by its name: the object
 * the process holds already under that name, if any (fd then closed). NULL
 * if fd is not one (left open).
 */
struct w32_object *w32_named_adopt(int fd, const char *file, unsigned kind);

/* The object types with shared objects (their files). */
extern const struct w32_object_type *const w32_shared_event_type;
extern const struct w32_object_type *const w32_shared_mutex_type;
extern const struct w32_object_type *const w32_shared_semaphore_type;
extern const struct w32_object_type *const w32_shared_timer_type;
extern const struct w32_object_type *const w32_shared_mapping_type;

/* obj's last reference is gone: its name goes with it. */
void w32_namespace_remove(struct w32_object *obj);

/*
 * *utf8 = a malloc'd UTF-8 copy of name (NULL for NULL); false, error set,
 * when out of memory or longer than an object name may be (32767 units).
 */
bool w32_name_to_utf8(LPCWSTR name, char **utf8);

/* Whether the name the calling thread passes now came through a W function:
 * A functions take names of at most MAX_PATH characters, W ones longer. */
void w32_name_is_wide(bool wide);

/* The body of a W function whose A twin takes the name as UTF-8. */
#define W32_WITH_UTF8_NAME(var, wname, call) \
    char *var; \
    if (!w32_name_to_utf8((wname), &var)) \
        return NULL; \
    w32_name_is_wide(true); \
    HANDLE w32_result_ = (call); \
    w32_name_is_wide(false); \
    free(var); \
    return w32_result_

#endif
