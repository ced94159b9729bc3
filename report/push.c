/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Collection of a station's results into the central store (report/push.h). */
#include "push.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
#include "record.h"

#define LOG_MAX ((size_t)64 << 20)
#define PDF_MAX ((size_t)256 << 20)
#define P7S_MAX ((size_t)1 << 20)

/* STATE/collected, read: its complete lines, sorted for bsearch. */
struct pushlog {
	char *text;
	char **line;
	size_t n;
	int fd;
};

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int log_open(struct pushlog *pl, const char *state_dir)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", state_dir, MS_PUSH_LOG);
	memset(pl, 0, sizeof *pl);
	pl->fd = -1;
	size_t len = 0;
	int r = ms_read_file(path, &pl->text, &len, LOG_MAX);
	if (r == -ENOENT)
		return 0;
	if (r)
		return r;
	size_t cap = 0;
	for (size_t i = 0; i < len; i++)
		cap += pl->text[i] == '\n';
	pl->line = calloc(cap + 1, sizeof *pl->line);
	if (!pl->line)
		return -ENOMEM;
	/* A last line without its newline was cut by a crash: not a note. */
	char *p = pl->text, *end = pl->text + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		*nl = '\0';
		pl->line[pl->n++] = p;
		p = nl + 1;
	}
	qsort(pl->line, pl->n, sizeof *pl->line, cmp_line);
	return 0;
}

/* bsearch by a prefix: the lines that start with it lie together in the sorted array. */
static int cmp_prefix(const void *key, const void *line)
{
	const char *k = *(const char *const *)key;
	return strncmp(k, *(char *const *)line, strlen(k));
}

static bool log_has(const struct pushlog *pl, const char *prefix)
{
	return pl->n && bsearch(&prefix, pl->line, pl->n, sizeof *pl->line, cmp_prefix);
}

/* The file names the notes name ("R JSON PDF NAME"), sorted, for ms_push_pending. */
static const char *note_name(const char *line)
{
	const char *sp = line[0] == 'R' ? strrchr(line, ' ') : NULL;
	return sp ? sp + 1 : NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Append one note, on disk before we go on (the database has it already). */
static int log_add(struct pushlog *pl, const char *state_dir, const char *note)
{
	if (pl->fd < 0) {
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", state_dir, MS_PUSH_LOG);
		pl->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (pl->fd < 0)
			return -errno;
	}
	size_t n = strlen(note);
	char buf[512];
	if (n + 1 >= sizeof buf)
		return -EINVAL;
	memcpy(buf, note, n);
	buf[n] = '\n';
	if (write(pl->fd, buf, n + 1) != (ssize_t)(n + 1) || fsync(pl->fd))
		return -EIO;
	return 0;
}

static void log_close(struct pushlog *pl)
{
	if (pl->fd >= 0)
		close(pl->fd);
	free(pl->line);
	free(pl->text);
}

static int only_json(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	/* A name with a control character (a newline) would forge lines of STATE/collected:
	 * massho never writes one; whoever did is not a station. */
	for (const unsigned char *p = (const unsigned char *)d->d_name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

/* The certificate of record file NAME.json: NAME.pdf beside it. */
static void pdf_of(const char *name, char *out, size_t len)
{
	snprintf(out, len, "%.*s.pdf", (int)(strlen(name) - 5), name);
}

/* One record's files: the JSON, its signature and its certificate, read and hashed. */
struct item {
	char *json, *p7s, *pdf;
	size_t json_len, p7s_len, pdf_len;
	char json_sha[65], pdf_sha[65], pdf_name[NAME_MAX + 1];
};

static void item_free(struct item *it)
{
	free(it->json);
	free(it->p7s);
	free(it->pdf);
}

static int item_read(const char *dir, const char *name, struct item *it, char *why, size_t len)
{
	char path[PATH_MAX];
	memset(it, 0, sizeof *it);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int r = ms_read_file(path, &it->json, &it->json_len, MS_RECORD_MAX);
	if (r) {
		snprintf(why, len, "%s: %s", path, strerror(-r));
		return r;
	}
	ms_sha256_hex(it->json, it->json_len, it->json_sha);
	snprintf(path, sizeof path, "%s/%s.p7s", dir, name);
	r = ms_read_file(path, &it->p7s, &it->p7s_len, P7S_MAX);
	if (r && r != -ENOENT) {
		snprintf(why, len, "%s: %s", path, strerror(-r));
		return r;
	}
	pdf_of(name, it->pdf_name, sizeof it->pdf_name);
	snprintf(path, sizeof path, "%s/%s", dir, it->pdf_name);
	r = ms_read_file(path, &it->pdf, &it->pdf_len, PDF_MAX);
	if (r && r != -ENOENT) {
		snprintf(why, len, "%s: %s", path, strerror(-r));
		return r;
	}
	strcpy(it->pdf_sha, "-");
	if (it->pdf)
		ms_sha256_hex(it->pdf, it->pdf_len, it->pdf_sha);
	return 0;
}

/* Is it a record at all (a JSON object with a record_id and a kind)? */
static bool is_record(const struct item *it)
{
	struct ms_json *j = ms_json_parse(it->json, it->json_len, NULL, 0);
	bool ok = j && ms_json_get_str(j, "record_id") && ms_json_get_str(j, "kind");
	ms_json_free(j);
	return ok;
}

/* Send one record (and its certificate) in a transaction: status gets the database's
 * answer for the record ("inserted", "present", "conflict"). */
static int send_item(struct ms_db *db, const struct item *it, char *status, size_t slen, char *why, size_t len)
{
	int r = ms_db_exec(db, "BEGIN", why, len);
	if (r)
		return r;
	const char *v[3] = {it->json, it->p7s};
	int vl[3] = {(int)it->json_len, (int)it->p7s_len}, bin[3] = {1, 1};
	r = ms_db_call(db, "SELECT massho.push_record($1, $2)", 2, v, vl, bin, status, slen, why, len);
	if (!r && it->pdf && strcmp(status, "conflict") != 0) {
		char got[16];
		const char *cv[3] = {it->pdf_name, it->json_sha, it->pdf};
		int cl[3] = {0, 0, (int)it->pdf_len}, cb[3] = {0, 0, 1};
		r = ms_db_call(db, "SELECT massho.push_certificate($1, $2, $3)", 3, cv, cl, cb, got, sizeof got, why,
			       len);
	}
	if (!r)
		r = ms_db_exec(db, "COMMIT", why, len);
	if (r && !ms_db_lost(db)) {
		char ignore[8];
		ms_db_exec(db, "ROLLBACK", ignore, sizeof ignore);
	}
	return r;
}

/* A record's files as they stand (sizes and modification times of the JSON and the PDF):
 * "S JSIZE JTIME PSIZE PTIME NAME". A note of it lets the next push pass over a record
 * without reading and hashing its files again (a station pushes after every batch, over
 * its whole output medium); a file rewritten since has another size or time. */
static void stat_note(const char *dir, const char *name, char *out, size_t len)
{
	char path[PATH_MAX], pdf[NAME_MAX + 1];
	struct stat j = {0}, p = {0};
	snprintf(path, sizeof path, "%s/%s", dir, name);
	stat(path, &j);
	pdf_of(name, pdf, sizeof pdf);
	snprintf(path, sizeof path, "%s/%s", dir, pdf);
	stat(path, &p);
	snprintf(out, len, "S %lld %lld.%09ld %lld %lld.%09ld %s", (long long)j.st_size, (long long)j.st_mtim.tv_sec,
		 j.st_mtim.tv_nsec, (long long)p.st_size, (long long)p.st_mtim.tv_sec, p.st_mtim.tv_nsec, name);
}

/* One record file: sent, or passed over when the notes say it was sent before. */
static int push_one(struct ms_db *db, struct pushlog *pl, const char *dir, const char *name, const char *state_dir,
		    bool all, struct ms_push_report *rep, char *why, size_t len)
{
	struct item it;
	char key[200], note[512], snote[512], status[16];
	const char *sn = snote;
	stat_note(dir, name, snote, sizeof snote);
	if (!all && pl->n && bsearch(&sn, pl->line, pl->n, sizeof *pl->line, cmp_line)) {
		rep->skipped++;
		return 0;
	}
	int r = item_read(dir, name, &it, why, len);
	snprintf(key, sizeof key, "R %s %s ", it.json_sha, it.pdf_sha);
	snprintf(note, sizeof note, "%s%s", key, name);
	if (r && r != -ENOMEM) {
		/* One file that cannot be read (too large, not a file) does not hold back the
		 * others: it is counted and named, and the push does not end with 0. */
		if (!rep->bad++)
			ms_strlcpy(rep->bad_file, why, sizeof rep->bad_file);
		r = 0;
	} else if (r) {
	} else if (!is_record(&it)) {
		if (!rep->bad++)
			snprintf(rep->bad_file, sizeof rep->bad_file, N_("%s/%s: not a record"), dir, name);
	} else if (!all && log_has(pl, key)) {
		rep->skipped++;
		r = log_add(pl, state_dir, snote);
	} else if ((r = send_item(db, &it, status, sizeof status, why, len)) == -EIO) {
		/* The database refused this record's data (the connection holds): the rest goes on. */
		if (!rep->bad++)
			snprintf(rep->bad_file, sizeof rep->bad_file, N_("%s/%s: the database refused it: %s"), dir, name,
				 why);
		why[0] = '\0';
		r = 0;
	} else if (r == 0) {
		if (strcmp(status, "conflict") == 0) {
			if (!rep->conflicts++)
				snprintf(rep->conflict, sizeof rep->conflict,
					 N_("%s/%s: the database holds another record under this id: refused"), dir, name);
		} else {
			*(strcmp(status, "inserted") == 0 ? &rep->sent : &rep->present) += 1;
			r = log_add(pl, state_dir, note);
			if (!r)
				r = log_add(pl, state_dir, snote);
		}
	}
	if (r && r != -ENOTCONN && r != -EIO && !why[0])
		snprintf(why, len, "%s/%s: %s", state_dir, MS_PUSH_LOG, strerror(-r));
	item_free(&it);
	return r;
}

static int push_records(struct ms_db *db, struct pushlog *pl, const char *dir, const char *state_dir, bool all,
			struct ms_push_report *rep, char *why, size_t len)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, only_json, alphasort), r = 0;
	if (n < 0) {
		r = -errno;
		snprintf(why, len, "%s: %s", dir, strerror(-r));
		return r;
	}
	why[0] = '\0';
	for (int i = 0; i < n && !r; i++)
		r = push_one(db, pl, dir, names[i]->d_name, state_dir, all, rep, why, len);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}

/* The ledger's lines, as the walk checked them. */
struct lines {
	char **l;
	size_t n, cap;
};

static int take_line(void *ctx, const struct ms_json *e)
{
	struct lines *ls = ctx;
	if (ls->n == ls->cap) {
		size_t cap = ls->cap ? ls->cap * 2 : 64;
		char **l = realloc(ls->l, cap * sizeof *l);
		if (!l)
			return -1;
		ls->l = l, ls->cap = cap;
	}
	ls->l[ls->n] = ms_json_render(e, 0);
	return ls->l[ls->n++] ? 0 : -1;
}

static void lines_free(struct lines *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		free(ls->l[i]);
	free(ls->l);
}

/* The highest count noted for this ledger ("L ID COUNT"). */
static unsigned long long log_ledger(const struct pushlog *pl, const char *id)
{
	unsigned long long best = 0, c;
	char want[80];
	snprintf(want, sizeof want, "L %s ", id);
	for (size_t i = 0; i < pl->n; i++)
		if (strncmp(pl->line[i], want, strlen(want)) == 0 && sscanf(pl->line[i] + strlen(want), "%llu", &c) == 1 &&
		    c > best)
			best = c;
	return best;
}

/* The entries after `from`, then the signed head when it names exactly these entries. */
static int send_ledger(struct ms_db *db, const char *id, const struct lines *ls, size_t from, const char *state_dir,
		       struct ms_push_report *rep, char *why, size_t len)
{
	char path[PATH_MAX], status[16], cnt[24], ignore[8];
	char *p7s = NULL, *head = NULL;
	size_t p7s_len = 0, hl = 0;
	/* The head's exact bytes (its newline too): what the checkpoint signs. */
	snprintf(path, sizeof path, "%s/ledger.head", state_dir);
	bool signed_head = ms_read_file(path, &head, &hl, 4096) == 0;
	snprintf(path, sizeof path, "%s/%s", state_dir, MS_LEDGER_CHECKPOINT);
	signed_head = signed_head && ms_read_file(path, &p7s, &p7s_len, P7S_MAX) == 0;
	int r = ms_db_exec(db, "BEGIN", why, len);
	for (size_t i = from; i < ls->n && !r; i++) {
		const char *v[2] = {id, ls->l[i]};
		r = ms_db_call(db, "SELECT massho.push_ledger_entry($1, $2)", 2, v, NULL, NULL, status, sizeof status, why,
			       len);
		if (!r && strcmp(status, "conflict") == 0 && !rep->conflicts++)
			snprintf(rep->conflict, sizeof rep->conflict,
				 N_("%s/ledger.jsonl: entry %zu differs from the one the database holds: refused"), state_dir,
				 i + 1);
		rep->ledger_entries += !r && strcmp(status, "inserted") == 0;
	}
	/* The head names its count: sent only when it is this walk's (no entry appended since). */
	unsigned long long hc = 0;
	if (!r && signed_head && sscanf(head, "{\"count\":%llu,", &hc) == 1 && hc == ls->n) {
		snprintf(cnt, sizeof cnt, "%zu", ls->n);
		const char *v[4] = {id, cnt, head, p7s};
		int vl[4] = {0, 0, (int)hl, (int)p7s_len}, bin[4] = {0, 0, 1, 1};
		r = ms_db_call(db, "SELECT massho.push_checkpoint($1, $2, $3, $4)", 4, v, vl, bin, status, sizeof status,
			       why, len);
		if (!r && strcmp(status, "conflict") == 0) {
			if (!rep->conflicts++)
				snprintf(rep->conflict, sizeof rep->conflict,
					 N_("%s/ledger.head: the database refused the ledger's signed head"), state_dir);
		} else {
			rep->checkpoint = !r;
		}
	}
	/* Entries no signed head vouches for (no key signed it, or an entry came meanwhile):
	 * stored, but the push does not end with 0; the next one sends the head. */
	rep->unsigned_ledger = !r && !rep->checkpoint;
	if (!r)
		r = ms_db_exec(db, "COMMIT", why, len);
	else if (!ms_db_lost(db))
		ms_db_exec(db, "ROLLBACK", ignore, sizeof ignore);
	free(p7s);
	free(head);
	return r;
}

static int push_ledger(struct ms_db *db, struct pushlog *pl, const char *state_dir, bool all,
		       struct ms_push_report *rep, char *why, size_t len)
{
	struct lines ls = {0};
	size_t count = 0;
	int r = ms_ledger_walk(state_dir, &count, take_line, &ls, why, len);
	if (r == -ENOENT) {
		lines_free(&ls);
		return 0;
	}
	if (!r && ls.n != count)
		r = -ENOMEM;
	if (!r && ls.n) {
		struct ms_json *first = ms_json_parse(ls.l[0], strlen(ls.l[0]), NULL, 0);
		const char *h = ms_json_get_str(first, "hash");
		char id[65], note[128];
		ms_strlcpy(id, h ? h : "", sizeof id);
		ms_json_free(first);
		unsigned long long done = all ? 0 : log_ledger(pl, id);
		if (done < ls.n) {
			r = send_ledger(db, id, &ls, (size_t)done, state_dir, rep, why, len);
			snprintf(note, sizeof note, "L %s %zu", id, ls.n);
			if (!r && rep->checkpoint && (r = log_add(pl, state_dir, note)) != 0)
				snprintf(why, len, "%s/%s: %s", state_dir, MS_PUSH_LOG, strerror(-r));
		}
	}
	lines_free(&ls);
	return r;
}

int ms_push_dir(struct ms_db *db, const char *records_dir, const char *state_dir, bool all,
		struct ms_push_report *rep, char *why, size_t len)
{
	struct pushlog pl;
	memset(rep, 0, sizeof *rep);
	int r = log_open(&pl, state_dir);
	if (r) {
		snprintf(why, len, "%s/%s: %s", state_dir, MS_PUSH_LOG, strerror(-r));
		log_close(&pl);
		return r;
	}
	r = push_records(db, &pl, records_dir, state_dir, all, rep, why, len);
	if (!r)
		r = push_ledger(db, &pl, state_dir, all, rep, why, len);
	log_close(&pl);
	return r;
}

int ms_push_pending(const char *records_dir, const char *state_dir, size_t *n)
{
	struct pushlog pl;
	*n = 0;
	int r = log_open(&pl, state_dir);
	const char **noted = r ? NULL : calloc(pl.n + 1, sizeof *noted);
	size_t nn = 0;
	if (!r && !noted)
		r = -ENOMEM;
	for (size_t i = 0; !r && i < pl.n; i++)
		if (note_name(pl.line[i]))
			noted[nn++] = note_name(pl.line[i]);
	if (noted)
		qsort(noted, nn, sizeof *noted, cmp_str);
	struct dirent **names = NULL;
	int k = r ? -1 : scandir(records_dir, &names, only_json, alphasort);
	if (!r && k < 0)
		r = -errno;
	/* By name, without reading the files: a count for the screen, not a proof (a record
	 * whose certificate was issued again is sent again by the next push all the same). */
	for (int i = 0; i < k; i++) {
		const char *name = names[i]->d_name;
		*n += !nn || !bsearch(&name, noted, nn, sizeof *noted, cmp_str);
		free(names[i]);
	}
	free(names);
	free(noted);
	log_close(&pl);
	return r;
}
