/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Issuing certificates: the one sequence every front end uses — render the record's PDF,
 * sign it (PDF signature as an incremental update), write it beside the record, sign the
 * record itself (detached CMS, RECORD.json.p7s), append both to the ledger — and the sink
 * through which the erase use case (erase/batch.h) turns finished jobs into records,
 * certificates and handovers. */
#ifndef MS_REPORT_ISSUE_H
#define MS_REPORT_ISSUE_H

#include <stdbool.h>
#include <stddef.h>

#include "../erase/batch.h"
#include "pdf.h"
#include "record.h"

struct ms_signer;

/* Where the signing key is: a PKCS#12 file or a pkcs11: URI (RFC 7512). */
struct ms_key_spec {
	const char *key;            /* file or URI */
	const char *pkcs11_module;  /* NULL: the URI's module-path, else p11-kit's proxy */
	const char *cert_path;      /* token keys: the certificate when the token has none */
};

struct ms_issuer {
	struct ms_signer *signer;   /* NULL: nothing is issued */
	const char *state_dir;      /* the ledger */
	struct ms_pdf_opts pdf;     /* what every certificate prints (record fields are set per issue) */
	const char *expect_sha256;  /* non-NULL: issue only if the record's bytes still hash to this
				     * (what ms_record_admit checked is what gets signed) */
};

/* Is key a token URI (the passphrase is then the PIN)? */
bool ms_key_is_token(const char *key);
/* A token URI that does not parse: -EINVAL with why. 0 for files and good URIs. */
int ms_key_check(const char *key, char *why, size_t len);
/* Load the key with its passphrase (or PIN) into iss->signer; a token key is logged in
 * and tried with a probe signature. Returns 0, or -errno with why (one line, naming the
 * file or URI at fault when it is not the start of why). */
int ms_issuer_open(struct ms_issuer *iss, const struct ms_key_spec *k, const char *pass, char *why, size_t len);
void ms_issuer_close(struct ms_issuer *iss);

/* Issue the certificate of the record at record_path: RECORD.pdf and RECORD.json.p7s
 * beside it, both in the ledger. Returns 0 with the PDF's path in pdf (and a warning in
 * why when the ledger could not be appended to, else why is ""), or -errno with why
 * (-EILSEQ: a text the PDF cannot print). */
int ms_issue(const struct ms_issuer *iss, const char *record_path, char *pdf, size_t len, char *why,
	     size_t whylen);

/* The facts a record states about the run (tool, binary hash, host, kernel, operator). */
struct ms_run_facts {
	struct ms_record_meta meta;
	char bin[65], host[256], kernel[65];
};
void ms_run_facts(struct ms_run_facts *f, const char *operator_name);

/* The sink of the erase use case: records with these facts, certificates by iss (NULL or
 * without a signer: none), handovers. ctx must outlive the batch. */
struct ms_report_sink_ctx {
	const struct ms_issuer *issuer;
	struct ms_run_facts facts;
};
void ms_report_sink(struct ms_report_sink_ctx *ctx, const struct ms_issuer *iss, const char *operator_name,
		    struct ms_erase_sink *out);

/* A signing key and self-signed certificate for trials (DIR/NAME.p12, DIR/NAME.pem);
 * ms_key_init() in sign.c. Returns 0 or -errno with why. */
int ms_issuer_make_key(const char *dir, const char *name, const char *org, const char *pass, char *why,
		       size_t len);

#endif
