/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The schema's migrations (report/migrate.h). */
#include "migrate.h"

#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"
#include "db.h"

/* The versions applied (with their SHA-256), checked against ours: 0 and *at, or -EPROTO. */
static int applied(struct ms_db *db, unsigned *at, char *why, size_t len)
{
	char exists[8];
	*at = 0;
	int r = ms_db_call(db, "SELECT to_regclass('massho.migrations') IS NOT NULL", 0, NULL, NULL, NULL, exists,
			   sizeof exists, why, len);
	if (r || strcmp(exists, "t") != 0)
		return r;
	PGresult *res;
	r = ms_db_query(db, "SELECT version, sha256 FROM massho.migrations ORDER BY version", 0, NULL, &res, why, len);
	if (r)
		return r;
	for (int i = 0; i < PQntuples(res) && !r; i++) {
		unsigned v = (unsigned)strtoul(PQgetvalue(res, i, 0), NULL, 10);
		const struct ms_migration *m = NULL;
		for (unsigned k = 0; k < ms_nmigrations; k++)
			if (ms_migrations[k].version == v)
				m = &ms_migrations[k];
		char sha[65];
		if (m)
			ms_sha256_hex(m->sql, strlen(m->sql), sha);
		if (!m) {
			snprintf(why, len, N_("database: schema version %u is newer than this massho knows; use a newer massho"),
				 v);
			r = -EPROTO;
		} else if (strcmp(sha, PQgetvalue(res, i, 1)) != 0) {
			snprintf(why, len, N_("database: migration %s was applied with other contents; not touched"), m->name);
			r = -EPROTO;
		}
		*at = v > *at ? v : *at;
	}
	PQclear(res);
	return r;
}

int ms_db_migrate(struct ms_db *db, unsigned *from, unsigned *to, char *why, size_t len)
{
	*from = *to = 0;
	int r = ms_db_exec(db, "BEGIN", why, len);
	/* Two stations (or auditors) migrating at once: one waits for the other. */
	if (!r)
		r = ms_db_exec(db, "SELECT pg_advisory_xact_lock(7231001)", why, len);
	if (!r)
		r = applied(db, from, why, len);
	*to = *from;
	for (unsigned k = 0; k < ms_nmigrations && !r; k++) {
		const struct ms_migration *m = &ms_migrations[k];
		if (m->version <= *from)
			continue;
		char sha[65], ver[16];
		r = ms_db_exec(db, m->sql, why, len);
		ms_sha256_hex(m->sql, strlen(m->sql), sha);
		snprintf(ver, sizeof ver, "%u", m->version);
		const char *v[2] = {ver, sha};
		char ignore[8];
		if (!r)
			r = ms_db_call(db, "INSERT INTO massho.migrations (version, sha256) VALUES ($1, $2) RETURNING version", 2,
				       v, NULL, NULL, ignore, sizeof ignore, why, len);
		if (!r)
			*to = m->version;
	}
	if (!r)
		r = ms_db_exec(db, "COMMIT", why, len);
	else if (!ms_db_lost(db)) {
		char ignore[8];
		ms_db_exec(db, "ROLLBACK", ignore, sizeof ignore);
		*to = *from;
	}
	return r;
}
