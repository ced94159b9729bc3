/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tcg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static uint32_t be(const uint8_t *p, int n)
{
	uint32_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

int ms_tcg_l0_decode(const uint8_t *raw, size_t len, struct ms_tcg_l0 *o)
{
	memset(o, 0, sizeof *o);
	if (len < 48)
		return -ENODATA;
	size_t total = (size_t)be(raw, 4) + 4; /* the length field excludes itself */
	if (total > len)
		total = len;
	bool any = false;
	for (size_t i = 48; i + 4 <= total; i += 4 + raw[i + 3]) {
		uint16_t code = (uint16_t)be(raw + i, 2);
		const uint8_t *d = raw + i + 4;
		uint8_t n = raw[i + 3];
		if (i + 4 + n > total)
			break;
		const char *ssc = NULL;
		switch (code) {
		case 0x0001: o->tper = true; any = true; break;
		case 0x0002:
			if (n >= 1) {
				o->locking_supported = d[0] & 0x01;
				o->locking_enabled = d[0] & 0x02;
				o->locked = d[0] & 0x04;
				o->media_encryption = d[0] & 0x08;
				o->mbr_enabled = d[0] & 0x10;
				o->mbr_done = d[0] & 0x20;
			}
			any = true;
			break;
		case 0x0100: ssc = "Enterprise"; break;
		case 0x0200: ssc = "Opal 1"; break;
		case 0x0203: ssc = "Opal 2"; break;
		case 0x0301: ssc = "Opalite"; break;
		case 0x0302: ssc = "Pyrite 1"; break;
		case 0x0303: ssc = "Pyrite 2"; break;
		case 0x0304: ssc = "Ruby"; break;
		default: break;
		}
		if (ssc && !o->ssc[0]) {
			snprintf(o->ssc, sizeof o->ssc, "%s", ssc);
			if (n >= 2)
				o->base_comid = (uint16_t)be(d, 2);
			any = true;
		}
	}
	return any ? 0 : -ENODATA;
}

void ms_ata_trusted_receive(struct ms_ata_cmd *c, uint8_t protocol, uint16_t comid, void *buf, size_t len)
{
	memset(c, 0, sizeof *c);
	c->command = 0x5C;
	c->name = "TRUSTED RECEIVE (TCG LEVEL 0 DISCOVERY)";
	c->proto = MS_ATA_PIO_IN;
	c->features = protocol;
	c->lba = (uint64_t)comid << 8; /* SP specific in LBA 23:8 */
	c->count = (uint16_t)(len / 512);
	c->data = buf;
	c->len = len;
	c->device = 0x40;
	c->timeout_s = 15;
}

void ms_nvme_security_recv(struct ms_nvme_cmd *c, uint8_t protocol, uint16_t comid, void *buf, uint32_t len)
{
	memset(c, 0, sizeof *c);
	c->opcode = MS_NVME_SECURITY_RECV;
	c->name = "SECURITY RECEIVE (TCG LEVEL 0 DISCOVERY)";
	c->cdw10 = (uint32_t)protocol << 24 | (uint32_t)comid << 8;
	c->cdw11 = len;
	c->data = buf;
	c->len = len;
	c->timeout_s = 15;
}

void ms_scsi_security_in(struct ms_scsi_cmd *c, uint8_t protocol, uint16_t comid, void *buf, uint32_t len)
{
	memset(c, 0, sizeof *c);
	c->cdb_len = 12;
	c->cdb[0] = 0xA2;
	c->cdb[1] = protocol;
	c->cdb[2] = (uint8_t)(comid >> 8);
	c->cdb[3] = (uint8_t)comid;
	c->cdb[6] = (uint8_t)(len >> 24);
	c->cdb[7] = (uint8_t)(len >> 16);
	c->cdb[8] = (uint8_t)(len >> 8);
	c->cdb[9] = (uint8_t)len;
	c->dir = MS_SCSI_DIR_IN;
	c->data = buf;
	c->len = len;
	c->name = "SECURITY PROTOCOL IN (TCG LEVEL 0 DISCOVERY)";
	c->timeout_s = 15;
}
