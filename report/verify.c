/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "verify.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../util/i18n.h"
#include "../util/json.h"
#include "pdf.h"
#include "photo.h"
#include "record.h"
#include "sign.h"
#include "../util/util.h"

/* Inflate at most max bytes: a 1 MiB stream can claim a gigabyte (a decompression bomb),
 * and nothing massho embeds is larger than a record. -EFBIG when the output would be. */
static int inflate_all(const unsigned char *src, size_t n, size_t max, char **out, size_t *outlen)
{
	z_stream z = {0};
	if (n > UINT_MAX || inflateInit(&z) != Z_OK)
		return -EBADMSG;
	size_t cap = 4096, got = 0;
	char *buf = malloc(cap);
	int zr = Z_OK, r = 0;
	z.next_in = (unsigned char *)src;
	z.avail_in = (unsigned)n;
	while (buf && zr == Z_OK) {
		if (got + 1 >= cap) {
			if (cap > max) {
				r = -EFBIG;
				break;
			}
			size_t ncap = cap * 2 > max + 2 ? max + 2 : cap * 2;
			char *nb = realloc(buf, ncap);
			if (!nb)
				break;
			buf = nb;
			cap = ncap;
		}
		z.next_out = (unsigned char *)buf + got;
		z.avail_out = (unsigned)(cap - got - 1);
		zr = inflate(&z, Z_NO_FLUSH);
		got = cap - 1 - z.avail_out;
	}
	inflateEnd(&z);
	if (r || zr != Z_STREAM_END || !buf || got > max) {
		free(buf);
		return r ? r : got > max ? -EFBIG : -EBADMSG;
	}
	buf[got] = '\0';
	*out = buf;
	*outlen = got;
	return 0;
}

/* A decimal number at p, read no further than end: the PDF is a buffer of len bytes, not
 * a string, so strtol and sscanf could run past it. Leading white space and a sign as
 * strtol takes them; false when there is no number or it overflows. */
static bool num_at(const char *p, const char *end, long *v, const char **next)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	bool neg = p < end && *p == '-';
	if (p < end && (*p == '-' || *p == '+'))
		p++;
	const char *digits = p;
	long x = 0;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (x > (LONG_MAX - (*p - '0')) / 10)
			return false;
		x = x * 10 + (*p - '0');
	}
	if (p == digits)
		return false;
	*v = neg ? -x : x;
	if (next)
		*next = p;
	return true;
}

/* "N 0 obj" in the file: where its body starts, or NULL. */
static const char *object(const unsigned char *pdf, size_t len, long num)
{
	char head[32];
	snprintf(head, sizeof head, "\n%ld 0 obj", num);
	const char *o = ms_mem_find(pdf, len, head);
	return o ? o + strlen(head) : NULL;
}

/* The embedded file of the file specification whose "/EF <<" is at ef: its /F stream
 * (libharu writes its /Length as an indirect object and the data FlateDecode'd), at most
 * max bytes inflated. */
static int stream_of(const unsigned char *pdf, size_t len, const char *ef, size_t max, char **out, size_t *outlen)
{
	const char *end = (const char *)pdf + len;
	const char *f = ms_mem_find(ef, (size_t)(end - ef), "/F ");
	long num = -1;
	if (f)
		num_at(f + 3, end, &num, NULL);
	const char *body = num > 0 ? object(pdf, len, num) : NULL;
	const char *st = body ? ms_mem_find(body, (size_t)(end - body), "stream") : NULL;
	if (!st)
		return -EBADMSG;
	char dict[512];
	size_t dl = (size_t)(st - body) < sizeof dict - 1 ? (size_t)(st - body) : sizeof dict - 1;
	memcpy(dict, body, dl);
	dict[dl] = '\0';
	const char *lp = strstr(dict, "/Length ");
	if (!lp)
		return -EBADMSG;
	char *rest;
	long n = strtol(lp + 8, &rest, 10);
	long gen;
	if (sscanf(rest, " %ld R", &gen) == 1 || strncmp(rest, " 0 R", 4) == 0) {
		const char *lb = object(pdf, len, n); /* /Length M 0 R: the number is object M */
		if (!lb || !num_at(lb, end, &n, NULL))
			n = -1;
	}
	const char *data = st + 6;
	if (data < end && *data == '\r')
		data++;
	if (data < end && *data == '\n')
		data++;
	if (n <= 0 || n > end - data)
		return -EBADMSG;
	if ((size_t)n > max && !strstr(dict, "/FlateDecode"))
		return -EFBIG;
	if (strstr(dict, "/FlateDecode"))
		return inflate_all((const unsigned char *)data, (size_t)n, max, out, outlen);
	/* Not strndup: a NUL inside would make the record shorter than outlen says. */
	if (!(*out = malloc((size_t)n + 1)))
		return -ENOMEM;
	memcpy(*out, data, (size_t)n);
	(*out)[n] = '\0';
	*outlen = (size_t)n;
	return 0;
}

/* The embedded record: the first embedded file (pdf.c embeds it before anything else). */
static int embedded(const unsigned char *pdf, size_t len, char **out, size_t *outlen)
{
	const char *ef = ms_mem_find(pdf, len, "/EF <<");
	return ef ? stream_of(pdf, len, ef, MS_RECORD_MAX, out, outlen) : -ENOENT;
}

/* The name of the file specification whose "/EF <<" is at ef: its "/F (…)" literal
 * string, with the escapes libharu writes (\ooo, \\, \(, \)) decoded. */
static bool spec_name(const unsigned char *pdf, const char *ef, char *name, size_t len)
{
	size_t back = (size_t)(ef - (const char *)pdf);
	const char *f = NULL;
	for (size_t i = back >= 4 ? back - 4 : 0; i > 0 && back - i < 4096 && !f; i--)
		if (memcmp(pdf + i, "/F (", 4) == 0)
			f = (const char *)pdf + i + 4;
	size_t k = 0;
	for (const char *p = f; p && p < ef && k + 1 < len; p++) {
		if (*p == ')') {
			name[k] = '\0';
			return true;
		}
		if (*p == '\\' && p + 3 < ef && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' &&
		    p[3] <= '7') {
			name[k++] = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 3;
		} else if (*p == '\\' && p + 1 < ef) {
			name[k++] = *++p;
		} else {
			name[k++] = *p;
		}
	}
	return false;
}

/* The embedded file named name (not the record: a photo), at most max bytes. -ENOENT when
 * no embedded file has that name. */
static int embedded_named(const unsigned char *pdf, size_t len, const char *name, size_t max, char **out,
			  size_t *outlen)
{
	size_t at = 0;
	const char *ef;
	char got[256];
	while (at < len && (ef = ms_mem_find(pdf + at, len - at, "/EF <<"))) {
		if (spec_name(pdf, ef, got, sizeof got) && strcmp(got, name) == 0)
			return stream_of(pdf, len, ef, max, out, outlen);
		at = (size_t)(ef - (const char *)pdf) + 6;
	}
	return -ENOENT;
}

/* An Info dictionary string of printable ASCII (the last one of that key in the file: an
 * incremental update may repeat the dictionary): a literal string without escapes, or
 * (as libharu writes it in UTF-8 mode) UTF-16BE in hex with a byte order mark. The value
 * goes to out (NUL-terminated); false when absent, malformed or longer than outlen - 1. */
static bool info_ascii(const unsigned char *pdf, size_t len, const char *key, char *out, size_t outlen)
{
	const char *end = (const char *)pdf + len, *kw = ms_mem_rfind(pdf, len, key);
	if (!kw || !outlen)
		return false;
	kw += strlen(key);
	if (kw < end && *kw == '(') {
		const char *cp = memchr(kw + 1, ')', (size_t)(end - kw - 1));
		size_t n = cp ? (size_t)(cp - kw - 1) : 0;
		if (!cp || n >= outlen || memchr(kw + 1, '\\', n))
			return false;
		memcpy(out, kw + 1, n);
		out[n] = '\0';
		return true;
	}
	if (kw >= end || *kw != '<')
		return false;
	kw++;
	const char *gt = memchr(kw, '>', (size_t)(end - kw));
	bool utf16 = gt && gt - kw >= 4 && memcmp(kw, "FEFF", 4) == 0;
	if (utf16)
		kw += 4;
	uint8_t b[512];
	size_t unit = utf16 ? 2 : 1;
	int n = gt ? ms_hex_decode(kw, (size_t)(gt - kw), b, sizeof b) : -1;
	if (n < 0 || (size_t)n % unit || (size_t)n / unit >= outlen)
		return false;
	/* UTF-16BE: each character's high byte is zero, its low byte printable ASCII. */
	for (size_t i = 0; i < (size_t)n / unit; i++) {
		if ((utf16 && b[2 * i] != 0) || b[unit * i + unit - 1] < 0x20 || b[unit * i + unit - 1] > 0x7e)
			return false;
		out[i] = (char)b[unit * i + unit - 1];
	}
	out[(size_t)n / unit] = '\0';
	return true;
}

/* The Info dictionary's /Keywords holds the record's SHA-256. */
static bool keywords_match(const unsigned char *pdf, size_t len, const char *sha)
{
	char kw[65];
	return info_ascii(pdf, len, "/Keywords ", kw, sizeof kw) && strlen(kw) == 64 && strcmp(kw, sha) == 0;
}

/* The Info /Subject's ledger binding (pdf.h): the entry and the hash it extends. */
static void ledger_binding(const unsigned char *pdf, size_t len, struct ms_pdf_check *c)
{
	char subj[200], *colon;
	const size_t tl = strlen(MS_PDF_LEDGER_TAG);
	c->ledger_seq = 0;
	c->ledger_prev[0] = '\0';
	if (!info_ascii(pdf, len, "/Subject ", subj, sizeof subj) || strncmp(subj, MS_PDF_LEDGER_TAG, tl) != 0)
		return;
	unsigned long long seq = strtoull(subj + tl, &colon, 10);
	if (seq == 0 || *colon != ':' || strlen(colon + 1) != 64 || strspn(colon + 1, "0123456789abcdef") != 64)
		return;
	c->ledger_seq = seq;
	ms_strlcpy(c->ledger_prev, colon + 1, sizeof c->ledger_prev);
}

static enum ms_check fail(struct ms_pdf_check *c, enum ms_check r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum ms_check fail(struct ms_pdf_check *c, enum ms_check r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
	return c->result = r;
}

/* A destruction's photos: each is embedded in the certificate (signed with it) and must
 * hash as recorded; a copy in dir, when there is one, must too. A photo not embedded (a
 * certificate issued before photos were embedded) must lie in dir. */
static enum ms_check check_photos(struct ms_pdf_check *c, const struct ms_json *rec, const unsigned char *pdf,
				  size_t len, const char *dir)
{
	const struct ms_json *ph = ms_json_get(rec, "photos");
	for (size_t i = 0; ph && i < ph->n; i++) {
		const char *f = ms_json_get_str(ph->items[i], "file"), *h = ms_json_get_str(ph->items[i], "sha256");
		char *data = NULL, got[65], path[1024];
		size_t n = 0;
		int r = f && h ? embedded_named(pdf, len, f, MS_PHOTO_MAX, &data, &n) : -EINVAL;
		if (r == 0) {
			ms_sha256_hex(data, n, got);
			free(data);
			if (strcmp(got, h) != 0)
				return fail(c, MS_CHECK_RECORD_MISMATCH, N_("%s: the photo embedded in the certificate is not the one "
					    "recorded (SHA-256 %.16s…, recorded %.16s…)"), f, got, h);
			c->photos_embedded++;
		} else if (r != -ENOENT) {
			return fail(c, MS_CHECK_RECORD_MISMATCH, N_("%s: the photo embedded in the certificate cannot be read (%s)"),
				    f ? f : N_("a photo"), strerror(-r));
		}
		if (!dir || !f || strchr(f, '/')) {
			if (r) /* neither embedded nor checkable beside it: a photo nobody has seen */
				return fail(c, MS_CHECK_RECORD_MISMATCH, N_("%s: the photo named in the record is not embedded in "
					    "the certificate (give the photos' directory with --photos)"), f ? f : N_("a photo"));
			continue;
		}
		snprintf(path, sizeof path, "%s/%s", dir, f);
		bool there = ms_sha256_file_hex(path, got) == 0;
		if (!there && r)
			return fail(c, MS_CHECK_RECORD_MISMATCH, N_("%s: the photo named in the record is missing (not embedded in "
				    "the certificate either)"), path);
		if (there && strcmp(got, h) != 0)
			return fail(c, MS_CHECK_RECORD_MISMATCH, N_("%s: the photo is not the one recorded (SHA-256 %.16s…, "
				    "recorded %.16s…)"), path, got, h);
	}
	return MS_CHECK_OK;
}

/* Files the record lists by name and SHA-256 (a summary's certificates) must lie in dir
 * and be those files. The names are taken as plain file
 * names: a record cannot make the check read outside dir. */
static enum ms_check check_listed(struct ms_pdf_check *c, const struct ms_json *rec, const char *dir, const char *list,
				  const char *name_key, const char *hash_key, const char *what)
{
	const struct ms_json *ph = ms_json_get(rec, list);
	enum ms_check r = MS_CHECK_OK;
	for (size_t i = 0; ph && i < ph->n && r == MS_CHECK_OK; i++) {
		const char *f = ms_json_get_str(ph->items[i], name_key), *h = ms_json_get_str(ph->items[i], hash_key);
		char path[1024], got[65];
		snprintf(path, sizeof path, "%s/%s", dir, f ? f : "");
		if (!f || !h || strchr(f, '/') || ms_sha256_file_hex(path, got))
			r = fail(c, MS_CHECK_RECORD_MISMATCH, N_("%s: the %s named in the record is missing"), path, what);
		else if (strcmp(got, h) != 0)
			r = fail(c, MS_CHECK_RECORD_MISMATCH, N_("%s: the %s is not the one recorded (SHA-256 %.16s…, "
				 "recorded %.16s…)"), path, what, got, h);
	}
	return r;
}

enum ms_check ms_pdf_check(const unsigned char *pdf, size_t len, const char *ca, const char *sidecar,
			   const char *files_dir, struct ms_pdf_check *c)
{
	memset(c, 0, sizeof *c);
	if (len < 16 || memcmp(pdf, "%PDF-", 5) != 0)
		return fail(c, MS_CHECK_NOT_SIGNED, N_("not a PDF file"));
	const char *br = ms_mem_rfind(pdf, len, "/ByteRange ["), *end = (const char *)pdf + len;
	long v[4];
	for (int i = 0; i < 4; i++)
		if (!br || !num_at(i ? br : br + 12, end, &v[i], &br))
			return fail(c, MS_CHECK_NOT_SIGNED, N_("no signature in the file"));
	/* Compared as remainders, not sums: v[2] + v[3] could overflow. A range past the end
	 * is a cut file, not bytes added. */
	if (v[0] != 0 || v[1] <= 0 || v[2] <= v[1] || v[3] < 0 || (size_t)v[2] > len || pdf[v[1]] != '<' ||
	    pdf[v[2] - 1] != '>' || (size_t)v[3] > len - (size_t)v[2])
		return fail(c, MS_CHECK_SIG_INVALID, N_("the signature's byte ranges are damaged"));
	if ((size_t)v[3] != len - (size_t)v[2])
		return fail(c, MS_CHECK_PARTIAL, N_("%zu bytes were added after signing: the signature does not cover "
			    "the whole file"), len - (size_t)(v[2] + v[3]));
	size_t hexlen = (size_t)(v[2] - v[1] - 2);
	unsigned char *der = malloc(hexlen / 2 + 1);
	unsigned char *data = malloc((size_t)(v[1] + v[3]) + 1);
	if (!der || !data) {
		free(der);
		free(data);
		return fail(c, MS_CHECK_NOT_SIGNED, N_("out of memory"));
	}
	int dl = ms_hex_decode((const char *)pdf + v[1] + 1, hexlen, der, hexlen / 2 + 1);
	if (dl < 0) {
		free(der);
		free(data);
		return fail(c, MS_CHECK_SIG_INVALID, N_("the signature value is damaged"));
	}
	memcpy(data, pdf, (size_t)v[1]);
	memcpy(data + v[1], pdf + v[2], (size_t)v[3]);
	struct ms_cms_info info;
	int r = ms_cms_verify_info(der, (size_t)dl, data, (size_t)(v[1] + v[3]), ca, &info);
	free(der);
	free(data);
	ms_strlcpy(c->signer, info.signer, sizeof c->signer);
	ms_strlcpy(c->signed_at, info.signed_at, sizeof c->signed_at);
	c->signer_expired = info.expired_since;
	c->chain_checked = ca != NULL;
	if (r == -EPERM)
		return fail(c, MS_CHECK_UNTRUSTED, N_("the signature is intact but its signer (%s) does not chain to %s, "
			    "neither now nor when it signed (%s)"), c->signer, ca, c->signed_at[0] ? c->signed_at : N_("no time"));
	if (r == -EKEYREJECTED)
		return fail(c, MS_CHECK_UNTRUSTED, N_("the signature is intact and its signer (%s) chains to %s, but its "
			    "certificate is not issued for signing (key usage / extended key usage)"), c->signer, ca);
	if (r == -ENOENT)
		return fail(c, MS_CHECK_UNTRUSTED, N_("%s: cannot load the CA certificates"), ca);
	if (r)
		return fail(c, MS_CHECK_SIG_INVALID, N_("the signature does not verify: the file was changed after signing"));
	int er = embedded(pdf, len, &c->record, &c->record_len);
	if (er == -EFBIG)
		return fail(c, MS_CHECK_RECORD_MISMATCH, N_("the embedded record is larger than %zu bytes"),
			    (size_t)MS_RECORD_MAX);
	if (er)
		return fail(c, MS_CHECK_RECORD_MISMATCH, N_("no embedded record in the certificate"));
	ms_sha256_hex(c->record, c->record_len, c->record_sha256);
	if (!keywords_match(pdf, len, c->record_sha256))
		return fail(c, MS_CHECK_RECORD_MISMATCH, N_("the record hash on the certificate is not the embedded record's"));
	ledger_binding(pdf, len, c);
	if (sidecar) {
		char *side;
		size_t sl;
		int rr = ms_read_file(sidecar, &side, &sl, MS_RECORD_MAX);
		if (rr && rr != -ENOENT)
			return fail(c, MS_CHECK_RECORD_MISMATCH, "%s: %s", sidecar, strerror(-rr));
		if (rr == 0) {
			bool same = sl == c->record_len && memcmp(side, c->record, sl) == 0;
			char p7s[1024], *sig = NULL;
			size_t siglen = 0;
			snprintf(p7s, sizeof p7s, "%s.p7s", sidecar);
			int sr = same && ms_read_file(p7s, &sig, &siglen, 1 << 20) == 0 ?
				 ms_cms_verify_info((unsigned char *)sig, siglen, side, sl, ca, NULL) : 0;
			free(sig);
			free(side);
			if (!same)
				return fail(c, MS_CHECK_RECORD_MISMATCH, N_("%s is not the record embedded in the certificate"), sidecar);
			if (sr)
				return fail(c, MS_CHECK_RECORD_MISMATCH, N_("%s.p7s does not verify for %s"), sidecar, sidecar);
		}
	}
	struct ms_json *rec = ms_json_parse(c->record, c->record_len, NULL, 0);
	bool bad = check_photos(c, rec, pdf, len, files_dir) != MS_CHECK_OK ||
		   (files_dir && check_listed(c, rec, files_dir, "certificates", "certificate", "certificate_sha256",
					      N_("certificate")) != MS_CHECK_OK);
	ms_json_free(rec);
	if (bad)
		return c->result;
	snprintf(c->why, sizeof c->why, "valid");
	return c->result = MS_CHECK_OK;
}

void ms_pdf_check_free(struct ms_pdf_check *c)
{
	free(c->record);
	c->record = NULL;
}
