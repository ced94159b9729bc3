/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A job: one device, one method, everything that happened. Engines fill it; report/
 * turns a finished job into a record. Every state transition is journaled. */
#ifndef MS_ERASE_JOB_H
#define MS_ERASE_JOB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../devices/device.h"
#include "pattern.h"

enum ms_job_state { MS_JOB_PLANNED, MS_JOB_RUNNING, MS_JOB_VERIFYING, MS_JOB_DONE, MS_JOB_FAILED };

enum ms_outcome {
	MS_OUTCOME_PENDING,
	MS_OUTCOME_COMPLETED,
	MS_OUTCOME_COMPLETED_WITH_ERRORS, /* bad sectors recorded; the rest is verified */
	MS_OUTCOME_VERIFY_FAILED,
	MS_OUTCOME_FAILED,
	MS_OUTCOME_INTERRUPTED,
};

enum ms_verify_mode { MS_VERIFY_NONE, MS_VERIFY_FULL };
enum ms_verify_result { MS_VERIFY_NOT_RUN, MS_VERIFY_PASSED, MS_VERIFY_FAILED };

struct ms_range {
	uint64_t off, len; /* bytes */
};

struct ms_ioerr {
	char op[8];       /* "write", "read" */
	int pass;         /* 1-based; 0 for verification */
	uint64_t off, len;
	int err;          /* positive errno */
};

struct ms_pass_result {
	struct ms_pass pass;
	uint64_t bytes;
	struct timespec start, end;
	double seconds;
};

#define MS_JOB_MAX_ERRORS 256 /* kept in detail; all are counted */

struct ms_journal;

struct ms_job {
	char id[48];
	struct ms_device dev;
	enum ms_job_state state;
	enum ms_outcome outcome;
	char method[32];
	bool dry_run;
	size_t npasses;
	struct ms_pass_result pass[MS_MAX_PASSES];
	enum ms_verify_mode verify_mode;
	struct {
		enum ms_verify_result result;
		uint64_t bytes_read;
		uint64_t bytes_compared;
		uint64_t mismatched_sectors;
		uint64_t first_mismatch;   /* byte offset, valid when mismatched_sectors */
		uint64_t unreadable_bytes;
		double seconds;
	} verify;
	char content_sha256[65];          /* "" when it could not be computed */
	uint64_t bytes_written;
	struct ms_ioerr errors[MS_JOB_MAX_ERRORS];
	size_t nerrors;                   /* kept */
	uint64_t nerrors_total;
	uint64_t retries;                 /* I/Os that succeeded only when retried */
	struct ms_range *bad;             /* merged, sorted by offset */
	size_t nbad;
	uint64_t bad_bytes;
	struct timespec started, ended;
	int err;                          /* -errno of a fatal failure */
	char failure[256];                /* why it failed, for the operator */
	struct ms_journal *journal;       /* NULL: not journaled (dry run, tests) */
	pthread_mutex_t lock;             /* errors/bad ranges come from stage threads */
};

const char *ms_job_state_name(enum ms_job_state s);
const char *ms_outcome_name(enum ms_outcome o);
const char *ms_verify_result_name(enum ms_verify_result r);

/* Initialise a job for dev with a fresh id. Returns 0 or -errno. */
int ms_job_init(struct ms_job *job, const struct ms_device *dev, const char *method);
void ms_job_release(struct ms_job *job);

/* Change state and journal it (with fsync). Returns 0 or the journal's -errno. */
int ms_job_set_state(struct ms_job *job, enum ms_job_state s);

/* Record an I/O error / an unusable range. Thread-safe. */
void ms_job_add_error(struct ms_job *job, const char *op, int pass, uint64_t off, uint64_t len, int err);
void ms_job_add_bad(struct ms_job *job, uint64_t off, uint64_t len);
bool ms_job_is_bad(struct ms_job *job, uint64_t off, uint64_t len);

/* Mark the job failed with a reason (journaled). */
void ms_job_fail(struct ms_job *job, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
