/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The crash-safe journal: one JSON object per line in STATE_DIR/journal/JOB.jsonl,
 * appended and fsynced at every transition, so after a crash or power loss the
 * operator (and `massho unlock`/`resume` later) can see what happened and what was
 * set (passwords are journaled before they are set on the drive). */
#ifndef MS_ERASE_JOURNAL_H
#define MS_ERASE_JOURNAL_H

#include "../util/json.h"

struct ms_journal;

/* Create STATE_DIR/journal (0700, with STATE_DIR) if missing and check that both belong
 * to this user and no one else can write to them. Returns 0, or -errno with the directory
 * at fault in obj and why (-EPERM: writable by others). ms_journal_open checks the same. */
int ms_journal_dir_check(const char *state_dir, char *obj, size_t objlen, char *why, size_t len);

/* Create STATE_DIR/journal/ID.jsonl (it must not exist). Returns 0 or -errno. */
int ms_journal_open(const char *state_dir, const char *id, struct ms_journal **out);

/* Append {"ts":..., "job":..., "event":event, ...fields}. Takes ownership of fields
 * (an object, may be NULL). Returns 0 or -errno; the line is on disk when 0. */
int ms_journal_append(struct ms_journal *j, const char *event, struct ms_json *fields);

const char *ms_journal_path(const struct ms_journal *j);

/* Append one line to the existing journal of another job (STATE_DIR/journal/ID.jsonl):
 * a later job says it superseded it. Takes ownership of fields. Returns 0 or -errno. */
int ms_journal_append_to(const char *state_dir, const char *id, const char *event, struct ms_json *fields);

/* A one-time password that was cleared must not stay on disk: rewrite the journal with
 * every "password" value replaced by null (atomically; appends go on to the new file).
 * _job does it for STATE_DIR/journal/JOB.jsonl of another (closed) job. 0 or -errno. */
int ms_journal_scrub(struct ms_journal *j);
int ms_journal_scrub_job(const char *state_dir, const char *job);

/* The end of a job: journal that its record was written to path with sha256, the hash of
 * the bytes written as they were in memory (err 0), or that writing it failed (err
 * -errno). `report pdf` signs only records a journal vouches for this way.
 * _note_record does it in a journal of its own, JOB. */
int ms_journal_record_written(struct ms_journal *j, const char *path, const char *sha256, int err);
int ms_journal_note_record(const char *state_dir, const char *job, const char *path, const char *sha256,
			   const char *completes);
/* (completes, when not NULL: the id of the handover this record completes, journaled so
 * that a handover is completed once: ms_journal_find_completion finds it.) */
int ms_journal_find_completion(const char *state_dir, const char *handover_id, char *by, size_t bylen);
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

/* Where a record with this SHA-256 was journaled: the journal file and the time. */
struct ms_journal_hit {
	char file[256];
	char ts[40];
	char record[256];            /* the path the job wrote the record to */
	char job[64];                /* the job the line names */
};
/* Search STATE_DIR/journal for the record-written event of a record. 0, -ENOENT when no
 * journal names it, or -errno (no journal directory: -ENOENT too). */
int ms_journal_find_record(const char *state_dir, const char *sha256, struct ms_journal_hit *hit);

#endif
