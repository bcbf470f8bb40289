/* The handle table: HANDLE values -> referenced objects, access masks, flags. */
#ifndef W32_HANDLE_H
#define W32_HANDLE_H

#include "object.h"

#define W32_PSEUDO_PROCESS ((HANDLE)(LONG_PTR)-1)
#define W32_PSEUDO_THREAD ((HANDLE)(LONG_PTR)-2)

/*
 * Gives obj a new handle. Consumes the caller's reference in every case: on
 * failure (NULL, last error set) the reference is dropped.
 */
HANDLE w32_handle_create(struct w32_object *obj, ACCESS_MASK access, BOOL inherit);

/*
 * The object behind h, referenced, if it is of type (NULL: any type) and the
 * handle grants every right in access. Pseudo-handles resolve to the current
 * process and thread. Otherwise NULL, with ERROR_INVALID_HANDLE or
 * ERROR_ACCESS_DENIED set.
 */
struct w32_object *w32_handle_get(HANDLE h, const struct w32_object_type *type,
                                  ACCESS_MASK access);

/*
 * The same for a caller inside a read section (w32_read_lock), which takes no
 * reference: the object stays readable until w32_read_unlock(), though its
 * last handle may be closed meanwhile (the fast paths of signal and wait,
 * whose types tolerate that). NULL, with the last error set, as w32_handle_get.
 */
struct w32_object *w32_handle_peek(HANDLE h, const struct w32_object_type *type,
                                   ACCESS_MASK access);

/* One handle as the table holds it. */
struct w32_handle_info {
    HANDLE value;
    struct w32_object *obj;
    ACCESS_MASK access;
    DWORD flags;
};

/*
 * Every handle marked HANDLE_FLAG_INHERIT (each shard read under its lock):
 * fills *out (malloc'd; the objects referenced) and returns their number, or
 * (size_t)-1 out of memory. The caller drops the references and frees *out.
 */
size_t w32_handle_inheritable(struct w32_handle_info **out);

/*
 * Gives obj the handle value another process chose (its parent's, for an
 * inherited handle). Consumes the caller's reference on success; on failure
 * (value malformed or in use: ERROR_INVALID_HANDLE) the caller keeps it.
 */
/* Takes what a w32shim parent passed (inherit.h), if not done yet: every
 * handle operation does it first; ExitProcess too, to report its code. */
void w32_handle_adopt_inherited(void);
/* Takes out of the table the handles other processes closed
 * (DUPLICATE_CLOSE_SOURCE), which no lookup finds already: at handle
 * calls and before a wait sleeps, with no lock held. A load if none. */
void w32_handle_close_asked(void);
/* The same, unless the calling thread holds a lock of the library's or is
 * in a read section (then it leaves them for a later call). */
void w32_handle_close_asked_if_unlocked(void);
/* The calling thread is one of the library's own: what it closes could wait
 * for it, so it never closes what others closed. */
void w32_handle_never_close_asked(void);
/* Takes what other processes sent, now, if anything came (xproc.h): the
 * handles, and the processes that joined our jobs (job.h). A load if none.
 * No lock held. */
void w32_handle_take_sent(void);
bool w32_handle_create_at(HANDLE value, struct w32_object *obj, ACCESS_MASK access,
                          DWORD flags);

#endif
