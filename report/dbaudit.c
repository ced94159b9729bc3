/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The auditor's check of the central store (report/dbaudit.h). Certificates stream one
 * row at a time (a store holds thousands); what is checked against them afterwards (the
 * ledger bindings) is kept small. Files are written only to a private temporary
 * directory, under fixed names (a stored name is hostile), and removed. */
#include "dbaudit.h"

#include <errno.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"
#include "db.h"
#include "ledger.h"
#include "ledger_audit.h"
#include "verify.h"

/* A certificate's ledger binding, checked once the certificates have been read. */
struct binding {
	char name[96], pdf_sha[65], prev[65];
	unsigned long long seq;
};

struct audit {
	struct ms_db *db;
	const char *ca;
	char tmp[PATH_MAX];
	ms_db_audit_fn fn;
	void *ctx;
	struct ms_db_audit *rep;
	struct binding *b;
	size_t nb, capb;
};

static void failed(struct audit *a, const char *what, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void failed(struct audit *a, const char *what, const char *fmt, ...)
{
	char why[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	a->rep->failed++;
	a->fn(a->ctx, what, why, true);
}

static int put_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wbx");
	if (!f)
		return -errno;
	int r = fwrite(data, 1, len, f) == len ? 0 : -EIO;
	return fclose(f) || r ? -EIO : 0;
}

static void rm_file(const char *dir, const char *name)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

/* Columns: sha256, name, record_sha256, pdf, raw, p7s (binary). */
static void check_certificate(struct audit *a, PGresult *row)
{
	const char *sha = PQgetvalue(row, 0, 0), *rec_sha = PQgetvalue(row, 0, 2);
	char name[96], got[65];
	snprintf(name, sizeof name, "%.95s", PQgetvalue(row, 0, 1));
	for (char *p = name; *p; p++) /* the name is printed: no control characters */
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	const unsigned char *pdf = (const unsigned char *)PQgetvalue(row, 0, 3);
	size_t len = (size_t)PQgetlength(row, 0, 3);
	a->rep->certificates++;
	ms_sha256_hex(pdf, len, got);
	if (strcmp(got, sha) != 0) {
		failed(a, name, N_("its bytes in the database are not the ones stored (SHA-256 %s): changed there"), got);
		return;
	}
	bool has_rec = !PQgetisnull(row, 0, 4);
	if (PQgetisnull(row, 0, 2)) { /* massho always names it: someone unlinked it here */
		failed(a, name, N_("is stored without the record it belongs to"));
		return;
	}
	if (!has_rec) {
		failed(a, name, N_("the record it belongs to (%s) is not stored"), rec_sha);
		return;
	}
	if (has_rec && (put_file(a->tmp, "r.json", PQgetvalue(row, 0, 4), (size_t)PQgetlength(row, 0, 4)) ||
			(!PQgetisnull(row, 0, 5) &&
			 put_file(a->tmp, "r.json.p7s", PQgetvalue(row, 0, 5), (size_t)PQgetlength(row, 0, 5))))) {
		failed(a, name, N_("cannot write the temporary directory %s"), a->tmp);
		return;
	}
	char side[PATH_MAX];
	snprintf(side, sizeof side, "%s/r.json", a->tmp);
	struct ms_pdf_check chk;
	enum ms_check res = ms_pdf_check(pdf, len, a->ca, has_rec ? side : NULL, NULL, &chk);
	rm_file(a->tmp, "r.json");
	rm_file(a->tmp, "r.json.p7s");
	if (res != MS_CHECK_OK)
		failed(a, name, "%s", chk.why[0] ? chk.why : N_("does not verify"));
	else if (has_rec && strcmp(chk.record_sha256, rec_sha) != 0)
		failed(a, name, N_("it embeds another record (SHA-256 %s) than the one stored with it"), chk.record_sha256);
	else if (chk.ledger_seq && a->nb < (size_t)1 << 24) {
		if (a->nb == a->capb) {
			size_t cap = a->capb ? a->capb * 2 : 256;
			struct binding *b = realloc(a->b, cap * sizeof *b);
			if (!b) {
				ms_pdf_check_free(&chk);
				failed(a, name, "%s", strerror(ENOMEM));
				return;
			}
			a->b = b, a->capb = cap;
		}
		struct binding *b = &a->b[a->nb++];
		ms_strlcpy(b->name, name, sizeof b->name);
		ms_strlcpy(b->pdf_sha, sha, sizeof b->pdf_sha);
		ms_strlcpy(b->prev, chk.ledger_prev, sizeof b->prev);
		b->seq = chk.ledger_seq;
	}
	ms_pdf_check_free(&chk);
}

static int stream_certificates(struct audit *a, char *why, size_t len)
{
	PGconn *pg = ms_db_pg(a->db);
	if (!PQsendQueryParams(pg,
			       "SELECT c.sha256, c.name, c.record_sha256, c.pdf, r.raw, r.p7s FROM massho.certificates c "
			       "LEFT JOIN massho.records r ON r.sha256 = c.record_sha256 ORDER BY c.received_at, c.sha256",
			       0, NULL, NULL, NULL, NULL, 1) ||
	    !PQsetSingleRowMode(pg))
		return ms_db_fail(a->db, NULL, why, len);
	int r = 0;
	PGresult *res;
	while ((res = PQgetResult(pg)) != NULL) {
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_SINGLE_TUPLE && !r)
			check_certificate(a, res);
		else if (st != PGRES_TUPLES_OK && st != PGRES_SINGLE_TUPLE && !r) {
			r = ms_db_fail(a->db, res, why, len); /* clears res */
			continue;
		}
		PQclear(res);
	}
	return r;
}

/* Rows of a text query: fn(a, row, i) for each. */
static int each_row(struct audit *a, const char *sql, int n, const char *const *val,
		    void (*fn)(struct audit *, PGresult *, int), char *why, size_t len)
{
	PGresult *res;
	int r = ms_db_query(a->db, sql, n, val, &res, why, len);
	if (r)
		return r;
	for (int i = 0; i < PQntuples(res); i++)
		fn(a, res, i);
	PQclear(res);
	return 0;
}

static void count_records(struct audit *a, PGresult *res, int i)
{
	a->rep->records = (size_t)strtoull(PQgetvalue(res, i, 0), NULL, 10);
}

/* The newest checkpoint's head and signature (text columns 0 and 1, bytea as hex) as the
 * state directory's files. */
static int put_head(const char *state, PGresult *c)
{
	int r = -EIO;
	size_t hl = 0, sl = 0;
	unsigned char *h = PQunescapeBytea((const unsigned char *)PQgetvalue(c, 0, 0), &hl);
	unsigned char *p = PQunescapeBytea((const unsigned char *)PQgetvalue(c, 0, 1), &sl);
	if (h && p && !put_file(state, "ledger.head", h, hl) && !put_file(state, MS_LEDGER_CHECKPOINT, p, sl))
		r = 0;
	PQfreemem(h);
	PQfreemem(p);
	return r;
}

/* One ledger (its id in row i): written as a station's state directory, then audited. */
static void check_ledger(struct audit *a, PGresult *res, int i)
{
	const char *id = PQgetvalue(res, i, 0);
	char what[80], state[PATH_MAX], why[600];
	snprintf(what, sizeof what, "ledger %.16s", id);
	a->rep->ledgers++;
	snprintf(state, sizeof state, "%s/ledger-%zu", a->tmp, a->rep->ledgers);
	if (mkdir(state, 0700)) {
		failed(a, what, N_("cannot write the temporary directory %s"), a->tmp);
		return;
	}
	PGconn *pg = ms_db_pg(a->db);
	const char *v[1] = {id};
	PGresult *c = PQexecParams(pg, "SELECT head, p7s, count FROM massho.ledger_checkpoints WHERE ledger = $1 "
				       "ORDER BY count DESC LIMIT 1", 1, NULL, v, NULL, NULL, 0);
	PGresult *e = PQexecParams(pg, "SELECT seq, line FROM massho.ledger_entries WHERE ledger = $1 ORDER BY seq", 1,
				   NULL, v, NULL, NULL, 0);
	bool ok = e && PQresultStatus(e) == PGRES_TUPLES_OK && c && PQresultStatus(c) == PGRES_TUPLES_OK;
	bool cp = ok && PQntuples(c) == 1;
	unsigned long long upto = cp ? strtoull(PQgetvalue(c, 0, 2), NULL, 10) : 0, after = 0;
	/* What the newest signed head vouches for; entries after it, none does (yet). */
	struct ms_buf lines = {0};
	for (int k = 0; ok && k < PQntuples(e); k++) {
		if (strtoull(PQgetvalue(e, k, 0), NULL, 10) > upto) {
			after++;
			continue;
		}
		ms_buf_puts(&lines, PQgetvalue(e, k, 1));
		ms_buf_puts(&lines, "\n");
	}
	a->rep->entries += ok ? (size_t)PQntuples(e) : 0;
	struct ms_ledger_report lr;
	if (!ok)
		failed(a, what, "%s", PQerrorMessage(pg));
	else if (!cp)
		failed(a, what, N_("no signed checkpoint is stored: the entries cannot be vouched for"));
	else if (lines.oom || put_file(state, "ledger.jsonl", lines.p ? lines.p : "", lines.len) ||
		 put_head(state, c))
		failed(a, what, N_("cannot write the temporary directory %s"), a->tmp);
	else if (ms_ledger_audit_chain(state, a->ca, &lr, why, sizeof why)) {
		/* Our temporary copy's path means nothing to the reader: the ledger is named. */
		size_t sl = strlen(state);
		char *at = strstr(why, state);
		if (at)
			memmove(at, at + sl + (at[sl] == '/'), strlen(at + sl + (at[sl] == '/')) + 1);
		failed(a, what, "%s", why);
	} else if (!lr.checkpoint)
		failed(a, what, N_("its checkpoint's signature does not hold"));
	else if (after)
		failed(a, what, N_("%llu entries after its last signed head: not vouched for (the station pushes the head next)"),
		       after);
	else {
		/* What an auditor compares with the station's own copy, or last year's run: a
		 * ledger removed whole, or cut back to an older head, leaves no trace here. */
		char note[300];
		snprintf(note, sizeof note, N_("%llu entries, the last signed by %s"), upto, lr.signer);
		a->fn(a->ctx, what, note, false);
	}
	free(lines.p);
	PQclear(e);
	PQclear(c);
	rm_file(state, "ledger.jsonl");
	rm_file(state, "ledger.head");
	rm_file(state, MS_LEDGER_CHECKPOINT);
	rmdir(state);
}

/* Each certificate's binding: the stored entry for its file must be the one it names. */
static void check_bindings(struct audit *a)
{
	for (size_t i = 0; i < a->nb; i++) {
		struct binding *b = &a->b[i];
		char seq[24], found[8] = "";
		snprintf(seq, sizeof seq, "%llu", b->seq);
		const char *v[3] = {b->pdf_sha, seq, b->prev};
		char why[200];
		int r = ms_db_call(a->db,
				   "SELECT count(*) FROM massho.ledger_entries WHERE file_sha256 = $1 AND seq = $2::bigint "
				   "AND line::jsonb ->> 'prev' = $3",
				   3, v, NULL, NULL, found, sizeof found, why, sizeof why);
		if (r)
			failed(a, b->name, "%s", why);
		else if (strcmp(found, "0") == 0) {
			failed(a, b->name,
			       N_("names ledger entry %llu, which no stored ledger holds as it was: the ledger was rewritten or "
				  "not collected"),
			       b->seq);
		}
	}
}

/* What is stored but does not hold together, one row each: what, a code, an argument. The
 * database only finds them; the texts are ours (translated). */
static const char STORE_PROBLEMS[] =
	/* 1: a record whose bytes are not those of its key; 6: a record whose columns (what
	 * find searches and the checks below use) are not what its own bytes say */
	"SELECT record_id, CASE WHEN encode(sha256(raw), 'hex') <> sha256 THEN 1 ELSE 6 END, '' "
	"FROM massho.records r, LATERAL (SELECT convert_from(r.raw, 'UTF8')::jsonb AS d) x "
	"WHERE encode(sha256(raw), 'hex') <> sha256 OR r.doc <> x.d "
	"OR r.record_id IS DISTINCT FROM massho.jtext(x.d, 'record_id') OR r.kind IS DISTINCT FROM massho.jtext(x.d, 'kind') "
	"OR r.serial IS DISTINCT FROM massho.jtext(x.d, 'device', 'serial') "
	"OR r.model IS DISTINCT FROM massho.jtext(x.d, 'device', 'model') "
	"OR r.identity_hash IS DISTINCT FROM massho.jtext(x.d, 'device', 'identity_hash') "
	"OR r.organisation IS DISTINCT FROM coalesce(massho.jtext(x.d, 'work', 'organisation'), "
	"massho.jtext(x.d, 'contractor', 'organisation')) "
	"OR r.class IS DISTINCT FROM coalesce(massho.jtext(x.d, 'policy', 'class'), massho.jtext(x.d, 'class')) "
	"OR r.outcome IS DISTINCT FROM coalesce(massho.jtext(x.d, 'outcome'), massho.jtext(x.d, 'status')) "
	/* 2: a record stored without a certificate */
	"UNION ALL SELECT r.record_id, 2, '' FROM massho.records r "
	"WHERE NOT EXISTS (SELECT 1 FROM massho.certificates c WHERE c.record_sha256 = r.sha256) "
	/* 3: a summary listing a certificate that is not stored (read from its bytes) */
	"UNION ALL SELECT s.record_id, 3, coalesce(i ->> 'certificate', '') "
	"FROM massho.records s, LATERAL (SELECT convert_from(s.raw, 'UTF8')::jsonb AS d) x, "
	"jsonb_array_elements(CASE WHEN jsonb_typeof(x.d -> 'certificates') = 'array' "
	"THEN x.d -> 'certificates' ELSE '[]' END) i WHERE massho.jtext(x.d, 'kind') = 'summary' AND NOT EXISTS "
	"(SELECT 1 FROM massho.certificates c WHERE c.sha256 = i ->> 'certificate_sha256') "
	/* 4: a ledger entry whose certificate is not stored (unless a later entry issued the
	 * same file again: the earlier one was replaced on the station's disk) */
	"UNION ALL SELECT 'ledger ' || left(e.ledger, 16), 4, e.seq || ' ' || e.record_id FROM massho.ledger_entries e "
	"WHERE NOT EXISTS (SELECT 1 FROM massho.certificates c WHERE c.sha256 = e.file_sha256) "
	"AND NOT EXISTS (SELECT 1 FROM massho.ledger_entries l WHERE l.ledger = e.ledger AND l.seq > e.seq "
	"AND l.line::jsonb ->> 'file' = e.line::jsonb ->> 'file') "
	/* 5: something refused: another record, entry or checkpoint offered under a key taken */
	"UNION ALL SELECT what || ' ' || key, 5, pushed_by || ' ' || received_at FROM massho.conflicts "
	"ORDER BY 1, 2";

static void store_problem(struct audit *a, PGresult *res, int i)
{
	const char *what = PQgetvalue(res, i, 0), *arg = PQgetvalue(res, i, 2);
	switch (atoi(PQgetvalue(res, i, 1))) {
	case 1: failed(a, what, N_("its bytes in the database are not the ones stored: changed there")); break;
	case 2: failed(a, what, N_("no certificate is stored for it")); break;
	case 3: failed(a, what, N_("lists a certificate that is not stored: %s"), arg); break;
	case 6: failed(a, what, N_("its columns are not what its own bytes say: changed in the database")); break;
	case 4:
		failed(a, what, N_("entry %s: its certificate is not stored (removed from the database, or never collected)"),
		       arg);
		break;
	default:
		failed(a, what, N_("other contents were offered under this key and refused (%s; see massho.conflicts)"),
		       arg);
	}
}

int ms_db_audit(struct ms_db *db, const char *ca, ms_db_audit_fn fn, void *ctx, struct ms_db_audit *rep, char *why,
		size_t len)
{
	struct audit a = {.db = db, .ca = ca, .fn = fn, .ctx = ctx, .rep = rep};
	memset(rep, 0, sizeof *rep);
	const char *t = getenv("TMPDIR");
	snprintf(a.tmp, sizeof a.tmp, "%s/massho-audit-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(a.tmp)) {
		int e = errno;
		snprintf(why, len, "%s: %s", a.tmp, strerror(e));
		return -e;
	}
	/* One snapshot for every query: stations pushing meanwhile make no false failure. */
	int r = ms_db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", why, len);
	if (!r)
		r = stream_certificates(&a, why, len);
	if (!r)
		r = each_row(&a, "SELECT count(*) FROM massho.records", 0, NULL, count_records, why, len);
	if (!r)
		r = each_row(&a, STORE_PROBLEMS, 0, NULL, store_problem, why, len);
	if (!r)
		r = each_row(&a, "SELECT id FROM massho.ledgers UNION SELECT ledger FROM massho.ledger_entries UNION "
			     "SELECT ledger FROM massho.ledger_checkpoints ORDER BY 1", 0, NULL, check_ledger, why,
			     len);
	if (!r)
		check_bindings(&a);
	char ignore[8];
	ms_db_exec(db, "ROLLBACK", ignore, sizeof ignore);
	free(a.b);
	rmdir(a.tmp);
	return r;
}
