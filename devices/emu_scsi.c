/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The emulated drive as a SAS drive: INQUIRY with VPD 00h/80h/83h/B1h, READ CAPACITY(16),
 * SANITIZE (IMMED) with progress in REQUEST SENSE (NOT READY, 04h/1Bh), failure reported
 * as 31h/03h SANITIZE COMMAND FAILED until EXIT FAILURE MODE (after AUSE) or a good
 * sanitize, FORMAT UNIT, REPORT SUPPORTED OPERATION CODES (one command) from the same
 * configured capabilities that decide what SANITIZE and FORMAT UNIT accept. It shares the non-volatile sanitize state with the ATA and NVMe
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

/* CHECK CONDITION: the sense data is built as the drive sends it (fixed, or descriptor
 * format when D_SENSE is set: sense=descriptor) and decoded as the host decodes it, so
 * both layouts reach massho's decoder. */
static int check(const struct emu_priv *p, struct ms_scsi_status *st, uint8_t key, uint8_t asc, uint8_t ascq)
{
	uint8_t s[18] = {0};
	size_t n = 18;
	if (p->cfg.caps.scsi_desc_sense) {
		s[0] = 0x72; s[1] = key; s[2] = asc; s[3] = ascq;
		n = 8;
	} else {
		s[0] = 0x70; s[2] = key; s[7] = 10; s[12] = asc; s[13] = ascq;
	}
	return ms_scsi_sense_decode(s, n, st) ? -EIO : 0;
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
	case 0xB1: /* rotation rate, nominal form factor 2.5" (03h) */
		r[3] = 60;
		be(r + 4, p->cfg.caps.rotation_unreported ? 0 : p->cfg.rotational ? 7200 : 1, 2); /* 0: not reported */
		r[7] = 0x03;
		break;
	default: return check(p, st, MS_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	}
	size_t n = 4 + ((size_t)r[2] << 8 | r[3]);
	c->resid = n < c->len ? c->len - (uint32_t)n : 0;
	return good(st);
}

/* Does the drive run this command (op, with service action sa where it has them)? The
 * answer of REPORT SUPPORTED OPERATION CODES and of the command itself agree. */
static bool runs(const struct ms_emu_ata_caps *a, uint8_t op, unsigned sa, uint8_t *cdb_size)
{
	bool any_san = a->san_block || a->san_crypto || a->san_overwrite;
	switch (op) {
	case 0x00: case 0x03: case 0x12: *cdb_size = 6; return true;
	case 0x04: *cdb_size = 6; return !a->scsi_no_format;
	case 0x9E: *cdb_size = 16; return sa == 0x10;
	case 0xA2: *cdb_size = 12; return a->sed;
	case 0xA3: *cdb_size = 12; return sa == 0x0C && !a->scsi_no_rsoc;
	case 0x48:
		*cdb_size = 10;
		return sa == MS_SCSI_SAN_OVERWRITE ? a->san_overwrite : sa == MS_SCSI_SAN_BLOCK ? a->san_block :
		       sa == MS_SCSI_SAN_CRYPTO ? a->san_crypto : sa == MS_SCSI_SAN_EXIT_FAILURE && any_san;
	default: return false;
	}
}

/* REPORT SUPPORTED OPERATION CODES, one command (reporting options 01h, 02h, 03h). */
static int rsoc(struct emu_priv *p, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	const uint8_t *cdb = c->cdb;
	uint8_t opt = cdb[2] & 0x07, op = cdb[3], size = 0;
	unsigned sa = (unsigned)cdb[4] << 8 | cdb[5];
	uint32_t alloc = (uint32_t)cdb[6] << 24 | (uint32_t)cdb[7] << 16 | (uint32_t)cdb[8] << 8 | cdb[9];
	bool has_sa = op == 0x48 || op == 0x9E || op == 0xA3;
	if (opt < 1 || opt > 3 || (opt == 1 && has_sa) || (opt == 2 && !has_sa) || (!has_sa && sa))
		return check(p, st, MS_SK_ILLEGAL_REQUEST, 0x24, 0x00); /* invalid field in CDB */
	uint8_t r[4 + 16] = {0};
	bool yes = runs(&p->cfg.caps, op, sa, &size);
	r[1] = yes ? 0x03 : 0x01;
	if (yes) {
		r[3] = size;
		r[4] = op;
		memset(r + 5, 0xFF, size - 2u); /* every other field of the CDB is used */
		r[4 + size - 1] = 0x04;          /* CONTROL: NACA */
		if (has_sa)
			r[5] = (uint8_t)(op == 0x48 ? 0xA0 | sa : sa); /* SANITIZE: IMMED, AUSE */
	}
	size_t n = 4 + (yes ? size : 0);
	n = n < alloc ? n : alloc;
	n = n < c->len ? n : c->len;
	if (n && !c->data)
		return -EINVAL;
	if (n)
		memcpy(c->data, r, n);
	c->resid = c->len - (uint32_t)n;
	return good(st);
}

static int sanitize(struct emu_priv *p, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	const struct ms_emu_ata_caps *caps = &p->cfg.caps;
	struct emu_fw *fw = &p->fw;
	unsigned sa = c->cdb[1] & 0x1F;
	if (fw->san_running)
		return check(p, st, MS_SK_NOT_READY, 0x04, 0x1B);
	if (sa == MS_SCSI_SAN_EXIT_FAILURE) {
		if (!fw->san_failed || !fw->san_failure_mode)
			return check(p, st, MS_SK_ILLEGAL_REQUEST, 0x24, 0x00);
		fw->san_failed = false;
		ms_emu_fw_save(p);
		return good(st);
	}
	uint8_t size;
	if (!caps->san_block && !caps->san_crypto && !caps->san_overwrite)
		return check(p, st, MS_SK_ILLEGAL_REQUEST, 0x20, 0x00); /* no SANITIZE at all */
	if (!runs(caps, 0x48, sa, &size))
		return check(p, st, MS_SK_ILLEGAL_REQUEST, 0x24, 0x00); /* invalid field: SA */
	int op = sa == MS_SCSI_SAN_OVERWRITE ? MS_SAN_OVERWRITE : sa == MS_SCSI_SAN_BLOCK ? MS_SAN_BLOCK :
		 sa == MS_SCSI_SAN_CRYPTO ? MS_SAN_CRYPTO : -1;
	uint32_t pattern = 0;
	if (op == MS_SAN_OVERWRITE) {
		const uint8_t *prm = c->data;
		if (!prm || c->len < 8 || prm[3] != 4)
			return check(p, st, MS_SK_ILLEGAL_REQUEST, 0x26, 0x00); /* parameter list */
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
		return key ? check(p, st, key, asc, ascq) : good(st);
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
			return check(p, st, MS_SK_ILLEGAL_REQUEST, 0x24, 0x00);
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
			return check(p, st, MS_SK_ILLEGAL_REQUEST, p->cfg.caps.sed ? 0x24 : 0x20, 0x00);
		ms_emu_tcg_l0(c->data, c->len, p->cfg.caps.sed_locked);
		return good(st);
	case 0xA3:
		if (p->cfg.caps.scsi_no_rsoc)
			return check(p, st, MS_SK_ILLEGAL_REQUEST, 0x20, 0x00); /* invalid command opcode */
		if ((c->cdb[1] & 0x1F) != 0x0C)
			return check(p, st, MS_SK_ILLEGAL_REQUEST, 0x24, 0x00);
		return rsoc(p, c, st);
	case 0x04:
		if (p->cfg.caps.scsi_no_format)
			return check(p, st, MS_SK_ILLEGAL_REQUEST, 0x20, 0x00);
		condition(p, &key, &asc, &ascq);
		if (key)
			return check(p, st, key, asc, ascq);
		if (ms_emu_fill(p, 0, p->fw.factory_sectors * p->logical, 0, 0))
			return check(p, st, MS_SK_MEDIUM_ERROR, 0x31, 0x00);
		return good(st);
	default:
		return check(p, st, MS_SK_ILLEGAL_REQUEST, 0x20, 0x00); /* invalid command opcode */
	}
}
