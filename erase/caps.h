/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the policy needs to know about a drive, gathered with read-only commands only
 * (IDENTIFY, READ NATIVE MAX, DCO IDENTIFY, NOP, Identify Controller, INQUIRY and its VPD
 * pages, REPORT SUPPORTED OPERATION CODES), so `massho plan` never changes a drive. */
#ifndef MS_ERASE_CAPS_H
#define MS_ERASE_CAPS_H

#include <stdbool.h>

#include "../devices/tcg.h"
#include "../devices/xport.h"
#include "policy.h"

/* The policy's medium for a described device. Pure. */
enum ms_pmedium ms_caps_medium(const struct ms_device *d);

/* Could a disk on this bus be a SCSI disk (when it answers no ATA and no NVMe)? SAS,
 * virtio-scsi and HBAs discovery cannot name; not USB (the bridge rules apply) nor SATA. */
bool ms_caps_scsi_bus(enum ms_transport t);

/* Fill *c from x (open, possibly as a dry run). Returns 0 (missing capabilities simply
 * stay false; a SAS drive's SANITIZE and FORMAT UNIT stay MS_CAP_UNKNOWN unless it answers
 * REPORT SUPPORTED OPERATION CODES about them). */
int ms_caps_probe(struct ms_xport *x, struct ms_caps *c);

/* The capabilities of a described device for a plan: opened as a dry run and probed, or,
 * when it cannot be opened, what its description says (medium, capacity, USB). Never
 * writes. */
void ms_caps_read(const struct ms_device *d, struct ms_caps *c);

/* TCG Level 0 Discovery through whichever command set reaches the drive (ATA TRUSTED
 * RECEIVE, NVMe Security Receive, SCSI SECURITY PROTOCOL IN). True when the drive is a
 * self-encrypting drive and *out says how it is set (locking enabled, locked). Read-only. */
bool ms_caps_sed(struct ms_xport *x, struct ms_tcg_l0 *out);

/* Power-on hours from SMART READ DATA (ATA) or the SMART / health log (NVMe); 0 when
 * neither answers. Read-only. */
int64_t ms_power_on_hours(struct ms_xport *x);

#endif
