/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "overwrite.h"

#include <errno.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"
#include "journal.h"
#include "pipeline.h"
#include "streamhash.h"

#define DEFAULT_CHUNK (4u << 20)
#define DEFAULT_IO_DEPTH 2
#define MAX_HOLES 16
#define CMP_SLICE (128u << 10)

struct holes {
	struct ms_range h[MAX_HOLES]; /* offsets relative to the chunk */
	size_t n;
};

struct ow {
	struct ms_xport *x;
	struct ms_job *job;
	const struct ms_overwrite_opts *o;
	uint64_t cap;
	size_t chunk;
	uint32_t ls;
	int pass_no;                /* 1-based; 0 while verifying */
	struct ms_stream *gen;      /* generating thread's stream */
	struct ms_stream *cmp;      /* comparing thread's stream (same key) */
	void *constbuf;             /* chunk of a constant pattern, or NULL */
	void *expected;             /* comparing thread's scratch */
	EVP_MD_CTX *md;
	bool hash_valid;
	struct ms_streamhash *content; /* hash of the final pass's stream, on its own thread */
	struct holes *holes;        /* per slot: sectors that could not be read */
	char why[200];              /* reason for a fatal stop */
	/* Taken by the writers and the readers (several threads each) around what they
	 * share: the job's counters and error lists, why, and progress. The I/O itself runs
	 * unlocked. */
	pthread_mutex_t mu;
	/* progress */
	const char *phase;
	size_t pidx, ptotal;
	double t0, last;
	uint64_t done;
};

static uint64_t chunk_off(const struct ow *w, uint64_t c) { return c * w->chunk; }

static size_t chunk_len(const struct ow *w, uint64_t c)
{
	uint64_t left = w->cap - chunk_off(w, c);
	return left < w->chunk ? (size_t)left : w->chunk;
}

/* Errors that a bad sector produces; anything else (device gone, alignment,
 * read-only) means the whole run cannot go on. */
/* An error that means the device left (unplugged, its capacity dropped to 0), said so. */
static const char *gone(int r)
{
	return r == -ENOSPC || r == -ENXIO || r == -ENODEV || r == -ENOMEDIUM ?
	       N_(" (the device went away or shrank: unplugged, or its link reset?)") : "";
}

static bool media_error(int r)
{
	return r == -EIO || r == -EILSEQ || r == -ENODATA || r == -ETIMEDOUT || r == -EREMOTEIO ||
	       r == -EBADMSG;
}

static void report(struct ow *w, uint64_t add)
{
	w->done += add;
	bool final = w->done >= w->cap; /* several writers finish chunks out of order */
	if (!w->o->progress)
		return;
	double now = ms_mono();
	if (!final && now - w->last < 0.2)
		return;
	w->last = now;
	double dt = now - w->t0;
	struct ms_progress p = {
		.job = w->job, .phase = w->phase, .pass = w->pidx, .passes = w->ptotal,
		.done = w->done, .total = w->cap, .final = final,
	};
	p.rate = dt > 0 ? (double)w->done / dt : 0;
	p.eta = p.rate > 0 ? (double)(w->cap - w->done) / p.rate : -1;
	w->o->progress(w->o->progress_ctx, &p);
}

static void phase_start(struct ow *w, const char *phase, size_t idx)
{
	w->phase = phase;
	w->pidx = idx;
	w->done = 0;
	w->t0 = w->last = ms_mono();
}

/* ---- write pass ---------------------------------------------------------------- */

static int write_failed(struct ow *w, const char *data, uint64_t off, size_t len, int r);

static int write_range(struct ow *w, const char *data, uint64_t off, size_t len)
{
	struct ms_xport *x = w->x;
	int r = 0;
	for (unsigned a = 0; a <= w->o->retries; a++) {
		if (!(r = x->ops->write(x, data, len, off)) || !media_error(r)) {
			if (!r && a)
				__atomic_add_fetch(&w->job->retries, a, __ATOMIC_RELAXED);
			break;
		}
	}
	if (!r)
		return 0;
	pthread_mutex_lock(&w->mu);
	r = write_failed(w, data, off, len, r);
	pthread_mutex_unlock(&w->mu);
	return r;
}

/* A write failed with r: record it and, for a media error, write sector by sector so that
 * everything around the bad sectors is still written. Called with w->mu held. */
static int write_failed(struct ow *w, const char *data, uint64_t off, size_t len, int r)
{
	struct ms_xport *x = w->x;
	if (!media_error(r)) {
		snprintf(w->why, sizeof w->why, N_("write at byte %llu failed: %s%s"), (unsigned long long)off, strerror(-r),
			 gone(r));
		return r;
	}
	ms_job_add_error(w->job, "write", w->pass_no, off, len, r);
	/* Isolate the bad sectors so that everything around them is still written. */
	uint64_t limit = w->o->max_bad_sectors ? w->o->max_bad_sectors : 4096;
	for (size_t s = 0; s < len; s += w->ls) {
		r = x->ops->write(x, data + s, w->ls, off + s);
		if (r && media_error(r))
			r = x->ops->write(x, data + s, w->ls, off + s);
		if (!r)
			continue;
		if (!media_error(r)) {
			snprintf(w->why, sizeof w->why, N_("write at byte %llu failed: %s"),
				 (unsigned long long)(off + s), strerror(-r));
			return r;
		}
		ms_job_add_bad(w->job, off + s, w->ls);
		if (w->job->bad_bytes / w->ls > limit) {
			snprintf(w->why, sizeof w->why, N_("more than %llu unwritable sectors: the drive is failing"),
				 (unsigned long long)limit);
			return -EIO;
		}
	}
	return 0;
}

static int st_generate(void *vw, uint64_t c, size_t slot, void *buf)
{
	struct ow *w = vw;
	(void)slot;
	int r = ms_stream_fill(w->gen, chunk_off(w, c), buf, chunk_len(w, c));
	if (r)
		snprintf(w->why, sizeof w->why, N_("pattern generation failed"));
	return r;
}

static int st_write(void *vw, uint64_t c, size_t slot, void *buf)
{
	struct ow *w = vw;
	(void)slot;
	size_t len = chunk_len(w, c);
	int r = write_range(w, w->constbuf ? w->constbuf : buf, chunk_off(w, c), len);
	if (r)
		return r;
	pthread_mutex_lock(&w->mu);
	w->job->pass[w->pass_no - 1].bytes += len;
	w->job->bytes_written += len;
	report(w, len);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

/* ---- verification ---------------------------------------------------------------- */

/* A read failed with r: record it and, for a media error, read sector by sector, zero
 * the unreadable ones and note them as holes of the slot. Called with w->mu held. */
static int read_failed(struct ow *w, char *p, uint64_t off, size_t len, struct holes *h, int r)
{
	struct ms_xport *x = w->x;
	if (!media_error(r)) {
		snprintf(w->why, sizeof w->why, N_("read at byte %llu failed: %s%s"), (unsigned long long)off, strerror(-r),
			 gone(r));
		return r;
	}
	ms_job_add_error(w->job, "read", w->pass_no, off, len, r);
	for (size_t s = 0; s < len; s += w->ls) {
		if (!(r = x->ops->read(x, p + s, w->ls, off + s)))
			continue;
		if (!media_error(r)) {
			snprintf(w->why, sizeof w->why, N_("read at byte %llu failed: %s"), (unsigned long long)(off + s),
				 strerror(-r));
			return r;
		}
		memset(p + s, 0, w->ls);
		ms_job_add_bad(w->job, off + s, w->ls);
		w->job->verify.unreadable_bytes += w->ls;
		if (h->n && h->h[h->n - 1].off + h->h[h->n - 1].len == s)
			h->h[h->n - 1].len += w->ls;
		else if (h->n < MAX_HOLES)
			h->h[h->n++] = (struct ms_range){s, w->ls};
		else
			h->h[h->n - 1].len = s + w->ls - h->h[h->n - 1].off; /* coarsen */
	}
	return 0;
}

/* Several readers may run at once (reads in flight); the slot's holes are its own. */
static int st_read(void *vw, uint64_t c, size_t slot, void *buf)
{
	struct ow *w = vw;
	struct ms_xport *x = w->x;
	uint64_t off = chunk_off(w, c);
	size_t len = chunk_len(w, c);
	struct holes *h = &w->holes[slot];
	h->n = 0;
	int r = 0;
	for (unsigned a = 0; a <= w->o->retries; a++) {
		if (!(r = x->ops->read(x, buf, len, off)) || !media_error(r)) {
			if (!r && a)
				__atomic_add_fetch(&w->job->retries, a, __ATOMIC_RELAXED);
			break;
		}
	}
	pthread_mutex_lock(&w->mu);
	if (r)
		r = read_failed(w, buf, off, len, h, r);
	if (!r)
		w->job->verify.bytes_read += len;
	pthread_mutex_unlock(&w->mu);
	return r;
}

static void compare_segment(struct ow *w, const char *got, const char *exp, uint64_t base, size_t from, size_t to)
{
	if (from >= to || memcmp(got + from, exp + from, to - from) == 0) {
		w->job->verify.bytes_compared += to > from ? to - from : 0;
		return;
	}
	for (size_t s = from; s < to; s += w->ls)
		if (memcmp(got + s, exp + s, w->ls) != 0) {
			if (!w->job->verify.mismatched_sectors++)
				w->job->verify.first_mismatch = base + s;
		}
	w->job->verify.bytes_compared += to - from;
}

static int st_compare(void *vw, uint64_t c, size_t slot, void *buf)
{
	struct ow *w = vw;
	uint64_t off = chunk_off(w, c);
	size_t len = chunk_len(w, c);
	const char *exp = w->constbuf;
	const struct holes *h = &w->holes[slot];
	if (!exp && !h->n) {
		/* The usual case: regenerate and compare a slice at a time, so that both sides
		 * of the comparison are still in the core's L2 cache. */
		for (size_t s = 0; s < len; s += CMP_SLICE) {
			size_t n = len - s < CMP_SLICE ? len - s : CMP_SLICE;
			if (ms_stream_fill(w->cmp, off + s, (char *)w->expected + s, n)) {
				snprintf(w->why, sizeof w->why, N_("pattern regeneration failed"));
				return -EIO;
			}
			compare_segment(w, buf, w->expected, off, s, s + n);
		}
	} else {
		if (!exp) {
			if (ms_stream_fill(w->cmp, off, w->expected, len)) {
				snprintf(w->why, sizeof w->why, N_("pattern regeneration failed"));
				return -EIO;
			}
			exp = w->expected;
		}
		size_t from = 0;
		for (size_t i = 0; i < h->n; i++) {
			compare_segment(w, buf, exp, off, from, (size_t)h->h[i].off);
			from = (size_t)(h->h[i].off + h->h[i].len);
		}
		compare_segment(w, buf, exp, off, from, len);
	}
	if (h->n)
		w->hash_valid = false; /* sha256sum of the device would fail there too */
	return 0;
}

static int st_hash(void *vw, uint64_t c, size_t slot, void *buf)
{
	struct ow *w = vw;
	size_t len = chunk_len(w, c);
	if (w->holes[slot].n)
		w->hash_valid = false; /* sha256sum of the device would fail there too */
	if (!EVP_DigestUpdate(w->md, buf, len)) {
		snprintf(w->why, sizeof w->why, N_("SHA-256 failed"));
		return -EIO;
	}
	report(w, len);
	return 0;
}

/* With the content hash on its own thread: skip what it has hashed, take over where it
 * stops (see ms_streamhash_meet). */
static int st_hash_tail(void *vw, uint64_t c, size_t slot, void *buf)
{
	struct ow *w = vw;
	size_t len = chunk_len(w, c);
	(void)slot;
	int r = ms_streamhash_meet(w->content, chunk_off(w, c), len);
	if (!r)
		r = ms_streamhash_feed(w->content, buf, len);
	if (r < 0) {
		snprintf(w->why, sizeof w->why, N_("the content hash could not be computed: %s"), strerror(-r));
		return r;
	}
	report(w, len);
	return 0;
}

/* ---- driver ------------------------------------------------------------------------ */

/* Writes (and verification's reads) in flight. */
static size_t io_depth(const struct ow *w)
{
	size_t n = w->o->io_depth ? w->o->io_depth : DEFAULT_IO_DEPTH;
	return n > MS_PIPE_MAX_WORKERS ? MS_PIPE_MAX_WORKERS : n;
}

static struct ms_pipe_spec pipe_spec(const struct ow *w)
{
	struct ms_pipe_spec s = {
		.nchunks = (w->cap + w->chunk - 1) / w->chunk,
		.nslots = w->o->depth ? w->o->depth : io_depth(w) + 2,
		.slot_size = (w->chunk + MS_IO_ALIGN - 1) / MS_IO_ALIGN * MS_IO_ALIGN,
		.abort = w->o->abort,
	};
	return s;
}

static int setup_const(struct ow *w, const struct ms_stream *s)
{
	uint8_t byte;
	free(w->constbuf);
	w->constbuf = NULL;
	if (!ms_stream_constant(s, &byte))
		return 0;
	size_t sz = (w->chunk + MS_IO_ALIGN - 1) / MS_IO_ALIGN * MS_IO_ALIGN;
	if (!(w->constbuf = aligned_alloc(MS_IO_ALIGN, sz)))
		return -ENOMEM;
	memset(w->constbuf, byte, sz);
	return 0;
}

static int run_pass(struct ow *w, size_t i, struct ms_stream **keep)
{
	struct ms_job *job = w->job;
	struct ms_pass_result *pr = &job->pass[i];
	char name[32];
	ms_pass_name(&w->o->passes[i], name, sizeof name);
	pr->pass = w->o->passes[i];
	w->pass_no = (int)i + 1;
	w->gen = ms_stream_new(&w->o->passes[i]);
	if (!w->gen) {
		snprintf(w->why, sizeof w->why, N_("no random key could be drawn"));
		return -EIO;
	}
	int r = setup_const(w, w->gen);
	if (r)
		return r;
	if (job->journal) {
		struct ms_json *f = ms_json_obj();
		ms_json_set_i64(f, "pass", w->pass_no);
		ms_json_set_str(f, "pattern", name);
		ms_journal_append(job->journal, "pass-start", f);
	}
	/* The final pass of a fully verified erase is hashed from its stream while it is
	 * written and verified (see streamhash.h); verification then only compares. */
	if (i + 1 == w->o->npasses && w->o->verify == MS_VERIFY_FULL && !w->x->no_act)
		w->content = ms_streamhash_start(w->gen, w->cap, w->chunk, w->o->abort);
	ms_now(&pr->start);
	phase_start(w, "write", i + 1);
	struct ms_pipe_spec sp = pipe_spec(w);
	if (w->constbuf) {
		sp.stages[0] = st_write;
		sp.workers[0] = io_depth(w);
		sp.nstages = 1;
		sp.nslots = io_depth(w); /* slots are only tickets: the constant buffer is written */
		sp.slot_size = MS_IO_ALIGN;
	} else {
		sp.stages[0] = st_generate;
		sp.stages[1] = st_write;
		sp.workers[1] = io_depth(w);
		sp.nstages = 2;
	}
	r = ms_pipe_run(&sp, w);
	if (!r && (r = w->x->ops->flush(w->x)))
		snprintf(w->why, sizeof w->why, N_("flushing the drive's cache failed: %s"), strerror(-r));
	ms_now(&pr->end);
	pr->seconds = ms_mono() - w->t0;
	if (job->journal) {
		struct ms_json *f = ms_json_obj();
		ms_json_set_i64(f, "pass", w->pass_no);
		ms_json_set_u64(f, "bytes", pr->bytes);
		ms_json_set(f, "seconds", ms_json_double(pr->seconds, 3));
		ms_journal_append(job->journal, r ? "pass-failed" : "pass-end", f);
	}
	if (r || i + 1 < w->o->npasses) {
		ms_stream_free(w->gen);
	} else {
		ms_stream_free(*keep);
		*keep = w->gen; /* the last pass is what verification expects */
	}
	w->gen = NULL;
	return r;
}

static int run_verify(struct ow *w, struct ms_stream *last)
{
	struct ms_job *job = w->job;
	struct ms_pipe_spec sp = pipe_spec(w);
	int r = setup_const(w, last);
	if (r)
		return r;
	if (!w->constbuf) {
		w->cmp = ms_stream_clone(last);
		w->expected = aligned_alloc(MS_IO_ALIGN, sp.slot_size);
		if (!w->cmp || !w->expected)
			return -ENOMEM;
	}
	w->holes = calloc(sp.nslots, sizeof *w->holes);
	if (!w->holes)
		return -ENOMEM;
	if (!w->content) { /* otherwise the content thread hashes (st_hash_tail) */
		w->md = EVP_MD_CTX_new();
		if (!w->md || !EVP_DigestInit_ex(w->md, EVP_sha256(), NULL))
			return -ENOMEM;
	}
	w->hash_valid = true;
	w->pass_no = 0;
	phase_start(w, "verify", w->o->npasses + 1);
	sp.stages[0] = st_read;
	sp.workers[0] = io_depth(w);
	sp.stages[1] = st_compare;
	sp.stages[2] = w->content ? st_hash_tail : st_hash;
	sp.nstages = 3;
	double t0 = ms_mono();
	r = ms_pipe_run(&sp, w);
	unsigned char md[32];
	if (w->content) {
		/* The stream's hash is the device's only where every byte compared equal;
		 * after a mismatch the device is read once more and hashed as it is. */
		struct ms_streamhash *h = w->content;
		w->content = NULL;
		if (r)
			ms_streamhash_cancel(h);
		else if ((r = ms_streamhash_finish(h, md)))
			snprintf(w->why, sizeof w->why, N_("the content hash could not be computed: %s"), strerror(-r));
		else if (w->hash_valid && job->verify.mismatched_sectors) {
			w->hash_valid = false;
			if (ms_device_sha256(w->x, w->o->abort, job->content_sha256))
				job->content_sha256[0] = '\0';
		}
	} else if (!r) {
		EVP_DigestFinal_ex(w->md, md, NULL);
	}
	job->verify.seconds = ms_mono() - t0;
	if (r)
		return r;
	if (w->hash_valid)
		ms_hex(md, 32, job->content_sha256);
	job->verify.result = job->verify.mismatched_sectors ? MS_VERIFY_FAILED : MS_VERIFY_PASSED;
	if (job->journal) {
		struct ms_json *f = ms_json_obj();
		ms_json_set_str(f, "result", ms_verify_result_name(job->verify.result));
		ms_json_set_u64(f, "mismatched_sectors", job->verify.mismatched_sectors);
		ms_json_set_str(f, "content_sha256", job->content_sha256);
		ms_journal_append(job->journal, "verified", f);
	}
	return 0;
}

static void ow_free(struct ow *w)
{
	ms_streamhash_cancel(w->content);
	ms_stream_free(w->gen);
	ms_stream_free(w->cmp);
	free(w->constbuf);
	free(w->expected);
	free(w->holes);
	EVP_MD_CTX_free(w->md);
	pthread_mutex_destroy(&w->mu);
}

int ms_overwrite_run(struct ms_xport *x, struct ms_job *job, const struct ms_overwrite_opts *o)
{
	struct ow w = {.x = x, .job = job, .o = o, .cap = x->dev.capacity, .ls = x->dev.logical_sector, .ptotal = o->npasses,
		       .mu = PTHREAD_MUTEX_INITIALIZER};
	struct ms_stream *last = NULL;
	int r = 0;
	job->npasses = o->npasses;
	job->verify_mode = o->verify;
	job->dry_run = x->no_act;
	ms_now(&job->started);
	if (!w.ls || w.cap == 0 || w.cap % w.ls || !o->npasses || o->npasses > MS_MAX_PASSES) {
		ms_job_fail(job, -EINVAL, N_("nothing to overwrite: capacity %llu, sector %u, %zu passes"),
			    (unsigned long long)w.cap, w.ls, o->npasses);
		return -EINVAL;
	}
	/* Chunks are whole pages (O_DIRECT) and whole sectors; a device smaller than one
	 * chunk is done in one I/O of its own size. */
	size_t chunk = o->chunk ? o->chunk : DEFAULT_CHUNK;
	chunk = chunk / MS_IO_ALIGN * MS_IO_ALIGN;
	if (!chunk)
		chunk = MS_IO_ALIGN;
	w.chunk = w.cap < chunk ? (size_t)w.cap : chunk;
	ms_job_set_state(job, MS_JOB_RUNNING);
	for (size_t i = 0; i < o->npasses && !r; i++)
		r = run_pass(&w, i, &last);
	if (!r && o->verify == MS_VERIFY_FULL && !x->no_act) {
		ms_job_set_state(job, MS_JOB_VERIFYING);
		r = run_verify(&w, last);
	}
	ms_stream_free(last);
	ms_now(&job->ended);
	if (r) {
		if (r == -EINTR)
			ms_job_fail(job, r, N_("interrupted by the operator"));
		else
			ms_job_fail(job, r, "%s", w.why[0] ? w.why : strerror(-r));
		ow_free(&w);
		return r;
	}
	if (job->verify.result == MS_VERIFY_FAILED)
		job->outcome = MS_OUTCOME_VERIFY_FAILED;
	else if (job->bad_bytes || job->nerrors_total)
		job->outcome = MS_OUTCOME_COMPLETED_WITH_ERRORS;
	else
		job->outcome = MS_OUTCOME_COMPLETED;
	ms_job_set_state(job, job->outcome == MS_OUTCOME_VERIFY_FAILED ? MS_JOB_FAILED : MS_JOB_DONE);
	ow_free(&w);
	return 0;
}

/* Read the whole device and hash it, unreadable sectors noted in job (bad ranges,
 * verify.unreadable_bytes). out gets the hash, or "" when a sector could not be read
 * (sha256sum could not reproduce a hash with holes). Returns 0 or -errno. */
static int device_hash(struct ms_xport *x, struct ms_job *job, const atomic_bool *abort, char out[65])
{
	struct ms_overwrite_opts o = {.abort = abort};
	struct ow w = {.x = x, .job = job, .o = &o, .cap = x->dev.capacity, .ls = x->dev.logical_sector,
		       .mu = PTHREAD_MUTEX_INITIALIZER};
	w.chunk = w.cap < DEFAULT_CHUNK ? (size_t)w.cap : DEFAULT_CHUNK;
	struct ms_pipe_spec sp = pipe_spec(&w);
	w.holes = calloc(sp.nslots, sizeof *w.holes);
	w.md = EVP_MD_CTX_new();
	int r = -ENOMEM;
	out[0] = '\0';
	if (w.holes && w.md && EVP_DigestInit_ex(w.md, EVP_sha256(), NULL)) {
		w.hash_valid = true;
		phase_start(&w, "hash", 0);
		sp.stages[0] = st_read;
		sp.workers[0] = io_depth(&w);
		sp.stages[1] = st_hash;
		sp.nstages = 2;
		r = ms_pipe_run(&sp, &w);
		unsigned char md[32];
		EVP_DigestFinal_ex(w.md, md, NULL);
		if (!r && w.hash_valid)
			ms_hex(md, 32, out);
	}
	ow_free(&w);
	return r;
}

int ms_device_sha256(struct ms_xport *x, const atomic_bool *abort, char out[65])
{
	struct ms_job scratch;
	memset(&scratch, 0, sizeof scratch);
	pthread_mutex_init(&scratch.lock, NULL);
	int r = device_hash(x, &scratch, abort, out);
	if (!r && !out[0])
		r = -EIO; /* holes: no hash */
	ms_job_release(&scratch);
	return r;
}

int ms_device_read_back(struct ms_xport *x, struct ms_job *job, const atomic_bool *abort)
{
	double t0 = ms_mono();
	int r = device_hash(x, job, abort, job->content_sha256);
	job->verify.bytes_read = x->dev.capacity;
	job->verify.seconds = ms_mono() - t0;
	return r;
}
