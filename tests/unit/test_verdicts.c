/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every check that decides a verdict, each pinned by a test of its own: the drive fails
 * or lies in exactly one way, and the job must fail (or be refused) for that reason, in
 * words that name it, not because some later check happened to notice. Each test is a
 * TCase of its own, so that `make mutants` (tests/mutants/list) runs only the one meant
 * to kill a mutation: CK_RUN_SUITE=verdicts CK_RUN_CASE=<name>.
 *
 * "The liar" is the emulated drive with a hook in front of its commands: a test answers
 * a command itself, or passes it on and changes the answer. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../devices/emu.h"
#include "../../erase/ata_erase.h"
#include "../../erase/batch.h"
#include "../../erase/bridge.h"
#include "../../erase/firmware.h"
#include "../../erase/hidden.h"
#include "../../erase/journal.h"
#include "../../erase/overwrite.h"
#include "../../erase/sample.h"
#include "../../report/ledger.h"
#include "../../util/util.h"
#include "suites.h"

/* ---- the liar --------------------------------------------------------------------------- */

#define PASS 1 /* a hook's "send it to the drive" */

static struct {
	const struct ms_xport_ops *real;
	struct ms_xport_ops ops;
	int (*ata)(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st);
	int (*nvme)(struct ms_xport *x, struct ms_nvme_cmd *c, struct ms_nvme_status *st);
	int (*scsi)(struct ms_xport *x, struct ms_scsi_cmd *c, struct ms_scsi_status *st);
	int (*read)(struct ms_xport *x, void *buf, size_t len, uint64_t off);
	int (*write)(struct ms_xport *x, const void *buf, size_t len, uint64_t off);
	int (*flush)(struct ms_xport *x);
	const struct ms_job *job;  /* the job under test, for hooks that wait for a phase */
	bool started, done;        /* hooks' memory: the erase was sent / the drive said done */
	uint8_t key, asc, ascq;    /* the sense a SCSI hook answers with */
	int err;                   /* the error a hook returns, where it is the test's choice */
} L;

static int liar_ata(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	int r = L.ata ? L.ata(x, c, st) : PASS;
	return r == PASS ? L.real->ata(x, c, st) : r;
}

static int liar_nvme(struct ms_xport *x, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	int r = L.nvme ? L.nvme(x, c, st) : PASS;
	return r == PASS ? L.real->nvme(x, c, st) : r;
}

static int liar_scsi(struct ms_xport *x, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	int r = L.scsi ? L.scsi(x, c, st) : PASS;
	return r == PASS ? L.real->scsi(x, c, st) : r;
}

static int liar_read(struct ms_xport *x, void *buf, size_t len, uint64_t off)
{
	int r = L.read ? L.read(x, buf, len, off) : PASS;
	return r == PASS ? L.real->read(x, buf, len, off) : r;
}

static int liar_write(struct ms_xport *x, const void *buf, size_t len, uint64_t off)
{
	int r = L.write ? L.write(x, buf, len, off) : PASS;
	return r == PASS ? L.real->write(x, buf, len, off) : r;
}

static int liar_flush(struct ms_xport *x)
{
	int r = L.flush ? L.flush(x) : PASS;
	return r == PASS ? L.real->flush(x) : r;
}

/* Put the liar in front of x (hooks all off: it passes everything on). */
static void liar_install(struct ms_xport *x)
{
	memset(&L, 0, sizeof L);
	L.real = x->ops;
	L.ops = *x->ops; /* same name, same close: still the emulated drive to everyone */
	L.ops.ata = liar_ata;
	L.ops.nvme = liar_nvme;
	L.ops.scsi = liar_scsi;
	L.ops.read = liar_read;
	L.ops.write = liar_write;
	L.ops.flush = liar_flush;
	x->ops = &L.ops;
}

static int ata_done(struct ms_ata_status *st)
{
	memset(st, 0, sizeof *st);
	st->valid = true;
	st->status = MS_ATA_STAT_DRDY;
	return 0;
}

static int ata_abort(struct ms_ata_status *st)
{
	ata_done(st);
	st->status |= MS_ATA_STAT_ERR;
	st->error = MS_ATA_ERR_ABRT;
	return 0;
}

/* ---- a drive, a job, a journal -------------------------------------------------------------- */

struct fx {
	char dir[256], img[300], spec[700];
	struct ms_device dev;
	struct ms_xport *x;
	struct ms_job job;
	struct ms_fw_opts o;
};

/* An image of `mib` MiB filled with 'A' (old data every erase must change). */
static void make_image(const char *path, unsigned mib, char fill)
{
	static char blk[1 << 20];
	memset(blk, fill, sizeof blk);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	for (unsigned i = 0; i < mib; i++)
		ck_assert(write(fd, blk, sizeof blk) == (ssize_t)sizeof blk);
	close(fd);
}

static void fx_open_fill(struct fx *f, const char *profile, const char *opts, enum ms_method m, char fill)
{
	char why[300];
	memset(f, 0, sizeof *f);
	tmpdir_make(f->dir, sizeof f->dir);
	snprintf(f->img, sizeof f->img, "%s/d.img", f->dir);
	make_image(f->img, 4, fill);
	snprintf(f->spec, sizeof f->spec, "emu:%s:%s,sanitize-ms=30%s", profile, f->img, opts);
	ck_assert_msg(ms_emu_describe(f->spec, &f->dev, why, sizeof why) == 0, "%s", why);
	ck_assert_int_eq(ms_xport_open(&f->dev, MS_OPEN_WRITE, &f->x), 0);
	ck_assert_int_eq(ms_job_init(&f->job, &f->dev, ms_method_name(m)), 0);
	ck_assert_int_eq(ms_journal_open(f->dir, f->job.id, &f->job.journal), 0);
	f->o = (struct ms_fw_opts){.method = m, .poll_ms = 5};
	liar_install(f->x);
	L.job = &f->job;
}

static void fx_open(struct fx *f, const char *profile, const char *opts, enum ms_method m)
{
	fx_open_fill(f, profile, opts, m, 'A');
}

static int fx_run(struct fx *f)
{
	return ms_firmware_run(f->x, &f->job, &f->o);
}

static void fx_close(struct fx *f)
{
	ms_xport_close(f->x);
	ms_journal_close(f->job.journal);
	ms_job_release(&f->job);
	tmpdir_remove(f->dir);
}

/* How many times the job sent the command of that name. */
static int sent(const struct ms_job *j, const char *name)
{
	int n = 0;
	for (size_t i = 0; i < j->ncmds; i++)
		n += strcmp(j->cmds[i].name, name) == 0;
	return n;
}

/* The index of the last command of that name, -1 when never sent. */
static int last_sent(const struct ms_job *j, const char *name)
{
	int at = -1;
	for (size_t i = 0; i < j->ncmds; i++)
		if (strcmp(j->cmds[i].name, name) == 0)
			at = (int)i;
	return at;
}

/* The job failed (not "verification failed": the check under test decided, before the
 * sample proof) with err, and its reason says `words`. */
static void failed_with(const struct fx *f, int r, int err, const char *words)
{
	ck_assert_msg(r == err, "returned %d (%s), wanted %d: %s", r, strerror(-r), err, f->job.failure);
	ck_assert_msg(f->job.outcome == MS_OUTCOME_FAILED, "outcome %s: %s", ms_outcome_name(f->job.outcome),
		      f->job.failure);
	ck_assert_msg(strstr(f->job.failure, words), "'%s' lacks '%s'", f->job.failure, words);
	ck_assert_msg(!f->job.proof.taken_after, "the sample proof ran: the check did not stop the job");
}

/* What the emulated drive keeps in its flash: is a user password set? */
static bool security_enabled(const struct fx *f)
{
	char path[400], *text;
	snprintf(path, sizeof path, "%s.state", f->img);
	ck_assert_int_eq(ms_read_file(path, &text, NULL, 1 << 16), 0);
	bool on = strstr(text, "\"security_enabled\": true") != NULL;
	free(text);
	return on;
}

/* ---- ATA SECURITY ERASE UNIT ------------------------------------------------------------------ */

START_TEST(ata_erase_completes)
{
	struct fx f;
	fx_open(&f, "sata-hdd", "", MS_METHOD_SECURITY_ERASE);
	ck_assert_int_eq(fx_run(&f), 0);
	ck_assert_msg(f.job.outcome == MS_OUTCOME_COMPLETED, "%s", f.job.failure);
	ck_assert(f.job.proof.passed);
	ck_assert(!security_enabled(&f));
	fx_close(&f);
}
END_TEST

/* Issue 12 (a): the drive aborts SECURITY ERASE UNIT. The abort is what fails the job
 * (with massho's password taken back), not the IDENTIFY that would follow a success. */
START_TEST(ata_erase_unit_aborted)
{
	struct fx f;
	fx_open(&f, "sata-hdd", ",abort=0xF4", MS_METHOD_SECURITY_ERASE);
	failed_with(&f, fx_run(&f), -EIO, "the drive aborted SECURITY ERASE UNIT");
	ck_assert_msg(!strstr(f.job.failure, "still"), "%s", f.job.failure);
	ck_assert_ptr_nonnull(strstr(f.job.failure, "massho's password was removed again"));
	/* Nothing after the abort but taking the password back. */
	ck_assert_int_gt(last_sent(&f.job, "SECURITY ERASE UNIT"), last_sent(&f.job, "IDENTIFY DEVICE"));
	ck_assert_int_eq(sent(&f.job, "SECURITY DISABLE PASSWORD"), 1);
	ck_assert(!security_enabled(&f));
	fx_close(&f);
}
END_TEST

START_TEST(ata_set_password_refused)
{
	struct fx f;
	fx_open(&f, "sata-hdd", ",abort=0xF1", MS_METHOD_SECURITY_ERASE);
	failed_with(&f, fx_run(&f), -EIO, "the drive refused SECURITY SET PASSWORD (aborted)");
	ck_assert_int_eq(sent(&f.job, "SECURITY ERASE PREPARE"), 0);
	fx_close(&f);
}
END_TEST

START_TEST(ata_erase_prepare_aborted)
{
	struct fx f;
	fx_open(&f, "sata-hdd", ",abort=0xF3", MS_METHOD_SECURITY_ERASE);
	failed_with(&f, fx_run(&f), -EIO, "the drive aborted SECURITY ERASE PREPARE");
	ck_assert_int_eq(sent(&f.job, "SECURITY ERASE UNIT"), 0);
	ck_assert(!security_enabled(&f));
	fx_close(&f);
}
END_TEST

/* The completion is lost: the drive may hold massho's password; say so. */
START_TEST(ata_erase_unit_no_completion)
{
	struct fx f;
	fx_open(&f, "sata-hdd", ",drop=0xF4", MS_METHOD_SECURITY_ERASE);
	failed_with(&f, fx_run(&f), -ETIMEDOUT, "no completion from the drive");
	ck_assert_ptr_nonnull(strstr(f.job.failure, "massho unlock"));
	fx_close(&f);
}
END_TEST

/* SECURITY ERASE UNIT reports success but did nothing: IDENTIFY afterwards still shows
 * security enabled, and that alone fails the job. */
static int erase_unit_lies(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	(void)x;
	return c->command == MS_ATA_SEC_ERASE_UNIT ? ata_done(st) : PASS;
}

START_TEST(ata_identify_after_erase)
{
	struct fx f;
	fx_open(&f, "sata-hdd", "", MS_METHOD_SECURITY_ERASE);
	L.ata = erase_unit_lies;
	failed_with(&f, fx_run(&f), -EIO, "after the erase, ATA security is still enabled");
	ck_assert(!security_enabled(&f)); /* given back */
	fx_close(&f);
}
END_TEST

/* The journal cannot take the one-time password: nothing is set on the drive. */
START_TEST(ata_password_not_journaled)
{
	struct fx f;
	fx_open(&f, "sata-hdd", "", MS_METHOD_SECURITY_ERASE);
	/* Swap the journal's file for a read-only one: its next write fails. */
	char link[64], target[PATH_MAX];
	int jfd = -1;
	for (int fd = 3; fd < 1024 && jfd < 0; fd++) {
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		ssize_t n = readlink(link, target, sizeof target - 1);
		if (n > 0 && (target[n] = '\0', strcmp(target, ms_journal_path(f.job.journal)) == 0))
			jfd = fd;
	}
	ck_assert_int_ge(jfd, 0);
	int ro = open("/dev/null", O_RDONLY);
	ck_assert_int_eq(dup2(ro, jfd), jfd);
	close(ro);
	failed_with(&f, fx_run(&f), -EBADF, "cannot journal the one-time password");
	ck_assert_int_eq(sent(&f.job, "SECURITY SET PASSWORD"), 0);
	ck_assert(!security_enabled(&f));
	fx_close(&f);
}
END_TEST

START_TEST(ata_no_journal)
{
	struct fx f;
	fx_open(&f, "sata-hdd", "", MS_METHOD_SECURITY_ERASE);
	ms_journal_close(f.job.journal);
	f.job.journal = NULL;
	failed_with(&f, fx_run(&f), -EINVAL, "no journal to keep the one-time password in");
	ck_assert_int_eq(sent(&f.job, "SECURITY SET PASSWORD"), 0);
	fx_close(&f);
}
END_TEST

/* What the drive's state forbids is refused before any command that changes it. */
static void refused(const char *profile, const char *opts, enum ms_method m, int err, const char *words)
{
	struct fx f;
	fx_open(&f, profile, opts, m);
	int r = fx_run(&f);
	ck_assert_msg(r == err, "%s%s %s: returned %d, wanted %d: %s", profile, opts, ms_method_name(m), r, err,
		      f.job.failure);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_FAILED);
	ck_assert_msg(strstr(f.job.failure, words), "%s%s: '%s' lacks '%s'", profile, opts, f.job.failure, words);
	ck_assert_int_eq(sent(&f.job, "SECURITY SET PASSWORD"), 0);
	ck_assert_int_eq(last_sent(&f.job, "SANITIZE BLOCK ERASE EXT"), -1);
	fx_close(&f);
}

START_TEST(ata_refusals)
{
	refused("sata-ssd-frozen", "", MS_METHOD_SECURITY_ERASE, -EPERM, "ATA security is frozen");
	refused("sata-hdd", ",expired=1", MS_METHOD_SECURITY_ERASE, -EPERM, "attempt counter has expired");
	refused("sata-hdd", ",password=someone", MS_METHOD_SECURITY_ERASE, -EPERM, "already has a user password");
	refused("sata-old", "", MS_METHOD_SECURITY_ERASE_ENHANCED, -EOPNOTSUPP, "no ENHANCED SECURITY ERASE UNIT");
	refused("sata-hdd", ",security=0", MS_METHOD_SECURITY_ERASE, -EOPNOTSUPP,
		"does not support the ATA Security feature set");
	refused("sata-hdd", "", MS_METHOD_SANITIZE_BLOCK, -EOPNOTSUPP, "does not support sanitize-block");
	refused("sata-ssd", ",password=someone", MS_METHOD_SANITIZE_BLOCK, -EPERM, "locked by an ATA password");
}
END_TEST

/* ---- ATA SANITIZE ---------------------------------------------------------------------------- */

START_TEST(ata_sanitize_failed)
{
	struct fx f;
	fx_open(&f, "sata-ssd", ",sanitize-fail=1", MS_METHOD_SANITIZE_BLOCK);
	failed_with(&f, fx_run(&f), -EIO, "SANITIZE failed: the drive reports the operation unsuccessful");
	fx_close(&f);
}
END_TEST

static int sanitize_aborted(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	(void)x;
	return c->command == MS_ATA_SANITIZE && c->features != MS_ATA_SAN_STATUS ? ata_abort(st) : PASS;
}

START_TEST(ata_sanitize_refused)
{
	struct fx f;
	fx_open(&f, "sata-ssd", "", MS_METHOD_SANITIZE_BLOCK);
	L.ata = sanitize_aborted;
	failed_with(&f, fx_run(&f), -EIO, "the drive refused SANITIZE BLOCK ERASE EXT (aborted)");
	fx_close(&f);
}
END_TEST

/* The wait sees the sanitize done; the final SANITIZE STATUS (the one the record keeps)
 * gets no answer. Without it nothing says the sanitize succeeded. */
static int final_status_lost(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	if (c->command != MS_ATA_SANITIZE || c->features != MS_ATA_SAN_STATUS)
		return PASS;
	if (L.done) {
		memset(st, 0, sizeof *st);
		return -ETIMEDOUT;
	}
	int r = L.real->ata(x, c, st);
	L.done = !r && (st->count & 0x8000);
	return r;
}

START_TEST(ata_sanitize_status_lost)
{
	struct fx f;
	fx_open(&f, "sata-ssd", "", MS_METHOD_SANITIZE_BLOCK);
	L.ata = final_status_lost;
	failed_with(&f, fx_run(&f), -ETIMEDOUT, "no final SANITIZE STATUS from the drive (Connection timed out)");
	fx_close(&f);
}
END_TEST

/* The drive stops answering while the sanitize runs (power loss): the wait says so, and
 * that the sanitize goes on at power-on. */
START_TEST(ata_sanitize_drive_gone)
{
	struct fx f;
	fx_open(&f, "sata-ssd", ",powerloss=sanitize", MS_METHOD_SANITIZE_BLOCK);
	failed_with(&f, fx_run(&f), -ENODEV, "the drive stopped answering during the sanitize");
	fx_close(&f);
}
END_TEST

/* ---- NVMe ----------------------------------------------------------------------------------- */

/* Issue 12 (e): Format NVM completes with an error status. The status fails the job,
 * and the message gives it; the sample proof is never reached. */
START_TEST(nvme_format_status)
{
	struct fx f;
	fx_open(&f, "nvme-ssd", ",abort=0x80", MS_METHOD_FORMAT_USER);
	failed_with(&f, fx_run(&f), -EIO, "FORMAT NVM (SES=1 USER DATA ERASE) failed: Internal Error (SCT 0h SC 06h)");
	fx_close(&f);
}
END_TEST

START_TEST(nvme_sanitize_rejected)
{
	struct fx f;
	fx_open(&f, "nvme-ssd", ",abort=0x84", MS_METHOD_SANITIZE_CRYPTO);
	failed_with(&f, fx_run(&f), -EIO, "the drive rejected SANITIZE (CRYPTO ERASE): Internal Error");
	fx_close(&f);
}
END_TEST

START_TEST(nvme_sstat_failed)
{
	struct fx f;
	fx_open(&f, "nvme-ssd", ",sanitize-fail=1", MS_METHOD_SANITIZE_BLOCK);
	failed_with(&f, fx_run(&f), -EIO, "the sanitize did not succeed: SSTAT says failed");
	fx_close(&f);
}
END_TEST

/* The final Sanitize Status log page (after the wait saw success) gets no answer. */
static int final_sanlog_lost(struct ms_xport *x, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	if (c->opcode != 0x02 || (c->cdw10 & 0xFF) != 0x81)
		return PASS;
	if (L.done) {
		memset(st, 0, sizeof *st);
		return -ETIMEDOUT;
	}
	int r = L.real->nvme(x, c, st);
	const uint8_t *page = c->data;
	L.done = !r && ms_nvme_ok(st) && (page[2] & 0x7) == 1;
	return r;
}

START_TEST(nvme_sstat_lost)
{
	struct fx f;
	fx_open(&f, "nvme-ssd", "", MS_METHOD_SANITIZE_BLOCK);
	L.nvme = final_sanlog_lost;
	failed_with(&f, fx_run(&f), -ETIMEDOUT, "no final Sanitize Status log page from the drive (Connection timed out)");
	fx_close(&f);
}
END_TEST

/* Identify Namespace returns its data, with an error status: the status decides. */
static int identify_ns_fails(struct ms_xport *x, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	if (c->opcode != 0x06 || (c->cdw10 & 0xFF) != 0)
		return PASS;
	int r = L.real->nvme(x, c, st);
	st->sc = 0x0B;
	return r;
}

START_TEST(nvme_identify_ns_fails)
{
	struct fx f;
	fx_open(&f, "nvme-ssd", "", MS_METHOD_FORMAT_USER);
	L.nvme = identify_ns_fails;
	failed_with(&f, fx_run(&f), -EIO, "Identify Namespace failed");
	ck_assert_int_eq(last_sent(&f.job, "FORMAT NVM (SES=1 USER DATA ERASE)"), -1);
	fx_close(&f);
}
END_TEST

static int identify_ctrl_fails(struct ms_xport *x, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	if (c->opcode != 0x06 || (c->cdw10 & 0xFF) != 1)
		return PASS;
	int r = L.real->nvme(x, c, st);
	st->sc = 0x06;
	return r;
}

START_TEST(nvme_identify_ctrl_fails)
{
	struct fx f;
	fx_open(&f, "nvme-ssd", "", MS_METHOD_FORMAT_USER);
	L.nvme = identify_ctrl_fails;
	failed_with(&f, fx_run(&f), -EIO, "NVMe admin commands do not reach the drive (Identify failed)");
	ck_assert_int_eq(f.job.ncmds, 1);
	fx_close(&f);
}
END_TEST

static void nvme_refused(const char *profile, const char *opts, enum ms_method m, const char *words)
{
	struct fx f;
	fx_open(&f, profile, opts, m);
	int r = fx_run(&f);
	ck_assert_msg(r == -EOPNOTSUPP, "%s %s: returned %d: %s", profile, ms_method_name(m), r, f.job.failure);
	ck_assert_msg(strstr(f.job.failure, words), "'%s' lacks '%s'", f.job.failure, words);
	ck_assert_int_eq(f.job.ncmds, 1); /* Identify Controller only */
	fx_close(&f);
}

START_TEST(nvme_refusals)
{
	nvme_refused("nvme-ssd-nosan", "", MS_METHOD_SANITIZE_CRYPTO, "no Sanitize support (SANICAP 0)");
	nvme_refused("nvme-ssd", "", MS_METHOD_SANITIZE_OVERWRITE, "the controller has no Sanitize overwrite");
	nvme_refused("nvme-ssd", ",format=0", MS_METHOD_FORMAT_USER, "the controller has no Format NVM");
	nvme_refused("nvme-ssd-nosan", "", MS_METHOD_FORMAT_CRYPTO, "no crypto erase in Format NVM");
}
END_TEST

/* Format NVM reports success and does nothing: only the sample proof can tell, and it
 * must (issue 12 (b): the comparison of each sample). */
static int format_lies(struct ms_xport *x, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	(void)x;
	if (c->opcode != 0x80)
		return PASS;
	memset(st, 0, sizeof *st);
	st->valid = true;
	return 0;
}

START_TEST(proof_catches_a_lie)
{
	struct fx f;
	fx_open(&f, "nvme-ssd", "", MS_METHOD_FORMAT_USER);
	L.nvme = format_lies;
	ck_assert_int_eq(fx_run(&f), 0);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_VERIFY_FAILED);
	ck_assert_int_eq(f.job.verify.result, MS_VERIFY_FAILED);
	ck_assert_int_eq(f.job.state, MS_JOB_FAILED);
	ck_assert(f.job.proof.taken_after && !f.job.proof.passed);
	ck_assert_uint_eq(f.job.proof.n, 64);
	for (size_t i = 0; i < f.job.proof.n; i++)
		ck_assert_msg(!f.job.proof.s[i].changed, "sample %zu counted as changed", i);
	ck_assert_ptr_nonnull(strstr(f.job.failure, "sampled sectors did not change"));
	fx_close(&f);
}
END_TEST

/* --full-hash: one sector cannot be read back (only once the proof is done): it is
 * listed as a bad range, there is no content hash, and the outcome is "completed with
 * errors" (as for an overwrite), never "completed". A device that stops answering while
 * read back fails the job. */
static int unreadable_when_verifying(struct ms_xport *x, void *buf, size_t len, uint64_t off)
{
	(void)x, (void)buf;
	uint64_t bad = 100 * 512;
	return L.job->state == MS_JOB_VERIFYING && off <= bad && bad < off + len ? -EIO : PASS;
}

static int gone_when_verifying(struct ms_xport *x, void *buf, size_t len, uint64_t off)
{
	(void)x, (void)buf, (void)len, (void)off;
	return L.job->state == MS_JOB_VERIFYING ? -ENODEV : PASS;
}

START_TEST(full_hash_unreadable)
{
	struct fx f;
	fx_open(&f, "nvme-ssd", "", MS_METHOD_FORMAT_USER);
	f.o.full_hash = true;
	L.read = unreadable_when_verifying;
	ck_assert_int_eq(fx_run(&f), 0);
	ck_assert(f.job.proof.passed); /* the proof itself was fine */
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_COMPLETED_WITH_ERRORS);
	ck_assert_uint_eq(f.job.nbad, 1);
	ck_assert_uint_eq(f.job.bad[0].off, 100 * 512);
	ck_assert_str_eq(f.job.content_sha256, "");
	fx_close(&f);
	fx_open(&f, "nvme-ssd", "", MS_METHOD_FORMAT_USER);
	f.o.full_hash = true;
	L.read = gone_when_verifying;
	ck_assert_int_eq(fx_run(&f), -ENODEV);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_FAILED);
	ck_assert_msg(strstr(f.job.failure, "reading the device back failed"), "%s", f.job.failure);
	fx_close(&f);
}
END_TEST

/* ---- SCSI ----------------------------------------------------------------------------------- */

/* REQUEST SENSE after the sanitize: the drive's real answer while it works, and, once it
 * says "no sense" (done), the sense in L (or no answer at all when L.key is 0xFF). */
static int final_sense(struct ms_xport *x, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	if (c->cdb[0] == 0x48)
		L.started = true;
	if (c->cdb[0] != 0x03 || !L.started)
		return PASS;
	int r = L.real->scsi(x, c, st);
	uint8_t *s = c->data;
	if (r || (s[2] & 0x0F) != MS_SK_NO_SENSE || s[12])
		return r; /* still sanitizing */
	if (L.key == 0xFF) {
		if (!L.done)
			return L.done = true, r; /* the wait sees it done; the final one is lost */
		memset(st, 0, sizeof *st);
		return -ETIMEDOUT;
	}
	s[2] = L.key;
	s[12] = L.asc;
	s[13] = L.ascq;
	return r;
}

/* Issue 12 (d): the sanitize ends with a sense key that is not NO SENSE (a hardware
 * error), and no SANITIZE COMMAND FAILED: the key alone fails the job. */
START_TEST(scsi_final_sense_key)
{
	struct fx f;
	fx_open(&f, "sas-ssd", "", MS_METHOD_SANITIZE_BLOCK);
	L.scsi = final_sense;
	L.key = 4, L.asc = 0x44, L.ascq = 0x00;
	failed_with(&f, fx_run(&f), -EIO, "the sanitize failed (sense 4/44h/00h)");
	fx_close(&f);
}
END_TEST

/* ... and SANITIZE COMMAND FAILED (31h/03h) alone, under sense key NO SENSE. */
START_TEST(scsi_sanitize_command_failed)
{
	struct fx f;
	fx_open(&f, "sas-ssd", "", MS_METHOD_SANITIZE_BLOCK);
	L.scsi = final_sense;
	L.key = 0, L.asc = 0x31, L.ascq = 0x03;
	failed_with(&f, fx_run(&f), -EIO, "(sense 0/31h/03h: SANITIZE COMMAND FAILED)");
	fx_close(&f);
}
END_TEST

START_TEST(scsi_final_sense_lost)
{
	struct fx f;
	fx_open(&f, "sas-ssd", "", MS_METHOD_SANITIZE_BLOCK);
	L.scsi = final_sense;
	L.key = 0xFF;
	failed_with(&f, fx_run(&f), -ETIMEDOUT, "no final REQUEST SENSE from the drive (Connection timed out)");
	fx_close(&f);
}
END_TEST

START_TEST(scsi_sanitize_unsupported)
{
	struct fx f;
	fx_open(&f, "sas-hdd", "", MS_METHOD_SANITIZE_CRYPTO);
	failed_with(&f, fx_run(&f), -EOPNOTSUPP,
		    "the drive does not support SANITIZE (CRYPTOGRAPHIC ERASE) (sense 5/24h/00h)");
	fx_close(&f);
}
END_TEST

/* SANITIZE gets no answer: the transport failed (L.err), or the completion was lost. */
static int sanitize_no_answer(struct ms_xport *x, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	(void)x;
	if (c->cdb[0] != 0x48)
		return PASS;
	memset(st, 0, sizeof *st);
	return L.err;
}

START_TEST(scsi_sanitize_no_answer)
{
	struct fx f;
	fx_open(&f, "sas-ssd", "", MS_METHOD_SANITIZE_BLOCK);
	L.scsi = sanitize_no_answer;
	L.err = -EIO;
	failed_with(&f, fx_run(&f), -EIO, "SANITIZE (BLOCK ERASE): no answer");
	fx_close(&f);
	/* a lost completion: the drive may be sanitizing, so not "rejected" and not "no
	 * answer", but what to do: run it again */
	fx_open(&f, "sas-ssd", "", MS_METHOD_SANITIZE_BLOCK);
	L.scsi = sanitize_no_answer;
	L.err = -ETIMEDOUT;
	failed_with(&f, fx_run(&f), -ETIMEDOUT, "no completion from the drive for SANITIZE (BLOCK ERASE)");
	ck_assert_msg(strstr(f.job.failure, "run the same command again"), "%s", f.job.failure);
	fx_close(&f);
}
END_TEST

/* FORMAT UNIT ends in CHECK CONDITION without formatting anything. */
static int format_unit_fails(struct ms_xport *x, struct ms_scsi_cmd *c, struct ms_scsi_status *st)
{
	(void)x;
	if (c->cdb[0] != 0x04)
		return PASS;
	memset(st, 0, sizeof *st);
	st->valid = true;
	st->status = 2;
	st->key = MS_SK_MEDIUM_ERROR;
	st->asc = 0x31;
	return 0;
}

START_TEST(scsi_format_unit_fails)
{
	struct fx f;
	fx_open(&f, "sas-hdd", "", MS_METHOD_FORMAT_UNIT);
	L.scsi = format_unit_fails;
	failed_with(&f, fx_run(&f), -EIO, "FORMAT UNIT failed (check condition)");
	fx_close(&f);
}
END_TEST

/* ---- USB bridges ------------------------------------------------------------------------------ */

/* A bridge that reports success for everything: refused untouched, with the reason. */
START_TEST(bridge_fakeok_refused)
{
	struct fx f;
	fx_open(&f, "usb-sata-ssd", ",bridge=fakeok", MS_METHOD_SECURITY_ERASE);
	failed_with(&f, fx_run(&f), -EOPNOTSUPP, "behind a USB bridge");
	ck_assert_ptr_nonnull(strstr(f.job.failure, "reports success for a command every drive aborts"));
	ck_assert_int_eq(sent(&f.job, "SECURITY SET PASSWORD"), 0);
	fx_close(&f);
}
END_TEST

/* A bridge that garbles IDENTIFY data on its way back (its checksum no longer fits). */
static int identify_garbled(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	if (c->command != MS_ATA_IDENTIFY)
		return PASS;
	int r = L.real->ata(x, c, st);
	((uint8_t *)c->data)[54] ^= 0x20;
	return r;
}

START_TEST(bridge_identify_garbled)
{
	struct fx f;
	char why[200] = "";
	fx_open(&f, "usb-sata-ssd", "", MS_METHOD_SANITIZE_CRYPTO);
	ck_assert_int_eq(ms_bridge_selftest(f.x, &f.job, why, sizeof why), 0); /* a faithful bridge */
	L.ata = identify_garbled;
	ck_assert_int_eq(ms_bridge_selftest(f.x, &f.job, why, sizeof why), -EPROTO);
	ck_assert_str_eq(why, "IDENTIFY DEVICE does not come back intact through it");
	fx_close(&f);
}
END_TEST

/* ---- hidden areas -------------------------------------------------------------------------- */

static void hidden_open(struct fx *f)
{
	char why[300];
	memset(f, 0, sizeof *f);
	tmpdir_make(f->dir, sizeof f->dir);
	snprintf(f->img, sizeof f->img, "%s/d.img", f->dir);
	make_image(f->img, 8, 'A');
	snprintf(f->spec, sizeof f->spec, "emu:sata-hdd:%s,hpa=6M,dco=7M", f->img);
	ck_assert_msg(ms_emu_describe(f->spec, &f->dev, why, sizeof why) == 0, "%s", why);
	ck_assert_int_eq(ms_xport_open(&f->dev, MS_OPEN_WRITE, &f->x), 0);
	ck_assert(f->x->dev.capacity == 6u << 20);
	ck_assert_int_eq(ms_job_init(&f->job, &f->dev, "overwrite"), 0);
	liar_install(f->x);
	L.job = &f->job;
}

START_TEST(hidden_restored)
{
	struct fx f;
	hidden_open(&f);
	ck_assert_int_eq(ms_hidden_restore(f.x, &f.job), 0);
	ck_assert(f.job.hidden_after.accessible == 16384 && f.job.hidden_after.factory == 16384);
	ck_assert(f.x->dev.capacity == 8u << 20);
	fx_close(&f);
}
END_TEST

/* DEVICE CONFIGURATION RESTORE reports success and leaves the DCO: the fresh look
 * afterwards finds hidden sectors, and that fails it. */
static int dco_restore_lies(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	(void)x;
	return c->command == MS_ATA_DCO && c->features == MS_ATA_DCO_RESTORE ? ata_done(st) : PASS;
}

START_TEST(hidden_restore_checked)
{
	struct fx f;
	hidden_open(&f);
	L.ata = dco_restore_lies;
	ck_assert_int_eq(ms_hidden_restore(f.x, &f.job), -EIO);
	ck_assert_msg(strstr(f.job.failure, "after restoring, 14336 of 16384 sectors are addressable"), "%s",
		      f.job.failure);
	ck_assert(f.x->dev.capacity == 6u << 20);
	fx_close(&f);
}
END_TEST

static int set_max_aborted(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	(void)x;
	return c->command == MS_ATA_SET_MAX_EXT ? ata_abort(st) : PASS;
}

START_TEST(hidden_step_refused)
{
	struct fx f;
	hidden_open(&f);
	L.ata = set_max_aborted;
	ck_assert_int_eq(ms_hidden_restore(f.x, &f.job), -EIO);
	ck_assert_msg(strstr(f.job.failure, "the drive refused to remove the Host Protected Area (command aborted)"),
		      "%s", f.job.failure);
	ck_assert_int_eq(sent(&f.job, "DEVICE CONFIGURATION RESTORE"), 0);
	fx_close(&f);
}
END_TEST

/* ---- the sample proof itself ------------------------------------------------------------------ */

/* Nothing happened between the two looks: no sample changed, the proof fails. */
START_TEST(sample_unchanged)
{
	struct fx f;
	fx_open(&f, "nvme-ssd", "", MS_METHOD_FORMAT_USER);
	ck_assert_int_eq(ms_sample_before(f.x, &f.job, 64), 0);
	ck_assert_int_eq(ms_sample_after(f.x, &f.job, true), 0);
	ck_assert(!f.job.proof.passed);
	for (size_t i = 0; i < f.job.proof.n; i++)
		ck_assert(!f.job.proof.s[i].changed);
	fx_close(&f);
}
END_TEST

/* Zeros that stay zeros count only for a method that leaves zeros. */
START_TEST(sample_zeros_need_a_zeroing_method)
{
	struct fx f;
	fx_open_fill(&f, "nvme-ssd", "", MS_METHOD_FORMAT_CRYPTO, 0);
	ck_assert_int_eq(ms_sample_before(f.x, &f.job, 64), 0);
	ck_assert_int_eq(ms_sample_after(f.x, &f.job, false), 0);
	ck_assert_str_eq(f.job.proof.verdict, "zeros");
	ck_assert(!f.job.proof.passed); /* a crypto erase leaves no zeros */
	ck_assert_int_eq(ms_sample_after(f.x, &f.job, true), 0);
	ck_assert(f.job.proof.passed);  /* a block erase may find them already */
	fx_close(&f);
}
END_TEST

/* LBA 0 cannot be read before the erase (L.err: every time, or once when 1). */
static int lba0_unreadable(struct ms_xport *x, void *buf, size_t len, uint64_t off)
{
	(void)x, (void)buf, (void)len;
	if (off != 0 || L.done || L.err == 0)
		return PASS;
	if (L.err == 1)
		L.err = 0; /* a transient error heals */
	return -EIO;
}

/* A sample unreadable before the erase has nothing to be compared with: never
 * "changed", counted as not compared; one that reads on the second try is retried. */
START_TEST(sample_unreadable_before)
{
	struct fx f;
	fx_open_fill(&f, "nvme-ssd", "", MS_METHOD_FORMAT_USER, 0);
	L.read = lba0_unreadable;
	L.err = -EIO;
	ck_assert_int_eq(ms_sample_before(f.x, &f.job, 64), 0);
	ck_assert_str_eq(f.job.proof.s[0].before, "");
	L.done = true;
	ck_assert_int_eq(ms_sample_after(f.x, &f.job, true), 0);
	ck_assert(!f.job.proof.s[0].changed);
	ck_assert_uint_eq(f.job.proof.unprovable, 1);
	ck_assert(f.job.proof.passed); /* the other 63 hold the zeros a zeroing erase leaves */
	fx_close(&f);
	fx_open_fill(&f, "nvme-ssd", "", MS_METHOD_FORMAT_USER, 0);
	L.read = lba0_unreadable;
	L.err = 1;
	ck_assert_int_eq(ms_sample_before(f.x, &f.job, 64), 0);
	ck_assert_str_ne(f.job.proof.s[0].before, "");
	ck_assert_uint_eq(f.job.retries, 1);
	fx_close(&f);
}
END_TEST

START_TEST(sample_none_taken)
{
	struct fx f;
	fx_open(&f, "nvme-ssd", "", MS_METHOD_FORMAT_USER);
	ck_assert_int_eq(ms_sample_after(f.x, &f.job, true), 0); /* no "before": nothing to compare */
	ck_assert(!f.job.proof.passed);
	fx_close(&f);
}
END_TEST

/* ---- the overwrite ----------------------------------------------------------------------------- */

static int overwrite(struct fx *f, const char *opts)
{
	fx_open(f, "sata-ssd", opts, MS_METHOD_OVERWRITE);
	struct ms_overwrite_opts o = {.verify = MS_VERIFY_FULL, .npasses = 1, .chunk = 1 << 20, .retries = 1,
				      .passes = {{.kind = MS_PAT_RANDOM}}};
	return ms_overwrite_run(f->x, &f->job, &o);
}

START_TEST(overwrite_flip_fails_verification)
{
	struct fx f;
	ck_assert_int_eq(overwrite(&f, ",flip=1000000"), 0);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_VERIFY_FAILED);
	ck_assert_int_eq(f.job.verify.result, MS_VERIFY_FAILED);
	ck_assert(f.job.verify.mismatched_sectors == 1);
	fx_close(&f);
}
END_TEST

/* Bad sectors: recorded, the rest verified, "completed with errors"; no content hash,
 * since the device cannot be read whole. */
START_TEST(overwrite_bad_sectors)
{
	struct fx f;
	ck_assert_int_eq(overwrite(&f, ",bad=100-103"), 0);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_COMPLETED_WITH_ERRORS);
	ck_assert_int_eq(f.job.verify.result, MS_VERIFY_PASSED);
	ck_assert(f.job.bad_bytes == 4 * 512);
	ck_assert_str_eq(f.job.content_sha256, "");
	fx_close(&f);
}
END_TEST

START_TEST(overwrite_too_many_bad_sectors)
{
	struct fx f;
	fx_open(&f, "sata-ssd", ",bad=0-100", MS_METHOD_OVERWRITE);
	struct ms_overwrite_opts o = {.verify = MS_VERIFY_FULL, .npasses = 1, .max_bad_sectors = 16,
				      .passes = {{.kind = MS_PAT_RANDOM}}};
	ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), -EIO);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_FAILED);
	ck_assert_ptr_nonnull(strstr(f.job.failure, "more than 16 unwritable sectors: the drive is failing"));
	fx_close(&f);
}
END_TEST

static int flush_fails(struct ms_xport *x)
{
	(void)x;
	return -EIO;
}

START_TEST(overwrite_flush_fails)
{
	struct fx f;
	fx_open(&f, "sata-ssd", "", MS_METHOD_OVERWRITE);
	L.flush = flush_fails;
	struct ms_overwrite_opts o = {.verify = MS_VERIFY_FULL, .npasses = 1, .passes = {{.kind = MS_PAT_ZEROS}}};
	ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), -EIO);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_FAILED);
	ck_assert_ptr_nonnull(strstr(f.job.failure, "flushing the drive's cache failed"));
	fx_close(&f);
}
END_TEST

/* The drive vanishes half-way (ENODEV is not a bad sector): stop at once and say so. */
static int gone_after_2m(struct ms_xport *x, const void *buf, size_t len, uint64_t off)
{
	(void)x, (void)buf, (void)len;
	return off >= (2u << 20) ? -ENODEV : PASS;
}

START_TEST(overwrite_device_gone)
{
	struct fx f;
	fx_open(&f, "sata-ssd", "", MS_METHOD_OVERWRITE);
	L.write = gone_after_2m;
	struct ms_overwrite_opts o = {.verify = MS_VERIFY_FULL, .npasses = 1, .chunk = 1 << 20, .io_depth = 1,
				      .passes = {{.kind = MS_PAT_RANDOM}}};
	ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), -ENODEV);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_FAILED);
	ck_assert_msg(strstr(f.job.failure, "write at byte 2097152 failed: No such device"), "%s", f.job.failure);
	ck_assert_uint_eq(f.job.nbad, 0);
	fx_close(&f);
}
END_TEST

/* A sector unreadable when the whole device is hashed: no hash is given for it. */
static int unreadable_sector(struct ms_xport *x, void *buf, size_t len, uint64_t off)
{
	(void)x, (void)buf;
	uint64_t bad = 3000 * 512;
	return off <= bad && bad < off + len ? -EIO : PASS;
}

START_TEST(device_hash_unreadable)
{
	struct fx f;
	char hex[65] = "";
	fx_open(&f, "sata-ssd", "", MS_METHOD_OVERWRITE);
	L.read = unreadable_sector;
	ck_assert_int_eq(ms_device_sha256(f.x, NULL, hex), -EIO);
	ck_assert_str_eq(hex, "");
	fx_close(&f);
}
END_TEST

/* ---- unlock ---------------------------------------------------------------------------------------- */

START_TEST(unlock_wrong_password)
{
	struct fx f;
	fx_open(&f, "sata-hdd", ",password=someone", MS_METHOD_SECURITY_ERASE);
	ck_assert_int_eq(ms_security_unlock(f.x, &f.job, "not-the-one"), -EACCES);
	ck_assert_int_eq(sent(&f.job, "SECURITY DISABLE PASSWORD"), 0);
	ck_assert_int_eq(ms_security_unlock(f.x, &f.job, "someone"), 0);
	ck_assert(!security_enabled(&f));
	fx_close(&f);
}
END_TEST

static int disable_lies(struct ms_xport *x, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	(void)x;
	return c->command == MS_ATA_SEC_DISABLE_PASSWORD ? ata_done(st) : PASS;
}

START_TEST(unlock_checked_by_identify)
{
	struct fx f;
	fx_open(&f, "sata-hdd", ",password=someone", MS_METHOD_SECURITY_ERASE);
	L.ata = disable_lies;
	ck_assert_int_eq(ms_security_unlock(f.x, &f.job, "someone"), -EIO);
	ck_assert(security_enabled(&f));
	fx_close(&f);
}
END_TEST

/* ---- the batch -------------------------------------------------------------------------------- */

struct seen {
	char outcome[32], failure[512], error[512];
	enum ms_fault fault;
};

static void on_event(void *ctx, const struct ms_erase_event *ev)
{
	struct seen *s = ctx;
	if (ev->kind == MS_EV_ERROR)
		ms_strlcpy(s->error, ev->text, sizeof s->error);
	if (ev->kind == MS_EV_OUTCOME) {
		ms_strlcpy(s->outcome, ms_outcome_name(ev->job->outcome), sizeof s->outcome);
		ms_strlcpy(s->failure, ev->job->failure, sizeof s->failure);
	}
}

static bool on_confirm(void *ctx, const struct ms_device *d)
{
	(void)ctx, (void)d;
	return true;
}

static int sink_record(void *ctx, const struct ms_job *job, const char *dir, char *out, size_t len, char sha[65])
{
	(void)ctx;
	snprintf(out, len, "%s/%s.json", dir, job->id);
	sha[0] = '\0';
	return 0;
}

static int sink_certify(void *ctx, const char *record, char *out, size_t len, char *why, size_t whylen)
{
	(void)ctx, (void)record, (void)out, (void)len, (void)why, (void)whylen;
	return 1;
}

/* One drive through ms_erase_batch: the outcome its job ends with and the batch's fault. */
static enum ms_fault batch(struct seen *s, const char *profile, const char *opts, enum ms_method m, bool restore)
{
	char dir[256], img[300], spec[700], out[300];
	tmpdir_make(dir, sizeof dir);
	snprintf(img, sizeof img, "%s/d.img", dir);
	make_image(img, 4, 'A');
	snprintf(spec, sizeof spec, "emu:%s:%s,sanitize-ms=30%s", profile, img, opts);
	snprintf(out, sizeof out, "%s/records", dir);
	const char *devs[] = {spec};
	memset(s, 0, sizeof *s);
	struct ms_erase_ui ui = {.event = on_event, .confirm = on_confirm, .ctx = s};
	struct ms_erase_sink sink = {.record = sink_record, .certify = sink_certify, .ctx = s};
	struct ms_erase_request rq = {.devices = devs, .ndevices = 1, .method = m, .restore_hidden = restore,
				      .ow = {.verify = MS_VERIFY_FULL, .npasses = 1, .passes = {{.kind = MS_PAT_RANDOM}}},
				      .state_dir = dir, .out_dir = out, .sysroot = ""};
	s->fault = ms_erase_batch(&rq, &ui, &sink);
	tmpdir_remove(dir);
	return s->fault;
}

/* A job that did not end "completed" is the batch's fault, whatever came after. */
START_TEST(batch_failed_job_is_a_fault)
{
	struct seen s;
	ck_assert_int_eq(batch(&s, "sata-hdd", ",abort=0xF4", MS_METHOD_SECURITY_ERASE, false), MS_FAULT_ENGINE);
	ck_assert_str_eq(s.outcome, "failed");
	ck_assert_int_eq(batch(&s, "sata-hdd", "", MS_METHOD_SECURITY_ERASE, false), MS_FAULT_NONE);
	ck_assert_str_eq(s.outcome, "completed");
}
END_TEST

START_TEST(batch_locked_sed_refused)
{
	struct seen s;
	ck_assert_int_eq(batch(&s, "sata-ssd", ",sed-locked=1", MS_METHOD_OVERWRITE, false), MS_FAULT_ENGINE);
	ck_assert_msg(strstr(s.failure, "is a self-encrypting drive (TCG Opal 2) with locked ranges"), "%s", s.failure);
}
END_TEST

/* --restore-hidden fails closed: where hidden areas cannot be checked, or not removed. */
START_TEST(batch_restore_hidden_fails_closed)
{
	struct seen s;
	ck_assert_int_eq(batch(&s, "nvme-ssd", "", MS_METHOD_OVERWRITE, true), MS_FAULT_ENGINE);
	ck_assert_msg(strstr(s.failure, "hidden areas (HPA/DCO) cannot be checked through this attachment"), "%s",
		      s.failure);
	ck_assert_int_eq(batch(&s, "sata-hdd", ",hpa=3M,abort=0x37", MS_METHOD_OVERWRITE, true), MS_FAULT_ENGINE);
	ck_assert_msg(strstr(s.failure, "refused to remove the Host Protected Area"), "%s", s.failure);
}
END_TEST

/* ---- the ledger ------------------------------------------------------------------------------ */

/* Issue 12 (c): an entry whose own hash is right (recomputed after the edit) but whose
 * prev is not the entry before it. Only the prev comparison sees it: the sequence, every
 * hash and the head all still agree. */
START_TEST(ledger_prev_checked)
{
	char dir[256], path[400], *text, why[400] = "";
	size_t count, len;
	tmpdir_make(dir, sizeof dir);
	ck_assert_int_eq(ms_ledger_append(dir, "erasure", "MS-1", "a.pdf", "11"), 0);
	ck_assert_int_eq(ms_ledger_append(dir, "erasure", "MS-2", "b.pdf", "22"), 0);
	ck_assert_int_eq(ms_ledger_verify(dir, &count, why, sizeof why), 0);
	snprintf(path, sizeof path, "%s/ledger.jsonl", dir);
	ck_assert_int_eq(ms_read_file(path, &text, &len, 1 << 20), 0);
	/* Entry 1: prev from the genesis to something else, its hash recomputed over the
	 * canonical line without "hash" (the last member), as the ledger computes it. */
	char *genesis = strstr(text, "\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\"");
	char *hash = strstr(text, ",\"hash\":\"");
	char *nl = strchr(text, '\n');
	ck_assert(genesis && hash && nl && genesis < hash && hash < nl);
	memset(genesis + 8, 'f', 64);
	char head[1024], sum[65], line[1200];
	snprintf(head, sizeof head, "%.*s}", (int)(hash - text), text);
	ms_sha256_hex(head, strlen(head), sum);
	snprintf(line, sizeof line, "%.*s,\"hash\":\"%s\"}", (int)(hash - text), text, sum);
	FILE *fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "%s%s", line, nl);
	fclose(fp);
	free(text);
	ck_assert_int_eq(ms_ledger_verify(dir, &count, why, sizeof why), -EBADMSG);
	ck_assert_msg(strstr(why, ":1: the chain is broken (prev does not match entry 0)"), "%s", why);
	tmpdir_remove(dir);
}
END_TEST

/* ---- the suite: one TCase per test, named for CK_RUN_CASE ------------------------------------- */

static void add(Suite *s, const char *name, const TTest *t)
{
	TCase *tc = tcase_create(name);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t);
	suite_add_tcase(s, tc);
}

Suite *suite_verdicts(void)
{
	Suite *s = suite_create("verdicts");
	add(s, "ata-erase-completes", ata_erase_completes);
	add(s, "ata-erase-unit-aborted", ata_erase_unit_aborted);
	add(s, "ata-set-password-refused", ata_set_password_refused);
	add(s, "ata-erase-prepare-aborted", ata_erase_prepare_aborted);
	add(s, "ata-erase-unit-no-completion", ata_erase_unit_no_completion);
	add(s, "ata-identify-after-erase", ata_identify_after_erase);
	add(s, "ata-password-not-journaled", ata_password_not_journaled);
	add(s, "ata-no-journal", ata_no_journal);
	add(s, "ata-refusals", ata_refusals);
	add(s, "ata-sanitize-failed", ata_sanitize_failed);
	add(s, "ata-sanitize-refused", ata_sanitize_refused);
	add(s, "ata-sanitize-status-lost", ata_sanitize_status_lost);
	add(s, "ata-sanitize-drive-gone", ata_sanitize_drive_gone);
	add(s, "nvme-format-status", nvme_format_status);
	add(s, "nvme-sanitize-rejected", nvme_sanitize_rejected);
	add(s, "nvme-sstat-failed", nvme_sstat_failed);
	add(s, "nvme-sstat-lost", nvme_sstat_lost);
	add(s, "nvme-identify-ns-fails", nvme_identify_ns_fails);
	add(s, "nvme-identify-ctrl-fails", nvme_identify_ctrl_fails);
	add(s, "nvme-refusals", nvme_refusals);
	add(s, "proof-catches-a-lie", proof_catches_a_lie);
	add(s, "full-hash-unreadable", full_hash_unreadable);
	add(s, "scsi-final-sense-key", scsi_final_sense_key);
	add(s, "scsi-sanitize-command-failed", scsi_sanitize_command_failed);
	add(s, "scsi-final-sense-lost", scsi_final_sense_lost);
	add(s, "scsi-sanitize-unsupported", scsi_sanitize_unsupported);
	add(s, "scsi-sanitize-no-answer", scsi_sanitize_no_answer);
	add(s, "scsi-format-unit-fails", scsi_format_unit_fails);
	add(s, "bridge-fakeok-refused", bridge_fakeok_refused);
	add(s, "bridge-identify-garbled", bridge_identify_garbled);
	add(s, "hidden-restored", hidden_restored);
	add(s, "hidden-restore-checked", hidden_restore_checked);
	add(s, "hidden-step-refused", hidden_step_refused);
	add(s, "sample-unchanged", sample_unchanged);
	add(s, "sample-zeros-need-a-zeroing-method", sample_zeros_need_a_zeroing_method);
	add(s, "sample-none-taken", sample_none_taken);
	add(s, "sample-unreadable-before", sample_unreadable_before);
	add(s, "overwrite-flip-fails-verification", overwrite_flip_fails_verification);
	add(s, "overwrite-bad-sectors", overwrite_bad_sectors);
	add(s, "overwrite-too-many-bad-sectors", overwrite_too_many_bad_sectors);
	add(s, "overwrite-flush-fails", overwrite_flush_fails);
	add(s, "overwrite-device-gone", overwrite_device_gone);
	add(s, "device-hash-unreadable", device_hash_unreadable);
	add(s, "unlock-wrong-password", unlock_wrong_password);
	add(s, "unlock-checked-by-identify", unlock_checked_by_identify);
	add(s, "batch-failed-job-is-a-fault", batch_failed_job_is_a_fault);
	add(s, "batch-locked-sed-refused", batch_locked_sed_refused);
	add(s, "batch-restore-hidden-fails-closed", batch_restore_hidden_fails_closed);
	add(s, "ledger-prev-checked", ledger_prev_checked);
	return s;
}
