/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The emulated drive's non-volatile firmware state, kept beside the image. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/atomic.h"
#include "../util/json.h"
#include "../util/util.h"
#include "emu_internal.h"

void ms_emu_state_path(const char *image, char *out, size_t len)
{
	snprintf(out, len, "%s.state", image);
}

void ms_emu_fw_init(struct emu_fw *fw, const struct ms_emu_config *cfg, uint64_t factory)
{
	memset(fw, 0, sizeof *fw);
	fw->factory_sectors = factory;
	uint64_t dco = cfg->caps.init_dco / cfg->logical, hpa = cfg->caps.init_hpa / cfg->logical;
	if (cfg->caps.dco && dco && dco < factory)
		fw->dco_sectors = dco;
	if ((cfg->caps.hpa || cfg->caps.amac) && hpa && hpa < ms_emu_native(fw))
		fw->hpa_sectors = hpa;
	/* The factory master password; SET PASSWORD never changes it here. */
	memcpy(fw->master_pw, "MASSHO-EMU-MASTER", 17);
	fw->san_ms = cfg->caps.sanitize_ms ? cfg->caps.sanitize_ms : 400;
	if (cfg->caps.preset_password[0]) {
		fw->sec_enabled = true;
		memcpy(fw->user_pw, cfg->caps.preset_password, strlen(cfg->caps.preset_password));
	}
}

uint64_t ms_emu_native(const struct emu_fw *fw)
{
	return fw->dco_sectors ? fw->dco_sectors : fw->factory_sectors;
}

uint64_t ms_emu_accessible(const struct emu_fw *fw, const struct emu_vol *vol)
{
	uint64_t n = ms_emu_native(fw);
	uint64_t cur = vol && vol->max_set ? vol->max_sectors : fw->hpa_sectors ? fw->hpa_sectors : n;
	return cur < n ? cur : n;
}

static void set_hex(struct ms_json *o, const char *k, const uint8_t *b, size_t n)
{
	char h[2 * MS_ATA_PW_LEN + 1];
	ms_hex(b, n, h);
	ms_json_set_str(o, k, h);
}

static int get_hex(const struct ms_json *o, const char *k, uint8_t *b, size_t n)
{
	const char *h = ms_json_get_str(o, k);
	if (!h || strlen(h) != 2 * n)
		return -EINVAL;
	return ms_hex_decode(h, 2 * n, b, n) < 0 ? -EINVAL : 0;
}

int ms_emu_fw_save(const struct emu_priv *p)
{
	if (!p->persist)
		return 0;
	const struct emu_fw *fw = &p->fw;
	struct ms_json *o = ms_json_obj();
	ms_json_set_u64(o, "factory_sectors", fw->factory_sectors);
	ms_json_set_u64(o, "dco_sectors", fw->dco_sectors);
	ms_json_set_u64(o, "hpa_sectors", fw->hpa_sectors);
	ms_json_set_bool(o, "security_enabled", fw->sec_enabled);
	ms_json_set_bool(o, "security_maximum", fw->sec_maximum);
	set_hex(o, "user_password", fw->user_pw, MS_ATA_PW_LEN);
	set_hex(o, "master_password", fw->master_pw, MS_ATA_PW_LEN);
	ms_json_set_bool(o, "sanitize_running", fw->san_running);
	ms_json_set_bool(o, "sanitize_failed", fw->san_failed);
	ms_json_set_bool(o, "sanitize_last_ok", fw->san_last_ok);
	ms_json_set_bool(o, "sanitize_failure_mode", fw->san_failure_mode);
	ms_json_set_i64(o, "sanitize_op", fw->san_op);
	ms_json_set_u64(o, "sanitize_pattern", fw->san_pattern);
	ms_json_set_u64(o, "sanitize_passes", fw->san_passes);
	ms_json_set_bool(o, "sanitize_invert", fw->san_invert);
	ms_json_set_i64(o, "sanitize_start_ms", fw->san_start_ms);
	ms_json_set_u64(o, "sanitize_ms", fw->san_ms);
	char *text = ms_json_render(o, 2);
	ms_json_free(o);
	if (!text)
		return -ENOMEM;
	char dir[PATH_MAX], base[PATH_MAX];
	ms_strlcpy(dir, p->state_path, sizeof dir);
	ms_strlcpy(base, p->state_path, sizeof base);
	int r = ms_atomic_write(dirname(dir), basename(base), text, strlen(text), 0600, 0);
	free(text);
	return r;
}

static bool get_bool(const struct ms_json *o, const char *k)
{
	const struct ms_json *v = ms_json_get(o, k);
	return v && v->type == MS_JBOOL && v->b;
}

static uint64_t get_u64(const struct ms_json *o, const char *k)
{
	uint64_t v = 0;
	ms_json_get_u64(o, k, &v);
	return v;
}

int ms_emu_fw_load(const char *path, struct emu_fw *fw)
{
	char *text;
	size_t n;
	int r = ms_read_file(path, &text, &n, 1 << 16);
	if (r)
		return r;
	struct ms_json *o = ms_json_parse(text, n, NULL, 0);
	free(text);
	if (!o)
		return -EINVAL;
	memset(fw, 0, sizeof *fw);
	fw->factory_sectors = get_u64(o, "factory_sectors");
	fw->dco_sectors = get_u64(o, "dco_sectors");
	fw->hpa_sectors = get_u64(o, "hpa_sectors");
	fw->sec_enabled = get_bool(o, "security_enabled");
	fw->sec_maximum = get_bool(o, "security_maximum");
	fw->san_running = get_bool(o, "sanitize_running");
	fw->san_failed = get_bool(o, "sanitize_failed");
	fw->san_last_ok = get_bool(o, "sanitize_last_ok");
	fw->san_failure_mode = get_bool(o, "sanitize_failure_mode");
	fw->san_op = (int)get_u64(o, "sanitize_op");
	fw->san_pattern = (uint32_t)get_u64(o, "sanitize_pattern");
	fw->san_passes = (unsigned)get_u64(o, "sanitize_passes");
	fw->san_invert = get_bool(o, "sanitize_invert");
	const struct ms_json *st = ms_json_get(o, "sanitize_start_ms");
	fw->san_start_ms = st && st->type == MS_JNUM ? strtoll(st->s, NULL, 10) : 0;
	fw->san_ms = (unsigned)get_u64(o, "sanitize_ms");
	r = get_hex(o, "user_password", fw->user_pw, MS_ATA_PW_LEN) ||
	    get_hex(o, "master_password", fw->master_pw, MS_ATA_PW_LEN) || !fw->factory_sectors ? -EINVAL : 0;
	ms_json_free(o);
	return r;
}

/* What every power-on does: volatile state gone, a drive with a user password comes
 * up locked, a BIOS that freezes drives freezes it. */
void ms_emu_power_on(struct emu_priv *p)
{
	memset(&p->vol, 0, sizeof p->vol);
	p->vol.locked = p->fw.sec_enabled;
	p->vol.frozen = p->cfg.caps.frozen;
	p->vol.attempts = 5;
	p->vol.expired = p->cfg.caps.expired;
}

void ms_emu_tcg_l0(uint8_t *b, size_t len, bool locked)
{
	memset(b, 0, len);
	size_t i = 48;
	/* TPer: sync supported, streaming */
	b[i + 1] = 0x01; b[i + 2] = 0x10; b[i + 3] = 12; b[i + 4] = 0x11; i += 16;
	/* Locking: supported, media encryption; enabled and locked, or neither */
	b[i + 1] = 0x02; b[i + 2] = 0x10; b[i + 3] = 12; b[i + 4] = locked ? 0x0F : 0x09; i += 16;
	/* Opal SSC V2: base ComID 07FEh, one ComID */
	b[i + 1] = 0x03; b[i] = 0x02; b[i + 2] = 0x10; b[i + 3] = 16; b[i + 4] = 0x07; b[i + 5] = 0xFE;
	b[i + 7] = 0x01; i += 20;
	size_t n = i - 4;
	b[0] = (uint8_t)(n >> 24); b[1] = (uint8_t)(n >> 16); b[2] = (uint8_t)(n >> 8); b[3] = (uint8_t)n;
	b[7] = 0x01; /* data structure revision */
}
