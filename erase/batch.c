/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "batch.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../devices/xport.h"
#include "../util/atomic.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"
#include "caps.h"
#include "decision_json.h"
#include "firmware.h"
#include "hidden.h"
#include "ata_exec.h"
#include "jobs.h"
#include "journal.h"
#include "preflight.h"

/* One drive of the batch. */
struct unit {
	size_t index;
	const char *spec;
	const struct ms_erase_request *rq;
	const struct ms_erase_ui *ui;
	/* What this drive gets: the request's choice, or the policy's. */
	enum ms_method method;
	bool full_hash;            /* firmware methods: read everything back for the content hash */
	struct ms_overwrite_opts ow;
	bool restore_hidden;
	bool planned;
	struct ms_decision dec;
	struct ms_device dev;
	struct ms_xport *x;
	struct ms_job job;
	bool job_ready;
	bool certifies;            /* the sink will issue a certificate: journaled as due */
	pthread_t tid;
	bool threaded;
};

void ms_erase_emit(const struct ms_erase_ui *ui, const struct ms_erase_event *ev)
{
	if (ui && ui->event)
		ui->event(ui->ctx, ev);
}

enum ms_fault ms_erase_fail(const struct ms_erase_ui *ui, size_t index, enum ms_fault f, int err, const char *obj,
			    const char *fmt, ...)
{
	char text[800];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	ms_erase_emit(ui, &(struct ms_erase_event){.kind = MS_EV_ERROR, .index = index, .object = obj, .fault = f,
						    .err = err, .text = text});
	return f;
}

/* An event about this drive (its name is the object). */
static void tell(const struct unit *u, enum ms_erase_ev kind, const char *text, const struct ms_job *job)
{
	ms_erase_emit(u->ui, &(struct ms_erase_event){.kind = kind, .index = u->index, .object = u->spec, .text = text,
						       .job = job});
}

static bool confirmed(struct unit *u)
{
	const char *want = ms_device_confirm_token(&u->dev);
	for (size_t i = 0; i < u->rq->ntokens; i++)
		if (strcmp(u->rq->tokens[i], want) == 0)
			return true;
	return u->ui && u->ui->confirm && u->ui->confirm(u->ui->ctx, &u->dev);
}

/* The policy's method as this drive's erase. */
static void take_decision(struct unit *u)
{
	const struct ms_policy_method *m = &u->dec.chosen;
	u->method = m->method;
	if (m->method != MS_METHOD_OVERWRITE) {
		u->full_hash = u->dec.verify_full || u->full_hash;
		return;
	}
	struct ms_pass pass = {.kind = strcmp(m->pattern, "zeros") == 0 ? MS_PAT_ZEROS :
				       strcmp(m->pattern, "ones") == 0 ? MS_PAT_ONES : MS_PAT_RANDOM};
	u->ow.npasses = m->passes;
	for (unsigned i = 0; i < m->passes; i++)
		u->ow.passes[i] = pass;
	u->restore_hidden = m->restore_hidden;
	u->ow.verify = u->dec.verify_full ? MS_VERIFY_FULL : u->ow.verify;
}

/* Under a class: probe the drive read-only, let the policy choose, and fail closed when
 * nothing it allows works, or when the request names a method it does not allow. */
static enum ms_fault apply_policy(struct unit *u)
{
	const struct ms_erase_request *rq = u->rq;
	struct ms_caps caps;
	ms_caps_read(&u->dev, &caps);
	if (rq->custody)
		ms_policy_choose_custody(rq->policy, &caps, rq->cls, &u->dec);
	else
		ms_policy_choose(rq->policy, &caps, rq->cls, &u->dec);
	u->planned = true;
	const char *given = ms_method_name(rq->method);
	if (rq->method_given) {
		if (!ms_policy_allows(rq->policy, caps.medium, rq->cls, given))
			return ms_erase_fail(u->ui, u->index, MS_FAULT_POLICY, -EPERM, u->spec,
				    N_("%s is not accepted for class %s (Figure 41 row %d) on %s by the policy%s%s"), given,
				    ms_class_name(rq->cls), u->dec.row, ms_pmedium_name(caps.medium),
				    u->dec.can_meet ? N_("; the plan is ") : "", u->dec.can_meet ? u->dec.chosen.id : "");
		return MS_FAULT_NONE; /* the engine still refuses what the drive cannot do */
	}
	if (!u->dec.can_meet)
		/* -ENOTSUP: no method at all (the front end names the custody path), not a refused one */
		return ms_erase_fail(u->ui, u->index, MS_FAULT_POLICY, -ENOTSUP, u->spec, N_("class %s cannot be met here: %s"),
			    ms_class_name(rq->cls), u->dec.action);
	take_decision(u);
	return MS_FAULT_NONE;
}

/* Describe, check, confirm and open one drive. */
static enum ms_fault prepare(struct unit *u)
{
	const struct ms_erase_request *rq = u->rq;
	char why[256] = "";
	int e = ms_describe(u->spec, rq->sysroot, &u->dev, why, sizeof why);
	if (e)
		return ms_erase_fail(u->ui, u->index, MS_FAULT_DEVICE, e, u->spec, "%s", why);
	if ((e = ms_preflight(&u->dev, why, sizeof why)) || (e = ms_nvme_namespaces_free(&u->dev, why, sizeof why)))
		return ms_erase_fail(u->ui, u->index, MS_FAULT_REFUSED, e, u->spec, "%s", why);
	/* a handed-over drive is erased only if it is the drive that was handed over; a drive
	 * the station planned and the operator confirmed, only if it is still that drive */
	if (rq->expect_identity && strcmp(u->dev.identity_hash, rq->expect_identity) != 0) {
		const char *serial = u->dev.serial[0] ? u->dev.serial : "none";
		if (!rq->completes_id)
			return ms_erase_fail(u->ui, u->index, MS_FAULT_REFUSED, -EPERM, u->spec, N_("is no longer the drive "
					     "that was planned and confirmed: identity %.16s… (serial %s), confirmed %.16s…; "
					     "look at the drives again"), u->dev.identity_hash, serial, rq->expect_identity);
		return ms_erase_fail(u->ui, u->index, MS_FAULT_REFUSED, -EPERM, u->spec, N_("is not the drive of handover %s: "
				     "identity %.16s… (serial %s), the handover says %.16s…"), rq->completes_id,
				     u->dev.identity_hash, serial, rq->expect_identity);
	}
	u->method = rq->method;
	u->full_hash = rq->ow.verify == MS_VERIFY_FULL;
	u->ow = rq->ow;
	u->restore_hidden = rq->restore_hidden;
	enum ms_fault f;
	if (rq->cls_set && (f = apply_policy(u)))
		return f;
	if (!rq->dry_run && !confirmed(u))
		return ms_erase_fail(u->ui, u->index, MS_FAULT_CONFIRM, -ECANCELED, u->spec,
			    N_("not confirmed: add --yes-erase %s (the device's %s)"), ms_device_confirm_token(&u->dev),
			    u->dev.serial[0] ? N_("serial number") : N_("path"));
	e = ms_xport_open(&u->dev, rq->dry_run ? MS_OPEN_NO_ACT : MS_OPEN_WRITE, &u->x);
	if (e)
		return ms_erase_fail(u->ui, u->index, MS_FAULT_DEVICE, e, u->spec, N_("cannot open: %s%s"), strerror(-e),
			    e == -EBUSY ? N_(" (in use by another program or another massho)") : "");
	u->dev.power_on_hours = ms_power_on_hours(u->x); /* read-only SMART / health log */
	return MS_FAULT_NONE;
}

/* Unfinished earlier jobs of this drive (killed, power lost): this job supersedes them,
 * its record names them, and the operator hears of each. */
static void find_prior(struct unit *u)
{
	struct ms_unfinished p[MS_JOB_MAX_PRIOR];
	int n = ms_jobs_unfinished(u->rq->state_dir, u->dev.identity_hash, p, MS_JOB_MAX_PRIOR);
	for (int i = 0; i < n && i < MS_JOB_MAX_PRIOR; i++) {
		struct ms_job_prior *q = &u->job.prior[u->job.nprior++];
		ms_strlcpy(q->job, p[i].job, sizeof q->job);
		ms_strlcpy(q->phase, p[i].phase, sizeof q->phase);
		ms_strlcpy(q->stopped, p[i].stopped, sizeof q->stopped);
		q->record_written = p[i].record_written;
		char t[300];
		snprintf(t, sizeof t, N_("supersedes the unfinished job %s (%s, stopped %s%s)"), q->job,
			 q->record_written ? N_("record written, no certificate") : q->phase[0] ? q->phase : "planned",
			 q->stopped, p[i].password_set ? N_("; it had set a one-time ATA password") : "");
		ms_erase_emit(u->ui, &(struct ms_erase_event){.kind = MS_EV_WARNING, .index = u->index, .object = u->spec,
						      .text = t});
	}
}

/* The job and its first journal line: what is about to be done, and why. */
static enum ms_fault start_job(struct unit *u)
{
	const struct ms_erase_request *rq = u->rq;
	if (ms_job_init(&u->job, &u->dev, ms_method_name(u->method)))
		return ms_erase_fail(u->ui, u->index, MS_FAULT_INTERNAL, -EIO, u->spec, N_("no randomness available for the job id"));
	u->job_ready = true;
	if (rq->completes_id) {
		ms_strlcpy(u->job.completes, rq->completes_id, sizeof u->job.completes);
		ms_strlcpy(u->job.completes_sha256, rq->completes_sha256 ? rq->completes_sha256 : "",
			   sizeof u->job.completes_sha256);
	}
	if (u->planned) {
		u->job.policy_set = true;
		u->job.decision = u->dec;
		ms_strlcpy(u->job.policy_source, rq->policy->source, sizeof u->job.policy_source);
		ms_strlcpy(u->job.policy_sha256, rq->policy->sha256, sizeof u->job.policy_sha256);
	}
	if (rq->dry_run)
		return MS_FAULT_NONE;
	find_prior(u);
	int e = ms_journal_open(rq->state_dir, u->job.id, &u->job.journal);
	if (e)
		return ms_erase_fail(u->ui, u->index, MS_FAULT_ARTIFACT, e, rq->state_dir, N_("cannot create the journal: %s"),
			    strerror(-e));
	bool fw = ms_method_is_firmware(u->method);
	struct ms_json *f = ms_json_obj();
	ms_json_set(f, "device", ms_device_json(&u->dev));
	struct ms_json *passes = ms_json_arr();
	for (size_t i = 0; !fw && i < u->ow.npasses; i++) {
		char name[32];
		ms_pass_name(&u->ow.passes[i], name, sizeof name);
		ms_json_push(passes, ms_json_str(name));
	}
	ms_json_set(f, "passes", passes);
	ms_json_set_str(f, "method", u->job.method);
	ms_json_set_str(f, "verify", u->ow.verify == MS_VERIFY_FULL ? "full" : "none");
	if (u->planned)
		ms_json_set(f, "policy", ms_decision_json(&u->dec, rq->policy->source, rq->policy->sha256));
	struct ms_json *sup = ms_json_arr();
	for (size_t i = 0; i < u->job.nprior; i++)
		ms_json_push(sup, ms_json_str(u->job.prior[i].job));
	ms_json_set(f, "supersedes", sup);
	ms_json_set_bool(f, "certificate", u->certifies);
	if ((e = ms_journal_append(u->job.journal, "planned", f)))
		return ms_erase_fail(u->ui, u->index, MS_FAULT_ARTIFACT, e, ms_journal_path(u->job.journal),
			    N_("cannot write the journal: %s"), strerror(-e));
	return MS_FAULT_NONE;
}

/* ---- the erase, one thread per drive ------------------------------------------------------ */

static void on_progress(void *ctx, const struct ms_progress *p)
{
	struct unit *u = ctx;
	u->ui->progress(u->ui->ctx, u->index, p);
}

/* Overwrite, optionally after making the hidden areas addressable. Hidden areas are
 * always looked for where ATA commands get through, so the record says what an
 * overwrite left out. */
static int overwrite(struct unit *u, struct ms_overwrite_opts *o)
{
	int e = ms_hidden_detect(u->x, &u->job, &u->job.hidden_before);
	if (u->restore_hidden) {
		if (e) {
			ms_job_fail(&u->job, e, N_("hidden areas (HPA/DCO) cannot be checked through this attachment (%s): "
				    "attach the drive to a SATA port"), e == -EOPNOTSUPP ? N_("no ATA pass-through") : strerror(-e));
			return e;
		}
		if (ms_hidden_present(&u->job.hidden_before) && (e = ms_hidden_restore(u->x, &u->job)))
			return e;
	}
	/* An overwrite writes one namespace of an NVMe controller: refused when it has others. */
	struct ms_nvme_space sp = {0};
	char why[300];
	if (u->dev.transport == MS_TRANSPORT_NVME)
		ms_nvme_space_read(u->x, &u->job, &sp); /* unanswered: the problem says so when it matters */
	if (u->dev.transport == MS_TRANSPORT_NVME && ms_nvme_space_problem(&sp, MS_REACH_ONE, why, sizeof why)) {
		ms_job_fail(&u->job, -EOPNOTSUPP, "%s", why);
		return -EOPNOTSUPP;
	}
	e = ms_overwrite_run(u->x, &u->job, o);
	if (u->job.hidden_before.checked && !u->job.hidden_after.checked)
		ms_hidden_detect(u->x, &u->job, &u->job.hidden_after);
	return e;
}

/* A self-encrypting drive with locked ranges refuses their sectors: an overwrite would
 * only collect errors, and what a sanitize did could not be read back to prove it. So
 * nothing is sent to it. Returns -EPERM with the job failed, or 0. */
static int refuse_locked_sed(struct unit *u)
{
	struct ms_tcg_l0 l0;
	if (!ms_caps_sed(u->x, &l0) || !l0.locked)
		return 0;
	ms_job_fail(&u->job, -EPERM, N_("is a self-encrypting drive (TCG %s) with locked ranges, which can be neither "
		    "overwritten nor read back: unlock it with its owner's credentials, or revert it with the PSID "
		    "printed on its label using the maker's tool (massho cannot revert a drive yet), or hand it over "
		    "for physical destruction"), l0.ssc[0] ? l0.ssc : N_("SSC unknown"));
	return -EPERM;
}

/* A SATA drive locked by an ATA password aborts every read and write: an overwrite would
 * fail as if the drive were dying. Say what it is. Returns -EPERM with the job failed, or 0. */
static int refuse_locked_ata(struct unit *u)
{
	struct ms_ata_identify id;
	if (u->dev.transport != MS_TRANSPORT_SATA || ms_ata_run_identify(u->x, &u->job, &id) || !id.sec_locked)
		return 0;
	ms_job_fail(&u->job, -EPERM, N_("is locked by an ATA password (security locked): its sectors can be neither "
		    "written nor read. If massho set it, run 'massho unlock'; otherwise it needs its owner's (or the "
		    "master) password to be unlocked first, or physical destruction"));
	return -EPERM;
}

static void *run_unit(void *arg)
{
	struct unit *u = arg;
	const struct ms_erase_request *rq = u->rq;
	ms_progress_fn progress = u->ui && u->ui->progress ? on_progress : NULL;
	if (refuse_locked_sed(u))
		return NULL;
	if (ms_method_is_firmware(u->method)) {
		struct ms_fw_opts f = {.method = u->method, .full_hash = u->full_hash, .unfreeze = rq->unfreeze,
				       .abort = rq->abort, .progress = progress, .progress_ctx = u};
		if (u->dev.emulated)
			f.poll_ms = 50; /* emulated sanitize takes a fraction of a second */
		ms_firmware_run(u->x, &u->job, &f);
	} else if (!refuse_locked_ata(u)) {
		struct ms_overwrite_opts o = u->ow;
		o.abort = rq->abort;
		o.progress = progress;
		o.progress_ctx = u;
		overwrite(u, &o);
	}
	return NULL;
}

static void run_all(struct unit *units, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		units[i].threaded = pthread_create(&units[i].tid, NULL, run_unit, &units[i]) == 0;
		if (!units[i].threaded)
			run_unit(&units[i]); /* no thread to be had: erase it in this one */
	}
	for (size_t i = 0; i < n; i++)
		if (units[i].threaded)
			pthread_join(units[i].tid, NULL);
}

/* ---- after the erase: record, certificate, handover ---------------------------------------- */

/* The signed certificate of a record, when a key was given. A record without one is
 * kept: `massho report pdf` issues it later. */
static enum ms_fault certify(struct unit *u, const struct ms_erase_sink *sink, const char *record_path)
{
	char pdf[PATH_MAX], why[600] = "";
	/* journaled around, so that a job killed while issuing is listed as unfinished */
	struct ms_json *f = ms_json_obj();
	ms_json_set_str(f, "record", record_path);
	if (u->job.journal)
		ms_journal_append(u->job.journal, "certifying", f);
	else
		ms_json_free(f);
	int e = sink->certify(sink->ctx, record_path, pdf, sizeof pdf, why, sizeof why);
	if (u->job.journal) {
		f = ms_json_obj();
		ms_json_set_str(f, "certificate", e ? "" : pdf);
		ms_json_set_str(f, "error", e < 0 ? strerror(-e) : "");
		ms_journal_append(u->job.journal, e == 1 ? "certificate-none" : e ? "certificate-failed" :
				  "certificate-issued", f);
	}
	if (e == 1)
		return MS_FAULT_NONE;
	if (e < 0)
		return ms_erase_fail(u->ui, u->index, MS_FAULT_ARTIFACT, e, u->spec,
			    N_("no certificate: %s (the record %s is kept: `massho report pdf` issues its certificate)"), why,
			    record_path);
	if (why[0]) /* issued, with something to say (the ledger) */
		ms_erase_emit(u->ui, &(struct ms_erase_event){.kind = MS_EV_WARNING, .index = u->index,
						      .object = u->rq->state_dir, .text = why});
	tell(u, MS_EV_CERTIFICATE, pdf, NULL);
	return MS_FAULT_NONE;
}

/* Figure 41 row 1: the erased drive now awaits physical destruction. The handover
 * record refers to the erasure record by id and the SHA-256 of its file. */
static enum ms_fault handover(struct unit *u, const struct ms_erase_sink *sink, const char *erasure_path,
			      const char *erasure_sha)
{
	const struct ms_erase_request *rq = u->rq;
	char by[16], path[PATH_MAX], why[400] = "";
	const char *obj = rq->out_dir;
	if (rq->destroy_by) {
		ms_strlcpy(by, rq->destroy_by, sizeof by);
	} else {
		time_t t = time(NULL) + (time_t)rq->policy->destroy_within_days * 86400;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(by, sizeof by, "%Y-%m-%d", &tm);
	}
	struct ms_handover_req h = {.witness = rq->witness, .destroy_by = by, .operator_name = rq->operator_name,
				    .camera = rq->camera};
	char sha[65] = "";
	int e = sink->handover(sink->ctx, erasure_path, erasure_sha, rq->out_dir, &h, path, sizeof path, sha, &obj, why,
			       sizeof why);
	if (u->job.journal)
		ms_journal_record_written(u->job.journal, path, sha, e);
	if (e)
		return ms_erase_fail(u->ui, u->index, MS_FAULT_ARTIFACT, e, obj, "%s", why);
	ms_erase_emit(u->ui, &(struct ms_erase_event){.kind = MS_EV_HANDOVER, .index = u->index, .object = u->spec,
					      .text = path, .when = by, .job = &u->job});
	return certify(u, sink, path);
}

static bool completed(const struct ms_job *j)
{
	return j->outcome == MS_OUTCOME_COMPLETED;
}

/* Write the record of a finished job (its path journaled), then its certificate and, for
 * row 1, the handover. */
static enum ms_fault finish(struct unit *u, const struct ms_erase_sink *sink)
{
	const struct ms_erase_request *rq = u->rq;
	struct ms_job *j = &u->job;
	enum ms_fault f = completed(j) ? MS_FAULT_NONE : MS_FAULT_ENGINE;
	if (rq->dry_run) {
		tell(u, MS_EV_DRY_RUN, NULL, j);
		return f;
	}
	char path[PATH_MAX] = "";
	/* Only an erase that completed supersedes the unfinished jobs of its drive: a failed
	 * one (a drive still locked by an earlier job's password) leaves them listed. */
	if (!completed(j))
		j->nprior = 0;
	char sha[65] = "", by[64] = "";
	/* checked when the run began; a destruction of the same handover may have come since */
	if (j->completes[0] && completed(j) &&
	    ms_journal_find_completion(rq->state_dir, j->completes, by, sizeof by) != -ENOENT) {
		char t[200];
		snprintf(t, sizeof t, N_("handover %s was completed meanwhile (%s): this erase completes nothing"), j->completes,
			 by[0] ? by : N_("the journal cannot be read"));
		ms_erase_emit(u->ui, &(struct ms_erase_event){.kind = MS_EV_WARNING, .index = u->index, .object = u->spec,
							      .text = t});
		j->completes[0] = '\0';
	}
	int e = sink->record(sink->ctx, j, rq->out_dir, path, sizeof path, sha);
	/* only a completed erase completes a handover, and it does so once (journaled before
	 * the record line: the record is the completion's) */
	if (!e && j->journal && j->completes[0] && completed(j)) {
		struct ms_json *c = ms_json_obj();
		ms_json_set_str(c, "handover", j->completes);
		e = ms_journal_append(j->journal, "completes", c);
	}
	if (j->journal)
		ms_journal_record_written(j->journal, path, sha, e);
	if (e) {
		ms_erase_fail(u->ui, u->index, MS_FAULT_ARTIFACT, e, rq->out_dir, N_("cannot write the record of %s: %s"), u->spec,
		     strerror(-e));
		return f ? f : MS_FAULT_ARTIFACT;
	}
	for (size_t i = 0; i < j->nprior; i++)
		ms_jobs_supersede(rq->state_dir, j->prior[i].job, j->id, path);
	tell(u, MS_EV_OUTCOME, NULL, j);
	tell(u, MS_EV_RECORD, path, NULL);
	enum ms_fault c = certify(u, sink, path);
	f = f ? f : c;
	if (u->planned && u->dec.custody && !f)
		f = handover(u, sink, path, sha);
	return f;
}

static void release(struct unit *u)
{
	ms_xport_close(u->x);
	u->x = NULL;
	if (u->job_ready) {
		ms_journal_close(u->job.journal);
		ms_job_release(&u->job);
		u->job_ready = false;
	}
}

/* Two namespaces of one NVMe controller: one erase reaches both, and two at once would
 * race (each taking the other's sanitize for its own). */
static bool same_controller(const struct ms_device *a, const struct ms_device *b)
{
	return a->transport == MS_TRANSPORT_NVME && b->transport == MS_TRANSPORT_NVME && a->serial[0] &&
	       strcmp(a->serial, b->serial) == 0 && strcmp(a->model, b->model) == 0;
}

/* Everything that can go wrong before the first write. A wrong name in the list may be a
 * typo for the wrong disk: erase none then. */
static enum ms_fault validate(const struct ms_erase_request *rq, const struct ms_erase_ui *ui, bool certifies,
			      struct unit *units)
{
	enum ms_fault f = MS_FAULT_NONE;
	for (size_t i = 0; i < rq->ndevices; i++) {
		units[i] = (struct unit){.index = i, .spec = rq->devices[i], .rq = rq, .ui = ui, .certifies = certifies};
		for (size_t k = 0; k < i; k++)
			if (strcmp(rq->devices[k], rq->devices[i]) == 0)
				f = f ? f : ms_erase_fail(ui, i, MS_FAULT_USAGE, -EINVAL, rq->devices[i], N_("given twice"));
		if (!f)
			f = prepare(&units[i]);
		for (size_t k = 0; !f && k < i; k++)
			if (same_controller(&units[k].dev, &units[i].dev))
				f = ms_erase_fail(ui, i, MS_FAULT_USAGE, -EINVAL, rq->devices[i], N_("is a namespace of the same NVMe "
						  "controller as %s: an erase of one reaches both; give one of them"),
						  rq->devices[k]);
	}
	/* An erase whose record cannot be written is an erase nobody can vouch for. */
	if (!f && !rq->dry_run) {
		char obj[PATH_MAX], why[200];
		int e = ms_journal_dir_check(rq->state_dir, obj, sizeof obj, why, sizeof why);
		if (e)
			return ms_erase_fail(ui, SIZE_MAX, MS_FAULT_ARTIFACT, e, obj, "%s", why);
		/* Like mkdir without -p: a mistyped --out must not grow a new tree. */
		if (mkdir(rq->out_dir, 0755) < 0 && errno != EEXIST)
			e = -errno;
		if (!e && access(rq->out_dir, W_OK | X_OK) < 0)
			e = -errno;
		struct stat st;
		/* A record others could replace between its write and its signature vouches for
		 * nothing (the journal holds the hash of what was written, not of the file). */
		if (!e && stat(rq->out_dir, &st) == 0 && (st.st_mode & (S_IWGRP | S_IWOTH)))
			return ms_erase_fail(ui, SIZE_MAX, MS_FAULT_ARTIFACT, -EPERM, rq->out_dir, N_("writable by others (mode "
					     "%03o): a record there could be replaced before it is signed; chmod go-w it or "
					     "give another --out"), (unsigned)(st.st_mode & 0777));
		if (e)
			f = ms_erase_fail(ui, SIZE_MAX, MS_FAULT_ARTIFACT, e, rq->out_dir, N_("cannot write records there: %s%s"),
				 strerror(-e), e == -ENOENT ? N_(" (create its parent directory first)") : "");
		/* what a killed run left half-written is not an artifact: away with it */
		ms_atomic_sweep(rq->out_dir);
		ms_atomic_sweep(rq->state_dir);
	}
	for (size_t i = 0; i < rq->ndevices && !f; i++)
		f = start_job(&units[i]);
	return f;
}

/* path made absolute against the working directory (NULL stays NULL). */
static int absolute(const char *path, char *out, size_t len)
{
	char cwd[PATH_MAX];
	if (!path || path[0] == '/') {
		if (path && strlen(path) >= len)
			return -ENAMETOOLONG;
		if (path)
			ms_strlcpy(out, path, len);
		return 0;
	}
	if (!getcwd(cwd, sizeof cwd))
		return -errno;
	int n = snprintf(out, len, "%s/%s", cwd, path);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

enum ms_fault ms_erase_batch(const struct ms_erase_request *rq, const struct ms_erase_ui *ui,
			     const struct ms_erase_sink *sink)
{
	if (rq->ndevices < 1 || rq->ndevices > MS_BATCH_MAX)
		return ms_erase_fail(ui, SIZE_MAX, MS_FAULT_USAGE, -EINVAL, "erase", "%s",
			    rq->ndevices < 1 ? N_("no device given") : N_("too many devices (at most 64)"));
	/* The journal names the records' directory: relative, it would mean another place to a
	 * later `report overdue` or `report receive` run from elsewhere. */
	struct ms_erase_request whole = *rq;
	char out[PATH_MAX], state[PATH_MAX];
	if (absolute(rq->out_dir, out, sizeof out) || absolute(rq->state_dir, state, sizeof state))
		return ms_erase_fail(ui, SIZE_MAX, MS_FAULT_USAGE, -ENAMETOOLONG, rq->out_dir, "%s", strerror(ENAMETOOLONG));
	whole.out_dir = rq->out_dir ? out : NULL;
	whole.state_dir = rq->state_dir ? state : NULL;
	rq = &whole;
	struct unit *units = calloc(rq->ndevices, sizeof *units);
	if (!units)
		return ms_erase_fail(ui, SIZE_MAX, MS_FAULT_INTERNAL, -ENOMEM, "erase", "%s", strerror(ENOMEM));
	enum ms_fault f = validate(rq, ui, sink->certifies, units);
	if (!f) {
		run_all(units, rq->ndevices);
		ms_erase_emit(ui, &(struct ms_erase_event){.kind = MS_EV_ERASED, .index = SIZE_MAX});
		for (size_t i = 0; i < rq->ndevices; i++) {
			enum ms_fault g = finish(&units[i], sink);
			f = f ? f : g;
		}
	}
	for (size_t i = 0; i < rq->ndevices; i++)
		release(&units[i]);
	free(units);
	return f;
}
