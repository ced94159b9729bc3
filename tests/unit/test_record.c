/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../report/image.h"
#include "../../report/record.h"
#include "../../report/terms.h"
#include "../../report/summary.h"
#include "../../util/util.h"
#include "suites.h"

static const struct ms_record_meta META = {
	.tool_version = "0.1.0", .binary_sha256 = "ab", .hostname = "station-1", .kernel = "6.1.0",
	.operator_name = "山田 太郎",
};

static void sample_job(struct ms_job *j)
{
	struct ms_device d = {0};
	strcpy(d.path, "emu:sata-ssd:/x.img");
	strcpy(d.model, "MASSHO EMU SATA SSD");
	strcpy(d.serial, "EMUSSD0123456789");
	d.capacity = 1 << 20;
	d.logical_sector = 512;
	d.physical_sector = 4096;
	d.emulated = true;
	ms_device_identity_update(&d);
	ck_assert_int_eq(ms_job_init(j, &d, "overwrite"), 0);
	j->npasses = 1;
	j->pass[0].pass.kind = MS_PAT_RANDOM;
	j->pass[0].bytes = 1 << 20;
	j->bytes_written = 1 << 20;
	j->verify_mode = MS_VERIFY_FULL;
	j->verify.result = MS_VERIFY_PASSED;
	ms_now(&j->started);
	j->ended = j->started;
	ms_job_add_error(j, "write", 1, 4096, 4096, EIO);
	ms_job_add_bad(j, 4096, 512);
	ms_job_add_bad(j, 4608, 512);
	ms_job_add_bad(j, 8192, 512);
	j->outcome = MS_OUTCOME_COMPLETED_WITH_ERRORS;
}

START_TEST(build_parse_roundtrip)
{
	struct ms_job j;
	sample_job(&j);
	struct ms_json *rec = ms_record_build(&j, &META);
	ck_assert_ptr_nonnull(rec);
	char *text = ms_json_render(rec, 2), err[100], why[100];
	struct ms_json *back = ms_json_parse(text, strlen(text), err, sizeof err);
	ck_assert_ptr_nonnull(back);
	ck_assert_int_eq(ms_record_validate(back, why, sizeof why), 0);
	char *again = ms_json_render(back, 2);
	ck_assert_str_eq(text, again);
	ck_assert_str_eq(ms_json_path(back, "device.serial")->s, "EMUSSD0123456789");
	ck_assert_str_eq(ms_json_path(back, "outcome")->s, "completed with errors");
	ck_assert_str_eq(ms_json_path(back, "host.operator")->s, "山田 太郎");
	ck_assert(ms_json_path(back, "content_sha256")->type == MS_JNULL);
	ck_assert_ptr_null(ms_json_get(back, "completes_handover")); /* only the contractor's erase has it */
	/* merged bad ranges: LBAs 8-9 and 16 */
	const struct ms_json *bad = ms_json_path(back, "errors.bad_ranges");
	ck_assert_uint_eq(bad->n, 2);
	uint64_t v;
	ms_json_get_u64(bad->items[0], "first_lba", &v);
	ck_assert(v == 8);
	ms_json_get_u64(bad->items[0], "sectors", &v);
	ck_assert(v == 2);
	ms_json_get_u64(bad->items[1], "first_lba", &v);
	ck_assert(v == 16);
	free(text); free(again);
	ms_json_free(rec); ms_json_free(back);
	ms_job_release(&j);
}
END_TEST

static void expect_invalid(const char *text, const char *want)
{
	char err[100], why[200];
	struct ms_json *p = ms_json_parse(text, strlen(text), err, sizeof err);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(ms_record_validate(p, why, sizeof why), -EINVAL);
	ck_assert_msg(strstr(why, want), "'%s' lacks '%s'", why, want);
	ms_json_free(p);
}

static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	ck_assert_ptr_nonnull(at);
	char *out = malloc(strlen(s) + strlen(to) + 1);
	sprintf(out, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	return out;
}

/* The contractor's erase of a handed-over drive names the handover in the signed record. */
START_TEST(completes_handover_in_record)
{
	struct ms_job j;
	sample_job(&j);
	ms_strlcpy(j.completes, "HO-20261130T000000Z-00000001", sizeof j.completes);
	ms_strlcpy(j.completes_sha256, "ab", sizeof j.completes_sha256);
	struct ms_json *rec = ms_record_build(&j, &META);
	char why[100];
	ck_assert_int_eq(ms_record_validate(rec, why, sizeof why), 0);
	ck_assert_str_eq(ms_json_path(rec, "completes_handover.record_id")->s, "HO-20261130T000000Z-00000001");
	ck_assert_str_eq(ms_json_path(rec, "completes_handover.sha256")->s, "ab");
	ms_json_free(rec);
	ms_job_release(&j);
}
END_TEST

START_TEST(validation_catches_damage)
{
	struct ms_job j;
	sample_job(&j);
	struct ms_json *rec = ms_record_build(&j, &META);
	char *text = ms_json_render(rec, 0), *t;
	t = replace(text, "\"schema_version\":1", "\"schema_version\":2");
	expect_invalid(t, "schema_version: unsupported");
	free(t);
	t = replace(text, "\"serial\":", "\"serialx\":");
	expect_invalid(t, "device.serial: missing");
	free(t);
	t = replace(text, "\"bytes_written\":1048576,\"errors\"", "\"bytes_written\":\"1048576\",\"errors\"");
	expect_invalid(t, "bytes_written: wrong type");
	free(t);
	t = replace(text, "\"identity_hash\":\"", "\"identity_hash\":\"zz");
	expect_invalid(t, "device.identity_hash: not a SHA-256");
	free(t);
	free(text);
	ms_json_free(rec);
	ms_job_release(&j);
}
END_TEST

START_TEST(write_and_load)
{
	struct ms_job j;
	sample_job(&j);
	struct ms_json *rec = ms_record_build(&j, &META), *back = NULL;
	char dir[256], sub[300], path[400], why[200];
	tmpdir_make(dir, sizeof dir);
	/* like mkdir without -p: one missing level is made, a missing parent is an error */
	snprintf(sub, sizeof sub, "%s/records/2026", dir);
	ck_assert_int_eq(ms_record_write(sub, rec, path, sizeof path, NULL), -ENOENT);
	snprintf(sub, sizeof sub, "%s/records", dir);
	ck_assert_int_eq(ms_record_write(sub, rec, path, sizeof path, NULL), 0);
	ck_assert_int_eq(ms_record_write(sub, rec, path, sizeof path, NULL), -EEXIST);
	ck_assert_int_eq(ms_record_load(path, &back, why, sizeof why), 0);
	ck_assert_str_eq(ms_json_get_str(back, "record_id"), j.id);
	FILE *f = fopen(path, "r+");
	fputs("{\"x", f); /* damage it */
	fclose(f);
	ms_json_free(back);
	back = NULL;
	ck_assert_int_eq(ms_record_load(path, &back, why, sizeof why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "not valid JSON"));
	ms_json_free(rec);
	ms_job_release(&j);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(summary_lists_and_counts)
{
	static const char *texts[] = {
		"{\"kind\":\"erasure\",\"record_id\":\"MS-1\",\"outcome\":\"completed\","
		"\"verification\":{\"result\":\"passed\"},\"method\":{\"id\":\"overwrite\"},"
		"\"device\":{\"model\":\"M1\",\"serial\":\"S1\",\"capacity_bytes\":4096}}",
		"{\"kind\":\"erasure\",\"record_id\":\"MS-2\",\"outcome\":\"verification failed\","
		"\"verification\":{\"result\":\"failed\"},\"method\":{\"id\":\"overwrite\"},"
		"\"device\":{\"model\":\"M2\",\"serial\":\"S2\"}}",
		"{\"kind\":\"destruction\",\"record_id\":\"DS-3\",\"method\":\"shred\",\"destroyed_at\":\"t\","
		"\"deadline\":{\"met\":true},\"device\":{\"model\":\"M3\",\"serial\":\"S3\"}}",
	};
	struct ms_json *recs[3];
	struct ms_summary_item items[3];
	static const char *const hashes[] = {"aa", "bb", "cc"};
	static const char *const rhashes[] = {"11", "22", "33"};
	for (int i = 0; i < 3; i++) {
		recs[i] = ms_json_parse(texts[i], strlen(texts[i]), NULL, 0);
		ck_assert_ptr_nonnull(recs[i]);
		items[i] = (struct ms_summary_item){.file = hashes[i], .pdf_sha256 = hashes[i], .record = recs[i],
						    .record_sha256 = rhashes[i]};
	}
	struct ms_summary_meta m = {.tool_version = "t", .hostname = "h"};
	char why[200];
	struct ms_json *s = ms_summary_build(items, 3, &m, why, sizeof why);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(ms_json_get_str(s, "kind"), "summary");
	uint64_t v;
	ck_assert_int_eq(ms_json_get_u64(ms_json_get(s, "counts"), "succeeded", &v), 0);
	ck_assert_uint_eq(v, 2); /* the failed verification is not a success */
	const struct ms_json *l = ms_json_get(s, "certificates");
	ck_assert_uint_eq(l->n, 3);
	ck_assert_str_eq(ms_json_get_str(l->items[1], "certificate_sha256"), "bb");
	ck_assert_str_eq(ms_json_path(l->items[1], "device.serial")->s, "S2");
	ck_assert(!ms_json_get(l->items[1], "succeeded")->b);
	ck_assert_str_eq(ms_json_get_str(l->items[2], "method"), "shred (destruction)");
	ck_assert_int_eq(ms_json_get_u64(ms_json_get(l->items[0], "device"), "capacity_bytes", &v), 0);
	ck_assert_uint_eq(v, 4096);
	ms_json_free(s);
	items[2].record_sha256 = "11"; /* the first record again, under another file name */
	ck_assert_ptr_null(ms_summary_build(items, 3, &m, why, sizeof why));
	ck_assert_str_eq(why, "cc: the same certificate as aa, listed twice");
	for (int i = 0; i < 3; i++)
		ms_json_free(recs[i]);
}
END_TEST

/* The terms a certificate prints beside the record's values (report/terms.h). */
START_TEST(terms_in_japanese)
{
	char t[128];
	ck_assert_str_eq(ms_term_jst("2026-11-29T05:05:12+00:00", t, sizeof t), "2026-11-29 14:05:12 +09:00");
	ck_assert_str_eq(ms_term_jst("2026-12-31T20:00:00Z", t, sizeof t), "2027-01-01 05:00:00 +09:00");
	ck_assert_str_eq(ms_term_jst("2026-11-29T05:05:12+09:00", t, sizeof t), "2026-11-29T05:05:12+09:00");
	ck_assert_str_eq(ms_term_jst("garbage", t, sizeof t), "garbage");
	ck_assert_str_eq(ms_term_jst(NULL, t, sizeof t), "-");
	ms_term_class("3", t, sizeof t);
	ck_assert_str_eq(t, "機密性3 / confidentiality class 3");
	ms_term_class("mynumber", t, sizeof t);
	ck_assert_str_eq(t, "マイナンバー利用事務系 / My Number domain");
	ms_term_row("2", t, sizeof t);
	ck_assert_str_eq(t, "図表41 (2) / Figure 41 row (2)");
	ms_term_method("sanitize-crypto", t, sizeof t);
	ck_assert_str_eq(t, "暗号化消去（サニタイズ） / sanitize-crypto");
	ms_term_method("gutmann", t, sizeof t);
	ck_assert_str_eq(t, "gutmann");
	ck_assert_str_eq(ms_term_outcome("verification failed"), "検証不合格 / verification failed");
	ck_assert_str_eq(ms_term_outcome("odd"), "odd");
}
END_TEST

/* The boot image's identity: parsed strictly, and in the record only when present. */
START_TEST(image_identity)
{
	struct ms_image_id id;
	char good[300];
	const char *h1 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	snprintf(good, sizeof good, "version=0.1.0+20261130\nmedium_sha256=%s\ninitrd_sha256=%s\n", h1, h1);
	ck_assert_int_eq(ms_image_id_parse(good, strlen(good), &id), 0);
	ck_assert(id.present);
	ck_assert_str_eq(id.version, "0.1.0+20261130");
	const char *bad[] = {
		"version=0.1\n",                                   /* hashes missing */
		"version=0.1 beta\nmedium_sha256=x\ninitrd_sha256=x\n",
		"version=\n", "colour=red\n", "version=a\nversion=b\n",
	};
	for (size_t i = 0; i < MS_ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(ms_image_id_parse(bad[i], strlen(bad[i]), &id), -EINVAL);
		ck_assert(!id.present);
	}
	/* a NUL inside the version (found by fuzz_image) */
	char nul[300];
	int nn = snprintf(nul, sizeof nul, "version=1.0Xx\nmedium_sha256=%s\ninitrd_sha256=%s\n", h1, h1);
	nul[11] = '\0';
	ck_assert_int_eq(ms_image_id_parse(nul, (size_t)nn, &id), -EINVAL);
	char upper[300];
	snprintf(upper, sizeof upper, "version=1\nmedium_sha256=%.63sA\ninitrd_sha256=%s\n", h1, h1);
	ck_assert_int_eq(ms_image_id_parse(upper, strlen(upper), &id), -EINVAL);
	/* a file nobody vouches for (not root's, or writable by others) is not taken */
	char dir[256], path[300];
	tmpdir_make(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/image", dir);
	FILE *f = fopen(path, "w");
	fputs(good, f);
	fclose(f);
	ck_assert_int_eq(ms_image_id_load(path, &id), getuid() == 0 ? 0 : -EPERM);
	chmod(path, 0666);
	ck_assert_int_eq(ms_image_id_load(path, &id), -EPERM);
	ck_assert(!id.present);
	unlink(path);
	ck_assert_int_eq(ms_image_id_load(path, &id), 0); /* none: not from the image */
	ck_assert(!id.present);
	tmpdir_remove(dir);
	/* the record carries it under tool.image only when present */
	struct ms_job j;
	sample_job(&j);
	struct ms_record_meta meta = META;
	struct ms_json *rec = ms_record_build(&j, &meta);
	ck_assert_ptr_null(ms_json_path(rec, "tool.image"));
	ms_json_free(rec);
	ck_assert_int_eq(ms_image_id_parse(good, strlen(good), &meta.image), 0);
	rec = ms_record_build(&j, &meta);
	ck_assert_str_eq(ms_json_path(rec, "tool.image.medium_sha256")->s, h1);
	ck_assert_str_eq(ms_json_path(rec, "tool.image.version")->s, "0.1.0+20261130");
	ms_json_free(rec);
	ms_job_release(&j);
}
END_TEST

Suite *suite_record(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, build_parse_roundtrip);
	tcase_add_test(tc, completes_handover_in_record);
	tcase_add_test(tc, summary_lists_and_counts);
	tcase_add_test(tc, validation_catches_damage);
	tcase_add_test(tc, write_and_load);
	tcase_add_test(tc, terms_in_japanese);
	tcase_add_test(tc, image_identity);
	suite_add_tcase(s, tc);
	return s;
}
