/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/json.h"

static bool version_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c && strchr(".+~_-", c));
}

static bool hex64(const char *v, size_t n)
{
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
			return false;
	return true;
}

/* One "key=value" line into id; false when it is not one of ours or malformed. */
static bool take(const char *s, size_t n, struct ms_image_id *id, unsigned *seen)
{
	const char *eq = memchr(s, '=', n);
	if (!eq)
		return false;
	size_t kn = (size_t)(eq - s), vn = n - kn - 1;
	const char *v = eq + 1;
	static const char *const keys[] = {"version", "medium_sha256", "initrd_sha256"};
	char *dest[] = {id->version, id->medium_sha256, id->initrd_sha256};
	for (unsigned k = 0; k < 3; k++) {
		if (strlen(keys[k]) != kn || memcmp(keys[k], s, kn) != 0)
			continue;
		if (*seen & (1u << k))
			return false;
		if (k == 0) {
			if (vn == 0 || vn > 64)
				return false;
			for (size_t i = 0; i < vn; i++)
				if (!version_char(v[i]))
					return false;
		} else if (!hex64(v, vn)) {
			return false;
		}
		memcpy(dest[k], v, vn);
		dest[k][vn] = '\0';
		*seen |= 1u << k;
		return true;
	}
	return false;
}

int ms_image_id_parse(const char *text, size_t len, struct ms_image_id *id)
{
	memset(id, 0, sizeof *id);
	unsigned seen = 0;
	if (len > MS_IMAGE_ID_MAX)
		return -EINVAL;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
		if (n && !take(text + at, n, id, &seen)) {
			memset(id, 0, sizeof *id);
			return -EINVAL;
		}
		at += n + 1;
	}
	if (seen != 7u) {
		memset(id, 0, sizeof *id);
		return -EINVAL;
	}
	id->present = true;
	return 0;
}

int ms_image_id_load(const char *path, struct ms_image_id *id)
{
	memset(id, 0, sizeof *id);
	int fd = open(path ? path : MS_IMAGE_ID_PATH, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	struct stat sb;
	char buf[MS_IMAGE_ID_MAX + 1];
	ssize_t n = -1;
	int r = -EPERM;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == 0 && !(sb.st_mode & 022)) {
		n = read(fd, buf, sizeof buf);
		r = n < 0 ? -errno : n > MS_IMAGE_ID_MAX ? -EINVAL : ms_image_id_parse(buf, (size_t)n, id);
	}
	close(fd);
	return r;
}

struct ms_json *ms_image_id_json(const struct ms_image_id *id)
{
	if (!id || !id->present)
		return NULL;
	struct ms_json *img = ms_json_obj();
	ms_json_set_str(img, "version", id->version);
	ms_json_set_str(img, "medium_sha256", id->medium_sha256);
	ms_json_set_str(img, "initrd_sha256", id->initrd_sha256);
	return img;
}
