/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The overwrite engine on the emulated drive: what it writes, what verification sees,
 * how it records faults. Functional only; speed is `make bench`'s business. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../devices/emu.h"
#include "../../erase/overwrite.h"
#include "../../erase/pipeline.h"
#include "../../util/util.h"
#include "suites.h"

struct fx {
	char dir[256], img[300], spec[600];
	struct ms_xport *x;
	struct ms_job job;
};

/* An emulated SSD of `cap` bytes pre-filled with 'A' (a recognisable old content). */
static void fx_open(struct fx *f, uint64_t cap, unsigned logical, const char *opts, unsigned flags)
{
	tmpdir_make(f->dir, sizeof f->dir);
	snprintf(f->img, sizeof f->img, "%s/d.img", f->dir);
	int fd = open(f->img, O_CREAT | O_WRONLY, 0600);
	char *fill = malloc(cap);
	memset(fill, 'A', cap);
	ck_assert(write(fd, fill, cap) == (ssize_t)cap);
	close(fd);
	free(fill);
	snprintf(f->spec, sizeof f->spec, "emu:sata-ssd:%s,logical=%u%s", f->img, logical, opts ? opts : "");
	struct ms_device d;
	char why[200];
	ck_assert_int_eq(ms_emu_describe(f->spec, &d, why, sizeof why), 0);
	ck_assert(d.capacity == cap);
	ck_assert_int_eq(ms_xport_open(&d, flags, &f->x), 0);
	ck_assert_int_eq(ms_job_init(&f->job, &d, "overwrite"), 0);
}

static void fx_close(struct fx *f)
{
	ms_xport_close(f->x);
	ms_job_release(&f->job);
	tmpdir_remove(f->dir);
}

static struct ms_overwrite_opts opts_for(const char *passes, size_t chunk)
{
	struct ms_overwrite_opts o = {.verify = MS_VERIFY_FULL, .chunk = chunk, .retries = 2};
	char why[100];
	int n = ms_passes_parse(passes, o.passes, MS_MAX_PASSES, why, sizeof why);
	ck_assert_int_gt(n, 0);
	o.npasses = (size_t)n;
	return o;
}

/* No sector of the image may still hold the old 'A' fill. */
static void assert_no_old_sector(const struct fx *f, unsigned sector)
{
	char *data;
	size_t n;
	ck_assert_int_eq(ms_read_file(f->img, &data, &n, 1 << 30), 0);
	char *old = malloc(sector);
	memset(old, 'A', sector);
	for (size_t off = 0; off + sector <= n; off += sector)
		ck_assert_msg(memcmp(data + off, old, sector) != 0, "old data left at byte %zu", off);
	free(old);
	free(data);
}

static void assert_hash_is_image(const struct fx *f)
{
	char hex[65];
	ck_assert_int_eq(ms_sha256_file_hex(f->img, hex), 0);
	ck_assert_str_eq(f->job.content_sha256, hex);
}

/* ---- the pipeline itself: several workers on a stage --------------------------------- */

#define PT_CHUNKS 61
struct pt {
	int seen[3][PT_CHUNKS];  /* how often each stage saw each chunk */
	uint64_t last_in_order;  /* the single-worker last stage: the next chunk it expects */
	bool out_of_order;
	uint64_t fail_at;        /* stage 1 fails there (UINT64_MAX: never) */
	pthread_mutex_t mu;
};

static int pt_stage(struct pt *t, size_t s, uint64_t c, void *buf)
{
	uint64_t *tag = buf;
	pthread_mutex_lock(&t->mu);
	t->seen[s][c]++;
	bool ok = s == 0 || tag[0] == c * 10 + s - 1; /* the previous stage's mark on this chunk */
	if (s == 2) {
		t->out_of_order |= c != t->last_in_order;
		t->last_in_order = c + 1;
	}
	pthread_mutex_unlock(&t->mu);
	if (!ok)
		return -EPROTO;
	if (s == 1 && c == t->fail_at)
		return -EIO;
	if (s == 1)
		usleep((useconds_t)(c % 3) * 200); /* workers finish out of order */
	tag[0] = c * 10 + s;
	return 0;
}
static int pt0(void *t, uint64_t c, size_t slot, void *buf) { (void)slot; return pt_stage(t, 0, c, buf); }
static int pt1(void *t, uint64_t c, size_t slot, void *buf) { (void)slot; return pt_stage(t, 1, c, buf); }
static int pt2(void *t, uint64_t c, size_t slot, void *buf) { (void)slot; return pt_stage(t, 2, c, buf); }

START_TEST(pipeline_workers_keep_every_chunk_in_its_stage_order)
{
	for (size_t workers = 1; workers <= 4; workers++) {
		struct pt t = {.fail_at = UINT64_MAX, .mu = PTHREAD_MUTEX_INITIALIZER};
		struct ms_pipe_spec sp = {.stages = {pt0, pt1, pt2}, .workers = {1, workers, 1}, .nstages = 3,
					  .nchunks = PT_CHUNKS, .nslots = workers + 2, .slot_size = 4096};
		ck_assert_int_eq(ms_pipe_run(&sp, &t), 0);
		for (size_t s = 0; s < 3; s++)
			for (size_t c = 0; c < PT_CHUNKS; c++)
				ck_assert_msg(t.seen[s][c] == 1, "workers %zu: stage %zu saw chunk %zu %d times", workers, s, c,
					      t.seen[s][c]);
		ck_assert_msg(!t.out_of_order, "workers %zu: the single-worker stage got chunks out of order", workers);
	}
	struct pt t = {.fail_at = 17, .mu = PTHREAD_MUTEX_INITIALIZER};
	struct ms_pipe_spec sp = {.stages = {pt0, pt1, pt2}, .workers = {1, 3, 1}, .nstages = 3,
				  .nchunks = PT_CHUNKS, .nslots = 5, .slot_size = 4096};
	ck_assert_int_eq(ms_pipe_run(&sp, &t), -EIO);
	ck_assert_int_eq(t.seen[2][17], 0); /* a failed chunk goes no further */
	ck_assert_int_eq(t.seen[0][PT_CHUNKS - 1], 0); /* and the pipeline stopped */
	sp.workers[1] = MS_PIPE_MAX_WORKERS + 1;
	ck_assert_int_eq(ms_pipe_run(&sp, &t), -EINVAL);
}
END_TEST

START_TEST(random_pass_verified_and_hashed)
{
	struct fx f;
	fx_open(&f, 3u << 20, 512, NULL, MS_OPEN_WRITE);
	struct ms_overwrite_opts o = opts_for("random", 1 << 20);
	ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), 0);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_COMPLETED);
	ck_assert_int_eq(f.job.verify.result, MS_VERIFY_PASSED);
	ck_assert(f.job.bytes_written == 3u << 20);
	ck_assert(f.job.verify.bytes_compared == 3u << 20);
	ck_assert_int_eq(f.job.state, MS_JOB_DONE);
	assert_no_old_sector(&f, 512);
	assert_hash_is_image(&f);
	fx_close(&f);
}
END_TEST

START_TEST(pass_sequence_ends_with_last_pattern)
{
	struct fx f;
	fx_open(&f, 1u << 20, 512, NULL, MS_OPEN_WRITE);
	struct ms_overwrite_opts o = opts_for("random,zeros,byte:0x55", 256 << 10);
	ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), 0);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_COMPLETED);
	ck_assert_uint_eq(f.job.npasses, 3);
	for (int i = 0; i < 3; i++)
		ck_assert(f.job.pass[i].bytes == 1u << 20);
	ck_assert(f.job.bytes_written == 3u << 20);
	char *data;
	size_t n;
	ck_assert_int_eq(ms_read_file(f.img, &data, &n, 1 << 21), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_uint_eq((unsigned char)data[i], 0x55);
	free(data);
	assert_hash_is_image(&f);
	fx_close(&f);
}
END_TEST

/* Sizes that are not a multiple of the chunk, 4Kn sectors, a one-sector device. */
START_TEST(odd_sizes)
{
	const struct { uint64_t cap; unsigned ls; size_t chunk; } cases[] = {
		{(2u << 20) + 3 * 512, 512, 1 << 20},
		{5 * 4096, 4096, 8192},
		{512, 512, 4 << 20},
		{4096, 4096, 4096},
		{7 * 512, 512, 4096},
	};
	/* ... and with one, two (the default) and three writes and reads in flight. */
	for (size_t k = 0; k < 3 * sizeof cases / sizeof cases[0]; k++) {
		size_t i = k / 3;
		struct fx f;
		fx_open(&f, cases[i].cap, cases[i].ls, NULL, MS_OPEN_WRITE);
		struct ms_overwrite_opts o = opts_for("random", cases[i].chunk);
		o.io_depth = k % 3 + 1;
		ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), 0);
		ck_assert_msg(f.job.outcome == MS_OUTCOME_COMPLETED, "case %zu, depth %zu: %s", i, o.io_depth,
			      ms_outcome_name(f.job.outcome));
		ck_assert(f.job.bytes_written == cases[i].cap);
		ck_assert(f.job.verify.bytes_compared == cases[i].cap);
		assert_no_old_sector(&f, cases[i].ls);
		assert_hash_is_image(&f);
		fx_close(&f);
	}
}
END_TEST

START_TEST(flipped_byte_fails_verification)
{
	struct fx f;
	fx_open(&f, 2u << 20, 512, ",flip=1234567", MS_OPEN_WRITE);
	struct ms_overwrite_opts o = opts_for("random", 1 << 20);
	ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), 0);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_VERIFY_FAILED);
	ck_assert_int_eq(f.job.verify.result, MS_VERIFY_FAILED);
	ck_assert(f.job.verify.mismatched_sectors == 1);
	ck_assert(f.job.verify.first_mismatch == 1234567 / 512 * 512);
	ck_assert_int_eq(f.job.state, MS_JOB_FAILED);
	assert_hash_is_image(&f); /* the hash still describes what is on the drive */
	fx_close(&f);
}
END_TEST

START_TEST(bad_sectors_recorded_rest_verified)
{
	struct fx f;
	fx_open(&f, 2u << 20, 512, ",bad=100-103,bad=3000", MS_OPEN_WRITE);
	struct ms_overwrite_opts o = opts_for("random", 1 << 20);
	ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), 0);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_COMPLETED_WITH_ERRORS);
	ck_assert_int_eq(f.job.verify.result, MS_VERIFY_PASSED);
	ck_assert_uint_eq(f.job.nbad, 2);
	ck_assert(f.job.bad[0].off == 100 * 512 && f.job.bad[0].len == 4 * 512);
	ck_assert(f.job.bad[1].off == 3000 * 512 && f.job.bad[1].len == 512);
	ck_assert(f.job.bad_bytes == 5 * 512);
	ck_assert(f.job.nerrors_total >= 2);
	ck_assert_str_eq(f.job.errors[0].op, "write");
	ck_assert_int_eq(f.job.errors[0].err, EIO);
	ck_assert(f.job.verify.unreadable_bytes == 5 * 512);
	ck_assert(f.job.verify.bytes_compared == (2u << 20) - 5 * 512);
	ck_assert_str_eq(f.job.content_sha256, ""); /* sha256sum could not read it either */
	fx_close(&f);
}
END_TEST

START_TEST(transient_error_is_retried)
{
	struct fx f;
	fx_open(&f, 1u << 20, 512, ",transient=700", MS_OPEN_WRITE);
	struct ms_overwrite_opts o = opts_for("random", 256 << 10);
	ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), 0);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_COMPLETED);
	ck_assert(f.job.retries == 1);
	ck_assert_uint_eq(f.job.nbad, 0);
	assert_hash_is_image(&f);
	fx_close(&f);
}
END_TEST

START_TEST(too_many_bad_sectors_stops)
{
	struct fx f;
	fx_open(&f, 1u << 20, 512, ",bad=0-1000", MS_OPEN_WRITE);
	struct ms_overwrite_opts o = opts_for("random", 256 << 10);
	o.max_bad_sectors = 16;
	ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), -EIO);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_FAILED);
	ck_assert_ptr_nonnull(strstr(f.job.failure, "more than 16 unwritable sectors"));
	fx_close(&f);
}
END_TEST

START_TEST(dry_run_changes_nothing)
{
	struct fx f;
	fx_open(&f, 1u << 20, 512, NULL, MS_OPEN_WRITE | MS_OPEN_NO_ACT);
	char before[65], after[65];
	ms_sha256_file_hex(f.img, before);
	struct ms_overwrite_opts o = opts_for("random,zeros", 256 << 10);
	ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), 0);
	ck_assert(f.job.dry_run);
	ck_assert_int_eq(f.job.verify.result, MS_VERIFY_NOT_RUN);
	ms_sha256_file_hex(f.img, after);
	ck_assert_str_eq(before, after);
	fx_close(&f);
}
END_TEST

/* A stage that finds the abort flag set stops the pipeline; the job says why. */
START_TEST(abort_interrupts)
{
	static atomic_bool stop_now;
	struct fx f;
	fx_open(&f, 4u << 20, 512, NULL, MS_OPEN_WRITE);
	struct ms_overwrite_opts o = opts_for("random,zeros", 256 << 10);
	atomic_store(&stop_now, true);
	o.abort = &stop_now;
	ck_assert_int_eq(ms_overwrite_run(f.x, &f.job, &o), -EINTR);
	ck_assert_int_eq(f.job.outcome, MS_OUTCOME_INTERRUPTED);
	ck_assert_int_eq(f.job.state, MS_JOB_FAILED);
	ck_assert_str_eq(f.job.failure, "interrupted by the operator");
	ck_assert(f.job.bytes_written == 0);
	fx_close(&f);
}
END_TEST

START_TEST(device_sha256_matches_file)
{
	struct fx f;
	fx_open(&f, (1u << 20) + 512, 512, NULL, MS_OPEN_WRITE);
	char a[65], b[65];
	ck_assert_int_eq(ms_device_sha256(f.x, NULL, a), 0);
	ms_sha256_file_hex(f.img, b);
	ck_assert_str_eq(a, b);
	fx_close(&f);
}
END_TEST

Suite *suite_overwrite(void)
{
	Suite *s = suite_create("overwrite");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, pipeline_workers_keep_every_chunk_in_its_stage_order);
	tcase_add_test(tc, random_pass_verified_and_hashed);
	tcase_add_test(tc, pass_sequence_ends_with_last_pattern);
	tcase_add_test(tc, odd_sizes);
	tcase_add_test(tc, flipped_byte_fails_verification);
	tcase_add_test(tc, bad_sectors_recorded_rest_verified);
	tcase_add_test(tc, transient_error_is_retried);
	tcase_add_test(tc, too_many_bad_sectors_stops);
	tcase_add_test(tc, dry_run_changes_nothing);
	tcase_add_test(tc, abort_interrupts);
	tcase_add_test(tc, device_sha256_matches_file);
	suite_add_tcase(s, tc);
	return s;
}
