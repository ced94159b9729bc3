/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The emulated drive as a SAS drive: INQUIRY with VPD 00h/80h/83h/B1h, READ CAPACITY(16),
 * SANITIZE (IMMED) with progress in REQUEST SENSE (NOT READY, 04h/1Bh), failure reported
 * as 31h/03h SANITIZE COMMAND FAILED until EXIT FAILURE MODE (after AUSE) or a good
 * sanitize, FORMAT UNIT. It shares the non-volatile sanitize state with the ATA and NVMe
 * personalities, so a sanitize survives power cycles the same way. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/util.h"
#include "emu_internal.h"

static int good(struct ms_scsi_status *st)
{
	st->valid = true;
	st->status = 0;
	return 0;
}

static int check(struct ms_scsi_status *st, uint8_t key, uint8_t asc, uint8_t ascq)
{
	st->valid = true;
	st->status = 2;
	st->key = key;
	st->asc = asc;
	st->ascq = ascq;
	return 0;
}

static void be(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

static void pad(uint8_t *p, const char *s, size_t n)
{
	size_t l = strlen(s);
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i < l ? s[i] : ' ');
}

static uint16_t progress(const struct emu_priv *p)
{
	int64_t el = ms_emu_now_ms() - p->fw.san_start_ms;
	int64_t v = el * 65535 / (p->fw.san_ms ? p->fw.san_ms : 1);
	return (uint16_t)(v > 65535 ? 65535 : v);
}

/* The drive's current condition as sense: none, sanitizing, or sanitize failed. */
static void condition(struct emu_priv *p, uint8_t *key, uint8_t *asc, uint8_t *ascq)
{
	ms_emu_sanitize_tick(p);
	*key = *asc = *ascq = 0;
	if (p->fw.san_running) {
		*key = MS_SK_NOT_READY; *asc = 0x04; *ascq = 0x1B;
	} else if (p->fw.san_failed) {
		*key = MS_SK_MEDIUM_ERROR; *asc = 0x31; *ascq = 0x03;
	}
}

static int inquiry(struct emu_priv *p, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	uint8_t *r = c->data;
	if (!r || c->len < 36)
		return -EINVAL;
	memset(r, 0, c->len);
	char hex[65];
	ms_sha256_hex(p->cfg.serial, strlen(p->cfg.serial), hex);
	if (!(c->cdb[1] & 1)) {
		r[2] = 0x07; /* SPC-5 */
		r[4] = 31;
		pad(r + 8, p->cfg.vendor, 8);
		pad(r + 16, p->cfg.model, 16);
		pad(r + 32, p->cfg.firmware, 4);
		return good(st);
	}
	r[1] = c->cdb[2];
	switch (c->cdb[2]) {
	case 0x00: r[3] = 4; r[4] = 0x00; r[5] = 0x80; r[6] = 0x83; r[7] = 0xB1; break;
	case 0x80: {
		size_t n = strlen(p->cfg.serial);
		r[3] = (uint8_t)n;
		memcpy(r + 4, p->cfg.serial, n);
		break;
	}
	case 0x83:
		r[3] = 12;
		r[4] = 0x01; r[5] = 0x03; r[7] = 8; /* binary, LU, NAA, 8 bytes */
		r[8] = 0x50; r[9] = 0x00; r[10] = 0xc5; r[11] = 0x00;
		ms_hex_decode(hex, 8, r + 12, 4);
		break;
	case 0xB1: r[3] = 60; be(r + 4, p->cfg.rotational ? 7200 : 1, 2); break;
	default: return check(st, MS_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	}
	return good(st);
}

static int sanitize(struct emu_priv *p, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	const struct ms_emu_ata_caps *caps = &p->cfg.caps;
	struct emu_fw *fw = &p->fw;
	unsigned sa = c->cdb[1] & 0x1F;
	if (fw->san_running)
		return check(st, MS_SK_NOT_READY, 0x04, 0x1B);
	if (sa == MS_SCSI_SAN_EXIT_FAILURE) {
		if (!fw->san_failed || !fw->san_failure_mode)
			return check(st, MS_SK_ILLEGAL_REQUEST, 0x24, 0x00);
		fw->san_failed = false;
		ms_emu_fw_save(p);
		return good(st);
	}
	int op = sa == MS_SCSI_SAN_OVERWRITE ? MS_SAN_OVERWRITE : sa == MS_SCSI_SAN_BLOCK ? MS_SAN_BLOCK :
		 sa == MS_SCSI_SAN_CRYPTO ? MS_SAN_CRYPTO : -1;
	bool have = op == MS_SAN_OVERWRITE ? caps->san_overwrite : op == MS_SAN_BLOCK ? caps->san_block :
		    op == MS_SAN_CRYPTO ? caps->san_crypto : false;
	if (!have)
		return check(st, MS_SK_ILLEGAL_REQUEST, 0x24, 0x00); /* invalid field: SA */
	uint32_t pattern = 0;
	if (op == MS_SAN_OVERWRITE) {
		const uint8_t *prm = c->data;
		if (!prm || c->len < 8 || prm[3] != 4)
			return check(st, MS_SK_ILLEGAL_REQUEST, 0x26, 0x00); /* parameter list */
		pattern = (uint32_t)prm[4] << 24 | (uint32_t)prm[5] << 16 | (uint32_t)prm[6] << 8 | prm[7];
		/* the emulated media stores it in LBA byte order, as the ATA one does */
		pattern = (pattern >> 24) | ((pattern >> 8) & 0xFF00) | ((pattern << 8) & 0xFF0000) | (pattern << 24);
	}
	fw->san_running = true;
	fw->san_failed = fw->san_last_ok = false;
	fw->san_failure_mode = c->cdb[1] & 0x20; /* AUSE */
	fw->san_op = op;
	fw->san_pattern = pattern;
	fw->san_passes = 1;
	fw->san_invert = false;
	fw->san_start_ms = ms_emu_now_ms();
	ms_emu_fw_save(p);
	if (p->f.powerloss == MS_EMU_PL_SANITIZE)
		p->vol.dead = true;
	return good(st);
}

int ms_emu_scsi_exec(struct emu_priv *p, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	memset(st, 0, sizeof *st);
	if (!p->cfg.caps.scsi)
		return -EOPNOTSUPP;
	if (p->vol.dead)
		return -ENODEV;
	uint8_t key, asc, ascq;
	switch (c->cdb[0]) {
	case 0x12:
		return inquiry(p, c, st);
	case 0x00:
		condition(p, &key, &asc, &ascq);
		return key ? check(st, key, asc, ascq) : good(st);
	case 0x03: {
		uint8_t *r = c->data;
		if (!r || c->len < 18)
			return -EINVAL;
		condition(p, &key, &asc, &ascq);
		memset(r, 0, c->len);
		r[0] = 0x70;
		r[2] = key;
		r[7] = 10;
		r[12] = asc;
		r[13] = ascq;
		if (key == MS_SK_NOT_READY) {
			r[15] = 0x80; /* SKSV: progress indication */
			be(r + 16, progress(p), 2);
		}
		return good(st);
	}
	case 0x9E: {
		uint8_t *r = c->data;
		if ((c->cdb[1] & 0x1F) != 0x10 || !r || c->len < 32)
			return check(st, MS_SK_ILLEGAL_REQUEST, 0x24, 0x00);
		memset(r, 0, 32);
		be(r, ms_emu_accessible(&p->fw, &p->vol) - 1, 8);
		be(r + 8, p->logical, 4);
		unsigned e = 0;
		while ((p->logical << e) < p->cfg.physical)
			e++;
		r[13] = (uint8_t)e;
		return good(st);
	}
	case 0x48:
		return sanitize(p, c, st);
	case 0xA2:
		if (!p->cfg.caps.sed || c->cdb[1] != 0x01 || !c->data || c->len < 512)
			return check(st, MS_SK_ILLEGAL_REQUEST, p->cfg.caps.sed ? 0x24 : 0x20, 0x00);
		ms_emu_tcg_l0(c->data, c->len, p->cfg.caps.sed_locked);
		return good(st);
	case 0x04:
		condition(p, &key, &asc, &ascq);
		if (key)
			return check(st, key, asc, ascq);
		if (ms_emu_fill(p, 0, p->fw.factory_sectors * p->logical, 0, 0))
			return check(st, MS_SK_MEDIUM_ERROR, 0x31, 0x00);
		return good(st);
	default:
		return check(st, MS_SK_ILLEGAL_REQUEST, 0x20, 0x00); /* invalid command opcode */
	}
}
