/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sample.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

size_t ms_sample_lbas(uint64_t seed, uint64_t sectors, size_t n, uint64_t *out)
{
	if (!sectors || !n)
		return 0;
	if (n > sectors)
		n = (size_t)sectors;
	size_t k = 0;
	out[k++] = 0;
	if (n > 1)
		out[k++] = sectors - 1;
	uint64_t st = seed;
	while (k < n) {
		uint64_t lba = splitmix64(&st) % sectors;
		bool dup = false;
		for (size_t i = 0; i < k && !dup; i++)
			dup = out[i] == lba;
		if (!dup)
			out[k++] = lba;
	}
	qsort(out, k, sizeof *out, cmp_u64);
	return k;
}

const char *ms_sample_classify(const uint8_t *d, size_t len)
{
	size_t i;
	for (i = 0; i < len && !d[i]; i++)
		;
	if (i == len)
		return "zeros";
	for (size_t unit = 1; unit <= 4; unit *= 2) {
		for (i = unit; i < len && d[i] == d[i % unit]; i++)
			;
		if (i == len)
			return "pattern";
	}
	unsigned count[256] = {0}, distinct = 0, max = 0;
	for (i = 0; i < len; i++) {
		if (!count[d[i]]++)
			distinct++;
		if (count[d[i]] > max)
			max = count[d[i]];
	}
	/* 512 random bytes show about 222 distinct values, the commonest about 7 times. */
	if (len >= 512 && distinct >= 160 && max <= len / 32)
		return "random";
	return "other";
}

static int hash_sector(struct ms_xport *x, uint64_t lba, uint8_t *buf, char out[65])
{
	uint32_t ls = x->dev.logical_sector;
	int r = x->ops->read(x, buf, ls, lba * ls);
	if (r) {
		out[0] = '\0';
		return r;
	}
	return ms_sha256_hex(buf, ls, out);
}

int ms_sample_before(struct ms_xport *x, struct ms_job *job, size_t n)
{
	return ms_sample_take_before(x, &job->proof, n, &job->retries);
}

int ms_sample_after(struct ms_xport *x, struct ms_job *job, bool zeros_expected)
{
	return ms_sample_take_after(x, &job->proof, zeros_expected);
}

int ms_sample_take_before(struct ms_xport *x, struct ms_sample_proof *p, size_t n, uint64_t *retries)
{
	uint64_t lbas[MS_SAMPLE_MAX];
	uint8_t *buf = aligned_alloc(MS_IO_ALIGN, 65536);
	if (!buf)
		return -ENOMEM;
	memset(p, 0, sizeof *p);
	ms_random_bytes(&p->seed, sizeof p->seed);
	p->n = ms_sample_lbas(p->seed, x->dev.capacity / x->dev.logical_sector,
			      n > MS_SAMPLE_MAX ? MS_SAMPLE_MAX : n, lbas);
	for (size_t i = 0; i < p->n; i++) {
		p->s[i].lba = lbas[i];
		/* once more on an error (a transient one heals, and counts as a retried I/O); a
		 * sector that stays unreadable has "" before and proves nothing */
		if (hash_sector(x, lbas[i], buf, p->s[i].before) && !hash_sector(x, lbas[i], buf, p->s[i].before))
			(*retries)++;
	}
	free(buf);
	return 0;
}

int ms_sample_take_after(struct ms_xport *x, struct ms_sample_proof *p, bool zeros_expected)
{
	uint8_t *buf = aligned_alloc(MS_IO_ALIGN, 65536);
	if (!buf)
		return -ENOMEM;
	const char *first = NULL;
	bool mixed = false;
	p->passed = p->n > 0;
	p->unprovable = 0;
	/* No sample readable before (a drive in the sanitize failure state, or locked): the
	 * proof is what the drive holds now, as after a resumed sanitize. */
	bool any_before = false;
	for (size_t i = 0; i < p->n; i++)
		any_before = any_before || p->s[i].before[0];
	if (!any_before)
		p->after_only = true;
	for (size_t i = 0; i < p->n; i++) {
		struct ms_sample *s = &p->s[i];
		if (hash_sector(x, s->lba, buf, s->after)) {
			ms_strlcpy(s->content, "unreadable", sizeof s->content);
			p->passed = false;
		} else {
			ms_strlcpy(s->content, ms_sample_classify(buf, x->dev.logical_sector), sizeof s->content);
		}
		s->changed = s->after[0] && strcmp(s->before, s->after) != 0;
		if (!first)
			first = s->content;
		else if (strcmp(first, s->content) != 0)
			mixed = true;
		/* Unreadable before the erase: nothing to compare with, so never "changed" and
		 * left out of the decision (unless no sample has a before at all). */
		if (!s->before[0] && !p->after_only) {
			s->changed = false;
			p->unprovable++;
			continue;
		}
		/* A sector that held zeros and holds zeros after a zeroing erase is consistent. */
		if (!s->changed && !(zeros_expected && strcmp(s->content, "zeros") == 0))
			p->passed = false;
	}
	/* A proof mostly of sectors that could not be compared proves nothing. */
	if (p->unprovable * 4 > p->n)
		p->passed = false;
	p->taken_after = true;
	ms_strlcpy(p->verdict, mixed ? "mixed" : first ? first : "none", sizeof p->verdict);
	free(buf);
	return 0;
}
