/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sample proof of a firmware erase: a seeded set of sectors spread over the whole
 * device (first and last included) is hashed before the command and again after, and
 * what the sectors hold afterwards is classified. Anyone can re-draw the same LBAs from
 * the recorded seed. */
#ifndef MS_ERASE_SAMPLE_H
#define MS_ERASE_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "../devices/xport.h"
#include "job.h"

/* The sample LBAs for seed over sectors [0, sectors): n distinct LBAs in ascending
 * order, 0 and sectors-1 always among them (splitmix64 from the seed). Pure. Returns
 * the number drawn (min(n, sectors)). */
size_t ms_sample_lbas(uint64_t seed, uint64_t sectors, size_t n, uint64_t *out);

/* Classify a sector: "zeros", "pattern" (one repeated 1-, 2- or 4-byte unit), "random"
 * (most byte values present, none dominant) or "other". Pure. */
const char *ms_sample_classify(const uint8_t *data, size_t len);

/* Hash the samples before the erase (n samples, fresh seed). Returns 0 or -errno. */
int ms_sample_before(struct ms_xport *x, struct ms_job *job, size_t n);
/* Hash them again and decide. zeros_expected: the method leaves zeros (block erase,
 * normal security erase), so a sector that was zero and stays zero still counts. */
int ms_sample_after(struct ms_xport *x, struct ms_job *job, bool zeros_expected);

/* The same on any proof: x reads the sectors (another namespace of the drive). */
int ms_sample_take_before(struct ms_xport *x, struct ms_sample_proof *p, size_t n, uint64_t *retries);
int ms_sample_take_after(struct ms_xport *x, struct ms_sample_proof *p, bool zeros_expected);

#endif
