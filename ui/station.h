/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho station: the full-screen text UI (ncursesw) for officials and contractors
 * (docs/station.md). It lists the drives, takes the session's details and each drive's
 * class, shows each plan before anything is erased, asks for the end of each selected
 * drive's serial, and runs the drives in parallel — each through ms_erase_batch(), the
 * call `massho erase` makes — with progress, cancellation of one drive, drives plugged in
 * or pulled while running, and a result table. */
#ifndef MS_UI_STATION_H
#define MS_UI_STATION_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "../erase/policy.h"
#include "../report/issue.h"
#include "config.h"

/* The labels of the boot image's medium and of the output medium (docs/boot-image.md). */
#define MS_IMAGE_LABEL "MASSHO"
#define MS_OUTPUT_LABEL "MASSHO-OUT"

struct ms_station_opts {
	const char *const *devices;  /* the drives to list; none: every block device (discovery) */
	size_t ndevices;
	const char *sysroot;         /* "" for / */
	const struct ms_policy *policy;
	const char *config_path;     /* where the session's details are remembered; NULL: nowhere */
	struct ms_config *cfg;       /* the session's details (changed at the session screen) */
	const char *state_dir, *out_dir;
	/* Signs each record (signer NULL: records only). Its certificate texts (organisation,
	 * contract, operator, witness) are set from the session before each batch. */
	struct ms_issuer *issuer;
	const char *log_path;        /* what would print while the screen is up goes here (NULL: /dev/null) */
	/* Issue the batch summary of the listed certificates into out (a path); 0 or -errno
	 * with why. NULL: no summary. */
	int (*summarise)(void *ctx, const char *const *pdfs, size_t n, char *out, size_t len, char *why, size_t wlen);
	void *summarise_ctx;
	/* The front end's translation of a text the library wrote (English) for the screen. */
	const char *(*l10n)(const char *english, char *buf, size_t len);
	bool color;                  /* colours (also NO_COLOR / a terminal without them: none) */
};

struct ms_station_result {
	size_t erased, failed, cancelled;
	size_t left;                 /* unattended: listed drives that could not be erased here */
	size_t artifacts;            /* of the failed: erased, but a record or certificate not written */
	bool signalled;              /* unattended: ended by a signal */
	bool quit_running;           /* the operator quit while jobs ran (they were stopped) */
	bool not_collected;          /* "collect" is set and the last push left results queued or refused */
};

/* The unattended station (ui/unattended.c): the same discovery, plans and jobs without a
 * screen, for a contractor's bulk station. Which drives: o->cfg's "drives" (required);
 * "unfreeze" and "after" likewise. Before anything is erased, every listed drive's plan
 * (or why it is left alone) is told, and go() asked before each batch (NULL: go); batches run —
 * every listed drive that can be erased, a drive needing the unfreeze alone — until none
 * is left (after = poweroff), or until a signal (after = wait: drives plugged in later
 * start when the running batch has ended). Each batch ends with its summary. */
struct ms_unattended {
	void (*line)(void *ctx, const char *text); /* what a person reads, translated */
	bool (*go)(void *ctx, const atomic_bool *stop); /* false: nothing more; stop: a signal came */
	void *ctx;
	int progress_every;                        /* seconds between a drive's progress lines */
};
/* Returns 0 (res counts the drives), -EINVAL without "drives", -ENOMEM. */
int ms_station_unattended(const struct ms_station_opts *o, const struct ms_unattended *u,
			  struct ms_station_result *res);

/* Run the UI on the terminal until the operator quits. Returns 0, or -errno when the
 * terminal cannot be used (not a terminal, too small: at least 80x24). */
int ms_station_run(const struct ms_station_opts *o, struct ms_station_result *res);

#endif
