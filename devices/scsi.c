/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "scsi.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/util.h"

static void cmd(struct ms_scsi_cmd *c, unsigned len, const char *name)
{
	memset(c, 0, sizeof *c);
	c->cdb_len = len;
	c->name = name;
	c->timeout_s = 15;
}

static void be(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

static uint64_t get_be(const uint8_t *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

void ms_scsi_inquiry(struct ms_scsi_cmd *c, bool evpd, uint8_t page, void *buf, uint16_t len)
{
	cmd(c, 6, evpd ? "INQUIRY (VPD)" : "INQUIRY");
	c->cdb[0] = 0x12;
	c->cdb[1] = evpd ? 1 : 0;
	c->cdb[2] = page;
	be(c->cdb + 3, len, 2);
	c->dir = MS_SCSI_DIR_IN;
	c->data = buf;
	c->len = len;
}

void ms_scsi_read_capacity16(struct ms_scsi_cmd *c, void *buf)
{
	cmd(c, 16, "READ CAPACITY(16)");
	c->cdb[0] = 0x9E;
	c->cdb[1] = 0x10;
	be(c->cdb + 10, 32, 4);
	c->dir = MS_SCSI_DIR_IN;
	c->data = buf;
	c->len = 32;
}

void ms_scsi_request_sense(struct ms_scsi_cmd *c, void *buf, uint8_t len)
{
	cmd(c, 6, "REQUEST SENSE");
	c->cdb[0] = 0x03;
	c->cdb[4] = len;
	c->dir = MS_SCSI_DIR_IN;
	c->data = buf;
	c->len = len;
}

void ms_scsi_test_unit_ready(struct ms_scsi_cmd *c)
{
	cmd(c, 6, "TEST UNIT READY");
}

void ms_scsi_sanitize(struct ms_scsi_cmd *c, enum ms_scsi_sanitize_sa sa, bool ause, void *param, uint32_t pattern)
{
	static const char *const names[] = {"", "SANITIZE (OVERWRITE)", "SANITIZE (BLOCK ERASE)",
					    "SANITIZE (CRYPTOGRAPHIC ERASE)"};
	cmd(c, 10, sa == MS_SCSI_SAN_EXIT_FAILURE ? "SANITIZE (EXIT FAILURE MODE)" : names[sa]);
	c->cdb[0] = 0x48;
	c->cdb[1] = (uint8_t)(0x80 | (ause ? 0x20 : 0) | (sa & 0x1F)); /* IMMED */
	if (sa == MS_SCSI_SAN_OVERWRITE) {
		uint8_t *p = param;
		memset(p, 0, 8);
		p[0] = 1;                /* one pass, no invert, no test */
		be(p + 2, 4, 2);         /* pattern length */
		be(p + 4, pattern, 4);
		be(c->cdb + 7, 8, 2);
		c->dir = MS_SCSI_DIR_OUT;
		c->data = param;
		c->len = 8;
	}
}

void ms_scsi_format_unit(struct ms_scsi_cmd *c, unsigned timeout_s)
{
	cmd(c, 6, "FORMAT UNIT");
	c->cdb[0] = 0x04;
	c->timeout_s = timeout_s;
}

void ms_scsi_rsoc_one(struct ms_scsi_cmd *c, uint8_t opcode, bool has_sa, uint16_t sa, void *buf, uint32_t len)
{
	cmd(c, 12, "REPORT SUPPORTED OPERATION CODES");
	c->cdb[0] = MS_SCSI_OP_MAINTENANCE_IN;
	c->cdb[1] = 0x0C;
	c->cdb[2] = has_sa ? 0x02 : 0x01; /* RCTD 0: no timeouts descriptor asked for */
	c->cdb[3] = opcode;
	be(c->cdb + 4, has_sa ? sa : 0, 2);
	be(c->cdb + 6, len, 4);
	c->dir = MS_SCSI_DIR_IN;
	c->data = buf;
	c->len = len;
}

int ms_scsi_rsoc_one_decode(const uint8_t *r, size_t len, uint8_t opcode, bool has_sa, uint16_t sa,
			    enum ms_scsi_support *out)
{
	*out = MS_SCSI_SUP_UNKNOWN;
	if (len < 4)
		return -EINVAL;
	size_t cdb_size = (size_t)get_be(r + 2, 2);
	switch (r[1] & 0x07) {
	case 0: return 0;
	case 1: *out = MS_SCSI_SUP_NO; return 0;
	case 3: case 5: break;
	default: return -EINVAL;
	}
	/* "Supported" is believed only when the usage data names what was asked: a drive
	 * that answers every query alike (or a mangled buffer) must not pass as one. */
	if (cdb_size < 6 || cdb_size > len - 4 || r[4] != opcode ||
	    (has_sa && (r[5] & 0x1F) != (sa & 0x1F)))
		return -EINVAL;
	*out = MS_SCSI_SUP_YES;
	return 0;
}

int ms_scsi_sense_decode(const uint8_t *s, size_t len, struct ms_scsi_status *st)
{
	memset(st, 0, sizeof *st);
	st->valid = true;
	st->status = 0x02;
	if (len < 8)
		return -EINVAL;
	uint8_t code = s[0] & 0x7F;
	const uint8_t *sks = NULL;
	if (code == 0x70 || code == 0x71) {
		if (len < 14)
			return -EINVAL;
		st->key = s[2] & 0xF;
		st->asc = s[12];
		st->ascq = s[13];
		if (len >= 18)
			sks = s + 15;
	} else if (code == 0x72 || code == 0x73) {
		st->key = s[1] & 0xF;
		st->asc = s[2];
		st->ascq = s[3];
		size_t total = 8 + (size_t)s[7] < len ? 8 + (size_t)s[7] : len;
		for (size_t i = 8; i + 1 < total; i += 2 + (size_t)s[i + 1])
			if (s[i] == 0x02 && s[i + 1] >= 6 && i + 7 <= total)
				sks = s + i + 4;
	} else {
		return -EINVAL;
	}
	if (sks && (sks[0] & 0x80) && (st->key == MS_SK_NOT_READY || st->key == MS_SK_NO_SENSE)) {
		st->progress_valid = true;
		st->progress = (uint16_t)get_be(sks + 1, 2);
	}
	return 0;
}

int ms_scsi_inquiry_decode(const uint8_t *r, size_t len, struct ms_scsi_inquiry *o)
{
	memset(o, 0, sizeof *o);
	if (len < 36)
		return -EINVAL;
	o->peripheral_type = r[0] & 0x1F;
	ms_ascii_field(r + 8, 8, o->vendor);
	ms_ascii_field(r + 16, 16, o->product);
	ms_ascii_field(r + 32, 4, o->revision);
	return 0;
}

int ms_scsi_vpd80_decode(const uint8_t *r, size_t len, char *serial, size_t slen)
{
	if (len < 4 || r[1] != 0x80)
		return -EINVAL;
	size_t n = (size_t)get_be(r + 2, 2);
	if (n > len - 4)
		n = len - 4;
	if (n >= slen)
		n = slen - 1;
	char tmp[256];
	ms_ascii_field(r + 4, n < sizeof tmp ? n : sizeof tmp - 1, tmp);
	ms_strlcpy(serial, tmp, slen);
	return 0;
}

int ms_scsi_vpd83_naa(const uint8_t *r, size_t len, char *wwn, size_t wlen)
{
	if (len < 4 || r[1] != 0x83)
		return -EINVAL;
	size_t end = 4 + (size_t)get_be(r + 2, 2);
	if (end > len)
		end = len;
	for (size_t i = 4; i + 4 <= end; i += 4 + r[i + 3]) {
		uint8_t type = r[i + 1] & 0x0F, assoc = (r[i + 1] >> 4) & 0x3, n = r[i + 3];
		if (type == 3 && assoc == 0 && i + 4 + n <= end && (n == 8 || n == 16)) {
			size_t k = (size_t)snprintf(wwn, wlen, "naa.");
			for (uint8_t j = 0; j < n && k + 2 < wlen; j++, k += 2)
				snprintf(wwn + k, wlen - k, "%02x", r[i + 4 + j]);
			return 0;
		}
	}
	return -ENOENT;
}

int ms_scsi_vpdb1_rotation(const uint8_t *r, size_t len, uint16_t *rpm)
{
	if (len < 6 || r[1] != 0xB1)
		return -EINVAL;
	*rpm = (uint16_t)get_be(r + 4, 2);
	return 0;
}

int ms_scsi_vpd00_has(const uint8_t *r, size_t len, uint8_t page, bool *has)
{
	*has = false;
	if (len < 4 || r[1] != 0x00)
		return -EINVAL;
	size_t n = (size_t)get_be(r + 2, 2);
	if (n > len - 4)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (i && r[4 + i] <= r[3 + i])
			return -EINVAL;
		*has = *has || r[4 + i] == page;
	}
	return 0;
}

int ms_scsi_vpdb1_decode(const uint8_t *r, size_t len, struct ms_scsi_bdc *o)
{
	memset(o, 0, sizeof *o);
	if (len < 8 || r[1] != 0xB1)
		return -EINVAL;
	size_t n = (size_t)get_be(r + 2, 2);
	if (n < 4 || n > len - 4)
		return -EINVAL;
	o->rate = (uint16_t)get_be(r + 4, 2);
	o->product_type = r[6];
	o->form_factor = r[7] & 0x0F;
	if (o->rate == 0x0000)
		o->rotation = MS_SCSI_ROT_UNREPORTED;
	else if (o->rate == 0x0001)
		o->rotation = MS_SCSI_ROT_SOLID_STATE;
	else if (o->rate >= 0x0401 && o->rate != 0xFFFF)
		o->rotation = MS_SCSI_ROT_ROTATING;
	else
		return -EINVAL; /* reserved */
	return 0;
}

int ms_scsi_capacity16_decode(const uint8_t r[32], struct ms_scsi_capacity *o)
{
	o->blocks = get_be(r, 8) + 1;
	o->block_size = (uint32_t)get_be(r + 8, 4);
	o->physical_size = o->block_size << (r[13] & 0x0F);
	return o->block_size ? 0 : -EINVAL;
}
