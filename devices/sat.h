/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SCSI/ATA Translation (SAT-4), pure: ATA commands wrapped in ATA PASS-THROUGH(16) or
 * (12) CDBs, and the ATA registers recovered from the sense data the kernel returns. */
#ifndef MS_DEVICES_SAT_H
#define MS_DEVICES_SAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ata.h"

/* SAT protocol field values. */
enum { MS_SAT_PROTO_NON_DATA = 3, MS_SAT_PROTO_PIO_IN = 4, MS_SAT_PROTO_PIO_OUT = 5 };

/* ATA PASS-THROUGH(16), opcode 85h. ck_cond asks for the registers back even on
 * success. Returns 0, or -EINVAL when the data length is not whole sectors. */
int ms_sat_cdb16(const struct ms_ata_cmd *c, bool ck_cond, uint8_t cdb[16]);

/* ATA PASS-THROUGH(12), opcode A1h: 28-bit commands only (for bridges that reject
 * the 16-byte form). Returns 0 or -EINVAL (48-bit command). */
int ms_sat_cdb12(const struct ms_ata_cmd *c, bool ck_cond, uint8_t cdb[12]);

struct ms_scsi_sense {
	bool valid;
	uint8_t response;   /* 70h-73h */
	uint8_t key, asc, ascq;
};

/* Decode sense data: the sense key and, when the ATA registers are in it, fill st.
 * Descriptor format (72h/73h) carries them in the ATA Status Return descriptor (09h).
 * Fixed format (70h/71h) carries them in INFORMATION and COMMAND-SPECIFIC INFORMATION
 * (SAT-4, and Linux >= 6.11, which sets the VALID bit); Linux up to 6.10 wrote them
 * without VALID at bytes 8-11 and 16-19 instead. Both are recognised. Fixed format
 * holds registers only with ASC/ASCQ 00h/1Dh, or for an ATA error the translation
 * reports (its status register has DRDY or ERR set); a rejected command (ILLEGAL REQUEST
 * 20h/24h/26h, as from a SCSI disk that does not speak ATA) or a UNIT ATTENTION has none.
 * Returns 0 when registers were found, -ENODATA when the sense has none, -EINVAL when
 * it is not sense data. */
int ms_sat_sense_decode(const uint8_t *sense, size_t len, struct ms_scsi_sense *sk, struct ms_ata_status *st);

/* What the kernel's answer to an ATA PASS-THROUGH means, whoever gave it (SG_IO, or the
 * emulated drive playing a SCSI disk). status: the SCSI status byte; host_status, the
 * SG_IO host status; resid, the data-in bytes not transferred; data_in, a PIO data-in
 * command. Returns 0 when the drive answered (its registers in *st, success or not),
 * -EOPNOTSUPP when the translation rejected the CDB (ILLEGAL REQUEST: invalid opcode or
 * field: no ATA behind it), -ETIMEDOUT, -ENODEV (no target), or -EIO (failed without
 * registers, or data-in short by a residual). Pure. */
int ms_sat_result(const uint8_t *sense, size_t sb_len, uint8_t status, uint16_t host_status, bool driver_timeout,
		  int resid, bool data_in, struct ms_scsi_sense *sk, struct ms_ata_status *st);

/* The fixed-format sense a SCSI disk without ATA gives for ATA PASS-THROUGH (ILLEGAL
 * REQUEST, INVALID COMMAND OPERATION CODE), as QEMU's scsi-hd and usb-storage do; 18
 * bytes into out. For the emulated drive. */
void ms_sat_sense_rejected(uint8_t out[18]);

#endif
