/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "issue.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "../util/atomic.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"
#include "custody.h"
#include "ledger.h"
#include "p11uri.h"
#include "record.h"
#include "sign.h"
#include "token.h"

bool ms_key_is_token(const char *key)
{
	return key && ms_p11uri_is(key);
}

int ms_key_check(const char *key, char *why, size_t len)
{
	struct ms_p11uri uri;
	return ms_key_is_token(key) && ms_p11uri_parse(key, &uri, why, len) ? -EINVAL : 0;
}

int ms_issuer_open(struct ms_issuer *iss, const struct ms_key_spec *k, const char *pass, char *why, size_t len)
{
	struct ms_p11uri uri;
	bool token = ms_key_is_token(k->key);
	if (token && ms_p11uri_parse(k->key, &uri, why, len))
		return -EINVAL;
	struct ms_signer *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(why, len, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	int r = token ? ms_signer_load_token(&uri, k->pkcs11_module, pass, k->cert_path, s, why, len) :
			ms_signer_load(k->key, pass, s, why, len);
	if (r) {
		free(s);
		return r;
	}
	iss->signer = s;
	return 0;
}

void ms_issuer_close(struct ms_issuer *iss)
{
	if (iss->signer) {
		ms_signer_free(iss->signer);
		free(iss->signer);
		iss->signer = NULL;
	}
}

/* Write data as PATH-without-.json + suffix (".pdf"), or PATH + suffix (".p7s"), beside
 * the record, atomically. */
static int write_beside(const char *path, const char *suffix, const void *data, size_t len, char *out, size_t outlen)
{
	char dir[PATH_MAX], base[PATH_MAX], fname[PATH_MAX];
	ms_path_dir(path, dir, sizeof dir);
	ms_strlcpy(base, ms_path_base(path), sizeof base);
	char *dot = strrchr(base, '.');
	if (dot && strcmp(suffix, ".pdf") == 0)
		*dot = '\0';
	snprintf(fname, sizeof fname, "%s%s", base, suffix);
	snprintf(out, outlen, "%s/%s", dir, fname);
	return ms_atomic_write(dir, fname, data, len, 0644, 1);
}

/* Render and sign the PDF, write it, then the record's own signature. */
static int sign_and_write(const struct ms_issuer *iss, const struct ms_json *rec, const char *text, size_t n,
			  struct ms_pdf_opts *po, char *pdfpath, size_t pdflen, char psha[65], char *why, size_t whylen)
{
	unsigned char *pdf = NULL, *signed_pdf = NULL, *der = NULL;
	size_t len = 0, slen = 0, derlen = 0;
	char sigpath[PATH_MAX];
	int r = ms_pdf_render(rec, po, &pdf, &len, why, whylen);
	if (!r)
		r = ms_pdf_sign(pdf, len, iss->signer, "massho: sanitization record", &signed_pdf, &slen, why, whylen);
	if (!r && (r = write_beside(po->record_path, ".pdf", signed_pdf, slen, pdfpath, pdflen)))
		snprintf(why, whylen, "%s: %s", pdfpath, strerror(-r));
	if (!r && (r = ms_cms_sign(iss->signer, text, n, &der, &derlen)) == 0 &&
	    (r = write_beside(po->record_path, ".p7s", der, derlen, sigpath, sizeof sigpath)))
		snprintf(why, whylen, "%s: %s", sigpath, strerror(-r));
	else if (r && !why[0])
		snprintf(why, whylen, N_("the record could not be signed"));
	if (!r)
		ms_sha256_hex(signed_pdf, slen, psha);
	OPENSSL_free(der);
	free(pdf);
	free(signed_pdf);
	return r;
}

/* The checkpoint: the ledger's head, signed by the key that signed its last entry. */
static int checkpoint(const struct ms_issuer *iss, const struct ms_ledger *lg)
{
	char head[200];
	unsigned char *der = NULL;
	size_t derlen = 0, hl = ms_ledger_head_text(lg, head, sizeof head);
	int r = hl ? ms_cms_sign(iss->signer, head, hl, &der, &derlen) : -EIO;
	if (!r)
		r = ms_atomic_write(ms_ledger_dir(lg), MS_LEDGER_CHECKPOINT, der, derlen, 0600, 0);
	OPENSSL_free(der);
	return r;
}

/* Sign under the ledger's lock, so that the entry the certificate names is the one it
 * gets; then the entry and the signed head. */
static int issue_locked(const struct ms_issuer *iss, const struct ms_json *rec, const char *text, size_t n,
			struct ms_pdf_opts *po, char *pdfpath, size_t pdflen, char *why, size_t whylen)
{
	struct ms_ledger *lg;
	char psha[65], abs[PATH_MAX];
	int r = ms_ledger_open(iss->state_dir, &lg);
	if (r) {
		snprintf(why, whylen, "%s/ledger.jsonl: %s", iss->state_dir, r == -EBADMSG ?
			 N_("its head is damaged (massho report ledger verify says more): no certificate can extend it") :
			 strerror(-r));
		return r == -EBADMSG ? -EIO : r;
	}
	po->ledger_seq = ms_ledger_count(lg) + 1;
	po->ledger_prev = ms_ledger_last(lg);
	if (!(r = sign_and_write(iss, rec, text, n, po, pdfpath, pdflen, psha, why, whylen))) {
		const char *kind = ms_json_get_str(rec, "kind"), *id = ms_json_get_str(rec, "record_id");
		/* by absolute path: the auditor reads the certificates from wherever they run */
		if (!realpath(pdfpath, abs))
			ms_strlcpy(abs, pdfpath, sizeof abs);
		if (ms_ledger_add(lg, kind ? kind : "?", id ? id : "?", abs, psha))
			snprintf(why, whylen, N_("warning: the ledger could not be appended to"));
		else if (checkpoint(iss, lg))
			snprintf(why, whylen, N_("warning: the ledger's head could not be signed (%s)"), MS_LEDGER_CHECKPOINT);
	}
	ms_ledger_close(lg);
	return r;
}

int ms_issue(const struct ms_issuer *iss, const char *record_path, char *pdfpath, size_t pdflen, char *why,
	     size_t whylen)
{
	char *text, sha[65];
	size_t n;
	why[0] = '\0';
	int r = ms_read_file(record_path, &text, &n, MS_RECORD_MAX);
	if (r) {
		snprintf(why, whylen, N_("%s: cannot read the record: %s"), record_path, strerror(-r));
		return r;
	}
	ms_sha256_hex(text, n, sha);
	if (iss->expect_sha256 && strcmp(sha, iss->expect_sha256) != 0) {
		snprintf(why, whylen, N_("%s: changed while its certificate was being issued"), record_path);
		free(text);
		return -EBADMSG;
	}
	struct ms_json *rec = ms_json_parse(text, n, NULL, 0);
	struct ms_pdf_opts po = iss->pdf;
	po.record_path = record_path;
	po.record_sha256 = sha;
	if (!rec) {
		snprintf(why, whylen, N_("%s: not a JSON record"), record_path);
		r = -EINVAL;
	} else {
		r = issue_locked(iss, rec, text, n, &po, pdfpath, pdflen, why, whylen);
	}
	ms_json_free(rec);
	free(text);
	return r;
}

void ms_run_facts(struct ms_run_facts *f, const char *operator_name)
{
	struct utsname u;
	if (ms_sha256_file_hex("/proc/self/exe", f->bin))
		ms_strlcpy(f->bin, "unknown", sizeof f->bin);
	if (gethostname(f->host, sizeof f->host))
		ms_strlcpy(f->host, "unknown", sizeof f->host);
	f->host[sizeof f->host - 1] = '\0';
	ms_strlcpy(f->kernel, uname(&u) ? "unknown" : u.release, sizeof f->kernel);
	f->meta = (struct ms_record_meta){.tool_version = ms_version, .binary_sha256 = f->bin, .hostname = f->host,
					  .kernel = f->kernel, .operator_name = operator_name};
	/* Run from the boot image: which one (a file that is not root's records nothing). */
	ms_image_id_load(NULL, &f->meta.image);
}

/* ---- the erase use case's sink ------------------------------------------------------------------ */

static int sink_record(void *vctx, const struct ms_job *job, const char *dir, char *out, size_t len, char sha[65])
{
	struct ms_report_sink_ctx *c = vctx;
	struct ms_json *rec = ms_record_build(job, &c->facts.meta);
	int e = rec ? ms_record_write(dir, rec, out, len, sha) : -ENOMEM;
	ms_json_free(rec);
	return e;
}

static int sink_certify(void *vctx, const char *record_path, char *out, size_t len, char *why, size_t whylen)
{
	struct ms_report_sink_ctx *c = vctx;
	if (!c->issuer || !c->issuer->signer)
		return 1;
	return ms_issue(c->issuer, record_path, out, len, why, whylen);
}

static int sink_handover(void *vctx, const char *erasure_path, const char *erasure_sha, const char *dir,
			 const struct ms_handover_req *h, char *out, size_t len, char hsha[65], const char **object,
			 char *why, size_t whylen)
{
	struct ms_report_sink_ctx *c = vctx;
	struct ms_json *er;
	char sha[65];
	/* fail closed below the front end too: no handover is born late */
	if (!ms_date_valid(h->destroy_by) || ms_date_past(h->destroy_by, time(NULL))) {
		*object = h->destroy_by;
		snprintf(why, whylen, N_("the destruction deadline is not a date today or later: no handover written"));
		return -EINVAL;
	}
	int e = ms_custody_load(erasure_path, "erasure", &er, sha, why, whylen);
	if (!e && strcmp(sha, erasure_sha) != 0) {
		snprintf(why, whylen, N_("changed since it was written: no handover refers to it"));
		ms_json_free(er);
		e = -EBADMSG;
	}
	if (e) {
		*object = erasure_path;
		return e;
	}
	struct ms_handover_meta m = {.witness = h->witness, .camera = h->camera, .destroy_by = h->destroy_by,
				     .operator_name = h->operator_name, .run = &c->facts.meta};
	struct ms_json *ho = ms_handover_build(er, sha, &m);
	e = ho ? ms_custody_write(dir, ho, out, len, hsha) : -ENOMEM;
	ms_json_free(ho);
	ms_json_free(er);
	if (e) {
		*object = dir;
		snprintf(why, whylen, N_("cannot write the handover record: %s"), strerror(-e));
	}
	return e;
}

void ms_report_sink(struct ms_report_sink_ctx *ctx, const struct ms_issuer *iss, const char *operator_name,
		    struct ms_erase_sink *out)
{
	ctx->issuer = iss;
	ms_run_facts(&ctx->facts, operator_name);
	if (iss) { /* what the certificate will print about the work goes into the record too */
		const struct ms_pdf_opts *o = &iss->pdf;
		struct ms_record_meta *m = &ctx->facts.meta;
		m->organisation = o->organisation, m->contract = o->contract, m->contractor = o->contractor;
		m->place = o->place, m->asset = o->asset, m->source_host = o->source_host;
		m->destination = o->destination, m->witness = o->witness;
	}
	*out = (struct ms_erase_sink){.record = sink_record, .certify = sink_certify, .handover = sink_handover,
				      .certifies = iss && iss->signer, .ctx = ctx};
}

int ms_issuer_make_key(const char *dir, const char *name, const char *org, const char *pass, char *why,
		       size_t len)
{
	return ms_key_init(dir, name, org, pass, why, len);
}

