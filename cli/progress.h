/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Progress of several devices at once: a redrawn block of bars on a terminal, or one
 * JSON object per line for programs (--progress=json). */
#ifndef MS_CLI_PROGRESS_H
#define MS_CLI_PROGRESS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "../erase/overwrite.h"

enum ms_progress_mode { MS_PROGRESS_NONE, MS_PROGRESS_BAR, MS_PROGRESS_JSON };

/* Parse "auto", "bar", "json", "none" (auto: bar when stderr is a terminal).
 * Returns 0 or -EINVAL. */
int ms_progress_mode_parse(const char *s, enum ms_progress_mode *out);

struct ms_board {
	enum ms_progress_mode mode;
	pthread_mutex_t mu;
	size_t n;
	char (*lines)[160];
	bool drawn;
};

/* Returns 0 or -ENOMEM. */
int ms_board_init(struct ms_board *b, enum ms_progress_mode mode, size_t ndevices);
void ms_board_free(struct ms_board *b);

/* Where the engine of device `index` reports to (use as ms_progress_fn). */
struct ms_board_slot {
	struct ms_board *board;
	size_t index;
	const char *device;
	char serial[64];           /* known once the engine reports */
	bool ended;                /* its end line was printed */
};
void ms_board_update(void *slot, const struct ms_progress *p);

/* The drive's end (json: a last line with its outcome and exit status). */
void ms_board_end(struct ms_board_slot *s, const char *outcome, int exit_status);
/* The end of every drive of slots[0..n) that has none yet: the batch never began them. */
void ms_board_end_rest(struct ms_board_slot *slots, size_t n, int exit_status);

/* A drive as progress names it: its short name (sdb, nvme0n1, the image file's name) and
 * its serial, so that drives erased side by side are told apart. */
const char *ms_board_label(const char *device, const char *serial, char *buf, size_t len);

/* Leave the bars on screen and move below them before other output. */
void ms_board_finish(struct ms_board *b);

#endif
