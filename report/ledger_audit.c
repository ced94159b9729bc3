/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ledger_audit.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"
#include "ledger.h"
#include "verify.h"

/* What a certificate is checked against: each entry's hash it extends and its file. */
struct entry {
	char prev[65], sha[65];
	char *file;
	bool superseded;             /* a later entry names the same file (issued again) */
};

struct walk {
	struct entry *e;
	size_t n, cap;
};

static int collect(void *ctx, const struct ms_json *j)
{
	struct walk *w = ctx;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct entry *ne = realloc(w->e, cap * sizeof *ne);
		if (!ne)
			return -ENOMEM;
		w->e = ne;
		w->cap = cap;
	}
	struct entry *e = &w->e[w->n++];
	const char *p = ms_json_get_str(j, "prev"), *s = ms_json_get_str(j, "sha256"), *f = ms_json_get_str(j, "file");
	ms_strlcpy(e->prev, p ? p : "", sizeof e->prev);
	ms_strlcpy(e->sha, s ? s : "", sizeof e->sha);
	e->file = strdup(f ? f : "");
	e->superseded = false;
	return 0;
}

/* The head must be signed, by a key chaining to ca when one is given. */
static int check_checkpoint(const char *state, const char *ca, struct ms_ledger_report *rep, char *why, size_t len)
{
	char hp[PATH_MAX], sp[PATH_MAX], *head = NULL, *der = NULL;
	size_t hl = 0, dl = 0;
	snprintf(hp, sizeof hp, "%s/ledger.head", state);
	snprintf(sp, sizeof sp, "%s/%s", state, MS_LEDGER_CHECKPOINT);
	int r = ms_read_file(hp, &head, &hl, 4096);
	if (!r && (r = ms_read_file(sp, &der, &dl, 1 << 20)) == -ENOENT) {
		snprintf(why, len, N_("%s: missing: the ledger's head is not signed, so a rewritten chain cannot be told "
			 "from the original"), sp);
		r = -EBADMSG;
	} else if (!r) {
		struct ms_cms_info info; /* years later: a signer valid when it signed will do */
		r = ms_cms_verify_info((unsigned char *)der, dl, head, hl, ca, &info);
		ms_strlcpy(rep->signer, info.signer, sizeof rep->signer);
		if (r)
			snprintf(why, len, "%s: %s", sp, r == -EPERM ? N_("signed by a key that does not chain to the CA") :
				 r == -EKEYREJECTED ? N_("signed by a certificate not issued for signing") :
				 r == -ENOENT ? N_("cannot load the CA certificates") :
				 N_("does not verify for ledger.head: the head was rewritten"));
		r = r ? -EBADMSG : 0;
	} else {
		snprintf(why, len, "%s: %s", r == -ENOENT ? hp : sp, strerror(-r));
		r = -EBADMSG;
	}
	rep->checkpoint = r == 0;
	free(head);
	free(der);
	return r;
}

/* A certificate against the entry it claims to be. handed: one the auditor brought (its
 * signature must hold, and it must be bound); else the ledger's own file. */
static int check_cert(const struct walk *w, const char *path, size_t want_seq, const char *ca, bool handed,
		      struct ms_ledger_report *rep, char *why, size_t len)
{
	char *data;
	size_t n;
	int r = ms_read_file(path, &data, &n, (size_t)256 << 20);
	if (r == -ENOENT && !handed) {
		rep->certs_absent++;
		return 0;
	}
	if (r) {
		snprintf(why, len, "%s: %s", path, strerror(-r));
		return -EBADMSG;
	}
	char sha[65];
	ms_sha256_hex(data, n, sha);
	struct ms_pdf_check c;
	enum ms_check res = ms_pdf_check((unsigned char *)data, n, handed ? ca : NULL, NULL, NULL, &c);
	free(data);
	ms_pdf_check_free(&c);
	size_t seq = handed ? (size_t)c.ledger_seq : want_seq;
	const struct entry *e = seq >= 1 && seq <= w->n ? &w->e[seq - 1] : NULL;
	r = -EBADMSG;
	if (res != MS_CHECK_OK)
		snprintf(why, len, "%s: %s", path, c.why);
	else if (!c.ledger_seq && !handed)
		r = 0, rep->certs_unbound++;
	else if (!c.ledger_seq)
		snprintf(why, len, N_("%s: names no ledger entry (issued before ledger binding)"), path);
	else if (!e || c.ledger_seq != seq)
		snprintf(why, len, N_("%s: says it is ledger entry %llu, but %s"), path, c.ledger_seq,
			 e ? N_("the ledger lists it under another") : N_("the ledger has no such entry: entries were removed"));
	else if (strcmp(e->prev, c.ledger_prev) != 0)
		snprintf(why, len, N_("%s: entry %zu extended %.16s… when it was issued, the ledger now says %.16s…: the "
			 "ledger was rewritten"), path, seq, c.ledger_prev, e->prev);
	else if (strcmp(e->sha, sha) != 0)
		snprintf(why, len, N_("%s: is not the certificate ledger entry %zu names (SHA-256 differs)"), path, seq);
	else
		r = 0, rep->certs_checked++;
	return r;
}

static int by_file_then_seq(const void *a, const void *b, void *entries)
{
	const struct entry *e = entries;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(e[i].file, e[j].file);
	return c ? c : (i > j) - (i < j);
}

/* A certificate issued again (`report pdf` after the first was lost) replaces the file
 * of the earlier entry: only the last entry naming a file can be checked against it. */
static int mark_superseded(struct walk *w)
{
	size_t *idx = malloc((w->n ? w->n : 1) * sizeof *idx);
	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < w->n; i++)
		idx[i] = i;
	qsort_r(idx, w->n, sizeof *idx, by_file_then_seq, w->e);
	for (size_t k = 0; k + 1 < w->n; k++)
		w->e[idx[k]].superseded = strcmp(w->e[idx[k]].file, w->e[idx[k + 1]].file) == 0;
	free(idx);
	return 0;
}

static int audit(const char *state, const char *ca, const char *const *certs, size_t ncerts, bool own_files,
		 struct ms_ledger_report *rep, char *why, size_t len)
{
	struct walk w = {0};
	memset(rep, 0, sizeof *rep);
	why[0] = '\0';
	int r = ms_ledger_walk(state, &rep->entries, collect, &w, why, len);
	if (!r && w.n != rep->entries) {
		snprintf(why, len, "%s/ledger.jsonl: %s", state, strerror(ENOMEM));
		r = -ENOMEM;
	}
	if (!r && rep->entries)
		r = check_checkpoint(state, ca, rep, why, len);
	if (!r && (r = mark_superseded(&w)))
		snprintf(why, len, "%s", strerror(-r));
	for (size_t i = 0; !r && own_files && i < w.n; i++)
		if (w.e[i].superseded)
			rep->certs_absent++;
		else
			r = check_cert(&w, w.e[i].file, i + 1, ca, false, rep, why, len);
	for (size_t i = 0; !r && i < ncerts; i++)
		r = check_cert(&w, certs[i], 0, ca, true, rep, why, len);
	for (size_t i = 0; i < w.n; i++)
		free(w.e[i].file);
	free(w.e);
	return r;
}

int ms_ledger_audit(const char *state, const char *ca, const char *const *certs, size_t ncerts,
		    struct ms_ledger_report *rep, char *why, size_t len)
{
	return audit(state, ca, certs, ncerts, true, rep, why, len);
}

int ms_ledger_audit_chain(const char *state, const char *ca, struct ms_ledger_report *rep, char *why, size_t len)
{
	return audit(state, ca, NULL, 0, false, rep, why, len);
}
