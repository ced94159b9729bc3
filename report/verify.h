/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Offline verification of a signed certificate: what pdfsig checks, plus what it does
 * not: that the signature covers the file to its end, that the embedded record is the
 * one the page names and the one beside the PDF, and that its detached signature holds. */
#ifndef MS_REPORT_VERIFY_H
#define MS_REPORT_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "cmsverify.h"

enum ms_check {
	MS_CHECK_OK,
	MS_CHECK_NOT_SIGNED,       /* not a PDF, no signature, structure not understood */
	MS_CHECK_SIG_INVALID,      /* the bytes were changed (or the signature itself) */
	MS_CHECK_PARTIAL,          /* something was appended after signing */
	MS_CHECK_RECORD_MISMATCH,  /* embedded record, page hash, sidecar or photos disagree */
	MS_CHECK_UNTRUSTED,        /* the signer does not chain to --ca */
};

struct ms_pdf_check {
	enum ms_check result;
	char why[400];
	char signer[128];
	bool chain_checked;
	bool signer_expired;       /* the signer's certificate has expired since it signed */
	char signed_at[32];        /* the signing time the signature claims, UTC, "" none */
	char *record;              /* the embedded record JSON (malloc'd), NULL if none */
	size_t record_len;
	char record_sha256[65];
	unsigned long long ledger_seq; /* the station ledger's entry it became (0: not bound) */
	char ledger_prev[65];          /* the hash that entry extends */
	size_t photos_embedded;        /* a destruction's photos checked inside the certificate */
};

/* Check a signed PDF. ca may be NULL (the signer is then not checked against a CA).
 * sidecar (the exported record) and its .p7s are checked when sidecar is not NULL and
 * exists. A destruction's photos are checked in the certificate, where they are embedded
 * (and in files_dir too when a copy lies there; a photo not embedded must). files_dir, when
 * given, must hold the certificates a summary lists, with their hashes. Returns the result (also in
 * c->result). */
enum ms_check ms_pdf_check(const unsigned char *pdf, size_t len, const char *ca, const char *sidecar,
			   const char *files_dir, struct ms_pdf_check *c);
void ms_pdf_check_free(struct ms_pdf_check *c);


#endif
