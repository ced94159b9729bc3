/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Artifacts (records, certificates, keys) are never seen half-written: write to a
 * temporary name in the same directory, fsync, rename over the target, fsync the
 * directory. A crash leaves either the old state or the new one. */
#ifndef MS_UTIL_ATOMIC_H
#define MS_UTIL_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

/* Write data to dir/name atomically with the given mode. If exclusive is set the call
 * fails with -EEXIST rather than replace an existing file. Returns 0 or -errno; on
 * error no temporary file is left behind. */
int ms_atomic_write(const char *dir, const char *name, const void *data, size_t len,
		    mode_t mode, int exclusive);

/* Remove the temporary files ms_atomic_write left in dir when its process was killed
 * (".NAME.tmp.PID" whose PID no longer runs). Returns how many, or -errno. */
int ms_atomic_sweep(const char *dir);

/* mkdir -p with the given mode, then fsync the parent of each created level.
 * Returns 0 or -errno. */
int ms_mkdirs(const char *path, mode_t mode);

#endif
