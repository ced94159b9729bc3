/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot image's identity file (report/image.c): written by the image's /init, but read
 * by every record's writer, so parsed as hostile. A parse that succeeds must hold only
 * what the format allows (a bounded version, lower-case hex), and render into a record. */
#include "fuzz.h"

#include "../../report/image.h"
#include "../../util/json.h"

static bool hex64(const char *s)
{
	size_t n = strlen(s);
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_image_id id;
	/* The parser takes a length: no terminator is read. */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	int r = ms_image_id_parse((const char *)copy, size, &id);
	free(copy);
	if (r == 0) {
		if (!id.present || !hex64(id.medium_sha256) || !hex64(id.initrd_sha256) || !id.version[0] ||
		    strlen(id.version) > 64)
			abort();
		struct ms_json *j = ms_image_id_json(&id);
		if (!j)
			abort();
		ms_json_free(j);
	} else if (id.present || id.version[0]) {
		abort(); /* a refused file leaves nothing behind */
	}
	return 0;
}
