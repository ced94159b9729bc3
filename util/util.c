/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

void ms_memzero(void *p, size_t n)
{
	explicit_bzero(p, n);
}

void ms_strlcpy(char *dst, const char *src, size_t dstlen)
{
	size_t n = strnlen(src, dstlen - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

char *ms_trim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	size_t i = 0;
	while (s[i] && isspace((unsigned char)s[i]))
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
	return s;
}

void ms_ascii_field(const void *p, size_t n, char *out)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		out[i] = isprint(b[i]) ? (char)b[i] : ' ';
	out[n] = '\0';
	ms_trim(out);
}

void ms_hex(const void *data, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ms_hex_decode(const char *hex, size_t hexlen, uint8_t *out, size_t outlen)
{
	size_t n = hexlen / 2;
	if (hexlen % 2 || n > outlen || n > INT_MAX)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (int)n;
}

int ms_sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	if (!EVP_Digest(data, n, md, &mdlen, EVP_sha256(), NULL))
		return -EIO;
	ms_hex(md, 32, out);
	return 0;
}

int ms_sha256_file_hex(const char *path, char out[65])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int r = 0;
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		r = -ENOMEM;
		goto out;
	}
	enum { CHUNK = 1 << 20 };
	unsigned char *buf = malloc(CHUNK);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t got = read(fd, buf, CHUNK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			r = -errno;
			break;
		}
		if (got == 0)
			break;
		EVP_DigestUpdate(ctx, buf, (size_t)got);
	}
	free(buf);
	if (!r) {
		unsigned char md[32];
		EVP_DigestFinal_ex(ctx, md, NULL);
		ms_hex(md, 32, out);
	}
out:
	EVP_MD_CTX_free(ctx);
	close(fd);
	return r;
}

int ms_read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, len - 1);
	int e = errno;
	close(fd);
	if (n < 0)
		return -e;
	buf[n] = '\0';
	ms_trim(buf);
	return (int)strlen(buf);
}

/* Reads to EOF rather than trusting st_size: procfs and sysfs files report 0. */
int ms_read_file(const char *path, char **data, size_t *len, size_t max)
{
	/* O_NONBLOCK: a FIFO named as a file must not hang the open; only regular files
	 * (procfs and sysfs ones included) are read. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		close(fd);
		return e;
	}
	/* Refuse by size before allocating: a sparse 1 GiB file must cost nothing. Files
	 * whose size stat does not know (/proc, pipes) grow in steps, never past max + 1
	 * bytes, which is how a file longer than max is told apart. */
	if (st.st_size > 0 && (uintmax_t)st.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	size_t limit = max < SIZE_MAX - 1 ? max + 2 : SIZE_MAX;
	size_t cap = st.st_size > 0 ? (size_t)st.st_size + 2 : 4096, got = 0;
	if (cap > limit)
		cap = limit;
	char *p = malloc(cap);
	int r = p ? 0 : -ENOMEM;
	while (!r) {
		if (got + 1 >= cap) {
			size_t ncap = cap > limit / 2 ? limit : cap * 2;
			char *np = ncap > cap ? realloc(p, ncap) : NULL;
			if (!np) {
				r = ncap > cap ? -ENOMEM : -EFBIG;
				break;
			}
			p = np;
			cap = ncap;
		}
		ssize_t n = read(fd, p + got, cap - got - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			r = -errno;
		else if (n == 0)
			break;
		else
			got += (size_t)n;
	}
	close(fd);
	if (!r && got > max)
		r = -EFBIG;
	if (r) {
		free(p);
		return r;
	}
	p[got] = '\0';
	*data = p;
	if (len)
		*len = got;
	return 0;
}

void ms_iso_time(const struct timespec *ts, char *out, size_t len)
{
	struct tm tm;
	time_t t = ts->tv_sec;
	localtime_r(&t, &tm);
	char base[32], off[8];
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(off, sizeof off, "%z", &tm); /* +0900 -> +09:00 */
	if (strlen(off) == 5)
		snprintf(out, len, "%s%.3s:%s", base, off, off + 3);
	else
		snprintf(out, len, "%sZ", base);
}

void ms_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

double ms_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int ms_parse_size(const char *s, uint64_t *out)
{
	char *end;
	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno)
		return -EINVAL;
	unsigned shift = 0;
	switch (toupper((unsigned char)*end)) {
	case '\0': break;
	case 'K': shift = 10; break;
	case 'M': shift = 20; break;
	case 'G': shift = 30; break;
	case 'T': shift = 40; break;
	default: return -EINVAL;
	}
	if (*end) {
		end++;
		if (*end == 'i' || *end == 'I')
			end++;
		if (*end == 'B' || *end == 'b')
			end++;
		if (*end)
			return -EINVAL;
	}
	if (shift && v > (UINT64_MAX >> shift))
		return -EINVAL;
	*out = (uint64_t)v << shift;
	return 0;
}

void ms_human_size(uint64_t bytes, char *out, size_t len)
{
	static const char *unit[] = {"B", "kB", "MB", "GB", "TB", "PB"};
	double v = (double)bytes;
	size_t u = 0;
	while (v >= 1000.0 && u + 1 < MS_ARRAY_SIZE(unit)) {
		v /= 1000.0;
		u++;
	}
	if (u == 0)
		snprintf(out, len, "%llu B", (unsigned long long)bytes);
	else
		snprintf(out, len, "%.*f %s", v < 10 ? 2 : v < 100 ? 1 : 0, v, unit[u]);
}

int ms_random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;
	while (n) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

int ms_make_id(const char *prefix, char *out, size_t len)
{
	uint8_t rnd[4];
	int r = ms_random_bytes(rnd, sizeof rnd);
	if (r)
		return r;
	char hex[9], t[24];
	ms_hex(rnd, sizeof rnd, hex);
	struct timespec ts;
	ms_now(&ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	strftime(t, sizeof t, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(out, len, "%s-%s-%s", prefix, t, hex);
	return 0;
}

const char *ms_mem_find(const void *p, size_t len, const char *needle)
{
	return memmem(p, len, needle, strlen(needle));
}

const char *ms_mem_rfind(const void *p, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (memcmp((const char *)p + i, needle, n) == 0)
			return (const char *)p + i;
	return NULL;
}

const char *ms_path_base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

void ms_path_dir(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		ms_strlcpy(out, ".", len);
		return;
	}
	size_t n = slash == path ? 1 : (size_t)(slash - path);
	ms_strlcpy(out, path, n + 1 < len ? n + 1 : len);
}
