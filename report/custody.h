/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The My Number chain of custody (Figure 41 row 1): the handover record issued after the
 * on-premises erase (awaiting physical destruction, with deadline and witness), and the
 * contractor's destruction record, each referring to the one before by id and SHA-256. */
#ifndef MS_REPORT_CUSTODY_H
#define MS_REPORT_CUSTODY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "../devices/device.h"
#include "../util/json.h"

struct ms_record_meta;

struct ms_handover_meta {
	const char *witness;
	const char *camera;          /* camera or video reference (may be NULL) */
	const char *destroy_by;      /* YYYY-MM-DD */
	const char *operator_name;
	const struct ms_record_meta *run; /* the tool and host that wrote it (may be NULL) */
};

/* From the erasure record and the SHA-256 of its file: its class and Figure 41 row are the
 * erasure's policy's (row 1: awaiting physical destruction; row 2: awaiting the
 * contractor's erasure or destruction). NULL on ENOMEM. */
struct ms_json *ms_handover_build(const struct ms_json *erasure, const char *erasure_sha256,
				  const struct ms_handover_meta *m);

struct ms_photo {
	char name[256];
	char sha256[65];
	unsigned long long bytes;
};

/* A drive handed over without an erase on the premises: nothing can be written to it (it
 * no longer answers, its ranges are locked), so it is identified by its label, and photos
 * of it and its label go with the record. */
struct ms_handover_label {
	const char *cls;             /* the class name (mynumber, 3, 2) */
	int row;                     /* its Figure 41 row: 1 or 2 */
	const char *model, *serial;  /* typed from the label */
	const char *why;             /* why nothing could be erased on the premises */
	const struct ms_photo *photos;
	size_t nphotos;
};

/* The handover record of such a drive: device.identity_hash null, device.identified_by
 * "label", erasure null, pre_erase {done: false, why}. NULL on ENOMEM. */
struct ms_json *ms_handover_label_build(const struct ms_handover_label *l, const struct ms_handover_meta *m);

struct ms_destruction_meta {
	const char *method;          /* shred, crush, disintegrate, melt, incinerate, degauss */
	const char *equipment, *place, *witness, *camera;
	const char *contractor;      /* the organisation that destroyed it */
	const char *operator_name;   /* the person who did */
	time_t destroyed_at;         /* when it was destroyed (the record is written later); 0: now */
	bool identified_by_hash;     /* the drive answered and its identity hash matched */
	const char *typed_serial;    /* otherwise: the serial read off the label */
	const struct ms_photo *photos;
	size_t nphotos;
	const struct ms_record_meta *run; /* the tool and host that wrote it (may be NULL) */
};

/* From the handover record and the SHA-256 of its file. deadline.met and days_late
 * are computed from the local date of m->destroyed_at, not from when the record is
 * written. NULL on ENOMEM. */
struct ms_json *ms_destruction_build(const struct ms_json *handover, const char *handover_sha256,
				     const struct ms_destruction_meta *m);

/* Write DIR/RECORD_ID.json atomically, never replacing; path gets the final name. */
int ms_custody_write(const char *dir, const struct ms_json *rec, char *path, size_t len, char sha256[65]);
/* Has a destruction recorded at this station already completed this handover? by gets
 * its record's id. A handover is completed once. */
int ms_custody_completed(const char *state_dir, const char *handover_id, char *by, size_t len);

/* The same for a destruction record, journaled in STATE_DIR as its own job (so that
 * `report pdf` can later vouch for it), with the handover it completes; or for a handover
 * written without an erase job (a drive identified by its label). */
int ms_destruction_write(const char *dir, const char *state_dir, const struct ms_json *rec, char *path, size_t len);
int ms_handover_write(const char *dir, const char *state_dir, const struct ms_json *rec, char *path, size_t len);

/* Load a record of the given kind, with the SHA-256 of the file's bytes. Returns 0,
 * -errno, or -EINVAL with why. */
int ms_custody_load(const char *path, const char *kind, struct ms_json **out, char sha256[65], char *why,
		    size_t len);

/* Is j a record of this kind (kind, record_id, device.identity_hash — or, for a drive
 * identified by its label, device.identified_by "label" and a serial)? 0 or -EINVAL. */
int ms_custody_validate(const struct ms_json *j, const char *kind, char *why, size_t len);

/* Is "YYYY-MM-DD" a real date? */
bool ms_date_valid(const char *s);

/* Is the valid date "YYYY-MM-DD" before the local date of now? A handover's deadline
 * must not be: a handover born late would make the deadline meaningless. */
bool ms_date_past(const char *date, time_t now);

/* A time as an operator types it: YYYY-MM-DDTHH:MM[:SS] (or a space for T), optionally
 * followed by Z or +HH:MM / -HH:MM; without an offset it is local time. 0 or -EINVAL. */
int ms_time_parse(const char *s, time_t *out);

#endif
