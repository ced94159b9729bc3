/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ata_erase.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"
#include "ata_exec.h"
#include "fwwait.h"
#include "hidden.h"
#include "journal.h"
#include "sample.h"

/* No ATA answer: say whether the attachment or the drive is to blame, and what to do. */
static int no_ata(struct ms_job *job, int r)
{
	if (r == -EOPNOTSUPP)
		ms_job_fail(job, r, N_("ATA commands cannot be passed to this drive through its attachment (%s): "
			    "attach it directly to a SATA port, or use an overwrite where the class allows it"),
			    ms_transport_name(job->dev.transport));
	else
		ms_job_fail(job, r, N_("IDENTIFY DEVICE failed (%s): the drive cannot be vouched for"), strerror(-r));
	return r;
}

/* ---- security erase ------------------------------------------------------------------- */

static void make_password(uint8_t pw[MS_ATA_PW_LEN], char text[21])
{
	static const char abc[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
	uint8_t rnd[20];
	ms_random_bytes(rnd, sizeof rnd);
	for (int i = 0; i < 20; i++)
		text[i] = abc[rnd[i] % (sizeof abc - 1)];
	text[20] = '\0';
	memset(pw, 0, MS_ATA_PW_LEN);
	memcpy(pw, text, 20);
	ms_memzero(rnd, sizeof rnd);
}

static unsigned erase_timeout(const struct ms_ata_identify *id, bool enhanced, uint64_t bytes)
{
	/* The drive's estimate with half again as margin, never below a full pass at
	 * 30 MB/s: some drives under-report badly. */
	unsigned est = (enhanced ? id->enhanced_erase_minutes : id->erase_minutes) * 60;
	unsigned by_size = (unsigned)(bytes / 30000000u);
	unsigned t = est + est / 2;
	return (t > by_size ? t : by_size) + 60;
}

static int journal_password(struct ms_job *job, const char *text, const char *event)
{
	if (!job->journal)
		return -EINVAL;
	struct ms_json *f = ms_json_obj();
	ms_json_set_str(f, "identity_hash", job->dev.identity_hash);
	ms_json_set_str(f, "device", job->dev.path);
	if (text)
		ms_json_set_str(f, "password", text);
	return ms_journal_append(job->journal, event, f);
}

static void give_back(struct ms_xport *x, struct ms_job *job, const uint8_t pw[MS_ATA_PW_LEN], char *note,
		      size_t len)
{
	struct ms_ata_cmd c;
	struct ms_ata_status st;
	uint8_t buf[512];
	ms_ata_sec_disable(&c, buf, pw, false);
	if (ms_ata_run(x, job, &c, &st) == 0 && ms_ata_ok(&st)) {
		snprintf(note, len, N_("massho's password was removed again; the drive is usable"));
		if (!journal_password(job, NULL, "ata-password-cleared"))
			ms_journal_scrub(job->journal);
	} else {
		snprintf(note, len, N_("the drive keeps massho's password: run 'massho unlock %s'"), job->dev.path);
	}
	ms_memzero(buf, sizeof buf);
}

static int security_erase(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o,
			  const struct ms_ata_identify *id)
{
	bool enhanced = o->method == MS_METHOD_SECURITY_ERASE_ENHANCED;
	if (!id->sec_supported)
		return ms_job_fail(job, -EOPNOTSUPP, N_("the drive does not support the ATA Security feature set")), -EOPNOTSUPP;
	if (enhanced && !id->sec_enhanced)
		return ms_job_fail(job, -EOPNOTSUPP, N_("the drive has no ENHANCED SECURITY ERASE UNIT")), -EOPNOTSUPP;
	if (id->sec_frozen)
		return ms_job_fail(job, -EPERM, N_("ATA security is frozen (the BIOS froze it at boot): suspend and resume "
				   "the machine (--unfreeze does it) or re-plug the drive's power after boot, then run "
				   "again")), -EPERM;
	if (id->sec_expired)
		return ms_job_fail(job, -EPERM, N_("the drive's password attempt counter has expired: power-cycle the "
				   "drive and run again")), -EPERM;
	if (id->sec_enabled)
		return ms_job_fail(job, -EPERM, N_("the drive already has a user password (security %s): remove it "
				   "first ('massho unlock' when massho set it)"), id->sec_locked ? "locked" : "enabled"),
		       -EPERM;
	if (!job->journal && !x->no_act)
		return ms_job_fail(job, -EINVAL, N_("no journal to keep the one-time password in")), -EINVAL;

	uint8_t pw[MS_ATA_PW_LEN], buf[512];
	char text[21], note[160] = "";
	struct ms_ata_cmd c;
	struct ms_ata_status st;
	int r;
	make_password(pw, text);
	/* Written and fsynced before the drive ever sees it: whatever happens next, the
	 * operator can unlock the drive. */
	if (!x->no_act && (r = journal_password(job, text, "ata-password"))) {
		ms_job_fail(job, r, N_("cannot journal the one-time password (%s): nothing was set"), strerror(-r));
		goto out;
	}
	ms_ata_sec_set_password(&c, buf, pw, false, false);
	r = ms_ata_run(x, job, &c, &st);
	if (r || !ms_ata_ok(&st)) {
		ms_job_fail(job, -EIO, N_("the drive refused SECURITY SET PASSWORD (%s)"), r ? strerror(-r) : "aborted");
		r = -EIO;
		goto out;
	}
	ms_ata_sec_erase_prepare(&c);
	r = ms_ata_run(x, job, &c, &st);
	if (!r && ms_ata_ok(&st)) {
		ms_ata_sec_erase_unit(&c, buf, pw, false, enhanced, erase_timeout(id, enhanced, job->dev.capacity));
		ms_fw_report(o, job, enhanced ? "enhanced security erase" : "security erase", 0, 1, ms_mono(), false);
		r = ms_ata_run(x, job, &c, &st);
	}
	if (r) {
		ms_job_fail(job, r, N_("no completion from the drive (%s): it may be locked with massho's password; "
			    "when it answers again run 'massho unlock %s', then erase again"), strerror(-r), job->dev.path);
		goto out;
	}
	if (!ms_ata_ok(&st)) {
		give_back(x, job, pw, note, sizeof note);
		ms_job_fail(job, -EIO, N_("the drive aborted %s; %s"), c.name, note);
		r = -EIO;
		goto out;
	}
	ms_fw_report(o, job, enhanced ? "enhanced security erase" : "security erase", 1, 1, ms_mono(), true);
	/* Success is what the drive says afterwards, not what the command returned. */
	struct ms_ata_identify after;
	if ((r = ms_ata_run_identify(x, job, &after)) || after.sec_enabled || after.sec_locked) {
		give_back(x, job, pw, note, sizeof note);
		ms_job_fail(job, -EIO, N_("after the erase, ATA security is still %s: the erase did not complete; %s"),
			    r ? "unknown" : after.sec_locked ? "locked" : "enabled", note);
		r = -EIO;
		goto out;
	}
	/* Cleared on the drive, so it must not stay readable on disk (issue 12). */
	if (!x->no_act && !journal_password(job, NULL, "ata-password-cleared"))
		ms_journal_scrub(job->journal);
	r = 0;
out:
	ms_memzero(pw, sizeof pw);
	ms_memzero(text, sizeof text);
	ms_memzero(buf, sizeof buf);
	return r;
}

/* ---- sanitize ------------------------------------------------------------------------------ */

static int sanitize_status(struct ms_xport *x, struct ms_job *job, bool log, struct ms_ata_sanitize_state *s)
{
	struct ms_ata_cmd c;
	struct ms_ata_status st;
	ms_ata_sanitize_status(&c, false);
	int r = log ? ms_ata_run(x, job, &c, &st) : ms_xport_ata(x, &c, &st);
	if (r)
		return r;
	ms_ata_sanitize_status_decode(&st, s);
	return 0;
}

static int look(struct ms_xport *x, void *ctx, struct ms_fw_look *out)
{
	struct ms_ata_sanitize_state ss;
	(void)ctx;
	int r = sanitize_status(x, NULL, false, &ss);
	out->running = !r && ss.in_progress;
	out->not_started = false;
	out->progress = ss.progress;
	return r;
}

static int sanitize(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o,
		    const struct ms_ata_identify *id, bool resumed)
{
	enum ms_method_op op = ms_method(o->method)->op;
	bool have = op == MS_OP_BLOCK ? id->sanitize_block : op == MS_OP_CRYPTO ? id->sanitize_crypto :
									id->sanitize_overwrite;
	struct ms_ata_cmd c;
	struct ms_ata_status st;
	struct ms_ata_sanitize_state ss = {0};
	int r;
	if (!resumed) {
		if (!have)
			return ms_job_fail(job, -EOPNOTSUPP, N_("the drive does not support %s"), ms_method_name(o->method)),
			       -EOPNOTSUPP;
		if (id->sec_locked)
			return ms_job_fail(job, -EPERM, N_("the drive is locked by an ATA password: unlock it first")), -EPERM;
		ms_ata_sanitize(&c, op == MS_OP_BLOCK ? MS_SAN_BLOCK : op == MS_OP_CRYPTO ? MS_SAN_CRYPTO : MS_SAN_OVERWRITE,
				false, 0x00000000, 1, false);
		r = ms_ata_run(x, job, &c, &st);
		if (r == -ETIMEDOUT)
			return ms_fw_lost_completion(job, c.name, r);
		if (r || !ms_ata_ok(&st)) {
			ms_job_fail(job, -EIO, N_("the drive refused %s (%s)"), c.name, r ? strerror(-r) : "aborted");
			return -EIO;
		}
	}
	if ((r = ms_fw_wait(x, job, o, look, NULL)) || x->no_act)
		return r;
	/* The final status goes in the record. Without an answer nothing says the sanitize
	 * succeeded (ss used to be judged uninitialised then). */
	if ((r = sanitize_status(x, job, true, &ss))) {
		ms_job_fail(job, r, N_("no final SANITIZE STATUS from the drive (%s): whether the sanitize succeeded is "
			    "unknown; when the drive answers again, run the same command again"), strerror(-r));
		return r;
	}
	if (ss.failed || !ss.completed_ok) {
		ms_job_fail(job, -EIO, N_("SANITIZE failed: the drive reports the operation unsuccessful and stays "
			    "unusable until a sanitize succeeds; run it again, or destroy the drive"));
		return -EIO;
	}
	return 0;
}

/* ---- the engine ------------------------------------------------------------------------------ */

int ms_ata_erase(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed)
{
	struct ms_ata_identify id;
	char why[400];
	bool is_sanitize = ms_method(o->method)->family == MS_FAMILY_SANITIZE;
	int r;
	*resumed = false;
	if (!ms_method_engine_runs(o->method, MS_ENGINE_ATA, why, sizeof why))
		return ms_job_fail(job, -EOPNOTSUPP, "%s", why), -EOPNOTSUPP;
	if ((r = ms_ata_run_identify(x, job, &id)))
		return no_ata(job, r);
	if (id.sec_frozen && o->unfreeze && !is_sanitize && x->ops->suspend_resume) {
		if (job->journal)
			ms_journal_append(job->journal, "suspend-resume", NULL);
		if ((r = x->ops->suspend_resume(x)) || (r = ms_ata_run_identify(x, job, &id))) {
			ms_job_fail(job, r, N_("suspend/resume to unfreeze the drive failed: %s"), strerror(-r));
			return r;
		}
	}
	if (is_sanitize && id.sanitize) {
		/* A sanitize interrupted by a power loss goes on at power-on: wait for it. */
		struct ms_ata_sanitize_state ss;
		if (sanitize_status(x, job, true, &ss) == 0 && ss.in_progress) {
			*resumed = true;
			if (job->journal)
				ms_journal_append(job->journal, "sanitize-resumed", NULL);
		}
	}
	if (!*resumed) {
		ms_hidden_detect(x, job, &job->hidden_before);
		ms_sample_before(x, job, o->samples ? o->samples : 64);
	}
	r = is_sanitize ? sanitize(x, job, o, &id, *resumed) : security_erase(x, job, o, &id);
	if (!r && !x->no_act)
		ms_hidden_detect(x, job, &job->hidden_after);
	return r;
}

int ms_security_unlock(struct ms_xport *x, struct ms_job *job, const char *password)
{
	uint8_t pw[MS_ATA_PW_LEN] = {0}, buf[512];
	struct ms_ata_cmd c;
	struct ms_ata_status st;
	struct ms_ata_identify id;
	memcpy(pw, password, strnlen(password, MS_ATA_PW_LEN));
	int r = ms_ata_run_identify(x, job, &id);
	if (r)
		goto out;
	if (!id.sec_enabled) {
		r = 0; /* nothing to undo */
		goto out;
	}
	if (id.sec_locked) {
		ms_ata_sec_unlock(&c, buf, pw, false);
		r = ms_ata_run(x, job, &c, &st);
		if (!r && !ms_ata_ok(&st))
			r = -EACCES;
		if (r)
			goto out;
	}
	ms_ata_sec_disable(&c, buf, pw, false);
	r = ms_ata_run(x, job, &c, &st);
	if (!r && !ms_ata_ok(&st))
		r = -EIO;
	if (!r && (r = ms_ata_run_identify(x, job, &id)) == 0 && (id.sec_enabled || id.sec_locked))
		r = -EIO;
out:
	ms_memzero(pw, sizeof pw);
	ms_memzero(buf, sizeof buf);
	return r;
}
