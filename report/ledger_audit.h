/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `massho report ledger verify`: the chain, its signed checkpoint, and the certificates —
 * those the ledger names that are still on disk and those handed out that the auditor
 * brings — each of which says which entry it is and which hash that entry extends. A
 * ledger rewritten after an entry was removed (its chain recomputed) no longer matches
 * the certificates issued after that entry, nor the signed head. */
#ifndef MS_REPORT_LEDGER_AUDIT_H
#define MS_REPORT_LEDGER_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

struct ms_ledger_report {
	size_t entries;
	size_t certs_checked;        /* certificates whose binding matched their entry */
	size_t certs_absent;         /* entries whose certificate is not on this disk, or whose file
				      * a later entry (the certificate issued again) replaced */
	size_t certs_unbound;        /* certificates issued before the binding existed */
	bool checkpoint;             /* the head is signed and the signature holds */
	char signer[128];            /* the checkpoint's signer */
};

/* Audit STATE's ledger. ca (may be NULL) is what the checkpoint and the given
 * certificates must chain to; certs are certificates handed out (may be 0). Returns 0,
 * -ENOENT (no ledger), or -EBADMSG with the first problem in why (the file at fault
 * first). */
int ms_ledger_audit(const char *state_dir, const char *ca, const char *const *certs, size_t ncerts,
		    struct ms_ledger_report *rep, char *why, size_t len);

/* The chain and its signed checkpoint only: no file the entries name is opened (a ledger
 * from the central store names paths of another machine, chosen by whoever stored it). */
int ms_ledger_audit_chain(const char *state_dir, const char *ca, struct ms_ledger_report *rep, char *why,
			  size_t len);

#endif
