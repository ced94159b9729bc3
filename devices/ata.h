/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ATA command set (ACS-3/ACS-4), pure: build commands as taskfiles, decode what
 * drives return. No I/O here: transports (sgio, emu) execute a struct ms_ata_cmd and
 * fill a struct ms_ata_status, so every byte is unit-tested against the standard. */
#ifndef MS_DEVICES_ATA_H
#define MS_DEVICES_ATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Status and error register bits. */
#define MS_ATA_STAT_ERR 0x01
#define MS_ATA_STAT_DRQ 0x08
#define MS_ATA_STAT_DF 0x20
#define MS_ATA_STAT_DRDY 0x40
#define MS_ATA_STAT_BSY 0x80
#define MS_ATA_ERR_ABRT 0x04
#define MS_ATA_ERR_IDNF 0x10

/* Opcodes used by massho. */
enum {
	MS_ATA_NOP = 0x00,          /* subcommand 00h: every device must abort it */
	MS_ATA_READ_NATIVE_MAX = 0xF8,
	MS_ATA_READ_NATIVE_MAX_EXT = 0x27,
	MS_ATA_SET_MAX = 0xF9,
	MS_ATA_SET_MAX_EXT = 0x37,
	MS_ATA_AMAC = 0x78,         /* ACCESSIBLE MAX ADDRESS CONFIGURATION */
	MS_ATA_DCO = 0xB1,
	MS_ATA_SANITIZE = 0xB4,
	MS_ATA_SMART = 0xB0,
	MS_ATA_IDENTIFY = 0xEC,
	MS_ATA_SEC_SET_PASSWORD = 0xF1,
	MS_ATA_SEC_UNLOCK = 0xF2,
	MS_ATA_SEC_ERASE_PREPARE = 0xF3,
	MS_ATA_SEC_ERASE_UNIT = 0xF4,
	MS_ATA_SEC_FREEZE_LOCK = 0xF5,
	MS_ATA_SEC_DISABLE_PASSWORD = 0xF6,
};

/* Feature values of the multiplexed commands. */
enum {
	MS_ATA_DCO_RESTORE = 0xC0, MS_ATA_DCO_FREEZE = 0xC1, MS_ATA_DCO_IDENTIFY = 0xC2,
	MS_ATA_AMAC_GET_NATIVE = 0x0000, MS_ATA_AMAC_SET_ACCESSIBLE = 0x0001, MS_ATA_AMAC_FREEZE = 0x0002,
	MS_ATA_SAN_STATUS = 0x0000, MS_ATA_SAN_CRYPTO = 0x0011, MS_ATA_SAN_BLOCK = 0x0012,
	MS_ATA_SAN_OVERWRITE = 0x0014, MS_ATA_SAN_FREEZE = 0x0020,
	MS_ATA_SMART_READ_DATA = 0xD0,
};

/* Signatures the sanitize commands require in LBA (ACS-3 7.34). */
#define MS_ATA_SIG_CRYPTO 0x43727970u    /* "Cryp" */
#define MS_ATA_SIG_BLOCK 0x426B4572u     /* "BkEr" */
#define MS_ATA_SIG_OVERWRITE 0x4F57u     /* "OW", in LBA 47:32 */
#define MS_ATA_SIG_FREEZE 0x46724C6Bu    /* "FrLk" */
#define MS_ATA_SMART_LBA 0xC24F00u       /* LBA mid 4Fh, high C2h */

enum ms_ata_proto { MS_ATA_NON_DATA, MS_ATA_PIO_IN, MS_ATA_PIO_OUT };

struct ms_ata_cmd {
	uint8_t command;
	uint16_t features;
	uint16_t count;
	uint64_t lba;           /* 28 or 48 bits */
	uint8_t device;
	bool ext;               /* 48-bit command */
	enum ms_ata_proto proto;
	void *data;             /* PIO data, len bytes (multiple of 512) */
	size_t len;
	unsigned timeout_s;
	const char *name;       /* e.g. "SECURITY ERASE UNIT", for journals and records */
};

/* What the device returned; kept apart from the OS errno (see xport.h). */
struct ms_ata_status {
	bool valid;             /* registers came back */
	uint8_t status, error, device;
	uint16_t count;
	uint64_t lba;
};

/* True when the device completed the command without ERR/DF. */
bool ms_ata_ok(const struct ms_ata_status *s);
/* True when the device aborted it (ERR with ABRT). */
bool ms_ata_aborted(const struct ms_ata_status *s);

/* ---- encoders: each fills *c completely ---------------------------------------- */
void ms_ata_identify(struct ms_ata_cmd *c, void *buf512);
void ms_ata_read_native_max(struct ms_ata_cmd *c, bool ext);
/* max_lba is the highest addressable LBA (capacity in sectors - 1). nonvolatile sets the
 * VV bit: the new maximum survives a power cycle. */
void ms_ata_set_max(struct ms_ata_cmd *c, uint64_t max_lba, bool ext, bool nonvolatile);
void ms_ata_dco_identify(struct ms_ata_cmd *c, void *buf512);
void ms_ata_dco_restore(struct ms_ata_cmd *c);
void ms_ata_amac_get_native(struct ms_ata_cmd *c);
void ms_ata_amac_set_accessible(struct ms_ata_cmd *c, uint64_t max_lba);

/* Password data: 32 bytes, shorter passwords zero-padded. */
#define MS_ATA_PW_LEN 32
void ms_ata_sec_set_password(struct ms_ata_cmd *c, void *buf512, const uint8_t pw[MS_ATA_PW_LEN],
			     bool master, bool maximum);
void ms_ata_sec_unlock(struct ms_ata_cmd *c, void *buf512, const uint8_t pw[MS_ATA_PW_LEN], bool master);
void ms_ata_sec_disable(struct ms_ata_cmd *c, void *buf512, const uint8_t pw[MS_ATA_PW_LEN], bool master);
void ms_ata_sec_erase_prepare(struct ms_ata_cmd *c);
void ms_ata_sec_erase_unit(struct ms_ata_cmd *c, void *buf512, const uint8_t pw[MS_ATA_PW_LEN], bool master,
			   bool enhanced, unsigned timeout_s);
void ms_ata_sec_freeze_lock(struct ms_ata_cmd *c);

enum ms_ata_sanitize_op { MS_SAN_BLOCK, MS_SAN_CRYPTO, MS_SAN_OVERWRITE };
/* failure_mode: on failure the drive may be used again after SANITIZE STATUS with
 * clear (ACS "FAILURE MODE" bit). Overwrite: pattern, passes (1..16), invert. */
void ms_ata_sanitize(struct ms_ata_cmd *c, enum ms_ata_sanitize_op op, bool failure_mode, uint32_t pattern,
		     unsigned passes, bool invert);
void ms_ata_sanitize_status(struct ms_ata_cmd *c, bool clear_failure);
void ms_ata_smart_read_data(struct ms_ata_cmd *c, void *buf512);
/* NOP with subcommand 00h: harmless, and always aborted by a compliant device, so a
 * pass-through that reports it as success invents status. */
void ms_ata_nop(struct ms_ata_cmd *c);

/* ---- decoders ------------------------------------------------------------------------ */
struct ms_ata_identify {
	bool ata;                      /* word 0 bit 15 clear */
	bool checksum_present, checksum_ok;
	char model[41], serial[21], firmware[9];
	bool lba, lba48;
	uint64_t lba28_sectors, lba48_sectors;
	uint64_t sectors;              /* user addressable: LBA48 if supported, else LBA28 */
	uint32_t logical_sector, physical_sector;
	uint16_t rotation;             /* 0 not reported, 1 solid state, else rpm */
	bool trim, trim_zeroes;
	bool smart, smart_enabled;
	bool sec_supported, sec_enabled, sec_locked, sec_frozen, sec_expired, sec_enhanced, sec_maximum;
	uint16_t sec_master_revision;
	unsigned erase_minutes, enhanced_erase_minutes; /* 0 not reported */
	bool erase_time_more;          /* the normal estimate is "more than" (saturated) */
	bool enhanced_time_more;
	bool sanitize, sanitize_crypto, sanitize_overwrite, sanitize_block, sanitize_antifreeze;
	bool hpa, hpa_enabled;
	bool dco;
	bool amac;
	bool encrypts_all;             /* word 69 bit 4 */
	bool wwn_valid;
	char wwn[17];                  /* 16 hex digits */
};

/* Decode a 512-byte IDENTIFY DEVICE response (words little-endian, as the device sends
 * them). Returns 0, or -EINVAL when it is not an ATA device's IDENTIFY data. */
int ms_ata_identify_decode(const uint8_t raw[512], struct ms_ata_identify *id);

/* Parse the hex text hdparm --Istdout prints (256 four-digit words) into raw bytes.
 * Returns 0 or -EINVAL. */
int ms_ata_identify_parse_hex(const char *text, uint8_t raw[512]);

/* Highest native LBA from READ NATIVE MAX (EXT) / GET NATIVE MAX ADDRESS EXT. */
uint64_t ms_ata_native_max_lba(const struct ms_ata_status *s, bool ext);

struct ms_ata_sanitize_state {
	bool completed_ok;   /* COUNT bit 15: last sanitize completed without error */
	bool in_progress;    /* bit 14 */
	bool frozen;         /* bit 13 */
	bool antifreeze;     /* bit 12 */
	bool failed;         /* the command reported a sanitize failure (ERR/ABRT) */
	uint16_t progress;   /* LBA 15:0, 0..65535 of 65536 */
};
void ms_ata_sanitize_status_decode(const struct ms_ata_status *s, struct ms_ata_sanitize_state *out);

struct ms_ata_dco {
	uint16_t revision;
	uint64_t max_lba;           /* the highest LBA the DCO allows */
	bool hpa, security, smart, sanitize_allowed;
};
int ms_ata_dco_decode(const uint8_t raw[512], struct ms_ata_dco *out);

struct ms_ata_smart {
	bool have_hours, have_realloc, have_pending;
	uint64_t power_on_hours, reallocated, pending;
};
/* SMART READ DATA attribute table. Returns 0 or -EINVAL (bad checksum). */
int ms_ata_smart_decode(const uint8_t raw[512], struct ms_ata_smart *out);

/* Fill an IDENTIFY checksum (word 255) so the sum of all bytes is 0 (the emulated drive
 * builds IDENTIFY data with it). */
void ms_ata_identify_seal(uint8_t raw[512]);

#endif
