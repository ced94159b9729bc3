/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The crash-safe journal: one JSON object per line in STATE_DIR/journal/JOB.jsonl,
 * appended and fsynced at every transition, so after a crash or power loss the
 * operator (and `massho unlock`/`resume` later) can see what happened and what was
 * set (passwords are journaled before they are set on the drive). */
#ifndef MS_ERASE_JOURNAL_H
#define MS_ERASE_JOURNAL_H

#include "../util/json.h"

struct ms_journal;

/* Create STATE_DIR/journal/ID.jsonl (it must not exist). Returns 0 or -errno. */
int ms_journal_open(const char *state_dir, const char *id, struct ms_journal **out);

/* Append {"ts":..., "job":..., "event":event, ...fields}. Takes ownership of fields
 * (an object, may be NULL). Returns 0 or -errno; the line is on disk when 0. */
int ms_journal_append(struct ms_journal *j, const char *event, struct ms_json *fields);

const char *ms_journal_path(const struct ms_journal *j);
void ms_journal_close(struct ms_journal *j);

/* ---- reading ------------------------------------------------------------------------ */

/* Called for every line of every journal, in job order (job ids sort by time, then line
 * order). event is the parsed line (NULL for a line that is not JSON: a torn last line
 * after a power loss). Return non-zero to stop. */
typedef int (*ms_journal_fn)(void *ctx, const char *file, const struct ms_json *event);

/* Replay STATE_DIR/journal/ *.jsonl. Lines are bounded (1 MiB), files too (64 MiB); the
 * text read is zeroed before it is freed (journals hold passwords). Returns 0, the
 * callback's non-zero value, -ENOENT when there is no journal directory, or -errno. */
int ms_journal_replay(const char *state_dir, ms_journal_fn fn, void *ctx);

/* The newest one-time ATA password journaled for the drive with this identity hash that
 * no later event cleared, with the job that set it. Returns 0, or -ENOENT. */
int ms_journal_find_password(const char *state_dir, const char *identity, char *pw, size_t pwlen, char *job,
			     size_t joblen);

#endif
