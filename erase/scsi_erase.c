/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "scsi_erase.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"
#include "fwwait.h"
#include "journal.h"

int ms_scsi_run(struct ms_xport *x, struct ms_job *job, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	double t0 = ms_mono();
	int r = ms_xport_scsi(x, c, st);
	if (job && r != -EOPNOTSUPP) {
		struct ms_ata_status as = {.valid = st->valid, .status = st->key, .error = st->asc,
					   .count = st->ascq};
		if (st->valid && st->status)
			as.status |= MS_ATA_STAT_ERR;
		ms_job_log_ata(job, c->name, r, &as, ms_mono() - t0);
	}
	return r;
}

/* REQUEST SENSE returns the drive's condition as data. */
static int condition(struct ms_xport *x, struct ms_job *job, struct ms_scsi_status *cond)
{
	uint8_t buf[64];
	struct ms_scsi_cmd c;
	struct ms_scsi_status st;
	ms_scsi_request_sense(&c, buf, sizeof buf);
	int r = job ? ms_scsi_run(x, job, &c, &st) : ms_xport_scsi(x, &c, &st);
	if (r)
		return r;
	if (!ms_scsi_good(&st))
		return -EIO;
	memset(cond, 0, sizeof *cond);
	return ms_scsi_sense_decode(buf, sizeof buf, cond);
}

static int check(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed)
{
	uint8_t buf[96];
	struct ms_scsi_cmd c;
	struct ms_scsi_status st;
	struct ms_scsi_inquiry inq;
	*resumed = false;
	ms_scsi_inquiry(&c, false, 0, buf, sizeof buf);
	int r = ms_scsi_run(x, job, &c, &st);
	if (r || !ms_scsi_good(&st) || ms_scsi_inquiry_decode(buf, sizeof buf, &inq) || inq.peripheral_type != 0) {
		ms_job_fail(job, r ? r : -EIO, N_("SCSI commands do not reach a block device here (%s)"),
			    r ? strerror(-r) : N_("INQUIRY failed"));
		return r ? r : -EIO;
	}
	char why[400];
	if (!ms_method_engine_runs(o->method, MS_ENGINE_SCSI, why, sizeof why)) {
		ms_job_fail(job, -EOPNOTSUPP, "%s", why);
		return -EOPNOTSUPP;
	}
	struct ms_scsi_status cond;
	if (condition(x, job, &cond) == 0 && ms_scsi_sanitizing(&cond)) {
		*resumed = true;
		if (job->journal)
			ms_journal_append(job->journal, "sanitize-resumed", NULL);
	}
	return 0;
}

static int look(struct ms_xport *x, void *ctx, struct ms_fw_look *out)
{
	struct ms_scsi_status cond;
	(void)ctx;
	int r = condition(x, NULL, &cond);
	out->running = ms_scsi_sanitizing(&cond);
	out->not_started = false;
	out->progress = cond.progress;
	return r;
}

static int wait_sanitize(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o)
{
	struct ms_scsi_status cond = {0};
	int r = ms_fw_wait(x, job, o, look, NULL);
	if (r || x->no_act)
		return r;
	/* The final condition goes in the record. Without it nothing says the sanitize
	 * succeeded (cond used to be judged uninitialised then: sense made of stack bytes). */
	if ((r = condition(x, job, &cond))) {
		ms_job_fail(job, r, N_("no final REQUEST SENSE from the drive (%s): whether the sanitize succeeded is "
			    "unknown; when the drive answers again, run the same command again"), strerror(-r));
		return r;
	}
	if (ms_scsi_sanitize_failed(&cond) || cond.key != MS_SK_NO_SENSE) {
		ms_job_fail(job, -EIO, N_("the sanitize failed (sense %X/%02Xh/%02Xh%s); the drive stays unusable until "
			    "a sanitize succeeds: run it again, or destroy the drive"), cond.key, cond.asc, cond.ascq,
			    ms_scsi_sanitize_failed(&cond) ? ": SANITIZE COMMAND FAILED" : "");
		return -EIO;
	}
	return 0;
}

static int execute(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool resumed)
{
	struct ms_scsi_cmd c;
	struct ms_scsi_status st;
	uint8_t param[8];
	if (resumed)
		return wait_sanitize(x, job, o);
	if (ms_method(o->method)->family == MS_FAMILY_FORMAT) {
		ms_scsi_format_unit(&c, (unsigned)(job->dev.capacity / 30000000u) + 600);
		int r = ms_scsi_run(x, job, &c, &st);
		if (r || !ms_scsi_good(&st)) {
			ms_job_fail(job, r ? r : -EIO, N_("FORMAT UNIT failed (%s)"), r ? strerror(-r) : N_("check condition"));
			return r ? r : -EIO;
		}
		return 0;
	}
	enum ms_method_op op = ms_method(o->method)->op;
	enum ms_scsi_sanitize_sa sa = op == MS_OP_CRYPTO ? MS_SCSI_SAN_CRYPTO :
				      op == MS_OP_BLOCK ? MS_SCSI_SAN_BLOCK : MS_SCSI_SAN_OVERWRITE;
	ms_scsi_sanitize(&c, sa, false, param, 0x00000000);
	int r = ms_scsi_run(x, job, &c, &st);
	if (r == -ETIMEDOUT)
		return ms_fw_lost_completion(job, c.name, r);
	if (r) {
		ms_job_fail(job, r, N_("%s: no answer (%s)"), c.name, strerror(-r));
		return r;
	}
	if (!ms_scsi_good(&st)) {
		bool unsupported = st.key == MS_SK_ILLEGAL_REQUEST;
		ms_job_fail(job, unsupported ? -EOPNOTSUPP : -EIO, unsupported ? N_("the drive does not support %s (sense "
			    "%X/%02Xh/%02Xh)") : N_("the drive rejected %s (sense %X/%02Xh/%02Xh)"), c.name, st.key, st.asc, st.ascq);
		return unsupported ? -EOPNOTSUPP : -EIO;
	}
	return wait_sanitize(x, job, o);
}

int ms_scsi_erase(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed)
{
	return ms_fw_check_run(x, job, o, resumed, check, execute);
}
