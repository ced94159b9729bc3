/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The emulated drive: a profile (what it claims to be) plus an image file (its
 * medium), addressed as emu:PROFILE:IMAGE[,key=value...] or emu:FILE.profile.
 * Later issues add firmware state machines; here it carries the fault hooks the
 * engines are tested against. docs/emulated-drive.md lists every key. */
#ifndef MS_DEVICES_EMU_H
#define MS_DEVICES_EMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "device.h"
#include "xport.h"

#define MS_EMU_MAX_BAD 8

struct ms_emu_faults {
	/* LBA ranges (inclusive) on which every read and write fails with EIO. */
	struct { uint64_t first, last; } bad[MS_EMU_MAX_BAD];
	size_t nbad;
	/* One LBA that fails the next `transient_count` I/Os touching it, then heals. */
	bool transient_set;
	uint64_t transient_lba;
	unsigned transient_count;
	/* After the first successful write covering this byte offset, invert the byte in
	 * the image (a silent corruption that only read-back verification can see). */
	bool flip_set;
	uint64_t flip_offset;
	/* Power is lost in the middle of this operation: the command never completes, the
	 * drive stops answering until the next power-on (the next open). */
	enum { MS_EMU_PL_NONE, MS_EMU_PL_SECURITY_ERASE, MS_EMU_PL_SANITIZE } powerloss;
	int abort_op;          /* ATA opcode the firmware always aborts, -1 none */
	int drop_op;           /* ATA opcode whose completion is lost (host sees a timeout), -1 none */
	bool sanitize_fail;    /* the next sanitize operation fails */
	unsigned ns_untouched; /* NVMe: Format and Sanitize report success but leave this namespace */
};

/* What the emulated drive's ATA firmware offers. Profiles set it; keys override. */
struct ms_emu_ata_caps {
	bool ata;                      /* answers ATA commands at all (SATA profiles) */
	bool security, enhanced;
	unsigned erase_minutes, enhanced_minutes; /* IDENTIFY words 89/90 */
	bool hpa, dco, amac;
	bool san_block, san_crypto, san_overwrite;
	bool frozen;                   /* the BIOS freezes security at every power-on */
	uint64_t init_hpa;             /* accessible bytes at first power-on, 0: no HPA */
	uint64_t init_dco;             /* bytes the DCO leaves, 0: no DCO limit */
	unsigned sanitize_ms;          /* how long a sanitize operation runs */
	char preset_password[33];      /* a user password some earlier owner set, "" none */
	bool nvme;                     /* answers NVMe admin commands (NVMe profiles) */
	bool scsi;                     /* answers SCSI commands as a SAS drive */
	/* SAS: no REPORT SUPPORTED OPERATION CODES (an older drive: INVALID COMMAND OPERATION
	 * CODE), no FORMAT UNIT, sense data in descriptor format (D_SENSE) instead of fixed. */
	bool scsi_no_rsoc, scsi_no_format, scsi_desc_sense;
	bool sed;                      /* a TCG Opal 2 self-encrypting drive (Level 0 Discovery) */
	bool sed_locked;               /* ... with locking enabled and its ranges locked: media
				        * reads and writes are refused, as by a real locked SED */
	bool nvme_format;              /* OACS: Format NVM */
	bool nvme_crypto_format;       /* FNA: crypto erase as a Format secure erase */
	/* The USB bridge in front of the drive: none, a faithful SAT bridge, one that drops
	 * the returned registers, one that reports every command as successful. */
	enum { MS_EMU_BRIDGE_NONE, MS_EMU_BRIDGE_SAT, MS_EMU_BRIDGE_NOREGS, MS_EMU_BRIDGE_FAKEOK } bridge;
	bool expired;                  /* the attempt counter is already used up at power-on */
	/* NVMe: namespaces 1..N (0 means 1), namespace k > 1 backed by IMAGE.nsK of the same
	 * size; FNA bit 0 (a Format reaches every namespace); NVM capacity in no namespace. */
	bool rotation_unreported;      /* SCSI: VPD B1h reports no rotation rate (0000h), as QEMU's disks */
	unsigned namespaces;
	unsigned detached;             /* NVMe: this namespace is allocated but not attached (OACS bit 3) */
	bool fna_all;
	uint64_t unallocated;
};

struct ms_emu_config {
	char profile[32];
	char image[512];
	char model[64], serial[64], firmware[32], wwn[64], vendor[32];
	enum ms_medium medium;
	enum ms_transport transport;
	uint64_t capacity;       /* 0: the image's size, or the profile's default */
	uint32_t logical, physical;
	bool rotational, removable;
	struct ms_emu_faults faults;
	struct ms_emu_ata_caps caps;
};

/* The file that backs namespace nsid (> 1) of an emulated NVMe drive: IMAGE.nsN. */
void ms_emu_ns_image(const char *image, uint32_t nsid, char *out, size_t len);

/* Parse a spec (with or without the "emu:" prefix). Returns 0 or -EINVAL with a
 * reason in why ("unknown profile 'x' (known: ...)", "line 3: unknown key 'y'"). */
int ms_emu_parse(const char *spec, struct ms_emu_config *cfg, char *why, size_t whylen);

/* Fill a device description from a spec; the image need not exist yet. */
int ms_emu_describe(const char *spec, struct ms_device *dev, char *why, size_t whylen);

/* The fault hooks of an open emulated drive (tests set them directly);
 * NULL when x is not an emulated drive. */
struct ms_emu_faults *ms_emu_faults(struct ms_xport *x);

/* Names of the built-in profiles, NULL-terminated. */
extern const char *const ms_emu_profile_names[];

#endif
