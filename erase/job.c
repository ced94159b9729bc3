/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "job.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../devices/ata.h"
#include "../util/util.h"
#include "journal.h"

static const char *const state_names[] = {"planned", "running", "verifying", "done", "failed"};
static const char *const outcome_names[] = {
	"pending", "completed", "completed with errors", "verification failed", "failed", "interrupted",
};
static const char *const verify_names[] = {"not run", "passed", "failed"};

const char *ms_job_state_name(enum ms_job_state s) { return state_names[s]; }
const char *ms_outcome_name(enum ms_outcome o) { return outcome_names[o]; }
const char *ms_verify_result_name(enum ms_verify_result r) { return verify_names[r]; }

int ms_outcome_parse(const char *s, enum ms_outcome *o)
{
	for (size_t i = 0; i < sizeof outcome_names / sizeof outcome_names[0]; i++)
		if (strcmp(s, outcome_names[i]) == 0) {
			*o = (enum ms_outcome)i;
			return 0;
		}
	return -EINVAL;
}

int ms_job_init(struct ms_job *job, const struct ms_device *dev, const char *method)
{
	memset(job, 0, sizeof *job);
	job->dev = *dev;
	ms_strlcpy(job->method, method, sizeof job->method);
	ms_strlcpy(job->kind, "erasure", sizeof job->kind);
	int r = ms_make_id("MS", job->id, sizeof job->id);
	if (r)
		return r;
	pthread_mutex_init(&job->lock, NULL);
	return 0;
}

void ms_job_release(struct ms_job *job)
{
	free(job->bad);
	job->bad = NULL;
	free(job->nsp);
	job->nsp = NULL;
	job->nnsp = 0;
	job->nbad = 0;
	pthread_mutex_destroy(&job->lock);
}

int ms_job_set_state(struct ms_job *job, enum ms_job_state s)
{
	job->state = s;
	if (!job->journal)
		return 0;
	struct ms_json *f = ms_json_obj();
	ms_json_set_str(f, "state", ms_job_state_name(s));
	if (s == MS_JOB_DONE || s == MS_JOB_FAILED)
		ms_json_set_str(f, "outcome", ms_outcome_name(job->outcome));
	if (s == MS_JOB_FAILED && job->failure[0])
		ms_json_set_str(f, "reason", job->failure);
	return ms_journal_append(job->journal, "state", f);
}

void ms_job_add_error(struct ms_job *job, const char *op, int pass, uint64_t off, uint64_t len, int err)
{
	pthread_mutex_lock(&job->lock);
	job->nerrors_total++;
	if (job->nerrors < MS_JOB_MAX_ERRORS) {
		struct ms_ioerr *e = &job->errors[job->nerrors++];
		ms_strlcpy(e->op, op, sizeof e->op);
		e->pass = pass;
		e->off = off;
		e->len = len;
		e->err = err < 0 ? -err : err;
	}
	pthread_mutex_unlock(&job->lock);
	if (job->journal) {
		struct ms_json *f = ms_json_obj();
		ms_json_set_str(f, "op", op);
		ms_json_set_i64(f, "pass", pass);
		ms_json_set_u64(f, "offset", off);
		ms_json_set_u64(f, "length", len);
		ms_json_set_str(f, "error", strerror(err < 0 ? -err : err));
		ms_journal_append(job->journal, "io-error", f);
	}
}

static bool overlaps(const struct ms_range *r, uint64_t off, uint64_t len)
{
	return r->off < off + len && off < r->off + r->len;
}

bool ms_job_is_bad(struct ms_job *job, uint64_t off, uint64_t len)
{
	bool hit = false;
	pthread_mutex_lock(&job->lock);
	for (size_t i = 0; i < job->nbad && !hit; i++)
		hit = overlaps(&job->bad[i], off, len);
	pthread_mutex_unlock(&job->lock);
	return hit;
}

/* Insert keeping the list sorted and merged: the record lists each bad run once. */
void ms_job_add_bad(struct ms_job *job, uint64_t off, uint64_t len)
{
	pthread_mutex_lock(&job->lock);
	for (size_t i = 0; i < job->nbad; i++) {
		struct ms_range *r = &job->bad[i];
		if (off >= r->off && off + len <= r->off + r->len)
			goto out; /* already known */
	}
	struct ms_range *nb = realloc(job->bad, (job->nbad + 1) * sizeof *nb);
	if (!nb)
		goto out;
	job->bad = nb;
	size_t pos = 0;
	while (pos < job->nbad && job->bad[pos].off < off)
		pos++;
	memmove(&job->bad[pos + 1], &job->bad[pos], (job->nbad - pos) * sizeof *nb);
	job->bad[pos] = (struct ms_range){off, len};
	job->nbad++;
	/* merge touching neighbours */
	size_t w = 0;
	for (size_t i = 1; i < job->nbad; i++) {
		struct ms_range *a = &job->bad[w], *b = &job->bad[i];
		if (b->off <= a->off + a->len) {
			uint64_t end = b->off + b->len > a->off + a->len ? b->off + b->len : a->off + a->len;
			a->len = end - a->off;
		} else {
			job->bad[++w] = *b;
		}
	}
	job->nbad = w + 1;
	job->bad_bytes = 0;
	for (size_t i = 0; i < job->nbad; i++)
		job->bad_bytes += job->bad[i].len;
out:
	pthread_mutex_unlock(&job->lock);
}

void ms_job_log_ata(struct ms_job *job, const char *name, int err, const struct ms_ata_status *st, double seconds)
{
	struct ms_cmd_log l = {0};
	ms_strlcpy(l.name, name, sizeof l.name);
	l.err = err < 0 ? -err : err;
	l.valid = st && st->valid;
	l.ok = !err && st && ms_ata_ok(st);
	if (l.valid) {
		l.status = st->status;
		l.error = st->error;
		l.count = st->count;
		l.lba = st->lba;
	}
	l.seconds = seconds;
	pthread_mutex_lock(&job->lock);
	if (job->ncmds < MS_JOB_MAX_CMDS)
		job->cmds[job->ncmds++] = l;
	pthread_mutex_unlock(&job->lock);
	if (job->journal) {
		struct ms_json *f = ms_cmd_log_json(&l);
		ms_journal_append(job->journal, "command", f);
	}
}

void ms_job_fail(struct ms_job *job, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(job->failure, sizeof job->failure, fmt, ap);
	va_end(ap);
	job->err = err;
	if (job->outcome == MS_OUTCOME_PENDING || job->outcome == MS_OUTCOME_COMPLETED)
		job->outcome = err == -EINTR ? MS_OUTCOME_INTERRUPTED : MS_OUTCOME_FAILED;
	ms_job_set_state(job, MS_JOB_FAILED);
}

struct ms_json *ms_cmd_log_json(const struct ms_cmd_log *l)
{
	struct ms_json *o = ms_json_obj();
	char hex[8];
	ms_json_set_str(o, "command", l->name);
	ms_json_set_bool(o, "ok", l->ok);
	ms_json_set_str(o, "os_error", l->err ? strerror(l->err) : "");
	if (l->valid) {
		snprintf(hex, sizeof hex, "0x%02x", l->status);
		ms_json_set_str(o, "ata_status", hex);
		snprintf(hex, sizeof hex, "0x%02x", l->error);
		ms_json_set_str(o, "ata_error", hex);
	} else {
		ms_json_set(o, "ata_status", ms_json_null());
		ms_json_set(o, "ata_error", ms_json_null());
	}
	ms_json_set(o, "seconds", ms_json_double(l->seconds, 3));
	return o;
}
