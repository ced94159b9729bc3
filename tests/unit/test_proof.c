/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proof integrity (issue 12): what may be signed after the fact (a record a journal
 * vouches for, consistent with itself), passwords scrubbed from journals once cleared,
 * state directories that are ours alone, records that never grow a directory tree. The
 * erases run on emulated drives, the records are written by the real sink. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../erase/batch.h"
#include "../../erase/jobs.h"
#include "../../erase/journal.h"
#include "../../devices/xport.h"
#include "../../report/admit.h"
#include "../../report/issue.h"
#include "../../report/record.h"
#include "../../util/atomic.h"
#include "../../util/json.h"
#include "../../util/util.h"
#include "suites.h"

struct rig {
	char tmp[256], state[300], out[300], spec[600], last_error[400], record[PATH_MAX];
	const char *devs[1];
	enum ms_fault fault;
	struct ms_erase_ui ui;
	struct ms_erase_sink sink;
	struct ms_report_sink_ctx sctx;
	struct ms_erase_request rq;
};

static void on_event(void *ctx, const struct ms_erase_event *ev)
{
	struct rig *r = ctx;
	if (ev->kind == MS_EV_ERROR)
		ms_strlcpy(r->last_error, ev->text ? ev->text : "", sizeof r->last_error);
	if (ev->kind == MS_EV_RECORD)
		ms_strlcpy(r->record, ev->text, sizeof r->record);
}

static bool yes(void *ctx, const struct ms_device *d)
{
	(void)ctx, (void)d;
	return true;
}

/* A state directory that does not exist yet (massho makes it), records beside it. */
static void rig_init(struct rig *r, const char *profile, enum ms_method m)
{
	memset(r, 0, sizeof *r);
	tmpdir_make(r->tmp, sizeof r->tmp);
	snprintf(r->state, sizeof r->state, "%s/state", r->tmp);
	snprintf(r->out, sizeof r->out, "%s/records", r->tmp);
	snprintf(r->spec, sizeof r->spec, "emu:%s:%s/d.img,capacity=4M", profile, r->tmp);
	r->devs[0] = r->spec;
	r->ui = (struct ms_erase_ui){.event = on_event, .confirm = yes, .ctx = r};
	ms_report_sink(&r->sctx, NULL, "tester", &r->sink);
	r->rq = (struct ms_erase_request){.devices = r->devs, .ndevices = 1, .method = m, .method_given = true,
					  .ow = {.verify = MS_VERIFY_FULL, .npasses = 1, .passes = {{.kind = MS_PAT_RANDOM}}},
					  .state_dir = r->state, .out_dir = r->out, .sysroot = ""};
}

static char *slurp_journals(const char *state)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "cat '%s'/journal/*.jsonl", state);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	struct ms_buf b = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		ms_buf_put(&b, buf, n);
	pclose(p);
	ms_buf_put(&b, "", 1);
	return b.p;
}

/* ---- journals --------------------------------------------------------------------------------- */

START_TEST(state_dir_is_private_and_records_are_journaled)
{
	struct rig r;
	rig_init(&r, "sata-ssd", MS_METHOD_OVERWRITE);
	ck_assert_int_eq(ms_erase_batch(&r.rq, &r.ui, &r.sink), MS_FAULT_NONE);
	struct stat st;
	ck_assert_int_eq(stat(r.state, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0700);
	/* the record's bytes are what the journal names */
	char sha[65];
	struct ms_journal_hit hit;
	ck_assert_int_eq(ms_sha256_file_hex(r.record, sha), 0);
	ck_assert_int_eq(ms_journal_find_record(r.state, sha, &hit), 0);
	ck_assert_ptr_nonnull(strstr(hit.file, ".jsonl"));
	sha[0] = sha[0] == 'a' ? 'b' : 'a';
	ck_assert_int_eq(ms_journal_find_record(r.state, sha, &hit), -ENOENT);
	/* a journal directory others can write to is refused before anything is erased */
	char j[400];
	snprintf(j, sizeof j, "%s/journal", r.state);
	ck_assert_int_eq(chmod(j, 0777), 0);
	ck_assert_int_eq(ms_erase_batch(&r.rq, &r.ui, &r.sink), MS_FAULT_ARTIFACT);
	ck_assert_msg(strstr(r.last_error, "writable by others") != NULL, "%s", r.last_error);
	struct ms_journal *jr;
	ck_assert_int_eq(ms_journal_open(r.state, "x", &jr), -EPERM);
	tmpdir_remove(r.tmp);
}
END_TEST

START_TEST(out_dir_is_not_grown)
{
	struct rig r;
	rig_init(&r, "sata-ssd", MS_METHOD_OVERWRITE);
	char out[400];
	snprintf(out, sizeof out, "%s/no/such", r.tmp);
	r.rq.out_dir = out;
	ck_assert_int_eq(ms_erase_batch(&r.rq, &r.ui, &r.sink), MS_FAULT_ARTIFACT);
	ck_assert_msg(strstr(r.last_error, "create its parent directory first") != NULL, "%s", r.last_error);
	snprintf(out, sizeof out, "%s/no", r.tmp);
	ck_assert_int_eq(access(out, F_OK), -1);
	tmpdir_remove(r.tmp);
}
END_TEST

/* bad-input B28. A security erase journals its one-time password before setting it; once
 * the drive has cleared it, no journal may still hold it. */
START_TEST(cleared_password_is_scrubbed)
{
	struct rig r;
	rig_init(&r, "sata-hdd", MS_METHOD_SECURITY_ERASE);
	ck_assert_int_eq(ms_erase_batch(&r.rq, &r.ui, &r.sink), MS_FAULT_NONE);
	char *all = slurp_journals(r.state);
	ck_assert_msg(strstr(all, "\"event\":\"ata-password\"") != NULL, "%s", all);
	ck_assert_msg(strstr(all, "\"password\":\"") == NULL, "a password is still journaled:\n%s", all);
	ck_assert_ptr_nonnull(strstr(all, "\"password_scrubbed\":true"));
	ck_assert_ptr_nonnull(strstr(all, "\"event\":\"ata-password-cleared\""));
	free(all);
	/* the journal is still appended to after the rewrite: the record-written line follows */
	char sha[65];
	struct ms_journal_hit hit;
	ck_assert_int_eq(ms_sha256_file_hex(r.record, sha), 0);
	ck_assert_int_eq(ms_journal_find_record(r.state, sha, &hit), 0);
	tmpdir_remove(r.tmp);
}
END_TEST

START_TEST(scrub_of_another_job)
{
	char dir[256], path[400];
	tmpdir_make(dir, sizeof dir);
	struct ms_journal *j;
	ck_assert_int_eq(ms_journal_open(dir, "job-a", &j), 0);
	struct ms_json *f = ms_json_obj();
	ms_json_set_str(f, "identity_hash", "h1");
	ms_json_set_str(f, "password", "SECRETPASSWORD");
	ck_assert_int_eq(ms_journal_append(j, "ata-password", f), 0);
	ms_journal_close(j);
	snprintf(path, sizeof path, "%s/journal/job-a.jsonl", dir);
	FILE *t = fopen(path, "a"); /* a torn last line that names the password */
	fputs("{\"event\":\"ata-password\",\"password\":\"SECRETPASS", t);
	fclose(t);
	char pw[64], job[64];
	ck_assert_int_eq(ms_journal_find_password(dir, "h1", pw, sizeof pw, job, sizeof job), 0);
	ck_assert_int_eq(ms_journal_scrub_job(dir, "job-a"), 0);
	char *text;
	ck_assert_int_eq(ms_read_file(path, &text, NULL, 1 << 20), 0);
	ck_assert_msg(strstr(text, "SECRET") == NULL, "%s", text);
	ck_assert_ptr_nonnull(strstr(text, "\"event\":\"ata-password\""));
	free(text);
	ck_assert_int_eq(ms_journal_find_password(dir, "h1", pw, sizeof pw, job, sizeof job), -ENOENT);
	ck_assert_int_eq(ms_journal_scrub_job(dir, "../x"), -EINVAL);
	tmpdir_remove(dir);
}
END_TEST

/* An erase killed after SECURITY SET PASSWORD leaves the drive locked and its job
 * unfinished. An overwrite of it then fails (the drive is locked): it must supersede
 * nothing, so `massho jobs` still lists the killed job with its password; the erase that
 * completes after the unlock supersedes it and its record names it. */
START_TEST(only_a_completed_erase_supersedes)
{
	struct rig r;
	rig_init(&r, "sata-hdd", MS_METHOD_OVERWRITE);
	char spec[700], why[300];
	snprintf(spec, sizeof spec, "%s,password=ONETIME", r.spec);
	r.devs[0] = spec;
	struct ms_device dev;
	ck_assert_int_eq(ms_describe(spec, "", &dev, why, sizeof why), 0);
	struct ms_journal *j;
	ck_assert_int_eq(ms_journal_open(r.state, "MS-20260101T000000Z-killed", &j), 0);
	struct ms_json *f = ms_json_obj();
	ms_json_set(f, "device", ms_device_json(&dev));
	ms_json_set_str(f, "method", "security-erase");
	ck_assert_int_eq(ms_journal_append(j, "planned", f), 0);
	f = ms_json_obj();
	ms_json_set_str(f, "identity_hash", dev.identity_hash);
	ms_json_set_str(f, "password", "ONETIME");
	ck_assert_int_eq(ms_journal_append(j, "ata-password", f), 0);
	ms_journal_close(j);
	struct ms_unfinished u[4];
	ck_assert_int_eq(ms_jobs_unfinished(r.state, dev.identity_hash, u, 4), 1);
	ck_assert(u[0].password_set);
	ck_assert_int_eq(ms_erase_batch(&r.rq, &r.ui, &r.sink), MS_FAULT_ENGINE);
	ck_assert_msg(ms_jobs_unfinished(r.state, dev.identity_hash, u, 4) == 1, "a failed erase superseded the job");
	ck_assert(u[0].password_set);
	char *rec;
	ck_assert_int_eq(ms_read_file(r.record, &rec, NULL, MS_RECORD_MAX), 0);
	ck_assert_msg(strstr(rec, "\"supersedes\"") == NULL, "%s", rec);
	free(rec);
	tmpdir_remove(r.tmp);
}
END_TEST

/* ---- what may be signed after the fact ------------------------------------------------------ */

/* Write text as DIR/NAME; the path in out. */
static void put(const char *dir, const char *name, const char *text, char *out, size_t len)
{
	ck_assert_int_eq(ms_atomic_write(dir, name, text, strlen(text), 0644, 0), 0);
	snprintf(out, len, "%s/%s", dir, name);
}

/* The record with one member replaced (dotted path, JSON value text). */
static char *edited(const char *path, const char *member, const char *value)
{
	char *text;
	ck_assert_int_eq(ms_read_file(path, &text, NULL, MS_RECORD_MAX), 0);
	struct ms_json *rec = ms_json_parse(text, strlen(text), NULL, 0);
	free(text);
	ck_assert_ptr_nonnull(rec);
	char parent[64];
	ms_strlcpy(parent, member, sizeof parent);
	char *dot = strrchr(parent, '.');
	struct ms_json *obj = rec;
	if (dot) {
		*dot = '\0';
		obj = (struct ms_json *)ms_json_path(rec, parent);
	}
	const char *key = dot ? dot + 1 : member;
	for (size_t i = 0; obj && i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0) {
			ms_json_free(obj->items[i]);
			obj->items[i] = ms_json_parse(value, strlen(value), NULL, 0);
		}
	char *out = ms_json_render(rec, 2);
	ms_json_free(rec);
	return out;
}

static void refused(const char *dir, const char *state, const char *text, const char *want)
{
	char path[400], why[700];
	struct ms_admission a;
	put(dir, "candidate.json", text, path, sizeof path);
	ck_assert_int_eq(ms_record_admit(path, state, NULL, &a, why, sizeof why), -EBADMSG);
	ck_assert_msg(strstr(why, want) != NULL, "want \"%s\", got: %s", want, why);
}

/* An NVMe controller with two namespaces: a "completed" record whose second namespace's
 * proof says it did not change is not signed (docs/nvme-namespaces.md). */
START_TEST(report_pdf_refuses_an_unproved_namespace)
{
	struct rig r;
	rig_init(&r, "nvme-ssd", MS_METHOD_FORMAT_USER);
	snprintf(r.spec, sizeof r.spec, "emu:nvme-ssd:%s/d.img,capacity=4M,namespaces=2", r.tmp);
	ck_assert_int_eq(ms_erase_batch(&r.rq, &r.ui, &r.sink), MS_FAULT_NONE);
	char why[700], *text;
	struct ms_admission a;
	ck_assert_msg(ms_record_admit(r.record, r.state, NULL, &a, why, sizeof why) == 0, "%s", why);
	ck_assert_int_eq(ms_read_file(r.record, &text, NULL, MS_RECORD_MAX), 0);
	struct ms_json *rec = ms_json_parse(text, strlen(text), NULL, 0);
	free(text);
	const struct ms_json *nss = ms_json_get(rec, "namespaces");
	ck_assert(nss && nss->n == 2);
	struct ms_json *passed = (struct ms_json *)ms_json_path(nss->items[1], "sample_proof.passed");
	ck_assert(passed && passed->type == MS_JBOOL && passed->b);
	passed->b = false;
	char *t = ms_json_render(rec, 2);
	ms_json_free(rec);
	refused(r.tmp, r.state, t, "a namespace's sample proof did not pass");
	free(t);
	tmpdir_remove(r.tmp);
}
END_TEST

START_TEST(report_pdf_admits_only_journaled_consistent_records)
{
	struct rig r;
	rig_init(&r, "sata-ssd", MS_METHOD_OVERWRITE);
	ck_assert_int_eq(ms_erase_batch(&r.rq, &r.ui, &r.sink), MS_FAULT_NONE);
	char why[700];
	struct ms_admission a;
	ck_assert_msg(ms_record_admit(r.record, r.state, NULL, &a, why, sizeof why) == 0, "%s", why);
	ck_assert_str_eq(a.kind, "erasure");
	ck_assert(!a.other_station);
	/* the same record vouched for by another station's journal: admitted, and said so */
	char other[400];
	snprintf(other, sizeof other, "%s/elsewhere", r.tmp);
	ck_assert_int_eq(ms_record_admit(r.record, other, r.state, &a, why, sizeof why), 0);
	ck_assert(a.other_station);
	/* an empty object, a kind of no record, a summary */
	refused(r.tmp, r.state, "{}", "kind: missing");
	refused(r.tmp, r.state, "{\"kind\":\"invoice\"}", "not a record `report pdf` signs");
	refused(r.tmp, r.state, "{\"kind\":\"summary\"}", "report summary");
	refused(r.tmp, r.state, "not json", "not a JSON record");
	/* edits that contradict the record's own fields */
	static const char *const edits[][3] = {
		{"failure", "\"the drive vanished\"", "it has a failure"},
		{"verification.result", "\"failed\"", "verification result"},
		{"verification.mismatched_sectors", "3", "differing or unreadable"},
		{"errors.count", "2", "I/O errors"},
		{"bytes_written", "512", "fewer bytes were written"},
		{"outcome", "\"verification failed\"", "its verification did not fail"},
		{"outcome", "\"failed\"", "it names no failure"},
		{"outcome", "\"pending\"", "never ended"},
		{"outcome", "\"done, trust me\"", "not one massho writes"},
		{"schema_version", "99", "schema_version"},
	};
	for (size_t i = 0; i < MS_ARRAY_SIZE(edits); i++) {
		char *t = edited(r.record, edits[i][0], edits[i][1]);
		refused(r.tmp, r.state, t, edits[i][2]);
		free(t);
	}
	/* a consistent edit (the operator's name) is no longer what the journal recorded */
	char *t = edited(r.record, "host.operator", "\"someone else\"");
	refused(r.tmp, r.state, t, "no journal in");
	free(t);
	tmpdir_remove(r.tmp);
}
END_TEST

/* Every method's real record is admitted: firmware erases with and without the full
 * read-back (their result is the sample proof's), an overwrite with and without it. */
START_TEST(real_records_of_every_kind_are_admitted)
{
	static const struct {
		const char *profile;
		enum ms_method m;
		enum ms_verify_mode v;
	} runs[] = {{"sata-ssd", MS_METHOD_SANITIZE_CRYPTO, MS_VERIFY_NONE},
		    {"sata-ssd", MS_METHOD_SANITIZE_BLOCK, MS_VERIFY_FULL},
		    {"nvme-ssd", MS_METHOD_FORMAT_USER, MS_VERIFY_NONE},
		    {"sata-hdd", MS_METHOD_SECURITY_ERASE, MS_VERIFY_FULL},
		    {"sata-hdd", MS_METHOD_OVERWRITE, MS_VERIFY_NONE}};
	for (size_t i = 0; i < MS_ARRAY_SIZE(runs); i++) {
		struct rig r;
		char why[700];
		struct ms_admission a;
		rig_init(&r, runs[i].profile, runs[i].m);
		r.rq.ow.verify = runs[i].v;
		ck_assert_msg(ms_erase_batch(&r.rq, &r.ui, &r.sink) == MS_FAULT_NONE, "run %zu: %s", i, r.last_error);
		ck_assert_msg(ms_record_admit(r.record, r.state, NULL, &a, why, sizeof why) == 0, "run %zu: %s", i, why);
		tmpdir_remove(r.tmp);
	}
}
END_TEST

/* A failed erase may be certified as failed; edited to "completed", it is refused. */
START_TEST(failed_record_cannot_become_completed)
{
	struct rig r;
	rig_init(&r, "sata-ssd", MS_METHOD_OVERWRITE);
	char spec[700];
	snprintf(spec, sizeof spec, "%s,flip=4096", r.spec); /* silent corruption: verification fails */
	r.devs[0] = spec;
	ck_assert_int_eq(ms_erase_batch(&r.rq, &r.ui, &r.sink), MS_FAULT_ENGINE);
	char why[700];
	struct ms_admission a;
	ck_assert_msg(ms_record_admit(r.record, r.state, NULL, &a, why, sizeof why) == 0, "%s", why);
	char *t = edited(r.record, "outcome", "\"completed\"");
	refused(r.tmp, r.state, t, "verification result");
	free(t);
	tmpdir_remove(r.tmp);
}
END_TEST

Suite *suite_proof(void)
{
	Suite *s = suite_create("proof");
	TCase *t = tcase_create("proof integrity");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, state_dir_is_private_and_records_are_journaled);
	tcase_add_test(t, out_dir_is_not_grown);
	tcase_add_test(t, cleared_password_is_scrubbed);
	tcase_add_test(t, only_a_completed_erase_supersedes);
	tcase_add_test(t, scrub_of_another_job);
	tcase_add_test(t, report_pdf_admits_only_journaled_consistent_records);
	tcase_add_test(t, report_pdf_refuses_an_unproved_namespace);
	tcase_add_test(t, failed_record_cannot_become_completed);
	tcase_add_test(t, real_records_of_every_kind_are_admitted);
	suite_add_tcase(s, t);
	return s;
}
