/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Overwrite passes and the data they write. A random pass is AES-256-CTR keystream
 * under a fresh key from getrandom(): byte i of the device is keystream byte i, so
 * verification regenerates any range from the key and the offset and nothing is
 * stored. Keys live only in memory and are zeroed when the pass is done with. */
#ifndef MS_ERASE_PATTERN_H
#define MS_ERASE_PATTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ms_pattern_kind { MS_PAT_ZEROS, MS_PAT_ONES, MS_PAT_BYTE, MS_PAT_RANDOM };

struct ms_pass {
	enum ms_pattern_kind kind;
	uint8_t byte;  /* MS_PAT_BYTE */
};

#define MS_MAX_PASSES 16

/* Parse a comma-separated pass list: "random", "zeros,ones", "random,byte:0x55".
 * Returns the number of passes (1..max) or -EINVAL (why says which item). */
int ms_passes_parse(const char *s, struct ms_pass *out, size_t max, char *why, size_t whylen);

/* "random", "zeros", "ones", "byte:0x55". */
void ms_pass_name(const struct ms_pass *p, char *out, size_t len);

struct ms_stream;

/* A stream for one pass. For random passes a key is drawn from getrandom().
 * Returns NULL on ENOMEM or when no randomness is available. */
struct ms_stream *ms_stream_new(const struct ms_pass *p);
/* Same, with a given key and IV (tests; regeneration). */
struct ms_stream *ms_stream_new_keyed(const struct ms_pass *p, const uint8_t key[32], const uint8_t iv[16]);
/* Zeroes the key before freeing. */
void ms_stream_free(struct ms_stream *s);

/* Fill buf with the len bytes the pass writes at device offset off (off a multiple
 * of 16). Thread-safe only per stream: each thread needs its own cipher context,
 * so use ms_stream_clone for a second thread. Returns 0 or -EIO (cipher failure). */
int ms_stream_fill(struct ms_stream *s, uint64_t off, void *buf, size_t len);

/* A second stream with the same key (for a verifying thread). */
struct ms_stream *ms_stream_clone(const struct ms_stream *s);

/* True when every byte of the pass is the same (zeros, ones, byte): the engine fills
 * one buffer once instead of generating per chunk. */
bool ms_stream_constant(const struct ms_stream *s, uint8_t *byte);

#endif
