/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Photographs of a physical destruction: only regular JPEG or PNG files are taken into a
 * signed record (by name, size and SHA-256) — never a symlink, a device, a directory, or
 * another file renamed (a symlink to /etc/shadow would otherwise be hashed and signed). */
#ifndef MS_REPORT_PHOTO_H
#define MS_REPORT_PHOTO_H

#include <stddef.h>
#include <stdint.h>

#include "custody.h"

/* The largest photo accepted (bytes): a camera's JPEG is a few MiB. */
#define MS_PHOTO_MAX ((uint64_t)64 << 20)

/* The image type of a file that starts with these bytes, if its name's extension says the
 * same (libharu loads by extension): "jpeg", "png", or NULL. Pure. */
const char *ms_photo_type(const char *name, const uint8_t *head, size_t n);

/* The largest photo decoded to check it (pixels): a 48-megapixel camera's. */
#define MS_PHOTO_MAX_PIXELS ((uint64_t)48 << 20)

/* Can the certificate's image loader take this file? A JPEG or PNG by its bytes and name;
 * a PNG is decoded whole first (libpng's simplified API, which reports errors instead of
 * aborting: libharu's PNG loader lets libpng abort the process on a damaged file). 0, or
 * -EINVAL / -EFBIG / -errno with why. */
int ms_photo_check_image(const char *path, char *why, size_t len);

/* Read the photo at path (not following a final symlink): fills ph (name, size, SHA-256
 * of the bytes read). Returns 0, or -errno / -EINVAL (not a JPEG or PNG) with why. */
int ms_photo_read(const char *path, struct ms_photo *ph, char *why, size_t len);

#endif
