/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Discovery: block devices from sysfs, mounts and swaps from procfs, partitions and
 * filesystems from libblkid. Everything is read below a root prefix (MS_SYSROOT or
 * --sysroot) so tests replay recorded trees; with a prefix, libblkid is not run. */
#ifndef MS_DEVICES_DISCOVER_H
#define MS_DEVICES_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "device.h"

/* All whole-disk block devices with a non-zero size, sorted by name (ram and zram
 * devices are left out). Returns 0 or -errno; *out is malloc'd. */
int ms_discover_list(const char *sysroot, struct ms_device **out, size_t *n);

/* Describe one block device by kernel name (sda, nvme0n1, loop3, sda1). Returns 0,
 * -ENOENT when sysfs has no such device, or -errno. */
int ms_discover_name(const char *sysroot, const char *name, struct ms_device *dev);

/* Kernel name of the block device node at path (follows /dev/disk/by-id links).
 * Returns 0, -ENOTBLK when path is no block device, or -errno. */
int ms_discover_path_name(const char *sysroot, const char *path, char *name, size_t len);

#endif
