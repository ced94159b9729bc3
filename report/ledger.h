/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The station's ledger: every certificate issued, one JSON line each, hash-chained
 * (each entry holds the previous entry's hash), and a head file with the count and the
 * last hash, written atomically, so that a removed, reordered or altered entry (the last
 * one included) is found by `massho report ledger verify`.
 *
 * A hash chain alone has no key: whoever can write the file can delete an entry and
 * recompute the rest. So the chain is bound twice (report/ledger_audit.c checks both):
 * each certificate carries the entry it becomes and the hash it extends (signed with the
 * PDF, handed out), and the head is signed after every append (ledger.head.p7s, a
 * checkpoint by the station's key). */
#ifndef MS_REPORT_LEDGER_H
#define MS_REPORT_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "../util/json.h"

struct ms_ledger;

/* The signed checkpoint beside STATE/ledger.head: CMS (DER) over the head file's bytes. */
#define MS_LEDGER_CHECKPOINT "ledger.head.p7s"

/* Open STATE/ledger.jsonl for appending and lock it (several massho processes may issue
 * on one station; the lock is held until close, so that the entry a certificate names
 * is the entry it gets). Returns 0, -EBADMSG (the head is damaged) or -errno. */
int ms_ledger_open(const char *state_dir, struct ms_ledger **out);
/* The number of entries so far and the last entry's hash (64 zeros when empty): the next
 * entry is count + 1 and extends that hash. */
uint64_t ms_ledger_count(const struct ms_ledger *l);
const char *ms_ledger_last(const struct ms_ledger *l);
/* Append {seq, time, kind, record_id, file, sha256, prev, hash} and rewrite the head.
 * Returns 0 or -errno. */
int ms_ledger_add(struct ms_ledger *l, const char *kind, const char *record_id, const char *file,
		  const char *sha256);
/* The head file's bytes as last written (what a checkpoint signs): its length, or 0. */
size_t ms_ledger_head_text(const struct ms_ledger *l, char *buf, size_t len);
const char *ms_ledger_dir(const struct ms_ledger *l);
void ms_ledger_close(struct ms_ledger *l);

/* open, add, close. */
int ms_ledger_append(const char *state_dir, const char *kind, const char *record_id, const char *file,
		     const char *sha256);

/* Called for each entry of an intact chain, in order; non-zero stops the walk. */
typedef int (*ms_ledger_fn)(void *ctx, const struct ms_json *entry);

/* Check the chain and the head. Returns 0 when intact (count entries), -EBADMSG with the
 * first problem in why, -ENOENT when there is no ledger. _walk also calls fn for each
 * entry that checked out (the walk ends early when fn returns non-zero). */
int ms_ledger_verify(const char *state_dir, size_t *count, char *why, size_t len);
int ms_ledger_walk(const char *state_dir, size_t *count, ms_ledger_fn fn, void *ctx, char *why, size_t len);

#endif
