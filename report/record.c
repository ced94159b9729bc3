/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../erase/hidden.h"
#include "../util/atomic.h"
#include "../util/i18n.h"
#include "../util/util.h"

static struct ms_json *ts_json(const struct timespec *ts)
{
	char t[48];
	if (!ts->tv_sec)
		return ms_json_null();
	ms_iso_time(ts, t, sizeof t);
	return ms_json_str(t);
}

static struct ms_json *method_json(const struct ms_job *job)
{
	struct ms_json *m = ms_json_obj();
	ms_json_set_str(m, "id", job->method);
	struct ms_json *passes = ms_json_arr();
	for (size_t i = 0; i < job->npasses; i++) {
		const struct ms_pass_result *p = &job->pass[i];
		struct ms_json *pj = ms_json_obj();
		char name[32];
		ms_pass_name(&p->pass, name, sizeof name);
		ms_json_set_u64(pj, "pass", i + 1);
		ms_json_set_str(pj, "pattern", name);
		ms_json_set_u64(pj, "bytes_written", p->bytes);
		ms_json_set(pj, "started_at", ts_json(&p->start));
		ms_json_set(pj, "ended_at", ts_json(&p->end));
		ms_json_set(pj, "seconds", ms_json_double(p->seconds, 3));
		ms_json_push(passes, pj);
	}
	ms_json_set(m, "passes", passes);
	ms_json_set_bool(m, "firmware", job->firmware);
	ms_json_set(m, "usb_bridge_check", job->bridge_check[0] ? ms_json_str(job->bridge_check) : ms_json_null());
	struct ms_json *cmds = ms_json_arr();
	for (size_t i = 0; i < job->ncmds; i++) {
		ms_json_push(cmds, ms_cmd_log_json(&job->cmds[i]));
	}
	ms_json_set(m, "commands", cmds);
	return m;
}

static struct ms_json *proof_json(const struct ms_sample_proof *p);

/* NVMe: every namespace of the controller, what reached it and how it was checked. The
 * device's own namespace is proved by the record's sample_proof (and content_sha256). */
static struct ms_json *namespaces_json(const struct ms_job *job)
{
	struct ms_json *arr = ms_json_arr();
	int own = ms_device_own_ns(&job->dev);
	for (size_t i = 0; i < job->dev.nns; i++) {
		const struct ms_ns *ns = &job->dev.ns[i];
		struct ms_json *o = ms_json_obj();
		ms_json_set_u64(o, "nsid", ns->nsid);
		ms_json_set_str(o, "path", ns->path);
		ms_json_set_u64(o, "capacity_bytes", ns->capacity);
		ms_json_set_bool(o, "this_device", (int)i == own);
		const struct ms_ns_proof *q = NULL;
		for (size_t k = 0; k < job->nnsp; k++)
			if (job->nsp[k].ns.nsid == ns->nsid)
				q = &job->nsp[k];
		if (q) {
			ms_json_set(o, "sample_proof", proof_json(&q->proof));
			ms_json_set(o, "content_sha256", q->content_sha256[0] ? ms_json_str(q->content_sha256) :
										ms_json_null());
			ms_json_set(o, "error", q->error[0] ? ms_json_str(q->error) : ms_json_null());
		}
		ms_json_push(arr, o);
	}
	return arr;
}

static struct ms_json *proof_json(const struct ms_sample_proof *p)
{
	if (!p->n)
		return ms_json_null();
	struct ms_json *o = ms_json_obj();
	char seed[17];
	snprintf(seed, sizeof seed, "%016llx", (unsigned long long)p->seed);
	ms_json_set_str(o, "seed", seed);
	ms_json_set_str(o, "selection", "splitmix64(seed) mod sectors, plus LBA 0 and the last LBA");
	ms_json_set_u64(o, "count", p->n);
	ms_json_set_bool(o, "passed", p->passed);
	ms_json_set_u64(o, "not_compared", p->unprovable); /* unreadable before the erase */
	ms_json_set_bool(o, "after_only", p->after_only);
	ms_json_set_str(o, "verdict", p->verdict);
	struct ms_json *arr = ms_json_arr();
	for (size_t i = 0; i < p->n; i++) {
		const struct ms_sample *s = &p->s[i];
		struct ms_json *e = ms_json_obj();
		ms_json_set_u64(e, "lba", s->lba);
		ms_json_set(e, "sha256_before", s->before[0] ? ms_json_str(s->before) : ms_json_null());
		ms_json_set(e, "sha256_after", s->after[0] ? ms_json_str(s->after) : ms_json_null());
		ms_json_set_bool(e, "changed", s->changed);
		ms_json_set_str(e, "content_after", s->content);
		ms_json_push(arr, e);
	}
	ms_json_set(o, "samples", arr);
	return o;
}

static struct ms_json *verify_json(const struct ms_job *job)
{
	struct ms_json *v = ms_json_obj();
	ms_json_set_str(v, "mode", job->verify_mode == MS_VERIFY_FULL ? "full" : "none");
	ms_json_set_str(v, "result", ms_verify_result_name(job->verify.result));
	ms_json_set_u64(v, "bytes_read", job->verify.bytes_read);
	ms_json_set_u64(v, "bytes_compared", job->verify.bytes_compared);
	ms_json_set_u64(v, "mismatched_sectors", job->verify.mismatched_sectors);
	if (job->verify.mismatched_sectors)
		ms_json_set_u64(v, "first_mismatch_offset", job->verify.first_mismatch);
	else
		ms_json_set(v, "first_mismatch_offset", ms_json_null());
	ms_json_set_u64(v, "unreadable_bytes", job->verify.unreadable_bytes);
	ms_json_set(v, "seconds", ms_json_double(job->verify.seconds, 3));
	return v;
}

static struct ms_json *errors_json(const struct ms_job *job)
{
	struct ms_json *e = ms_json_obj();
	ms_json_set_u64(e, "count", job->nerrors_total);
	ms_json_set_u64(e, "retried_ios", job->retries);
	struct ms_json *list = ms_json_arr();
	for (size_t i = 0; i < job->nerrors; i++) {
		const struct ms_ioerr *x = &job->errors[i];
		struct ms_json *o = ms_json_obj();
		ms_json_set_str(o, "op", x->op);
		ms_json_set_i64(o, "pass", x->pass);
		ms_json_set_u64(o, "offset", x->off);
		ms_json_set_u64(o, "length", x->len);
		ms_json_set_str(o, "error", strerror(x->err));
		ms_json_push(list, o);
	}
	ms_json_set(e, "list", list);
	struct ms_json *bad = ms_json_arr();
	for (size_t i = 0; i < job->nbad; i++) {
		struct ms_json *o = ms_json_obj();
		uint32_t ls = job->dev.logical_sector ? job->dev.logical_sector : 512;
		ms_json_set_u64(o, "first_lba", job->bad[i].off / ls);
		ms_json_set_u64(o, "sectors", job->bad[i].len / ls);
		ms_json_push(bad, o);
	}
	ms_json_set(e, "bad_ranges", bad);
	ms_json_set_u64(e, "bad_bytes", job->bad_bytes);
	return e;
}

/* Earlier jobs of this drive that never ended: this job erased the drive again in full,
 * which is how each of them was completed. */
static struct ms_json *prior_json(const struct ms_job *job)
{
	struct ms_json *arr = ms_json_arr();
	for (size_t i = 0; i < job->nprior; i++) {
		const struct ms_job_prior *p = &job->prior[i];
		struct ms_json *o = ms_json_obj();
		ms_json_set_str(o, "job", p->job);
		ms_json_set_str(o, "stopped_at", p->stopped);
		ms_json_set_str(o, "last_step", p->phase);
		ms_json_set_str(o, "state", p->record_written ? "record written, certificate not issued" : "interrupted");
		ms_json_set_str(o, "completed_by", "this job: the whole drive erased again");
		ms_json_push(arr, o);
	}
	return arr;
}

void ms_record_run_json(struct ms_json *r, const struct ms_record_meta *meta)
{
	struct ms_json *tool = ms_json_obj();
	ms_json_set_str(tool, "name", "massho");
	ms_json_set_str(tool, "version", meta->tool_version);
	ms_json_set_str(tool, "binary_sha256", meta->binary_sha256);
	struct ms_json *img = ms_image_id_json(&meta->image);
	if (img)
		ms_json_set(tool, "image", img);
	ms_json_set(r, "tool", tool);
	struct ms_json *host = ms_json_obj();
	ms_json_set_str(host, "hostname", meta->hostname);
	ms_json_set_str(host, "kernel", meta->kernel);
	ms_json_set_str(host, "operator", meta->operator_name ? meta->operator_name : "");
	ms_json_set(r, "host", host);
}

/* The work's context as the certificate prints it (organisation, contract...), or NULL
 * when none was given. */
static struct ms_json *work_json(const struct ms_record_meta *m)
{
	const char *const v[][2] = {{"organisation", m->organisation}, {"contract", m->contract},
				    {"contractor", m->contractor}, {"place", m->place}, {"asset", m->asset},
				    {"source_host", m->source_host}, {"destination", m->destination},
				    {"witness", m->witness}};
	struct ms_json *o = NULL;
	for (size_t i = 0; i < MS_ARRAY_SIZE(v); i++)
		if (v[i][1] && (o || (o = ms_json_obj())))
			ms_json_set_str(o, v[i][0], v[i][1]);
	return o;
}

struct ms_json *ms_record_build(const struct ms_job *job, const struct ms_record_meta *meta)
{
	struct ms_json *r = ms_json_obj();
	ms_json_set_u64(r, "schema_version", MS_RECORD_SCHEMA_VERSION);
	ms_json_set_str(r, "record_id", job->id);
	ms_json_set_str(r, "kind", job->kind);
	ms_record_run_json(r, meta);
	struct ms_json *work = work_json(meta);
	if (work)
		ms_json_set(r, "work", work);
	ms_json_set(r, "device", ms_device_json(&job->dev));
	ms_json_set(r, "method", method_json(job));
	ms_json_set(r, "started_at", ts_json(&job->started));
	ms_json_set(r, "ended_at", ts_json(&job->ended));
	ms_json_set_u64(r, "bytes_written", job->bytes_written);
	ms_json_set(r, "errors", errors_json(job));
	ms_json_set(r, "verification", verify_json(job));
	struct ms_json *hidden = ms_json_obj();
	ms_json_set(hidden, "before", ms_hidden_json(&job->hidden_before, job->dev.logical_sector));
	ms_json_set(hidden, "after", ms_hidden_json(&job->hidden_after, job->dev.logical_sector));
	ms_json_set(r, "hidden_areas", hidden);
	ms_json_set(r, "sample_proof", proof_json(&job->proof));
	if (job->dev.nns)
		ms_json_set(r, "namespaces", namespaces_json(job));
	ms_json_set(r, "policy", job->policy_set ? ms_decision_json(&job->decision, job->policy_source,
									   job->policy_sha256) : ms_json_null());
	ms_json_set(r, "content_sha256", job->content_sha256[0] ? ms_json_str(job->content_sha256) : ms_json_null());
	if (job->nprior)
		ms_json_set(r, "supersedes", prior_json(job));
	if (job->completes[0]) { /* the contractor's erase of a handed-over drive */
		struct ms_json *ho = ms_json_obj();
		ms_json_set_str(ho, "record_id", job->completes);
		ms_json_set_str(ho, "sha256", job->completes_sha256);
		ms_json_set(r, "completes_handover", ho);
	}
	/* Figure 41's measure is met only by an erase that completed as planned: sectors that
	 * could not be erased ("completed with errors") may still hold the data. */
	ms_json_set(r, "figure41_row_met", job->policy_set ? ms_json_bool(job->decision.can_meet &&
									   job->outcome == MS_OUTCOME_COMPLETED) :
			   ms_json_null());
	ms_json_set_str(r, "outcome", ms_outcome_name(job->outcome));
	ms_json_set(r, "failure", job->failure[0] ? ms_json_str(job->failure) : ms_json_null());
	/* Built piecewise, so an allocation failure anywhere shows up as a missing key. */
	char why[64];
	if (ms_record_validate(r, why, sizeof why)) {
		ms_json_free(r);
		return NULL;
	}
	return r;
}

/* ---- validation -------------------------------------------------------------------- */

struct field {
	const char *path;
	enum ms_jtype type;
	bool nullable;
};

static const struct field required[] = {
	{"schema_version", MS_JNUM, false},
	{"record_id", MS_JSTR, false},
	{"kind", MS_JSTR, false},
	{"tool.name", MS_JSTR, false},
	{"tool.version", MS_JSTR, false},
	{"tool.binary_sha256", MS_JSTR, false},
	{"host.hostname", MS_JSTR, false},
	{"device.path", MS_JSTR, false},
	{"device.medium", MS_JSTR, false},
	{"device.transport", MS_JSTR, false},
	{"device.model", MS_JSTR, false},
	{"device.serial", MS_JSTR, false},
	{"device.capacity_bytes", MS_JNUM, false},
	{"device.logical_sector_size", MS_JNUM, false},
	{"device.identity_hash", MS_JSTR, false},
	{"method.id", MS_JSTR, false},
	{"method.passes", MS_JARR, false},
	{"method.commands", MS_JARR, false},
	{"hidden_areas", MS_JOBJ, false},
	{"started_at", MS_JSTR, true},
	{"ended_at", MS_JSTR, true},
	{"bytes_written", MS_JNUM, false},
	{"errors.count", MS_JNUM, false},
	{"errors.bad_ranges", MS_JARR, false},
	{"verification.mode", MS_JSTR, false},
	{"verification.result", MS_JSTR, false},
	{"content_sha256", MS_JSTR, true},
	{"outcome", MS_JSTR, false},
};

int ms_record_validate(const struct ms_json *rec, char *why, size_t len)
{
	if (!rec || rec->type != MS_JOBJ) {
		snprintf(why, len, N_("not a JSON object"));
		return -EINVAL;
	}
	for (size_t i = 0; i < MS_ARRAY_SIZE(required); i++) {
		const struct ms_json *v = ms_json_path(rec, required[i].path);
		if (!v) {
			snprintf(why, len, N_("%s: missing"), required[i].path);
			return -EINVAL;
		}
		if (v->type != required[i].type && !(required[i].nullable && v->type == MS_JNULL)) {
			snprintf(why, len, N_("%s: wrong type"), required[i].path);
			return -EINVAL;
		}
	}
	uint64_t ver;
	if (ms_json_get_u64(rec, "schema_version", &ver) || ver != MS_RECORD_SCHEMA_VERSION) {
		snprintf(why, len, N_("schema_version: unsupported (this massho reads %d)"), MS_RECORD_SCHEMA_VERSION);
		return -EINVAL;
	}
	const char *h = ms_json_get_str(ms_json_get(rec, "device"), "identity_hash");
	if (strlen(h) != 64 || strspn(h, "0123456789abcdef") != 64) {
		snprintf(why, len, N_("device.identity_hash: not a SHA-256 hex digest"));
		return -EINVAL;
	}
	return 0;
}

int ms_record_write(const char *dir, const struct ms_json *rec, char *path, size_t pathlen, char sha256[65])
{
	const char *id = ms_json_get_str(rec, "record_id");
	if (!id || !id[0] || strchr(id, '/'))
		return -EINVAL;
	/* Like mkdir without -p: a mistyped directory must not grow a new tree. */
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	char *text = ms_json_render(rec, 2);
	if (!text)
		return -ENOMEM;
	size_t n = strlen(text);
	text[n] = '\n'; /* one trailing newline; written with an explicit length */
	char name[128];
	snprintf(name, sizeof name, "%s.json", id);
	if (sha256)
		ms_sha256_hex(text, n + 1, sha256);
	int r = ms_atomic_write(dir, name, text, n + 1, 0644, 1);
	free(text);
	if (!r)
		snprintf(path, pathlen, "%s/%s", dir, name);
	return r;
}

int ms_record_load(const char *path, struct ms_json **out, char *why, size_t len)
{
	char *text;
	size_t n;
	int r = ms_read_file(path, &text, &n, MS_RECORD_MAX);
	if (r)
		return r;
	char err[128];
	struct ms_json *rec = ms_json_parse(text, n, err, sizeof err);
	free(text);
	if (!rec) {
		snprintf(why, len, N_("not valid JSON (%s)"), err);
		return -EINVAL;
	}
	if ((r = ms_record_validate(rec, why, len))) {
		ms_json_free(rec);
		return r;
	}
	*out = rec;
	return 0;
}
