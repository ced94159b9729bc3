/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Self-encrypting drives: TCG Level 0 Discovery (TCG Storage Architecture Core 3.3.6),
 * read with security protocol 01h, ComID 0001h through ATA TRUSTED RECEIVE, NVMe
 * Security Receive or SCSI SECURITY PROTOCOL IN. Pure: commands and the decoder. */
#ifndef MS_DEVICES_TCG_H
#define MS_DEVICES_TCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ata.h"
#include "nvme.h"
#include "scsi.h"

#define MS_TCG_L0_LEN 2048

struct ms_tcg_l0 {
	bool tper;
	bool locking_supported, locking_enabled, locked, media_encryption, mbr_enabled, mbr_done;
	char ssc[16];          /* "Opal 2", "Opal 1", "Enterprise", "Opalite", "Pyrite 1", "Pyrite 2", "Ruby" */
	uint16_t base_comid;
};

/* Returns 0, or -ENODATA when the response holds no TCG features (not an SED). */
int ms_tcg_l0_decode(const uint8_t *raw, size_t len, struct ms_tcg_l0 *out);

void ms_ata_trusted_receive(struct ms_ata_cmd *c, uint8_t protocol, uint16_t comid, void *buf, size_t len);
void ms_nvme_security_recv(struct ms_nvme_cmd *c, uint8_t protocol, uint16_t comid, void *buf, uint32_t len);
void ms_scsi_security_in(struct ms_scsi_cmd *c, uint8_t protocol, uint16_t comid, void *buf, uint32_t len);

#endif
