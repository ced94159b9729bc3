/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding records in the central store (report/dbfind.h). */
#include "dbfind.h"

#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"
#include "db.h"

/* The database renders the rows as one JSON array (its own encoder: no quoting here). */
static const char *const FIND_SQL[] = {
	[MS_FIND_SERIAL] = "r.serial = $1",
	[MS_FIND_IDENTITY] = "r.identity_hash = $1",
	[MS_FIND_RECORD] = "r.record_id = $1",
};

int ms_db_find(struct ms_db *db, enum ms_db_find_by by, const char *value, struct ms_json **out, char *why,
	       size_t len)
{
	char sql[1200];
	*out = NULL;
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(jsonb_agg(x ORDER BY x ->> 'ended_at', x ->> 'record_id'), '[]')::text FROM ("
		 "SELECT jsonb_build_object('record_id', r.record_id, 'kind', r.kind, 'outcome', r.outcome, 'class', r.class, "
		 "'figure41_row', r.figure41_row, 'method', r.method, 'serial', r.serial, 'model', r.model, "
		 "'organisation', r.organisation, 'started_at', r.started_at, 'ended_at', r.ended_at, "
		 "'pushed_by', r.pushed_by, 'sha256', r.sha256, 'certificates', (SELECT coalesce(jsonb_agg("
		 "jsonb_build_object('name', c.name, 'sha256', c.sha256) ORDER BY c.received_at), '[]') "
		 "FROM massho.certificates c WHERE c.record_sha256 = r.sha256)) AS x "
		 "FROM massho.records r WHERE %s ORDER BY r.ended_at LIMIT 1000) AS rows",
		 FIND_SQL[by]);
	const char *v[1] = {value};
	PGresult *res;
	int r = ms_db_query(db, sql, 1, v, &res, why, len);
	if (r)
		return r;
	if (PQntuples(res) != 1) /* an aggregate: one row always */
		return ms_db_fail(db, res, why, len);
	const char *text = PQgetvalue(res, 0, 0);
	*out = ms_json_parse(text, strlen(text), why, len);
	PQclear(res);
	return *out ? 0 : -ENOMEM;
}
