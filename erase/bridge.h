/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Can a USB bridge be trusted with a firmware erase? Table 7-1-1 says security erase is
 * not supported over USB; many bridges also drop or invent the status a firmware erase
 * is judged by. massho allows it only when a non-destructive self-test shows registers
 * and errors come back faithfully. */
#ifndef MS_ERASE_BRIDGE_H
#define MS_ERASE_BRIDGE_H

#include <stddef.h>

#include "../devices/xport.h"
#include "job.h"

/* IDENTIFY must succeed with valid registers and a correct integrity word (where the
 * drive has one), and NOP (which every device aborts) must come back as aborted with
 * ERR/ABRT. Returns 0 when the bridge passes, -EPROTO (why says what went wrong), or
 * -EOPNOTSUPP when no ATA gets through at all. Commands are logged in job. */
int ms_bridge_selftest(struct ms_xport *x, struct ms_job *job, char *why, size_t len);

#endif
