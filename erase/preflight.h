/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Refusals before anything is written. Pure: decides from the device description
 * alone, so every refusal is unit-tested without a device. */
#ifndef MS_ERASE_PREFLIGHT_H
#define MS_ERASE_PREFLIGHT_H

#include <stddef.h>

#include "../devices/device.h"

/* Returns 0 when d may be erased, otherwise a negative code and a one-line reason
 * (without the device name) in why:
 *   -EPERM   the boot medium (never overridable)
 *   -EBUSY   mounted, swapped on, or held by RAID/LVM/dm (holders)
 *   -EROFS   read-only
 *   -EISDIR  a partition rather than the whole device
 *   -ENOSPC  no addressable capacity */
int ms_preflight(const struct ms_device *d, char *why, size_t len);

#endif
