/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "firmware.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/json.h"
#include "../util/util.h"
#include "ata_exec.h"
#include "bridge.h"
#include "fwwait.h"
#include "hidden.h"
#include "journal.h"
#include "nvme_erase.h"
#include "scsi_erase.h"
#include "sample.h"

static const char *const method_ids[] = {
	[MS_FW_SECURITY_ERASE] = "security-erase",
	[MS_FW_SECURITY_ERASE_ENHANCED] = "security-erase-enhanced",
	[MS_FW_SANITIZE_BLOCK] = "sanitize-block",
	[MS_FW_SANITIZE_CRYPTO] = "sanitize-crypto",
	[MS_FW_SANITIZE_OVERWRITE] = "sanitize-overwrite",
	[MS_FW_FORMAT_USER] = "format-user",
	[MS_FW_FORMAT_CRYPTO] = "format-crypto",
	[MS_FW_FORMAT_UNIT] = "format-unit",
};

const char *ms_fw_method_id(enum ms_fw_method m)
{
	return method_ids[m];
}

int ms_fw_method_parse(const char *s, enum ms_fw_method *out)
{
	for (size_t i = 0; i < MS_ARRAY_SIZE(method_ids); i++)
		if (strcmp(s, method_ids[i]) == 0) {
			*out = (enum ms_fw_method)i;
			return 0;
		}
	return -EINVAL;
}

/* Refusals that hold for every firmware method, with what to do instead. */
static int no_ata(struct ms_job *job, int r)
{
	if (r == -EOPNOTSUPP)
		ms_job_fail(job, r, "ATA commands cannot be passed to this drive through its attachment (%s): "
			    "attach it directly to a SATA port, or use an overwrite where the class allows it",
			    ms_transport_name(job->dev.transport));
	else
		ms_job_fail(job, r, "IDENTIFY DEVICE failed (%s): the drive cannot be vouched for", strerror(-r));
	return r;
}

static int check_attachment(struct ms_xport *x, struct ms_job *job)
{
	if (job->dev.transport != MS_TRANSPORT_USB)
		return 0;
	/* Table 7-1-1: security erase is not supported over USB; bridges also drop or
	 * invent the status a firmware erase is judged by. NVMe behind a bridge: identify
	 * only. An ATA drive behind a bridge that passes the self-test may go on. */
	char why[160];
	int r = job->dev.medium == MS_MEDIUM_NVME ? -EOPNOTSUPP : ms_bridge_selftest(x, job, why, sizeof why);
	if (job->dev.medium == MS_MEDIUM_NVME)
		snprintf(why, sizeof why, "NVMe admin commands do not pass through USB bridges");
	if (job->journal) {
		struct ms_json *f = ms_json_obj();
		ms_json_set_str(f, "bridge", job->dev.usb_bridge);
		ms_json_set_bool(f, "trusted", r == 0);
		ms_json_set_str(f, "why", r ? why : "registers and aborts come back faithfully");
		ms_journal_append(job->journal, "bridge-selftest", f);
	}
	snprintf(job->bridge_check, sizeof job->bridge_check, "%s", r ? why : "passed: registers and aborts come back");
	if (!r)
		return 0;
	ms_job_fail(job, -EOPNOTSUPP, "the drive is behind a USB bridge%s%s and %s: a firmware erase cannot be "
		    "vouched for; attach it to a SATA/M.2 port, or use an overwrite where the class allows it "
		    "(--method overwrite)", job->dev.usb_bridge[0] ? " " : "", job->dev.usb_bridge, why);
	return -EOPNOTSUPP;
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
		snprintf(note, len, "massho's password was removed again; the drive is usable");
		journal_password(job, NULL, "ata-password-cleared");
	} else {
		snprintf(note, len, "the drive keeps massho's password: run 'massho unlock %s'", job->dev.path);
	}
	ms_memzero(buf, sizeof buf);
}

static int security_erase(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o,
			  const struct ms_ata_identify *id)
{
	bool enhanced = o->method == MS_FW_SECURITY_ERASE_ENHANCED;
	if (!id->sec_supported)
		return ms_job_fail(job, -EOPNOTSUPP, "the drive does not support the ATA Security feature set"), -EOPNOTSUPP;
	if (enhanced && !id->sec_enhanced)
		return ms_job_fail(job, -EOPNOTSUPP, "the drive has no ENHANCED SECURITY ERASE UNIT"), -EOPNOTSUPP;
	if (id->sec_frozen)
		return ms_job_fail(job, -EPERM, "ATA security is frozen (the BIOS froze it at boot): suspend and resume "
				   "the machine (--unfreeze does it) or re-plug the drive's power after boot, then run "
				   "again"), -EPERM;
	if (id->sec_expired)
		return ms_job_fail(job, -EPERM, "the drive's password attempt counter has expired: power-cycle the "
				   "drive and run again"), -EPERM;
	if (id->sec_enabled)
		return ms_job_fail(job, -EPERM, "the drive already has a user password (security %s): remove it "
				   "first ('massho unlock' when massho set it)", id->sec_locked ? "locked" : "enabled"),
		       -EPERM;
	if (!job->journal && !x->no_act)
		return ms_job_fail(job, -EINVAL, "no journal to keep the one-time password in"), -EINVAL;

	uint8_t pw[MS_ATA_PW_LEN], buf[512];
	char text[21], note[160] = "";
	struct ms_ata_cmd c;
	struct ms_ata_status st;
	int r;
	make_password(pw, text);
	/* Written and fsynced before the drive ever sees it: whatever happens next, the
	 * operator can unlock the drive. */
	if (!x->no_act && (r = journal_password(job, text, "ata-password"))) {
		ms_job_fail(job, r, "cannot journal the one-time password (%s): nothing was set", strerror(-r));
		goto out;
	}
	ms_ata_sec_set_password(&c, buf, pw, false, false);
	r = ms_ata_run(x, job, &c, &st);
	if (r || !ms_ata_ok(&st)) {
		ms_job_fail(job, -EIO, "the drive refused SECURITY SET PASSWORD (%s)", r ? strerror(-r) : "aborted");
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
		ms_job_fail(job, r, "no completion from the drive (%s): it may be locked with massho's password; "
			    "when it answers again run 'massho unlock %s', then erase again", strerror(-r), job->dev.path);
		goto out;
	}
	if (!ms_ata_ok(&st)) {
		give_back(x, job, pw, note, sizeof note);
		ms_job_fail(job, -EIO, "the drive aborted %s; %s", c.name, note);
		r = -EIO;
		goto out;
	}
	ms_fw_report(o, job, enhanced ? "enhanced security erase" : "security erase", 1, 1, ms_mono(), true);
	/* Success is what the drive says afterwards, not what the command returned. */
	struct ms_ata_identify after;
	if ((r = ms_ata_run_identify(x, job, &after)) || after.sec_enabled || after.sec_locked) {
		give_back(x, job, pw, note, sizeof note);
		ms_job_fail(job, -EIO, "after the erase, ATA security is still %s: the erase did not complete; %s",
			    r ? "unknown" : after.sec_locked ? "locked" : "enabled", note);
		r = -EIO;
		goto out;
	}
	if (!x->no_act)
		journal_password(job, NULL, "ata-password-cleared");
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
	static const enum ms_ata_sanitize_op ops[] = {
		[MS_FW_SANITIZE_BLOCK] = MS_SAN_BLOCK, [MS_FW_SANITIZE_CRYPTO] = MS_SAN_CRYPTO,
		[MS_FW_SANITIZE_OVERWRITE] = MS_SAN_OVERWRITE};
	bool have = o->method == MS_FW_SANITIZE_BLOCK ? id->sanitize_block :
		    o->method == MS_FW_SANITIZE_CRYPTO ? id->sanitize_crypto : id->sanitize_overwrite;
	struct ms_ata_cmd c;
	struct ms_ata_status st;
	struct ms_ata_sanitize_state ss;
	int r;
	if (!resumed) {
		if (!have)
			return ms_job_fail(job, -EOPNOTSUPP, "the drive does not support %s", ms_fw_method_id(o->method)),
			       -EOPNOTSUPP;
		if (id->sec_locked)
			return ms_job_fail(job, -EPERM, "the drive is locked by an ATA password: unlock it first"), -EPERM;
		ms_ata_sanitize(&c, ops[o->method], false, 0x00000000, 1, false);
		r = ms_ata_run(x, job, &c, &st);
		if (r || !ms_ata_ok(&st)) {
			ms_job_fail(job, -EIO, "the drive refused %s (%s)", c.name, r ? strerror(-r) : "aborted");
			return -EIO;
		}
	}
	if ((r = ms_fw_wait(x, job, o, look, NULL)) || x->no_act)
		return r;
	sanitize_status(x, job, true, &ss); /* the final status goes in the record */
	if (ss.failed || !ss.completed_ok) {
		ms_job_fail(job, -EIO, "SANITIZE failed: the drive reports the operation unsuccessful and stays "
			    "unusable until a sanitize succeeds; run it again, or destroy the drive");
		return -EIO;
	}
	return 0;
}

/* ---- driver ---------------------------------------------------------------------------------- */

int ms_firmware_run(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o)
{
	struct ms_ata_identify id;
	bool is_sanitize = o->method >= MS_FW_SANITIZE_BLOCK;
	bool resumed = false;
	job->firmware = true;
	job->dry_run = x->no_act;
	job->verify_mode = o->full_hash ? MS_VERIFY_FULL : MS_VERIFY_NONE;
	ms_strlcpy(job->method, ms_fw_method_id(o->method), sizeof job->method);
	ms_now(&job->started);
	ms_job_set_state(job, MS_JOB_RUNNING);
	bool nvme = job->dev.transport == MS_TRANSPORT_NVME, sas = job->dev.transport == MS_TRANSPORT_SAS;
	int r = check_attachment(x, job);
	if (r)
		goto end;
	if (nvme || sas) {
		if ((r = nvme ? ms_nvme_check(x, job, o, &resumed) : ms_scsi_check(x, job, o, &resumed)))
			goto end;
		if (!resumed)
			ms_sample_before(x, job, o->samples ? o->samples : 64);
		r = nvme ? ms_nvme_execute(x, job, o, resumed) : ms_scsi_execute(x, job, o, resumed);
		if (r || x->no_act)
			goto end;
		goto prove;
	}
	if (o->method >= MS_FW_FORMAT_USER) {
		ms_job_fail(job, -EOPNOTSUPP, "%s is an %s method; this is an ATA drive", ms_fw_method_id(o->method),
			    o->method == MS_FW_FORMAT_UNIT ? "SCSI" : "NVMe");
		r = -EOPNOTSUPP;
		goto end;
	}
	if ((r = ms_ata_run_identify(x, job, &id))) {
		no_ata(job, r);
		goto end;
	}
	if (id.sec_frozen && o->unfreeze && !is_sanitize && x->ops->suspend_resume) {
		if (job->journal)
			ms_journal_append(job->journal, "suspend-resume", NULL);
		if ((r = x->ops->suspend_resume(x)) || (r = ms_ata_run_identify(x, job, &id))) {
			ms_job_fail(job, r, "suspend/resume to unfreeze the drive failed: %s", strerror(-r));
			goto end;
		}
	}
	if (is_sanitize && id.sanitize) {
		/* A sanitize interrupted by a power loss goes on at power-on: wait for it. */
		struct ms_ata_sanitize_state ss;
		if (sanitize_status(x, job, true, &ss) == 0 && ss.in_progress) {
			resumed = true;
			if (job->journal)
				ms_journal_append(job->journal, "sanitize-resumed", NULL);
		}
	}
	if (!resumed) {
		ms_hidden_detect(x, job, &job->hidden_before);
		ms_sample_before(x, job, o->samples ? o->samples : 64);
	}
	r = is_sanitize ? sanitize(x, job, o, &id, resumed) : security_erase(x, job, o, &id);
	if (r || x->no_act)
		goto end;
	ms_hidden_detect(x, job, &job->hidden_after);
prove:;
	bool zeros = o->method == MS_FW_SECURITY_ERASE || o->method == MS_FW_SANITIZE_BLOCK ||
		     o->method == MS_FW_SANITIZE_OVERWRITE || o->method == MS_FW_FORMAT_USER ||
		     o->method == MS_FW_FORMAT_UNIT;
	if (resumed) { /* no "before" could be read: the proof is what the drive holds now */
		uint64_t lbas[MS_SAMPLE_MAX];
		ms_random_bytes(&job->proof.seed, sizeof job->proof.seed);
		job->proof.n = ms_sample_lbas(job->proof.seed, x->dev.capacity / x->dev.logical_sector, 64, lbas);
		for (size_t i = 0; i < job->proof.n; i++)
			job->proof.s[i].lba = lbas[i];
	}
	ms_sample_after(x, job, zeros);
	if (o->full_hash) {
		ms_job_set_state(job, MS_JOB_VERIFYING);
		double t0 = ms_mono();
		if ((r = ms_device_sha256(x, o->abort, job->content_sha256))) {
			ms_job_fail(job, r, "reading the device back failed: %s", strerror(-r));
			goto end;
		}
		job->verify.bytes_read = x->dev.capacity;
		job->verify.seconds = ms_mono() - t0;
	}
	job->verify.result = job->proof.passed ? MS_VERIFY_PASSED : MS_VERIFY_FAILED;
	job->outcome = job->proof.passed ? MS_OUTCOME_COMPLETED : MS_OUTCOME_VERIFY_FAILED;
	if (!job->proof.passed)
		snprintf(job->failure, sizeof job->failure, "the drive reported success but sampled sectors did not "
			 "change (%s): the erase cannot be vouched for", job->proof.verdict);
	ms_now(&job->ended);
	ms_job_set_state(job, job->proof.passed ? MS_JOB_DONE : MS_JOB_FAILED);
	return 0;
end:
	ms_now(&job->ended);
	if (!r) {
		job->outcome = MS_OUTCOME_COMPLETED;
		ms_job_set_state(job, MS_JOB_DONE);
	}
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
