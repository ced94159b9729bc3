/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sat.h"

#include <errno.h>
#include <string.h>

static uint8_t proto_of(const struct ms_ata_cmd *c)
{
	switch (c->proto) {
	case MS_ATA_PIO_IN: return MS_SAT_PROTO_PIO_IN;
	case MS_ATA_PIO_OUT: return MS_SAT_PROTO_PIO_OUT;
	case MS_ATA_NON_DATA: break;
	}
	return MS_SAT_PROTO_NON_DATA;
}

/* Byte 2: OFF_LINE=0, CK_COND, T_TYPE=0 (512-byte blocks), T_DIR, BYT_BLOK=1,
 * T_LENGTH=2 (the transfer length is in the COUNT field). */
static uint8_t flags_of(const struct ms_ata_cmd *c, bool ck_cond)
{
	uint8_t f = ck_cond ? 0x20 : 0;
	if (c->proto == MS_ATA_NON_DATA)
		return f;
	return (uint8_t)(f | (c->proto == MS_ATA_PIO_IN ? 0x08 : 0) | 0x04 | 0x02);
}

int ms_sat_cdb16(const struct ms_ata_cmd *c, bool ck_cond, uint8_t cdb[16])
{
	if (c->len % 512)
		return -EINVAL;
	memset(cdb, 0, 16);
	cdb[0] = 0x85;
	cdb[1] = (uint8_t)(proto_of(c) << 1 | (c->ext ? 1 : 0));
	cdb[2] = flags_of(c, ck_cond);
	uint64_t lba = c->lba;
	uint8_t device = c->device;
	if (!c->ext) /* 28-bit: LBA 27:24 live in the device register */
		device = (uint8_t)((device & 0xF0) | ((lba >> 24) & 0x0F));
	cdb[3] = c->ext ? (uint8_t)(c->features >> 8) : 0;
	cdb[4] = (uint8_t)c->features;
	cdb[5] = c->ext ? (uint8_t)(c->count >> 8) : 0;
	cdb[6] = (uint8_t)c->count;
	cdb[7] = c->ext ? (uint8_t)(lba >> 24) : 0;
	cdb[8] = (uint8_t)lba;
	cdb[9] = c->ext ? (uint8_t)(lba >> 32) : 0;
	cdb[10] = (uint8_t)(lba >> 8);
	cdb[11] = c->ext ? (uint8_t)(lba >> 40) : 0;
	cdb[12] = (uint8_t)(lba >> 16);
	cdb[13] = device;
	cdb[14] = c->command;
	return 0;
}

int ms_sat_cdb12(const struct ms_ata_cmd *c, bool ck_cond, uint8_t cdb[12])
{
	if (c->ext || c->len % 512)
		return -EINVAL;
	memset(cdb, 0, 12);
	cdb[0] = 0xA1;
	cdb[1] = (uint8_t)(proto_of(c) << 1);
	cdb[2] = flags_of(c, ck_cond);
	cdb[3] = (uint8_t)c->features;
	cdb[4] = (uint8_t)c->count;
	cdb[5] = (uint8_t)c->lba;
	cdb[6] = (uint8_t)(c->lba >> 8);
	cdb[7] = (uint8_t)(c->lba >> 16);
	cdb[8] = (uint8_t)((c->device & 0xF0) | ((c->lba >> 24) & 0x0F));
	cdb[9] = c->command;
	return 0;
}

static int from_descriptor(const uint8_t *s, size_t len, struct ms_ata_status *st)
{
	size_t total = 8 + (size_t)s[7];
	if (total > len)
		total = len;
	for (size_t i = 8; i + 1 < total; i += 2 + (size_t)s[i + 1]) {
		const uint8_t *d = s + i;
		if (d[0] != 0x09 || d[1] < 12 || i + 14 > total)
			continue;
		bool ext = d[2] & 1;
		st->valid = true;
		st->error = d[3];
		st->count = (uint16_t)((ext ? d[4] << 8 : 0) | d[5]);
		st->lba = (uint64_t)d[7] | (uint64_t)d[9] << 8 | (uint64_t)d[11] << 16;
		if (ext)
			st->lba |= (uint64_t)d[6] << 24 | (uint64_t)d[8] << 32 | (uint64_t)d[10] << 40;
		st->device = d[12];
		st->status = d[13];
		return 0;
	}
	return -ENODATA;
}

/* Fixed format keeps only the low 24 LBA bits and the low count byte; the flags byte
 * says whether the upper ones were non-zero (then the caller must not trust them).
 * Linux <= 6.10 wrote the LBA at bytes 17..19 of an 18-byte sense: what is missing
 * reads as zero. */
static int from_fixed(const uint8_t *s, size_t len, struct ms_ata_status *st)
{
	bool sat = s[0] & 0x80; /* VALID: SAT layout; without it, Linux <= 6.10's layout */
	size_t regs = sat ? 3 : 8, csi = sat ? 8 : 16;
	if (regs + 4 > len)
		return -ENODATA;
	st->valid = true;
	st->error = s[regs];
	st->status = s[regs + 1];
	st->device = s[regs + 2];
	st->count = s[regs + 3];
	for (size_t i = 1; i < 4 && csi + i < len; i++)
		st->lba |= (uint64_t)s[csi + i] << (8 * (i - 1));
	return 0;
}

/* Fixed-format sense carries ATA registers only for a command the translation ran: not
 * for one it rejected (ILLEGAL REQUEST: invalid opcode, field in CDB or parameter list —
 * what a plain SCSI disk answers to ATA PASS-THROUGH) or never started (UNIT ATTENTION). */
static bool fixed_has_registers(const struct ms_scsi_sense *sk)
{
	if (sk->key == 0x05 && (sk->asc == 0x20 || sk->asc == 0x24 || sk->asc == 0x26))
		return false;
	return sk->key != 0x06;
}

int ms_sat_sense_decode(const uint8_t *s, size_t len, struct ms_scsi_sense *sk, struct ms_ata_status *st)
{
	memset(sk, 0, sizeof *sk);
	memset(st, 0, sizeof *st);
	if (len < 8)
		return -EINVAL;
	uint8_t code = s[0] & 0x7F;
	sk->response = code;
	if (code == 0x72 || code == 0x73) {
		sk->valid = true;
		sk->key = s[1] & 0x0F;
		sk->asc = s[2];
		sk->ascq = s[3];
		return from_descriptor(s, len, st);
	}
	if (code == 0x70 || code == 0x71) {
		if (len < 14)
			return -EINVAL;
		sk->valid = true;
		sk->key = s[2] & 0x0F;
		sk->asc = s[12];
		sk->ascq = s[13];
		if (!fixed_has_registers(sk))
			return -ENODATA;
		/* 00h/1Dh "ATA pass-through information available", or an error that the
		 * translation filled the registers for (ABORTED COMMAND and friends). */
		int r = from_fixed(s, len, st);
		/* A status register with neither DRDY nor ERR is no ATA status: the bytes are
		 * a SCSI target's own (zero) command-specific information. */
		if (!r && !(sk->asc == 0x00 && sk->ascq == 0x1D) && !(st->status & (MS_ATA_STAT_DRDY | MS_ATA_STAT_ERR))) {
			memset(st, 0, sizeof *st);
			return -ENODATA;
		}
		return r;
	}
	return -EINVAL;
}

int ms_sat_result(const uint8_t *sense, size_t sb_len, uint8_t status, uint16_t host_status, bool driver_timeout,
		  int resid, bool data_in, struct ms_scsi_sense *sk, struct ms_ata_status *st)
{
	memset(sk, 0, sizeof *sk);
	memset(st, 0, sizeof *st);
	/* DID_TIME_OUT (3) or a driver timeout: the drive never answered. */
	if (host_status == 3 || driver_timeout)
		return -ETIMEDOUT;
	if (host_status == 1 || host_status == 4) /* no connect, bad target */
		return -ENODEV;
	if (sb_len && ms_sat_sense_decode(sense, sb_len, sk, st) == 0)
		return 0;
	if (sk->valid && sk->key == 0x05 && (sk->asc == 0x20 || sk->asc == 0x24))
		return -EOPNOTSUPP;
	if (status != 0 || host_status != 0)
		return -EIO;
	/* A data-in command that moved less than asked did not answer (a residual). */
	if (data_in && resid > 0)
		return -EIO;
	/* GOOD without registers: some translators ignore CK_COND on success. */
	st->valid = true;
	st->status = MS_ATA_STAT_DRDY;
	return 0;
}

void ms_sat_sense_rejected(uint8_t out[18])
{
	memset(out, 0, 18);
	out[0] = 0x70;  /* current, fixed format */
	out[2] = 0x05;  /* ILLEGAL REQUEST */
	out[7] = 10;    /* additional length */
	out[12] = 0x20; /* INVALID COMMAND OPERATION CODE */
}
