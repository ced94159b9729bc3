/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run an ATA command through a transport and log it in the job: the one place where
 * engines send ATA commands, so every command shows up in the record. */
#ifndef MS_ERASE_ATA_EXEC_H
#define MS_ERASE_ATA_EXEC_H

#include "../devices/ata.h"
#include "../devices/xport.h"
#include "job.h"

/* Returns the transport's result (0 when the device answered; see ms_xport_ata). */
int ms_ata_run(struct ms_xport *x, struct ms_job *job, struct ms_ata_cmd *c, struct ms_ata_status *st);

/* IDENTIFY DEVICE and decode it. Returns 0, -EOPNOTSUPP (no ATA here), -EIO (the
 * device failed it or the data is not ATA IDENTIFY data) or another -errno. */
int ms_ata_run_identify(struct ms_xport *x, struct ms_job *job, struct ms_ata_identify *id);

#endif
