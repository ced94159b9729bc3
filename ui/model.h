/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The station's model: the drives on screen, what the operator chose for each, and how
 * each job goes. Pure: no curses, no device I/O, no threads — the runner (ui/station.c)
 * feeds it what discovery, the plan and the erase use case report, and the screen
 * (ui/draw.c) only reads it. Tested on its own (tests/unit/test_ui.c). */
#ifndef MS_UI_MODEL_H
#define MS_UI_MODEL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../erase/policy.h"
#include "config.h"

#define MS_UI_MAX 64

enum ms_ui_state {
	MS_UI_IDLE,       /* listed; may be selected when selectable */
	MS_UI_RUNNING,    /* its erase runs */
	MS_UI_DONE,       /* erased and recorded */
	MS_UI_FAILED,     /* the erase or its record failed (outcome says why) */
	MS_UI_CANCELLED,  /* stopped by the operator */
	MS_UI_GONE,       /* unplugged while listed (a running job ends FAILED instead) */
};

/* What the station tells about a drive besides its plan (shown as words, not only colour). */
enum {
	MS_UI_FROZEN = 1u << 0,   /* ATA security frozen: security erase/sanitize need a suspend/resume */
	MS_UI_LOCKED = 1u << 1,   /* ATA security locked */
	MS_UI_SED = 1u << 2,      /* self-encrypting (TCG) */
	MS_UI_SED_LOCKED = 1u << 3,
	MS_UI_HIDDEN = 1u << 4,   /* HPA/DCO hides sectors */
	MS_UI_USB = 1u << 5,      /* behind a USB bridge */
	MS_UI_BOOT = 1u << 6,     /* the boot medium: never selectable */
	MS_UI_OUTPUT = 1u << 7,   /* holds the output directory: never selectable */
	MS_UI_REFUSED = 1u << 8,  /* mounted, held, read-only, cannot be opened: why_not says */
};

struct ms_ui_drive {
	char spec[512];           /* what the erase use case is given */
	char name[64];            /* sda, nvme0n1, or the image's base name */
	char model[64], serial[64];
	char token[512];          /* what confirms it: the serial, else the spec (no serial) */
	uint64_t capacity;
	char medium[24], attach[24];
	unsigned flags;
	bool present;             /* found by the last discovery */
	bool planned;             /* plan below is for cls */
	enum ms_class cls;
	struct ms_decision plan;
	/* Figure 41 rows 1 and 2 when the row cannot be met here: the custody path (pre-erase
	 * on the premises, then a handover record; `massho handover`), chosen with 'h'. */
	struct ms_decision custody_plan;
	bool custody;
	char why_not[300];        /* not selectable: why, and what to do */
	char identity[65];        /* the planned drive's identity hash: the erase refuses another */
	bool cls_chosen;          /* the operator gave this drive its class ('c') */
	bool selected, unfreeze;
	enum ms_ui_state state;
	bool away;                /* finished, then unplugged: a drive at its node is a new row */
	unsigned batch;           /* the batch its job ran in (the summary lists one batch) */
	/* the running job */
	char phase[32];
	double fraction, rate, eta;
	/* the end */
	char outcome[512];
	char record[PATH_MAX], certificate[PATH_MAX]; /* the erasure's (or destruction's) */
	char handover[PATH_MAX];  /* the handover record that follows it (rows 1 and 2) */
	bool noted;               /* unattended: why it is not erased was told once */
	bool artifact;            /* failed: erased, but its record or certificate was not written */
};

enum ms_ui_screen { MS_UI_SESSION, MS_UI_LIST, MS_UI_PLAN, MS_UI_CONFIRM, MS_UI_RUN, MS_UI_RESULT };

enum ms_ui_field { MS_UI_F_ORG, MS_UI_F_OPERATOR, MS_UI_F_WITNESS, MS_UI_F_CONTRACT, MS_UI_F_CLASS, MS_UI_NFIELDS };

struct ms_ui_model {
	struct ms_ui_drive d[MS_UI_MAX];
	size_t n;
	size_t cursor;
	enum ms_ui_screen screen;
	/* the session: who erases, for whom; the class drives get unless changed */
	char field[MS_UI_NFIELDS - 1][MS_CONFIG_VALUE + 1];
	enum ms_class cls;
	enum ms_ui_field focus;
	/* confirmation: the drives in turn, and what was typed for the current one */
	size_t confirming;        /* index into d of the drive being confirmed */
	char typed[64];
	char message[300];        /* one line: the last refusal or notice */
	char summary[PATH_MAX];   /* the batch summary certificate, when issued */
	char collected[700];      /* what the central store took after the batch ("": no collect) */
	bool collect_failed;      /* something stays queued, or was refused */
	unsigned batch;           /* batches started so far */
};

/* Characters of the serial (or path) the operator types to confirm a drive. */
#define MS_UI_CONFIRM_CHARS 4

void ms_ui_init(struct ms_ui_model *m, enum ms_class cls);

/* A drive found by discovery (or named on the command line): the row of that spec when it
 * is the same drive (or runs), else a fresh row — in place of one that was unplugged or
 * holds another serial now, after one whose job ended (kept as history, its spec
 * cleared). Returns the row's index, or -ENOSPC. */
int ms_ui_upsert(struct ms_ui_model *m, const struct ms_ui_drive *d);
/* A new discovery pass begins / ends: drives not seen again become GONE (a running one
 * keeps running: its engine ends it with an I/O error). */
void ms_ui_sweep_begin(struct ms_ui_model *m);
void ms_ui_sweep_end(struct ms_ui_model *m);

/* Can drive i be selected? false with the reason in why. */
bool ms_ui_selectable(const struct ms_ui_model *m, size_t i, char *why, size_t len);
/* Space on drive i. Returns true when the selection changed (else m->message says why). */
bool ms_ui_toggle(struct ms_ui_model *m, size_t i);
/* Change drive i's class (its plan must be made again: planned becomes false). */
void ms_ui_set_class(struct ms_ui_model *m, size_t i, enum ms_class cls);
/* The next class in the order mynumber, 3, 2, 1, mynumber... */
enum ms_class ms_ui_next_class(enum ms_class c);
/* 'r': look at every drive that is not running or erased again (a refusal may be over, a
 * stopped or failed drive may be tried again): their plans are made anew. */
void ms_ui_look_again(struct ms_ui_model *m);
size_t ms_ui_nselected(const struct ms_ui_model *m);

/* Confirmation. Begin: the first selected drive (false when none is selected). */
bool ms_ui_confirm_begin(struct ms_ui_model *m);
/* The characters the operator must type for drive i (the last MS_UI_CONFIRM_CHARS of its
 * token) into out. */
void ms_ui_confirm_expect(const struct ms_ui_drive *d, char *out, size_t len);
/* Enter pressed: true when typed matches; then the next selected drive is confirmed (done
 * set when there is none). false: m->message says so and typed is cleared. */
bool ms_ui_confirm_enter(struct ms_ui_model *m, bool *done);

/* Text entry into a session field or the confirmation: append one UTF-8 character, or
 * remove the last one (whole, never half a character). */
void ms_ui_text_append(char *buf, size_t len, const char *utf8);
void ms_ui_text_backspace(char *buf);

/* A running job's progress, and its end. */
void ms_ui_progress(struct ms_ui_model *m, size_t i, const char *phase, double fraction, double rate, double eta);
void ms_ui_finish(struct ms_ui_model *m, size_t i, enum ms_ui_state st, const char *outcome);
/* Has the drive a job on the run and result screens (running, or ended)? */
bool ms_ui_is_job(const struct ms_ui_drive *d);
/* Are all jobs that ran over? */
bool ms_ui_all_over(const struct ms_ui_model *m);

/* The unattended station (ui/auto.c). Is drive d named by the configuration's "drives"
 * (MS_CONFIG_ALL_DRIVES, or names and serials separated by blanks or commas)? */
bool ms_ui_listed(const char *drives, const struct ms_ui_drive *d);
/* The names and serials "drives" gives that no row has: each to each(ctx, token). Returns
 * how many (0 for MS_CONFIG_ALL_DRIVES). */
size_t ms_ui_unfound(const struct ms_ui_model *m, const char *drives, void (*each)(void *ctx, const char *token),
		     void *ctx);
/* Was a drive with d's identity erased already in this session (another row, done)? */
bool ms_ui_erased_before(const struct ms_ui_model *m, size_t i);
/* Is d frozen, with a plan that needs a command the frozen state blocks? */
bool ms_ui_needs_unfreeze(const struct ms_ui_drive *d);
/* Select the next batch: every idle, planned, selectable drive the list names that was not
 * erased before; a frozen drive whose plan needs the drive's own command is unfrozen when
 * unfreeze allows, and then goes alone (the suspend stops the whole station) — first, or
 * in a later batch. Returns how many are selected. */
size_t ms_ui_auto_select(struct ms_ui_model *m, const char *drives, bool unfreeze);

#endif
