/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ata.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ms_ata_ok(const struct ms_ata_status *s)
{
	return s->valid && !(s->status & (MS_ATA_STAT_ERR | MS_ATA_STAT_DF | MS_ATA_STAT_BSY));
}

bool ms_ata_aborted(const struct ms_ata_status *s)
{
	return s->valid && (s->status & MS_ATA_STAT_ERR) && (s->error & MS_ATA_ERR_ABRT);
}

/* ---- encoders ------------------------------------------------------------------------ */

static void cmd(struct ms_ata_cmd *c, uint8_t op, const char *name, bool ext, enum ms_ata_proto proto)
{
	memset(c, 0, sizeof *c);
	c->command = op;
	c->name = name;
	c->ext = ext;
	c->proto = proto;
	c->device = 0x40; /* LBA addressing */
	c->timeout_s = 15;
}

static void pio(struct ms_ata_cmd *c, void *buf)
{
	c->data = buf;
	c->len = 512;
	c->count = 1;
}

void ms_ata_identify(struct ms_ata_cmd *c, void *buf)
{
	cmd(c, MS_ATA_IDENTIFY, "IDENTIFY DEVICE", false, MS_ATA_PIO_IN);
	c->device = 0;
	pio(c, buf);
}

void ms_ata_read_native_max(struct ms_ata_cmd *c, bool ext)
{
	cmd(c, ext ? MS_ATA_READ_NATIVE_MAX_EXT : MS_ATA_READ_NATIVE_MAX,
	    ext ? "READ NATIVE MAX ADDRESS EXT" : "READ NATIVE MAX ADDRESS", ext, MS_ATA_NON_DATA);
}

void ms_ata_set_max(struct ms_ata_cmd *c, uint64_t max_lba, bool ext, bool nonvolatile)
{
	cmd(c, ext ? MS_ATA_SET_MAX_EXT : MS_ATA_SET_MAX, ext ? "SET MAX ADDRESS EXT" : "SET MAX ADDRESS", ext,
	    MS_ATA_NON_DATA);
	c->lba = max_lba & (ext ? 0xFFFFFFFFFFFFull : 0xFFFFFFFull);
	c->count = nonvolatile ? 1 : 0; /* VV: value volatile bit, set = keep over power cycles */
}

void ms_ata_dco_identify(struct ms_ata_cmd *c, void *buf)
{
	cmd(c, MS_ATA_DCO, "DEVICE CONFIGURATION IDENTIFY", false, MS_ATA_PIO_IN);
	c->features = MS_ATA_DCO_IDENTIFY;
	pio(c, buf);
}

void ms_ata_dco_restore(struct ms_ata_cmd *c)
{
	cmd(c, MS_ATA_DCO, "DEVICE CONFIGURATION RESTORE", false, MS_ATA_NON_DATA);
	c->features = MS_ATA_DCO_RESTORE;
}

void ms_ata_amac_get_native(struct ms_ata_cmd *c)
{
	cmd(c, MS_ATA_AMAC, "GET NATIVE MAX ADDRESS EXT", true, MS_ATA_NON_DATA);
	c->features = MS_ATA_AMAC_GET_NATIVE;
}

void ms_ata_amac_set_accessible(struct ms_ata_cmd *c, uint64_t max_lba)
{
	cmd(c, MS_ATA_AMAC, "SET ACCESSIBLE MAX ADDRESS EXT", true, MS_ATA_NON_DATA);
	c->features = MS_ATA_AMAC_SET_ACCESSIBLE;
	c->lba = max_lba & 0xFFFFFFFFFFFFull;
}

/* Word 0 control bits, then the 32-byte password in words 1..16. */
static void pw_block(void *buf, uint16_t word0, const uint8_t pw[MS_ATA_PW_LEN])
{
	uint8_t *b = buf;
	memset(b, 0, 512);
	b[0] = (uint8_t)word0;
	b[1] = (uint8_t)(word0 >> 8);
	if (pw)
		memcpy(b + 2, pw, MS_ATA_PW_LEN);
}

void ms_ata_sec_set_password(struct ms_ata_cmd *c, void *buf, const uint8_t pw[MS_ATA_PW_LEN], bool master,
			     bool maximum)
{
	cmd(c, MS_ATA_SEC_SET_PASSWORD, "SECURITY SET PASSWORD", false, MS_ATA_PIO_OUT);
	pio(c, buf);
	pw_block(buf, (uint16_t)((master ? 1 : 0) | (maximum ? 0x100 : 0)), pw);
}

void ms_ata_sec_unlock(struct ms_ata_cmd *c, void *buf, const uint8_t pw[MS_ATA_PW_LEN], bool master)
{
	cmd(c, MS_ATA_SEC_UNLOCK, "SECURITY UNLOCK", false, MS_ATA_PIO_OUT);
	pio(c, buf);
	pw_block(buf, master ? 1 : 0, pw);
}

void ms_ata_sec_disable(struct ms_ata_cmd *c, void *buf, const uint8_t pw[MS_ATA_PW_LEN], bool master)
{
	cmd(c, MS_ATA_SEC_DISABLE_PASSWORD, "SECURITY DISABLE PASSWORD", false, MS_ATA_PIO_OUT);
	pio(c, buf);
	pw_block(buf, master ? 1 : 0, pw);
}

void ms_ata_sec_erase_prepare(struct ms_ata_cmd *c)
{
	cmd(c, MS_ATA_SEC_ERASE_PREPARE, "SECURITY ERASE PREPARE", false, MS_ATA_NON_DATA);
}

void ms_ata_sec_erase_unit(struct ms_ata_cmd *c, void *buf, const uint8_t pw[MS_ATA_PW_LEN], bool master,
			   bool enhanced, unsigned timeout_s)
{
	cmd(c, MS_ATA_SEC_ERASE_UNIT, enhanced ? "ENHANCED SECURITY ERASE UNIT" : "SECURITY ERASE UNIT", false,
	    MS_ATA_PIO_OUT);
	pio(c, buf);
	pw_block(buf, (uint16_t)((master ? 1 : 0) | (enhanced ? 2 : 0)), pw);
	c->timeout_s = timeout_s;
}

void ms_ata_sec_freeze_lock(struct ms_ata_cmd *c)
{
	cmd(c, MS_ATA_SEC_FREEZE_LOCK, "SECURITY FREEZE LOCK", false, MS_ATA_NON_DATA);
}

void ms_ata_sanitize(struct ms_ata_cmd *c, enum ms_ata_sanitize_op op, bool failure_mode, uint32_t pattern,
		     unsigned passes, bool invert)
{
	static const char *const names[] = {"SANITIZE BLOCK ERASE EXT", "SANITIZE CRYPTO SCRAMBLE EXT",
					    "SANITIZE OVERWRITE EXT"};
	cmd(c, MS_ATA_SANITIZE, names[op], true, MS_ATA_NON_DATA);
	c->count = failure_mode ? 0x10 : 0;
	switch (op) {
	case MS_SAN_BLOCK:
		c->features = MS_ATA_SAN_BLOCK;
		c->lba = MS_ATA_SIG_BLOCK;
		break;
	case MS_SAN_CRYPTO:
		c->features = MS_ATA_SAN_CRYPTO;
		c->lba = MS_ATA_SIG_CRYPTO;
		break;
	case MS_SAN_OVERWRITE:
		c->features = MS_ATA_SAN_OVERWRITE;
		c->lba = (uint64_t)MS_ATA_SIG_OVERWRITE << 32 | pattern;
		c->count |= (uint16_t)((passes & 0xF) | (invert ? 0x80 : 0)); /* 0 means 16 passes */
		break;
	}
}

void ms_ata_sanitize_status(struct ms_ata_cmd *c, bool clear_failure)
{
	cmd(c, MS_ATA_SANITIZE, "SANITIZE STATUS EXT", true, MS_ATA_NON_DATA);
	c->features = MS_ATA_SAN_STATUS;
	c->count = clear_failure ? 1 : 0;
}

void ms_ata_smart_read_data(struct ms_ata_cmd *c, void *buf)
{
	cmd(c, MS_ATA_SMART, "SMART READ DATA", false, MS_ATA_PIO_IN);
	c->features = MS_ATA_SMART_READ_DATA;
	c->lba = MS_ATA_SMART_LBA;
	c->device = 0;
	pio(c, buf);
}

void ms_ata_nop(struct ms_ata_cmd *c)
{
	cmd(c, MS_ATA_NOP, "NOP", false, MS_ATA_NON_DATA);
	c->device = 0;
}

/* ---- decoders ---------------------------------------------------------------------------- */

static uint16_t W(const uint8_t *raw, int i)
{
	return (uint16_t)(raw[2 * i] | raw[2 * i + 1] << 8);
}

/* Words 83/84/86/87/106/119/120 are valid only when bits 15:14 read 01b. */
static bool word_valid(uint16_t w)
{
	return (w & 0xC000) == 0x4000;
}

/* ATA strings hold two characters per word, the first in the high byte. */
static void ata_string(const uint8_t *raw, int first, int words, char *out)
{
	int n = 0;
	for (int i = 0; i < words; i++) {
		uint16_t w = W(raw, first + i);
		out[n++] = (char)(w >> 8);
		out[n++] = (char)(w & 0xFF);
	}
	out[n] = '\0';
	for (int i = 0; i < n; i++)
		if (!isprint((unsigned char)out[i]))
			out[i] = ' ';
	while (n && out[n - 1] == ' ')
		out[--n] = '\0';
	int lead = 0;
	while (out[lead] == ' ')
		lead++;
	memmove(out, out + lead, (size_t)(n - lead + 1));
}

/* Words 89/90: minutes / 2. ACS-3 has an extended form with bit 15 set; older drives
 * use the whole word, 255 meaning "more than 508 minutes". */
static unsigned erase_minutes(uint16_t w, bool *more)
{
	*more = false;
	if (w & 0x8000) {
		*more = (w & 0x7FFF) == 0x7FFF;
		return (unsigned)(w & 0x7FFF) * 2;
	}
	*more = w == 255;
	return (unsigned)w * 2;
}

int ms_ata_identify_decode(const uint8_t raw[512], struct ms_ata_identify *id)
{
	memset(id, 0, sizeof *id);
	uint16_t w0 = W(raw, 0);
	id->ata = !(w0 & 0x8000);
	if (!id->ata || w0 == 0xFFFF)
		return -EINVAL;
	id->checksum_present = (W(raw, 255) & 0xFF) == 0xA5;
	if (id->checksum_present) {
		uint8_t sum = 0;
		for (int i = 0; i < 512; i++)
			sum = (uint8_t)(sum + raw[i]);
		id->checksum_ok = sum == 0;
	}
	ata_string(raw, 10, 10, id->serial);
	ata_string(raw, 23, 4, id->firmware);
	ata_string(raw, 27, 20, id->model);

	uint16_t w82 = W(raw, 82), w83 = W(raw, 83), w84 = W(raw, 84), w85 = W(raw, 85), w86 = W(raw, 86);
	bool v82 = w82 != 0 && w82 != 0xFFFF;
	id->lba = W(raw, 49) & 0x0200;
	id->lba28_sectors = (uint64_t)W(raw, 60) | (uint64_t)W(raw, 61) << 16;
	id->lba48 = word_valid(w83) && (w83 & 0x0400);
	id->lba48_sectors = (uint64_t)W(raw, 100) | (uint64_t)W(raw, 101) << 16 | (uint64_t)W(raw, 102) << 32 |
			    (uint64_t)W(raw, 103) << 48;
	id->sectors = id->lba48 && id->lba48_sectors ? id->lba48_sectors : id->lba28_sectors;

	uint16_t w106 = W(raw, 106);
	id->logical_sector = 512;
	if (word_valid(w106) && (w106 & 0x1000))
		id->logical_sector = ((uint32_t)W(raw, 117) | (uint32_t)W(raw, 118) << 16) * 2;
	id->physical_sector = id->logical_sector;
	if (word_valid(w106) && (w106 & 0x2000))
		id->physical_sector = id->logical_sector << (w106 & 0xF);

	id->rotation = W(raw, 217);
	id->trim = W(raw, 169) & 1;
	id->trim_zeroes = (W(raw, 69) & 0x4020) == 0x4020;
	id->encrypts_all = W(raw, 69) & 0x0010;
	id->smart = v82 && (w82 & 1);
	id->smart_enabled = id->smart && (w85 & 1);
	id->hpa = v82 && (w82 & 0x0400);
	id->hpa_enabled = id->hpa && (w85 & 0x0400);
	id->dco = word_valid(w83) && (w83 & 0x0800);
	(void)w86;
	uint16_t w119 = W(raw, 119);
	id->amac = word_valid(w119) && (w119 & 0x0100);

	uint16_t w128 = W(raw, 128);
	id->sec_supported = w128 & 0x0001;
	id->sec_enabled = w128 & 0x0002;
	id->sec_locked = w128 & 0x0004;
	id->sec_frozen = w128 & 0x0008;
	id->sec_expired = w128 & 0x0010;
	id->sec_enhanced = w128 & 0x0020;
	id->sec_maximum = w128 & 0x0100;
	id->sec_master_revision = W(raw, 92);
	id->erase_minutes = erase_minutes(W(raw, 89), &id->erase_time_more);
	id->enhanced_erase_minutes = erase_minutes(W(raw, 90), &id->enhanced_time_more);

	uint16_t w59 = W(raw, 59);
	id->sanitize = w59 & 0x1000;
	id->sanitize_crypto = id->sanitize && (w59 & 0x2000);
	id->sanitize_overwrite = id->sanitize && (w59 & 0x4000);
	id->sanitize_block = id->sanitize && (w59 & 0x8000);
	id->sanitize_antifreeze = id->sanitize && (w59 & 0x0400);

	id->wwn_valid = word_valid(w84) && (w84 & 0x0100);
	if (id->wwn_valid)
		snprintf(id->wwn, sizeof id->wwn, "%04x%04x%04x%04x", W(raw, 108), W(raw, 109), W(raw, 110),
			 W(raw, 111));
	return 0;
}

int ms_ata_identify_parse_hex(const char *text, uint8_t raw[512])
{
	int n = 0;
	const char *p = text;
	while (*p) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		char *end;
		unsigned long w = strtoul(p, &end, 16);
		if (end - p != 4 || w > 0xFFFF || n == 256)
			return -EINVAL;
		raw[2 * n] = (uint8_t)w;
		raw[2 * n + 1] = (uint8_t)(w >> 8);
		n++;
		p = end;
	}
	return n == 256 ? 0 : -EINVAL;
}

void ms_ata_identify_seal(uint8_t raw[512])
{
	raw[510] = 0xA5;
	uint8_t sum = 0;
	for (int i = 0; i < 511; i++)
		sum = (uint8_t)(sum + raw[i]);
	raw[511] = (uint8_t)(0x100 - sum);
}

uint64_t ms_ata_native_max_lba(const struct ms_ata_status *s, bool ext)
{
	return s->lba & (ext ? 0xFFFFFFFFFFFFull : 0xFFFFFFFull);
}

void ms_ata_sanitize_status_decode(const struct ms_ata_status *s, struct ms_ata_sanitize_state *o)
{
	memset(o, 0, sizeof *o);
	o->completed_ok = s->count & 0x8000;
	o->in_progress = s->count & 0x4000;
	o->frozen = s->count & 0x2000;
	o->antifreeze = s->count & 0x1000;
	o->progress = (uint16_t)(s->lba & 0xFFFF);
	o->failed = s->valid && (s->status & MS_ATA_STAT_ERR);
}

int ms_ata_dco_decode(const uint8_t raw[512], struct ms_ata_dco *o)
{
	memset(o, 0, sizeof *o);
	o->revision = W(raw, 0);
	if (o->revision == 0 || o->revision == 0xFFFF)
		return -EINVAL;
	o->max_lba = (uint64_t)W(raw, 3) | (uint64_t)W(raw, 4) << 16 | (uint64_t)W(raw, 5) << 32 |
		     (uint64_t)W(raw, 6) << 48;
	uint16_t w7 = W(raw, 7);
	o->hpa = w7 & 0x0080;
	o->security = w7 & 0x0008;
	o->smart = w7 & 0x0001;
	return 0;
}

int ms_ata_smart_decode(const uint8_t raw[512], struct ms_ata_smart *o)
{
	memset(o, 0, sizeof *o);
	uint8_t sum = 0;
	for (int i = 0; i < 512; i++)
		sum = (uint8_t)(sum + raw[i]);
	if (sum != 0)
		return -EINVAL;
	for (int a = 0; a < 30; a++) {
		const uint8_t *e = raw + 2 + 12 * a;
		uint64_t v = (uint64_t)e[5] | (uint64_t)e[6] << 8 | (uint64_t)e[7] << 16 | (uint64_t)e[8] << 24;
		switch (e[0]) {
		case 9: o->have_hours = true; o->power_on_hours = v; break;
		case 5: o->have_realloc = true; o->reallocated = v; break;
		case 197: o->have_pending = true; o->pending = v; break;
		default: break;
		}
	}
	return 0;
}
