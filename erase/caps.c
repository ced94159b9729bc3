/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "caps.h"

#include <errno.h>
#include <string.h>

#include "../devices/scsi_ask.h"
#include "ata_exec.h"
#include "bridge.h"
#include "hidden.h"

enum ms_pmedium ms_caps_medium(const struct ms_device *d)
{
	if (d->medium == MS_MEDIUM_NVME)
		return MS_PM_NVME;
	if (d->transport == MS_TRANSPORT_SAS)
		return d->rotational ? MS_PM_SAS_HDD : MS_PM_SAS_SSD;
	switch (d->medium) {
	case MS_MEDIUM_HDD: return MS_PM_HDD;
	case MS_MEDIUM_SSD: return MS_PM_SATA_SSD;
	case MS_MEDIUM_USB_FLASH: return MS_PM_USB_FLASH;
	case MS_MEDIUM_SD_MMC: return MS_PM_SD_MMC;
	default: return MS_PM_UNKNOWN; /* loop devices, image files, what discovery cannot tell */
	}
}

bool ms_caps_scsi_bus(enum ms_transport t)
{
	return t == MS_TRANSPORT_SAS || t == MS_TRANSPORT_VIRTIO || t == MS_TRANSPORT_UNKNOWN;
}

/* One command's entry of REPORT SUPPORTED OPERATION CODES. -EOPNOTSUPP when the drive
 * does not run RSOC itself, -EIO when it answered nothing usable about this command. */
static int rsoc_one(struct ms_xport *x, uint8_t op, bool has_sa, uint16_t sa, enum ms_cap_state *out)
{
	uint8_t buf[64] = {0};
	struct ms_scsi_cmd s;
	struct ms_scsi_status ss;
	enum ms_scsi_support sup;
	*out = MS_CAP_UNKNOWN;
	ms_scsi_rsoc_one(&s, op, has_sa, sa, buf, sizeof buf);
	int r = ms_xport_scsi(x, &s, &ss);
	if (r)
		return r;
	if (!ms_scsi_good(&ss)) /* 20h/00h INVALID COMMAND OPERATION CODE: RSOC itself is unknown */
		return ss.valid && ss.key == MS_SK_ILLEGAL_REQUEST && ss.asc == 0x20 ? -EOPNOTSUPP : -EIO;
	if (ms_scsi_rsoc_one_decode(buf, ms_scsi_got(&s), op, has_sa, sa, &sup))
		return -EIO;
	*out = sup == MS_SCSI_SUP_YES ? MS_CAP_YES : sup == MS_SCSI_SUP_NO ? MS_CAP_NO : MS_CAP_UNKNOWN;
	return 0;
}

/* A SAS drive's medium from its own VPD B1h (listed in VPD 00h): the policy's row for
 * flash and magnetic media differ, and sysfs's rotational flag is the HBA driver's guess. */
static bool scsi_medium(struct ms_xport *x, struct ms_caps *c)
{
	enum ms_scsi_rotation rot = ms_scsi_ask_rotation(x);
	if (rot == MS_SCSI_ROT_SOLID_STATE)
		c->medium = MS_PM_SAS_SSD;
	else if (rot == MS_SCSI_ROT_ROTATING)
		c->medium = MS_PM_SAS_HDD;
	return rot != MS_SCSI_ROT_UNREPORTED;
}

/* SAS: INQUIRY, the medium, and what SANITIZE and FORMAT UNIT the drive says it runs. A
 * drive without RSOC leaves them UNKNOWN (the policy then chooses none of them). */
static void probe_scsi(struct ms_xport *x, struct ms_caps *c)
{
	uint8_t buf[96] = {0};
	struct ms_scsi_cmd s;
	struct ms_scsi_status ss;
	ms_scsi_inquiry(&s, false, 0, buf, sizeof buf);
	c->scsi = ms_xport_scsi(x, &s, &ss) == 0 && ms_scsi_good(&ss);
	if (!c->scsi)
		return;
	/* the kernel's rotational flag is a default when the drive says nothing: unknown */
	c->medium_untold = !scsi_medium(x, c);
	if (c->medium_untold)
		c->medium = MS_PM_UNKNOWN;
	const struct {
		uint8_t op;
		bool has_sa;
		uint16_t sa;
		enum ms_cap_state *out;
	} asks[] = {
		{MS_SCSI_OP_SANITIZE, true, MS_SCSI_SAN_OVERWRITE, &c->scsi_san_overwrite},
		{MS_SCSI_OP_SANITIZE, true, MS_SCSI_SAN_BLOCK, &c->scsi_san_block},
		{MS_SCSI_OP_SANITIZE, true, MS_SCSI_SAN_CRYPTO, &c->scsi_san_crypto},
		{MS_SCSI_OP_SANITIZE, true, MS_SCSI_SAN_EXIT_FAILURE, &c->scsi_san_exit_failure},
		{MS_SCSI_OP_FORMAT_UNIT, false, 0, &c->scsi_format_unit},
	};
	for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
		int r = rsoc_one(x, asks[i].op, asks[i].has_sa, asks[i].sa, asks[i].out);
		if (r == -EOPNOTSUPP)
			return; /* no RSOC at all: everything stays unknown */
		c->scsi_rsoc = c->scsi_rsoc || r == 0;
	}
}

int ms_caps_probe(struct ms_xport *x, struct ms_caps *c)
{
	memset(c, 0, sizeof *c);
	c->medium = ms_caps_medium(&x->dev);
	c->capacity = x->dev.capacity;
	c->usb = x->dev.transport == MS_TRANSPORT_USB;
	struct ms_ata_identify id;
	if (ms_ata_run_identify(x, NULL, &id) == 0) {
		c->ata = true;
		c->sec = id.sec_supported;
		c->sec_enhanced = id.sec_enhanced;
		c->sec_frozen = id.sec_frozen;
		c->sec_expired = id.sec_expired;
		c->sec_enabled = id.sec_enabled;
		c->sec_locked = id.sec_locked;
		c->ata_san_block = id.sanitize_block;
		c->ata_san_crypto = id.sanitize_crypto;
		c->ata_san_overwrite = id.sanitize_overwrite;
		c->erase_minutes = id.erase_minutes;
		c->enhanced_minutes = id.enhanced_erase_minutes;
		struct ms_hidden h;
		if (ms_hidden_detect(x, NULL, &h) == 0) {
			c->hidden_present = ms_hidden_present(&h);
			bool hpa = h.accessible < h.native, dco = h.native < h.factory;
			c->hidden_restorable = (!hpa || h.hpa_supported || h.amac_supported) && (!dco || h.dco_supported);
			c->dco_present = dco;
		}
		if (c->usb) {
			char why[160];
			c->usb_trusted = ms_bridge_selftest(x, NULL, why, sizeof why) == 0;
		}
	}
	uint8_t page[4096];
	struct ms_nvme_cmd n;
	struct ms_nvme_status ns;
	struct ms_nvme_ctrl ctrl;
	ms_nvme_identify_ctrl(&n, page);
	if (ms_xport_nvme(x, &n, &ns) == 0 && ms_nvme_ok(&ns) && ms_nvme_ctrl_decode(page, &ctrl) == 0) {
		c->nvme = true;
		c->nvme_format = ctrl.format;
		c->nvme_crypto_format = ctrl.crypto_erase_format;
		c->nvme_san_block = ctrl.san_block;
		c->nvme_san_crypto = ctrl.san_crypto;
		c->nvme_san_overwrite = ctrl.san_overwrite;
	}
	if (c->medium == MS_PM_NVME) /* unanswered with several namespaces shown: the problem says so */
		ms_nvme_space_read(x, NULL, &c->nvme_space);
	/* Classified by the command set the disk speaks, not by its bus: a disk behind an HBA
	 * (virtio-scsi, a RAID card in HBA mode) that answers no ATA is a SCSI disk. */
	/* A SATA drive on a SAS HBA answers IDENTIFY: an ATA drive, with its hidden areas */
	if (c->ata && (c->medium == MS_PM_SAS_HDD || c->medium == MS_PM_SAS_SSD))
		c->medium = c->medium == MS_PM_SAS_HDD ? MS_PM_HDD : MS_PM_SATA_SSD;
	if (!c->ata && !c->nvme && ms_caps_scsi_bus(x->dev.transport)) {
		probe_scsi(x, c);
	}
	c->medium_untold = c->medium_untold || x->dev.rotation_unreported;
	/* the erase refuses a locked self-encrypting drive: the plan must say the same */
	struct ms_tcg_l0 l0;
	c->sed = ms_caps_sed(x, &l0);
	c->sed_locked = c->sed && l0.locked;
	return 0;
}

int64_t ms_power_on_hours(struct ms_xport *x)
{
	uint8_t buf[512];
	struct ms_ata_cmd a;
	struct ms_ata_status as;
	struct ms_ata_smart sm;
	ms_ata_smart_read_data(&a, buf);
	if (ms_xport_ata(x, &a, &as) == 0 && ms_ata_ok(&as) && ms_ata_smart_decode(buf, &sm) == 0 && sm.have_hours)
		return (int64_t)sm.power_on_hours;
	struct ms_nvme_cmd n;
	struct ms_nvme_status ns;
	struct ms_nvme_smart nsm;
	ms_nvme_get_log(&n, MS_NVME_LOG_SMART, 0xFFFFFFFF, buf, 512);
	if (ms_xport_nvme(x, &n, &ns) == 0 && ms_nvme_ok(&ns) && ms_nvme_smart_decode(buf, &nsm) == 0)
		return (int64_t)nsm.power_on_hours;
	return 0;
}

bool ms_caps_sed(struct ms_xport *x, struct ms_tcg_l0 *out)
{
	uint8_t buf[MS_TCG_L0_LEN];
	struct ms_ata_cmd a;
	struct ms_ata_status as;
	struct ms_nvme_cmd n;
	struct ms_nvme_status ns;
	struct ms_scsi_cmd s;
	struct ms_scsi_status ss;
	memset(buf, 0, sizeof buf);
	memset(out, 0, sizeof *out);
	bool got = false;
	ms_ata_trusted_receive(&a, 0x01, 0x0001, buf, 512);
	if (ms_xport_ata(x, &a, &as) == 0 && ms_ata_ok(&as))
		got = true;
	ms_nvme_security_recv(&n, 0x01, 0x0001, buf, 512);
	if (!got && ms_xport_nvme(x, &n, &ns) == 0 && ms_nvme_ok(&ns))
		got = true;
	ms_scsi_security_in(&s, 0x01, 0x0001, buf, 512);
	if (!got && ms_xport_scsi(x, &s, &ss) == 0 && ms_scsi_good(&ss))
		got = true;
	return got && ms_tcg_l0_decode(buf, 512, out) == 0;
}

void ms_caps_read(const struct ms_device *d, struct ms_caps *c)
{
	struct ms_xport *x;
	if (ms_xport_open(d, MS_OPEN_NO_ACT, &x) == 0) {
		ms_caps_probe(x, c);
		ms_xport_close(x);
		return;
	}
	memset(c, 0, sizeof *c);
	c->medium = ms_caps_medium(d);
	c->capacity = d->capacity;
	c->usb = d->transport == MS_TRANSPORT_USB;
}
