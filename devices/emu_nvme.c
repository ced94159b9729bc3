/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The emulated drive's NVMe controller: Identify built from its state, Format NVM with
 * Secure Erase Settings (1: user data erased, 2: crypto erase, contents unrelated data),
 * Sanitize with progress in the Sanitize Status log, a failure state, resumption after
 * power loss (the same non-volatile state as the ATA sanitize), and a profile without
 * sanitize that answers it with Invalid Command Opcode, as QEMU's NVMe does. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/util.h"
#include "emu_internal.h"

static int status(struct ms_nvme_status *st, uint8_t sct, uint8_t sc)
{
	st->valid = true;
	st->sct = sct;
	st->sc = sc;
	st->dnr = sc != 0;
	return 0;
}

static void put(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_ascii(uint8_t *p, const char *s, size_t n)
{
	size_t l = strlen(s);
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i < l ? s[i] : ' ');
}

static void identify_ctrl(const struct emu_priv *p, uint8_t *r)
{
	const struct ms_emu_ata_caps *c = &p->cfg.caps;
	memset(r, 0, 4096);
	put(r, 0x1b36, 2); /* PCI vendor, as QEMU's */
	put_ascii(r + 4, p->cfg.serial, 20);
	put_ascii(r + 24, p->cfg.model, 40);
	put_ascii(r + 64, p->cfg.firmware, 8);
	put(r + 256, (c->nvme_format ? 0x0002 : 0) | (c->detached ? 0x0008 : 0), 2);
	put(r + 328, (c->san_crypto ? 1u : 0) | (c->san_block ? 2u : 0) | (c->san_overwrite ? 4u : 0), 4);
	uint64_t ns_bytes = p->fw.factory_sectors * p->logical;
	put(r + 280, ns_bytes * p->nns + c->unallocated, 8);  /* TNVMCAP (low 64 bits) */
	put(r + 296, c->unallocated, 8);                       /* UNVMCAP */
	put(r + 516, p->nns, 4);                               /* NN */
	r[524] = (uint8_t)((c->nvme_crypto_format ? 0x04 : 0) | (c->fna_all ? 0x01 : 0));
}

/* CNS 02h: the active namespace IDs above nsid, ascending, zero-terminated; CNS 10h
 * (allocated) lists a detached one too. */
static void ns_list(const struct emu_priv *p, uint32_t above, bool allocated, uint8_t *r)
{
	memset(r, 0, 4096);
	size_t i = 0;
	for (uint32_t k = above + 1; k <= p->nns; k++)
		if (allocated || k != p->cfg.caps.detached)
			put(r + 4 * i++, k, 4);
}

static void identify_ns(const struct emu_priv *p, uint32_t nsid, uint8_t *r)
{
	uint64_t n = nsid == 1 ? ms_emu_accessible(&p->fw, &p->vol) : p->fw.factory_sectors;
	char hex[65];
	memset(r, 0, 4096);
	put(r, n, 8);
	put(r + 8, n, 8);
	put(r + 16, n, 8);
	r[25] = 1;                                      /* two LBA formats: 512, 4096 */
	r[26] = p->cfg.logical == 4096 ? 1 : 0;
	put(r + 128, 9u << 16, 4);
	put(r + 132, 12u << 16, 4);
	char seed[80];
	snprintf(seed, sizeof seed, nsid == 1 ? "%s" : "%s/%u", p->cfg.serial, nsid);
	ms_sha256_hex(seed, strlen(seed), hex);
	ms_hex_decode(hex, 32, r + 104, 16);            /* NGUID from the serial: stable */
}

static void sanitize_log(struct emu_priv *p, uint8_t *r)
{
	struct emu_fw *fw = &p->fw;
	memset(r, 0, 512);
	ms_emu_sanitize_tick(p);
	unsigned sstat = fw->san_running ? MS_NVME_SSTAT_IN_PROGRESS : fw->san_failed ? MS_NVME_SSTAT_FAILED :
			 fw->san_last_ok ? MS_NVME_SSTAT_SUCCESS : MS_NVME_SSTAT_NEVER;
	uint16_t sprog = 0xFFFF;
	if (fw->san_running) {
		int64_t el = ms_emu_now_ms() - fw->san_start_ms;
		sprog = (uint16_t)(el * 65535 / (fw->san_ms ? fw->san_ms : 1));
	}
	if (fw->san_last_ok && !fw->san_running)
		sstat |= 0x100; /* global data erased */
	put(r, sprog, 2);
	put(r + 2, sstat, 2);
	put(r + 8, 1, 4);
	put(r + 12, 1, 4);
	put(r + 16, 1, 4);
}

static void smart_log(uint8_t *r)
{
	memset(r, 0, 512);
	r[3] = 100;          /* available spare */
	put(r + 128, 4321, 8); /* power-on hours */
}

static int format(struct emu_priv *p, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	const struct ms_emu_ata_caps *caps = &p->cfg.caps;
	unsigned lbaf = c->cdw10 & 0xF, ses = (c->cdw10 >> 9) & 0x7;
	if (!caps->nvme_format)
		return status(st, 0, MS_NVME_SC_INVALID_OPCODE);
	if (p->fw.san_running)
		return status(st, 0, MS_NVME_SC_SANITIZE_IN_PROGRESS);
	if ((c->nsid < 1 || c->nsid > p->nns) && c->nsid != 0xFFFFFFFF)
		return status(st, 0, 0x0B);
	if (lbaf != (p->cfg.logical == 4096 ? 1u : 0u))
		return status(st, 1, 0x0A); /* changing the format is not emulated */
	if (ses > 2 || (ses == 2 && !caps->nvme_crypto_format))
		return status(st, 0, MS_NVME_SC_INVALID_FIELD);
	uint64_t end = p->fw.factory_sectors * p->logical;
	/* SES 0 and 1 leave deallocated (zero) blocks; SES 2 destroys the key: the
	 * contents become unrelated data. */
	/* FNA bit 0: a Format reaches every namespace, whichever it names; else the one it
	 * names, or all for the broadcast nsid. */
	bool all = c->nsid == 0xFFFFFFFF || caps->fna_all;
	if (c->nsid != 0xFFFFFFFF && c->nsid == caps->detached)
		return status(st, 0, 0x0B); /* not attached to this controller */
	for (uint32_t ns = 1; ns <= p->nns; ns++)
		if ((all || ns == c->nsid) && ns != caps->detached && ms_emu_fill_ns(p, ns, 0, end, ses == 2 ? 1 : 0, 0))
			return status(st, 0, 0x06);
	return status(st, 0, 0);
}

static int sanitize(struct emu_priv *p, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	const struct ms_emu_ata_caps *caps = &p->cfg.caps;
	struct emu_fw *fw = &p->fw;
	unsigned act = c->cdw10 & 0x7;
	if (!(caps->san_block || caps->san_crypto || caps->san_overwrite))
		return status(st, 0, MS_NVME_SC_INVALID_OPCODE); /* SANICAP 0: as QEMU */
	if (fw->san_running)
		return status(st, 0, MS_NVME_SC_SANITIZE_IN_PROGRESS);
	if (act == MS_NVME_SAN_EXIT_FAILURE) {
		if (!fw->san_failed || !fw->san_failure_mode)
			return status(st, 0, MS_NVME_SC_INVALID_FIELD);
		fw->san_failed = false;
		ms_emu_fw_save(p);
		return status(st, 0, 0);
	}
	int op = act == MS_NVME_SAN_BLOCK ? MS_SAN_BLOCK : act == MS_NVME_SAN_CRYPTO ? MS_SAN_CRYPTO :
		 act == MS_NVME_SAN_OVERWRITE ? MS_SAN_OVERWRITE : -1;
	bool have = op == MS_SAN_BLOCK ? caps->san_block : op == MS_SAN_CRYPTO ? caps->san_crypto :
		    op == MS_SAN_OVERWRITE ? caps->san_overwrite : false;
	if (!have)
		return status(st, 0, MS_NVME_SC_INVALID_FIELD);
	fw->san_running = true;
	fw->san_failed = false;
	fw->san_last_ok = false;
	fw->san_failure_mode = c->cdw10 & (1u << 3); /* AUSE */
	fw->san_op = op;
	fw->san_pattern = c->cdw11;
	fw->san_passes = ((c->cdw10 >> 4) & 0xF) ? ((c->cdw10 >> 4) & 0xF) : 16;
	fw->san_invert = c->cdw10 & (1u << 8);
	fw->san_start_ms = ms_emu_now_ms();
	ms_emu_fw_save(p);
	if (p->f.powerloss == MS_EMU_PL_SANITIZE)
		p->vol.dead = true;
	return status(st, 0, 0);
}

int ms_emu_nvme_exec(struct emu_priv *p, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	memset(st, 0, sizeof *st);
	if (!p->cfg.caps.nvme)
		return -EOPNOTSUPP;
	if (p->vol.dead)
		return -ENODEV;
	if (p->f.abort_op == c->opcode)
		return status(st, 0, 0x06);
	int r;
	switch (c->opcode) {
	case MS_NVME_IDENTIFY:
		if (!c->data || c->len < 4096)
			return -EINVAL;
		if ((c->cdw10 & 0xFF) == 1)
			identify_ctrl(p, c->data);
		else if ((c->cdw10 & 0xFF) == 0 && c->nsid >= 1 && c->nsid <= p->nns && c->nsid != p->cfg.caps.detached)
			identify_ns(p, c->nsid, c->data);
		else if ((c->cdw10 & 0xFF) == 2 && c->nsid < 0xFFFFFFFE)
			ns_list(p, c->nsid, false, c->data);
		else if ((c->cdw10 & 0xFF) == 0x10 && c->nsid < 0xFFFFFFFE && p->cfg.caps.detached)
			ns_list(p, c->nsid, true, c->data);
		else
			return status(st, 0, MS_NVME_SC_INVALID_FIELD);
		r = status(st, 0, 0);
		break;
	case MS_NVME_GET_LOG_PAGE: {
		uint8_t lid = (uint8_t)(c->cdw10 & 0xFF);
		if (!c->data || c->len < 512)
			return -EINVAL;
		if (lid == MS_NVME_LOG_SANITIZE && (p->cfg.caps.san_block || p->cfg.caps.san_crypto ||
						    p->cfg.caps.san_overwrite))
			sanitize_log(p, c->data);
		else if (lid == MS_NVME_LOG_SMART)
			smart_log(c->data);
		else
			return status(st, 0, MS_NVME_SC_INVALID_FIELD); /* QEMU: no sanitize log */
		r = status(st, 0, 0);
		break;
	}
	case MS_NVME_FORMAT:
		r = format(p, c, st);
		break;
	case MS_NVME_SECURITY_RECV:
		if (!p->cfg.caps.sed || (c->cdw10 >> 24) != 0x01 || !c->data || c->len < 512)
			return status(st, 0, p->cfg.caps.sed ? MS_NVME_SC_INVALID_FIELD : MS_NVME_SC_INVALID_OPCODE);
		ms_emu_tcg_l0(c->data, c->len, p->cfg.caps.sed_locked);
		r = status(st, 0, 0);
		break;
	case MS_NVME_SANITIZE:
		r = sanitize(p, c, st);
		break;
	default:
		r = status(st, 0, MS_NVME_SC_INVALID_OPCODE);
	}
	if (r == 0 && p->f.drop_op == c->opcode) {
		memset(st, 0, sizeof *st);
		return -ETIMEDOUT;
	}
	return r;
}
