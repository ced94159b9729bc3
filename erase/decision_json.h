/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A policy decision as JSON: the journal's "planned" line, the record's "policy",
 * `massho plan --json`. Pure. */
#ifndef MS_ERASE_DECISION_JSON_H
#define MS_ERASE_DECISION_JSON_H

#include "../util/json.h"
#include "policy.h"

/* Returns NULL on ENOMEM. */
struct ms_json *ms_decision_json(const struct ms_decision *d, const char *source, const char *sha256);

#endif
