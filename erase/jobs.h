/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Jobs that did not end: an erase killed (power loss, SIGKILL, a crash) leaves only its
 * journal. `massho jobs` lists them from the journals, with the phase each stopped in and
 * what the operator must do; the next erase of the same drive supersedes them — its
 * record names each one — and journals in theirs that it did. */
#ifndef MS_ERASE_JOBS_H
#define MS_ERASE_JOBS_H

#include <stdbool.h>
#include <stddef.h>

struct ms_unfinished {
	char job[64];
	char device[256], identity[65], model[64], serial[64];
	char method[32];
	char started[40], stopped[40]; /* the planned line's time and the last line's */
	char phase[96];                /* the last thing journaled: "pass 1 of 2 (random)", "verifying", ... */
	bool password_set;             /* a one-time ATA password the drive may still hold */
	bool record_written;           /* the record exists; only its certificate is missing */
	char record[256];
};

/* The unfinished jobs in STATE_DIR's journals, oldest first; identity (may be NULL)
 * keeps only that drive's. Returns how many there are (at most max are filled), -ENOENT
 * when there is no journal directory, or -errno. */
int ms_jobs_unfinished(const char *state_dir, const char *identity, struct ms_unfinished *out, size_t max);

/* Journal in job old's journal that job by (record: its record's path) superseded it, so
 * that it is no longer listed. Returns 0 or -errno. */
int ms_jobs_supersede(const char *state_dir, const char *old, const char *by, const char *record);

#endif
