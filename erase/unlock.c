/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "unlock.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "../devices/xport.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"
#include "ata_erase.h"
#include "journal.h"

/* Send the unlock, journal and judge it. */
static enum ms_fault run(struct ms_xport *x, struct ms_job *job, const char *pw)
{
	ms_now(&job->started);
	ms_job_set_state(job, MS_JOB_RUNNING);
	int r = ms_security_unlock(x, job, pw);
	ms_now(&job->ended);
	if (r) {
		ms_job_fail(job, r, "%s", r == -EACCES ? N_("the drive refused the journaled password") :
			    r == -EOPNOTSUPP ? N_("ATA commands cannot reach the drive through this attachment") :
			    N_("the drive refused to unlock or disable its password"));
		return MS_FAULT_ENGINE;
	}
	job->outcome = MS_OUTCOME_COMPLETED;
	struct ms_json *f = ms_json_obj();
	ms_json_set_str(f, "identity_hash", job->dev.identity_hash);
	ms_journal_append(job->journal, "ata-password-cleared", f);
	ms_job_set_state(job, MS_JOB_DONE);
	return MS_FAULT_NONE;
}

/* Journal, unlock, record. The password is zeroed by the caller. */
static enum ms_fault unlock_open(const struct ms_unlock_request *rq, const struct ms_erase_ui *ui,
				 const struct ms_erase_sink *sink, struct ms_xport *x, const char *pw, const char *orig)
{
	struct ms_job job;
	if (ms_job_init(&job, &x->dev, "security-unlock"))
		return ms_erase_fail(ui, 0, MS_FAULT_INTERNAL, -EIO, rq->device, N_("no randomness for the job id"));
	int e = ms_journal_open(rq->state_dir, job.id, &job.journal);
	if (e) {
		ms_job_release(&job);
		return ms_erase_fail(ui, 0, MS_FAULT_ARTIFACT, e, rq->state_dir, N_("cannot create the journal"));
	}
	ms_strlcpy(job.kind, "unlock", sizeof job.kind);
	struct ms_json *f = ms_json_obj();
	ms_json_set_str(f, "unlocks_job", orig);
	ms_json_set_str(f, "identity_hash", x->dev.identity_hash);
	ms_journal_append(job.journal, "planned", f);
	enum ms_fault fault = run(x, &job, pw);
	/* The password set by job orig is gone from the drive: its journal says so (`massho
	 * jobs` stops asking for an unlock), and it goes from that journal too. */
	if (!fault) {
		struct ms_json *c = ms_json_obj();
		ms_json_set_str(c, "identity_hash", x->dev.identity_hash);
		ms_json_set_str(c, "by", job.id);
		ms_journal_append_to(rq->state_dir, orig, "ata-password-cleared", c);
	}
	if (!fault && (e = ms_journal_scrub_job(rq->state_dir, orig)))
		ms_erase_emit(ui, &(struct ms_erase_event){.kind = MS_EV_WARNING, .object = rq->state_dir,
					      .text = N_("the cleared password could not be scrubbed from its journal")});
	char path[PATH_MAX] = "", sha[65] = "";
	e = sink->record(sink->ctx, &job, rq->out_dir, path, sizeof path, sha);
	ms_journal_record_written(job.journal, path, sha, e);
	if (e) {
		ms_erase_fail(ui, 0, MS_FAULT_ARTIFACT, e, rq->out_dir, N_("cannot write the record: %s"), strerror(-e));
		fault = fault ? fault : MS_FAULT_ARTIFACT;
	} else {
		ms_erase_emit(ui, &(struct ms_erase_event){.kind = MS_EV_OUTCOME, .object = rq->device, .job = &job});
		ms_erase_emit(ui, &(struct ms_erase_event){.kind = MS_EV_RECORD, .object = rq->device, .text = path});
	}
	ms_journal_close(job.journal);
	ms_job_release(&job);
	return fault;
}

enum ms_fault ms_unlock(const struct ms_unlock_request *rq, const struct ms_erase_ui *ui,
			const struct ms_erase_sink *sink)
{
	struct ms_device dev;
	char why[300], pw[64], orig[64];
	int e = ms_describe(rq->device, rq->sysroot, &dev, why, sizeof why);
	if (e)
		return ms_erase_fail(ui, 0, MS_FAULT_DEVICE, e, rq->device, "%s", why);
	if (dev.boot_medium)
		return ms_erase_fail(ui, 0, MS_FAULT_REFUSED, -EPERM, rq->device, N_("is the boot medium of this system"));
	if (ms_journal_find_password(rq->state_dir, dev.identity_hash, pw, sizeof pw, orig, sizeof orig))
		return ms_erase_fail(ui, 0, MS_FAULT_DEVICE, -ENOENT, rq->device, N_("no password for this drive (identity "
				     "%.16s…) in the journals searched, %s/journal/*.jsonl: if another station erased it, "
				     "give its state directory with --state-dir"), dev.identity_hash, rq->state_dir);
	struct ms_xport *x;
	enum ms_fault f;
	if ((e = ms_xport_open(&dev, MS_OPEN_WRITE, &x))) {
		f = ms_erase_fail(ui, 0, MS_FAULT_DEVICE, e, rq->device, N_("cannot open: %s"), strerror(-e));
	} else {
		f = unlock_open(rq, ui, sink, x, pw, orig);
		ms_xport_close(x);
	}
	ms_memzero(pw, sizeof pw);
	return f;
}
