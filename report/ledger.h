/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The station's ledger: every certificate issued, one JSON line each, hash-chained
 * (each entry holds the previous entry's hash), and a head file with the count and the
 * last hash, written atomically, so that a removed, reordered or altered entry (the last
 * one included) is found by `massho report ledger verify`. */
#ifndef MS_REPORT_LEDGER_H
#define MS_REPORT_LEDGER_H

#include <stddef.h>

/* Append {seq, time, kind, record_id, file, sha256} to STATE/ledger.jsonl. Returns 0 or
 * -errno. */
int ms_ledger_append(const char *state_dir, const char *kind, const char *record_id, const char *file,
		     const char *sha256);

/* Returns 0 when intact (count entries), -EBADMSG with the first problem in why,
 * -ENOENT when there is no ledger. */
int ms_ledger_verify(const char *state_dir, size_t *count, char *why, size_t len);

#endif
