/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers shared by every layer: no device, policy or output knowledge here. */
#ifndef MS_UTIL_H
#define MS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define MS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Zero a secret so the compiler cannot drop the store (keys, passwords). */
void ms_memzero(void *p, size_t n);

/* Copy with truncation; always NUL-terminates (dstlen > 0). */
void ms_strlcpy(char *dst, const char *src, size_t dstlen);

/* Trim leading/trailing white space in place; returns s. */
char *ms_trim(char *s);

/* A fixed-width ASCII field of a device's answer (NVMe Identify, SCSI INQUIRY) as a
 * string: what is not printable becomes a space, then trimmed. out holds n + 1 bytes. */
void ms_ascii_field(const void *p, size_t n, char *out);

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void ms_hex(const void *data, size_t n, char *out);

/* The hexlen characters at hex (either case; no NUL needed: never reads past hexlen) into
 * out. Strict, unlike sscanf("%2x"): an odd length, any character other than [0-9a-fA-F]
 * (no sign, space or "0x") or more than outlen bytes is -EINVAL. Returns the bytes decoded. */
int ms_hex_decode(const char *hex, size_t hexlen, uint8_t *out, size_t outlen);

/* The first / the last occurrence of the string needle in the len bytes at p, or NULL
 * (finding keywords in a PDF, which is binary and may hold NUL bytes). */
const char *ms_mem_find(const void *p, size_t len, const char *needle);
const char *ms_mem_rfind(const void *p, size_t len, const char *needle);

/* SHA-256 of a buffer / of a file's whole contents, as 64 hex chars + NUL.
 * Return 0 or -errno. */
int ms_sha256_hex(const void *data, size_t n, char out[65]);
int ms_sha256_file_hex(const char *path, char out[65]);

/* Read a small text file (sysfs attribute, profile) into buf, trimmed.
 * Returns length or -errno. */
int ms_read_text(const char *path, char *buf, size_t len);

/* Whole file into a malloc'd, NUL-terminated buffer, at most max bytes (a larger file is
 * refused by its size before anything is allocated). Returns 0, -EFBIG, -EISDIR, -EINVAL
 * (not a regular file: a FIFO, a device), or -errno. */
int ms_read_file(const char *path, char **data, size_t *len, size_t max);

/* ISO 8601 with offset, e.g. 2026-11-22T13:07:17+09:00, in local time. */
void ms_iso_time(const struct timespec *ts, char *out, size_t len);
void ms_now(struct timespec *ts);           /* CLOCK_REALTIME */
double ms_mono(void);                        /* CLOCK_MONOTONIC seconds */

/* Parse "123", "4K", "64M", "2G", "1T" (binary multiples) into bytes. Returns 0 or -EINVAL. */
int ms_parse_size(const char *s, uint64_t *out);

/* Human size, e.g. "256 MiB" / "2.00 TB" (decimal for drives, as vendors label them). */
void ms_human_size(uint64_t bytes, char *out, size_t len);

/* A record id: PREFIX-YYYYMMDDTHHMMSSZ-xxxxxxxx (UTC time, 32 random bits): sortable and
 * unique without coordination. Returns 0 or -errno. */
int ms_make_id(const char *prefix, char *out, size_t len);

/* Fill buf with n bytes from getrandom(2). Returns 0 or -errno. */
int ms_random_bytes(void *buf, size_t n);

/* The directory part of path into out: "." for a bare name, "/" for "/x". */
void ms_path_dir(const char *path, char *out, size_t len);
/* The file name of path: what follows its last '/' (path itself when it has none). */
const char *ms_path_base(const char *path);

/* massho's version (git describe, or the Makefile's VERSION: for records, certificates
 * and --version). */
extern const char *const ms_version;
/* The versions of the libraries linked at run time, on one line: OpenSSL, libharu,
 * libblkid and libpq (e.g. "OpenSSL 3.0.15 3 Sep 2024, libharu 2.3.0, ..."). */
void ms_library_versions(char *out, size_t len);

#endif
