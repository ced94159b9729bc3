/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The content hash of the final pass, computed on a thread of its own from the pass's
 * stream (regenerated from the key, or a constant chunk) while the pass is written and
 * verified. SHA-256 is the slowest step of an erase on a fast medium (one core hashes
 * ~1.7 GB/s); taking it off the write and verify paths lets both run at the medium's
 * speed. The value equals `sha256sum DEV` only once verification has compared every
 * byte of the device with the same stream — the engine uses it only then. */
#ifndef MS_ERASE_STREAMHASH_H
#define MS_ERASE_STREAMHASH_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "pattern.h"

struct ms_streamhash;

/* Start hashing the first `len` bytes of s (cloned: the caller keeps s) in chunks of
 * `chunk` bytes. abort (may be NULL) stops it early. NULL on ENOMEM/EAGAIN. */
struct ms_streamhash *ms_streamhash_start(const struct ms_stream *s, uint64_t len, size_t chunk,
					  const atomic_bool *abort);

/* Wait for the end and free. Returns 0 with the digest in out, or -errno
 * (-EINTR when aborted or cancelled). */
int ms_streamhash_finish(struct ms_streamhash *h, unsigned char out[32]);

/* Stop early, wait and free (NULL is allowed). */
void ms_streamhash_cancel(struct ms_streamhash *h);

#endif
