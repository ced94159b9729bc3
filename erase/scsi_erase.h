/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SAS/SCSI firmware erase: SANITIZE (overwrite, block erase, cryptographic erase) polled
 * with REQUEST SENSE, and FORMAT UNIT. Success is what the sense data says: no sanitize
 * in progress and no 31h/03h SANITIZE COMMAND FAILED. */
#ifndef MS_ERASE_SCSI_ERASE_H
#define MS_ERASE_SCSI_ERASE_H

#include "../devices/xport.h"
#include "fwopts.h"
#include "job.h"

/* Send a SCSI command and log it in the job (status in the ATA fields: sense key as
 * status, ASC as error). */
int ms_scsi_run(struct ms_xport *x, struct ms_job *job, struct ms_scsi_cmd *c, struct ms_scsi_status *st);

/* The engine (ms_fw_engine_fn): check the drive (INQUIRY), refuse what cannot be done,
 * find a sanitize in progress, hash the samples, run the method. */
int ms_scsi_erase(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed);

#endif
