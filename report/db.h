/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A connection to the central PostgreSQL store (docs/fleet.md), through libpq. The URI is
 * libpq's own (postgresql://… or key=value), parsed by libpq, never by us. A station
 * authenticates with a TLS client certificate, never a password: a URI holding one is
 * refused, and a connection over the network must verify the server (sslmode=verify-full).
 * A unix socket (host=/dir) needs no TLS: the kernel says who connects. */
#ifndef MS_REPORT_DB_H
#define MS_REPORT_DB_H

#include <stdbool.h>
#include <stddef.h>

struct ms_db;
struct pg_conn; /* libpq's PGconn */

/* The station's TLS files, beside its configuration file (tls_dir): a station
 * configuration may not name files of its own (it lives on removable media). */
#define MS_DB_CA_FILE   "db-ca.crt"
#define MS_DB_CERT_FILE "db-station.crt"
#define MS_DB_KEY_FILE  "db-station.key"

struct ms_db_opts {
	const char *uri;
	/* The station's directory holding MS_DB_*_FILE (NULL: the URI names its files, as an
	 * operator's command line may). The URI may then not name sslcert, sslkey,
	 * sslrootcert, sslcrl, passfile or service. */
	const char *tls_dir;
	const char *passphrase;  /* decrypts an encrypted client key (sslpassword); may be NULL */
};

/* Is the URI one massho connects with? Pure (libpq's parser). 0, or -EINVAL with why
 * (starting with what is wrong: "postgresql URI: holds a password …"). */
int ms_db_uri_check(const char *uri, bool station, char *why, size_t len);

/* Connect. Returns 0; -EINVAL (the URI, as ms_db_uri_check); -ENOTCONN when the database
 * cannot be reached or refuses us (why: libpq's first line) — what is to be sent stays
 * queued; -ENOMEM. */
int ms_db_connect(const struct ms_db_opts *o, struct ms_db **out, char *why, size_t len);
void ms_db_close(struct ms_db *db);

/* The libpq connection (report/ only). */
struct pg_conn *ms_db_pg(struct ms_db *db);

/* Run SQL without parameters (BEGIN, COMMIT, …). 0, -ENOTCONN (the connection is gone),
 * or -EIO with the server's message in why. */
int ms_db_exec(struct ms_db *db, const char *sql, char *why, size_t len);

/* Call a function returning one text value: sql with n parameters ($1…), each given as
 * bytes (len[i]; binary when bin[i]) or NULL; out receives the value. 0, -ENOTCONN, or
 * -EIO with why. */
int ms_db_call(struct ms_db *db, const char *sql, int n, const char *const *val, const int *vlen,
	       const int *bin, char *out, size_t outlen, char *why, size_t len);

/* Run a query with n text parameters (NULL: SQL NULL); out gets its rows (PQclear them).
 * 0, -ENOTCONN, or -EIO with the server's message in why. */
struct pg_result; /* libpq's PGresult */
int ms_db_query(struct ms_db *db, const char *sql, int n, const char *const *val, struct pg_result **out, char *why,
		size_t len);

/* res (may be NULL; cleared) as an error: -ENOTCONN (the connection is gone) or -EIO,
 * with the first line of the message in why. */
int ms_db_fail(struct ms_db *db, struct pg_result *res, char *why, size_t len);

/* Is the database's server error a lost connection (the work stays queued)? */
bool ms_db_lost(struct ms_db *db);

#endif
