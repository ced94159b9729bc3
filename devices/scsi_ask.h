/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Questions to a SCSI device through any transport, read-only: what discovery (the
 * serial, the medium sysfs cannot tell) and the capability probe both ask. */
#ifndef MS_DEVICES_SCSI_ASK_H
#define MS_DEVICES_SCSI_ASK_H

#include "scsi.h"
#include "xport.h"

/* The medium rotation the device reports in VPD B1h (when VPD 00h lists it);
 * MS_SCSI_ROT_UNREPORTED when it says nothing. */
enum ms_scsi_rotation ms_scsi_ask_rotation(struct ms_xport *x);

/* The unit serial number (VPD 80h) and the NAA name (VPD 83h) into out; 0, or -errno
 * (-ENODATA: the device answered without one). */
int ms_scsi_ask_serial(struct ms_xport *x, char *out, size_t len);
int ms_scsi_ask_naa(struct ms_xport *x, char *out, size_t len);

#endif
