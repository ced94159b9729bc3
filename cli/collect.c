/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The central store (docs/fleet.md): massho db migrate URI; massho report push (a
 * station's results, queued until acknowledged); massho report find; massho report verify
 * --from URI (the auditor's check of everything stored). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/db.h"
#include "../report/dbaudit.h"
#include "../report/dbfind.h"
#include "../report/migrate.h"
#include "../report/push.h"
#include "../ui/config.h"
#include "../util/json.h"
#include "../util/util.h"
#include "cli.h"

/* Connect, saying why not: MS_EXIT_OK, MS_EXIT_USAGE (the URI) or MS_EXIT_NOT_COLLECTED. */
static enum ms_exit connect_db(const struct ms_db_opts *o, struct ms_db **db)
{
	char why[400];
	int r = ms_db_connect(o, db, why, sizeof why);
	if (r == -EINVAL) {
		ms_say(NULL, "%s", L_(why));
		return MS_EXIT_USAGE;
	}
	if (r) {
		ms_say("database", _("cannot connect: %s"), r == -ENOTCONN ? why : strerror(-r));
		return r == -ENOMEM ? MS_EXIT_FAILURE : MS_EXIT_NOT_COLLECTED;
	}
	return MS_EXIT_OK;
}

static enum ms_exit db_error(int r, const char *why)
{
	/* Our own messages name the database already; the server's do not. */
	ms_say(strncmp(why, "database:", 9) == 0 ? NULL : "database", "%s", L_(why));
	return r == -ENOTCONN ? MS_EXIT_NOT_COLLECTED : r == -EPROTO ? MS_EXIT_REFUSED : MS_EXIT_FAILURE;
}

static void db_usage(void)
{
	puts(_("Usage:\n massho db migrate URI\n\n"
	       "Create or bring up to date the central store's schema (roles massho_station and\n"
	       "massho_auditor, tables, functions, views) in the database URI names; run it as\n"
	       "the database's owner. Each migration runs once; see docs/fleet.md.\n\n"
	       "Options:\n -h, --help               display this help\n"
	       " -V, --version            display the version\n\nExit status: see massho(8)."));
}

int ms_cmd_db(int argc, char **argv)
{
	static const struct option none[] = {{NULL, 0, NULL, 0}};
	struct ms_opts opts = {.cmd = "db migrate", .usage = db_usage, .longs = none};
	int c;
	while ((c = ms_opt_next(&opts, argc, argv)) != -1)
		if (c == MS_OPT_RETURN)
			return opts.code;
	if (argc - optind != 2 || strcmp(argv[optind], "migrate") != 0)
		return ms_usage_error("%s", optind < argc && strcmp(argv[optind], "migrate") == 0 ?
				      _("give one URI") : _("give migrate"));
	struct ms_db_opts o = {.uri = argv[optind + 1]};
	struct ms_db *db;
	enum ms_exit e = connect_db(&o, &db);
	if (e)
		return e;
	unsigned from, to;
	char why[400];
	int r = ms_db_migrate(db, &from, &to, why, sizeof why);
	ms_db_close(db);
	if (r)
		return db_error(r, why);
	if (from == to)
		printf(_("database: schema version %u, up to date\n"), to);
	else
		printf(_("database: schema version %u (was %u)\n"), to, from);
	return MS_EXIT_OK;
}

/* The station's configuration: its collect URI and its directory (the TLS files). */
static enum ms_exit from_config(const char *path, char *uri, size_t ulen, char *dir, size_t dlen)
{
	struct ms_config c;
	char why[400];
	if (ms_config_load(path, &c, why, sizeof why)) {
		ms_say(NULL, "%s", why);
		return MS_EXIT_USAGE;
	}
	if (!c.v[MS_CFG_COLLECT][0]) {
		ms_say(path, _("no 'collect' URI: nothing to push to"));
		return MS_EXIT_USAGE;
	}
	ms_strlcpy(uri, c.v[MS_CFG_COLLECT], ulen);
	ms_path_dir(path, dir, dlen);
	return MS_EXIT_OK;
}

static void push_usage(void)
{
	FILE *f = stdout;
	fputs(_("Usage:\n massho report push [--to URI | --config FILE] [--state-dir DIR] [--all]\n"
		"                    [--passphrase-file F] [RECORDS-DIR]\n\n"
		"Send a station's records, certificates and ledger to the central store. What the\n"
		"database acknowledged is noted in STATE-DIR/collected and not sent again; nothing is\n"
		"deleted. Exit 20 when the database cannot be reached: the results stay queued.\n\n"
		"Options:\n"
		"     --to URI             the database (postgresql://…, TLS client certificate)\n"
		"     --config FILE        a station configuration: its 'collect' URI, with the TLS\n"
		"                          files db-ca.crt, db-station.crt, db-station.key beside it\n"
		"     --state-dir DIR      the journal and the ledger (default /var/lib/massho)\n"
		"     --all                send everything again (the database keeps one copy)\n"
		"     --passphrase-file F  the passphrase of an encrypted db-station.key\n"
		" -h, --help               display this help\n"
		" -V, --version            display the version\n\nRECORDS-DIR defaults to STATE-DIR/records.\n"
		"Exit status: see massho(8).\n"),
	      f);
}

static void print_push(const struct ms_push_report *p)
{
	/* TRANSLATORS: records sent now, records the database had already, records noted as
	 * collected before, ledger entries sent now */
	printf(_("collected: %zu sent, %zu already stored, %zu sent before, %zu ledger entries%s\n"), p->sent,
	       p->present, p->skipped, p->ledger_entries, p->checkpoint ? _(", signed checkpoint") : "");
	if (p->bad)
		ms_say(NULL, "%s", L_(p->bad_file));
}

int ms_report_push(int argc, char **argv)
{
	const char *to = NULL, *config = NULL, *state = MS_DEFAULT_STATE_DIR, *pf = NULL;
	bool all = false;
	static const struct option longopts[] = {
		{"to", required_argument, NULL, 't'}, {"config", required_argument, NULL, 'c'},
		{"state-dir", required_argument, NULL, 's'}, {"all", no_argument, NULL, 'a'},
		{"passphrase-file", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct ms_opts op = {.cmd = "report push", .usage = push_usage, .longs = longopts};
	int c;
	while ((c = ms_opt_next(&op, argc, argv)) != -1) {
		switch (c) {
		case MS_OPT_RETURN: return op.code;
		case 't': to = optarg; break;
		case 'c': config = optarg; break;
		case 's': state = optarg; break;
		case 'a': all = true; break;
		case 'p': pf = optarg; break;
		}
	}
	if (!to == !config || optind + 1 < argc)
		return ms_usage_error(_("give --to URI or --config FILE, and at most one RECORDS-DIR"));
	char uri[1024], dir[PATH_MAX], recs[PATH_MAX], pass[256] = "", why[400];
	struct ms_db_opts o = {.uri = to};
	if (config) {
		enum ms_exit e = from_config(config, uri, sizeof uri, dir, sizeof dir);
		if (e)
			return e;
		o.uri = uri, o.tls_dir = dir;
	}
	if (pf) {
		int r = ms_read_passphrase(pf, "", pass, sizeof pass);
		if (r) {
			ms_say(pf, "%s", strerror(-r));
			return MS_EXIT_KEY;
		}
		o.passphrase = pass;
	}
	const char *records = optind < argc ? argv[optind] : ms_records_dir(NULL, state, recs, sizeof recs);
	struct ms_db *db;
	enum ms_exit e = connect_db(&o, &db);
	ms_memzero(pass, sizeof pass);
	if (e) {
		size_t n = 0;
		if (e == MS_EXIT_NOT_COLLECTED && ms_push_pending(records, state, &n) == 0 && n)
			ms_say(records, _("%zu records not yet collected: they stay here until the database takes them"), n);
		return e;
	}
	struct ms_push_report p;
	int r = ms_push_dir(db, records, state, all, &p, why, sizeof why);
	ms_db_close(db);
	if (!r || p.sent || p.present || p.skipped)
		print_push(&p);
	if (r == -ENOTCONN || r == -EIO)
		return db_error(r, why);
	if (r) {
		ms_say(NULL, "%s", L_(why));
		return r == -EBADMSG ? MS_EXIT_NOT_SIGNED : r == -ENOENT ? MS_EXIT_NODEV : MS_EXIT_ARTIFACT;
	}
	if (p.conflicts) {
		ms_say(NULL, "%s", L_(p.conflict));
		ms_say(NULL, _("%zu refused: the database holds other contents under their ids (see massho.conflicts)"),
		       p.conflicts);
		return MS_EXIT_RECORD_MISMATCH;
	}
	/* Not everything is in the database: the boot image must not power off on a 0. */
	if (p.bad)
		return MS_EXIT_RECORD_MISMATCH;
	if (p.unsigned_ledger) {
		ms_say(state, _("the ledger's entries were sent without a signed head (ledger.head.p7s): push again"));
		return MS_EXIT_NOT_SIGNED;
	}
	return MS_EXIT_OK;
}

static const char *clean(const char *s, char *buf, size_t len);

static void print_found(const struct ms_json *arr)
{
	static const char *const keys[] = {"record_id", "kind", "outcome", "ended_at", "model", "serial", "organisation",
					   "pushed_by"};
	char f[8][256], n[256], h[80];
	for (size_t i = 0; i < arr->n; i++) {
		const struct ms_json *x = arr->items[i], *certs = ms_json_get(x, "certificates");
		for (size_t k = 0; k < 8; k++)
			clean(ms_json_get_str(x, keys[k]), f[k], sizeof f[k]);
		/* TRANSLATORS: record id, kind, outcome, ended at, model, serial, organisation, pushed by */
		printf(_("%s  %s  %s  %s  %s (serial %s)  %s  pushed by %s\n"), f[0], f[1], f[2], f[3], f[4], f[5], f[6],
		       f[7]);
		for (size_t k = 0; certs && k < certs->n; k++)
			printf(_("    certificate %s  SHA-256 %s\n"), clean(ms_json_get_str(certs->items[k], "name"), n, sizeof n),
			       clean(ms_json_get_str(certs->items[k], "sha256"), h, sizeof h));
	}
}

static void find_usage(void)
{
	puts(_("Usage:\n massho report find --from URI (--serial S | --identity HASH | --record-id ID) [--json]\n\n"
	       "The records the central store holds for a drive or a record id, oldest first,\n"
	       "with their certificates. Exit 3 when there is none.\n\n"
	       "Options:\n"
	       "     --from URI           the central store (postgresql://…; docs/fleet.md)\n"
	       "     --serial S           the drive's serial number\n"
	       "     --identity HASH      the drive's identity hash, as certificates print it\n"
	       "     --record-id ID       one record\n"
	       " -J, --json               print them as JSON\n"
	       " -h, --help               display this help\n"
	       " -V, --version            display the version\n\nExit status: see massho(8)."));
}

int ms_report_find(int argc, char **argv)
{
	const char *from = NULL, *value = NULL;
	enum ms_db_find_by by = MS_FIND_SERIAL;
	bool json = false;
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'}, {"serial", required_argument, NULL, 's'},
		{"identity", required_argument, NULL, 'i'}, {"record-id", required_argument, NULL, 'r'},
		{"json", no_argument, NULL, 'J'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	struct ms_opts op = {.cmd = "report find", .usage = find_usage, .shorts = "J", .longs = longopts};
	int c, given = 0;
	while ((c = ms_opt_next(&op, argc, argv)) != -1) {
		switch (c) {
		case MS_OPT_RETURN: return op.code;
		case 'f': from = optarg; break;
		case 's': by = MS_FIND_SERIAL, value = optarg, given++; break;
		case 'i': by = MS_FIND_IDENTITY, value = optarg, given++; break;
		case 'r': by = MS_FIND_RECORD, value = optarg, given++; break;
		case 'J': json = true; break;
		}
	}
	if (!from || given != 1 || optind != argc)
		return ms_usage_error(_("give --from URI and one of --serial, --identity, --record-id"));
	struct ms_db_opts o = {.uri = from};
	struct ms_db *db;
	enum ms_exit e = connect_db(&o, &db);
	if (e)
		return e;
	struct ms_json *arr;
	char why[400];
	int r = ms_db_find(db, by, value, &arr, why, sizeof why);
	ms_db_close(db);
	if (r)
		return db_error(r, why);
	size_t n = arr->n;
	if (json)
		e = ms_print_json(arr);
	else {
		print_found(arr);
		ms_json_free(arr);
	}
	if (!n)
		ms_say(value, _("no record in the database"));
	return e ? e : n ? MS_EXIT_OK : MS_EXIT_NODEV;
}

/* What the database holds is printed: no control character of it reaches the terminal. */
static const char *clean(const char *s, char *buf, size_t len)
{
	ms_strlcpy(buf, s ? s : "-", len);
	for (unsigned char *p = (unsigned char *)buf; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
	return buf;
}

static void print_failure(void *ctx, const char *what, const char *why, bool failure)
{
	char w[200], y[1200];
	(void)ctx;
	if (failure)
		printf(_("FAILED  %s: %s\n"), clean(what, w, sizeof w), clean(L_(why), y, sizeof y));
	else
		printf(_("ok      %s: %s\n"), clean(what, w, sizeof w), clean(L_(why), y, sizeof y));
}

int ms_report_verify_from(const char *uri, const char *ca)
{
	if (!ca) {
		ms_say("report verify --from", _("give --ca CERT: stored certificates are checked against their issuer"));
		return MS_EXIT_USAGE;
	}
	struct ms_db_opts o = {.uri = uri};
	struct ms_db *db;
	enum ms_exit e = connect_db(&o, &db);
	if (e)
		return e;
	struct ms_db_audit rep;
	char why[400];
	int r = ms_db_audit(db, ca, print_failure, NULL, &rep, why, sizeof why);
	ms_db_close(db);
	if (r)
		return db_error(r, why);
	/* TRANSLATORS: certificates, records, ledgers, ledger entries, failures */
	printf(_("checked %zu certificates, %zu records, %zu ledgers (%zu entries): %zu failed\n"), rep.certificates,
	       rep.records, rep.ledgers, rep.entries, rep.failed);
	return rep.failed ? MS_EXIT_RECORD_MISMATCH : MS_EXIT_OK;
}
