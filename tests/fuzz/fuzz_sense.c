/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sense data, as the kernel returns it after SG_IO (devices/sgio.c hands both decoders
 * what the drive wrote, at most 64 bytes there, any length here): the SAT decoder that
 * recovers the ATA registers (fixed format 70h/71h in both the SAT-4 and the Linux <= 6.10
 * layouts, descriptor format 72h/73h with the ATA Status Return descriptor) and the SCSI
 * decoder (sense key, sanitize progress in the sense-key-specific field). The other SCSI
 * responses a SAS drive sends (INQUIRY, VPD 00h/80h/83h/B1h, READ CAPACITY(16), REPORT SUPPORTED
 * OPERATION CODES) and TCG Level 0
 * Discovery get the same bytes: they are decoded from buffers of the drive's choosing too. */
#include "fuzz.h"

#include "../../devices/ata.h"
#include "../../devices/sat.h"
#include "../../devices/scsi.h"
#include "../../devices/tcg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy: a decoder reading one byte past len is caught by ASan. */
	uint8_t *s = malloc(size ? size : 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	struct ms_scsi_sense sk;
	struct ms_ata_status st;
	if (ms_sat_sense_decode(s, size, &sk, &st) == 0) {
		struct ms_ata_sanitize_state ss;
		(void)ms_ata_ok(&st);
		(void)ms_ata_aborted(&st);
		(void)ms_ata_native_max_lba(&st, true);
		ms_ata_sanitize_status_decode(&st, &ss);
	}
	struct ms_scsi_status ss;
	if (ms_scsi_sense_decode(s, size, &ss) == 0) {
		(void)ms_scsi_sanitizing(&ss);
		(void)ms_scsi_sanitize_failed(&ss);
	}
	struct ms_scsi_inquiry inq;
	ms_scsi_inquiry_decode(s, size, &inq);
	char serial[21], wwn[37]; /* "naa." and 16 bytes in hex */
	ms_scsi_vpd80_decode(s, size, serial, sizeof serial);
	ms_scsi_vpd83_naa(s, size, wwn, sizeof wwn);
	uint16_t rpm;
	ms_scsi_vpdb1_rotation(s, size, &rpm);
	struct ms_scsi_bdc bdc;
	ms_scsi_vpdb1_decode(s, size, &bdc);
	bool has;
	ms_scsi_vpd00_has(s, size, 0xB1, &has);
	/* REPORT SUPPORTED OPERATION CODES, as the capability probe asks: SANITIZE with each
	 * service action, FORMAT UNIT without one. */
	enum ms_scsi_support sup;
	static const uint8_t sas[] = {0x01, 0x02, 0x03, 0x1F};
	for (size_t i = 0; i < sizeof sas; i++)
		ms_scsi_rsoc_one_decode(s, size, 0x48, true, sas[i], &sup);
	ms_scsi_rsoc_one_decode(s, size, 0x04, false, 0, &sup);
	uint8_t cap[32];
	struct ms_scsi_capacity c;
	fuzz_fill(cap, sizeof cap, data, size);
	ms_scsi_capacity16_decode(cap, &c);
	struct ms_tcg_l0 l0;
	ms_tcg_l0_decode(s, size, &l0);
	free(s);
	return 0;
}
