/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NVMe firmware erase: Sanitize (crypto erase, block erase, overwrite), decided from the
 * Sanitize Status log's SSTAT, and Format NVM with Secure Erase Settings 1 or 2. */
#ifndef MS_ERASE_NVME_ERASE_H
#define MS_ERASE_NVME_ERASE_H

#include "../devices/nvme.h"
#include "../devices/xport.h"
#include "fwopts.h"
#include "job.h"

/* Send an NVMe admin command and log it in the job (job may be NULL). */
int ms_nvme_run(struct ms_xport *x, struct ms_job *job, struct ms_nvme_cmd *c, struct ms_nvme_status *st);

/* The engine (ms_fw_engine_fn): Identify the controller and namespace, refuse what the
 * drive cannot do, find a sanitize already in progress (power loss), hash the samples,
 * run the method (or wait for the resumed sanitize). */
int ms_nvme_erase(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed);

#endif
