/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Handovers past their deadline (Figure 41: the completion certificate "has a submission
 * deadline"): every handover this station journaled whose destroy_by lies before today
 * and whose completion (a destruction, or an erase that references it) no journal of
 * this station records. A handover whose file is gone or no longer has the journaled
 * bytes is listed too: its deadline can no longer be vouched for, and someone must look. */
#ifndef MS_REPORT_OVERDUE_H
#define MS_REPORT_OVERDUE_H

#include <time.h>

#include "../util/json.h"

/* Build {"state_dir", "checked_on", "handovers", "completed", "overdue": [...]} for
 * STATE_DIR at the local date of now. Each overdue entry: record_id, record (path),
 * destroy_by, days_overdue, class, figure41_row, device (model, serial), witness, and
 * problem (null, or why the file could not be read as journaled). Returns 0 with *out,
 * -ENOENT (no journal directory: nothing was handed over here), -EPERM (a journal
 * directory others can write to vouches for nothing) or -errno. */
int ms_custody_overdue(const char *state_dir, time_t now, struct ms_json **out);

#endif
