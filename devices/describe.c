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

#include "../util/i18n.h"
#include "../util/util.h"
#include "discover.h"
#include "scsi_ask.h"
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

/* A USB disk's medium: the kernel says "rotational" unless the device reports otherwise
 * (VPD B1h), so without a report the medium is unknown (a removable one is a USB stick),
 * and the policy's stricter rule for unknown media applies. */
static void ask_rotation(struct ms_xport *x, struct ms_device *d)
{
	enum ms_scsi_rotation rot = ms_scsi_ask_rotation(x);
	if (rot == MS_SCSI_ROT_ROTATING) {
		d->rotational = true;
		d->medium = MS_MEDIUM_HDD;
	} else if (rot == MS_SCSI_ROT_SOLID_STATE) {
		d->rotational = false;
		d->medium = d->removable ? MS_MEDIUM_USB_FLASH : MS_MEDIUM_SSD;
	} else {
		d->rotation_unreported = true;
		d->medium = d->removable ? MS_MEDIUM_USB_FLASH : MS_MEDIUM_UNKNOWN;
	}
}

/* Ask the device what sysfs does not show (usb-storage creates no vpd_pg80): INQUIRY
 * VPD 80h (unit serial number) and 83h (its NAA name), read-only. */
static void ask_identity(struct ms_device *d)
{
	struct ms_xport *x;
	if (d->transport == MS_TRANSPORT_NVME || d->transport == MS_TRANSPORT_LOOP || d->transport == MS_TRANSPORT_MMC ||
	    d->is_partition || (d->serial[0] && d->wwn[0] && d->transport != MS_TRANSPORT_USB) ||
	    ms_blk_open(d, MS_OPEN_NO_ACT, &x))
		return;
	char text[128];
	if (!d->serial[0] && ms_scsi_ask_serial(x, text, sizeof text) == 0)
		ms_strlcpy(d->serial, text, sizeof d->serial);
	if (d->transport == MS_TRANSPORT_USB)
		ask_rotation(x, d);
	if (!d->wwn[0] && ms_scsi_ask_naa(x, text, sizeof text) == 0)
		ms_strlcpy(d->wwn, text, sizeof d->wwn);
	ms_xport_close(x);
}

/* What sysfs left out, from the device itself; then where the serial came from. */
static int complete_identity(struct ms_device *d, const char *sysroot)
{
	if (!(sysroot && sysroot[0]))
		ask_identity(d);
	if (d->serial[0])
		ms_strlcpy(d->serial_source, "device", sizeof d->serial_source);
	else if (d->usb_serial[0]) { /* a labelled fallback: the enclosure's, not the drive's */
		ms_strlcpy(d->serial, d->usb_serial, sizeof d->serial);
		ms_strlcpy(d->serial_source, "usb-descriptor", sizeof d->serial_source);
	}
	return ms_device_identity_update(d);
}

static int describe(const char *spec, const char *sysroot, struct ms_device *dev, char *why, size_t whylen)
{
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
	return complete_identity(dev, sysroot);
}

int ms_describe_list(const char *sysroot, struct ms_device **out, size_t *n)
{
	int r = ms_discover_list(sysroot, out, n);
	for (size_t i = 0; !r && i < *n; i++)
		complete_identity(&(*out)[i], sysroot);
	return r;
}

int ms_describe(const char *spec, const char *sysroot, struct ms_device *dev, char *why, size_t whylen)
{
	char own[256];
	if (!why || !whylen)
		why = own, whylen = sizeof own;
	why[0] = '\0';
	int r = describe(spec, sysroot, dev, why, whylen);
	if (r && !why[0])
		snprintf(why, whylen, "%s", r == -ENOENT ? N_("no such device or file") :
			 r == -EISDIR ? N_("is a directory, not a device") :
			 r == -ENOTBLK ? N_("is neither a block device nor an image file") :
			 r == -EUCLEAN ? N_("cannot tell whether it is in use: the mount table (/proc/self/mountinfo) "
					    "cannot be read; nothing is erased") : strerror(-r));
	return r;
}

int ms_xport_open(const struct ms_device *dev, unsigned flags, struct ms_xport **out)
{
	if (dev->emulated)
		return ms_emu_open(dev, flags, out);
	return ms_blk_open(dev, flags, out);
}

/* Commands that only read state may run in a dry run; everything else is skipped. */
static bool read_only_ata(const struct ms_ata_cmd *c)
{
	switch (c->command) {
	case MS_ATA_IDENTIFY: case MS_ATA_READ_NATIVE_MAX: case MS_ATA_READ_NATIVE_MAX_EXT: case MS_ATA_SMART:
	case MS_ATA_NOP: case 0x5C: /* TRUSTED RECEIVE */
		return true;
	case MS_ATA_DCO: return c->features == MS_ATA_DCO_IDENTIFY;
	case MS_ATA_AMAC: return c->features == MS_ATA_AMAC_GET_NATIVE;
	case MS_ATA_SANITIZE: return c->features == MS_ATA_SAN_STATUS && !(c->count & 1);
	default: return false;
	}
}

int ms_xport_ata(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	memset(st, 0, sizeof *st);
	if (!x->ops->ata)
		return -EOPNOTSUPP;
	if (x->no_act && !read_only_ata(c)) {
		st->valid = true;
		st->status = MS_ATA_STAT_DRDY;
		return 0;
	}
	return x->ops->ata(x, c, st);
}

int ms_xport_nvme(struct ms_xport *x, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	memset(st, 0, sizeof *st);
	if (!x->ops->nvme)
		return -EOPNOTSUPP;
	if (x->no_act && c->opcode != MS_NVME_IDENTIFY && c->opcode != MS_NVME_GET_LOG_PAGE &&
	    c->opcode != MS_NVME_SECURITY_RECV) {
		st->valid = true;
		return 0;
	}
	return x->ops->nvme(x, c, st);
}

int ms_xport_scsi(struct ms_xport *x, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	memset(st, 0, sizeof *st);
	if (!x->ops->scsi)
		return -EOPNOTSUPP;
	uint8_t op = c->cdb[0];
	bool rsoc = op == 0xA3 && (c->cdb[1] & 0x1F) == 0x0C; /* REPORT SUPPORTED OPERATION CODES */
	if (x->no_act && op != 0x12 && op != 0x9E && op != 0x00 && op != 0x03 && op != 0xA2 && !rsoc) {
		st->valid = true;
		return 0;
	}
	return x->ops->scsi(x, c, st);
}

void ms_xport_close(struct ms_xport *x)
{
	if (x)
		x->ops->close(x);
}
