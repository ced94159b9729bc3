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

/* Hand-over to the verifying thread, chunk by chunk in order from offset 0 (chunks as
 * given to start): returns 1 when the thread has hashed [off, off+len) already; 0 when
 * the thread has stopped exactly at off and the caller must pass the chunk's bytes (and
 * every later chunk's) to ms_streamhash_feed; or -errno. Once the verifier has caught
 * up with the thread, this saves the thread's regeneration of the rest: the comparing
 * stage regenerates it anyway, and the bytes read equal it wherever it matters. */
int ms_streamhash_meet(struct ms_streamhash *h, uint64_t off, uint64_t len);
int ms_streamhash_feed(struct ms_streamhash *h, const void *buf, size_t len);

/* Wait for the end and free. Returns 0 with the digest in out, or -errno
 * (-EINTR when aborted or cancelled). */
int ms_streamhash_finish(struct ms_streamhash *h, unsigned char out[32]);

/* Stop early, wait and free (NULL is allowed). */
void ms_streamhash_cancel(struct ms_streamhash *h);

#endif
