/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../devices/xport.h"

struct pipe {
	const struct ms_pipe_spec *spec;
	void *ctx;
	void **bufs;
	/* fin[s * nslots + slot]: 1 + the last chunk stage s finished in that slot. Chunks
	 * pass through a slot in order (c, c + nslots, ...), so one number per slot says
	 * whether a given chunk is through, whichever worker finished it. */
	uint64_t *fin;
	int err;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

struct worker {
	struct pipe *p;
	size_t stage, index, count;
	pthread_t tid;
};

static size_t nworkers(const struct ms_pipe_spec *sp, size_t s)
{
	return sp->workers[s] ? sp->workers[s] : 1;
}

/* Chunk c may enter stage s once stage s-1 has finished it; stage 0 may refill a slot
 * once the last stage has finished the chunk that used it nslots chunks ago. */
static bool ready(const struct pipe *p, size_t s, uint64_t c)
{
	const struct ms_pipe_spec *sp = p->spec;
	size_t slot = (size_t)(c % sp->nslots);
	if (s == 0)
		return c < sp->nslots || p->fin[(sp->nstages - 1) * sp->nslots + slot] >= c - sp->nslots + 1;
	return p->fin[(s - 1) * sp->nslots + slot] >= c + 1;
}

static void *run_stage(void *arg)
{
	struct worker *w = arg;
	struct pipe *p = w->p;
	const struct ms_pipe_spec *sp = p->spec;
	for (uint64_t c = w->index; c < sp->nchunks; c += w->count) {
		pthread_mutex_lock(&p->mu);
		while (!p->err && !ready(p, w->stage, c))
			pthread_cond_wait(&p->cv, &p->mu);
		int stop = p->err;
		pthread_mutex_unlock(&p->mu);
		if (stop)
			break;
		int r = sp->abort && atomic_load(sp->abort) ? -EINTR : 0;
		size_t slot = (size_t)(c % sp->nslots);
		if (!r)
			r = sp->stages[w->stage](p->ctx, c, slot, p->bufs[slot]);
		pthread_mutex_lock(&p->mu);
		if (r && !p->err)
			p->err = r;
		if (!r)
			p->fin[w->stage * sp->nslots + slot] = c + 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (r)
			break;
	}
	return NULL;
}

int ms_pipe_run(const struct ms_pipe_spec *spec, void *ctx)
{
	if (!spec->nstages || spec->nstages > MS_PIPE_MAX_STAGES || !spec->nslots)
		return -EINVAL;
	size_t total = 0;
	for (size_t s = 0; s < spec->nstages; s++) {
		if (nworkers(spec, s) > MS_PIPE_MAX_WORKERS)
			return -EINVAL;
		total += nworkers(spec, s);
	}
	struct pipe p = {.spec = spec, .ctx = ctx};
	struct worker w[MS_PIPE_MAX_STAGES * MS_PIPE_MAX_WORKERS];
	size_t started = 0;
	int r = 0;
	p.bufs = calloc(spec->nslots, sizeof *p.bufs);
	p.fin = calloc(spec->nstages * spec->nslots, sizeof *p.fin);
	if (!p.bufs || !p.fin) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < spec->nslots; i++)
		if (!(p.bufs[i] = aligned_alloc(MS_IO_ALIGN, spec->slot_size))) {
			r = -ENOMEM;
			goto out;
		}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	size_t k = 0;
	for (size_t s = 0; s < spec->nstages; s++)
		for (size_t i = 0; i < nworkers(spec, s); i++)
			w[k++] = (struct worker){.p = &p, .stage = s, .index = i, .count = nworkers(spec, s)};
	/* The last worker (the last stage's) runs in the caller's thread. */
	for (; started + 1 < total; started++)
		if (pthread_create(&w[started].tid, NULL, run_stage, &w[started])) {
			pthread_mutex_lock(&p.mu);
			p.err = -EAGAIN;
			pthread_cond_broadcast(&p.cv);
			pthread_mutex_unlock(&p.mu);
			break;
		}
	if (!p.err)
		run_stage(&w[total - 1]);
	for (size_t s = 0; s < started; s++)
		pthread_join(w[s].tid, NULL);
	r = p.err;
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
out:
	for (size_t i = 0; p.bufs && i < spec->nslots; i++)
		free(p.bufs[i]);
	free(p.bufs);
	free(p.fin);
	return r;
}
