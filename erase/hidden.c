/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "hidden.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"
#include "ata_exec.h"

int ms_hidden_detect(struct ms_xport *x, struct ms_job *job, struct ms_hidden *h)
{
	struct ms_ata_identify id;
	struct ms_ata_cmd c;
	struct ms_ata_status st;
	memset(h, 0, sizeof *h);
	int r = ms_ata_run_identify(x, job, &id);
	if (r)
		return r;
	h->accessible = h->native = h->factory = id.sectors;
	h->hpa_supported = id.hpa;
	h->dco_supported = id.dco;
	h->amac_supported = id.amac;
	if (id.amac)
		ms_ata_amac_get_native(&c);
	else
		ms_ata_read_native_max(&c, id.lba48);
	if ((id.amac || id.hpa) && ms_ata_run(x, job, &c, &st) == 0 && ms_ata_ok(&st))
		h->native = ms_ata_native_max_lba(&st, c.ext) + 1;
	h->factory = h->native;
	if (id.dco) {
		uint8_t buf[512];
		struct ms_ata_dco dco;
		ms_ata_dco_identify(&c, buf);
		if (ms_ata_run(x, job, &c, &st) == 0 && ms_ata_ok(&st) && ms_ata_dco_decode(buf, &dco) == 0 &&
		    dco.max_lba + 1 > h->native)
			h->factory = dco.max_lba + 1;
	}
	h->checked = true;
	return 0;
}

static int step(struct ms_xport *x, struct ms_job *job, struct ms_ata_cmd *c, const char *what)
{
	struct ms_ata_status st;
	int r = ms_ata_run(x, job, c, &st);
	if (r || !ms_ata_ok(&st)) {
		ms_job_fail(job, -EIO, N_("the drive refused %s (%s): hidden sectors remain; %s"), what,
			    r ? strerror(-r) : ms_ata_aborted(&st) ? N_("command aborted") : "error",
			    N_("physical destruction, or a tool that can reach them through another attachment"));
		return -EIO;
	}
	return 0;
}

int ms_hidden_restore(struct ms_xport *x, struct ms_job *job)
{
	struct ms_hidden h;
	struct ms_ata_cmd c;
	int r = ms_hidden_detect(x, job, &h);
	if (r)
		return r;
	if (h.accessible < h.native) {
		if (h.amac_supported) {
			ms_ata_amac_set_accessible(&c, h.native - 1);
		} else {
			/* SET MAX must come right after READ NATIVE MAX. */
			ms_ata_read_native_max(&c, true);
			if ((r = step(x, job, &c, "READ NATIVE MAX ADDRESS EXT")))
				return r;
			ms_ata_set_max(&c, h.native - 1, true, true);
		}
		if ((r = step(x, job, &c, N_("to remove the Host Protected Area"))))
			return r;
	}
	if (h.native < h.factory) {
		ms_ata_dco_restore(&c);
		if ((r = step(x, job, &c, "DEVICE CONFIGURATION RESTORE")))
			return r;
	}
	if ((r = ms_hidden_detect(x, job, &job->hidden_after)))
		return r;
	const struct ms_hidden *a = &job->hidden_after;
	if (a->accessible != a->factory) {
		ms_job_fail(job, -EIO, N_("after restoring, %llu of %llu sectors are addressable: hidden sectors remain"),
			    (unsigned long long)a->accessible, (unsigned long long)a->factory);
		return -EIO;
	}
	x->dev.capacity = a->accessible * x->dev.logical_sector;
	job->dev.capacity = x->dev.capacity;
	return 0;
}

struct ms_json *ms_hidden_json(const struct ms_hidden *h, uint32_t ls)
{
	if (!h->checked)
		return ms_json_null();
	struct ms_json *o = ms_json_obj();
	ms_json_set_u64(o, "accessible_sectors", h->accessible);
	ms_json_set_u64(o, "native_sectors", h->native);
	ms_json_set_u64(o, "factory_sectors", h->factory);
	ms_json_set_bool(o, "hpa_present", h->accessible < h->native);
	ms_json_set_bool(o, "dco_present", h->native < h->factory);
	ms_json_set_u64(o, "hidden_bytes", (h->factory - h->accessible) * ls);
	ms_json_set_str(o, "mechanism", h->amac_supported ? "AMAC" : h->hpa_supported ? "HPA" : "none");
	return o;
}
