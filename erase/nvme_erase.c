/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "nvme_erase.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"
#include "fwwait.h"
#include "journal.h"
#include "nsspace.h"

int ms_nvme_run(struct ms_xport *x, struct ms_job *job, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	double t0 = ms_mono();
	int r = ms_xport_nvme(x, c, st);
	if (job && r != -EOPNOTSUPP) {
		/* The ATA log entry carries the NVMe status as status = SCT, error = SC. */
		struct ms_ata_status as = {.valid = st->valid, .status = st->sct, .error = st->sc,
					   .lba = st->result};
		if (st->valid && (st->sct || st->sc))
			as.status |= MS_ATA_STAT_ERR;
		ms_job_log_ata(job, c->name, r, &as, ms_mono() - t0);
	}
	return r;
}

static int refuse(struct ms_job *job, const char *fmt, const char *what)
{
	ms_job_fail(job, -EOPNOTSUPP, fmt, what);
	return -EOPNOTSUPP;
}

/* Buffers are per call: several drives are erased in parallel threads. */
static int sanlog(struct ms_xport *x, struct ms_job *job, struct ms_nvme_sanlog *l)
{
	uint8_t page[512] __attribute__((aligned(64)));
	struct ms_nvme_cmd c;
	struct ms_nvme_status st;
	ms_nvme_get_log(&c, MS_NVME_LOG_SANITIZE, 0xFFFFFFFF, page, 512);
	int r = job ? ms_nvme_run(x, job, &c, &st) : ms_xport_nvme(x, &c, &st);
	if (r)
		return r;
	if (!ms_nvme_ok(&st))
		return -EIO;
	return ms_nvme_sanlog_decode(page, l);
}

static int check(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed)
{
	uint8_t page[4096] __attribute__((aligned(64)));
	struct ms_nvme_cmd c;
	struct ms_nvme_status st;
	struct ms_nvme_ctrl ctrl;
	*resumed = false;
	ms_nvme_identify_ctrl(&c, page);
	int r = ms_nvme_run(x, job, &c, &st);
	if (r || !ms_nvme_ok(&st) || ms_nvme_ctrl_decode(page, &ctrl)) {
		ms_job_fail(job, r ? r : -EIO, N_("NVMe admin commands do not reach the drive (%s): attach it to an "
			    "M.2/U.2 slot, not a USB enclosure"), r ? strerror(-r) : N_("Identify failed"));
		return r ? r : -EIO;
	}
	char why[400];
	const struct ms_method_def *m = ms_method(o->method);
	if (!ms_method_engine_runs(o->method, MS_ENGINE_NVME, why, sizeof why))
		return refuse(job, "%s", why);
	if (m->family == MS_FAMILY_SANITIZE && !ctrl.sanitize_any) {
		char alt[120];
		snprintf(alt, sizeof alt, N_("use %s or %s where the class allows it"), ms_method_name(MS_METHOD_FORMAT_CRYPTO),
			 ms_method_name(MS_METHOD_FORMAT_USER));
		return refuse(job, N_("the controller reports no Sanitize support (SANICAP 0): %s"), alt);
	}
	if (m->family == MS_FAMILY_SANITIZE) {
		bool have = m->op == MS_OP_CRYPTO ? ctrl.san_crypto : m->op == MS_OP_BLOCK ? ctrl.san_block :
										 ctrl.san_overwrite;
		if (!have)
			return refuse(job, N_("the controller has no %s"), m->op == MS_OP_CRYPTO ? N_("Sanitize crypto erase") :
				      m->op == MS_OP_BLOCK ? N_("Sanitize block erase") : N_("Sanitize overwrite"));
	}
	if (m->family == MS_FAMILY_FORMAT && !ctrl.format)
		return refuse(job, N_("the controller has no %s"), N_("Format NVM"));
	if (m->family == MS_FAMILY_FORMAT && m->op == MS_OP_CRYPTO && !ctrl.crypto_erase_format)
		return refuse(job, N_("the controller has no %s"), N_("crypto erase in Format NVM (FNA bit 2)"));
	/* A drive is the controller: every namespace is erased and read back, or nothing is. */
	struct ms_nvme_space sp;
	ms_nvme_space_read(x, job, &sp); /* unanswered: the problem says so when it matters */
	if (ms_nvme_space_problem(&sp, m->family == MS_FAMILY_SANITIZE ? MS_REACH_CONTROLLER : MS_REACH_NAMESPACES, why,
				  sizeof why))
		return refuse(job, "%s", why);
	if (ctrl.sanitize_any) {
		struct ms_nvme_sanlog l;
		if (sanlog(x, job, &l) == 0 && l.status == MS_NVME_SSTAT_IN_PROGRESS) {
			*resumed = true;
			if (job->journal)
				ms_journal_append(job->journal, "sanitize-resumed", NULL);
		}
	}
	return 0;
}

/* Success is what SSTAT says, not SPROG reaching its end. */
static int look(struct ms_xport *x, void *ctx, struct ms_fw_look *out)
{
	struct ms_nvme_sanlog l;
	(void)ctx;
	int r = sanlog(x, NULL, &l);
	out->running = l.status == MS_NVME_SSTAT_IN_PROGRESS;
	out->not_started = l.status == MS_NVME_SSTAT_NEVER;
	out->progress = l.sprog;
	return r;
}

static int wait_sanitize(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o)
{
	struct ms_nvme_sanlog l = {0};
	int r = ms_fw_wait(x, job, o, look, NULL);
	if (r || x->no_act)
		return r;
	/* The final SSTAT goes in the record. Without it nothing says the sanitize succeeded
	 * (l used to be judged uninitialised then). */
	if ((r = sanlog(x, job, &l))) {
		ms_job_fail(job, r, N_("no final Sanitize Status log page from the drive (%s): whether the sanitize "
			    "succeeded is unknown; when the drive answers again, run the same command again"), strerror(-r));
		return r;
	}
	if (l.status != MS_NVME_SSTAT_SUCCESS && l.status != MS_NVME_SSTAT_SUCCESS_NO_DEALLOC) {
		ms_job_fail(job, -EIO, N_("the sanitize did not succeed: SSTAT says %s; the drive stays in the "
			    "sanitize failure state until a sanitize succeeds: run it again, or destroy the drive"),
			    ms_nvme_sstat_name(l.status));
		return -EIO;
	}
	return 0;
}

/* Format NVM of one namespace (or, nsid FFFFFFFFh, of all), keeping its LBA format. */
static int format_one(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, uint32_t nsid,
		      unsigned lbaf, uint64_t bytes, bool several)
{
	struct ms_nvme_cmd c;
	struct ms_nvme_status st;
	char text[96];
	unsigned timeout = (unsigned)(bytes / 30000000u) + 120;
	ms_nvme_format(&c, nsid, lbaf, ms_method(o->method)->op == MS_OP_CRYPTO ? MS_NVME_SES_CRYPTO : MS_NVME_SES_USER,
		       timeout);
	int r = ms_nvme_run(x, job, &c, &st);
	if (r || !ms_nvme_ok(&st)) {
		if (!r)
			ms_nvme_status_text(&st, text, sizeof text);
		char which[40] = "";
		if (several)
			snprintf(which, sizeof which, nsid == 0xFFFFFFFF ? N_(" of all namespaces") : N_(" of namespace %u"), nsid);
		ms_job_fail(job, r ? r : -EIO, N_("%s%s failed: %s"), c.name, which, r ? strerror(-r) : text);
		return r ? r : -EIO;
	}
	return 0;
}

/* Every active namespace: one broadcast Format when FNA bit 0 says a Format reaches
 * them all anyway, else one per namespace. */
static int format_all(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o)
{
	struct ms_nvme_space sp;
	int r = ms_nvme_space_read(x, job, &sp);
	if (r || !sp.n || sp.overflow || sp.unidentified) {
		ms_job_fail(job, r ? r : -EIO, N_("%s: the LBA format to keep is unknown"), sp.unidentified ?
			    N_("Identify Namespace failed") : N_("the controller's active namespaces could not be listed"));
		return r ? r : -EIO;
	}
	bool several = sp.n > 1;
	uint64_t total = 0;
	for (size_t i = 0; i < sp.n; i++)
		total += sp.bytes[i] ? sp.bytes[i] : job->dev.capacity;
	if (sp.fna_all && sp.n > 1)
		return format_one(x, job, o, 0xFFFFFFFF, sp.lbaf[0], total, several);
	for (size_t i = 0; i < sp.n; i++)
		if ((r = format_one(x, job, o, sp.nsid[i], sp.lbaf[i], sp.bytes[i] ? sp.bytes[i] : job->dev.capacity,
				    several)))
			return r;
	return 0;
}

static int execute(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool resumed)
{
	struct ms_nvme_cmd c;
	struct ms_nvme_status st;
	char text[96];
	if (resumed)
		return wait_sanitize(x, job, o);
	if (ms_method(o->method)->family == MS_FAMILY_FORMAT)
		return format_all(x, job, o);
	enum ms_method_op op = ms_method(o->method)->op;
	enum ms_nvme_sanact act = op == MS_OP_CRYPTO ? MS_NVME_SAN_CRYPTO :
				  op == MS_OP_BLOCK ? MS_NVME_SAN_BLOCK : MS_NVME_SAN_OVERWRITE;
	/* AUSE off: a failed sanitize keeps the drive unusable until one succeeds. */
	ms_nvme_sanitize(&c, act, false, false, 0, 1);
	int r = ms_nvme_run(x, job, &c, &st);
	if (r == -ETIMEDOUT)
		return ms_fw_lost_completion(job, c.name, r);
	if (r || !ms_nvme_ok(&st)) {
		if (!r)
			ms_nvme_status_text(&st, text, sizeof text);
		ms_job_fail(job, r ? r : -EIO, N_("the drive rejected %s: %s"), c.name, r ? strerror(-r) : text);
		return r ? r : -EIO;
	}
	return wait_sanitize(x, job, o);
}

int ms_nvme_erase(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed)
{
	return ms_fw_check_run(x, job, o, resumed, check, execute);
}
