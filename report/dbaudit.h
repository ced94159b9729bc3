/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `massho report verify --from URI`: the auditor's check of the central store, trusting
 * nothing the database or the stations say. Each stored certificate is verified as
 * `report verify` verifies a file (signature over the whole file, against the CA; the
 * embedded record against the stored record and its detached signature); the stored bytes
 * against their SHA-256 key; each station's ledger (chain, signed checkpoint) as `report
 * ledger verify` does; each certificate's ledger binding against the stored entry; each
 * summary's certificates present; each record with a certificate. */
#ifndef MS_REPORT_DBAUDIT_H
#define MS_REPORT_DBAUDIT_H

#include <stdbool.h>
#include <stddef.h>

struct ms_db;

struct ms_db_audit {
	size_t certificates, records, ledgers, entries; /* checked */
	size_t failed;                                   /* items that did not check out */
};

/* Called once per failure: what (a certificate's name, a record id, "ledger ID") and why;
 * and, with failure false, once for each ledger that holds: how many entries its last
 * signed head vouches for, and its signer (what no check of the database alone can
 * vouch for: that no ledger was removed whole or cut back to an older head — compared with
 * the stations' own copies, or with an earlier run). */
typedef void (*ms_db_audit_fn)(void *ctx, const char *what, const char *why, bool failure);

/* Audit everything stored. ca: the CA every signer must chain to (required). Returns 0
 * (rep->failed says whether everything held), -ENOTCONN / -EIO (the database: why), or
 * -errno (the temporary directory). */
int ms_db_audit(struct ms_db *db, const char *ca, ms_db_audit_fn fn, void *ctx, struct ms_db_audit *rep, char *why,
		size_t len);

#endif
