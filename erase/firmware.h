/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firmware erase driver: one call for every method the drive carries out itself
 * (erase/methods.h: ATA security erase, sanitize, NVMe Format NVM, SCSI FORMAT UNIT).
 * It refuses a USB bridge that fails the pass-through self-test, hands the drive to the
 * engine of its command set (ata_erase.c, nvme_erase.c, scsi_erase.c), and decides the
 * outcome from hashed samples of what the drive holds afterwards. */
#ifndef MS_ERASE_FIRMWARE_H
#define MS_ERASE_FIRMWARE_H

#include "../devices/xport.h"
#include "fwopts.h"
#include "job.h"

/* Run the method on x. The job must have a journal (the one-time password is written
 * to it before it is set on the drive) unless x is a dry run. Sets job->outcome.
 * Returns 0 when the engine reached its end, or -errno (job->failure says why and
 * what the operator must do). */
int ms_firmware_run(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o);

#endif
