/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Firmware erase engines: ATA SECURITY ERASE UNIT (normal, enhanced) and ATA SANITIZE
 * (block erase, crypto scramble, overwrite). Each refuses before touching the drive
 * when it cannot vouch for the result (frozen, expired counter, foreign password,
 * unsupported, no ATA through this attachment), decides success from the device's own
 * state afterwards (IDENTIFY, SANITIZE STATUS), and proves it with hashed samples. */
#ifndef MS_ERASE_FIRMWARE_H
#define MS_ERASE_FIRMWARE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "../devices/xport.h"
#include "job.h"
#include "overwrite.h"

enum ms_fw_method {
	MS_FW_SECURITY_ERASE,
	MS_FW_SECURITY_ERASE_ENHANCED,
	MS_FW_SANITIZE_BLOCK,
	MS_FW_SANITIZE_CRYPTO,
	MS_FW_SANITIZE_OVERWRITE,
	MS_FW_FORMAT_USER,        /* NVMe Format NVM, SES=1 */
	MS_FW_FORMAT_CRYPTO,      /* NVMe Format NVM, SES=2 */
	MS_FW_FORMAT_UNIT,        /* SCSI FORMAT UNIT */
};

/* "security-erase", "security-erase-enhanced", "sanitize-block", "sanitize-crypto",
 * "sanitize-overwrite", "format-user", "format-crypto", "format-unit". parse returns 0
 * or -EINVAL. sanitize-* run as ATA SANITIZE, NVMe Sanitize or SCSI SANITIZE, by the
 * drive's transport. */
const char *ms_fw_method_id(enum ms_fw_method m);
int ms_fw_method_parse(const char *s, enum ms_fw_method *out);

struct ms_fw_opts {
	enum ms_fw_method method;
	size_t samples;          /* sectors in the proof; 0: 64 */
	unsigned poll_ms;        /* SANITIZE STATUS interval; 0: 1000 */
	bool full_hash;          /* read the whole device afterwards for content_sha256 */
	bool unfreeze;           /* a frozen drive: suspend/resume the machine and look again */
	const atomic_bool *abort;
	ms_progress_fn progress;
	void *progress_ctx;
};

/* Run the method on x. The job must have a journal (the one-time password is written
 * to it before it is set on the drive) unless x is a dry run. Sets job->outcome.
 * Returns 0 when the engine reached its end, or -errno (job->failure says why and
 * what the operator must do). */
int ms_firmware_run(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o);

/* Give a drive that massho left locked (power loss during SECURITY ERASE UNIT) back:
 * SECURITY UNLOCK then DISABLE PASSWORD with the journaled password. Returns 0, or
 * -EACCES (wrong password), -EIO (the drive refused) or another -errno. */
int ms_security_unlock(struct ms_xport *x, struct ms_job *job, const char *password);

#endif
