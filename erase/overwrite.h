/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The overwrite engine: every addressable byte, pass by pass, then a read-back that
 * compares with the regenerated expected data and computes the content hash (SHA-256
 * of the whole device, the value `sha256sum DEV` prints afterwards).
 * It never prints: progress goes through a callback, results into the job. */
#ifndef MS_ERASE_OVERWRITE_H
#define MS_ERASE_OVERWRITE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "../devices/xport.h"
#include "job.h"
#include "pattern.h"

struct ms_progress {
	const struct ms_job *job;
	const char *phase;       /* "write" or "verify" */
	size_t pass, passes;     /* 1-based pass number and count (verify: passes+1) */
	uint64_t done, total;    /* bytes */
	double rate;             /* bytes per second in this phase */
	double eta;              /* seconds left in this phase, < 0 when unknown */
	bool final;              /* last call of the phase */
};

typedef void (*ms_progress_fn)(void *ctx, const struct ms_progress *p);

struct ms_overwrite_opts {
	struct ms_pass passes[MS_MAX_PASSES];
	size_t npasses;
	enum ms_verify_mode verify;
	size_t chunk;             /* bytes per I/O; 0: 4 MiB */
	size_t depth;             /* buffers in the ring; 0: io_depth + 2 */
	size_t io_depth;          /* writes, and verification reads, in flight (a thread each); 0: 2 */
	unsigned retries;         /* extra attempts of a failed I/O before isolating sectors (CLI: 2) */
	uint64_t max_bad_sectors; /* give up beyond this many; 0: 4096 */
	const atomic_bool *abort;
	ms_progress_fn progress;
	void *progress_ctx;
};

/* Run the passes and the verification on x (already open for writing; x->no_act makes
 * it a dry run that generates everything and writes nothing, without verification).
 * Sets job->outcome: completed, completed with errors, verification failed, failed or
 * interrupted. Returns 0 when the engine reached its end (whatever the outcome), or
 * -errno when it had to stop (job->failure says why). */
int ms_overwrite_run(struct ms_xport *x, struct ms_job *job, const struct ms_overwrite_opts *o);

/* Read the whole device and compute its SHA-256 (used when the final state is not
 * produced by a verified pass). Returns 0 or -errno. */
int ms_device_sha256(struct ms_xport *x, const atomic_bool *abort, char out[65]);
/* The read-back of a firmware erase: the whole device hashed into job->content_sha256,
 * unreadable sectors recorded in the job as bad ranges (the hash is then ""), not a
 * failure of the read. Returns 0, or -errno when the device stopped answering. */
int ms_device_read_back(struct ms_xport *x, struct ms_job *job, const atomic_bool *abort);

#endif
