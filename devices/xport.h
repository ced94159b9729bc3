/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How bytes and commands reach a drive. One handle type, one ops table per
 * transport: blk (block devices and image files) and emu (the emulated drive).
 * Every op returns 0 or -errno; device status (ATA/NVMe/sense) is kept apart in
 * struct ms_devstatus by the command transports that have one. */
#ifndef MS_DEVICES_XPORT_H
#define MS_DEVICES_XPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ata.h"
#include "nvme.h"
#include "scsi.h"
#include "device.h"

struct ms_xport;

struct ms_xport_ops {
	const char *name;
	/* len and off are multiples of the logical sector; buf is MS_IO_ALIGN-aligned. */
	int (*read)(struct ms_xport *x, void *buf, size_t len, uint64_t off);
	int (*write)(struct ms_xport *x, const void *buf, size_t len, uint64_t off);
	int (*flush)(struct ms_xport *x);
	int (*zeroout)(struct ms_xport *x, uint64_t off, uint64_t len);
	int (*discard)(struct ms_xport *x, uint64_t off, uint64_t len);
	/* Execute an ATA command. Returns 0 when the device answered (its registers are in
	 * *st, success or not), -EOPNOTSUPP when this attachment cannot pass ATA commands,
	 * or another -errno (-ETIMEDOUT, -ENODEV) when no answer came. NULL: no ATA. */
	int (*ata)(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st);
	/* Execute an NVMe admin command; same contract as ata (status in *st). */
	int (*nvme)(struct ms_xport *x, struct ms_nvme_cmd *c, struct ms_nvme_status *st);
	/* Execute a SCSI command; same contract (status and sense in *st). */
	int (*scsi)(struct ms_xport *x, struct ms_scsi_cmd *c, struct ms_scsi_status *st);
	/* Suspend the machine to RAM and resume: drives lose the BIOS's security freeze
	 * because the BIOS does not run on resume. NULL: not possible. Returns 0 or -errno. */
	int (*suspend_resume)(struct ms_xport *x);
	void (*close)(struct ms_xport *x);
};

struct ms_xport {
	const struct ms_xport_ops *ops;
	struct ms_device dev;
	/* --dry-run: every op that would change the medium returns 0 without acting;
	 * checked in each transport right before the system call. */
	bool no_act;
	void *priv;
};

/* Buffers handed to read/write must be aligned to this (O_DIRECT on 4Kn drives). */
#define MS_IO_ALIGN 4096

enum {
	MS_OPEN_WRITE = 1 << 0,   /* read-write, exclusive (O_EXCL + flock) */
	MS_OPEN_NO_ACT = 1 << 1,  /* dry run: open read-only and act on nothing */
};

/* Describe what spec names without opening it for writing: "/dev/sdX" (or any
 * path to a block device), a regular image file, or "emu:PROFILE:IMAGE[,opt=v...]"
 * / "emu:FILE.profile". sysroot is the root under which sys/ and proc/ are read
 * ("" or NULL for the live system; tests replay recorded trees).
 * Returns 0, -ENOENT (no such device), -EISDIR, -ENOTBLK (neither a block device
 * nor a regular file), -EINVAL (bad emu spec), or another -errno; on every failure why
 * says what is wrong in words ("no such device or file"). */
int ms_describe(const char *spec, const char *sysroot, struct ms_device *dev,
		char *why, size_t whylen);

/* Every block device (discovery through sysfs, devices/discover.h), each completed as
 * ms_describe completes one: the serial and WWN asked from the device (INQUIRY VPD 80h,
 * 83h) where sysfs has none, and the serial's source. *out is malloc'd. */
int ms_describe_list(const char *sysroot, struct ms_device **out, size_t *n);

/* Open a described device. Returns 0 or -errno (-EBUSY when another process holds
 * it, -EROFS when it is read-only and MS_OPEN_WRITE was asked). */
int ms_xport_open(const struct ms_device *dev, unsigned flags, struct ms_xport **out);
void ms_xport_close(struct ms_xport *x);

/* ms_xport_ata: x->ops->ata, or -EOPNOTSUPP when the transport has none. Commands that
 * would change the medium are not sent in a dry run (x->no_act): they "succeed". */
int ms_xport_ata(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st);

/* ms_xport_nvme: x->ops->nvme with the same dry-run rule (Identify and Get Log Page
 * only). */
int ms_xport_nvme(struct ms_xport *x, struct ms_nvme_cmd *c, struct ms_nvme_status *st);

/* ms_xport_scsi: x->ops->scsi; in a dry run only INQUIRY, READ CAPACITY, TEST UNIT
 * READY, REQUEST SENSE, SECURITY PROTOCOL IN and REPORT SUPPORTED OPERATION CODES are
 * sent. */
int ms_xport_scsi(struct ms_xport *x, struct ms_scsi_cmd *c, struct ms_scsi_status *st);

/* Transport constructors used by ms_xport_open. */
int ms_blk_open(const struct ms_device *dev, unsigned flags, struct ms_xport **out);
int ms_emu_open(const struct ms_device *dev, unsigned flags, struct ms_xport **out);

#endif
