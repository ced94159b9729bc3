/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot image's identity: which build of the massho image erased the drive (an old or
 * wrong image shows; it is self-measured, so no defence against a deliberately changed
 * image: the certificate's signature vouches for the certificate). The image's /init
 * measures the medium it booted from (the SHA-256 of the ISO's bytes, which equals the
 * published SHA-256 of massho.iso, and of the initramfs on it) and writes them to
 * MS_IMAGE_ID_PATH (root's tmpfs); every record massho writes on that system carries them
 * under "tool.image" (docs/boot-image.md, docs/record-format.md). Not run from the image:
 * no file, nothing recorded.
 *
 *   version=0.9.0
 *   medium_sha256=<64 hex>
 *   initrd_sha256=<64 hex>
 *
 * The parser is pure and bounded (fuzz target fuzz_image). */
#ifndef MS_REPORT_IMAGE_H
#define MS_REPORT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#define MS_IMAGE_ID_PATH "/run/massho/image"
#define MS_IMAGE_ID_MAX 1024

struct ms_image_id {
	bool present;
	char version[65];         /* [0-9A-Za-z.+~_-], 1..64 */
	char medium_sha256[65];   /* lower-case hex */
	char initrd_sha256[65];
};

/* Parse text (len bytes, not NUL-terminated). Every key once, all three present; anything
 * else is -EINVAL (id is then cleared). */
int ms_image_id_parse(const char *text, size_t len, struct ms_image_id *id);

/* Read path (MS_IMAGE_ID_PATH unless given). A missing file: 0 with id->present false. A
 * file not owned by root, writable by others than root, or malformed: -EPERM / -EINVAL
 * (nothing recorded: a record must not carry a claim anyone could have written). */
int ms_image_id_load(const char *path, struct ms_image_id *id);

struct ms_json;
/* {"version", "medium_sha256", "initrd_sha256"} for a record's "tool.image"; NULL when
 * the identity is not present (or on ENOMEM). */
struct ms_json *ms_image_id_json(const struct ms_image_id *id);

#endif
