/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "photo.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <png.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/i18n.h"
#include "../util/util.h"

static bool ends_with(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);
	return n > e && strcasecmp(name + n - e, ext) == 0;
}

const char *ms_photo_type(const char *name, const uint8_t *head, size_t n)
{
	static const uint8_t png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	if (n >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
		return ends_with(name, ".jpg") || ends_with(name, ".jpeg") ? "jpeg" : NULL;
	if (n >= sizeof png && memcmp(head, png, sizeof png) == 0)
		return ends_with(name, ".png") ? "png" : NULL;
	return NULL;
}

static int png_decodes(const char *path, char *why, size_t len);

static bool ends_png(const char *name)
{
	return ends_with(name, ".png");
}

/* Hash the open file from its start, checking the type on its first bytes. */
static int hash_fd(int fd, const char *name, struct ms_photo *ph, char *why, size_t len)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t buf[65536], dig[32];
	uint64_t total = 0;
	int r = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) ? 0 : -ENOMEM;
	ssize_t got;
	while (!r && (got = read(fd, buf, sizeof buf)) != 0) {
		if (got < 0) {
			r = errno == EINTR ? 0 : -errno;
			continue;
		}
		if (!total && !ms_photo_type(name, buf, (size_t)got)) {
			snprintf(why, len, N_("is not a JPEG or PNG image (or its name's extension says otherwise)"));
			r = -EINVAL;
		}
		total += (uint64_t)got;
		if (!r && total > MS_PHOTO_MAX) {
			snprintf(why, len, N_("is larger than %llu MiB"), (unsigned long long)(MS_PHOTO_MAX >> 20));
			r = -EFBIG;
		}
		if (!r)
			EVP_DigestUpdate(md, buf, (size_t)got);
	}
	if (!r && !total) {
		snprintf(why, len, N_("is empty"));
		r = -EINVAL;
	}
	if (!r) {
		EVP_DigestFinal_ex(md, dig, NULL);
		ms_hex(dig, sizeof dig, ph->sha256);
		ph->bytes = (unsigned long long)total;
	} else if (!why[0]) {
		snprintf(why, len, N_("cannot read the photo: %s"), strerror(-r));
	}
	EVP_MD_CTX_free(md);
	return r;
}

int ms_photo_read(const char *path, struct ms_photo *ph, char *why, size_t len)
{
	why[0] = '\0';
	memset(ph, 0, sizeof *ph);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		int e = errno;
		snprintf(why, len, "%s", e == ELOOP ? N_("is a symbolic link: give the photo file itself") : strerror(e));
		return -e;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		snprintf(why, len, N_("is not a regular file"));
		return -EINVAL;
	}
	ms_strlcpy(ph->name, ms_path_base(path), sizeof ph->name);
	int r = hash_fd(fd, ph->name, ph, why, len);
	close(fd);
	/* hash_fd checked the type; a PNG the certificate could not embed is not taken either */
	return r || !ends_png(ph->name) ? r : png_decodes(path, why, len);
}

/* Decode the whole PNG (to one byte a pixel: a damaged stream fails the same). */
static int png_decodes(const char *path, char *why, size_t len)
{
	png_image img;
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path)) {
		snprintf(why, len, N_("is not a readable PNG image (%s)"), img.message);
		return -EINVAL;
	}
	if ((uint64_t)img.width * img.height > MS_PHOTO_MAX_PIXELS) {
		png_image_free(&img);
		snprintf(why, len, N_("has more than %llu megapixels"), (unsigned long long)(MS_PHOTO_MAX_PIXELS >> 20));
		return -EFBIG;
	}
	img.format = PNG_FORMAT_GRAY;
	size_t size = PNG_IMAGE_SIZE(img);
	void *buf = malloc(size ? size : 1);
	int ok = buf && png_image_finish_read(&img, NULL, buf, 0, NULL);
	if (!ok)
		snprintf(why, len, N_("is not a readable PNG image (%s)"), buf ? img.message : strerror(ENOMEM));
	free(buf);
	png_image_free(&img);
	return ok ? 0 : -EINVAL;
}

int ms_photo_check_image(const char *path, char *why, size_t len)
{
	uint8_t head[8] = {0};
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, len, "%s", strerror(errno));
		return -errno;
	}
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	const char *type = n > 0 ? ms_photo_type(path, head, (size_t)n) : NULL;
	if (!type) {
		snprintf(why, len, N_("is not a JPEG or PNG image (or its name's extension says otherwise)"));
		return -EINVAL;
	}
	return strcmp(type, "png") == 0 ? png_decodes(path, why, len) : 0;
}
