/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sgio.h"

#include <errno.h>
#include <fcntl.h>
#include <scsi/sg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sat.h"
#include "scsi.h"

#ifndef ENOIOCTLCMD
#define ENOIOCTLCMD 515 /* kernel-internal "no such ioctl", seen by some drivers' callers */
#endif

enum { ASC_INVALID_OPCODE = 0x20 };

static int send(int fd, struct ms_ata_cmd *c, uint8_t *cdb, unsigned cdb_len, struct ms_ata_status *st,
		struct ms_scsi_sense *sk)
{
	uint8_t sense[64] = {0};
	struct sg_io_hdr io = {
		.interface_id = 'S',
		.cmd_len = (unsigned char)cdb_len,
		.mx_sb_len = sizeof sense,
		.dxfer_direction = c->proto == MS_ATA_PIO_IN ? SG_DXFER_FROM_DEV :
				   c->proto == MS_ATA_PIO_OUT ? SG_DXFER_TO_DEV : SG_DXFER_NONE,
		.dxfer_len = (unsigned)c->len,
		.dxferp = c->data,
		.cmdp = cdb,
		.sbp = sense,
		.timeout = (c->timeout_s ? c->timeout_s : 15) * 1000u,
	};
	/* Never read what the device did not fill: the buffer starts zeroed. */
	if (c->proto == MS_ATA_PIO_IN && c->data)
		memset(c->data, 0, c->len);
	if (ioctl(fd, SG_IO, &io) < 0)
		return errno == ENOTTY || errno == EINVAL || errno == ENOIOCTLCMD ? -EOPNOTSUPP : -errno;
	return ms_sat_result(sense, io.sb_len_wr, io.status, io.host_status, (io.driver_status & 0x0f) == 0x06,
			     io.resid, c->proto == MS_ATA_PIO_IN, sk, st);
}

int ms_sgio_ata(int fd, struct ms_ata_cmd *c, struct ms_ata_status *st, bool *use12)
{
	uint8_t cdb[16];
	/* Zeroed: send() returns before sense decoding when SG_IO itself fails, and the
	 * 12-byte retry below reads sk.valid (UBSan: a bool loaded from stack bytes). */
	struct ms_scsi_sense sk = {0};
	memset(st, 0, sizeof *st);
	/* Registers are needed back from non-data commands only (native max, sanitize
	 * status). With CK_COND on a PIO data-in command, Linux 6.1 over AHCI reports the
	 * PIO Setup FIS status (DRQ set) as ABORTED COMMAND although the data arrived;
	 * data commands are judged by GOOD versus CHECK CONDITION instead. */
	bool ck = c->proto == MS_ATA_NON_DATA;
	int r;
	if (!*use12 || c->ext) {
		if (ms_sat_cdb16(c, ck, cdb))
			return -EINVAL;
		r = send(fd, c, cdb, 16, st, &sk);
		if (r != -EOPNOTSUPP || c->ext)
			return r;
		if (!(sk.valid && sk.asc == ASC_INVALID_OPCODE))
			return r;
		*use12 = true; /* a bridge that only knows the 12-byte form */
	}
	if (ms_sat_cdb12(c, ck, cdb))
		return -EOPNOTSUPP;
	return send(fd, c, cdb, 12, st, &sk);
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, text, strlen(text));
	int e = n < 0 ? -errno : 0;
	close(fd);
	return e;
}

int ms_suspend_resume(void)
{
	int r = write_text("/sys/class/rtc/rtc0/wakealarm", "0");
	if (!r)
		r = write_text("/sys/class/rtc/rtc0/wakealarm", "+15");
	if (!r)
		r = write_text("/sys/power/state", "mem"); /* returns after resume */
	return r;
}

int ms_sgio_scsi(int fd, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	uint8_t sense[64] = {0};
	struct sg_io_hdr io = {
		.interface_id = 'S',
		.cmd_len = (unsigned char)c->cdb_len,
		.mx_sb_len = sizeof sense,
		.dxfer_direction = c->dir == MS_SCSI_DIR_IN ? SG_DXFER_FROM_DEV :
				   c->dir == MS_SCSI_DIR_OUT ? SG_DXFER_TO_DEV : SG_DXFER_NONE,
		.dxfer_len = c->len,
		.dxferp = c->data,
		.cmdp = c->cdb,
		.sbp = sense,
		.timeout = (c->timeout_s ? c->timeout_s : 15) * 1000u,
	};
	memset(st, 0, sizeof *st);
	if (c->dir == MS_SCSI_DIR_IN && c->data)
		memset(c->data, 0, c->len); /* never read what the device did not fill */
	if (ioctl(fd, SG_IO, &io) < 0)
		return errno == ENOTTY || errno == EINVAL ? -EOPNOTSUPP : -errno;
	if (io.host_status == 3 || (io.driver_status & 0x0f) == 0x06)
		return -ETIMEDOUT;
	if (io.host_status == 1 || io.host_status == 4)
		return -ENODEV;
	c->resid = io.resid > 0 ? (uint32_t)io.resid : 0; /* decoders read only what came */
	if (io.sb_len_wr && ms_scsi_sense_decode(sense, io.sb_len_wr, st) == 0)
		return 0;
	/* the transport failed (DID_ERROR, reset, abort...) or the driver did: the command did
	 * not run as far as anyone can tell, so it is not GOOD */
	if (io.host_status || (io.driver_status & 0x0f))
		return -EIO;
	st->valid = true;
	st->status = io.status;
	return 0;
}
