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

#endif
