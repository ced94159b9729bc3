/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Collection: a station's records, certificates and ledger sent to the central store
 * (report/db.h, sql/). Offline first: the files stay where they are (the output medium);
 * what the database has acknowledged (committed) is noted in STATE/collected, so that the
 * next push sends only the backlog. Sending twice is harmless: the database keeps one copy
 * of the same bytes (keyed by their SHA-256), so a push interrupted between the commit
 * and the note only sends again. Nothing is ever deleted here. */
#ifndef MS_REPORT_PUSH_H
#define MS_REPORT_PUSH_H

#include <stdbool.h>
#include <stddef.h>

struct ms_db;

#define MS_PUSH_LOG "collected"

struct ms_push_report {
	size_t sent;          /* records (with their certificate) the database took now */
	size_t present;       /* records it already held (the same bytes) */
	size_t skipped;       /* already noted as collected */
	size_t conflicts;     /* refused: another record under the same id (kept there, reported) */
	size_t bad;           /* files that are not records, cannot be read, or the database refused
			       * (the first named in bad_file); the others are sent all the same */
	size_t ledger_entries;/* ledger entries sent now */
	bool checkpoint;      /* the ledger's signed checkpoint was sent */
	bool unsigned_ledger; /* ledger entries were sent without a signed head to vouch for them */
	char conflict[256];   /* the first refused file and why */
	char bad_file[256];   /* the first file that is not a record */
};

/* Send what RECORDS_DIR and STATE_DIR hold that STATE/collected does not list (all of it
 * when all). Each record goes with its .json.p7s and certificate (.pdf) in one
 * transaction; then the ledger's new entries and its signed head. Returns 0 (rep says
 * what happened, conflicts included), -ENOTCONN (the connection was lost: the rest stays
 * queued), -EIO (the database refused: why), or -errno (a file: why names it). */
int ms_push_dir(struct ms_db *db, const char *records_dir, const char *state_dir, bool all,
		struct ms_push_report *rep, char *why, size_t len);

/* How many records in RECORDS_DIR are not yet collected (STATE/collected): the queue. */
int ms_push_pending(const char *records_dir, const char *state_dir, size_t *n);

#endif
