/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Waiting for a sanitize that runs inside the drive — ATA SANITIZE STATUS, the NVMe
 * sanitize log, SCSI REQUEST SENSE each say it their own way; what is done with the
 * answer is the same for all: progress, the operator's interrupt, a time limit, and the
 * drive going silent. */
#ifndef MS_ERASE_FWWAIT_H
#define MS_ERASE_FWWAIT_H

#include <stdbool.h>
#include <stdint.h>

#include "../devices/xport.h"
#include "fwopts.h"
#include "job.h"

/* What one look at the drive says. */
struct ms_fw_look {
	bool running;      /* still sanitizing */
	bool not_started;  /* has not begun yet (an NVMe drive may say "never" at first) */
	uint32_t progress; /* of 65536 */
};

/* One look: 0 with *out, or -errno when the drive did not answer. */
typedef int (*ms_fw_look_fn)(struct ms_xport *x, void *ctx, struct ms_fw_look *out);

/* Progress of a firmware operation, done of total, with a rate and an estimate of the time
 * left from the time since t0. */
void ms_fw_report(const struct ms_fw_opts *o, struct ms_job *job, const char *phase, uint64_t done, uint64_t total,
		  double t0, bool final);

/* Look every poll interval until the drive says the sanitize is no longer running (the
 * caller then reads and judges the final status), reporting progress. "Not started" is
 * believed at most four times. Returns 0, or -errno with the job failed and the reason
 * given: the drive stopped answering, the operator stopped waiting (-EINTR), or the time
 * limit — a full-media pass at 10 MB/s plus ten minutes — passed (-ETIMEDOUT). A dry run
 * returns 0 at once. */
/* A sanitize command whose completion never came back (-ETIMEDOUT, the link reset): the
 * drive may well be sanitizing. Fails the job saying so — not "refused" — and returns r. */
int ms_fw_lost_completion(struct ms_job *job, const char *cmd, int r);

int ms_fw_wait(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, ms_fw_look_fn look, void *ctx);

/* An engine in two halves (NVMe, SCSI): check — refusals, a sanitize resumed after a
 * power loss — then, unless resumed, hash the "before" samples, then execute. */
typedef int (*ms_fw_check_fn)(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed);
typedef int (*ms_fw_exec_fn)(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool resumed);
int ms_fw_check_run(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed,
		    ms_fw_check_fn check, ms_fw_exec_fn execute);

#endif
