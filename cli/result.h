/* SPDX-License-Identifier: GPL-2.0-or-later */
/* erase --json: the run's result, one object per drive, printed when the run ends (the
 * per-line messages are for people; this is for programs). */
#ifndef MS_CLI_RESULT_H
#define MS_CLI_RESULT_H

#include <stddef.h>

#include "../erase/batch.h"

struct ms_json;

struct ms_cli_result {
	const char *device;                  /* as given */
	const char *outcome;                 /* ms_outcome_name(), NULL: the erase did not run */
	char serial[64], model[64];
	char *record, *certificate;          /* the erasure record and its certificate */
	char *handover, *handover_certificate; /* Figure 41 row 1: the handover, and its */
	char destroy_by[16];                 /* the handover's deadline */
	int code;                            /* this drive's exit status */
	struct ms_json *errors;              /* the messages said about this drive */
};

/* What a drive's MS_EV_OUTCOME or MS_EV_DRY_RUN says became of it, as --json and
 * --progress json name it (English, the record's words). */
const char *ms_result_outcome(const struct ms_erase_event *ev);

/* Take one event of the erase use case into r[ev->index] (n drives), or into the batch's
 * errors (r[n]) when it names no drive; code is the exit status the event means. */
void ms_result_event(struct ms_cli_result *r, size_t n, const struct ms_erase_event *ev, int code);

/* --json when the run could not begin (the signing key, exit 17): every drive not run,
 * the object at fault named in errors. Returns code. */
int ms_result_refused(const char *const *devices, size_t n, int code, const char *obj);

/* Print {"exit_status": code, "errors": [...], "devices": [...]} on stdout and free what r
 * holds (n drives and the batch's slot r[n]). Returns 0 or -ENOMEM. */
int ms_result_print(struct ms_cli_result *r, size_t n, int code);

#endif
