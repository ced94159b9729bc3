/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "../report/db.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/atomic.h"
#include "../util/i18n.h"
#include "../util/util.h"

static const char *const key_names[MS_CFG_COUNT] = {
	[MS_CFG_ORGANISATION] = "organisation", [MS_CFG_OPERATOR] = "operator", [MS_CFG_WITNESS] = "witness",
	[MS_CFG_CONTRACT] = "contract", [MS_CFG_CONTRACTOR] = "contractor", [MS_CFG_PLACE] = "place",
	[MS_CFG_CLASS] = "class", [MS_CFG_KEY] = "key", [MS_CFG_DESTROY_BY] = "destroy-by",
	[MS_CFG_CAMERA] = "camera", [MS_CFG_MODE] = "mode", [MS_CFG_DRIVES] = "drives", [MS_CFG_UNFREEZE] = "unfreeze",
	[MS_CFG_AFTER] = "after", [MS_CFG_COLLECT] = "collect",
};

const char *ms_config_key_name(enum ms_config_key k)
{
	return k < MS_CFG_COUNT ? key_names[k] : "";
}

static int fail(struct ms_config *c, char *why, size_t wlen, const char *name, unsigned line, const char *what)
{
	memset(c, 0, sizeof *c);
	snprintf(why, wlen, "%s:%u: %s", name, line, what);
	return -EINVAL;
}

/* Bytes a value may not hold: control characters (a record's text is printed). */
static bool clean(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* A drives list: names (sda, nvme0n1) and serials, separated by blanks or commas. */
static bool drive_list(const char *v)
{
	if (strcmp(v, MS_CONFIG_ALL_DRIVES) == 0)
		return true;
	bool any = false;
	/* "all" names no drive; said so rather than matching nothing */
	if (strcmp(v, "all") == 0)
		return false;
	for (const char *p = v; *p; p++) {
		bool sep = *p == ' ' || *p == ',' || *p == '\t';
		if (!sep && !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      strchr("._:-", *p)))
			return false;
		any |= !sep;
	}
	return any;
}

/* The keys with a fixed set of values: NULL, or why the value is not one of them. */
static const char *choice(int k, struct ms_config *c)
{
	const char *v = c->v[k];
	switch (k) {
	case MS_CFG_MODE:
		c->unattended = strcmp(v, "unattended") == 0;
		return c->unattended || strcmp(v, "interactive") == 0 ? NULL : _("mode must be interactive or unattended");
	case MS_CFG_UNFREEZE:
		c->unfreeze = strcmp(v, "yes") == 0;
		return c->unfreeze || strcmp(v, "no") == 0 ? NULL : _("unfreeze must be yes or no");
	case MS_CFG_AFTER:
		c->wait = strcmp(v, "wait") == 0;
		return c->wait || strcmp(v, "poweroff") == 0 ? NULL : _("after must be poweroff or wait");
	case MS_CFG_DRIVES:
		return drive_list(v) ? NULL
				     : _("drives must be every-drive-except-boot-and-output, or device names and "
					 "serials separated by blanks or commas");
	case MS_CFG_COLLECT: {
		/* Checked as the station will connect: its TLS files beside this file, never named. */
		char why[300];
		return ms_db_uri_check(v, true, why, sizeof why) == 0
			       ? NULL
			       : _("collect must be a postgresql URI without a password, with sslmode=verify-full over the "
				   "network, naming no TLS file (db-ca.crt, db-station.crt, db-station.key lie beside this file)");
	}
	default: return NULL;
	}
}

/* One line, without its newline: blank, a comment, or key = value. */
static int take_line(const char *s, size_t n, const char *name, unsigned line, struct ms_config *c, bool *seen,
		     char *why, size_t wlen)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n == 0 || *s == '#')
		return 0;
	const char *eq = memchr(s, '=', n);
	if (!eq)
		return fail(c, why, wlen, name, line, _("expected 'key = value'"));
	size_t kn = (size_t)(eq - s), vn = n - kn - 1;
	const char *v = eq + 1;
	while (kn && (s[kn - 1] == ' ' || s[kn - 1] == '\t'))
		kn--;
	while (vn && (*v == ' ' || *v == '\t'))
		v++, vn--;
	int k = -1;
	for (int i = 0; i < MS_CFG_COUNT; i++)
		if (strlen(key_names[i]) == kn && memcmp(key_names[i], s, kn) == 0)
			k = i;
	if (k < 0)
		return fail(c, why, wlen, name, line, _("unknown key (see docs/station.md)"));
	if (seen[k])
		return fail(c, why, wlen, name, line, _("key given twice"));
	if (vn > MS_CONFIG_VALUE)
		return fail(c, why, wlen, name, line, _("value longer than 200 bytes"));
	if (!clean(v, vn))
		return fail(c, why, wlen, name, line, _("control characters in the value"));
	seen[k] = true;
	memcpy(c->v[k], v, vn);
	c->v[k][vn] = '\0';
	if (k == MS_CFG_KEY && strncmp(c->v[k], "pkcs11:", 7) == 0 && strstr(c->v[k], "module-path"))
		return fail(c, why, wlen, name, line, _("a key's module-path is given on the command line only"));
	if (k == MS_CFG_CLASS) {
		if (ms_class_parse(c->v[k], &c->cls))
			return fail(c, why, wlen, name, line, _("class must be mynumber, 3, 2 or 1"));
		c->cls_set = true;
	}
	const char *bad = choice(k, c);
	return bad ? fail(c, why, wlen, name, line, bad) : 0;
}

int ms_config_parse(const char *text, size_t len, const char *name, struct ms_config *c, char *why, size_t wlen)
{
	bool seen[MS_CFG_COUNT] = {false};
	memset(c, 0, sizeof *c);
	if (len > MS_CONFIG_MAX)
		return fail(c, why, wlen, name, 0, _("larger than 64 KiB"));
	if (memchr(text, '\0', len))
		return fail(c, why, wlen, name, 0, _("not a text file (NUL bytes)"));
	unsigned line = 0;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
		int r = take_line(text + at, n, name, ++line, c, seen, why, wlen);
		if (r)
			return r;
		at += n + 1;
	}
	return 0;
}

int ms_config_load(const char *path, struct ms_config *c, char *why, size_t wlen)
{
	memset(c, 0, sizeof *c);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(why, wlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	char *buf = malloc(MS_CONFIG_MAX + 1);
	size_t got = 0;
	ssize_t n = 0;
	while (buf && got <= MS_CONFIG_MAX && (n = read(fd, buf + got, MS_CONFIG_MAX + 1 - got)) > 0)
		got += (size_t)n;
	int e = n < 0 ? errno : 0;
	close(fd);
	if (!buf || e) {
		free(buf);
		snprintf(why, wlen, "%s: %s", path, strerror(buf ? e : ENOMEM));
		return buf ? -e : -ENOMEM;
	}
	int r = ms_config_parse(buf, got, path, c, why, wlen);
	free(buf);
	return r;
}

int ms_config_render(const struct ms_config *c, char *out, size_t len)
{
	size_t o = 0;
	int w = snprintf(out, len, "# massho station configuration / ステーションの設定 (docs/station.md)\n");
	if (w < 0 || (size_t)w >= len)
		return -ENOSPC;
	o = (size_t)w;
	for (int k = 0; k < MS_CFG_COUNT; k++) {
		if (!c->v[k][0])
			continue;
		w = snprintf(out + o, len - o, "%s = %s\n", key_names[k], c->v[k]);
		if (w < 0 || (size_t)w >= len - o)
			return -ENOSPC;
		o += (size_t)w;
	}
	return (int)o;
}

int ms_config_save(const char *path, const struct ms_config *c)
{
	char text[MS_CFG_COUNT * (MS_CONFIG_VALUE + 24) + 64], dir[PATH_MAX];
	int n = ms_config_render(c, text, sizeof text);
	if (n < 0)
		return n;
	ms_path_dir(path, dir, sizeof dir);
	const char *base = ms_path_base(path);
	return ms_atomic_write(dir, base, text, (size_t)n, 0600, 0);
}
