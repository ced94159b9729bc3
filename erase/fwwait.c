/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fwwait.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "../util/i18n.h"
#include "../util/util.h"
#include "nsproof.h"
#include "sample.h"

void ms_fw_report(const struct ms_fw_opts *o, struct ms_job *job, const char *phase, uint64_t done, uint64_t total,
		  double t0, bool final)
{
	if (!o->progress)
		return;
	double dt = ms_mono() - t0;
	struct ms_progress p = {.job = job, .phase = phase, .pass = 1, .passes = 1, .done = done,
				.total = total, .final = final, .eta = -1};
	p.rate = dt > 0 ? (double)done * (double)job->dev.capacity / (double)(total ? total : 1) / dt : 0;
	if (done && done < total)
		p.eta = dt * (double)(total - done) / (double)done;
	o->progress(o->progress_ctx, &p);
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

int ms_fw_wait(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, ms_fw_look_fn look, void *ctx)
{
	double t0 = ms_mono();
	/* The drives give no estimate to rely on: allow a slow full-media pass and ten minutes. */
	double limit = (double)job->dev.capacity / 10e6 + 600;
	unsigned poll = o->poll_ms ? o->poll_ms : 1000, not_started = 0;
	struct ms_fw_look l;
	while (!x->no_act) {
		sleep_ms(poll);
		int r = look(x, ctx, &l);
		if (r) {
			ms_job_fail(job, r, N_("the drive stopped answering during the sanitize (%s); a sanitize goes on "
				    "by itself at power-on: when the drive is back, run the same command again to wait "
				    "for it"), strerror(-r));
			return r;
		}
		if (l.not_started && ++not_started < 5)
			continue;
		if (!l.running || l.not_started)
			break;
		ms_fw_report(o, job, "sanitize", l.progress, 65536, t0, false);
		if (o->abort && atomic_load(o->abort)) {
			ms_job_fail(job, -EINTR, N_("stopped waiting; the sanitize goes on in the drive: run the same "
				    "command again to wait for it and get the record"));
			return -EINTR;
		}
		if (ms_mono() - t0 > limit) {
			ms_job_fail(job, -ETIMEDOUT, N_("the sanitize did not finish within %.0f s"), limit);
			return -ETIMEDOUT;
		}
	}
	if (!x->no_act)
		ms_fw_report(o, job, "sanitize", 65536, 65536, t0, true);
	return 0;
}

int ms_fw_check_run(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool *resumed,
		    ms_fw_check_fn check, ms_fw_exec_fn execute)
{
	int r = check(x, job, o, resumed);
	if (r)
		return r;
	size_t n = o->samples ? o->samples : 64;
	if (!*resumed)
		ms_sample_before(x, job, n);
	/* the other namespaces of an NVMe controller: the erase reaches them too */
	if ((r = ms_nsproof_before(job, n, *resumed))) {
		ms_job_fail(job, r, "%s", r == -ENXIO ? N_("which namespace of the controller this device is cannot be told: "
			    "the other namespaces' proofs would be wrong; give the namespace's block device") :
			    N_("no memory for the namespaces' sample proofs"));
		return r;
	}
	return execute(x, job, o, *resumed);
}

int ms_fw_lost_completion(struct ms_job *job, const char *cmd, int r)
{
	ms_job_fail(job, r, N_("no completion from the drive for %s (%s): it may be sanitizing now; run the same "
		    "command again (massho picks up a sanitize in progress)"), cmd, strerror(-r));
	return r;
}
