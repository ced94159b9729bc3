/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ATA commands to a real drive through the kernel's SG_IO ioctl (SAT pass-through). */
#ifndef MS_DEVICES_SGIO_H
#define MS_DEVICES_SGIO_H

#include <stdbool.h>

#include "ata.h"

/* Send c to the SCSI/ATA device open on fd. Tries ATA PASS-THROUGH(16) with CK_COND so
 * the registers come back, and the 12-byte form for a 28-bit command when the 16-byte
 * CDB is rejected (*use12 then stays set for this device). Returns 0 when the device
 * answered (registers in *st), -EOPNOTSUPP when this attachment passes no ATA commands,
 * -ETIMEDOUT, or another -errno. */
int ms_sgio_ata(int fd, struct ms_ata_cmd *c, struct ms_ata_status *st, bool *use12);

/* Send a SCSI command; CHECK CONDITION is decoded into st. Returns 0 when the device
 * answered, -EOPNOTSUPP (no SG_IO here), -ETIMEDOUT, or another -errno. */
struct ms_scsi_cmd;
struct ms_scsi_status;
int ms_sgio_scsi(int fd, struct ms_scsi_cmd *c, struct ms_scsi_status *st);

/* Suspend to RAM with an RTC wake alarm a few seconds later, and return after resume:
 * the BIOS does not run on resume, so drives come back without its security freeze.
 * Returns 0 or -errno. */
int ms_suspend_resume(void);

#endif
