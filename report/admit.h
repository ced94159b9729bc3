/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which records may be signed after the fact (`massho report pdf`): only one that
 * validates against its kind's schema, whose outcome follows from its own fields, and
 * whose exact bytes a journal recorded when its job ended — so that neither `{}` nor an
 * edited "verification failed" record ever becomes a signed certificate. */
#ifndef MS_REPORT_ADMIT_H
#define MS_REPORT_ADMIT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct ms_admission {
	char sha256[65];            /* of the record file's bytes */
	char kind[32];
	char journal_dir[PATH_MAX]; /* the state directory whose journal vouches for it */
	char journal[256];          /* its journal file, and when the record was journaled */
	char journaled_at[40];
	bool other_station;         /* found in a journal given with --journal, not this station's */
};

/* Admit the record at path for signing. state_dir is this station's; other (may be NULL)
 * another station's state directory whose journal is searched instead. Returns 0 with a
 * filled, or -EBADMSG (refused: why says which check failed) or -errno (unreadable). */
int ms_record_admit(const char *path, const char *state_dir, const char *other, struct ms_admission *a, char *why,
		    size_t len);

/* May the contractor's side build on this handover record (`massho destroy`)? Either
 * this station's journal vouches for its bytes (the drive was handed over here; ca NULL),
 * or its detached signature (PATH.p7s, as `report pdf` or the erase wrote it) verifies and
 * chains to ca — never without a CA: any key could sign a forgery. Returns 0 with how it
 * was vouched for in how, or -EBADMSG with why. */
int ms_handover_admit(const char *path, const char *state_dir, const char *ca, char *how, size_t howlen, char *why,
		      size_t len);

#endif
