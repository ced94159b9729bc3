/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Planning one drive under the policy, read-only: what `massho plan` prints, what the
 * station shows before anything is erased, and what `erase --class` will do (the batch
 * decides with the same ms_policy_choose()). */
#ifndef MS_ERASE_PLAN_H
#define MS_ERASE_PLAN_H

#include "../devices/device.h"
#include "batch.h"
#include "methods.h"
#include "policy.h"

struct ms_planned {
	const char *spec;
	struct ms_device dev;
	enum ms_fault fault;       /* NONE, DEVICE (err: -ENOENT, -EBUSY...) or REFUSED (mounted, boot medium...) */
	int err;
	char why[300];             /* when fault is set */
	struct ms_caps caps;
	struct ms_decision d;
};

/* Describe, check the refusals, open read-only, probe and choose. Never writes. Returns
 * out->fault. */
enum ms_fault ms_plan_device(const char *spec, const char *sysroot, const struct ms_policy *p, enum ms_class cls,
			     struct ms_planned *out);

#endif
