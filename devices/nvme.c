/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "nvme.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/util.h"

static void cmd(struct ms_nvme_cmd *c, uint8_t op, const char *name)
{
	memset(c, 0, sizeof *c);
	c->opcode = op;
	c->name = name;
	c->timeout_s = 15;
}

void ms_nvme_status_from_kernel(int status, uint32_t result, struct ms_nvme_status *st)
{
	st->valid = true;
	st->sc = (uint8_t)(status & 0xFF);
	st->sct = (uint8_t)((status >> 8) & 0x7);
	st->dnr = status & 0x4000;
	st->result = result;
}

void ms_nvme_status_text(const struct ms_nvme_status *st, char *out, size_t len)
{
	const char *what = "error";
	if (st->sct == 0)
		switch (st->sc) {
		case 0x00: what = "Successful Completion"; break;
		case 0x01: what = "Invalid Command Opcode"; break;
		case 0x02: what = "Invalid Field in Command"; break;
		case 0x06: what = "Internal Error"; break;
		case 0x0B: what = "Invalid Namespace or Format"; break;
		case 0x1C: what = "Sanitize Failed"; break;
		case 0x1D: what = "Sanitize In Progress"; break;
		default: break;
		}
	else if (st->sct == 1 && st->sc == 0x0A)
		what = "Invalid Format";
	snprintf(out, len, "%s (SCT %Xh SC %02Xh)", what, st->sct, st->sc);
}

/* Identify with CNS cns about nsid (a namespace, or the ID list's lower bound): 4 KiB. */
static void identify(struct ms_nvme_cmd *c, const char *name, uint32_t cns, uint32_t nsid, void *buf)
{
	cmd(c, MS_NVME_IDENTIFY, name);
	c->nsid = nsid;
	c->cdw10 = cns;
	c->data = buf;
	c->len = 4096;
}

void ms_nvme_identify_ctrl(struct ms_nvme_cmd *c, void *buf)
{
	identify(c, "IDENTIFY CONTROLLER", 0x01, 0, buf);
}

void ms_nvme_identify_ns(struct ms_nvme_cmd *c, uint32_t nsid, void *buf)
{
	identify(c, "IDENTIFY NAMESPACE", 0x00, nsid, buf);
}

void ms_nvme_identify_active(struct ms_nvme_cmd *c, uint32_t above, void *buf)
{
	identify(c, "IDENTIFY ACTIVE NAMESPACE LIST", 0x02, above, buf);
}

void ms_nvme_identify_allocated(struct ms_nvme_cmd *c, uint32_t above, void *buf)
{
	identify(c, "IDENTIFY ALLOCATED NAMESPACE LIST", 0x10, above, buf);
}

void ms_nvme_get_log(struct ms_nvme_cmd *c, uint8_t lid, uint32_t nsid, void *buf, uint32_t len)
{
	cmd(c, MS_NVME_GET_LOG_PAGE, lid == MS_NVME_LOG_SANITIZE ? "GET LOG PAGE (SANITIZE STATUS)" :
				     lid == MS_NVME_LOG_SMART ? "GET LOG PAGE (SMART / HEALTH)" : "GET LOG PAGE");
	uint32_t numd = len / 4 - 1; /* dwords, 0-based */
	c->nsid = nsid;
	c->cdw10 = lid | (numd & 0xFFFF) << 16;
	c->cdw11 = numd >> 16;
	c->data = buf;
	c->len = len;
}

void ms_nvme_format(struct ms_nvme_cmd *c, uint32_t nsid, unsigned lbaf, enum ms_nvme_ses ses, unsigned timeout_s)
{
	cmd(c, MS_NVME_FORMAT, ses == MS_NVME_SES_CRYPTO ? "FORMAT NVM (SES=2 CRYPTO ERASE)" :
			       ses == MS_NVME_SES_USER ? "FORMAT NVM (SES=1 USER DATA ERASE)" : "FORMAT NVM");
	c->nsid = nsid;
	c->cdw10 = (lbaf & 0xF) | ((uint32_t)ses & 0x7) << 9 | ((lbaf >> 4) & 0x3) << 12;
	c->timeout_s = timeout_s;
}

void ms_nvme_sanitize(struct ms_nvme_cmd *c, enum ms_nvme_sanact act, bool ause, bool no_dealloc,
		      uint32_t pattern, unsigned passes)
{
	static const char *const names[] = {"", "SANITIZE (EXIT FAILURE MODE)", "SANITIZE (BLOCK ERASE)",
					    "SANITIZE (OVERWRITE)", "SANITIZE (CRYPTO ERASE)"};
	cmd(c, MS_NVME_SANITIZE, names[act]);
	c->cdw10 = (uint32_t)act | (ause ? 1u << 3 : 0) | (no_dealloc ? 1u << 9 : 0);
	if (act == MS_NVME_SAN_OVERWRITE) {
		c->cdw10 |= (passes & 0xF) << 4; /* 0 means 16 */
		c->cdw11 = pattern;
	}
}

static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int ms_nvme_ctrl_decode(const uint8_t r[4096], struct ms_nvme_ctrl *o)
{
	memset(o, 0, sizeof *o);
	ms_ascii_field(r + 4, 20, o->serial);
	ms_ascii_field(r + 24, 40, o->model);
	ms_ascii_field(r + 64, 8, o->firmware);
	o->oacs = (uint16_t)le(r + 256, 2);
	o->security = o->oacs & 1;
	o->format = o->oacs & 2;
	o->ns_management = o->oacs & 8;
	o->sanicap = (uint32_t)le(r + 328, 4);
	o->san_crypto = o->sanicap & 1;
	o->san_block = o->sanicap & 2;
	o->san_overwrite = o->sanicap & 4;
	o->san_no_dealloc_inhibited = o->sanicap & (1u << 29);
	o->sanitize_any = o->sanicap & 7;
	o->nn = (uint32_t)le(r + 516, 4);
	/* 128-bit fields: a controller beyond 16 EiB saturates */
	o->tnvmcap = le(r + 288, 8) ? UINT64_MAX : le(r + 280, 8);
	o->unvmcap = le(r + 304, 8) ? UINT64_MAX : le(r + 296, 8);
	o->fna = r[524];
	o->format_all_ns = o->fna & 1;
	o->erase_all_ns = o->fna & 2;
	o->crypto_erase_format = o->fna & 4;
	return o->model[0] || o->serial[0] ? 0 : -EINVAL;
}

int ms_nvme_active_decode(const uint8_t r[4096], uint32_t *out, size_t max, bool *more)
{
	size_t n = 0;
	uint32_t last = 0;
	*more = false;
	for (size_t i = 0; i < 1024; i++) {
		uint32_t id = (uint32_t)le(r + 4 * i, 4);
		if (!id)
			return (int)n;
		if (id <= last || id >= 0xFFFFFFFEu)
			return -EINVAL;
		if (n == max)
			return -E2BIG;
		out[n++] = last = id;
	}
	*more = true;
	return (int)n;
}

static void hex_or_empty(const uint8_t *p, size_t n, char *out)
{
	bool any = false;
	for (size_t i = 0; i < n; i++)
		any |= p[i] != 0;
	if (any)
		ms_hex(p, n, out);
	else
		out[0] = '\0';
}

int ms_nvme_ns_decode(const uint8_t r[4096], struct ms_nvme_ns *o)
{
	memset(o, 0, sizeof *o);
	o->nsze = le(r, 8);
	o->ncap = le(r + 8, 8);
	o->nuse = le(r + 16, 8);
	o->nlbaf = (unsigned)r[25] + 1;
	o->lbaf = (r[26] & 0xF) | ((r[26] >> 5) & 0x3) << 4;
	if (o->lbaf >= 64)
		return -EINVAL;
	uint32_t f = (uint32_t)le(r + 128 + 4 * o->lbaf, 4);
	unsigned lbads = (f >> 16) & 0xFF;
	if (lbads < 9 || lbads > 16)
		return -EINVAL;
	o->lba_size = 1u << lbads;
	o->metadata = (uint16_t)(f & 0xFFFF);
	hex_or_empty(r + 104, 16, o->nguid);
	hex_or_empty(r + 120, 8, o->eui64);
	return o->nsze ? 0 : -EINVAL;
}

int ms_nvme_sanlog_decode(const uint8_t r[512], struct ms_nvme_sanlog *o)
{
	memset(o, 0, sizeof *o);
	o->sprog = (uint16_t)le(r, 2);
	uint16_t sstat = (uint16_t)le(r + 2, 2);
	o->status = (enum ms_nvme_sstat)(sstat & 0x7);
	o->passes_done = (sstat >> 3) & 0x1F;
	o->global_erased = sstat & 0x100;
	o->scdw10 = (uint32_t)le(r + 4, 4);
	o->est_overwrite = (uint32_t)le(r + 8, 4);
	o->est_block = (uint32_t)le(r + 12, 4);
	o->est_crypto = (uint32_t)le(r + 16, 4);
	return o->status <= MS_NVME_SSTAT_SUCCESS_NO_DEALLOC ? 0 : -EINVAL;
}

const char *ms_nvme_sstat_name(enum ms_nvme_sstat s)
{
	static const char *const n[] = {"never sanitized", "completed successfully", "in progress", "failed",
					"completed successfully without deallocation"};
	return (unsigned)s < 5 ? n[s] : "unknown";
}

int ms_nvme_smart_decode(const uint8_t r[512], struct ms_nvme_smart *o)
{
	memset(o, 0, sizeof *o);
	o->critical_warning = r[0];
	o->percentage_used = r[5];
	o->power_on_hours = le(r + 128, 8);
	o->unsafe_shutdowns = le(r + 144, 8);
	o->media_errors = le(r + 160, 8);
	return 0;
}
