/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sizes in the units lsblk prints them in, so that `massho devices` and lsblk agree on
 * the same disk (the certificates keep ms_human_size's decimal units, util/util.h). */
#ifndef MS_UTIL_SIZE_H
#define MS_UTIL_SIZE_H

#include <stddef.h>
#include <stdint.h>

/* bytes in powers of 1024 with a one-letter suffix (B K M G T P E, no "iB"), at most one
 * decimal, rounded half up, none when it rounds to a whole number: 512B, 1.5K, 256G,
 * 931.5G, 1024M (the unit is chosen before rounding, as lsblk does). Always terminates out
 * (len > 0). */
void ms_size_iec(uint64_t bytes, char *out, size_t len);

#endif
