/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ata_exec.h"

#include <errno.h>

#include "../util/util.h"

int ms_ata_run(struct ms_xport *x, struct ms_job *job, struct ms_ata_cmd *c, struct ms_ata_status *st)
{
	double t0 = ms_mono();
	int r = ms_xport_ata(x, c, st);
	if (job && r != -EOPNOTSUPP)
		ms_job_log_ata(job, c->name, r, st, ms_mono() - t0);
	return r;
}

int ms_ata_run_identify(struct ms_xport *x, struct ms_job *job, struct ms_ata_identify *id)
{
	struct ms_ata_cmd c;
	struct ms_ata_status st;
	uint8_t raw[512];
	ms_ata_identify(&c, raw);
	int r = ms_ata_run(x, job, &c, &st);
	if (r)
		return r;
	if (!ms_ata_ok(&st) || ms_ata_identify_decode(raw, id))
		return -EIO;
	return 0;
}
