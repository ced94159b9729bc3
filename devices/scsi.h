/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SCSI (SPC-5/SBC-4) for SAS drives, pure: CDBs for INQUIRY and its VPD pages, READ
 * CAPACITY(16), SANITIZE, REQUEST SENSE, FORMAT UNIT; decoders for what comes back,
 * including sanitize progress in the sense-key-specific field. */
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
};

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

struct ms_scsi_capacity {
	uint64_t blocks;
	uint32_t block_size;
	uint32_t physical_size;
};
int ms_scsi_capacity16_decode(const uint8_t raw[32], struct ms_scsi_capacity *out);

#endif
