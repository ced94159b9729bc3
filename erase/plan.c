/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "plan.h"

#include <string.h>

#include "../devices/xport.h"
#include "caps.h"
#include "nsspace.h"
#include "preflight.h"

enum ms_fault ms_plan_device(const char *spec, const char *sysroot, const struct ms_policy *p, enum ms_class cls,
			     struct ms_planned *o)
{
	memset(o, 0, sizeof *o);
	o->spec = spec;
	int r = ms_describe(spec, sysroot, &o->dev, o->why, sizeof o->why);
	if (r) {
		o->err = r;
		return o->fault = MS_FAULT_DEVICE;
	}
	if (ms_preflight(&o->dev, o->why, sizeof o->why) || ms_nvme_namespaces_free(&o->dev, o->why, sizeof o->why))
		return o->fault = MS_FAULT_REFUSED;
	ms_caps_read(&o->dev, &o->caps);
	ms_policy_choose(p, &o->caps, cls, &o->d);
	return o->fault = MS_FAULT_NONE;
}
