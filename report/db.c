/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The connection to the central store: libpq, with the URI checked first (report/db.h). */
#include "db.h"

#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"

struct ms_db {
	PGconn *pg;
};

/* The first line of libpq's message (it ends in a newline, and may hold several). */
static void first_line(const char *msg, char *why, size_t len)
{
	ms_strlcpy(why, msg ? msg : "", len);
	char *nl = strchr(why, '\n');
	if (nl)
		*nl = '\0';
}

static bool is_socket(const char *host)
{
	return host && (host[0] == '/' || host[0] == '@');
}

/* Parameters a station's file may not set: files root would read, and secrets. */
static const char *const STATION_FORBIDDEN[] = {
	"sslcert", "sslkey", "sslrootcert", "sslcrl", "sslcrldir", "passfile", "service",
};

int ms_db_uri_check(const char *uri, bool station, char *why, size_t len)
{
	char *err = NULL;
	if (!uri || !*uri) {
		snprintf(why, len, N_("postgresql URI: empty"));
		return -EINVAL;
	}
	PQconninfoOption *opts = PQconninfoParse(uri, &err);
	if (!opts) {
		char l[200];
		first_line(err ? err : "out of memory", l, sizeof l);
		snprintf(why, len, N_("postgresql URI: %s"), l);
		PQfreemem(err);
		return err ? -EINVAL : -ENOMEM;
	}
	const char *host = NULL, *hostaddr = NULL, *sslmode = NULL;
	int r = 0;
	for (PQconninfoOption *o = opts; o->keyword && !r; o++) {
		if (!o->val || !*o->val)
			continue;
		if (strcmp(o->keyword, "password") == 0 || strcmp(o->keyword, "sslpassword") == 0) {
			snprintf(why, len, N_("postgresql URI: holds a password; stations authenticate with a TLS client certificate"));
			r = -EINVAL;
		} else if (strcmp(o->keyword, "host") == 0) {
			host = o->val;
		} else if (strcmp(o->keyword, "hostaddr") == 0) {
			hostaddr = o->val;
		} else if (strcmp(o->keyword, "sslmode") == 0) {
			sslmode = o->val;
		}
		for (size_t i = 0; station && !r && i < MS_ARRAY_SIZE(STATION_FORBIDDEN); i++)
			if (strcmp(o->keyword, STATION_FORBIDDEN[i]) == 0) {
				snprintf(why, len, N_("postgresql URI: names %s; a station's TLS files lie beside its configuration (%s, %s, %s)"),
					 o->keyword, MS_DB_CA_FILE, MS_DB_CERT_FILE, MS_DB_KEY_FILE);
				r = -EINVAL;
			}
	}
	/* Over the network (any host that is not a socket directory, or an address), the
	 * server must prove who it is: records and certificates go there. Several hosts
	 * ("a,b") are one network host for this rule. */
	bool network = hostaddr || (host && !is_socket(host));
	if (!r && network && (!sslmode || strcmp(sslmode, "verify-full") != 0)) {
		snprintf(why, len, N_("postgresql URI: over the network sslmode must be verify-full (it is %s)"),
			 sslmode ? sslmode : "prefer");
		r = -EINVAL;
	}
	PQconninfoFree(opts);
	return r;
}

/* An encrypted client key: its passphrase is the URI's sslpassword, given by the caller;
 * never a prompt (libpq's default would ask on the terminal and wait, under the station's
 * screen or on a console nobody watches). */
static int key_passphrase(char *buf, int size, PGconn *pg)
{
	PQconninfoOption *opts = PQconninfo(pg);
	int n = 0;
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, "sslpassword") == 0 && o->val) {
			if (size > 0) {
				ms_strlcpy(buf, o->val, (size_t)size);
				n = (int)strlen(buf);
			}
			ms_memzero(o->val, strlen(o->val)); /* libpq's copy is freed, not cleared */
		}
	PQconninfoFree(opts);
	return n;
}

static void set_hooks(void)
{
	PQsetSSLKeyPassHook_OpenSSL(key_passphrase);
}

/* The sslmode the connection was made with (the URI's, or the environment's). */
static bool effective_verify_full(PGconn *pg)
{
	PQconninfoOption *opts = PQconninfo(pg);
	bool ok = false;
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, "sslmode") == 0)
			ok = o->val && strcmp(o->val, "verify-full") == 0;
	PQconninfoFree(opts);
	return ok;
}

int ms_db_connect(const struct ms_db_opts *o, struct ms_db **out, char *why, size_t len)
{
	*out = NULL;
	int r = ms_db_uri_check(o->uri, o->tls_dir != NULL, why, len);
	if (r)
		return r;
	char ca[PATH_MAX], cert[PATH_MAX], key[PATH_MAX];
	const char *kw[10], *val[10];
	int n = 0;
	/* Without a timeout libpq would wait for the kernel's TCP timeout (minutes) when the
	 * network is down: the station must say "queued" sooner. Given before the URI, whose
	 * own connect_timeout (or PGCONNECT_TIMEOUT) overrides it. */
	const char *env = getenv("PGCONNECT_TIMEOUT");
	kw[n] = "connect_timeout", val[n++] = env && *env ? env : "10";
	kw[n] = "dbname", val[n++] = o->uri; /* expanded: a URI or key=value string */
	kw[n] = "application_name", val[n++] = "massho";
	if (o->tls_dir) {
		snprintf(ca, sizeof ca, "%s/%s", o->tls_dir, MS_DB_CA_FILE);
		snprintf(cert, sizeof cert, "%s/%s", o->tls_dir, MS_DB_CERT_FILE);
		snprintf(key, sizeof key, "%s/%s", o->tls_dir, MS_DB_KEY_FILE);
		kw[n] = "sslrootcert", val[n++] = ca;
		kw[n] = "sslcert", val[n++] = cert;
		kw[n] = "sslkey", val[n++] = key;
	}
	if (o->passphrase)
		kw[n] = "sslpassword", val[n++] = o->passphrase;
	kw[n] = NULL, val[n] = NULL;
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, set_hooks);
	PGconn *pg = PQconnectdbParams(kw, val, 1);
	if (!pg)
		return -ENOMEM;
	if (PQstatus(pg) != CONNECTION_OK) {
		first_line(PQerrorMessage(pg), why, len);
		PQfinish(pg);
		return -ENOTCONN;
	}
	/* The URI was checked, but libpq also takes PGHOST, PGSSLMODE… from the environment:
	 * the connection made is checked too. Over TCP, TLS with the server verified. */
	const char *host = PQhost(pg);
	if (!is_socket(host) && (!PQsslInUse(pg) || !effective_verify_full(pg))) {
		snprintf(why, len, N_("postgresql URI: over the network sslmode must be verify-full (the environment, "
				      "PGHOST or PGSSLMODE, made it otherwise)"));
		PQfinish(pg);
		return -EINVAL;
	}
	/* One plan for every call: planned for each, with a 300 KB certificate as a parameter,
	 * the server spent most of its time copying it (docs/performance.md, the push bench). */
	PGresult *set = PQexec(pg, "SET plan_cache_mode = force_generic_plan");
	PQclear(set);
	struct ms_db *db = calloc(1, sizeof *db);
	if (!db) {
		PQfinish(pg);
		return -ENOMEM;
	}
	db->pg = pg;
	*out = db;
	return 0;
}

void ms_db_close(struct ms_db *db)
{
	if (!db)
		return;
	PQfinish(db->pg);
	free(db);
}

struct pg_conn *ms_db_pg(struct ms_db *db)
{
	return db->pg;
}

bool ms_db_lost(struct ms_db *db)
{
	return PQstatus(db->pg) != CONNECTION_OK;
}

/* The result's error as -ENOTCONN (connection gone) or -EIO with the server's message. */
int ms_db_fail(struct ms_db *db, PGresult *res, char *why, size_t len)
{
	const char *m = res ? PQresultErrorMessage(res) : NULL;
	first_line(m && *m ? m : PQerrorMessage(db->pg), why, len);
	PQclear(res);
	return ms_db_lost(db) ? -ENOTCONN : -EIO;
}

int ms_db_exec(struct ms_db *db, const char *sql, char *why, size_t len)
{
	PGresult *res = PQexec(db->pg, sql);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return ms_db_fail(db, res, why, len);
	PQclear(res);
	return 0;
}

int ms_db_query(struct ms_db *db, const char *sql, int n, const char *const *val, PGresult **out, char *why,
		size_t len)
{
	PGresult *res = PQexecParams(db->pg, sql, n, NULL, val, NULL, NULL, 0);
	*out = NULL;
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK)
		return ms_db_fail(db, res, why, len);
	*out = res;
	return 0;
}

int ms_db_call(struct ms_db *db, const char *sql, int n, const char *const *val, const int *vlen,
	       const int *bin, char *out, size_t outlen, char *why, size_t len)
{
	PGresult *res = PQexecParams(db->pg, sql, n, NULL, val, vlen, bin, 0);
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 || PQnfields(res) != 1)
		return ms_db_fail(db, res, why, len);
	ms_strlcpy(out, PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0), outlen);
	PQclear(res);
	return 0;
}
