/* Named objects: create-or-open by name, lookup, and removal with the object. */
#include <pthread.h>
#include <string.h>
#include "namespace.h"
#include "error.h"
#include "handle.h"
#include "unicode.h"

#define HASH_NONFATAL_OOM 1
#define uthash_nonfatal_oom(elt) (names_oom = 1)
#include <uthash.h>

struct w32_name {
    char *key;
    struct w32_object *obj;
    bool in_table;          /* false once a newer object took the name */
    UT_hash_handle hh;
};

/* Guards the name table, every entry's in_table, and names_oom. */
static pthread_mutex_t names_lock = PTHREAD_MUTEX_INITIALIZER;
static struct w32_name *names;
static int names_oom;

/*
 * The key of a kernel object name, or the error Windows gives for it. "Local\"
 * names the session namespace, where unprefixed names live too, so it is
 * dropped; "Global\" stays part of the key. Only those two directories exist:
 * another backslash names a directory that does not, an empty last component is
 * an invalid name, and a bare directory name is an object of another type.
 */
static DWORD name_key(const char *name, const char **key)
{
    static const char local[] = "Local\\", global[] = "Global\\";
    bool prefixed = false;
    const char *last;

    if (strncmp(name, local, sizeof(local) - 1) == 0) {
        name += sizeof(local) - 1;
        prefixed = true;
    }
    *key = last = name;
    if (strncmp(name, global, sizeof(global) - 1) == 0) {
        last = name + sizeof(global) - 1;
        prefixed = true;
    }
    if (strchr(last, '\\'))
        return ERROR_PATH_NOT_FOUND;
    if (*last == '\0')
        return ERROR_INVALID_NAME;
    if (!prefixed && (strcmp(last, "Local") == 0 || strcmp(last, "Global") == 0 ||
                      strcmp(last, "Session") == 0))
        return ERROR_INVALID_HANDLE;
    return ERROR_SUCCESS;
}

static struct w32_name *new_entry(const char *key, struct w32_object *obj)
{
    struct w32_name *entry = malloc(sizeof(*entry));

    if (entry && !(entry->key = strdup(key))) {
        free(entry);
        entry = NULL;
    }
    if (entry) {
        entry->obj = obj;
        entry->in_table = true;
    }
    return entry;
}

/*
 * The live object named key, referenced (*existing), or fresh published under
 * key. False when out of memory.
 */
static bool publish(const char *key, struct w32_object *fresh, struct w32_object **existing)
{
    struct w32_name *found = NULL, *replaced = NULL;
    struct w32_name *entry;

    *existing = NULL;
    pthread_mutex_lock(&names_lock);
    HASH_FIND_STR(names, key, found);
    if (found && w32_object_try_ref(found->obj)) {
        *existing = found->obj;
        pthread_mutex_unlock(&names_lock);
        return true;
    }
    /* A name whose object is being destroyed is free for a new object. */
    entry = new_entry(key, fresh);
    if (entry) {
        names_oom = 0;
        HASH_REPLACE_STR(names, key, entry, replaced);
        if (names_oom) {
            free(entry->key);
            free(entry);
            entry = NULL;
        } else {
            if (replaced)
                replaced->in_table = false;
            fresh->name = entry;
        }
    }
    pthread_mutex_unlock(&names_lock);
    return entry != NULL;
}

static HANDLE open_existing(struct w32_object *obj, const struct w32_object_type *type,
                            ACCESS_MASK access, BOOL inherit)
{
    if (obj->type != type) {
        w32_object_unref(obj);
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return w32_handle_create(obj, access, inherit);
}

HANDLE w32_named_create(struct w32_object *fresh, LPCSTR name, LPSECURITY_ATTRIBUTES sa,
                        ACCESS_MASK access)
{
    BOOL inherit = sa && sa->bInheritHandle;
    struct w32_object *existing;
    HANDLE h;

    if (name && *name) {
        const char *key;
        DWORD error = name_key(name, &key);
        if (error != ERROR_SUCCESS) {
            w32_object_unref(fresh);
            w32_set_error(error);
            return NULL;
        }
        if (!publish(key, fresh, &existing)) {
            w32_object_unref(fresh);
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        if (existing) {
            const struct w32_object_type *type = fresh->type;
            w32_object_unref(fresh);
            h = open_existing(existing, type, access, inherit);
            if (h)
                w32_set_error(ERROR_ALREADY_EXISTS);
            return h;
        }
    }
    h = w32_handle_create(fresh, access, inherit);
    if (h)
        w32_set_error(ERROR_SUCCESS);
    return h;
}

/* The access an Open* call may ask for: rights of the type, nothing else. */
static DWORD check_open_access(const struct w32_object_type *type, ACCESS_MASK access)
{
    ACCESS_MASK mapped = w32_object_map_access(type, access);

    if (access & ACCESS_SYSTEM_SECURITY)
        return ERROR_PRIVILEGE_NOT_HELD;
    if (mapped == 0 || (mapped & ~type->access.all))
        return ERROR_ACCESS_DENIED;
    return ERROR_SUCCESS;
}

HANDLE w32_named_open(const struct w32_object_type *type, LPCSTR name, ACCESS_MASK access,
                      BOOL inherit)
{
    struct w32_name *found = NULL;
    struct w32_object *obj = NULL;
    DWORD error;

    if (!name) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    /* The empty name is the object directory itself, of another type. */
    const char *key;
    error = *name ? name_key(name, &key) : ERROR_INVALID_HANDLE;
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return NULL;
    }
    pthread_mutex_lock(&names_lock);
    HASH_FIND_STR(names, key, found);
    if (found && w32_object_try_ref(found->obj))
        obj = found->obj;
    pthread_mutex_unlock(&names_lock);

    if (!obj) {
        w32_set_error(ERROR_FILE_NOT_FOUND);
        return NULL;
    }
    error = obj->type == type ? check_open_access(type, access) : ERROR_SUCCESS;
    if (error != ERROR_SUCCESS) {
        w32_object_unref(obj);
        w32_set_error(error);
        return NULL;
    }
    return open_existing(obj, type, access, inherit);
}

void w32_namespace_remove(struct w32_object *obj)
{
    struct w32_name *entry = obj->name;

    pthread_mutex_lock(&names_lock);
    if (entry->in_table)
        HASH_DEL(names, entry);
    pthread_mutex_unlock(&names_lock);
    free(entry->key);
    free(entry);
}

bool w32_name_to_utf8(LPCWSTR name, char **utf8)
{
    *utf8 = NULL;
    if (!name)
        return true;
    *utf8 = w32_utf16_to_utf8(name);
    if (!*utf8) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    return true;
}
