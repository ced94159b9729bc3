/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `massho report find`: the records the central store holds for a drive (by the serial
 * printed on its label, its identity hash) or by record id, with their certificates —
 * what an auditor holding a drive, or a certificate's number, asks first. */
#ifndef MS_REPORT_DBFIND_H
#define MS_REPORT_DBFIND_H

#include <stddef.h>

#include "../util/json.h"

struct ms_db;

enum ms_db_find_by { MS_FIND_SERIAL, MS_FIND_IDENTITY, MS_FIND_RECORD };

/* out gets an array of {record_id, kind, outcome, class, figure41_row, method, serial,
 * model, organisation, started_at, ended_at, pushed_by, sha256, certificates: [{name,
 * sha256}]}, oldest first (at most 1000). Returns 0, -ENOTCONN or -EIO (why), -ENOMEM. */
int ms_db_find(struct ms_db *db, enum ms_db_find_by by, const char *value, struct ms_json **out, char *why,
	       size_t len);

#endif
