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
	char *record, *certificate, *handover;
	int code;                            /* this drive's exit status */
	struct ms_json *errors;              /* the messages said about this drive */
};

/* Take one event of the erase use case into r[ev->index] (n drives), or into the batch's
 * errors (r[n]) when it names no drive; code is the exit status the event means. */
void ms_result_event(struct ms_cli_result *r, size_t n, const struct ms_erase_event *ev, int code);

/* Print {"exit_status": code, "errors": [...], "devices": [...]} on stdout and free what r
 * holds (n drives and the batch's slot r[n]). Returns 0 or -ENOMEM. */
int ms_result_print(struct ms_cli_result *r, size_t n, int code);

#endif
