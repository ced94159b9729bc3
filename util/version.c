/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "util.h"

#include <blkid/blkid.h>
#include <hpdf.h>
#include <libmount/libmount.h>
#include <libpq-fe.h>
#include <libsmartcols/libsmartcols.h>
#include <openssl/crypto.h>
#include <stdio.h>

/* The Makefile writes build/gen/version.h: git describe when built in a git tree, else its
 * VERSION; rewritten only when that changes, so that a new commit recompiles this file
 * alone. The fuzz build passes MS_VERSION itself. */
#ifndef MS_VERSION
#include "build/gen/version.h"
#endif

const char *const ms_version = MS_VERSION;

/* Asked of each library at run time, not taken from its headers at build time: a security
 * update replaces the shared library under the same massho, and that is the one in use. */
void ms_library_versions(char *out, size_t len)
{
	const char *blkid = NULL, *blkid_date = NULL;
	blkid_get_library_version(&blkid, &blkid_date);
	/* libpq numbers itself major * 10000 + minor since 10, major * 10000 + minor * 100 +
	 * patch before. */
	int pq = PQlibVersion();
	char pqs[32];
	if (pq >= 100000)
		snprintf(pqs, sizeof pqs, "%d.%d", pq / 10000, pq % 10000);
	else
		snprintf(pqs, sizeof pqs, "%d.%d.%d", pq / 10000, pq / 100 % 100, pq % 100);
	const char *mount = NULL, *cols = NULL;
	mnt_get_library_version(&mount);
	scols_get_library_version(&cols);
	snprintf(out, len, "%s, libharu %s, libblkid %s, libmount %s, libsmartcols %s, libpq %s",
		 OpenSSL_version(OPENSSL_VERSION), HPDF_GetVersion(), blkid ? blkid : "?", mount ? mount : "?",
		 cols ? cols : "?", pqs);
}
