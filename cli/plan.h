/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Planning one drive under the policy: shared by `massho plan` and `erase --class`. */
#ifndef MS_CLI_PLAN_H
#define MS_CLI_PLAN_H

#include "../devices/device.h"
#include "../erase/policy.h"
#include "cli.h"

struct ms_planned {
	const char *spec;
	struct ms_device dev;
	enum ms_exit status;       /* OK, NODEV or REFUSED (mounted, boot medium...) */
	char why[300];
	struct ms_caps caps;
	struct ms_decision d;
};

/* Describe, check the refusals, open read-only, probe and choose. Never writes. */
enum ms_exit ms_plan_device(const char *spec, const char *sysroot, const struct ms_policy *p, enum ms_class cls,
			    struct ms_planned *out);

#endif
