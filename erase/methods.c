/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "methods.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"

/* ---- can the drive do it ------------------------------------------------------------------ */

static bool no(char *why, size_t len, const char *text)
{
	snprintf(why, len, "%s", text);
	return false;
}

static bool is_ata_family(enum ms_pmedium m)
{
	return m == MS_PM_HDD || m == MS_PM_SATA_SSD;
}

static bool is_sas(enum ms_pmedium m)
{
	return m == MS_PM_SAS_HDD || m == MS_PM_SAS_SSD;
}

static bool overwrite_ok(const struct ms_method_def *m, const struct ms_caps *c, const struct ms_method_args *a,
			 char *why, size_t len)
{
	(void)m;
	if (c->medium == MS_PM_NVME && ms_nvme_space_problem(&c->nvme_space, MS_REACH_ONE, why, len))
		return false;
	if (!a->restore_hidden || !is_ata_family(c->medium))
		return true;
	if (!c->ata || (c->usb && !c->usb_trusted))
		return no(why, len, N_("hidden areas (HPA/DCO) cannot be checked or removed through this attachment"));
	if (c->hidden_present && !c->hidden_restorable)
		return no(why, len, N_("hidden areas are present and the drive offers no way to remove them"));
	return true;
}

static bool destroy_ok(const struct ms_method_def *m, const struct ms_caps *c, const struct ms_method_args *a,
		       char *why, size_t len)
{
	(void)m, (void)c, (void)a;
	return no(why, len, N_("physical destruction: not done by software"));
}

/* Every firmware method: table 7-1-1 rules out USB, and bridges drop or invent status. */
static bool bridge_ok(const struct ms_caps *c, char *why, size_t len)
{
	if (!c->usb || (c->medium != MS_PM_NVME && c->usb_trusted))
		return true;
	snprintf(why, len, N_("behind a USB bridge%s (table 7-1-1: not over USB)"),
		 c->medium == MS_PM_NVME ? N_(" that passes no NVMe commands") : N_(" that failed the pass-through self-test"));
	return false;
}

static bool security_ok(const struct ms_method_def *m, const struct ms_caps *c, const struct ms_method_args *a,
			char *why, size_t len)
{
	(void)a;
	if (!bridge_ok(c, why, len))
		return false;
	if (!c->ata)
		return no(why, len, N_("no ATA commands reach the drive through this attachment"));
	const char *reason = !c->sec ? N_("the drive has no ATA Security feature set") :
			     m->id == MS_METHOD_SECURITY_ERASE_ENHANCED && !c->sec_enhanced ?
			     N_("the drive has no enhanced security erase") :
			     c->sec_frozen ? N_("ATA security is frozen by the BIOS (--unfreeze, or re-plug the drive)") :
			     c->sec_expired ? N_("the password attempt counter has expired (power-cycle the drive)") :
			     c->sec_enabled ? N_("a user password is already set on the drive") :
			     m->id == MS_METHOD_SECURITY_ERASE && c->dco_present ?
			     N_("a normal security erase stops at the native max: it does not reach what the DCO hides") :
			     NULL;
	return reason ? no(why, len, reason) : true;
}

static const char *op_word(enum ms_method_op op)
{
	return op == MS_OP_BLOCK ? "block" : op == MS_OP_CRYPTO ? "crypto" : "overwrite";
}

/* A SAS drive's own word on a command (REPORT SUPPORTED OPERATION CODES). An unknown is
 * not taken for a yes: the plan would promise what the erase then cannot do. */
static bool scsi_offers(enum ms_cap_state s, bool rsoc, const char *what, char *why, size_t len)
{
	if (s == MS_CAP_YES)
		return true;
	if (s == MS_CAP_NO)
		snprintf(why, len, N_("the drive does not offer %s (REPORT SUPPORTED OPERATION CODES)"), what);
	else
		snprintf(why, len, N_("unknown whether the drive offers %s: %s; not assumed (-m lets the drive decide)"),
			 what, rsoc ? N_("its RSOC answer says nothing usable on it") : N_("it does not answer REPORT SUPPORTED OPERATION CODES"));
	return false;
}

static bool sanitize_ok(const struct ms_method_def *m, const struct ms_caps *c, const struct ms_method_args *a,
			char *why, size_t len)
{
	(void)a;
	if (!bridge_ok(c, why, len))
		return false;
	if (is_ata_family(c->medium)) {
		if (!c->ata)
			return no(why, len, N_("no ATA commands reach the drive through this attachment"));
		bool have = m->op == MS_OP_BLOCK ? c->ata_san_block : m->op == MS_OP_CRYPTO ? c->ata_san_crypto :
										  c->ata_san_overwrite;
		if (!have)
			snprintf(why, len, N_("the drive does not offer ATA SANITIZE %s"), op_word(m->op));
		return have;
	}
	if (c->medium == MS_PM_NVME) {
		if (!c->nvme)
			return no(why, len, N_("NVMe admin commands do not reach the drive"));
		bool have = m->op == MS_OP_BLOCK ? c->nvme_san_block : m->op == MS_OP_CRYPTO ? c->nvme_san_crypto :
										   c->nvme_san_overwrite;
		if (!have)
			snprintf(why, len, N_("the controller does not offer %s"), m->name);
		return have && !ms_nvme_space_problem(&c->nvme_space, MS_REACH_CONTROLLER, why, len);
	}
	if (is_sas(c->medium)) {
		if (!c->scsi)
			return no(why, len, N_("SCSI commands do not reach the drive"));
		char what[40];
		snprintf(what, sizeof what, "SANITIZE %s", op_word(m->op));
		return scsi_offers(m->op == MS_OP_BLOCK ? c->scsi_san_block : m->op == MS_OP_CRYPTO ? c->scsi_san_crypto :
				   c->scsi_san_overwrite, c->scsi_rsoc, what, why, len);
	}
	return no(why, len, N_("no firmware erase through this attachment"));
}

static bool format_ok(const struct ms_method_def *m, const struct ms_caps *c, const struct ms_method_args *a,
		      char *why, size_t len)
{
	(void)a;
	if (!bridge_ok(c, why, len))
		return false;
	if (c->medium == MS_PM_NVME) {
		if (!c->nvme)
			return no(why, len, N_("NVMe admin commands do not reach the drive"));
		bool have = (m->engines & MS_ENGINE_NVME) && c->nvme_format &&
			    (m->op != MS_OP_CRYPTO || c->nvme_crypto_format);
		if (!have)
			snprintf(why, len, N_("the controller does not offer %s"), m->name);
		return have && !ms_nvme_space_problem(&c->nvme_space, MS_REACH_NAMESPACES, why, len);
	}
	if (is_sas(c->medium)) {
		if (!c->scsi)
			return no(why, len, N_("SCSI commands do not reach the drive"));
		if (!(m->engines & MS_ENGINE_SCSI))
			return no(why, len, N_("not a SCSI method"));
		return scsi_offers(c->scsi_format_unit, c->scsi_rsoc, "FORMAT UNIT", why, len);
	}
	return no(why, len, N_("no firmware erase through this attachment"));
}

/* ---- how long ------------------------------------------------------------------------------- */

static double speed(const struct ms_caps *c)
{
	if (c->usb)
		return 40e6;
	return c->medium == MS_PM_NVME ? 1500e6 : c->medium == MS_PM_SATA_SSD || c->medium == MS_PM_SAS_SSD ? 450e6 :
													 150e6;
}

/* Write everything, then read it back. */
static double est_write_read(const struct ms_caps *c, const struct ms_method_args *a)
{
	(void)a;
	return 2 * (double)c->capacity / speed(c);
}

static double est_overwrite(const struct ms_caps *c, const struct ms_method_args *a)
{
	return (double)c->capacity * (a->passes + 1) / speed(c); /* the passes and the read-back */
}

static double est_security(const struct ms_caps *c, const struct ms_method_args *a)
{
	return c->erase_minutes ? c->erase_minutes * 60.0 : est_write_read(c, a);
}

static double est_security_enhanced(const struct ms_caps *c, const struct ms_method_args *a)
{
	return c->enhanced_minutes ? c->enhanced_minutes * 60.0 : est_write_read(c, a);
}

/* Seconds for the key, then the read-back. */
static double est_crypto(const struct ms_caps *c, const struct ms_method_args *a)
{
	(void)a;
	return 10 + (double)c->capacity / speed(c);
}

/* ---- the table -------------------------------------------------------------------------------- */

#define ALL_ENGINES (MS_ENGINE_ATA | MS_ENGINE_NVME | MS_ENGINE_SCSI)

static const struct ms_method_def table[MS_METHOD_COUNT] = {
	[MS_METHOD_OVERWRITE] = {MS_METHOD_OVERWRITE, "overwrite", N_("host overwrite, read back (default)"),
				 MS_FAMILY_HOST, 0, MS_OP_NONE, MS_LEVEL_CLEAR, MS_LEVEL_CLEAR, false, overwrite_ok,
				 est_overwrite, "上書き消去"},
	[MS_METHOD_SECURITY_ERASE] = {MS_METHOD_SECURITY_ERASE, "security-erase", N_("ATA SECURITY ERASE UNIT"),
				      MS_FAMILY_ATA_SECURITY, MS_ENGINE_ATA, MS_OP_NONE, MS_LEVEL_PURGE, MS_LEVEL_CLEAR,
				      true, security_ok, est_security, "ATAセキュリティ消去"},
	[MS_METHOD_SECURITY_ERASE_ENHANCED] = {MS_METHOD_SECURITY_ERASE_ENHANCED, "security-erase-enhanced",
					       N_("ATA SECURITY ERASE UNIT, enhanced"), MS_FAMILY_ATA_SECURITY, MS_ENGINE_ATA,
					       MS_OP_NONE, MS_LEVEL_PURGE, MS_LEVEL_CLEAR, false, security_ok,
					       est_security_enhanced, "ATA拡張セキュリティ消去"},
	[MS_METHOD_SANITIZE_BLOCK] = {MS_METHOD_SANITIZE_BLOCK, "sanitize-block", N_("SANITIZE block erase (ATA, NVMe, SCSI)"),
				      MS_FAMILY_SANITIZE, ALL_ENGINES, MS_OP_BLOCK, MS_LEVEL_PURGE, MS_LEVEL_PURGE, true,
				      sanitize_ok, est_write_read, "ブロック消去（サニタイズ）"},
	[MS_METHOD_SANITIZE_CRYPTO] = {MS_METHOD_SANITIZE_CRYPTO, "sanitize-crypto",
				       N_("SANITIZE cryptographic erase (ATA, NVMe, SCSI)"), MS_FAMILY_SANITIZE, ALL_ENGINES,
				       MS_OP_CRYPTO, MS_LEVEL_PURGE, MS_LEVEL_PURGE, false, sanitize_ok, est_crypto,
				       "暗号化消去（サニタイズ）"},
	[MS_METHOD_SANITIZE_OVERWRITE] = {MS_METHOD_SANITIZE_OVERWRITE, "sanitize-overwrite",
					  N_("SANITIZE overwrite (ATA, NVMe, SCSI)"), MS_FAMILY_SANITIZE, ALL_ENGINES,
					  MS_OP_OVERWRITE, MS_LEVEL_PURGE, MS_LEVEL_PURGE, true, sanitize_ok, est_write_read,
					  "上書き消去（サニタイズ）"},
	[MS_METHOD_FORMAT_USER] = {MS_METHOD_FORMAT_USER, "format-user", N_("NVMe Format NVM, user data erase"),
				   MS_FAMILY_FORMAT, MS_ENGINE_NVME, MS_OP_USER_DATA, MS_LEVEL_PURGE, MS_LEVEL_PURGE, true,
				   format_ok, est_write_read, "ユーザーデータ消去（NVMe Format）"},
	[MS_METHOD_FORMAT_CRYPTO] = {MS_METHOD_FORMAT_CRYPTO, "format-crypto", N_("NVMe Format NVM, cryptographic erase"),
				     MS_FAMILY_FORMAT, MS_ENGINE_NVME, MS_OP_CRYPTO, MS_LEVEL_PURGE, MS_LEVEL_PURGE, false,
				     format_ok, est_crypto, "暗号化消去（NVMe Format）"},
	[MS_METHOD_FORMAT_UNIT] = {MS_METHOD_FORMAT_UNIT, "format-unit", N_("SCSI FORMAT UNIT"), MS_FAMILY_FORMAT,
				   MS_ENGINE_SCSI, MS_OP_NONE, MS_LEVEL_CLEAR, MS_LEVEL_CLEAR, true, format_ok,
				   est_write_read, "フォーマット（SCSI FORMAT UNIT）"},
	[MS_METHOD_DESTROY] = {MS_METHOD_DESTROY, "destroy", N_("physical destruction (policies only)"),
			       MS_FAMILY_PHYSICAL, 0, MS_OP_NONE, MS_LEVEL_DESTROY, MS_LEVEL_DESTROY, false, destroy_ok,
			       est_write_read, "物理的破壊"},
};

const char *ms_level_name(enum ms_level l)
{
	static const char *const names[] = {"clear", "purge", "destroy"};
	return names[l];
}

const struct ms_method_def *ms_method(enum ms_method m)
{
	return &table[m < MS_METHOD_COUNT ? m : MS_METHOD_DESTROY];
}

const char *ms_method_name(enum ms_method m)
{
	return ms_method(m)->name;
}

int ms_method_parse(const char *name, enum ms_method *out)
{
	for (size_t i = 0; i < MS_METHOD_COUNT; i++)
		if (strcmp(name, table[i].name) == 0) {
			*out = table[i].id;
			return 0;
		}
	return -EINVAL;
}

static char *names_where(unsigned engine, bool with_destroy, char *out, size_t len)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < MS_METHOD_COUNT && n < len; i++) {
		if ((engine && !(table[i].engines & engine)) || (!with_destroy && table[i].id == MS_METHOD_DESTROY))
			continue;
		n += (size_t)snprintf(out + n, len - n, "%s%s", n ? ", " : "", table[i].name);
	}
	return out;
}

char *ms_method_names(bool with_destroy, char *out, size_t len)
{
	return names_where(0, with_destroy, out, len);
}

bool ms_method_supported(enum ms_method m, const struct ms_caps *c, const struct ms_method_args *a, char *why,
			 size_t len)
{
	return ms_method(m)->supported(ms_method(m), c, a, why, len);
}

double ms_method_estimate(enum ms_method m, const struct ms_caps *c, const struct ms_method_args *a)
{
	return ms_method(m)->estimate(c, a);
}

bool ms_method_is_firmware(enum ms_method m)
{
	return ms_method(m)->engines != 0;
}

enum ms_level ms_method_level_on(enum ms_method m, enum ms_pmedium med)
{
	bool flash = med != MS_PM_HDD && med != MS_PM_SAS_HDD;
	return flash ? ms_method(m)->level_flash : ms_method(m)->level_hdd;
}

unsigned ms_method_engine_of(enum ms_pmedium med)
{
	return is_ata_family(med) ? MS_ENGINE_ATA : med == MS_PM_NVME ? MS_ENGINE_NVME : is_sas(med) ? MS_ENGINE_SCSI : 0;
}

bool ms_method_relevant(enum ms_method m, enum ms_pmedium med)
{
	return m == MS_METHOD_OVERWRITE || (ms_method(m)->engines & ms_method_engine_of(med));
}

static const char *engine_name(unsigned engine)
{
	return engine & MS_ENGINE_ATA ? "ATA" : engine & MS_ENGINE_NVME ? "NVMe" : "SCSI";
}

bool ms_method_engine_runs(enum ms_method m, unsigned engine, char *why, size_t len)
{
	const struct ms_method_def *d = ms_method(m);
	if (d->engines & engine)
		return true;
	char list[400];
	const char *owner = d->engines ? engine_name(d->engines) : "host";
	snprintf(why, len, owner[0] == 'A' || owner[0] == 'N' ? N_("%s is an %s method; %s drives use %s") :
		 N_("%s is a %s method; %s drives use %s"), d->family == MS_FAMILY_ATA_SECURITY ? N_("security erase") : d->name,
		 owner, engine & MS_ENGINE_SCSI ? "SAS" : engine_name(engine), names_where(engine, false, list, sizeof list));
	return false;
}
