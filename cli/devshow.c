/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho devices show DEV, massho devices decode-identify FILE: one drive in full. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../devices/ata.h"
#include "../devices/ata_json.h"
#include "../devices/nvme_json.h"
#include "../devices/tcg.h"
#include "../devices/xport.h"
#include "../erase/ata_exec.h"
#include "../erase/caps.h"
#include "../erase/hidden.h"
#include "../util/json.h"
#include "../util/size.h"
#include "../util/util.h"
#include "cli.h"

static void kv(const char *k, const char *v)
{
	/* the key padded to 22 terminal columns (a Japanese character takes two) */
	int pad = 22 - ms_text_columns(k);
	printf("  %s%*s %s\n", k, pad > 0 ? pad : 0, "", v && *v ? v : "-");
}

/* What the drive's firmware says, where ATA commands get through (read-only: a dry-run
 * handle sends only IDENTIFY, READ NATIVE MAX and DCO IDENTIFY). */
struct ata_facts {
	int err;                    /* 0, or why there are none */
	struct ms_ata_identify id;
	struct ms_hidden hidden;
	int nvme_err;
	struct ms_nvme_ctrl ctrl;
	struct ms_nvme_ns ns;
	struct ms_nvme_sanlog sanlog;
	bool have_ns, have_sanlog;
	bool sed;                    /* Level 0 Discovery answered */
	struct ms_tcg_l0 tcg;
};

static void nvme_probe(struct ms_xport *x, struct ata_facts *f)
{
	uint8_t page[4096];
	struct ms_nvme_cmd c;
	struct ms_nvme_status st;
	ms_nvme_identify_ctrl(&c, page);
	f->nvme_err = ms_xport_nvme(x, &c, &st);
	if (!f->nvme_err && (!ms_nvme_ok(&st) || ms_nvme_ctrl_decode(page, &f->ctrl)))
		f->nvme_err = -EIO;
	if (f->nvme_err)
		return;
	ms_nvme_identify_ns(&c, x->dev.nsid ? x->dev.nsid : 1, page);
	f->have_ns = !ms_xport_nvme(x, &c, &st) && ms_nvme_ok(&st) && !ms_nvme_ns_decode(page, &f->ns);
	ms_nvme_get_log(&c, MS_NVME_LOG_SANITIZE, 0xFFFFFFFF, page, 512);
	f->have_sanlog = !ms_xport_nvme(x, &c, &st) && ms_nvme_ok(&st) && !ms_nvme_sanlog_decode(page, &f->sanlog);
}

static void ata_probe(const struct ms_device *d, const char *sysroot, struct ata_facts *f)
{
	struct ms_xport *x;
	memset(f, 0, sizeof *f);
	f->err = f->nvme_err = -EOPNOTSUPP;
	if (sysroot[0] || (f->err = ms_xport_open(d, MS_OPEN_NO_ACT, &x)))
		return;
	f->err = ms_ata_run_identify(x, NULL, &f->id);
	if (!f->err)
		ms_hidden_detect(x, NULL, &f->hidden);
	nvme_probe(x, f);
	f->sed = ms_caps_sed(x, &f->tcg);
	ms_xport_close(x);
}

static int show_json(const struct ms_device *d, const struct ata_facts *af)
{
	struct ms_json *o = ms_device_json(d);
	ms_json_set(o, "ata", af->err ? ms_json_null() : ms_ata_identify_json(&af->id));
	ms_json_set(o, "hidden_areas", af->err ? ms_json_null() : ms_hidden_json(&af->hidden, d->logical_sector));
	struct ms_json *sed = ms_json_obj();
	ms_json_set_bool(sed, "present", af->sed);
	ms_json_set_str(sed, "ssc", af->tcg.ssc);
	ms_json_set_bool(sed, "locking_supported", af->tcg.locking_supported);
	ms_json_set_bool(sed, "locking_enabled", af->tcg.locking_enabled);
	ms_json_set_bool(sed, "locked", af->tcg.locked);
	ms_json_set_bool(sed, "media_encryption", af->tcg.media_encryption);
	ms_json_set(o, "self_encrypting", sed);
	ms_json_set(o, "nvme", af->nvme_err ? ms_json_null() :
			     ms_nvme_json(&af->ctrl, af->have_ns ? &af->ns : NULL, af->have_sanlog ? &af->sanlog : NULL));
	return ms_print_json(o);
}

/* What the firmware says: self-encryption, NVMe or ATA capabilities, hidden areas. */
static void print_firmware(const struct ata_facts *af)
{
	if (af->sed) {
		char line[160];
		snprintf(line, sizeof line, _("TCG %s%s%s%s"), af->tcg.ssc[0] ? af->tcg.ssc : _("(SSC unknown)"),
			 af->tcg.media_encryption ? _(", media encryption") : "",
			 af->tcg.locking_enabled ? _(", locking enabled") : _(", locking not enabled"),
			 af->tcg.locked ? _(", LOCKED") : "");
		kv(_("self-encrypting"), line);
	}
	if (!af->nvme_err) {
		char line[160];
		snprintf(line, sizeof line, "%s%s", af->ctrl.format ? _("Format NVM") : _("no Format NVM"),
			 af->ctrl.crypto_erase_format ? _(" (crypto erase: SES=2)") : "");
		kv(_("NVMe format"), line);
		snprintf(line, sizeof line, "%s%s%s%s%s%s", af->ctrl.sanitize_any ? _("supported:") : _("not supported (SANICAP 0)"),
			 af->ctrl.san_crypto ? _(" crypto-erase") : "", af->ctrl.san_block ? _(" block-erase") : "",
			 af->ctrl.san_overwrite ? _(" overwrite") : "", af->have_sanlog ? _("; last: ") : "",
			 af->have_sanlog ? L_(ms_nvme_sstat_name(af->sanlog.status)) : "");
		kv(_("NVMe sanitize"), line);
		if (af->have_ns) {
			snprintf(line, sizeof line, _("%llu blocks of %u bytes, format %u%s%s"),
				 (unsigned long long)af->ns.nsze, af->ns.lba_size, af->ns.lbaf, af->ns.nguid[0] ? _(", NGUID ") : "",
				 af->ns.nguid);
			kv(_("NVMe namespace"), line);
		}
		return;
	}
	if (af->err) {
		kv(_("ATA"), af->err == -EOPNOTSUPP ? _("no ATA commands through this attachment") :
			  af->err == -ENOENT ? _("the emulated drive's image does not exist yet") : strerror(-af->err));
		return;
	}
	const struct ms_ata_identify *id = &af->id;
	char line[160];
	snprintf(line, sizeof line, "%s%s%s%s%s%s", id->sec_supported ? _("supported") : _("not supported"),
		 id->sec_enabled ? _(", enabled (password set)") : "", id->sec_locked ? _(", LOCKED") : "",
		 id->sec_frozen ? _(", FROZEN") : _(", not frozen"), id->sec_expired ? _(", attempt counter EXPIRED") : "",
		 id->sec_enhanced ? _(", enhanced erase") : "");
	kv(_("ATA security"), line);
	snprintf(line, sizeof line, _("%u min, enhanced %u min"), id->erase_minutes, id->enhanced_erase_minutes);
	kv(_("erase time estimate"), line);
	snprintf(line, sizeof line, "%s%s%s%s", id->sanitize ? _("supported:") : _("not supported"),
		 id->sanitize_block ? _(" block-erase") : "", id->sanitize_crypto ? _(" crypto-scramble") : "",
		 id->sanitize_overwrite ? _(" overwrite") : "");
	kv(_("sanitize"), line);
	const struct ms_hidden *h = &af->hidden;
	/* TRANSLATORS: "AMAC", "HPA" or "no HPA"; ", DCO" or nothing; nothing; then sector counts; the last %s is
	 * " — HIDDEN SECTORS PRESENT" or nothing */
	snprintf(line, sizeof line, _("%s%s%s; accessible %llu, native %llu, factory %llu sectors%s"),
		 h->amac_supported ? _("AMAC") : h->hpa_supported ? _("HPA") : _("no HPA"), h->dco_supported ? _(", DCO") : "",
		 "", (unsigned long long)h->accessible, (unsigned long long)h->native,
		 (unsigned long long)h->factory, ms_hidden_present(h) ? _(" — HIDDEN SECTORS PRESENT") : "");
	kv(_("hidden areas"), line);
	kv(_("TRIM"), id->trim ? _("yes") : _("no"));
}

int ms_devices_show(const char *sysroot, const char *spec, bool json)
{
	struct ms_device d;
	char why[256];
	int r = ms_describe(spec, sysroot, &d, why, sizeof why);
	if (r) {
		ms_say(spec, "%s", why[0] ? L_(why) : r == -ENOENT ? _("no such device") : strerror(-r));
		return MS_EXIT_NODEV;
	}
	struct ata_facts af;
	ata_probe(&d, sysroot, &af);
	if (json)
		return show_json(&d, &af);
	char buf[64];
	printf("%s\n", d.path);
	kv(_("model"), d.model);
	kv(_("serial"), d.serial);
	kv(_("firmware"), d.firmware);
	kv(_("wwn"), d.wwn);
	kv(_("medium"), ms_medium_name(d.medium));
	kv(_("transport"), ms_transport_name(d.transport));
	kv(_("emulated"), d.emulated ? _("yes") : _("no"));
	ms_size_iec(d.capacity, buf, sizeof buf);
	char cap[96];
	snprintf(cap, sizeof cap, _("%s (%llu bytes)"), buf, (unsigned long long)d.capacity);
	kv(_("capacity"), cap);
	snprintf(buf, sizeof buf, _("%u / %u bytes"), d.logical_sector, d.physical_sector);
	kv(_("sector logical/phys"), buf);
	kv(_("rotational"), d.rotational ? _("yes") : _("no"));
	kv(_("removable"), d.removable ? _("yes") : _("no"));
	kv(_("read-only"), d.readonly ? _("yes") : _("no"));
	kv(_("partition"), d.is_partition ? _("yes") : _("no"));
	kv(_("mounted"), d.mounted ? d.mountpoints : _("no"));
	kv(_("holders"), d.holders);
	kv(_("boot medium"), d.boot_medium ? _("yes") : _("no"));
	kv(_("usb bridge"), d.usb_bridge);
	kv(_("backing file"), d.backing_file);
	kv(_("partition table"), d.pttype);
	kv(_("filesystem"), d.fstype);
	for (size_t i = 0; i < d.nparts; i++) {
		char p[160], sz[32];
		ms_size_iec(d.parts[i].size, sz, sizeof sz);
		snprintf(p, sizeof p, "%s %s %s %s", d.parts[i].name, sz, d.parts[i].fstype, d.parts[i].label);
		kv(_("partition"), p);
	}
	kv(_("identity hash"), d.identity_hash);
	print_firmware(&af);
	return MS_EXIT_OK;
}

int ms_devices_decode_identify(const char *file, bool json)
{
	char *text;
	uint8_t raw[512];
	struct ms_ata_identify id;
	int r = ms_read_file(file, &text, NULL, 1 << 16);
	if (r) {
		ms_say(file, _("cannot read: %s"), strerror(-r));
		return MS_EXIT_NODEV;
	}
	r = ms_ata_identify_parse_hex(text, raw);
	free(text);
	if (r) {
		ms_say(file, _("not an IDENTIFY dump (expected 256 hex words as hdparm --Istdout prints)"));
		return MS_EXIT_USAGE;
	}
	if (ms_ata_identify_decode(raw, &id)) {
		ms_say(file, _("not ATA IDENTIFY DEVICE data (word 0 says ATAPI or is blank)"));
		return MS_EXIT_USAGE;
	}
	if (json)
		return ms_print_json(ms_ata_identify_json(&id));
	char buf[96];
	kv(_("model"), id.model);
	kv(_("serial"), id.serial);
	kv(_("firmware"), id.firmware);
	snprintf(buf, sizeof buf, _("%llu (LBA48 %s)"), (unsigned long long)id.sectors, id.lba48 ? _("yes") : _("no"));
	kv(_("sectors"), buf);
	snprintf(buf, sizeof buf, _("%u / %u bytes"), id.logical_sector, id.physical_sector);
	kv(_("sector logical/phys"), buf);
	snprintf(buf, sizeof buf, "%s%s%s%s%s%s", id.sec_supported ? _("supported") : _("not supported"),
		 id.sec_enabled ? _(", enabled") : "", id.sec_locked ? _(", locked") : "", id.sec_frozen ? _(", frozen") : "",
		 id.sec_expired ? _(", count expired") : "", id.sec_enhanced ? _(", enhanced erase") : "");
	kv(_("security"), buf);
	snprintf(buf, sizeof buf, _("%u min, enhanced %u min"), id.erase_minutes, id.enhanced_erase_minutes);
	kv(_("erase time estimate"), buf);
	snprintf(buf, sizeof buf, "%s%s%s%s", id.sanitize ? _("supported") : _("not supported"),
		 id.sanitize_block ? _(", block erase") : "", id.sanitize_crypto ? _(", crypto scramble") : "",
		 id.sanitize_overwrite ? _(", overwrite") : "");
	kv(_("sanitize"), buf);
	snprintf(buf, sizeof buf, _("HPA %s%s, DCO %s, AMAC %s"), id.hpa ? _("supported") : _("no"),
		 id.hpa_enabled ? _(" (enabled)") : "", id.dco ? _("supported") : _("no"), id.amac ? _("supported") : _("no"));
	kv(_("hidden areas"), buf);
	kv(_("trim"), id.trim ? _("yes") : _("no"));
	kv(_("wwn"), id.wwn);
	kv(_("checksum"), !id.checksum_present ? _("absent") : id.checksum_ok ? _("correct") : _("WRONG"));
	return MS_EXIT_OK;
}

