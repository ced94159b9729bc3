/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "emu.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/util.h"

struct profile {
	const char *name, *model, *serial_prefix, *firmware, *vendor;
	enum ms_medium medium;
	enum ms_transport transport;
	uint32_t logical, physical;
	bool rotational, removable;
	uint64_t capacity;
};

static const struct profile profiles[] = {
	{"sata-hdd", "MASSHO EMU HDD 7200", "EMUHDD", "EMU1.0", "ATA", MS_MEDIUM_HDD,
	 MS_TRANSPORT_SATA, 512, 4096, true, false, 256ull << 20},
	{"sata-ssd", "MASSHO EMU SATA SSD", "EMUSSD", "EMU1.0", "ATA", MS_MEDIUM_SSD,
	 MS_TRANSPORT_SATA, 512, 4096, false, false, 256ull << 20},
	{"nvme-ssd", "MASSHO EMU NVMe SSD", "EMUNVM", "EMU1.0", "", MS_MEDIUM_NVME,
	 MS_TRANSPORT_NVME, 512, 512, false, false, 256ull << 20},
	{"usb-flash", "MASSHO EMU USB Flash", "EMUUSB", "1.00", "MASSHO", MS_MEDIUM_USB_FLASH,
	 MS_TRANSPORT_USB, 512, 512, false, true, 64ull << 20},
};

const char *const ms_emu_profile_names[] = {"sata-hdd", "sata-ssd", "nvme-ssd", "usb-flash", NULL};

static int why_set(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int why_set(char *why, size_t len, const char *fmt, ...)
{
	if (why && len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static const struct profile *find_profile(const char *name)
{
	for (size_t i = 0; i < MS_ARRAY_SIZE(profiles); i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

static void apply_profile(struct ms_emu_config *c, const struct profile *p)
{
	ms_strlcpy(c->profile, p->name, sizeof c->profile);
	ms_strlcpy(c->model, p->model, sizeof c->model);
	ms_strlcpy(c->firmware, p->firmware, sizeof c->firmware);
	ms_strlcpy(c->vendor, p->vendor, sizeof c->vendor);
	c->medium = p->medium;
	c->transport = p->transport;
	c->logical = p->logical;
	c->physical = p->physical;
	c->rotational = p->rotational;
	c->removable = p->removable;
}

static int parse_u64(const char *v, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long x = strtoull(v, &end, 0);
	if (errno || end == v || *end)
		return -EINVAL;
	*out = x;
	return 0;
}

/* One key=value. The profile key must come first in a profile file (it resets). */
static int set_key(struct ms_emu_config *c, const char *k, const char *v, const char *base_dir,
		   char *why, size_t whylen)
{
	uint64_t n, m;
	if (strcmp(k, "profile") == 0) {
		const struct profile *p = find_profile(v);
		if (!p)
			return why_set(why, whylen, "unknown profile '%s' (known: sata-hdd, sata-ssd, nvme-ssd, usb-flash)", v);
		apply_profile(c, p);
	} else if (strcmp(k, "image") == 0) {
		if (v[0] != '/' && base_dir)
			snprintf(c->image, sizeof c->image, "%s/%s", base_dir, v);
		else
			ms_strlcpy(c->image, v, sizeof c->image);
	} else if (strcmp(k, "model") == 0) {
		ms_strlcpy(c->model, v, sizeof c->model);
	} else if (strcmp(k, "serial") == 0) {
		ms_strlcpy(c->serial, v, sizeof c->serial);
	} else if (strcmp(k, "firmware") == 0) {
		ms_strlcpy(c->firmware, v, sizeof c->firmware);
	} else if (strcmp(k, "wwn") == 0) {
		ms_strlcpy(c->wwn, v, sizeof c->wwn);
	} else if (strcmp(k, "capacity") == 0) {
		if (ms_parse_size(v, &c->capacity) || !c->capacity)
			return why_set(why, whylen, "capacity '%s' is not a size", v);
	} else if (strcmp(k, "logical") == 0 || strcmp(k, "physical") == 0) {
		if (parse_u64(v, &n) || (n != 512 && n != 4096))
			return why_set(why, whylen, "%s sector size must be 512 or 4096, not '%s'", k, v);
		*(k[0] == 'l' ? &c->logical : &c->physical) = (uint32_t)n;
	} else if (strcmp(k, "bad") == 0) {
		char *dash = strchr(v, '-');
		char a[32] = "", b[32] = "";
		ms_strlcpy(a, v, dash && (size_t)(dash - v) < sizeof a ? (size_t)(dash - v) + 1 : sizeof a);
		if (dash)
			ms_strlcpy(b, dash + 1, sizeof b);
		if (parse_u64(a, &n) || (dash && (parse_u64(b, &m) || m < n)))
			return why_set(why, whylen, "bad LBA range '%s' is not FIRST[-LAST]", v);
		if (c->faults.nbad == MS_EMU_MAX_BAD)
			return why_set(why, whylen, "at most %d bad ranges", MS_EMU_MAX_BAD);
		c->faults.bad[c->faults.nbad].first = n;
		c->faults.bad[c->faults.nbad++].last = dash ? m : n;
	} else if (strcmp(k, "transient") == 0) {
		if (parse_u64(v, &c->faults.transient_lba))
			return why_set(why, whylen, "transient LBA '%s' is not a number", v);
		c->faults.transient_set = true;
		c->faults.transient_count = 1;
	} else if (strcmp(k, "flip") == 0) {
		if (parse_u64(v, &c->faults.flip_offset))
			return why_set(why, whylen, "flip offset '%s' is not a number", v);
		c->faults.flip_set = true;
	} else {
		return why_set(why, whylen, "unknown key '%s'", k);
	}
	return 0;
}

static int parse_profile_file(const char *path, struct ms_emu_config *c, char *why, size_t whylen)
{
	char *text;
	int r = ms_read_file(path, &text, NULL, 1 << 16);
	if (r)
		return why_set(why, whylen, "%s: cannot read profile: %s", path, strerror(-r));
	char dirbuf[PATH_MAX];
	ms_strlcpy(dirbuf, path, sizeof dirbuf);
	const char *base = dirname(dirbuf);
	int lineno = 0;
	char *save = NULL;
	r = 0;
	for (char *line = strtok_r(text, "\n", &save); line && !r; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		ms_trim(line);
		if (!*line)
			continue;
		char *eq = strchr(line, '=');
		if (!eq) {
			r = why_set(why, whylen, "%s:%d: expected key=value", path, lineno);
			break;
		}
		*eq = '\0';
		char sub[200] = "";
		r = set_key(c, ms_trim(line), ms_trim(eq + 1), base, sub, sizeof sub);
		if (r)
			why_set(why, whylen, "%s:%d: %s", path, lineno, sub);
	}
	free(text);
	return r;
}

int ms_emu_parse(const char *spec, struct ms_emu_config *c, char *why, size_t whylen)
{
	memset(c, 0, sizeof *c);
	if (strncmp(spec, "emu:", 4) == 0)
		spec += 4;
	char buf[1024];
	ms_strlcpy(buf, spec, sizeof buf);
	char *opts = strchr(buf, ',');
	if (opts)
		*opts++ = '\0';
	char *colon = strchr(buf, ':');
	int r;
	if (colon) {
		*colon = '\0';
		if ((r = set_key(c, "profile", buf, NULL, why, whylen)))
			return r;
		if (!colon[1])
			return why_set(why, whylen, "emu:%s: no image file given (emu:PROFILE:IMAGE)", buf);
		set_key(c, "image", colon + 1, NULL, why, whylen);
	} else {
		apply_profile(c, &profiles[0]);
		if ((r = parse_profile_file(buf, c, why, whylen)))
			return r;
		if (!c->image[0])
			return why_set(why, whylen, "%s: the profile names no image", buf);
	}
	char *save = NULL;
	for (char *o = opts ? strtok_r(opts, ",", &save) : NULL; o; o = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(o, '=');
		if (!eq)
			return why_set(why, whylen, "option '%s' is not key=value", o);
		*eq = '\0';
		if (strcmp(o, "profile") == 0 || strcmp(o, "image") == 0)
			return why_set(why, whylen, "'%s' cannot be given as an option", o);
		if ((r = set_key(c, o, eq + 1, NULL, why, whylen)))
			return r;
	}
	return 0;
}

/* The serial of an emulated drive is stable per image: a profile prefix plus the start
 * of the SHA-256 of the image's absolute path, so two images are two drives. */
static void default_serial(struct ms_emu_config *c)
{
	const struct profile *p = find_profile(c->profile);
	char abs[PATH_MAX], hex[65];
	if (!realpath(c->image, abs)) {
		char dirbuf[PATH_MAX], namebuf[PATH_MAX], d[PATH_MAX];
		ms_strlcpy(dirbuf, c->image, sizeof dirbuf);
		ms_strlcpy(namebuf, c->image, sizeof namebuf);
		if (realpath(dirname(dirbuf), d))
			snprintf(abs, sizeof abs, "%s/%s", d, basename(namebuf));
		else
			ms_strlcpy(abs, c->image, sizeof abs);
	}
	ms_sha256_hex(abs, strlen(abs), hex);
	snprintf(c->serial, sizeof c->serial, "%s%.10s", p ? p->serial_prefix : "EMU", hex);
	for (char *s = c->serial; *s; s++)
		if (*s >= 'a' && *s <= 'f')
			*s = (char)(*s - 'a' + 'A');
}

int ms_emu_describe(const char *spec, struct ms_device *d, char *why, size_t whylen)
{
	struct ms_emu_config c;
	int r = ms_emu_parse(spec, &c, why, whylen);
	if (r)
		return r;
	memset(d, 0, sizeof *d);
	ms_strlcpy(d->path, spec, sizeof d->path);
	struct stat st;
	uint64_t cap = c.capacity;
	if (stat(c.image, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return why_set(why, whylen, "%s: the image must be a regular file", c.image), -ENOTBLK;
		if (!cap && st.st_size > 0)
			cap = (uint64_t)st.st_size;
	}
	if (!cap)
		cap = find_profile(c.profile)->capacity;
	if (cap % c.logical)
		return why_set(why, whylen, "%s: capacity %llu is not a multiple of the %u-byte sector",
			       c.image, (unsigned long long)cap, c.logical);
	if (!c.serial[0])
		default_serial(&c);
	d->medium = c.medium;
	d->transport = c.transport;
	d->emulated = true;
	ms_strlcpy(d->model, c.model, sizeof d->model);
	ms_strlcpy(d->serial, c.serial, sizeof d->serial);
	ms_strlcpy(d->firmware, c.firmware, sizeof d->firmware);
	ms_strlcpy(d->wwn, c.wwn, sizeof d->wwn);
	ms_strlcpy(d->vendor, c.vendor, sizeof d->vendor);
	ms_strlcpy(d->backing_file, c.image, sizeof d->backing_file);
	d->logical_sector = c.logical;
	d->physical_sector = c.physical < c.logical ? c.logical : c.physical;
	d->capacity = cap;
	d->rotational = c.rotational;
	d->removable = c.removable;
	return ms_device_identity_update(d);
}

/* ---- the drive ---------------------------------------------------------------- */

struct emu_priv {
	int fd;
	pthread_mutex_t lock;  /* fault state is touched by the reader and writer threads */
	struct ms_emu_faults f;
};

static struct emu_priv *EP(struct ms_xport *x) { return x->priv; }

struct ms_emu_faults *ms_emu_faults(struct ms_xport *x)
{
	return x && x->ops && strcmp(x->ops->name, "emu") == 0 ? &EP(x)->f : NULL;
}

/* Returns -EIO when the LBA span [first, last] hits an armed fault. */
static int check_faults(struct ms_xport *x, uint64_t off, size_t len)
{
	struct emu_priv *p = EP(x);
	uint64_t first = off / x->dev.logical_sector;
	uint64_t last = (off + len - 1) / x->dev.logical_sector;
	int r = 0;
	pthread_mutex_lock(&p->lock);
	for (size_t i = 0; i < p->f.nbad; i++)
		if (p->f.bad[i].first <= last && p->f.bad[i].last >= first)
			r = -EIO;
	if (!r && p->f.transient_set && p->f.transient_count && p->f.transient_lba >= first &&
	    p->f.transient_lba <= last) {
		p->f.transient_count--;
		r = -EIO;
	}
	pthread_mutex_unlock(&p->lock);
	return r;
}

static int emu_read(struct ms_xport *x, void *buf, size_t len, uint64_t off)
{
	if (off + len > x->dev.capacity)
		return -ENXIO;
	int r = check_faults(x, off, len);
	if (r)
		return r;
	ssize_t n = pread(EP(x)->fd, buf, len, (off_t)off);
	if (n < 0)
		return -errno;
	if ((size_t)n < len) /* sparse tail of a short image reads as zeros */
		memset((char *)buf + n, 0, len - (size_t)n);
	return 0;
}

static int emu_write(struct ms_xport *x, const void *buf, size_t len, uint64_t off)
{
	if (x->no_act)
		return 0;
	if (off + len > x->dev.capacity)
		return -ENXIO;
	int r = check_faults(x, off, len);
	if (r)
		return r;
	struct emu_priv *p = EP(x);
	ssize_t n = pwrite(p->fd, buf, len, (off_t)off);
	if (n < 0)
		return -errno;
	if ((size_t)n != len)
		return -EIO;
	pthread_mutex_lock(&p->lock);
	bool flip = p->f.flip_set && p->f.flip_offset >= off && p->f.flip_offset < off + len;
	if (flip)
		p->f.flip_set = false;
	pthread_mutex_unlock(&p->lock);
	if (flip) {
		unsigned char c = ((const unsigned char *)buf)[p->f.flip_offset - off] ^ 0xFF;
		if (pwrite(p->fd, &c, 1, (off_t)p->f.flip_offset) != 1)
			return -EIO;
	}
	return 0;
}

static int emu_flush(struct ms_xport *x)
{
	if (x->no_act)
		return 0;
	return fdatasync(EP(x)->fd) < 0 ? -errno : 0;
}

static int emu_zeroout(struct ms_xport *x, uint64_t off, uint64_t len)
{
	if (x->no_act)
		return 0;
	return fallocate(EP(x)->fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) < 0 ? -errno : 0;
}

static int emu_discard(struct ms_xport *x, uint64_t off, uint64_t len)
{
	if (x->no_act)
		return 0;
	return fallocate(EP(x)->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) < 0 ? -errno : 0;
}

static void emu_close(struct ms_xport *x)
{
	close(EP(x)->fd);
	pthread_mutex_destroy(&EP(x)->lock);
	free(x->priv);
	free(x);
}

static const struct ms_xport_ops emu_ops = {
	.name = "emu",
	.read = emu_read,
	.write = emu_write,
	.flush = emu_flush,
	.zeroout = emu_zeroout,
	.discard = emu_discard,
	.close = emu_close,
};

int ms_emu_open(const struct ms_device *dev, unsigned flags, struct ms_xport **out)
{
	struct ms_emu_config c;
	char why[256];
	int r = ms_emu_parse(dev->path, &c, why, sizeof why);
	if (r)
		return r;
	bool write = (flags & MS_OPEN_WRITE) && !(flags & MS_OPEN_NO_ACT);
	int fd = open(c.image, (write ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -ENOTBLK;
	}
	if (write && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return -EBUSY;
	}
	if (write && (uint64_t)st.st_size < dev->capacity && ftruncate(fd, (off_t)dev->capacity) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	struct ms_xport *x = calloc(1, sizeof *x);
	struct emu_priv *p = calloc(1, sizeof *p);
	if (!x || !p) {
		free(x);
		free(p);
		close(fd);
		return -ENOMEM;
	}
	p->fd = fd;
	p->f = c.faults;
	pthread_mutex_init(&p->lock, NULL);
	x->ops = &emu_ops;
	x->priv = p;
	x->dev = *dev;
	x->no_act = flags & MS_OPEN_NO_ACT;
	*out = x;
	return 0;
}
