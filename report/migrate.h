/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `massho db migrate`: the central store's schema (sql/NNN-name.sql, carried in the
 * program) brought up to this massho's version, each migration once, in one transaction,
 * with its SHA-256 noted in massho.migrations: a database whose applied migration differs
 * from ours, or that is newer than we know, is refused rather than touched. */
#ifndef MS_REPORT_MIGRATE_H
#define MS_REPORT_MIGRATE_H

#include <stddef.h>

struct ms_db;

struct ms_migration {
	unsigned version;
	const char *name;
	const char *sql;
};

extern const struct ms_migration ms_migrations[];
extern const unsigned ms_nmigrations;

/* Apply what is missing. from and to get the versions before and after. Returns 0,
 * -EPROTO (the database is newer, or an applied migration differs: why), -ENOTCONN or
 * -EIO (the server's message in why). */
int ms_db_migrate(struct ms_db *db, unsigned *from, unsigned *to, char *why, size_t len);

#endif
