/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pattern.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"

struct ms_stream {
	struct ms_pass pass;
	uint8_t key[32];
	uint8_t iv[16];
	EVP_CIPHER_CTX *ctx;
	EVP_CIPHER *cipher;
};

int ms_passes_parse(const char *s, struct ms_pass *out, size_t max, char *why, size_t whylen)
{
	char buf[512];
	ms_strlcpy(buf, s, sizeof buf);
	size_t n = 0;
	char *save = NULL;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		ms_trim(t);
		if (n == max) {
			snprintf(why, whylen, N_("at most %zu passes"), max);
			return -EINVAL;
		}
		struct ms_pass p = {0};
		if (strcmp(t, "random") == 0) {
			p.kind = MS_PAT_RANDOM;
		} else if (strcmp(t, "zeros") == 0 || strcmp(t, "zero") == 0) {
			p.kind = MS_PAT_ZEROS;
		} else if (strcmp(t, "ones") == 0) {
			p.kind = MS_PAT_ONES;
		} else if (strncmp(t, "byte:", 5) == 0) {
			char *end;
			long v = strtol(t + 5, &end, 0);
			if (!t[5] || *end || v < 0 || v > 255) {
				snprintf(why, whylen, N_("pass '%s': the byte must be 0..255 (e.g. byte:0x55)"), t);
				return -EINVAL;
			}
			p.kind = MS_PAT_BYTE;
			p.byte = (uint8_t)v;
		} else {
			snprintf(why, whylen, N_("unknown pass '%s' (random, zeros, ones, byte:N)"), t);
			return -EINVAL;
		}
		out[n++] = p;
	}
	if (!n) {
		snprintf(why, whylen, N_("no passes given"));
		return -EINVAL;
	}
	return (int)n;
}

void ms_pass_name(const struct ms_pass *p, char *out, size_t len)
{
	switch (p->kind) {
	case MS_PAT_ZEROS: snprintf(out, len, "zeros"); break;
	case MS_PAT_ONES: snprintf(out, len, "ones"); break;
	case MS_PAT_BYTE: snprintf(out, len, "byte:0x%02x", p->byte); break;
	case MS_PAT_RANDOM: snprintf(out, len, "random"); break;
	}
}

struct ms_stream *ms_stream_new_keyed(const struct ms_pass *p, const uint8_t key[32], const uint8_t iv[16])
{
	struct ms_stream *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->pass = *p;
	if (p->kind != MS_PAT_RANDOM)
		return s;
	memcpy(s->key, key, 32);
	memcpy(s->iv, iv, 16);
	s->ctx = EVP_CIPHER_CTX_new();
	/* Fetch once: implicit fetches on every init cost more than the cipher for
	 * small chunks. */
	s->cipher = EVP_CIPHER_fetch(NULL, "AES-256-CTR", NULL);
	if (!s->ctx || !s->cipher) {
		ms_stream_free(s);
		return NULL;
	}
	return s;
}

struct ms_stream *ms_stream_new(const struct ms_pass *p)
{
	uint8_t kiv[48] = {0};
	if (p->kind == MS_PAT_RANDOM && ms_random_bytes(kiv, sizeof kiv))
		return NULL;
	struct ms_stream *s = ms_stream_new_keyed(p, kiv, kiv + 32);
	ms_memzero(kiv, sizeof kiv);
	return s;
}

struct ms_stream *ms_stream_clone(const struct ms_stream *s)
{
	return ms_stream_new_keyed(&s->pass, s->key, s->iv);
}

void ms_stream_free(struct ms_stream *s)
{
	if (!s)
		return;
	EVP_CIPHER_CTX_free(s->ctx);
	EVP_CIPHER_free(s->cipher);
	ms_memzero(s, sizeof *s);
	free(s);
}

bool ms_stream_constant(const struct ms_stream *s, uint8_t *byte)
{
	switch (s->pass.kind) {
	case MS_PAT_ZEROS: *byte = 0x00; return true;
	case MS_PAT_ONES: *byte = 0xFF; return true;
	case MS_PAT_BYTE: *byte = s->pass.byte; return true;
	case MS_PAT_RANDOM: break;
	}
	return false;
}

/* Counter block for device offset off: the IV as a 128-bit big-endian number plus
 * off/16, so every 16-byte block of the device has its own counter. */
static void counter_at(const uint8_t iv[16], uint64_t block, uint8_t out[16])
{
	unsigned carry = 0;
	for (int i = 15; i >= 0; i--) {
		unsigned add = i >= 8 ? (unsigned)((block >> (8 * (15 - i))) & 0xFF) : 0;
		unsigned v = iv[i] + add + carry;
		out[i] = (uint8_t)v;
		carry = v >> 8;
	}
}

int ms_stream_fill(struct ms_stream *s, uint64_t off, void *buf, size_t len)
{
	uint8_t byte;
	if (ms_stream_constant(s, &byte)) {
		memset(buf, byte, len);
		return 0;
	}
	if (off % 16)
		return -EINVAL;
	uint8_t ctr[16];
	counter_at(s->iv, off / 16, ctr);
	if (!EVP_EncryptInit_ex2(s->ctx, s->cipher, s->key, ctr, NULL))
		return -EIO;
	/* Keystream = AES-CTR of zeros, encrypted from a small zero block that stays in
	 * the cache: no separate pass to clear the output first. */
	static const unsigned char zeros[16384];
	unsigned char *p = buf;
	while (len) {
		int chunk = len > sizeof zeros ? (int)sizeof zeros : (int)len;
		int outl = 0;
		if (!EVP_EncryptUpdate(s->ctx, p, &outl, zeros, chunk))
			return -EIO;
		p += chunk;
		len -= (size_t)chunk;
	}
	ms_memzero(ctr, sizeof ctr);
	return 0;
}
