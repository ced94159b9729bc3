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
	size_t chunk;
	const atomic_bool *abort;
	atomic_bool cancel;
	EVP_MD_CTX *md;
	int r;
	unsigned char out[32];
};

static void *hash_main(void *arg)
{
	struct ms_streamhash *h = arg;
	/* The hash is the longest sequential chain of a verified erase: with a slightly
	 * higher priority it runs without pause while the write and verify stages fill the
	 * gaps around it. Needs CAP_SYS_NICE; without it the thread simply keeps nice 0. */
	(void)setpriority(PRIO_PROCESS, (id_t)gettid(), -5);
	for (uint64_t off = 0; off < h->len; off += h->chunk) {
		if (atomic_load(&h->cancel) || (h->abort && atomic_load(h->abort))) {
			h->r = -EINTR;
			return NULL;
		}
		size_t n = h->len - off < h->chunk ? (size_t)(h->len - off) : h->chunk;
		if (!h->constant && ms_stream_fill(h->s, off, h->buf, n)) {
			h->r = -EIO;
			return NULL;
		}
		if (!EVP_DigestUpdate(h->md, h->buf, n)) {
			h->r = -EIO;
			return NULL;
		}
	}
	h->r = EVP_DigestFinal_ex(h->md, h->out, NULL) ? 0 : -EIO;
	return NULL;
}

static void hash_free(struct ms_streamhash *h)
{
	ms_stream_free(h->s);
	free(h->buf);
	EVP_MD_CTX_free(h->md);
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
	h->chunk = chunk < SLICE ? chunk : SLICE;
	h->abort = abort;
	atomic_init(&h->cancel, false);
	h->constant = ms_stream_constant(s, &byte);
	h->s = ms_stream_clone(s);
	h->buf = aligned_alloc(MS_IO_ALIGN, (h->chunk + MS_IO_ALIGN - 1) / MS_IO_ALIGN * MS_IO_ALIGN);
	h->md = EVP_MD_CTX_new();
	if (!h->s || !h->buf || !h->md || !EVP_DigestInit_ex(h->md, EVP_sha256(), NULL))
		goto fail;
	if (h->constant)
		memset(h->buf, byte, h->chunk);
	if (pthread_create(&h->tid, NULL, hash_main, h))
		goto fail;
	return h;
fail:
	hash_free(h);
	return NULL;
}

int ms_streamhash_finish(struct ms_streamhash *h, unsigned char out[32])
{
	pthread_join(h->tid, NULL);
	int r = h->r;
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
	unsigned char scratch[32];
	ms_streamhash_finish(h, scratch);
}
