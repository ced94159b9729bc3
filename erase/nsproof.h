/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sample proof of a firmware erase on the other namespaces of an NVMe controller:
 * the erase (Sanitize, Format NVM) reaches them all, so each is sampled before and
 * after through its own block device, read-only, as the first one is (erase/sample.h). */
#ifndef MS_ERASE_NSPROOF_H
#define MS_ERASE_NSPROOF_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "../devices/xport.h"
#include "job.h"

/* Sample every namespace of job->dev but its own (n sectors each, fresh seeds; with
 * after_only, draw the LBAs but read nothing yet). Returns 0, -ENXIO (which namespace
 * job->dev is cannot be told) or -ENOMEM. */
int ms_nsproof_before(struct ms_job *job, size_t n, bool after_only);

/* Read the samples again and judge each. True when every other namespace's proof
 * passed (trivially with none); else job->failure says which failed and why. */
bool ms_nsproof_after(struct ms_job *job, bool zeros_expected);

/* Read every other namespace back whole into its content_sha256 (a firmware erase's
 * full verification). Returns 0, or the first -errno (that namespace's error set). */
int ms_nsproof_hash(struct ms_job *job, const atomic_bool *abort);

#endif
