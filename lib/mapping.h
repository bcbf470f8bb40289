/*
 * What the file functions ask of the file mappings (mapping.c): whether a
 * mapping of this process holds a file, which Windows then refuses to
 * shorten, delete or replace.
 */
#ifndef W32_MAPPING_H
#define W32_MAPPING_H

#include <stdbool.h>
#include <sys/types.h>
#include <windows.h>

/* Whether a file mapping of this process (with or without views) holds the file dev/ino. */
bool w32_mapping_holds(dev_t dev, ino_t ino);

/* Whether a view of this process maps the file dev/ino. */
bool w32_mapping_viewed(dev_t dev, ino_t ino);

/* Whether making the file open on fd size bytes long would shorten a mapped file. */
bool w32_mapping_refuses_resize(int fd, LONGLONG size);

#endif
