/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The station configuration file (--config FILE): who erases for whom, the default class,
 * where records go, which key signs — typed once per session at the station, remembered
 * for the next, and read by the unattended station too. docs/station.md lists the keys.
 *
 *   # comment
 *   organisation = 試験市 情報政策課
 *   class = 2
 *
 * UTF-8, one "key = value" a line, at most 64 KiB and 200 bytes a value. An unknown key, a
 * key given twice, a bad class or a value with control characters is an error naming
 * FILE:LINE. Parsing is pure (fuzz target fuzz_config). */
#ifndef MS_UI_CONFIG_H
#define MS_UI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "../erase/policy.h"

#define MS_CONFIG_MAX (64u * 1024)
#define MS_CONFIG_VALUE 200

/* What the session says, which key signs, and what an unattended station does. The file
 * lives on removable media that anyone could have written: what decides how a drive is
 * erased or where root writes (the policy, the state and output directories, a
 * passphrase) comes from the command line only, and a token key's URI may not name a
 * module to load (module-path). Which drives an unattended station erases does come from
 * here (issue 16: a contractor's bulk station is set up by its medium), but only when the
 * file says so in words (mode = unattended, drives = ...: never a default), and the
 * station shows every drive's plan and counts down before it starts. */
enum ms_config_key {
	MS_CFG_ORGANISATION, MS_CFG_OPERATOR, MS_CFG_WITNESS, MS_CFG_CONTRACT, MS_CFG_CONTRACTOR, MS_CFG_PLACE,
	MS_CFG_CLASS, MS_CFG_KEY, MS_CFG_DESTROY_BY, MS_CFG_CAMERA,
	MS_CFG_MODE,      /* interactive (default) | unattended */
	MS_CFG_DRIVES,    /* unattended: MS_CONFIG_ALL_DRIVES, or names and serials */
	MS_CFG_UNFREEZE,  /* unattended: yes | no (default): may a frozen drive be unfrozen */
	MS_CFG_AFTER,     /* unattended: poweroff (default: end after the drives present) | wait */
	MS_CFG_COLLECT,   /* the central store's URI (report/db.h): results pushed after each batch */
	MS_CFG_COUNT
};

/* The one way to say "all": written out, so that no file erases everything by omission. */
#define MS_CONFIG_ALL_DRIVES "every-drive-except-boot-and-output"

struct ms_config {
	char v[MS_CFG_COUNT][MS_CONFIG_VALUE + 1]; /* "" when not set */
	bool cls_set;
	enum ms_class cls;
	bool unattended, unfreeze, wait; /* mode, unfreeze and after, parsed */
};

/* The key's name in the file. */
const char *ms_config_key_name(enum ms_config_key k);

/* Parse text (len bytes, not NUL-terminated) into c. Returns 0, or -EINVAL with
 * "NAME:LINE: reason" in why (c is then zeroed). */
int ms_config_parse(const char *text, size_t len, const char *name, struct ms_config *c, char *why, size_t wlen);

/* Read and parse a file; a missing file is an empty configuration (-ENOENT is not an
 * error: the station starts without one and writes it). Returns 0 or -errno with why. */
int ms_config_load(const char *path, struct ms_config *c, char *why, size_t wlen);

/* The configuration as text into out (the keys that are set, in a fixed order). Returns
 * the length, or -ENOSPC. */
int ms_config_render(const struct ms_config *c, char *out, size_t len);

/* Write it atomically (temporary file, fsync, rename, fsync of the directory), mode 0600.
 * Returns 0 or -errno. */
int ms_config_save(const char *path, const struct ms_config *c);

#endif
