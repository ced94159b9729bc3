/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The batch summary: one signed record (kind "summary") that lists the certificates of a
 * batch — each by file name and SHA-256, with its drive, method and result — so that a
 * contractor hands over one page that binds the set, and an auditor can tell that none
 * was left out, added or swapped. The certificates are checked before they are listed
 * (cli/report.c); this file only builds the record. Pure: no I/O. */
#ifndef MS_REPORT_SUMMARY_H
#define MS_REPORT_SUMMARY_H

#include <stddef.h>

#include "../util/json.h"
#include "image.h"

struct ms_summary_item {
	const char *file;            /* the certificate's file name, without directory */
	const char *pdf_sha256;      /* of the whole signed PDF */
	const struct ms_json *record;/* the record embedded in it (already verified) */
	const char *record_sha256;   /* of the embedded record's bytes */
};

struct ms_summary_meta {
	const char *tool_version, *binary_sha256, *hostname, *operator_name;
	const struct ms_image_id *image; /* run from the boot image: which one (NULL: not) */
};

/* The summary record of n certificates. Returns NULL (ENOMEM) or the record; why names the
 * first certificate listed twice (-EEXIST: the same drive's certificate once only). */
struct ms_json *ms_summary_build(const struct ms_summary_item *items, size_t n, const struct ms_summary_meta *m,
				 char *why, size_t len);

#endif
