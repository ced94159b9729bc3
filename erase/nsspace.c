/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "nsspace.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../devices/xport.h"
#include "../util/i18n.h"
#include "../util/util.h"
#include "job.h"
#include "nvme_erase.h"
#include "preflight.h"

static const char *say(char *why, size_t len, const char *text)
{
	snprintf(why, len, "%s", text);
	return why;
}

const char *ms_nvme_space_problem(const struct ms_nvme_space *s, enum ms_ns_reach reach, char *why, size_t len)
{
	if (s->os_overflow) {
		snprintf(why, len, N_("this system shows more than %d namespaces of the controller: massho erases at most %d "
			 "together"), MS_MAX_NS, MS_MAX_NS);
		return why;
	}
	if (!s->read)
		return s->os_nns > 1 ? say(why, len, N_("the controller does not answer Identify, and this system shows "
					   "several namespaces of it: what an erase reaches cannot be told")) : NULL;
	if (!s->listed && s->nn > 1)
		return say(why, len, N_("the controller can hold several namespaces but gives no active namespace list: "
			   "what an erase reaches cannot be told"));
	if (s->overflow) {
		snprintf(why, len, N_("the controller has more than %d namespaces: massho erases at most %d together"),
			 MS_MAX_NS, MS_MAX_NS);
		return why;
	}
	if (s->detached) {
		snprintf(why, len, N_("namespace %u is allocated but not attached here: its erase could not be read back "
			 "(attach it, or hand the drive over)"), s->first_detached);
		return why;
	}
	if (s->unseen) {
		snprintf(why, len, N_("namespace %u is active but this system has no block device for it: what an erase "
			 "leaves there cannot be read back (attach it to the controller, or delete it with the "
			 "vendor's tool)"), s->first_unseen);
		return why;
	}
	if (reach == MS_REACH_ONE && s->n > 1) {
		snprintf(why, len, N_("the controller has %zu namespaces and an overwrite writes one: a Sanitize or a "
			 "Format NVM reaches all of them"), s->n);
		return why;
	}
	if (reach != MS_REACH_CONTROLLER && s->unallocated) {
		snprintf(why, len, N_("%llu bytes of the controller's NVM belong to no namespace (UNVMCAP): only a "
			 "Sanitize reaches them"), (unsigned long long)s->unallocated);
		return why;
	}
	if (reach == MS_REACH_NAMESPACES && s->fna_all)
		for (size_t i = 1; i < s->n; i++)
			if (s->lbaf[i] != s->lbaf[0])
				return say(why, len, N_("a Format NVM formats every namespace alike here (FNA bit 0) but "
					   "they use different LBA formats: it would change one of them"));
	return NULL;
}

int ms_nvme_namespaces_free(const struct ms_device *d, char *why, size_t len)
{
	int own = ms_device_own_ns(d);
	for (size_t i = 0; i < d->nns; i++) {
		struct ms_device n;
		char sub[300];
		if ((int)i == own)
			continue;
		int r = ms_describe(d->ns[i].path, NULL, &n, sub, sizeof sub);
		if (r == -ENOENT && d->emulated)
			continue; /* an emulated namespace not written yet: its file comes at the first write */
		if (!r)
			r = ms_preflight(&n, sub, sizeof sub);
		if (r) {
			snprintf(why, len, N_("namespace %u (%s) of the same controller %s: an erase of the drive reaches it"),
				 d->ns[i].nsid, d->ns[i].path, sub);
			return r;
		}
	}
	return 0;
}

static int identify(struct ms_xport *x, struct ms_job *job, struct ms_nvme_cmd *c, struct ms_nvme_status *st)
{
	int r = job ? ms_nvme_run(x, job, c, st) : ms_xport_nvme(x, c, st);
	return r ? r : ms_nvme_ok(st) ? 0 : -EIO;
}

static bool seen(const struct ms_device *d, uint32_t nsid)
{
	if (!d->nns)
		return nsid == (d->nsid ? d->nsid : 1); /* no list from discovery: this one only */
	for (size_t i = 0; i < d->nns; i++)
		if (d->ns[i].nsid == nsid)
			return true;
	return false;
}

/* The active list (CNS 02h, NVMe 1.1), or the allocated one (CNS 10h): page after page.
 * The allocated namespaces not in s's active list are counted as detached. */
static int ns_list(struct ms_xport *x, struct ms_job *job, uint8_t *page, bool allocated, struct ms_nvme_space *s)
{
	struct ms_nvme_cmd c;
	struct ms_nvme_status st;
	uint32_t above = 0;
	for (int pages = 0; pages < 64; pages++) {
		uint32_t ids[1024];
		bool more;
		if (allocated)
			ms_nvme_identify_allocated(&c, above, page);
		else
			ms_nvme_identify_active(&c, above, page);
		int r = identify(x, job, &c, &st);
		int n = r ? r : ms_nvme_active_decode(page, ids, 1024, &more);
		if (n < 0)
			return n;
		for (int i = 0; i < n; i++) {
			if (allocated) {
				bool active = false;
				for (size_t k = 0; k < s->n; k++)
					active = active || s->nsid[k] == ids[i];
				if (!active && !s->detached++)
					s->first_detached = ids[i];
				continue;
			}
			if (s->n == MS_MAX_NS) {
				s->overflow = true;
				return 0;
			}
			s->nsid[s->n++] = ids[i];
		}
		if (!more)
			return 0;
		above = ids[n - 1];
	}
	return -E2BIG;
}

int ms_nvme_space_read(struct ms_xport *x, struct ms_job *job, struct ms_nvme_space *s)
{
	uint8_t page[4096] __attribute__((aligned(64)));
	struct ms_nvme_cmd c;
	struct ms_nvme_status st;
	struct ms_nvme_ctrl ctrl;
	memset(s, 0, sizeof *s);
	s->os_nns = x->dev.nns;
	s->os_overflow = x->dev.ns_overflow;
	ms_nvme_identify_ctrl(&c, page);
	int r = identify(x, job, &c, &st);
	if (r || (r = ms_nvme_ctrl_decode(page, &ctrl)))
		return r;
	s->read = true;
	s->nn = ctrl.nn;
	s->fna_all = ctrl.format_all_ns;
	s->unallocated = ctrl.unvmcap;
	s->listed = ns_list(x, job, page, false, s) == 0;
	/* namespace management: namespaces may be allocated and not attached here (a
	 * controller that cannot list them is taken at its word: none) */
	if (s->listed && ctrl.ns_management)
		ns_list(x, job, page, true, s);
	if (!s->listed) {
		s->n = 0;
		s->overflow = false;
		if (ctrl.nn > 1)
			return 0;
		s->nsid[s->n++] = 1; /* NVMe 1.0: one namespace */
	}
	for (size_t i = 0; i < s->n; i++) {
		struct ms_nvme_ns ns;
		ms_nvme_identify_ns(&c, s->nsid[i], page);
		if (identify(x, job, &c, &st) == 0 && ms_nvme_ns_decode(page, &ns) == 0) {
			s->lbaf[i] = ns.lbaf;
			s->bytes[i] = ns.nsze * ns.lba_size;
		} else if (!s->unidentified) {
			s->unidentified = s->nsid[i];
		}
		if (!seen(&x->dev, s->nsid[i]) && !s->unseen++)
			s->first_unseen = s->nsid[i];
	}
	return 0;
}
