/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The erasure record: a finished job as plain JSON data with a schema version
 * (docs/record-format.md). The PDF certificate and its signature only render and
 * sign this; `report show/verify` parse it back. report/ never touches a device. */
#ifndef MS_REPORT_RECORD_H
#define MS_REPORT_RECORD_H

#include <stddef.h>

#include "../erase/decision_json.h"
#include "../erase/job.h"
#include "image.h"
#include "../util/json.h"

#define MS_RECORD_SCHEMA_VERSION 1
/* The largest record massho reads, embeds or inflates (bytes): a record with every
 * sample and command is tens of kilobytes; the bound keeps hostile input cheap. */
#define MS_RECORD_MAX ((size_t)4 << 20)

/* Facts about the run that the job does not know. */
struct ms_record_meta {
	const char *tool_version;
	const char *binary_sha256;  /* of the running executable */
	struct ms_image_id image;   /* the boot image it runs from (image.h), when present */
	const char *hostname;
	const char *kernel;
	const char *operator_name;  /* may be NULL */
	/* What the certificate prints about the work (each may be NULL): in the record too,
	 * so that the record's own signature covers them. */
	const char *organisation, *contract, *contractor, *place, *asset, *source_host, *destination, *witness;
};

/* Add "tool" (name, version, binary_sha256, and "image" when run from the boot image) and "host" (hostname, kernel, operator) to
 * the record r: who made it and with what. */
void ms_record_run_json(struct ms_json *r, const struct ms_record_meta *meta);

/* Build the record of a finished job. Returns NULL on ENOMEM. */
struct ms_json *ms_record_build(const struct ms_job *job, const struct ms_record_meta *meta);

/* Check that a parsed record has every required field with the right type and a
 * supported schema version. Returns 0 or -EINVAL with the first problem in why
 * (e.g. "device.serial: missing"). */
int ms_record_validate(const struct ms_json *rec, char *why, size_t len);

/* Does the record's outcome follow from its own fields (report/consistent.c)? A
 * "completed" erasure has no failure or error, a passed (or unasked) read-back, a passed
 * sample proof (firmware) or every byte written (overwrite), and a policy that was met;
 * the other outcomes have what they name. 0, or -EINVAL with the contradiction in why. */
int ms_record_consistent(const struct ms_json *rec, char *why, size_t len);

/* (sha256, when not NULL, gets the SHA-256 of the bytes written, taken from memory: the
 * file may be replaced by the time anyone reads it back.)
 * Write rec as DIR/ID.json atomically (never replacing an existing record).
 * path receives the final path. Returns 0 or -errno. */
int ms_record_write(const char *dir, const struct ms_json *rec, char *path, size_t pathlen, char sha256[65]);

/* Read and validate a record file. Returns 0, -errno, or -EINVAL with why. */
int ms_record_load(const char *path, struct ms_json **out, char *why, size_t len);

#endif
