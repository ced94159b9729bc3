/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "nsproof.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"
#include "overwrite.h"
#include "sample.h"

static int open_ns(const struct ms_ns *ns, struct ms_xport **y, char *why, size_t len)
{
	struct ms_device d;
	int r = ms_describe(ns->path, NULL, &d, why, len);
	if (!r && (r = ms_xport_open(&d, MS_OPEN_NO_ACT, y)))
		snprintf(why, len, N_("%s: cannot open: %s"), ns->path, strerror(-r));
	return r;
}

int ms_nsproof_before(struct ms_job *job, size_t n, bool after_only)
{
	int own = ms_device_own_ns(&job->dev);
	free(job->nsp);
	job->nsp = NULL;
	job->nnsp = 0;
	if (job->dev.nns < 2)
		return 0;
	if (own < 0) /* which namespace the samples above came from is unknown: prove none */
		return -ENXIO;
	if (!(job->nsp = calloc(job->dev.nns, sizeof *job->nsp)))
		return -ENOMEM;
	for (size_t i = 0; i < job->dev.nns; i++) {
		if ((int)i == own)
			continue;
		struct ms_ns_proof *q = &job->nsp[job->nnsp++];
		struct ms_xport *y;
		q->ns = job->dev.ns[i];
		if (open_ns(&q->ns, &y, q->error, sizeof q->error))
			continue;
		if (after_only) { /* a resumed sanitize: what the samples hold now is the proof */
			uint64_t lbas[MS_SAMPLE_MAX];
			ms_random_bytes(&q->proof.seed, sizeof q->proof.seed);
			q->proof.n = ms_sample_lbas(q->proof.seed, y->dev.capacity / y->dev.logical_sector,
						    n < MS_SAMPLE_MAX ? n : MS_SAMPLE_MAX, lbas);
			q->proof.after_only = true;
			for (size_t k = 0; k < q->proof.n; k++)
				q->proof.s[k].lba = lbas[k];
		} else {
			ms_sample_take_before(y, &q->proof, n, &job->retries);
		}
		ms_xport_close(y);
	}
	return 0;
}

bool ms_nsproof_after(struct ms_job *job, bool zeros_expected)
{
	bool all = true;
	for (size_t i = 0; i < job->nnsp; i++) {
		struct ms_ns_proof *q = &job->nsp[i];
		struct ms_xport *y;
		if (!q->error[0] && !open_ns(&q->ns, &y, q->error, sizeof q->error)) {
			ms_sample_take_after(y, &q->proof, zeros_expected);
			ms_xport_close(y);
		}
		if (q->error[0])
			q->proof.passed = false;
		if (!q->proof.passed && all)
			snprintf(job->failure, sizeof job->failure, N_("namespace %u (%s): %s: the erase of the drive cannot "
				 "be vouched for"), q->ns.nsid, q->ns.path, q->error[0] ? q->error :
				 N_("the drive reported success but its sampled sectors did not change"));
		all = all && q->proof.passed;
	}
	return all;
}

int ms_nsproof_hash(struct ms_job *job, const atomic_bool *abort)
{
	int first = 0;
	for (size_t i = 0; i < job->nnsp; i++) {
		struct ms_ns_proof *q = &job->nsp[i];
		struct ms_xport *y;
		int r = q->error[0] ? -EIO : open_ns(&q->ns, &y, q->error, sizeof q->error);
		if (!r) {
			r = ms_device_sha256(y, abort, q->content_sha256);
			ms_xport_close(y);
			if (r)
				snprintf(q->error, sizeof q->error, N_("%s: reading it back failed: %s"), q->ns.path, strerror(-r));
		}
		if (r && !first) {
			first = r;
			if (!job->failure[0])
				snprintf(job->failure, sizeof job->failure, N_("namespace %u: %s: the erase of the drive cannot "
					 "be vouched for"), q->ns.nsid, q->error);
		}
	}
	return first;
}
