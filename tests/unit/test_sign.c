/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report/sign.c and report/verify.c on crafted inputs. Every PDF is handed over in a
 * buffer of exactly its length (malloc'd, never NUL-terminated), so that a read past it
 * is an ASan error in `make unit-asan`, not a silent success. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../../report/sign.h"
#include "../../report/pdf.h"
#include "../../report/record.h"
#include "../../report/verify.h"
#include "../../util/atomic.h"
#include "../../util/json.h"
#include "../../util/util.h"
#include "suites.h"

/* Made once for the test case (an unchecked fixture runs before Check forks): key
 * generation and PKCS#12 loading are slow. other_dir holds a second, unrelated key. */
static char key_dir[256], other_dir[256];
static struct ms_signer signer;

static void keys_make(void)
{
	char why[200], p12[300];
	tmpdir_make(key_dir, sizeof key_dir);
	tmpdir_make(other_dir, sizeof other_dir);
	ck_assert_int_eq(ms_key_init(key_dir, "試験 署名者", "massho tests", "pass", why, sizeof why), 0);
	ck_assert_int_eq(ms_key_init(other_dir, "someone else", NULL, "pass", why, sizeof why), 0);
	snprintf(p12, sizeof p12, "%s/massho-key.p12", key_dir);
	ck_assert_int_eq(ms_signer_load(p12, "pass", &signer, why, sizeof why), 0);
}

static void keys_remove(void)
{
	ms_signer_free(&signer);
	tmpdir_remove(key_dir);
	tmpdir_remove(other_dir);
}

static const char REC[] = "{\"kind\":\"erasure\",\"record_id\":\"MS-1\",\"photos\":[]}";

enum kw { KW_UTF16, KW_LITERAL, KW_NONE };

/* What the crafted certificate looks like: the parts verify.c reads. */
struct pdf_opts {
	const char *rec;             /* NULL: REC */
	size_t reclen;
	bool flate, direct_len;      /* FlateDecode'd; /Length N instead of /Length 6 0 R */
	bool fake_flate;             /* /FlateDecode on bytes that are not zlib data */
	const char *length;          /* written after /Length as is (bogus lengths) */
	enum kw kw;
	const char *sha;             /* on the page; NULL: the record's */
};

/* A PDF shaped as libharu writes ours: classic xref, an Info dictionary, a file
 * specification whose /EF /F stream holds the record. */
static void build_pdf(struct ms_buf *b, const struct pdf_opts *o)
{
	const char *rec = o->rec ? o->rec : REC;
	size_t reclen = o->rec ? o->reclen : strlen(REC);
	char sha[65], lenbuf[32];
	ms_sha256_hex(rec, reclen, sha);
	uLongf zl = compressBound(reclen);
	unsigned char *z = malloc(zl);
	ck_assert_ptr_nonnull(z);
	if (o->flate)
		ck_assert_int_eq(compress(z, &zl, (const unsigned char *)rec, reclen), Z_OK);
	size_t dl = o->flate ? zl : reclen;
	snprintf(lenbuf, sizeof lenbuf, o->direct_len ? "%zu" : "6 0 R", dl);
	long off[8];
	ms_buf_puts(b, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	off[1] = (long)b->len;
	ms_buf_puts(b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[2] = (long)b->len;
	ms_buf_puts(b, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
	off[3] = (long)b->len;
	ms_buf_puts(b, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n");
	off[4] = (long)b->len;
	ms_buf_puts(b, "4 0 obj\n<< /Type /Filespec /F (record.json) /EF << /F 5 0 R >> >>\nendobj\n");
	off[5] = (long)b->len;
	ms_buf_printf(b, "5 0 obj\n<< /Type /EmbeddedFile /Length %s%s >>\nstream\n", o->length ? o->length : lenbuf,
		      o->flate || o->fake_flate ? " /Filter /FlateDecode" : "");
	ms_buf_put(b, o->flate ? (const char *)z : rec, dl);
	free(z);
	ms_buf_puts(b, "\nendstream\nendobj\n");
	off[6] = (long)b->len;
	ms_buf_printf(b, "6 0 obj\n%zu\nendobj\n", dl);
	off[7] = (long)b->len;
	const char *page_sha = o->sha ? o->sha : sha;
	ms_buf_puts(b, "7 0 obj\n<< /Creator (massho)");
	if (o->kw == KW_LITERAL)
		ms_buf_printf(b, " /Keywords (%s)", page_sha);
	if (o->kw == KW_UTF16) {
		ms_buf_puts(b, " /Keywords <FEFF");
		for (const char *c = page_sha; *c; c++)
			ms_buf_printf(b, "00%02X", (unsigned)*c);
		ms_buf_puts(b, ">");
	}
	ms_buf_puts(b, " >>\nendobj\n");
	long xref = (long)b->len;
	ms_buf_puts(b, "xref\n0 8\n0000000000 65535 f \n");
	for (int i = 1; i < 8; i++)
		ms_buf_printf(b, "%010ld 00000 n \n", off[i]);
	ms_buf_printf(b, "trailer\n<< /Size 8 /Root 1 0 R /Info 7 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
	ck_assert(!b->oom);
}

/* The crafted PDF signed by sign.c. */
static unsigned char *signed_pdf(const struct pdf_opts *o, size_t *len)
{
	struct ms_buf b = {0};
	build_pdf(&b, o);
	unsigned char *out;
	char why[200] = "";
	int r = ms_pdf_sign((unsigned char *)b.p, b.len, &signer, "test", &out, len, why, sizeof why);
	ck_assert_msg(r == 0, "ms_pdf_sign: %d %s", r, why);
	free(b.p);
	return out;
}

/* head, a signature dictionary, then tail: signed by hand, so that the bytes after the
 * signature (the end of the file) are whatever a test needs. Without --ca any signer is
 * accepted, so an attacker can do the same. */
static unsigned char *sign_raw(const char *head, size_t headlen, const char *tail, size_t *len)
{
	struct ms_buf b = {0};
	ms_buf_put(&b, head, headlen);
	ms_buf_puts(&b, "\n9 0 obj\n<< /Type /Sig /ByteRange [");
	size_t br = b.len;
	ms_buf_puts(&b, "0000000000 0000000000 0000000000 0000000000] /Contents <");
	size_t lt = b.len - 1;
	for (int i = 0; i < MS_PDF_SIG_HEX; i++)
		ms_buf_puts(&b, "0");
	ms_buf_puts(&b, ">");
	size_t gt = b.len;
	ms_buf_puts(&b, tail);
	ck_assert(!b.oom);
	char range[48];
	snprintf(range, sizeof range, "%010d %010zu %010zu %010zu", 0, lt, gt, b.len - gt);
	memcpy(b.p + br, range, 43);
	unsigned char *data = malloc(lt + b.len - gt), *der;
	size_t derlen;
	memcpy(data, b.p, lt);
	memcpy(data + lt, b.p + gt, b.len - gt);
	ck_assert_int_eq(ms_cms_sign(&signer, data, lt + b.len - gt, &der, &derlen), 0);
	free(data);
	ck_assert_uint_le(derlen * 2, MS_PDF_SIG_HEX);
	char hex[MS_PDF_SIG_HEX + 1];
	ms_hex(der, derlen, hex);
	memcpy(b.p + lt + 1, hex, derlen * 2);
	OPENSSL_free(der);
	*len = b.len;
	return (unsigned char *)b.p;
}

/* ms_pdf_check on a copy of exactly n bytes. */
static enum ms_check check_n(const unsigned char *pdf, size_t n, const char *ca, struct ms_pdf_check *c)
{
	unsigned char *copy = malloc(n ? n : 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, pdf, n);
	enum ms_check r = ms_pdf_check(copy, n, ca, NULL, NULL, c);
	free(copy);
	return r;
}

static enum ms_check check_str(const char *s, struct ms_pdf_check *c)
{
	enum ms_check r = check_n((const unsigned char *)s, strlen(s), NULL, c);
	ms_pdf_check_free(c);
	return r;
}

START_TEST(signed_pdf_verifies)
{
	static const struct pdf_opts variants[] = {
		{.flate = true, .kw = KW_UTF16},
		{.direct_len = true, .kw = KW_LITERAL},
		{.flate = true, .direct_len = true, .kw = KW_UTF16},
	};
	char cert[300], other[300];
	snprintf(cert, sizeof cert, "%s/massho-cert.pem", key_dir);
	snprintf(other, sizeof other, "%s/massho-cert.pem", other_dir);
	for (size_t i = 0; i < MS_ARRAY_SIZE(variants); i++) {
		size_t len;
		unsigned char *pdf = signed_pdf(&variants[i], &len);
		struct ms_pdf_check c;
		ck_assert_msg(check_n(pdf, len, NULL, &c) == MS_CHECK_OK, "variant %zu: %s", i, c.why);
		ck_assert_uint_eq(c.record_len, strlen(REC));
		ck_assert_mem_eq(c.record, REC, strlen(REC));
		ck_assert_str_eq(c.signer, "試験 署名者");
		ck_assert(!c.chain_checked);
		ms_pdf_check_free(&c);
		ck_assert_int_eq(check_n(pdf, len, cert, &c), MS_CHECK_OK);
		ck_assert(c.chain_checked);
		ms_pdf_check_free(&c);
		ck_assert_int_eq(check_n(pdf, len, other, &c), MS_CHECK_UNTRUSTED);
		ms_pdf_check_free(&c);
		ck_assert_int_eq(check_n(pdf, len, "/nonexistent/ca.pem", &c), MS_CHECK_UNTRUSTED);
		ck_assert_ptr_nonnull(strstr(c.why, "cannot load"));
		ms_pdf_check_free(&c);
		free(pdf);
	}
}
END_TEST

/* Every prefix of a signed certificate: no read past it, and never "valid". */
START_TEST(truncated_at_every_offset)
{
	size_t len;
	unsigned char *pdf = signed_pdf(&(struct pdf_opts){.flate = true, .kw = KW_UTF16}, &len);
	for (size_t n = 0; n < len; n++) {
		struct ms_pdf_check c;
		enum ms_check r = check_n(pdf, n, NULL, &c);
		ck_assert_msg(r != MS_CHECK_OK, "cut at %zu of %zu bytes: valid", n, len);
		ms_pdf_check_free(&c);
	}
	/* and the whole file is valid, so the loop above tested something */
	struct ms_pdf_check c;
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_OK);
	ms_pdf_check_free(&c);
	free(pdf);
}
END_TEST

START_TEST(appended_or_changed_bytes)
{
	size_t len;
	unsigned char *pdf = signed_pdf(&(struct pdf_opts){.flate = true, .kw = KW_UTF16}, &len);
	unsigned char *more = malloc(len + 5);
	memcpy(more, pdf, len);
	memcpy(more + len, "%more", 5);
	struct ms_pdf_check c;
	ck_assert_int_eq(check_n(more, len + 5, NULL, &c), MS_CHECK_PARTIAL);
	ck_assert_ptr_nonnull(strstr(c.why, "5 bytes were added"));
	ms_pdf_check_free(&c);
	free(more);
	const char *cat = ms_mem_find(pdf, len, "/Type /Catalog");
	pdf[cat - (const char *)pdf + 7] = 'X'; /* a signed byte */
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_SIG_INVALID);
	ms_pdf_check_free(&c);
	free(pdf);
}
END_TEST

static void set_range(unsigned char *pdf, size_t len, const char *range)
{
	const char *br = ms_mem_rfind(pdf, len, "/ByteRange [");
	ck_assert_ptr_nonnull(br);
	char field[44];
	snprintf(field, sizeof field, "%-43s", range);
	memcpy(pdf + (br - (const char *)pdf) + 12, field, 43);
}

START_TEST(bogus_byte_ranges)
{
	size_t len;
	unsigned char *pdf = signed_pdf(&(struct pdf_opts){.flate = true, .kw = KW_UTF16}, &len);
	const char *br = ms_mem_rfind(pdf, len, "/ByteRange [");
	long v[4];
	char field[44];
	memcpy(field, br + 12, 43); /* sscanf only on a string: the PDF is not one */
	field[43] = '\0';
	ck_assert_int_eq(sscanf(field, "%ld %ld %ld %ld", &v[0], &v[1], &v[2], &v[3]), 4);
	char real_less[64], real_more[64], overflow[64];
	snprintf(real_less, sizeof real_less, "0 %ld %ld %ld", v[1], v[2], v[3] - 1);
	snprintf(real_more, sizeof real_more, "0 %ld %ld %ld", v[1], v[2], v[3] + 1);
	/* v[2] + v[3] overflows a long: undefined behaviour if summed */
	snprintf(overflow, sizeof overflow, "0 %ld %ld %ld", v[1], v[2], LONG_MAX);
	static const struct {
		const char *range;
		enum ms_check want;
	} cases[] = {
		{"0 0 0 0", MS_CHECK_SIG_INVALID},
		{"-1 10 20 30", MS_CHECK_SIG_INVALID},
		{"0 -10 20 30", MS_CHECK_SIG_INVALID},
		{"0 99999999 99999999 0", MS_CHECK_SIG_INVALID},
		{"0 99999999 999999999 0", MS_CHECK_SIG_INVALID},
		{"0 10 20 30", MS_CHECK_SIG_INVALID},
		{"x y z w", MS_CHECK_NOT_SIGNED},
		{"0 1 2]", MS_CHECK_NOT_SIGNED},
		{"99999999999999999999 0 0 0", MS_CHECK_NOT_SIGNED},
	};
	struct ms_pdf_check c;
	for (size_t i = 0; i < MS_ARRAY_SIZE(cases); i++) {
		set_range(pdf, len, cases[i].range);
		ck_assert_msg(check_n(pdf, len, NULL, &c) == cases[i].want, "[%s]: %d %s", cases[i].range, c.result, c.why);
		ms_pdf_check_free(&c);
	}
	set_range(pdf, len, real_less);
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_PARTIAL);
	ms_pdf_check_free(&c);
	set_range(pdf, len, real_more);
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_SIG_INVALID);
	ms_pdf_check_free(&c);
	set_range(pdf, len, overflow);
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_SIG_INVALID);
	ms_pdf_check_free(&c);
	/* a signature value that is not hex */
	char real[64];
	snprintf(real, sizeof real, "0 %ld %ld %ld", v[1], v[2], v[3]);
	set_range(pdf, len, real);
	pdf[v[1] + 1] = 'G';
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_SIG_INVALID);
	ck_assert_str_eq(c.why, "the signature value is damaged");
	ms_pdf_check_free(&c);
	pdf[v[1] + 1] = '7'; /* was '3' of 0x30, the DER SEQUENCE */
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_SIG_INVALID); /* hex, but not the DER */
	ms_pdf_check_free(&c);
	free(pdf);
}
END_TEST

/* Keywords the reader stops on at the very end of the buffer (sscanf and strtol would
 * read on, into whatever follows). */
START_TEST(keywords_at_end_of_buffer)
{
	struct pdf_opts o = {.flate = true, .kw = KW_NONE};
	struct ms_buf head = {0};
	build_pdf(&head, &o);
	char sha[65], tail[200];
	ms_sha256_hex(REC, strlen(REC), sha);
	static const char *const cut[] = {"(", "(0123", "<", "<FEFF", "<FEFF00", "<0", ""};
	for (size_t i = 0; i < MS_ARRAY_SIZE(cut); i++) {
		snprintf(tail, sizeof tail, "\n/Keywords %s", cut[i]);
		size_t len;
		unsigned char *pdf = sign_raw(head.p, head.len, tail, &len);
		struct ms_pdf_check c;
		ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_RECORD_MISMATCH);
		ck_assert_ptr_nonnull(strstr(c.why, "record hash on the certificate"));
		ms_pdf_check_free(&c);
		free(pdf);
	}
	/* the hash without its closing bracket, then as it should be */
	snprintf(tail, sizeof tail, "\n/Keywords (%s", sha);
	size_t len;
	unsigned char *pdf = sign_raw(head.p, head.len, tail, &len);
	struct ms_pdf_check c;
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_RECORD_MISMATCH);
	ms_pdf_check_free(&c);
	free(pdf);
	snprintf(tail, sizeof tail, "\n/Keywords (%s)", sha);
	pdf = sign_raw(head.p, head.len, tail, &len);
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_OK);
	ms_pdf_check_free(&c);
	free(pdf);
	free(head.p);
}
END_TEST

START_TEST(keywords_wrong_or_missing)
{
	char other[65], upper[65];
	ms_sha256_hex("x", 1, other);
	ms_sha256_hex(REC, strlen(REC), upper);
	for (char *p = upper; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'f' ? *p - 32 : *p);
	const struct pdf_opts cases[] = {
		{.flate = true, .kw = KW_NONE},
		{.flate = true, .kw = KW_UTF16, .sha = other},
		{.flate = true, .kw = KW_LITERAL, .sha = other},
		{.flate = true, .kw = KW_UTF16, .sha = upper},
		{.flate = true, .kw = KW_UTF16, .sha = "abc"},
	};
	for (size_t i = 0; i < MS_ARRAY_SIZE(cases); i++) {
		size_t len;
		unsigned char *pdf = signed_pdf(&cases[i], &len);
		struct ms_pdf_check c;
		ck_assert_msg(check_n(pdf, len, NULL, &c) == MS_CHECK_RECORD_MISMATCH, "case %zu: %s", i, c.why);
		ms_pdf_check_free(&c);
		free(pdf);
	}
}
END_TEST

/* A record with a NUL byte inside, stored unfiltered: verify.c copied it with strndup
 * (which stops at the NUL) and then hashed record_len bytes of the shorter copy. */
/* bad-input B24 */
START_TEST(embedded_record_with_nul)
{
	static const char rec[] = "{\"kind\":\"erasure\"}\0after the NUL";
	struct pdf_opts o = {.rec = rec, .reclen = sizeof rec - 1, .direct_len = true, .kw = KW_UTF16};
	size_t len;
	unsigned char *pdf = signed_pdf(&o, &len);
	struct ms_pdf_check c;
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_OK);
	ck_assert_uint_eq(c.record_len, sizeof rec - 1);
	ck_assert_mem_eq(c.record, rec, sizeof rec - 1);
	char sha[65];
	ms_sha256_hex(rec, sizeof rec - 1, sha);
	ck_assert_str_eq(c.record_sha256, sha);
	ms_pdf_check_free(&c);
	free(pdf);
}
END_TEST

START_TEST(bogus_embedded_lengths)
{
	static const char *const lengths[] = {
		"999999",                    /* bigger than the file */
		"9223372036854775807",       /* data + n would overflow the pointer */
		"99999999999999999999",      /* not a long */
		"0", "-5", "x", "16 0 R",    /* an object that is not there */
	};
	for (size_t i = 0; i < MS_ARRAY_SIZE(lengths); i++) {
		for (int flate = 0; flate < 2; flate++) {
			struct pdf_opts o = {.flate = flate, .length = lengths[i], .kw = KW_UTF16};
			size_t len;
			unsigned char *pdf = signed_pdf(&o, &len);
			struct ms_pdf_check c;
			ck_assert_msg(check_n(pdf, len, NULL, &c) == MS_CHECK_RECORD_MISMATCH, "/Length %s: %s", lengths[i],
				      c.why);
			ck_assert_str_eq(c.why, "no embedded record in the certificate");
			ms_pdf_check_free(&c);
			free(pdf);
		}
	}
	/* /Length 16 0 R, object 16 at the very end of the file, its number the last byte */
	struct ms_buf head = {0};
	build_pdf(&head, &(struct pdf_opts){.length = "16 0 R", .kw = KW_UTF16});
	size_t len;
	unsigned char *pdf = sign_raw(head.p, head.len, "\n16 0 obj\n12", &len);
	struct ms_pdf_check c;
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_RECORD_MISMATCH);
	ms_pdf_check_free(&c);
	free(pdf);
	free(head.p);
	/* a deflated stream that is not zlib data */
	pdf = signed_pdf(&(struct pdf_opts){.fake_flate = true, .direct_len = true, .kw = KW_UTF16}, &len);
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_RECORD_MISMATCH);
	ms_pdf_check_free(&c);
	free(pdf);
	/* the file specification's number at the very end, and no file specification */
	ck_assert_int_eq(check_str("%PDF-1.4\n", &c), MS_CHECK_NOT_SIGNED);
	pdf = sign_raw("%PDF-1.4\n", 9, "/EF << /F 12", &len);
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_RECORD_MISMATCH);
	ms_pdf_check_free(&c);
	free(pdf);
	pdf = sign_raw("%PDF-1.4\n", 9, "", &len);
	ck_assert_int_eq(check_n(pdf, len, NULL, &c), MS_CHECK_RECORD_MISMATCH);
	ms_pdf_check_free(&c);
	free(pdf);
}
END_TEST

/* bad-input B22: a small stream that inflates to more than any record (a decompression bomb), and a
 * stored record just over the bound: refused without inflating or copying it all. One
 * at exactly the bound is read. */
START_TEST(embedded_record_bounded)
{
	size_t big = (size_t)64 << 20;
	char *rec = malloc(big);
	ck_assert_ptr_nonnull(rec);
	memset(rec, ' ', big);
	rec[0] = '{';
	struct {
		size_t n;
		bool flate;
		enum ms_check want;
	} cases[] = {{big, true, MS_CHECK_RECORD_MISMATCH}, {MS_RECORD_MAX + 1, true, MS_CHECK_RECORD_MISMATCH},
		     {MS_RECORD_MAX + 1, false, MS_CHECK_RECORD_MISMATCH}, {MS_RECORD_MAX, true, MS_CHECK_OK}};
	for (size_t i = 0; i < MS_ARRAY_SIZE(cases); i++) {
		struct pdf_opts o = {.rec = rec, .reclen = cases[i].n, .flate = cases[i].flate, .direct_len = true,
				     .kw = KW_UTF16};
		size_t len;
		unsigned char *pdf = signed_pdf(&o, &len);
		struct ms_pdf_check c;
		ck_assert_msg(check_n(pdf, len, NULL, &c) == cases[i].want, "case %zu: %s", i, c.why);
		if (cases[i].want != MS_CHECK_OK)
			ck_assert_msg(strstr(c.why, "larger than") != NULL, "case %zu: %s", i, c.why);
		else
			ck_assert_uint_eq(c.record_len, MS_RECORD_MAX);
		ms_pdf_check_free(&c);
		free(pdf);
	}
	free(rec);
}
END_TEST

/* The embedded record is named by its base name, in place: no offset moves. */
START_TEST(attachment_named_by_base_name)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"<< /F (\\057var\\057lib\\057MS-1.json)\n/EF << /F 9 0 R", "<< /F (MS-1.json)" "                  " "\n/EF << /F 9 0 R"},
		{"<< /F (a/b/MS-2.json) /EF <<", "<< /F (MS-2.json)     /EF <<"},
		{"<< /F (MS-3.json) /EF <<", "<< /F (MS-3.json) /EF <<"},         /* already a base name */
		{"<< /F (x\\057y /EF <<", "<< /F (x\\057y /EF <<"},                /* no closing parenthesis */
		{"<< /F (a\\057b) no embedded file", "<< /F (a\\057b) no embedded file"},
		{"/EF << at the start", "/EF << at the start"},
	};
	for (size_t i = 0; i < MS_ARRAY_SIZE(cases); i++) {
		char buf[200];
		size_t n = strlen(cases[i].in);
		memcpy(buf, cases[i].in, n + 1);
		ms_pdf_attachment_base_name((unsigned char *)buf, n);
		ck_assert_uint_eq(strlen(buf), n);
		ck_assert_msg(strcmp(buf, cases[i].out) == 0, "case %zu: [%s]", i, buf);
	}
}
END_TEST

START_TEST(not_signed_inputs)
{
	struct ms_pdf_check c;
	ck_assert_int_eq(check_str("", &c), MS_CHECK_NOT_SIGNED);
	ck_assert_int_eq(check_str("%PDF-", &c), MS_CHECK_NOT_SIGNED);
	ck_assert_int_eq(check_str("GIF89a.........................", &c), MS_CHECK_NOT_SIGNED);
	ck_assert_int_eq(check_str("%PDF-1.4\nno signature at all here", &c), MS_CHECK_NOT_SIGNED);
	/* the numbers run to the end of the buffer: sscanf read on past it */
	ck_assert_int_eq(check_str("%PDF-1.4\n%%%%%%%%/ByteRange [", &c), MS_CHECK_NOT_SIGNED);
	ck_assert_int_eq(check_str("%PDF-1.4\n%%%%%%%%/ByteRange [0 12", &c), MS_CHECK_NOT_SIGNED);
	ck_assert_int_eq(check_str("%PDF-1.4\n%%%%%%%%/ByteRange [0 12 14 ", &c), MS_CHECK_NOT_SIGNED);
	ck_assert_int_eq(check_str("%PDF-1.4\n%%%%%%%%/ByteRange [0 12 14 4", &c), MS_CHECK_SIG_INVALID);
}
END_TEST

/* sign.c on what it cannot sign: refused, never read past the buffer. */
/* bad-input B25 */
START_TEST(sign_refuses_crafted_inputs)
{
	static const char *const bad[] = {
		"",
		"%PDF-1.4\nhello",
		"%PDF-1.4\nstartxref\n0\ntrailer\n<< /Size 3 /Root 1 0 R >>", /* trailer after startxref */
		"%PDF-1.4\ntrailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n12345",
		"%PDF-1.4\ntrailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n12345\n%%EOF\n",
		"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
		"trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n0\n",
		"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\ntrailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n0",
	};
	for (size_t i = 0; i < MS_ARRAY_SIZE(bad); i++) {
		size_t n = strlen(bad[i]), outlen;
		unsigned char *copy = malloc(n ? n : 1), *out = NULL;
		memcpy(copy, bad[i], n);
		char why[200] = "";
		int r = ms_pdf_sign(copy, n, &signer, "test", &out, &outlen, why, sizeof why);
		ck_assert_msg(r == -EINVAL, "input %zu: %d", i, r);
		ck_assert(why[0]);
		free(copy);
	}
	/* signed once already: refused the second time */
	size_t len, outlen;
	unsigned char *pdf = signed_pdf(&(struct pdf_opts){.flate = true, .kw = KW_UTF16}, &len), *out;
	char why[200];
	ck_assert_int_eq(ms_pdf_sign(pdf, len, &signer, "again", &out, &outlen, why, sizeof why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "signed already"));
	free(pdf);
}
END_TEST

/* Every prefix of an unsigned certificate: sign.c refuses it or signs it, never reads past it. */
START_TEST(sign_truncated_at_every_offset)
{
	struct ms_buf b = {0};
	build_pdf(&b, &(struct pdf_opts){.flate = true, .kw = KW_UTF16});
	size_t signed_ok = 0;
	for (size_t n = 0; n <= b.len; n++) {
		unsigned char *copy = malloc(n ? n : 1), *out = NULL;
		memcpy(copy, b.p, n);
		size_t outlen;
		char why[200];
		int r = ms_pdf_sign(copy, n, &signer, "test", &out, &outlen, why, sizeof why);
		ck_assert_msg(r == 0 || r == -EINVAL, "cut at %zu: %d", n, r);
		if (!r) {
			signed_ok++;
			free(out);
		}
		free(copy);
	}
	ck_assert_uint_gt(signed_ok, 0); /* at least the whole file */
	free(b.p);
}
END_TEST

/* The exported record beside the certificate, and its detached signature. */
START_TEST(sidecar_and_listed_files)
{
	char dir[256], side[300], p7s[320], photo[300], sha[65], rec[400];
	tmpdir_make(dir, sizeof dir);
	snprintf(photo, sizeof photo, "%s/p.jpg", dir);
	ck_assert_int_eq(ms_atomic_write(dir, "p.jpg", "JPEG", 4, 0644, 0), 0);
	ms_sha256_hex("JPEG", 4, sha);
	snprintf(rec, sizeof rec, "{\"kind\":\"destruction\",\"photos\":[{\"file\":\"p.jpg\",\"sha256\":\"%s\"}]}", sha);
	size_t len;
	unsigned char *pdf = signed_pdf(&(struct pdf_opts){.rec = rec, .reclen = strlen(rec), .flate = true,
							    .kw = KW_UTF16}, &len);
	snprintf(side, sizeof side, "%s/r.json", dir);
	snprintf(p7s, sizeof p7s, "%s/r.json.p7s", dir);
	struct ms_pdf_check c;
	ck_assert_int_eq(ms_pdf_check(pdf, len, NULL, side, dir, &c), MS_CHECK_OK); /* no sidecar: not checked */
	ms_pdf_check_free(&c);
	unsigned char *der;
	size_t derlen;
	ck_assert_int_eq(ms_cms_sign(&signer, rec, strlen(rec), &der, &derlen), 0);
	ck_assert_int_eq(ms_atomic_write(dir, "r.json", rec, strlen(rec), 0644, 0), 0);
	ck_assert_int_eq(ms_atomic_write(dir, "r.json.p7s", der, derlen, 0644, 0), 0);
	OPENSSL_free(der);
	ck_assert_int_eq(ms_pdf_check(pdf, len, NULL, side, dir, &c), MS_CHECK_OK);
	ms_pdf_check_free(&c);
	ck_assert_int_eq(ms_atomic_write(dir, "r.json.p7s", "junk", 4, 0644, 0), 0);
	ck_assert_int_eq(ms_pdf_check(pdf, len, NULL, side, dir, &c), MS_CHECK_RECORD_MISMATCH);
	ck_assert_ptr_nonnull(strstr(c.why, ".p7s does not verify"));
	ms_pdf_check_free(&c);
	ck_assert_int_eq(ms_atomic_write(dir, "r.json", "{}", 2, 0644, 0), 0);
	ck_assert_int_eq(ms_pdf_check(pdf, len, NULL, side, dir, &c), MS_CHECK_RECORD_MISMATCH);
	ck_assert_ptr_nonnull(strstr(c.why, "is not the record embedded"));
	ms_pdf_check_free(&c);
	ck_assert_int_eq(ms_atomic_write(dir, "p.jpg", "PNG!", 4, 0644, 0), 0); /* swapped photo */
	ck_assert_int_eq(ms_pdf_check(pdf, len, NULL, NULL, dir, &c), MS_CHECK_RECORD_MISMATCH);
	ck_assert_ptr_nonnull(strstr(c.why, "is not the one recorded"));
	ms_pdf_check_free(&c);
	ck_assert_int_eq(unlink(photo), 0);
	ck_assert_int_eq(ms_pdf_check(pdf, len, NULL, NULL, dir, &c), MS_CHECK_RECORD_MISMATCH);
	ck_assert_ptr_nonnull(strstr(c.why, "is missing"));
	ms_pdf_check_free(&c);
	free(pdf);
	tmpdir_remove(dir);
}
END_TEST

/* A destruction certificate carries its photos: checked inside the PDF, by the name the
 * record lists, without any file beside it; an embedded photo that is not the one the
 * record hashed (changed between hashing and rendering) is a mismatch. */
START_TEST(embedded_photos_checked)
{
	char dir[256], photo[300], rpath[300], sha[65], rsha[65], rec[600], why[300];
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 'x'};
	tmpdir_make(dir, sizeof dir);
	snprintf(photo, sizeof photo, "%s/shot (1).png", dir);
	ck_assert_int_eq(ms_atomic_write(dir, "shot (1).png", png, sizeof png, 0644, 0), 0);
	for (int wrong = 0; wrong < 2; wrong++) {
		ms_sha256_hex(wrong ? "other" : (const char *)png, wrong ? 5 : sizeof png, sha);
		snprintf(rec, sizeof rec, "{\"kind\":\"destruction\",\"record_id\":\"DS-%d\",\"photos\":[{\"file\":"
			 "\"shot (1).png\",\"sha256\":\"%s\"}]}", wrong, sha);
		ck_assert_int_eq(ms_atomic_write(dir, wrong ? "r1.json" : "r0.json", rec, strlen(rec), 0644, 0), 0);
		snprintf(rpath, sizeof rpath, "%s/r%d.json", dir, wrong);
		ms_sha256_hex(rec, strlen(rec), rsha);
		const char *photos[] = {photo};
		struct ms_json *j = ms_json_parse(rec, strlen(rec), NULL, 0);
		unsigned char *pdf, *out;
		size_t len, outlen;
		struct ms_pdf_opts o = {.record_path = rpath, .record_sha256 = rsha, .photos = photos, .nphotos = 0};
		ck_assert_int_eq(ms_pdf_render(j, &o, &pdf, &len, why, sizeof why), -EINVAL); /* not without them */
		o.nphotos = 1;
		ck_assert_int_eq(ms_pdf_render(j, &o, &pdf, &len, why, sizeof why), 0);
		ck_assert_int_eq(ms_pdf_sign(pdf, len, &signer, "test", &out, &outlen, why, sizeof why), 0);
		struct ms_pdf_check c;
		enum ms_check r = ms_pdf_check(out, outlen, NULL, NULL, NULL, &c);
		if (wrong) {
			ck_assert_int_eq(r, MS_CHECK_RECORD_MISMATCH);
			ck_assert_msg(strstr(c.why, "embedded in the certificate is not the one recorded"), "%s", c.why);
		} else {
			ck_assert_msg(r == MS_CHECK_OK, "%s", c.why);
			ck_assert_uint_eq(c.photos_embedded, 1);
		}
		ms_pdf_check_free(&c);
		free(pdf);
		free(out);
		ms_json_free(j);
	}
	tmpdir_remove(dir);
}
END_TEST

START_TEST(keys_and_cms)
{
	char p12[300], why[200];
	struct ms_signer s;
	snprintf(p12, sizeof p12, "%s/massho-key.p12", key_dir);
	ck_assert_int_eq(ms_signer_load(p12, "wrong", &s, why, sizeof why), -EACCES);
	ck_assert_int_eq(ms_signer_load("/nonexistent.p12", "pass", &s, why, sizeof why), -ENOENT);
	snprintf(p12, sizeof p12, "%s/massho-cert.pem", key_dir);
	ck_assert_int_eq(ms_signer_load(p12, "pass", &s, why, sizeof why), -EINVAL);
	ck_assert_int_eq(ms_key_init(p12, "n", NULL, "p", why, sizeof why), -ENOTDIR); /* a file, not a directory */
	ck_assert_ptr_nonnull(strstr(why, "massho-key.p12"));
	unsigned char *der;
	size_t derlen;
	ck_assert_int_eq(ms_cms_sign(&signer, "data", 4, &der, &derlen), 0);
	char name[128];
	ck_assert_int_eq(ms_cms_verify(der, derlen, "data", 4, NULL, name, sizeof name), 0);
	ck_assert_str_eq(name, "試験 署名者");
	ck_assert_int_eq(ms_cms_verify(der, derlen, "date", 4, NULL, NULL, 0), -EBADMSG);
	ck_assert_int_eq(ms_cms_verify(der, derlen / 2, "data", 4, NULL, NULL, 0), -EBADMSG);
	OPENSSL_free(der);
}
END_TEST

Suite *suite_sign(void)
{
	Suite *s = suite_create("sign");
	TCase *tc = tcase_create("crafted");
	tcase_add_unchecked_fixture(tc, keys_make, keys_remove);
	tcase_set_timeout(tc, 120); /* every offset of a certificate, under ASan */
	tcase_add_test(tc, signed_pdf_verifies);
	tcase_add_test(tc, truncated_at_every_offset);
	tcase_add_test(tc, appended_or_changed_bytes);
	tcase_add_test(tc, bogus_byte_ranges);
	tcase_add_test(tc, keywords_at_end_of_buffer);
	tcase_add_test(tc, keywords_wrong_or_missing);
	tcase_add_test(tc, embedded_record_with_nul);
	tcase_add_test(tc, bogus_embedded_lengths);
	tcase_add_test(tc, embedded_record_bounded);
	tcase_add_test(tc, attachment_named_by_base_name);
	tcase_add_test(tc, not_signed_inputs);
	tcase_add_test(tc, sign_refuses_crafted_inputs);
	tcase_add_test(tc, sign_truncated_at_every_offset);
	tcase_add_test(tc, sidecar_and_listed_files);
	tcase_add_test(tc, embedded_photos_checked);
	tcase_add_test(tc, keys_and_cms);
	suite_add_tcase(s, tc);
	return s;
}
