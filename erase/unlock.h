/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The unlock use case: give back a drive that massho left locked with its one-time ATA
 * password (a power loss during SECURITY ERASE UNIT). The password is found in the
 * journal by the drive's identity hash; the attempt is journaled and recorded (through
 * the sink, like an erase). Events as for ms_erase_batch(): errors, the job's outcome,
 * the record. */
#ifndef MS_ERASE_UNLOCK_H
#define MS_ERASE_UNLOCK_H

#include "batch.h"

struct ms_unlock_request {
	const char *device;
	const char *state_dir, *out_dir, *sysroot;
};

/* Returns MS_FAULT_NONE when the drive is unlocked and its password removed. */
enum ms_fault ms_unlock(const struct ms_unlock_request *rq, const struct ms_erase_ui *ui,
			const struct ms_erase_sink *sink);

#endif
