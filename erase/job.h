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
#include "policy.h"

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
#define MS_JOB_MAX_CMDS 64
#define MS_SAMPLE_MAX 256

/* One device command and what came back: the record lists every one. */
struct ms_cmd_log {
	char name[40];
	int err;            /* positive errno when no answer came, else 0 */
	bool valid;         /* device registers came back */
	bool ok;
	uint8_t status, error;
	uint16_t count;
	uint64_t lba;
	double seconds;
};

/* Sectors hashed before and after a firmware erase (seeded, first and last included). */
struct ms_sample {
	uint64_t lba;
	char before[65], after[65]; /* SHA-256 of the sector, "" when it could not be read */
	bool changed;
	char content[16];           /* after: "zeros", "pattern", "random", "other", "unreadable" */
};

struct ms_sample_proof {
	uint64_t seed;
	size_t n;
	struct ms_sample s[MS_SAMPLE_MAX];
	bool taken_after;
	bool passed;                /* every sample changed (or was and stays erased) */
	bool after_only;            /* no "before" could be taken (a sanitize resumed after power
				     * loss, a drive unreadable until sanitized): what the samples
				     * hold now is the proof */
	size_t unprovable;          /* unreadable before the erase: not compared, never "changed" */
	char verdict[16];           /* what the samples hold after: zeros, pattern, random, mixed */
};

/* Host-visible and native limits, in sectors (HPA: accessible < native; DCO: native <
 * factory). */
struct ms_hidden {
	bool checked;
	bool hpa_supported, dco_supported, amac_supported;
	uint64_t accessible, native, factory;
};

/* Another namespace of the drive's controller: the same sample proof, read through its
 * own block device (erase/nsproof.c). */
struct ms_ns_proof {
	struct ms_ns ns;
	struct ms_sample_proof proof;
	char content_sha256[65];    /* the whole namespace read back (--full-hash), "" when not */
	char error[160];            /* why it could not be read, "" */
};

struct ms_journal;

/* Earlier unfinished jobs one job names (erase/jobs.h): more are listed by `massho jobs`. */
#define MS_JOB_MAX_PRIOR 8

struct ms_job {
	char id[48];
	char kind[16];                    /* "erasure", or "unlock" for massho unlock */
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
	char failure[512];                /* why it failed and what to do, for the operator */
	struct ms_cmd_log cmds[MS_JOB_MAX_CMDS];
	size_t ncmds;
	struct ms_hidden hidden_before, hidden_after;
	struct ms_sample_proof proof;
	struct ms_ns_proof *nsp;          /* the controller's other namespaces (heap, nnsp of them) */
	size_t nnsp;
	bool firmware;                    /* a firmware method (security erase, sanitize) */
	char bridge_check[160];           /* USB bridge self-test result, "" when none ran */
	char completes[64];               /* the handover this erase completes ("" none) */
	char completes_sha256[65];        /* and the SHA-256 of its file */
	bool policy_set;                  /* erased under --class: the decision below */
	struct ms_decision decision;
	char policy_source[256], policy_sha256[65];
	struct ms_job_prior {             /* unfinished earlier jobs of this drive it supersedes */
		char job[64], phase[96], stopped[40];
		bool record_written;      /* that job's record exists; its certificate does not */
	} prior[MS_JOB_MAX_PRIOR];
	size_t nprior;
	struct ms_journal *journal;       /* NULL: not journaled (dry run, tests) */
	pthread_mutex_t lock;             /* errors/bad ranges come from stage threads */
};

const char *ms_job_state_name(enum ms_job_state s);
const char *ms_outcome_name(enum ms_outcome o);
/* The outcome of its name (as records write it): 0, or -EINVAL. */
int ms_outcome_parse(const char *s, enum ms_outcome *o);
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

/* Log a device command in the job (and the journal). err is 0 or -errno. */
struct ms_ata_status;
void ms_job_log_ata(struct ms_job *job, const char *name, int err, const struct ms_ata_status *st, double seconds);

/* One command as JSON, the same in the journal ("command" events) and the record. */
struct ms_json;
struct ms_json *ms_cmd_log_json(const struct ms_cmd_log *l);

/* Mark the job failed with a reason (journaled). */
void ms_job_fail(struct ms_job *job, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
