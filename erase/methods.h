/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The erase methods: one const table (erase/methods.c) gives each method its name, its
 * family, the firmware engines that carry it out, its NIST SP 800-88 / IEEE 2883 level per
 * medium, what the sampled sectors hold afterwards, whether a drive can do it (from a
 * read-only capability probe) and how long it takes. The policy, the engines and every
 * front end ask this table; a method's name is spelled in methods.c only.
 * docs/architecture.md: "How to add a method". */
#ifndef MS_ERASE_METHODS_H
#define MS_ERASE_METHODS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nsspace.h"

/* The table's order is the order in which a plan lists rejected alternatives. */
enum ms_method {
	MS_METHOD_OVERWRITE,                /* host overwrite of every addressable sector */
	MS_METHOD_SECURITY_ERASE,           /* ATA SECURITY ERASE UNIT, normal */
	MS_METHOD_SECURITY_ERASE_ENHANCED,  /* ATA SECURITY ERASE UNIT, enhanced */
	MS_METHOD_SANITIZE_BLOCK,           /* ATA SANITIZE, NVMe Sanitize, SCSI SANITIZE */
	MS_METHOD_SANITIZE_CRYPTO,
	MS_METHOD_SANITIZE_OVERWRITE,
	MS_METHOD_FORMAT_USER,              /* NVMe Format NVM, SES=1 */
	MS_METHOD_FORMAT_CRYPTO,            /* NVMe Format NVM, SES=2 */
	MS_METHOD_FORMAT_UNIT,              /* SCSI FORMAT UNIT */
	MS_METHOD_DESTROY,                  /* physical destruction: a policy's marker, no engine */
	MS_METHOD_COUNT
};

enum ms_family {
	MS_FAMILY_HOST,          /* the host writes (erase/overwrite.c) */
	MS_FAMILY_ATA_SECURITY,  /* the drive erases: ATA security feature set */
	MS_FAMILY_SANITIZE,      /* the drive erases: sanitize command of its command set */
	MS_FAMILY_FORMAT,        /* the drive erases: NVMe Format NVM, SCSI FORMAT UNIT */
	MS_FAMILY_PHYSICAL,      /* nobody erases: the drive is destroyed */
};

/* Firmware engines (bit set): which command sets carry a firmware method out. */
enum { MS_ENGINE_ATA = 1u << 0, MS_ENGINE_NVME = 1u << 1, MS_ENGINE_SCSI = 1u << 2 };

/* The operation an engine sends, for methods whose family has several. */
enum ms_method_op { MS_OP_NONE, MS_OP_BLOCK, MS_OP_CRYPTO, MS_OP_OVERWRITE, MS_OP_USER_DATA };

enum ms_level { MS_LEVEL_CLEAR, MS_LEVEL_PURGE, MS_LEVEL_DESTROY };
/* The level's name, as records and plans print it. */
const char *ms_level_name(enum ms_level l);

/* The policy's kinds of medium (Figure 41 distinguishes HDDs from flash). */
enum ms_pmedium {
	MS_PM_HDD, MS_PM_SATA_SSD, MS_PM_NVME, MS_PM_SAS_HDD, MS_PM_SAS_SSD, MS_PM_USB_FLASH, MS_PM_SD_MMC,
	MS_PM_UNKNOWN, MS_PM_COUNT
};

/* What a drive said about one of its commands. UNKNOWN (zero) when it was not asked or
 * could not say: a method is never chosen on an unknown. */
enum ms_cap_state { MS_CAP_UNKNOWN, MS_CAP_NO, MS_CAP_YES };

/* What a plan needs to know about a drive: gathered read-only (erase/caps.c) or built
 * by hand in tests. */
struct ms_caps {
	enum ms_pmedium medium;
	bool medium_untold;        /* the drive does not say whether it rotates (VPD B1h): medium
				    * unknown, the policy's stricter rule */
	bool usb;                  /* behind a USB bridge */
	bool usb_trusted;          /* the bridge passed the self-test */
	bool ata;                  /* ATA commands answer */
	bool sec, sec_enhanced, sec_frozen, sec_expired, sec_enabled;
	bool sec_locked;           /* ATA security locked (a password set, not unlocked): no media
				    * access, no sanitize, until unlocked */
	bool ata_san_block, ata_san_crypto, ata_san_overwrite;
	bool hidden_present;       /* HPA or DCO hides sectors */
	bool dco_present;          /* a DCO hides sectors beyond the native max (a normal security
				    * erase stops at the native max) */
	bool hidden_restorable;    /* SET MAX / AMAC / DCO RESTORE are available */
	bool nvme, nvme_format, nvme_crypto_format, nvme_san_block, nvme_san_crypto, nvme_san_overwrite;
	struct ms_nvme_space nvme_space; /* its namespaces: what each kind of erase reaches */
	bool scsi;                 /* SAS: SCSI commands answer (INQUIRY) */
	bool scsi_rsoc;            /* ... and REPORT SUPPORTED OPERATION CODES: the states below are
				    * the drive's word; without it they stay UNKNOWN */
	enum ms_cap_state scsi_san_block, scsi_san_crypto, scsi_san_overwrite, scsi_format_unit;
	enum ms_cap_state scsi_san_exit_failure; /* informational: the engine never sets AUSE, so a
						  * failed sanitize is left by a good one, not by this */
	bool sed;
	bool sed_locked;           /* TCG locking enabled, ranges locked: no method can be vouched for */
	uint64_t capacity;
	unsigned erase_minutes, enhanced_minutes;
};

/* How a method is asked for (a policy's list item, or the command line). */
struct ms_method_args {
	unsigned passes;           /* overwrite: number of passes (the estimate) */
	bool restore_hidden;       /* overwrite: HPA/DCO removed first */
};

struct ms_method_def {
	enum ms_method id;
	const char *name;          /* as in policies, records and --method */
	const char *help;          /* a few words for --help */
	enum ms_family family;
	unsigned engines;          /* MS_ENGINE_*: 0 for the host overwrite and destruction */
	enum ms_method_op op;
	enum ms_level level_hdd, level_flash;
	bool expects_zeros;        /* sampled sectors must read zeros afterwards (else: changed) */
	/* Can this drive do it through its attachment? false with the reason in why. */
	bool (*supported)(const struct ms_method_def *self, const struct ms_caps *c, const struct ms_method_args *a,
			  char *why, size_t len);
	/* Expected seconds, from the drive's own estimates or typical speeds. */
	double (*estimate)(const struct ms_caps *c, const struct ms_method_args *a);
	const char *ja;            /* the guideline's term, for certificates */
};

/* The row of method m (m < MS_METHOD_COUNT). */
const struct ms_method_def *ms_method(enum ms_method m);
const char *ms_method_name(enum ms_method m);
/* Name → method. Returns 0, or -EINVAL for a name not in the table. */
int ms_method_parse(const char *name, enum ms_method *out);
/* "overwrite, security-erase, …": the names, comma-separated (for messages and help);
 * with_destroy includes the policy-only marker. Returns out. */
char *ms_method_names(bool with_destroy, char *out, size_t len);

/* The row's supported() and estimate() for method m. */
bool ms_method_supported(enum ms_method m, const struct ms_caps *c, const struct ms_method_args *a, char *why,
			 size_t len);
double ms_method_estimate(enum ms_method m, const struct ms_caps *c, const struct ms_method_args *a);
/* True for methods the drive's firmware carries out. */
bool ms_method_is_firmware(enum ms_method m);
/* Level of m on a medium (security erase purges an HDD, only clears flash). */
enum ms_level ms_method_level_on(enum ms_method m, enum ms_pmedium med);
/* Could a drive of this medium be asked for m at all (for a plan's list of rejections)? */
bool ms_method_relevant(enum ms_method m, enum ms_pmedium med);
/* The engine bit of a medium's command set (0 for media without a firmware engine). */
unsigned ms_method_engine_of(enum ms_pmedium med);
/* When engine (one MS_ENGINE_* bit) cannot run m: a sentence that says whose method it is
 * and what this kind of drive uses instead; returns false. True when it can. */
bool ms_method_engine_runs(enum ms_method m, unsigned engine, char *why, size_t len);

#endif
