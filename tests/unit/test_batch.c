/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The use cases below the command line: the method table, the journal's reader, the
 * erase batch (validation before any write, engines, record through the sink) and unlock,
 * on emulated drives in a temporary directory, with a sink that records what it is given. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../erase/batch.h"
#include "../../erase/journal.h"
#include "../../erase/methods.h"
#include "../../erase/unlock.h"
#include "../../util/json.h"
#include "../../util/util.h"
#include "suites.h"

/* ---- the method table ----------------------------------------------------------------------- */

START_TEST(methods_round_trip)
{
	for (enum ms_method m = 0; m < MS_METHOD_COUNT; m++) {
		enum ms_method back;
		ck_assert_int_eq(ms_method_parse(ms_method_name(m), &back), 0);
		ck_assert_int_eq(back, m);
		ck_assert_int_eq(ms_method(m)->id, m);
	}
	enum ms_method x;
	ck_assert_int_eq(ms_method_parse("gutmann", &x), -EINVAL);
	char names[400];
	ck_assert_ptr_null(strstr(ms_method_names(false, names, sizeof names), "destroy"));
	ck_assert_ptr_nonnull(strstr(ms_method_names(true, names, sizeof names), "destroy"));
}
END_TEST

START_TEST(methods_engines_and_levels)
{
	char why[400];
	ck_assert(!ms_method_engine_runs(MS_METHOD_SECURITY_ERASE, MS_ENGINE_NVME, why, sizeof why));
	ck_assert_msg(strstr(why, "security erase is an ATA method; NVMe drives use") != NULL, "%s", why);
	ck_assert(strstr(why, "format-crypto") != NULL && strstr(why, "format-unit") == NULL);
	ck_assert(!ms_method_engine_runs(MS_METHOD_FORMAT_UNIT, MS_ENGINE_ATA, why, sizeof why));
	ck_assert_msg(strstr(why, "format-unit is a SCSI method; ATA drives use") != NULL, "%s", why);
	ck_assert(ms_method_engine_runs(MS_METHOD_SANITIZE_CRYPTO, MS_ENGINE_SCSI, why, sizeof why));
	ck_assert_int_eq(ms_method_level_on(MS_METHOD_SECURITY_ERASE, MS_PM_HDD), MS_LEVEL_PURGE);
	ck_assert_int_eq(ms_method_level_on(MS_METHOD_SECURITY_ERASE, MS_PM_NVME), MS_LEVEL_CLEAR);
	ck_assert_int_eq(ms_method_level_on(MS_METHOD_FORMAT_UNIT, MS_PM_SAS_HDD), MS_LEVEL_CLEAR);
	ck_assert_int_eq(ms_method_level_on(MS_METHOD_DESTROY, MS_PM_HDD), MS_LEVEL_DESTROY);
	ck_assert(ms_method_relevant(MS_METHOD_OVERWRITE, MS_PM_USB_FLASH));
	ck_assert(!ms_method_relevant(MS_METHOD_SANITIZE_BLOCK, MS_PM_USB_FLASH));
	ck_assert(ms_method_relevant(MS_METHOD_FORMAT_UNIT, MS_PM_SAS_SSD));
	ck_assert(!ms_method_relevant(MS_METHOD_FORMAT_UNIT, MS_PM_NVME));
	ck_assert(!ms_method_is_firmware(MS_METHOD_OVERWRITE) && ms_method_is_firmware(MS_METHOD_FORMAT_USER));
	/* A crypto erase is estimated from the key and one read, an overwrite per pass. */
	struct ms_caps c = {.medium = MS_PM_NVME, .capacity = 1500000000000ull};
	struct ms_method_args a = {.passes = 2};
	ck_assert(ms_method_estimate(MS_METHOD_SANITIZE_CRYPTO, &c, &a) < ms_method_estimate(MS_METHOD_OVERWRITE, &c, &a));
	c.usb = true;
	ck_assert(!ms_method_supported(MS_METHOD_SANITIZE_CRYPTO, &c, &a, why, sizeof why));
	ck_assert_msg(strstr(why, "USB bridge") != NULL, "%s", why);
}
END_TEST

/* ---- the journal's reader ------------------------------------------------------------------- */

struct lines {
	int n, torn, planned, written;
	char events[16][32];
};

static int count_line(void *ctx, const char *file, const struct ms_json *e)
{
	struct lines *l = ctx;
	(void)file;
	if (!e) {
		l->torn++;
		return 0;
	}
	const char *ev = ms_json_get_str(e, "event");
	l->planned += ev && strcmp(ev, "planned") == 0;
	l->written += ev && strcmp(ev, "record-written") == 0;
	if (l->n < 16)
		ms_strlcpy(l->events[l->n], ms_json_get_str(e, "event") ? ms_json_get_str(e, "event") : "",
			   sizeof l->events[0]);
	l->n++;
	return 0;
}

static void journal_line(const char *dir, const char *id, const char *event, const char *identity, const char *pw)
{
	struct ms_journal *j;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/journal/%s.jsonl", dir, id);
	if (access(path, F_OK) == 0) { /* append to an existing journal, as a resumed job would */
		FILE *f = fopen(path, "a");
		ck_assert_ptr_nonnull(f);
		fprintf(f, "{\"event\":\"%s\",\"job\":\"%s\",\"identity_hash\":\"%s\"%s%s%s}\n", event, id, identity,
			pw ? ",\"password\":\"" : "", pw ? pw : "", pw ? "\"" : "");
		fclose(f);
		return;
	}
	ck_assert_int_eq(ms_journal_open(dir, id, &j), 0);
	struct ms_json *f = ms_json_obj();
	ms_json_set_str(f, "identity_hash", identity);
	if (pw)
		ms_json_set_str(f, "password", pw);
	ck_assert_int_eq(ms_journal_append(j, event, f), 0);
	ms_journal_close(j);
}

START_TEST(journal_replay_in_order)
{
	char dir[256], path[PATH_MAX];
	tmpdir_make(dir, sizeof dir);
	struct lines l = {0};
	ck_assert_int_eq(ms_journal_replay(dir, count_line, &l), -ENOENT);
	journal_line(dir, "20260101T000000Z-a", "planned", "h1", NULL);
	journal_line(dir, "20260101T000000Z-a", "record-written", "h1", NULL);
	journal_line(dir, "20250101T000000Z-b", "planned", "h2", NULL);
	/* A torn last line (power loss while appending) is passed on as NULL, not fatal. */
	snprintf(path, sizeof path, "%s/journal/20260101T000000Z-a.jsonl", dir);
	FILE *f = fopen(path, "a");
	fputs("{\"event\":\"sta", f);
	fclose(f);
	ck_assert_int_eq(ms_journal_replay(dir, count_line, &l), 0);
	ck_assert_int_eq(l.n, 3);
	ck_assert_int_eq(l.torn, 1);
	ck_assert_str_eq(l.events[0], "planned"); /* the older job (b) first */
	ck_assert_str_eq(l.events[2], "record-written");
	tmpdir_remove(dir);
}
END_TEST

START_TEST(journal_finds_the_uncleared_password)
{
	char dir[256], pw[64], job[64];
	tmpdir_make(dir, sizeof dir);
	ck_assert_int_eq(ms_journal_find_password(dir, "h1", pw, sizeof pw, job, sizeof job), -ENOENT);
	journal_line(dir, "20260101T000000Z-a", "ata-password", "h1", "OLDPASSWORD");
	journal_line(dir, "20260101T000000Z-a", "ata-password-cleared", "h1", NULL);
	ck_assert_int_eq(ms_journal_find_password(dir, "h1", pw, sizeof pw, job, sizeof job), -ENOENT);
	journal_line(dir, "20260102T000000Z-b", "ata-password", "h1", "NEWPASSWORD");
	journal_line(dir, "20260102T000000Z-c", "ata-password", "h2", "OTHERDRIVE");
	ck_assert_int_eq(ms_journal_find_password(dir, "h1", pw, sizeof pw, job, sizeof job), 0);
	ck_assert_str_eq(pw, "NEWPASSWORD");
	ck_assert_str_eq(job, "20260102T000000Z-b");
	ck_assert_int_eq(ms_journal_find_password(dir, "h2", pw, sizeof pw, job, sizeof job), 0);
	ck_assert_str_eq(pw, "OTHERDRIVE");
	ck_assert_int_eq(ms_journal_find_password(dir, "h3", pw, sizeof pw, job, sizeof job), -ENOENT);
	tmpdir_remove(dir);
}
END_TEST

/* ---- the erase batch -------------------------------------------------------------------------- */

struct seen {
	int errors, outcomes, records, certs, erased, dry;
	enum ms_fault fault;
	int err;
	char method[32], outcome[32], last_error[400];
	int sink_records;
	bool confirm;
};

static void on_event(void *ctx, const struct ms_erase_event *ev)
{
	struct seen *s = ctx;
	switch (ev->kind) {
	case MS_EV_ERROR:
		s->errors++;
		s->fault = ev->fault;
		s->err = ev->err;
		ms_strlcpy(s->last_error, ev->text, sizeof s->last_error);
		break;
	case MS_EV_OUTCOME:
		s->outcomes++;
		ms_strlcpy(s->method, ev->job->method, sizeof s->method);
		ms_strlcpy(s->outcome, ms_outcome_name(ev->job->outcome), sizeof s->outcome);
		break;
	case MS_EV_RECORD: s->records++; break;
	case MS_EV_CERTIFICATE: s->certs++; break;
	case MS_EV_ERASED: s->erased++; break;
	case MS_EV_DRY_RUN: s->dry++; break;
	default: break;
	}
}

static bool on_confirm(void *ctx, const struct ms_device *d)
{
	(void)d;
	return ((struct seen *)ctx)->confirm;
}

static int sink_record(void *ctx, const struct ms_job *job, const char *dir, char *out, size_t len, char sha[65])
{
	struct seen *s = ctx;
	s->sink_records++;
	snprintf(out, len, "%s/%s.json", dir, job->id);
	ms_sha256_hex(out, strlen(out), sha);
	return 0;
}

static int sink_certify(void *ctx, const char *record, char *out, size_t len, char *why, size_t whylen)
{
	(void)ctx, (void)record, (void)out, (void)len, (void)why, (void)whylen;
	return 1; /* no key */
}

static int sink_handover(void *ctx, const char *er, const char *er_sha, const char *dir,
			 const struct ms_handover_req *h, char *out, size_t len, char sha[65], const char **obj, char *why,
			 size_t whylen)
{
	(void)ctx, (void)er, (void)er_sha, (void)h, (void)obj;
	ms_sha256_hex("handover", 8, sha);
	snprintf(out, len, "%s/handover.json", dir);
	snprintf(why, whylen, "-");
	return 0;
}

struct bench {
	char dir[256], out[300], spec[2][600];
	const char *devs[2];
	struct seen seen;
	struct ms_erase_ui ui;
	struct ms_erase_sink sink;
	struct ms_erase_request rq;
};

static void bench_init(struct bench *b, const char *profile)
{
	char dir[256];
	tmpdir_make(dir, sizeof dir);
	memset(b, 0, sizeof *b);
	ms_strlcpy(b->dir, dir, sizeof b->dir);
	snprintf(b->out, sizeof b->out, "%s/records", dir);
	for (int i = 0; i < 2; i++) {
		snprintf(b->spec[i], sizeof b->spec[i], "emu:%s:%s/d%d.img,capacity=4M", profile, dir, i);
		b->devs[i] = b->spec[i];
	}
	b->seen.confirm = true;
	b->ui = (struct ms_erase_ui){.event = on_event, .confirm = on_confirm, .ctx = &b->seen};
	b->sink = (struct ms_erase_sink){.record = sink_record, .certify = sink_certify, .handover = sink_handover,
					 .ctx = &b->seen};
	b->rq = (struct ms_erase_request){.devices = b->devs, .ndevices = 1, .method = MS_METHOD_OVERWRITE,
					  .ow = {.verify = MS_VERIFY_FULL, .npasses = 1, .passes = {{.kind = MS_PAT_RANDOM}}},
					  .state_dir = b->dir, .out_dir = b->out, .sysroot = ""};
}

START_TEST(batch_overwrite_is_recorded_and_journaled)
{
	struct bench b;
	bench_init(&b, "sata-ssd");
	b.rq.ndevices = 2;
	ck_assert_int_eq(ms_erase_batch(&b.rq, &b.ui, &b.sink), MS_FAULT_NONE);
	ck_assert_msg(b.seen.errors == 0, "%s", b.seen.last_error);
	ck_assert_int_eq(b.seen.erased, 1);
	ck_assert_int_eq(b.seen.outcomes, 2);
	ck_assert_int_eq(b.seen.records, 2);
	ck_assert_int_eq(b.seen.sink_records, 2);
	ck_assert_str_eq(b.seen.outcome, "completed");
	ck_assert_str_eq(b.seen.method, "overwrite");
	struct lines l = {0};
	ck_assert_int_eq(ms_journal_replay(b.dir, count_line, &l), 0);
	ck_assert_int_eq(l.planned, 2);
	ck_assert_int_eq(l.written, 2);
	tmpdir_remove(b.dir);
}
END_TEST

START_TEST(batch_firmware_method_on_nvme)
{
	struct bench b;
	bench_init(&b, "nvme-ssd");
	b.rq.method = MS_METHOD_SANITIZE_CRYPTO;
	b.rq.method_given = true;
	ck_assert_int_eq(ms_erase_batch(&b.rq, &b.ui, &b.sink), MS_FAULT_NONE);
	ck_assert_msg(b.seen.errors == 0, "%s", b.seen.last_error);
	ck_assert_str_eq(b.seen.method, "sanitize-crypto");
	ck_assert_str_eq(b.seen.outcome, "completed");
	/* An ATA method on an NVMe drive is refused by the engine, before any command. */
	tmpdir_remove(b.dir);
	bench_init(&b, "nvme-ssd");
	b.rq.method = MS_METHOD_SECURITY_ERASE;
	ck_assert_int_eq(ms_erase_batch(&b.rq, &b.ui, &b.sink), MS_FAULT_ENGINE);
	ck_assert_str_eq(b.seen.outcome, "failed");
	tmpdir_remove(b.dir);
}
END_TEST

START_TEST(batch_one_wrong_name_erases_nothing)
{
	struct bench b;
	bench_init(&b, "sata-ssd");
	snprintf(b.spec[1], sizeof b.spec[1], "%s/no-such-device", b.dir);
	b.rq.ndevices = 2;
	ck_assert_int_eq(ms_erase_batch(&b.rq, &b.ui, &b.sink), MS_FAULT_DEVICE);
	ck_assert_int_eq(b.seen.err, -ENOENT);
	ck_assert_int_eq(b.seen.erased, 0);
	ck_assert_int_eq(b.seen.sink_records, 0);
	struct lines l = {0};
	ck_assert_int_eq(ms_journal_replay(b.dir, count_line, &l), -ENOENT); /* not even journaled */
	/* The same name twice is a usage error, and not confirming one drive stops all. */
	tmpdir_remove(b.dir);
	bench_init(&b, "sata-ssd");
	b.devs[1] = b.devs[0];
	b.rq.ndevices = 2;
	ck_assert_int_eq(ms_erase_batch(&b.rq, &b.ui, &b.sink), MS_FAULT_USAGE);
	tmpdir_remove(b.dir);
	bench_init(&b, "sata-ssd");
	b.seen.confirm = false;
	ck_assert_int_eq(ms_erase_batch(&b.rq, &b.ui, &b.sink), MS_FAULT_CONFIRM);
	ck_assert(strstr(b.seen.last_error, "not confirmed: add --yes-erase") != NULL);
	ck_assert_int_eq(b.seen.erased, 0);
	b.rq.ndevices = 0;
	ck_assert_int_eq(ms_erase_batch(&b.rq, &b.ui, &b.sink), MS_FAULT_USAGE);
	tmpdir_remove(b.dir);
}
END_TEST

START_TEST(batch_policy_chooses_and_refuses)
{
	struct bench b;
	struct ms_policy p;
	ck_assert_int_eq(ms_policy_default(&p), 0);
	bench_init(&b, "sata-ssd");
	b.rq.cls_set = true;
	b.rq.cls = MS_CLASS_2;
	b.rq.policy = &p;
	ck_assert_int_eq(ms_erase_batch(&b.rq, &b.ui, &b.sink), MS_FAULT_NONE);
	ck_assert_msg(b.seen.errors == 0, "%s", b.seen.last_error);
	ck_assert_str_eq(b.seen.method, "sanitize-crypto");
	/* The policy does not accept an overwrite of an SSD for row 2. */
	tmpdir_remove(b.dir);
	bench_init(&b, "sata-ssd");
	b.rq.cls_set = true;
	b.rq.cls = MS_CLASS_2;
	b.rq.policy = &p;
	b.rq.method_given = true;
	ck_assert_int_eq(ms_erase_batch(&b.rq, &b.ui, &b.sink), MS_FAULT_POLICY);
	ck_assert_msg(strstr(b.seen.last_error, "overwrite is not accepted for class 2") != NULL, "%s",
		      b.seen.last_error);
	tmpdir_remove(b.dir);
}
END_TEST

START_TEST(batch_dry_run_writes_nothing)
{
	struct bench b;
	bench_init(&b, "sata-ssd");
	b.rq.dry_run = true;
	b.seen.confirm = false; /* a dry run asks for no confirmation */
	ck_assert_int_eq(ms_erase_batch(&b.rq, &b.ui, &b.sink), MS_FAULT_NONE);
	ck_assert_int_eq(b.seen.dry, 1);
	ck_assert_int_eq(b.seen.sink_records, 0);
	struct lines l = {0};
	ck_assert_int_eq(ms_journal_replay(b.dir, count_line, &l), -ENOENT);
	tmpdir_remove(b.dir);
}
END_TEST

START_TEST(unlock_without_a_journaled_password)
{
	struct bench b;
	bench_init(&b, "sata-hdd");
	struct ms_unlock_request rq = {.device = b.spec[0], .state_dir = b.dir, .out_dir = b.out, .sysroot = ""};
	ck_assert_int_eq(ms_unlock(&rq, &b.ui, &b.sink), MS_FAULT_DEVICE);
	ck_assert_int_eq(b.seen.err, -ENOENT);
	/* it says where it looked, and where else to look */
	ck_assert(strstr(b.seen.last_error, "in the journals searched") != NULL);
	ck_assert(strstr(b.seen.last_error, b.dir) != NULL);
	ck_assert(strstr(b.seen.last_error, "--state-dir") != NULL);
	tmpdir_remove(b.dir);
}
END_TEST

Suite *suite_batch(void)
{
	Suite *s = suite_create("batch");
	TCase *t = tcase_create("use cases");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, methods_round_trip);
	tcase_add_test(t, methods_engines_and_levels);
	tcase_add_test(t, journal_replay_in_order);
	tcase_add_test(t, journal_finds_the_uncleared_password);
	tcase_add_test(t, batch_overwrite_is_recorded_and_journaled);
	tcase_add_test(t, batch_firmware_method_on_nvme);
	tcase_add_test(t, batch_one_wrong_name_erases_nothing);
	tcase_add_test(t, batch_policy_chooses_and_refuses);
	tcase_add_test(t, batch_dry_run_writes_nothing);
	tcase_add_test(t, unlock_without_a_journaled_password);
	suite_add_tcase(s, t);
	return s;
}
