/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The classification table as data (MIC guideline Figure 41, table 7-1-1; see
 * docs/policy.md). A policy maps each information class to a Figure 41 row, and for
 * each medium and row lists the allowed methods in order of preference. The built-in
 * default is written in the same file format and parsed by the same parser.
 * ms_policy_choose() is pure: device capabilities + class in, a decision out. */
#ifndef MS_ERASE_POLICY_H
#define MS_ERASE_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "methods.h"

enum ms_class { MS_CLASS_MYNUMBER, MS_CLASS_3, MS_CLASS_2, MS_CLASS_1, MS_CLASS_COUNT };

#define MS_POLICY_MAX_METHODS 10

struct ms_policy_method {
	enum ms_method method;
	char id[32];            /* ms_method_name(method), as records and plans print it */
	unsigned passes;        /* overwrite */
	char pattern[16];       /* overwrite: random, zeros, ... */
	bool restore_hidden;    /* overwrite: HPA/DCO removed first */
	bool usb;               /* ATA security erase: allowed through a USB bridge (option "usb"); table
				 * 7-1-1 says SECURITY ERASE UNIT is not supported over USB, so the
				 * built-in table never allows it there */
};

struct ms_policy_rule {
	size_t n;
	struct ms_policy_method m[MS_POLICY_MAX_METHODS];
};

struct ms_policy {
	char source[256];                   /* "built-in" or the file's path */
	char sha256[65];                    /* of the policy text */
	int row_of[MS_CLASS_COUNT];         /* Figure 41 row 1..3 */
	struct ms_policy_rule rule[MS_PM_COUNT][4]; /* [medium][row] */
	bool verify_full[4];                /* [row]: full read-back (else the sample proof) */
	unsigned destroy_within_days;       /* row 1 */
	bool witness_required;              /* row 1 */
	int pre_erase_row;                  /* row 1: erase on premises to at least this row */
};

/* Parse policy text. Returns 0, or -EINVAL with "FILE:LINE: reason" in why. */
int ms_policy_parse(const char *text, const char *name, struct ms_policy *p, char *why, size_t len);
/* The built-in default (the guideline's table). */
int ms_policy_default(struct ms_policy *p);
const char *ms_policy_default_text(void);
/* Load a policy file (or the default when path is NULL). */
int ms_policy_load(const char *path, struct ms_policy *p, char *why, size_t len);

const char *ms_class_name(enum ms_class c);
int ms_class_parse(const char *s, enum ms_class *out);
const char *ms_pmedium_name(enum ms_pmedium m);

struct ms_rejection {
	char method[32];
	char why[160];
};

struct ms_decision {
	enum ms_class cls;
	int row;
	bool can_meet;             /* a method that qualifies works through this attachment */
	bool destroy_after;        /* row 1: physical destruction follows the erase */
	bool custody;              /* a handover to the contractor follows the erase (rows 1 and 2) */
	int erase_row;             /* the row whose method was chosen (row 1 and custody: 2, else 3) */
	struct ms_policy_method chosen;
	enum ms_level level;
	bool verify_full;
	size_t nrejected;
	struct ms_rejection rejected[16];
	char action[300];          /* what the operator must do when nothing qualifies */
	double est_seconds;        /* expected duration, from the drive's estimates or typical speeds */
};

/* Choose for one drive. Pure. */
void ms_policy_choose(const struct ms_policy *p, const struct ms_caps *c, enum ms_class cls,
		      struct ms_decision *d);

/* The custody column of Figure 41 (rows 1 and 2): the on-premises erase before the drive is
 * handed over to the contractor — at least row 3's level, row 2's where the drive offers
 * it ("stronger where available") — with custody set. For a class of row 3 nothing is
 * handed over: can_meet is false and action says so. Pure. */
void ms_policy_choose_custody(const struct ms_policy *p, const struct ms_caps *c, enum ms_class cls,
			      struct ms_decision *d);
/* Is method id among those the policy allows for this medium and class? */
bool ms_policy_allows(const struct ms_policy *p, enum ms_pmedium m, enum ms_class cls, const char *method);

/* The NIST SP 800-88 / IEEE 2883 level of a method, by name, on a medium
 * (MS_LEVEL_DESTROY for a name that is not a method). */
enum ms_level ms_method_level(const char *method, enum ms_pmedium m, bool restore_hidden);

#endif
