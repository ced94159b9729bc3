/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SCSI (SPC-5/SBC-4) for SAS drives, pure: CDBs for INQUIRY and its VPD pages, READ
 * CAPACITY(16), SANITIZE, REQUEST SENSE, FORMAT UNIT, REPORT SUPPORTED OPERATION CODES;
 * decoders for what comes back, including sanitize progress in the sense-key-specific
 * field. Every decoder reads at most len bytes and rejects an answer that contradicts
 * itself (a length beyond len, a reserved code) with -EINVAL. */
#ifndef MS_DEVICES_SCSI_H
#define MS_DEVICES_SCSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { MS_SCSI_DIR_NONE, MS_SCSI_DIR_IN, MS_SCSI_DIR_OUT };

struct ms_scsi_cmd {
	uint8_t cdb[16];
	unsigned cdb_len;
	int dir;
	void *data;
	uint32_t len;
	unsigned timeout_s;
	const char *name;
	uint32_t resid;     /* set by the transport: bytes of len the device did not transfer */
};

/* Bytes the device actually returned for a data-in command (len less the residue). */
static inline size_t ms_scsi_got(const struct ms_scsi_cmd *c)
{
	return c->resid < c->len ? c->len - c->resid : 0;
}

/* What the device answered (the OS errno is kept apart by the transport). */
struct ms_scsi_status {
	bool valid;
	uint8_t status;                 /* 00h GOOD, 02h CHECK CONDITION */
	uint8_t key, asc, ascq;
	bool progress_valid;
	uint16_t progress;              /* of 65536, from the sense-key-specific field */
};

enum {
	MS_SK_NO_SENSE = 0, MS_SK_NOT_READY = 2, MS_SK_MEDIUM_ERROR = 3, MS_SK_ILLEGAL_REQUEST = 5,
	MS_SK_UNIT_ATTENTION = 6,
};

enum ms_scsi_sanitize_sa { MS_SCSI_SAN_OVERWRITE = 0x01, MS_SCSI_SAN_BLOCK = 0x02, MS_SCSI_SAN_CRYPTO = 0x03,
			   MS_SCSI_SAN_EXIT_FAILURE = 0x1F };

static inline bool ms_scsi_good(const struct ms_scsi_status *s)
{
	return s->valid && s->status == 0;
}

/* Sanitize in progress: NOT READY, 04h/1Bh. Failed: 31h/03h SANITIZE COMMAND FAILED. */
static inline bool ms_scsi_sanitizing(const struct ms_scsi_status *s)
{
	return s->valid && s->key == MS_SK_NOT_READY && s->asc == 0x04 && s->ascq == 0x1B;
}
static inline bool ms_scsi_sanitize_failed(const struct ms_scsi_status *s)
{
	return s->valid && s->asc == 0x31 && s->ascq == 0x03;
}

void ms_scsi_inquiry(struct ms_scsi_cmd *c, bool evpd, uint8_t page, void *buf, uint16_t len);
void ms_scsi_read_capacity16(struct ms_scsi_cmd *c, void *buf32);
void ms_scsi_request_sense(struct ms_scsi_cmd *c, void *buf, uint8_t len);
void ms_scsi_test_unit_ready(struct ms_scsi_cmd *c);
/* IMMED always: progress is polled with REQUEST SENSE. Overwrite takes a parameter list
 * (buf, 8 bytes): one pass, the 4-byte pattern. */
void ms_scsi_sanitize(struct ms_scsi_cmd *c, enum ms_scsi_sanitize_sa sa, bool ause, void *param8,
		      uint32_t pattern);
void ms_scsi_format_unit(struct ms_scsi_cmd *c, unsigned timeout_s);

/* Operation codes that the capability probe asks about. */
enum { MS_SCSI_OP_FORMAT_UNIT = 0x04, MS_SCSI_OP_SANITIZE = 0x48, MS_SCSI_OP_MAINTENANCE_IN = 0xA3 };

/* REPORT SUPPORTED OPERATION CODES (MAINTENANCE IN A3h, service action 0Ch) for one
 * command: reporting option 02h (operation code and service action) when has_sa, else
 * 01h (operation code alone; SPC-5 makes a drive refuse 01h for a command that has
 * service actions, and 02h for one that has none). */
void ms_scsi_rsoc_one(struct ms_scsi_cmd *c, uint8_t opcode, bool has_sa, uint16_t sa, void *buf, uint32_t len);
enum ms_scsi_support {
	MS_SCSI_SUP_UNKNOWN,    /* 000b: the drive has no data about it now */
	MS_SCSI_SUP_NO,         /* 001b: not supported */
	MS_SCSI_SUP_YES,        /* 011b (as the standard says) or 101b (vendor specific) */
};
/* The one_command parameter data of ms_scsi_rsoc_one() (len: the bytes returned).
 * Returns 0 with *out, or -EINVAL when the answer is shorter than its header, has a
 * reserved SUPPORT value, or says "supported" with CDB usage data that is cut off or
 * names another operation code or service action (the service action is looked for in
 * CDB byte 1, bits 4:0, where SANITIZE and MAINTENANCE IN keep it). */
int ms_scsi_rsoc_one_decode(const uint8_t *raw, size_t len, uint8_t opcode, bool has_sa, uint16_t sa,
			    enum ms_scsi_support *out);

/* Sense data (fixed 70h/71h or descriptor 72h/73h) into *st. Returns 0 or -EINVAL. */
int ms_scsi_sense_decode(const uint8_t *sense, size_t len, struct ms_scsi_status *st);

struct ms_scsi_inquiry {
	uint8_t peripheral_type;    /* 0: direct-access block device */
	char vendor[9], product[17], revision[5];
};
int ms_scsi_inquiry_decode(const uint8_t *raw, size_t len, struct ms_scsi_inquiry *out);
/* VPD 80h unit serial number; 83h device identification: the first NAA designator as
 * "naa.<hex>"; B1h block device characteristics: rotation rate (1 = solid state). */
int ms_scsi_vpd80_decode(const uint8_t *raw, size_t len, char *serial, size_t slen);
int ms_scsi_vpd83_naa(const uint8_t *raw, size_t len, char *wwn, size_t wlen);
int ms_scsi_vpdb1_rotation(const uint8_t *raw, size_t len, uint16_t *rpm);
/* VPD 00h supported VPD pages: *has says whether page is listed. -EINVAL when the list
 * is longer than len (cut off: absence cannot be told) or not ascending as SPC-5 says. */
int ms_scsi_vpd00_has(const uint8_t *raw, size_t len, uint8_t page, bool *has);

/* VPD B1h block device characteristics (SBC-4). */
enum ms_scsi_rotation { MS_SCSI_ROT_UNREPORTED, MS_SCSI_ROT_SOLID_STATE, MS_SCSI_ROT_ROTATING };
struct ms_scsi_bdc {
	uint16_t rate;                  /* MEDIUM ROTATION RATE as returned */
	enum ms_scsi_rotation rotation; /* 0000h unreported, 0001h non-rotating, 0401h-FFFEh rpm */
	uint8_t product_type;           /* 00h not indicated, 01h CFast, ... */
	uint8_t form_factor;            /* NOMINAL FORM FACTOR, 0: not reported */
};
/* Returns 0, or -EINVAL when the page is not B1h, shorter than the 4 bytes after its
 * header that hold these fields, longer than len, or gives a reserved rotation rate. */
int ms_scsi_vpdb1_decode(const uint8_t *raw, size_t len, struct ms_scsi_bdc *out);

struct ms_scsi_capacity {
	uint64_t blocks;
	uint32_t block_size;
	uint32_t physical_size;
};
int ms_scsi_capacity16_decode(const uint8_t raw[32], struct ms_scsi_capacity *out);

#endif
