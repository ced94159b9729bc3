/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ATA firmware erase engine: SECURITY ERASE UNIT (normal, enhanced) and SANITIZE
 * (block erase, crypto scramble, overwrite). It refuses before touching the drive when
 * it cannot vouch for the result (frozen, expired counter, foreign password, unsupported,
 * no ATA through this attachment) and decides success from the drive's own state
 * afterwards (IDENTIFY, SANITIZE STATUS). */
#ifndef MS_ERASE_ATA_ERASE_H
#define MS_ERASE_ATA_ERASE_H

#include "../devices/xport.h"
#include "fwopts.h"
#include "job.h"

/* The engine (ms_fw_engine_fn): also looks for hidden areas before and after. */
int ms_ata_erase(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed);

/* Give a drive that massho left locked (power loss during SECURITY ERASE UNIT) back:
 * SECURITY UNLOCK then DISABLE PASSWORD with the journaled password. Returns 0, or
 * -EACCES (wrong password), -EIO (the drive refused) or another -errno. */
int ms_security_unlock(struct ms_xport *x, struct ms_job *job, const char *password);

#endif
