/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "streamhash.h"

#include <errno.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../devices/xport.h"

/* Generated a slice at a time so that the bytes SHA-256 reads are still in the core's
 * L2 cache where AES put them (a whole 4 MiB chunk would go through L3 and memory). */
#define SLICE (128u << 10)

struct ms_streamhash {
	pthread_t tid;
	struct ms_stream *s;
	void *buf;
	bool constant;
	uint64_t len;
	size_t chunk, slice;
	const atomic_bool *abort;
	atomic_bool cancel;
	EVP_MD_CTX *md;
	/* Hand-over to the verifying thread (ms_streamhash_meet). */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	uint64_t pos;      /* bytes hashed by the thread, at chunk boundaries */
	uint64_t stop_at;  /* the thread stops when pos reaches it */
	bool stopped;      /* the thread has ended (done, stopped, error) */
	bool taken;        /* the caller feeds the rest */
	uint64_t fed;      /* bytes hashed in all once taken */
	int r;
	unsigned char out[32];
};

static bool should_stop(struct ms_streamhash *h, uint64_t off)
{
	pthread_mutex_lock(&h->mu);
	h->pos = off;
	bool stop = off >= h->stop_at;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	return stop;
}

static int hash_chunk(struct ms_streamhash *h, uint64_t off, size_t n)
{
	for (size_t s = 0; s < n; s += h->slice) {
		if (atomic_load(&h->cancel) || (h->abort && atomic_load(h->abort)))
			return -EINTR;
		size_t k = n - s < h->slice ? n - s : h->slice;
		if (!h->constant && ms_stream_fill(h->s, off + s, h->buf, k))
			return -EIO;
		if (!EVP_DigestUpdate(h->md, h->buf, k))
			return -EIO;
	}
	return 0;
}

static void *hash_main(void *arg)
{
	struct ms_streamhash *h = arg;
	/* The hash is the longest sequential chain of a verified erase: with a slightly
	 * higher priority it runs without pause while the write and verify stages fill the
	 * gaps around it. Needs CAP_SYS_NICE; without it the thread simply keeps nice 0. */
	(void)setpriority(PRIO_PROCESS, (id_t)gettid(), -5);
	int r = 0;
	uint64_t off = 0;
	for (; off < h->len && !should_stop(h, off); off += h->chunk)
		if ((r = hash_chunk(h, off, h->len - off < h->chunk ? (size_t)(h->len - off) : h->chunk)))
			break;
	pthread_mutex_lock(&h->mu);
	if (!r && off >= h->len) {
		h->pos = h->len;
		r = EVP_DigestFinal_ex(h->md, h->out, NULL) ? 0 : -EIO;
	}
	h->r = r;
	h->stopped = true;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

static void hash_free(struct ms_streamhash *h)
{
	ms_stream_free(h->s);
	free(h->buf);
	EVP_MD_CTX_free(h->md);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

struct ms_streamhash *ms_streamhash_start(const struct ms_stream *s, uint64_t len, size_t chunk,
					  const atomic_bool *abort)
{
	if (!chunk)
		return NULL;
	struct ms_streamhash *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	uint8_t byte;
	h->len = len;
	h->chunk = chunk;
	h->slice = chunk < SLICE ? chunk : SLICE;
	h->stop_at = UINT64_MAX;
	h->abort = abort;
	atomic_init(&h->cancel, false);
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	h->constant = ms_stream_constant(s, &byte);
	h->s = ms_stream_clone(s);
	h->buf = aligned_alloc(MS_IO_ALIGN, (h->slice + MS_IO_ALIGN - 1) / MS_IO_ALIGN * MS_IO_ALIGN);
	h->md = EVP_MD_CTX_new();
	if (!h->s || !h->buf || !h->md || !EVP_DigestInit_ex(h->md, EVP_sha256(), NULL))
		goto fail;
	if (h->constant)
		memset(h->buf, byte, h->slice);
	if (pthread_create(&h->tid, NULL, hash_main, h))
		goto fail;
	return h;
fail:
	hash_free(h);
	return NULL;
}

int ms_streamhash_meet(struct ms_streamhash *h, uint64_t off, uint64_t len)
{
	if (h->taken)
		return 0;
	int r;
	pthread_mutex_lock(&h->mu);
	if (!h->stopped && h->pos < off + len) {
		/* Not at this chunk yet: stop it right before. Already inside it (pos is the
		 * boundary it last passed): let it finish the chunk and stop after. */
		uint64_t at = h->pos < off ? off : off + len;
		if (at < h->stop_at)
			h->stop_at = at;
		while (!h->stopped)
			pthread_cond_wait(&h->cv, &h->mu);
	}
	if (h->r)
		r = h->r;
	else if (h->pos >= off + len)
		r = 1; /* the thread hashed this chunk */
	else if (h->pos == off) {
		r = 0; /* the thread ended right here without finalising: the caller goes on */
		h->taken = true;
		h->fed = off;
	} else {
		r = -EPROTO; /* chunks must be met in order */
	}
	pthread_mutex_unlock(&h->mu);
	return r;
}

int ms_streamhash_feed(struct ms_streamhash *h, const void *buf, size_t len)
{
	if (!h->taken)
		return -EINVAL;
	h->fed += len;
	return EVP_DigestUpdate(h->md, buf, len) ? 0 : -EIO;
}

int ms_streamhash_finish(struct ms_streamhash *h, unsigned char out[32])
{
	pthread_join(h->tid, NULL);
	int r = h->r;
	if (!r && h->taken)
		r = h->fed != h->len ? -EPROTO : EVP_DigestFinal_ex(h->md, h->out, NULL) ? 0 : -EIO;
	else if (!r && h->pos != h->len)
		r = -EINTR; /* stopped for a hand-over that never came */
	if (!r)
		memcpy(out, h->out, 32);
	hash_free(h);
	return r;
}

void ms_streamhash_cancel(struct ms_streamhash *h)
{
	if (!h)
		return;
	atomic_store(&h->cancel, true);
	pthread_mutex_lock(&h->mu);
	h->stop_at = 0;
	pthread_mutex_unlock(&h->mu);
	unsigned char scratch[32];
	h->taken = false;
	ms_streamhash_finish(h, scratch);
}
