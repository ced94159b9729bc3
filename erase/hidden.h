/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hidden areas: the Host Protected Area (SET MAX / AMAC) and the Device Configuration
 * Overlay hide sectors from the OS. Row (2) of Figure 41 needs them erased too, so they
 * are detected on every ATA drive and restored before a row-(2) overwrite. */
#ifndef MS_ERASE_HIDDEN_H
#define MS_ERASE_HIDDEN_H

#include "../devices/xport.h"
#include "../util/json.h"
#include "job.h"

/* Read IDENTIFY, the native max (READ NATIVE MAX EXT or GET NATIVE MAX ADDRESS EXT) and
 * the DCO maximum into *h (sectors). Commands are logged in job (may be NULL).
 * Returns 0, -EOPNOTSUPP (no ATA through this attachment) or another -errno. */
int ms_hidden_detect(struct ms_xport *x, struct ms_job *job, struct ms_hidden *h);

/* Make every sector addressable: remove the HPA (non-volatile), restore the DCO, and
 * check with a fresh detect that accessible == factory. Updates x->dev.capacity and
 * job->dev.capacity. Returns 0, or -EIO with job->failure saying which step the drive
 * refused. */
int ms_hidden_restore(struct ms_xport *x, struct ms_job *job);

static inline bool ms_hidden_present(const struct ms_hidden *h)
{
	return h->checked && (h->accessible < h->native || h->native < h->factory);
}

/* The JSON view of h (the record's hidden_areas.before/after, `devices --json`): null when
 * not checked; sizes in sectors, hidden_bytes with logical sectors of ls bytes. */
struct ms_json *ms_hidden_json(const struct ms_hidden *h, uint32_t ls);

#endif
