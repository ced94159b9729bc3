/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "preflight.h"

#include <errno.h>
#include <stdio.h>

#include "../util/i18n.h"

/* Order matters: the most fundamental reason is the one the operator sees. */
int ms_preflight(const struct ms_device *d, char *why, size_t len)
{
	if (d->boot_medium) {
		snprintf(why, len, N_("is the boot medium of this system; it is never erased (boot massho from another medium)"));
		return -EPERM;
	}
	if (d->is_partition) {
		snprintf(why, len, N_("is a partition; sanitization covers whole devices (give the disk itself)"));
		return -EISDIR;
	}
	if (d->mounted) {
		snprintf(why, len, N_("is mounted or in use as swap (%s); unmount it first"), d->mountpoints);
		return -EBUSY;
	}
	if (d->holders[0]) {
		snprintf(why, len, N_("is held by %s (RAID, LVM or device-mapper); stop or remove that first"), d->holders);
		return -EBUSY;
	}
	if (d->readonly) {
		snprintf(why, len, N_("is read-only (write-protect switch, read-only setting or permissions)"));
		return -EROFS;
	}
	if (!d->capacity) {
		snprintf(why, len, N_("has no addressable capacity (no medium inserted?)"));
		return -ENOSPC;
	}
	return 0;
}
