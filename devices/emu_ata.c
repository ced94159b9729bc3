/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The emulated drive's ATA firmware: IDENTIFY built from its state, the security
 * state machine (ACS-3 SEC1..SEC6), HPA (SET MAX), DCO, AMAC, SANITIZE with progress
 * and a failure state, SMART. Faults: power loss, dropped completion, forced abort. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../util/util.h"
#include "emu_internal.h"
#include "sat.h"

int64_t ms_emu_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int done(struct ms_ata_status *st)
{
	st->valid = true;
	st->status = MS_ATA_STAT_DRDY | 0x10; /* DRDY, DSC: ready */
	return 0;
}

static int aborted(struct ms_ata_status *st, uint8_t error)
{
	st->valid = true;
	st->status = MS_ATA_STAT_DRDY | MS_ATA_STAT_ERR;
	st->error = error;
	return 0;
}

static void setw(uint8_t *raw, int w, uint16_t v)
{
	raw[2 * w] = (uint8_t)v;
	raw[2 * w + 1] = (uint8_t)(v >> 8);
}

static void set_string(uint8_t *raw, int first, int words, const char *s)
{
	size_t n = strlen(s);
	for (int i = 0; i < 2 * words; i++) {
		char ch = (size_t)i < n ? s[i] : ' ';
		raw[2 * first + (i ^ 1)] = (uint8_t)ch; /* first character in the high byte */
	}
}

static void build_identify(const struct emu_priv *p, uint8_t raw[512])
{
	const struct ms_emu_ata_caps *c = &p->cfg.caps;
	uint64_t acc = ms_emu_accessible(&p->fw, &p->vol);
	memset(raw, 0, 512);
	setw(raw, 0, 0x0040);
	set_string(raw, 10, 10, p->cfg.serial);
	set_string(raw, 23, 4, p->cfg.firmware);
	set_string(raw, 27, 20, p->cfg.model);
	setw(raw, 49, 0x0300);
	setw(raw, 53, 0x0006);
	uint64_t l28 = acc > 0x0FFFFFFF ? 0x0FFFFFFF : acc;
	setw(raw, 60, (uint16_t)l28);
	setw(raw, 61, (uint16_t)(l28 >> 16));
	setw(raw, 80, 0x07F0);
	setw(raw, 82, (uint16_t)(0x4001 | (c->security ? 0x0002 : 0) | (c->hpa ? 0x0400 : 0)));
	setw(raw, 83, (uint16_t)(0x4400 | (c->dco ? 0x0800 : 0)));
	setw(raw, 84, 0x4000);
	setw(raw, 85, (uint16_t)(0x0001 | (p->fw.sec_enabled ? 0x0002 : 0) | (c->hpa ? 0x0400 : 0)));
	setw(raw, 86, (uint16_t)(0x0400 | (c->dco ? 0x0800 : 0)));
	setw(raw, 87, 0x4000);
	setw(raw, 89, (uint16_t)((c->erase_minutes + 1) / 2));
	setw(raw, 90, (uint16_t)(c->enhanced ? (c->enhanced_minutes + 1) / 2 : 0));
	setw(raw, 92, 0xFFFE);
	for (int i = 0; i < 4; i++)
		setw(raw, 100 + i, (uint16_t)(acc >> (16 * i)));
	uint16_t w106 = 0x4000;
	if (p->cfg.physical > p->cfg.logical) {
		unsigned shift = 0;
		while ((p->cfg.logical << shift) < p->cfg.physical)
			shift++;
		w106 |= (uint16_t)(0x2000 | shift);
	}
	if (p->cfg.logical > 512) {
		w106 |= 0x1000;
		setw(raw, 117, (uint16_t)(p->cfg.logical / 2));
		setw(raw, 118, (uint16_t)(p->cfg.logical / 2 >> 16));
	}
	setw(raw, 106, w106);
	setw(raw, 119, (uint16_t)(0x4000 | (c->amac ? 0x0100 : 0)));
	setw(raw, 120, 0x4000);
	uint16_t w128 = 0;
	if (c->security)
		w128 = (uint16_t)(0x0001 | (p->fw.sec_enabled ? 0x0002 : 0) | (p->vol.locked ? 0x0004 : 0) |
				  (p->vol.frozen ? 0x0008 : 0) | (p->vol.expired ? 0x0010 : 0) |
				  (c->enhanced ? 0x0020 : 0) | (p->fw.sec_maximum ? 0x0100 : 0));
	setw(raw, 128, w128);
	bool san = c->san_block || c->san_crypto || c->san_overwrite;
	setw(raw, 59, (uint16_t)((san ? 0x1000 : 0) | (c->san_crypto ? 0x2000 : 0) | (c->san_overwrite ? 0x4000 : 0) |
				 (c->san_block ? 0x8000 : 0)));
	if (!p->cfg.rotational) {
		setw(raw, 69, 0x4020);
		setw(raw, 169, 0x0001);
	}
	setw(raw, 217, p->cfg.rotational ? 7200 : 1);
	ms_ata_identify_seal(raw);
}

/* ---- what erasing does to the medium ------------------------------------------------ */

int ms_emu_fill(struct emu_priv *p, uint64_t from, uint64_t to, int kind, uint32_t pattern)
{
	return ms_emu_fill_ns(p, 1, from, to, kind, pattern);
}

int ms_emu_fill_ns(struct emu_priv *p, uint32_t nsid, uint64_t from, uint64_t to, int kind, uint32_t pattern)
{
	if (nsid < 1 || nsid > p->nns)
		return -EINVAL;
	if (nsid == p->f.ns_untouched)
		return 0; /* a firmware that forgets a namespace, and says nothing */
	int fd = nsid == 1 ? p->fd : p->ns_fd[nsid - 1];
	enum { CH = 1 << 20 };
	uint8_t *buf = malloc(CH);
	EVP_CIPHER_CTX *ctx = NULL;
	if (!buf)
		return -ENOMEM;
	if (kind == 1) { /* random: a key nobody keeps, as a crypto erase leaves it */
		uint8_t key[32], iv[16];
		ms_random_bytes(key, sizeof key);
		ms_random_bytes(iv, sizeof iv);
		ctx = EVP_CIPHER_CTX_new();
		EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, key, iv);
		ms_memzero(key, sizeof key);
	}
	int r = 0;
	for (uint64_t off = from; off < to && !r; off += CH) {
		size_t n = to - off < CH ? (size_t)(to - off) : CH;
		if (kind == 0) {
			memset(buf, 0, n);
		} else if (kind == 1) {
			int outl;
			memset(buf, 0, n);
			EVP_EncryptUpdate(ctx, buf, &outl, buf, (int)n);
		} else {
			for (size_t i = 0; i < n; i++)
				buf[i] = (uint8_t)(pattern >> (8 * ((off + i) % 4)));
		}
		if (pwrite(fd, buf, n, (off_t)off) != (ssize_t)n)
			r = -EIO;
	}
	EVP_CIPHER_CTX_free(ctx);
	free(buf);
	fdatasync(fd);
	return r;
}

static uint64_t factory_bytes(const struct emu_priv *p)
{
	return p->fw.factory_sectors * p->logical;
}

void ms_emu_sanitize_tick(struct emu_priv *p)
{
	struct emu_fw *fw = &p->fw;
	if (!fw->san_running || ms_emu_now_ms() - fw->san_start_ms < fw->san_ms)
		return;
	uint64_t end = factory_bytes(p);
	/* Sanitize is controller-wide: every namespace (an ATA drive has one). */
	for (uint32_t ns = 1; ns <= p->nns; ns++) {
		if (p->f.sanitize_fail)
			ms_emu_fill_ns(p, ns, 0, end / 2, 0, 0); /* it failed half-way: the rest is still there */
		else if (fw->san_op == MS_SAN_BLOCK)
			ms_emu_fill_ns(p, ns, 0, end, 0, 0);
		else if (fw->san_op == MS_SAN_CRYPTO)
			ms_emu_fill_ns(p, ns, 0, end, 1, 0);
		else
			ms_emu_fill_ns(p, ns, 0, end, 2,
				       fw->san_invert && fw->san_passes % 2 == 0 ? ~fw->san_pattern : fw->san_pattern);
	}
	fw->san_failed = p->f.sanitize_fail;
	fw->san_last_ok = !p->f.sanitize_fail;
	fw->san_running = false;
	ms_emu_fw_save(p);
}

int ms_emu_io_allowed(struct emu_priv *p)
{
	if (p->vol.dead)
		return -ENODEV;
	ms_emu_sanitize_tick(p);
	if (p->vol.locked || p->fw.san_running || p->fw.san_failed)
		return -EIO; /* the drive aborts media access; the kernel reports EIO */
	return 0;
}

/* ---- security ---------------------------------------------------------------------------- */

static bool pw_matches(struct emu_priv *p, const uint8_t *data, bool *master)
{
	*master = data[0] & 1;
	if (*master)
		return !p->fw.sec_maximum && memcmp(data + 2, p->fw.master_pw, MS_ATA_PW_LEN) == 0;
	return memcmp(data + 2, p->fw.user_pw, MS_ATA_PW_LEN) == 0;
}

static int wrong_password(struct emu_priv *p, struct ms_ata_status *st)
{
	if (p->vol.attempts && --p->vol.attempts == 0)
		p->vol.expired = true;
	return aborted(st, MS_ATA_ERR_ABRT);
}

static int security(struct emu_priv *p, struct ms_ata_cmd *c, struct ms_ata_status *st, bool was_prepared)
{
	struct emu_vol *v = &p->vol;
	struct emu_fw *fw = &p->fw;
	bool master;
	if (!p->cfg.caps.security)
		return aborted(st, MS_ATA_ERR_ABRT);
	const uint8_t *d = c->data;
	if (c->proto == MS_ATA_PIO_OUT && (!d || c->len < 512))
		return -EINVAL;
	switch (c->command) {
	case MS_ATA_SEC_SET_PASSWORD:
		if (v->frozen || v->locked)
			return aborted(st, MS_ATA_ERR_ABRT);
		if (d[0] & 1) {
			memcpy(fw->master_pw, d + 2, MS_ATA_PW_LEN);
		} else {
			memcpy(fw->user_pw, d + 2, MS_ATA_PW_LEN);
			fw->sec_enabled = true;
			fw->sec_maximum = d[1] & 1;
		}
		ms_emu_fw_save(p);
		return done(st);
	case MS_ATA_SEC_UNLOCK:
		if (v->frozen || v->expired || !fw->sec_enabled)
			return aborted(st, MS_ATA_ERR_ABRT);
		if (!pw_matches(p, d, &master))
			return wrong_password(p, st);
		v->locked = false;
		return done(st);
	case MS_ATA_SEC_ERASE_PREPARE:
		if (v->frozen)
			return aborted(st, MS_ATA_ERR_ABRT);
		v->prepared = true;
		return done(st);
	case MS_ATA_SEC_ERASE_UNIT: {
		bool enhanced = d[0] & 2;
		if (!was_prepared || v->frozen || v->expired || !fw->sec_enabled ||
		    (enhanced && !p->cfg.caps.enhanced))
			return aborted(st, MS_ATA_ERR_ABRT);
		if (!pw_matches(p, d, &master))
			return wrong_password(p, st);
		/* Normal erase: every LBA up to the native max, zeros. Enhanced: everything,
		 * reallocated and DCO-hidden sectors too, with a vendor pattern (random). */
		uint64_t end = enhanced ? factory_bytes(p) : ms_emu_native(fw) * p->logical;
		if (p->f.powerloss == MS_EMU_PL_SECURITY_ERASE) {
			ms_emu_fill(p, 0, end / 2, enhanced ? 1 : 0, 0);
			v->dead = true; /* the password stays set: next power-on comes up locked */
			return -ETIMEDOUT;
		}
		int r = ms_emu_fill(p, 0, end, enhanced ? 1 : 0, 0);
		if (r)
			return aborted(st, MS_ATA_ERR_ABRT);
		fw->sec_enabled = false;
		fw->sec_maximum = false;
		memset(fw->user_pw, 0, MS_ATA_PW_LEN);
		v->locked = false;
		v->attempts = 5;
		ms_emu_fw_save(p);
		return done(st);
	}
	case MS_ATA_SEC_FREEZE_LOCK:
		if (v->locked)
			return aborted(st, MS_ATA_ERR_ABRT);
		v->frozen = true;
		return done(st);
	case MS_ATA_SEC_DISABLE_PASSWORD:
		if (v->frozen || v->locked || !fw->sec_enabled)
			return aborted(st, MS_ATA_ERR_ABRT);
		if (!pw_matches(p, d, &master))
			return wrong_password(p, st);
		fw->sec_enabled = false;
		memset(fw->user_pw, 0, MS_ATA_PW_LEN);
		ms_emu_fw_save(p);
		return done(st);
	default:
		break;
	}
	return aborted(st, MS_ATA_ERR_ABRT);
}

/* ---- hidden areas ------------------------------------------------------------------------- */

static int max_address(struct emu_priv *p, struct ms_ata_cmd *c, struct ms_ata_status *st, bool was_native)
{
	const struct ms_emu_ata_caps *caps = &p->cfg.caps;
	uint64_t native = ms_emu_native(&p->fw);
	switch (c->command) {
	case MS_ATA_READ_NATIVE_MAX:
	case MS_ATA_READ_NATIVE_MAX_EXT:
		if (!caps->hpa || caps->amac)
			return aborted(st, MS_ATA_ERR_ABRT);
		p->vol.native_read = true;
		st->lba = native - 1;
		if (c->command == MS_ATA_READ_NATIVE_MAX && st->lba > 0x0FFFFFFF)
			st->lba = 0x0FFFFFFF;
		return done(st);
	case MS_ATA_SET_MAX:
	case MS_ATA_SET_MAX_EXT: {
		/* SET MAX must immediately follow READ NATIVE MAX (ACS-3 7.50). */
		if (!caps->hpa || caps->amac || !was_native || p->vol.locked)
			return aborted(st, MS_ATA_ERR_ABRT);
		uint64_t n = c->lba + 1;
		if (n > native)
			return aborted(st, MS_ATA_ERR_IDNF | MS_ATA_ERR_ABRT);
		p->vol.max_set = true;
		p->vol.max_sectors = n;
		if (c->count & 1) {
			p->fw.hpa_sectors = n == native ? 0 : n;
			ms_emu_fw_save(p);
		}
		st->lba = c->lba;
		return done(st);
	}
	case MS_ATA_AMAC:
		if (!caps->amac)
			return aborted(st, MS_ATA_ERR_ABRT);
		if (c->features == MS_ATA_AMAC_GET_NATIVE) {
			st->lba = native - 1;
			return done(st);
		}
		if (c->features == MS_ATA_AMAC_SET_ACCESSIBLE) {
			uint64_t n = c->lba + 1;
			if (n > native)
				return aborted(st, MS_ATA_ERR_IDNF | MS_ATA_ERR_ABRT);
			p->fw.hpa_sectors = n == native ? 0 : n;
			p->vol.max_set = false;
			ms_emu_fw_save(p);
			return done(st);
		}
		return aborted(st, MS_ATA_ERR_ABRT);
	case MS_ATA_DCO:
		if (!caps->dco)
			return aborted(st, MS_ATA_ERR_ABRT);
		if (c->features == MS_ATA_DCO_IDENTIFY && c->data && c->len >= 512) {
			uint8_t *raw = c->data;
			memset(raw, 0, 512);
			setw(raw, 0, 0x0002);
			for (int i = 0; i < 4; i++)
				setw(raw, 3 + i, (uint16_t)((p->fw.factory_sectors - 1) >> (16 * i)));
			setw(raw, 7, (uint16_t)(0x0001 | (caps->security ? 0x0008 : 0) | (caps->hpa ? 0x0080 : 0)));
			ms_ata_identify_seal(raw);
			return done(st);
		}
		if (c->features == MS_ATA_DCO_RESTORE) {
			/* A DCO cannot be restored while an HPA is set (ACS-3 7.8.3). */
			if (ms_emu_accessible(&p->fw, &p->vol) < ms_emu_native(&p->fw))
				return aborted(st, MS_ATA_ERR_ABRT);
			p->fw.dco_sectors = 0;
			p->vol.max_set = false;
			ms_emu_fw_save(p);
			return done(st);
		}
		return aborted(st, MS_ATA_ERR_ABRT);
	default:
		break;
	}
	return aborted(st, MS_ATA_ERR_ABRT);
}

/* ---- sanitize ----------------------------------------------------------------------------- */

static int sanitize(struct emu_priv *p, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	const struct ms_emu_ata_caps *caps = &p->cfg.caps;
	struct emu_fw *fw = &p->fw;
	if (!(caps->san_block || caps->san_crypto || caps->san_overwrite))
		return aborted(st, MS_ATA_ERR_ABRT);
	if (c->features == MS_ATA_SAN_STATUS) {
		ms_emu_sanitize_tick(p);
		if (fw->san_failed) {
			if ((c->count & 1) && fw->san_failure_mode) {
				fw->san_failed = false; /* failure mode allowed leaving the failed state */
				ms_emu_fw_save(p);
				return done(st);
			}
			aborted(st, MS_ATA_ERR_ABRT);
			return 0;
		}
		done(st);
		if (fw->san_running) {
			int64_t el = ms_emu_now_ms() - fw->san_start_ms;
			st->count = 0x4000;
			st->lba = (uint64_t)(el * 65535 / (fw->san_ms ? fw->san_ms : 1));
		} else if (fw->san_last_ok) {
			st->count = 0x8000;
		}
		return 0;
	}
	int op;
	bool sig;
	switch (c->features) {
	case MS_ATA_SAN_BLOCK: op = MS_SAN_BLOCK; sig = c->lba == MS_ATA_SIG_BLOCK && caps->san_block; break;
	case MS_ATA_SAN_CRYPTO: op = MS_SAN_CRYPTO; sig = c->lba == MS_ATA_SIG_CRYPTO && caps->san_crypto; break;
	case MS_ATA_SAN_OVERWRITE:
		op = MS_SAN_OVERWRITE;
		sig = c->lba >> 32 == MS_ATA_SIG_OVERWRITE && caps->san_overwrite;
		break;
	default: return aborted(st, MS_ATA_ERR_ABRT);
	}
	if (!sig || p->vol.locked || fw->san_running)
		return aborted(st, MS_ATA_ERR_ABRT);
	fw->san_running = true;
	fw->san_failed = false;
	fw->san_last_ok = false;
	fw->san_failure_mode = c->count & 0x10;
	fw->san_op = op;
	fw->san_pattern = (uint32_t)c->lba;
	fw->san_passes = (c->count & 0xF) ? (c->count & 0xF) : 16;
	fw->san_invert = c->count & 0x80;
	fw->san_start_ms = ms_emu_now_ms();
	ms_emu_fw_save(p);
	if (p->f.powerloss == MS_EMU_PL_SANITIZE)
		p->vol.dead = true; /* accepted, then the power goes: it resumes at power-on */
	return done(st);
}

static int smart(struct emu_priv *p, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	(void)p;
	if (c->features != MS_ATA_SMART_READ_DATA || !c->data || c->len < 512)
		return aborted(st, MS_ATA_ERR_ABRT);
	uint8_t *raw = c->data;
	memset(raw, 0, 512);
	raw[0] = 0x10;
	const uint8_t ids[] = {5, 9, 197};
	const uint32_t vals[] = {0, 12345, 0};
	for (int i = 0; i < 3; i++) {
		uint8_t *e = raw + 2 + 12 * i;
		e[0] = ids[i];
		e[3] = e[4] = 100;
		for (int b = 0; b < 4; b++)
			e[5 + b] = (uint8_t)(vals[i] >> (8 * b));
	}
	uint8_t sum = 0;
	for (int i = 0; i < 511; i++)
		sum = (uint8_t)(sum + raw[i]);
	raw[511] = (uint8_t)(0x100 - sum);
	return done(st);
}

int ms_emu_ata_exec(struct emu_priv *p, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	memset(st, 0, sizeof *st);
	if (!p->cfg.caps.ata && p->cfg.transport == MS_TRANSPORT_NVME)
		return -EOPNOTSUPP; /* an NVMe namespace takes no SG_IO at all */
	if (!p->cfg.caps.ata) {
		/* a SCSI disk or a USB stick: the ATA PASS-THROUGH CDB is rejected with fixed-format
		 * sense, as QEMU's scsi-hd and usb-storage do; what that means is decided by the
		 * same code as for SG_IO's answer, and the data buffer is left as it was */
		uint8_t sense[18];
		struct ms_scsi_sense sk;
		ms_sat_sense_rejected(sense);
		return ms_sat_result(sense, sizeof sense, 0x02, 0, false, (int)c->len, c->proto == MS_ATA_PIO_IN, &sk, st);
	}
	if (p->vol.dead)
		return -ENODEV;
	bool was_prepared = p->vol.prepared, was_native = p->vol.native_read;
	p->vol.prepared = p->vol.native_read = false;
	if (p->f.abort_op == c->command)
		return aborted(st, MS_ATA_ERR_ABRT);
	int r;
	switch (c->command) {
	case MS_ATA_IDENTIFY:
		if (!c->data || c->len < 512)
			return -EINVAL;
		build_identify(p, c->data);
		r = done(st);
		break;
	case MS_ATA_SEC_SET_PASSWORD: case MS_ATA_SEC_UNLOCK: case MS_ATA_SEC_ERASE_PREPARE:
	case MS_ATA_SEC_ERASE_UNIT: case MS_ATA_SEC_FREEZE_LOCK: case MS_ATA_SEC_DISABLE_PASSWORD:
		r = security(p, c, st, was_prepared);
		break;
	case MS_ATA_READ_NATIVE_MAX: case MS_ATA_READ_NATIVE_MAX_EXT: case MS_ATA_SET_MAX:
	case MS_ATA_SET_MAX_EXT: case MS_ATA_AMAC: case MS_ATA_DCO:
		r = max_address(p, c, st, was_native);
		break;
	case MS_ATA_SANITIZE:
		r = sanitize(p, c, st);
		break;
	case MS_ATA_SMART:
		r = smart(p, c, st);
		break;
	case 0x5C: /* TRUSTED RECEIVE */
		if (!p->cfg.caps.sed || (c->features & 0xFF) != 0x01 || !c->data || c->len < 512) {
			r = aborted(st, MS_ATA_ERR_ABRT);
			break;
		}
		ms_emu_tcg_l0(c->data, c->len, p->cfg.caps.sed_locked);
		r = done(st);
		break;
	default:
		r = aborted(st, MS_ATA_ERR_ABRT);
	}
	if (r == 0 && p->f.drop_op == c->command) {
		memset(st, 0, sizeof *st); /* it happened, but the host never hears of it */
		return -ETIMEDOUT;
	}
	return r;
}
