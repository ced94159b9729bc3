/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One entry point from a name the operator typed to a device description and an open
 * transport: emulated drive, image file or block device. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/util.h"
#include "discover.h"
#include "emu.h"
#include "xport.h"

static int describe_image(const char *path, const struct stat *st, struct ms_device *d)
{
	memset(d, 0, sizeof *d);
	ms_strlcpy(d->path, path, sizeof d->path);
	d->medium = MS_MEDIUM_IMAGE;
	d->transport = MS_TRANSPORT_FILE;
	d->logical_sector = 512;
	d->physical_sector = 4096;
	d->capacity = (uint64_t)st->st_size;
	d->readonly = access(path, W_OK) != 0;
	char real[PATH_MAX];
	ms_strlcpy(d->backing_file, realpath(path, real) ? real : path, sizeof d->backing_file);
	return ms_device_identity_update(d);
}

int ms_describe(const char *spec, const char *sysroot, struct ms_device *dev, char *why, size_t whylen)
{
	if (why && whylen)
		why[0] = '\0';
	if (strncmp(spec, "emu:", 4) == 0)
		return ms_emu_describe(spec, dev, why, whylen);
	char name[64];
	int r;
	if (sysroot && sysroot[0]) {
		if ((r = ms_discover_path_name(sysroot, spec, name, sizeof name)))
			return r;
	} else {
		struct stat st;
		if (stat(spec, &st) < 0)
			return -errno;
		if (S_ISDIR(st.st_mode))
			return -EISDIR;
		if (S_ISREG(st.st_mode))
			return describe_image(spec, &st, dev);
		if (!S_ISBLK(st.st_mode))
			return -ENOTBLK;
		if ((r = ms_discover_path_name(sysroot, spec, name, sizeof name)))
			return r;
	}
	if ((r = ms_discover_name(sysroot, name, dev)))
		return r;
	ms_strlcpy(dev->path, spec, sizeof dev->path);
	return 0;
}

int ms_xport_open(const struct ms_device *dev, unsigned flags, struct ms_xport **out)
{
	if (dev->emulated)
		return ms_emu_open(dev, flags, out);
	return ms_blk_open(dev, flags, out);
}

void ms_xport_close(struct ms_xport *x)
{
	if (x)
		x->ops->close(x);
}
