/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a firmware erase is asked to do, and the one call every firmware engine (ATA,
 * NVMe, SCSI) answers. The driver (erase/firmware.c) picks the engine by the drive's
 * transport; the engines never call the driver or each other. */
#ifndef MS_ERASE_FWOPTS_H
#define MS_ERASE_FWOPTS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "../devices/xport.h"
#include "job.h"
#include "methods.h"
#include "overwrite.h"

struct ms_fw_opts {
	enum ms_method method;   /* a firmware method (ms_method_is_firmware) */
	size_t samples;          /* sectors in the proof; 0: 64 */
	unsigned poll_ms;        /* SANITIZE STATUS interval; 0: 1000 */
	bool full_hash;          /* read the whole device afterwards for content_sha256 */
	bool unfreeze;           /* a frozen drive: suspend/resume the machine and look again */
	const atomic_bool *abort;
	ms_progress_fn progress;
	void *progress_ctx;
};

/* An engine: refuse what the drive cannot do (before touching it), find a sanitize the
 * drive is still running from before a power loss (*resumed), hash the "before" samples
 * unless resumed, run the method and judge it by the drive's own status. Returns 0 or
 * -errno with job->failure saying why and what the operator must do. */
typedef int (*ms_fw_engine_fn)(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed);

#endif
