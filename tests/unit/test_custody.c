/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ledger (hash chain of issued certificates) and the chain of custody records. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../report/custody.h"
#include "../../erase/journal.h"
#include "../../report/ledger.h"
#include "../../report/overdue.h"
#include "../../report/summary.h"
#include "../../util/atomic.h"
#include "../../util/util.h"
#include "suites.h"

static const char SHA_A[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

static void ledger_of_three(const char *dir)
{
	ck_assert_int_eq(ms_ledger_append(dir, "erasure", "MS-1", "MS-1.pdf", SHA_A), 0);
	ck_assert_int_eq(ms_ledger_append(dir, "handover", "HO-2", "HO-2.pdf", SHA_A), 0);
	ck_assert_int_eq(ms_ledger_append(dir, "destruction", "DS-3", "DS-3.pdf", SHA_A), 0);
}

/* The ledger's lines, and rewriting it with some of them (all in order: -1 ends). */
static int read_lines(const char *dir, char lines[][1024], int max)
{
	char path[400], *text, *save = NULL;
	snprintf(path, sizeof path, "%s/ledger.jsonl", dir);
	ck_assert_int_eq(ms_read_file(path, &text, NULL, 1 << 20), 0);
	int n = 0;
	for (char *l = strtok_r(text, "\n", &save); l && n < max; l = strtok_r(NULL, "\n", &save))
		ms_strlcpy(lines[n++], l, 1024);
	free(text);
	return n;
}

static void write_lines(const char *dir, char lines[][1024], const int *order)
{
	struct ms_buf b = {0};
	for (int i = 0; order[i] >= 0; i++) {
		ms_buf_puts(&b, lines[order[i]]);
		ms_buf_puts(&b, "\n");
	}
	ck_assert_int_eq(ms_atomic_write(dir, "ledger.jsonl", b.p ? b.p : "", b.len, 0600, 0), 0);
	free(b.p);
}

static void expect_broken(const char *dir, const char *want)
{
	char why[400] = "";
	size_t n;
	ck_assert_int_eq(ms_ledger_verify(dir, &n, why, sizeof why), -EBADMSG);
	ck_assert_msg(strstr(why, want), "wanted \"%s\", got \"%s\"", want, why);
}

START_TEST(ledger_appends_and_verifies)
{
	char dir[256], why[400], lines[4][1024];
	size_t n = 99;
	tmpdir_make(dir, sizeof dir);
	ck_assert_int_eq(ms_ledger_verify(dir, &n, why, sizeof why), -ENOENT);
	ledger_of_three(dir);
	ck_assert_int_eq(ms_ledger_verify(dir, &n, why, sizeof why), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(read_lines(dir, lines, 4), 3);
	ck_assert_ptr_nonnull(strstr(lines[1], "\"seq\":2"));
	ck_assert_ptr_nonnull(strstr(lines[1], "\"record_id\":\"HO-2\""));
	tmpdir_remove(dir);
}
END_TEST

START_TEST(ledger_finds_tampering)
{
	char dir[256], lines[4][1024];
	tmpdir_make(dir, sizeof dir);
	ledger_of_three(dir);
	read_lines(dir, lines, 4);
	char altered[3][1024];
	memcpy(altered, lines, sizeof altered);
	char *f = strstr(altered[1], "HO-2.pdf");
	ck_assert_ptr_nonnull(f);
	f[0] = 'X';
	write_lines(dir, altered, (const int[]){0, 1, 2, -1});
	expect_broken(dir, "entry 2 was altered");
	write_lines(dir, lines, (const int[]){0, 2, -1});
	expect_broken(dir, "entry 3 follows entry 1: an entry was removed");
	write_lines(dir, lines, (const int[]){1, 0, 2, -1});
	expect_broken(dir, "entry 2 follows entry 0");
	write_lines(dir, lines, (const int[]){0, 1, -1}); /* the last one removed: only the head knows */
	expect_broken(dir, "2 entries, but the head says 3");
	write_lines(dir, lines, (const int[]){-1});
	expect_broken(dir, "0 entries, but the head says 3");
	snprintf(altered[0], sizeof altered[0], "not json");
	write_lines(dir, altered, (const int[]){0, -1});
	expect_broken(dir, ":1: not a ledger entry");
	/* an entry whose prev is another chain's: seq and hash fine, prev not */
	char other[256];
	tmpdir_make(other, sizeof other);
	ck_assert_int_eq(ms_ledger_append(other, "erasure", "MS-9", "MS-9.pdf", SHA_A), 0);
	ledger_of_three(other);
	char chain2[4][1024];
	read_lines(other, chain2, 4);
	memcpy(altered[0], lines[0], sizeof altered[0]);
	memcpy(altered[1], chain2[1], sizeof altered[1]);
	write_lines(dir, altered, (const int[]){0, 1, -1});
	expect_broken(dir, ":2: the chain is broken");
	tmpdir_remove(other);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(ledger_head_damaged)
{
	char dir[256];
	tmpdir_make(dir, sizeof dir);
	ledger_of_three(dir);
	ck_assert_int_eq(ms_atomic_write(dir, "ledger.head", "{\"count\":3}", 11, 0600, 0), 0);
	expect_broken(dir, "ledger.head: missing or damaged");
	/* appending to a ledger whose head is damaged is refused, not restarted */
	ck_assert_int_eq(ms_ledger_append(dir, "erasure", "MS-4", "MS-4.pdf", SHA_A), -EBADMSG);
	char head[400];
	snprintf(head, sizeof head, "%s/ledger.head", dir);
	ck_assert_int_eq(unlink(head), 0);
	expect_broken(dir, "ledger.head: missing or damaged");
	tmpdir_remove(dir);
}
END_TEST

static struct ms_json *erasure_record(void)
{
	static const char text[] =
		"{\"schema_version\":1,\"record_id\":\"MS-20261122T000000Z-0000abcd\",\"kind\":\"erasure\","
		"\"method\":{\"id\":\"sanitize-crypto\"},\"outcome\":\"completed\","
		"\"device\":{\"model\":\"M\",\"serial\":\"S1\",\"wwn\":\"5000c500a1b2c3d4\","
		"\"identity_hash\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"}}";
	struct ms_json *j = ms_json_parse(text, strlen(text), NULL, 0);
	ck_assert_ptr_nonnull(j);
	return j;
}

START_TEST(handover_write_load)
{
	char dir[256], path[400], why[200], sha[65], file_sha[65];
	tmpdir_make(dir, sizeof dir);
	struct ms_json *er = erasure_record();
	struct ms_handover_meta m = {.witness = "佐藤", .destroy_by = "2026-12-31", .operator_name = "山田"};
	struct ms_json *ho = ms_handover_build(er, SHA_A, &m);
	ck_assert_ptr_nonnull(ho);
	ck_assert_str_eq(ms_json_get_str(ho, "kind"), "handover");
	ck_assert_str_eq(ms_json_path(ho, "erasure.record_id")->s, "MS-20261122T000000Z-0000abcd");
	ck_assert_str_eq(ms_json_path(ho, "erasure.sha256")->s, SHA_A);
	ck_assert_str_eq(ms_json_path(ho, "erasure.method")->s, "sanitize-crypto");
	ck_assert_str_eq(ms_json_path(ho, "device.wwn")->s, "5000c500a1b2c3d4");
	ck_assert_str_eq(ms_json_get_str(ho, "witness"), "佐藤");
	ck_assert_str_eq(ms_json_get_str(ho, "destroy_by"), "2026-12-31");
	ck_assert_int_eq(ms_custody_write(dir, ho, path, sizeof path, NULL), 0);
	ck_assert_int_eq(ms_custody_write(dir, ho, path, sizeof path, NULL), -EEXIST); /* never replaced */
	struct ms_json *back = NULL;
	ck_assert_int_eq(ms_custody_load(path, "handover", &back, sha, why, sizeof why), 0);
	ck_assert_int_eq(ms_sha256_file_hex(path, file_sha), 0);
	ck_assert_str_eq(sha, file_sha);
	ck_assert_str_eq(ms_json_get_str(back, "record_id"), ms_json_get_str(ho, "record_id"));
	ms_json_free(back);
	back = NULL;
	ck_assert_int_eq(ms_custody_load(path, "destruction", &back, sha, why, sizeof why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "not a destruction record"));
	ck_assert_ptr_null(back);
	char missing[400];
	snprintf(missing, sizeof missing, "%s/none.json", dir);
	ck_assert_int_eq(ms_custody_load(missing, "handover", &back, sha, why, sizeof why), -ENOENT);
	ck_assert_int_eq(ms_atomic_write(dir, "bad.json", "{\"kind\":", 8, 0644, 0), 0);
	snprintf(missing, sizeof missing, "%s/bad.json", dir);
	ck_assert_int_eq(ms_custody_load(missing, "handover", &back, sha, why, sizeof why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "not valid JSON"));
	/* without the device's identity hash a record cannot be matched to a drive */
	static const char nohash[] = "{\"kind\":\"handover\",\"record_id\":\"HO-1\"}";
	ck_assert_int_eq(ms_atomic_write(dir, "nohash.json", nohash, strlen(nohash), 0644, 0), 0);
	snprintf(missing, sizeof missing, "%s/nohash.json", dir);
	ck_assert_int_eq(ms_custody_load(missing, "handover", &back, sha, why, sizeof why), -EINVAL);
	ms_json_free(ho);
	ms_json_free(er);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(destruction_deadline_and_identity)
{
	struct ms_json *er = erasure_record();
	struct ms_handover_meta hm = {.destroy_by = "2000-01-01"};
	struct ms_json *late_ho = ms_handover_build(er, SHA_A, &hm);
	hm.destroy_by = "2999-12-31";
	struct ms_json *early_ho = ms_handover_build(er, SHA_A, &hm);
	struct ms_photo ph[2] = {{.name = "a.jpg", .sha256 = "11", .bytes = 10}, {.name = "b.jpg", .sha256 = "22", .bytes = 20}};
	struct ms_destruction_meta m = {.method = "shred", .equipment = "X-1", .identified_by_hash = true,
					.photos = ph, .nphotos = 2};
	struct ms_json *d = ms_destruction_build(late_ho, "cc", &m);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(ms_json_get_str(d, "kind"), "destruction");
	ck_assert_str_eq(ms_json_path(d, "handover.record_id")->s, ms_json_get_str(late_ho, "record_id"));
	ck_assert_str_eq(ms_json_path(d, "handover.sha256")->s, "cc");
	ck_assert_str_eq(ms_json_path(d, "erasure.sha256")->s, SHA_A);
	ck_assert_str_eq(ms_json_path(d, "device.serial")->s, "S1");
	ck_assert(!ms_json_path(d, "deadline.met")->b);
	uint64_t late;
	ck_assert_int_eq(ms_json_get_u64(ms_json_get(d, "deadline"), "days_late", &late), 0);
	ck_assert_uint_gt(late, 365 * 20);
	ck_assert_ptr_null(ms_json_get(d, "typed_serial"));
	const struct ms_json *photos = ms_json_get(d, "photos");
	ck_assert_uint_eq(photos->n, 2);
	ck_assert_str_eq(ms_json_get_str(photos->items[1], "file"), "b.jpg");
	ms_json_free(d);
	/* the deadline is judged by the time of destruction, not by when it is recorded */
	m.contractor = "Kowasu K.K.";
	m.operator_name = "Suzuki";
	ck_assert_int_eq(ms_time_parse("2000-01-03T12:00:00Z", &m.destroyed_at), 0);
	d = ms_destruction_build(late_ho, "cc", &m);
	ck_assert_int_eq(ms_json_get_u64(ms_json_get(d, "deadline"), "days_late", &late), 0);
	ck_assert_uint_le(late, 3);
	ck_assert_uint_ge(late, 1);
	ck_assert_str_eq(ms_json_path(d, "contractor.organisation")->s, "Kowasu K.K.");
	ck_assert_str_eq(ms_json_path(d, "contractor.person")->s, "Suzuki");
	ck_assert_str_ne(ms_json_get_str(d, "destroyed_at"), ms_json_get_str(d, "recorded_at"));
	ms_json_free(d);
	m.destroyed_at = 0;
	m.identified_by_hash = false;
	m.typed_serial = "S1-LABEL";
	m.nphotos = 0;
	d = ms_destruction_build(early_ho, "dd", &m);
	ck_assert(ms_json_path(d, "deadline.met")->b);
	ck_assert_int_eq(ms_json_get_u64(ms_json_get(d, "deadline"), "days_late", &late), 0);
	ck_assert_uint_eq(late, 0);
	ck_assert_str_eq(ms_json_get_str(d, "typed_serial"), "S1-LABEL");
	ck_assert_ptr_nonnull(strstr(ms_json_get_str(d, "identified_by"), "typed from the label"));
	ms_json_free(d);
	ms_json_free(late_ho);
	ms_json_free(early_ho);
	ms_json_free(er);
}
END_TEST

/* A handover certificate in a batch summary: listed with the erasure's method and the deadline. */
START_TEST(summary_lists_a_handover)
{
	struct ms_json *er = erasure_record();
	struct ms_json *ho = ms_handover_build(er, SHA_A, &(struct ms_handover_meta){.destroy_by = "2026-12-31"});
	struct ms_summary_item item = {.file = "HO.pdf", .pdf_sha256 = "ee", .record = ho, .record_sha256 = "ff"};
	char why[200];
	struct ms_json *s = ms_summary_build(&item, 1, &(struct ms_summary_meta){.tool_version = "t"}, why, sizeof why);
	ck_assert_ptr_nonnull(s);
	const struct ms_json *l = ms_json_get(s, "certificates");
	ck_assert_uint_eq(l->n, 1);
	ck_assert_str_eq(ms_json_get_str(l->items[0], "method"), "sanitize-crypto (handover)");
	ck_assert_str_eq(ms_json_get_str(l->items[0], "result"), "awaiting physical destruction, destroy by 2026-12-31");
	ms_json_free(s);
	ms_json_free(ho);
	ms_json_free(er);
}
END_TEST

START_TEST(date_valid)
{
	ck_assert(ms_date_valid("2026-01-31"));
	static const char *const bad[] = {"", "2026-1-31", "2026-13-01", "2026-01-32", "2026-01-01x", "31/01/2026",
					  "2026-01-0"};
	for (size_t i = 0; i < MS_ARRAY_SIZE(bad); i++)
		ck_assert_msg(!ms_date_valid(bad[i]), "accepted %s", bad[i]);
	ck_assert(!ms_date_valid(NULL));
	time_t now = time(NULL);
	ck_assert(ms_date_past("2000-01-01", now));
	ck_assert(!ms_date_past("2999-12-31", now));
	char today[16];
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	ck_assert(!ms_date_past(today, now)); /* today is not past: a deadline today is allowed */
}
END_TEST

START_TEST(time_parse)
{
	time_t t;
	ck_assert_int_eq(ms_time_parse("2020-01-05T15:00+09:00", &t), 0);
	ck_assert_int_eq((long long)t, 1578204000LL);
	ck_assert_int_eq(ms_time_parse("2020-01-05T06:00:00Z", &t), 0);
	ck_assert_int_eq((long long)t, 1578204000LL);
	ck_assert_int_eq(ms_time_parse("2020-01-05 06:00", &t), 0);
	static const char *const bad[] = {"", "2020-01-05", "2020-02-31T10:00", "2020-01-05T25:00", "2020-01-05T10:00+9",
					  "2020-01-05T10:00x", "yesterday"};
	for (size_t i = 0; i < MS_ARRAY_SIZE(bad); i++)
		ck_assert_msg(ms_time_parse(bad[i], &t) == -EINVAL, "accepted %s", bad[i]);
	ck_assert_int_eq(ms_time_parse(NULL, &t), -EINVAL);
}
END_TEST

/* A drive nothing can be written to is handed over by its label: no identity hash is
 * invented, the label says so, and a label without a serial is not a record of a drive. */
START_TEST(label_handover)
{
	struct ms_photo ph = {.name = "label.jpg", .sha256 = "cc", .bytes = 3};
	struct ms_handover_label l = {.cls = "2", .row = 2, .model = "HDD Z", .serial = "S-9", .photos = &ph, .nphotos = 1};
	struct ms_json *ho = ms_handover_label_build(&l, &(struct ms_handover_meta){.destroy_by = "2999-12-31"});
	char why[200];
	ck_assert_int_eq(ms_custody_validate(ho, "handover", why, sizeof why), 0);
	ck_assert(ms_json_path(ho, "device.identity_hash")->type == MS_JNULL);
	ck_assert_str_eq(ms_json_path(ho, "device.identified_by")->s, "label");
	ck_assert(ms_json_get(ho, "erasure")->type == MS_JNULL);
	ck_assert(!ms_json_path(ho, "pre_erase.done")->b);
	ck_assert_str_eq(ms_json_path(ho, "pre_erase.why")->s, "the drive does not answer");
	ck_assert_str_eq(ms_json_get_str(ho, "status"), "awaiting the contractor's erasure or destruction");
	ck_assert_uint_eq(ms_json_get(ho, "photos")->n, 1);
	/* its destruction keeps the label identity, not an empty hash */
	struct ms_destruction_meta m = {.method = "shred", .typed_serial = "S-9"};
	struct ms_json *d = ms_destruction_build(ho, "dd", &m);
	ck_assert_int_eq(ms_custody_validate(d, "destruction", why, sizeof why), 0);
	ck_assert(ms_json_path(d, "device.identity_hash")->type == MS_JNULL);
	ms_json_free(d);
	ms_json_free(ho);
	l.serial = "";
	ho = ms_handover_label_build(&l, &(struct ms_handover_meta){.destroy_by = "2999-12-31"});
	ck_assert_int_eq(ms_custody_validate(ho, "handover", why, sizeof why), -EINVAL);
	ms_json_free(ho);
}
END_TEST

/* A handover journaled here, past its deadline, with no completion: overdue; completed,
 * or with a deadline ahead: not; changed after it was journaled: listed with the problem. */
START_TEST(overdue_lists_late_handovers)
{
	char dir[256], late[400], early[400], sha[65], sha2[65], why[200];
	tmpdir_make(dir, sizeof dir);
	struct ms_json *res = NULL;
	ck_assert_int_eq(ms_custody_overdue(dir, time(NULL), &res), -ENOENT); /* no journal: not "none overdue" */
	struct ms_json *er = erasure_record();
	struct ms_json *ho = ms_handover_build(er, SHA_A, &(struct ms_handover_meta){.destroy_by = "2000-01-01"});
	struct ms_json *ho2 = ms_handover_build(er, SHA_A, &(struct ms_handover_meta){.destroy_by = "2999-12-31"});
	ck_assert_int_eq(ms_custody_write(dir, ho, late, sizeof late, sha), 0);
	ck_assert_int_eq(ms_custody_write(dir, ho2, early, sizeof early, sha2), 0);
	ck_assert_int_eq(ms_journal_note_record(dir, "MS-job-1", late, sha, NULL), 0);
	ck_assert_int_eq(ms_journal_note_record(dir, "MS-job-2", early, sha2, NULL), 0);
	ck_assert_int_eq(ms_custody_overdue(dir, time(NULL), &res), 0);
	const struct ms_json *l = ms_json_get(res, "overdue");
	ck_assert_uint_eq(l->n, 1);
	ck_assert_str_eq(ms_json_get_str(l->items[0], "record_id"), ms_json_get_str(ho, "record_id"));
	uint64_t days = 0;
	ck_assert_int_eq(ms_json_get_u64(l->items[0], "days_overdue", &days), 0);
	ck_assert_uint_gt(days, 365 * 20);
	ck_assert_ptr_null(ms_json_get_str(l->items[0], "problem"));
	ms_json_free(res);
	/* the same file with other bytes: no deadline can be vouched for, so it is listed */
	ck_assert_int_eq(ms_custody_load(early, "handover", &res, sha2, why, sizeof why), 0);
	ms_json_free(res);
	ck_assert_int_eq(ms_atomic_write(dir, ms_path_base(early), "{\"kind\":\"handover\"}", 20, 0644, 0), 0);
	ck_assert_int_eq(ms_custody_overdue(dir, time(NULL), &res), 0);
	ck_assert_uint_eq(ms_json_get(res, "overdue")->n, 2);
	ms_json_free(res);
	/* completed here: no longer overdue */
	ck_assert_int_eq(ms_journal_note_record(dir, "DS-job-3", "/x/DS-3.json", SHA_A, ms_json_get_str(ho, "record_id")), 0);
	ck_assert_int_eq(ms_custody_overdue(dir, time(NULL), &res), 0);
	l = ms_json_get(res, "overdue");
	ck_assert_uint_eq(l->n, 1);
	ck_assert_ptr_nonnull(ms_json_get_str(l->items[0], "problem"));
	uint64_t done = 0;
	ck_assert_int_eq(ms_json_get_u64(res, "completed", &done), 0);
	ck_assert_uint_eq(done, 1);
	ms_json_free(res);
	ms_json_free(ho);
	ms_json_free(ho2);
	ms_json_free(er);
	tmpdir_remove(dir);
}
END_TEST

Suite *suite_custody(void)
{
	Suite *s = suite_create("custody");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, ledger_appends_and_verifies);
	tcase_add_test(tc, ledger_finds_tampering);
	tcase_add_test(tc, ledger_head_damaged);
	tcase_add_test(tc, handover_write_load);
	tcase_add_test(tc, destruction_deadline_and_identity);
	tcase_add_test(tc, summary_lists_a_handover);
	tcase_add_test(tc, date_valid);
	tcase_add_test(tc, time_parse);
	tcase_add_test(tc, overdue_lists_late_handovers);
	tcase_add_test(tc, label_handover);
	suite_add_tcase(s, tc);
	return s;
}
