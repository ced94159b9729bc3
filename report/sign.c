/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sign.h"

#include <errno.h>
#include <openssl/cms.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/atomic.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"

int ms_key_init(const char *dir, const char *name, const char *org, const char *pass, char *why, size_t len)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	PKCS12 *p12 = NULL;
	BIO *mem = NULL;
	int r = -EIO;
	if (!key || !x)
		goto out;
	X509_set_version(x, 2);
	uint8_t sn[16];
	ms_random_bytes(sn, sizeof sn);
	sn[0] &= 0x7F;
	BIGNUM *bn = BN_bin2bn(sn, sizeof sn, NULL);
	BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	BN_free(bn);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 60L * 60 * 24 * 3653);
	X509_NAME *n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)name, -1, -1, 0);
	if (org && *org)
		X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, (const unsigned char *)org, -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509_set_pubkey(x, key);
	if (!X509_sign(x, key, EVP_sha256()))
		goto out;
	/* OpenSSL 3's defaults: PBES2 with AES-256-CBC and a SHA-256 MAC. */
	p12 = PKCS12_create(pass, name, key, x, NULL, NID_aes_256_cbc, NID_aes_256_cbc, 200000, 2048, 0);
	mem = BIO_new(BIO_s_mem());
	if (!p12 || !mem || !i2d_PKCS12_bio(mem, p12))
		goto out;
	char *data;
	long dl = BIO_get_mem_data(mem, &data);
	if ((r = ms_atomic_write(dir, "massho-key.p12", data, (size_t)dl, 0600, 1))) {
		snprintf(why, len, "%s/massho-key.p12: %s", dir, strerror(-r));
		goto out;
	}
	BIO_reset(mem);
	PEM_write_bio_X509(mem, x);
	dl = BIO_get_mem_data(mem, &data);
	if ((r = ms_atomic_write(dir, "massho-cert.pem", data, (size_t)dl, 0644, 0)))
		snprintf(why, len, "%s/massho-cert.pem: %s", dir, strerror(-r));
out:
	if (r == -EIO)
		snprintf(why, len, N_("key generation failed: %s"), ERR_reason_error_string(ERR_get_error()));
	BIO_free(mem);
	PKCS12_free(p12);
	X509_free(x);
	EVP_PKEY_free(key);
	return r;
}

void ms_cert_cn(const X509 *cert, char *out, size_t len)
{
	const X509_NAME *n = X509_get_subject_name(cert);
	int i = X509_NAME_get_index_by_NID(n, NID_commonName, -1);
	unsigned char *u = NULL;
	int ul = i < 0 ? -1 : ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)));
	if (len)
		out[0] = '\0';
	if (ul >= 0 && len)
		snprintf(out, len, "%.*s", ul, (const char *)u);
	OPENSSL_free(u);
}

int ms_signer_usable(X509 *cert, const char *what, char *why, size_t len)
{
	/* what an auditor's verification will demand (report/cmsverify.c): a certificate valid
	 * now and issued for signing; signing with any other makes a certificate that fails */
	if (X509_cmp_current_time(X509_get0_notAfter(cert)) <= 0) {
		snprintf(why, len, N_("%s: the signing certificate has expired: renew it (massho key init, or the CA)"), what);
		return -EKEYEXPIRED;
	}
	if (X509_cmp_current_time(X509_get0_notBefore(cert)) >= 0) {
		snprintf(why, len, N_("%s: the signing certificate is not valid yet (check the clock)"), what);
		return -EKEYEXPIRED;
	}
	if (X509_check_purpose(cert, X509_PURPOSE_SMIME_SIGN, 0) != 1) {
		snprintf(why, len, N_("%s: the certificate is not issued for signing (its key usage or extended key usage "
			 "allows neither digital signatures nor document or e-mail signing)"), what);
		return -EKEYREJECTED;
	}
	return 0;
}

int ms_signer_load(const char *path, const char *pass, struct ms_signer *s, char *why, size_t len)
{
	memset(s, 0, sizeof *s);
	BIO *b = BIO_new_file(path, "rb");
	if (!b) {
		snprintf(why, len, N_("%s: cannot read the key file"), path);
		return -ENOENT;
	}
	PKCS12 *p12 = d2i_PKCS12_bio(b, NULL);
	BIO_free(b);
	if (!p12) {
		snprintf(why, len, N_("%s: not a PKCS#12 file"), path);
		return -EINVAL;
	}
	int ok = PKCS12_parse(p12, pass, &s->key, &s->cert, &s->chain);
	PKCS12_free(p12);
	if (!ok || !s->key || !s->cert) {
		snprintf(why, len, N_("%s: wrong passphrase, or no key and certificate in it"), path);
		ms_signer_free(s);
		return -EACCES;
	}
	int r = ms_signer_usable(s->cert, path, why, len);
	if (r) {
		ms_signer_free(s);
		return r;
	}
	ms_cert_cn(s->cert, s->name, sizeof s->name);
	return 0;
}

void ms_signer_free(struct ms_signer *s)
{
	EVP_PKEY_free(s->key);
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	if (s->release)
		s->release(s->owner);
	memset(s, 0, sizeof *s);
}

int ms_cms_sign(const struct ms_signer *s, const void *data, size_t len, unsigned char **der, size_t *derlen)
{
	BIO *in = BIO_new_mem_buf(data, (int)len);
	/* CMS_BINARY: the bytes are hashed as they are; without it the content is
	 * canonicalised as text and the digest no longer matches (pdfsig, openssl -binary). */
	CMS_ContentInfo *cms = in ? CMS_sign(s->cert, s->key, s->chain, in, CMS_DETACHED | CMS_BINARY) : NULL;
	BIO_free(in);
	if (!cms)
		return -EIO;
	unsigned char *p = NULL;
	int n = i2d_CMS_ContentInfo(cms, &p);
	CMS_ContentInfo_free(cms);
	if (n <= 0)
		return -EIO;
	*der = p;
	*derlen = (size_t)n;
	return 0;
}

/* ---- PDF incremental update ------------------------------------------------------------ */

/* The dictionary text of object num ("<< ... >>" without the outer brackets). Its last
 * definition: an incremental update (a signature) redefines the catalog and the page, and
 * the first would hide that the file is signed already. */
static int object_dict(const unsigned char *pdf, size_t len, long num, char *out, size_t outlen)
{
	char head[32];
	snprintf(head, sizeof head, "\n%ld 0 obj", num);
	const char *end = (const char *)pdf + len, *o = ms_mem_rfind(pdf, len, head);
	if (!o)
		return -EINVAL;
	const char *a = ms_mem_find(o, (size_t)(end - o), "<<");
	if (!a)
		return -EINVAL;
	int depth = 0;
	for (const char *q = a; q + 1 < end; q++) {
		if (q[0] == '<' && q[1] == '<') {
			depth++;
			q++;
		} else if (q[0] == '>' && q[1] == '>') {
			if (--depth == 0) {
				size_t n = (size_t)(q - (a + 2));
				if (n >= outlen)
					return -E2BIG;
				memcpy(out, a + 2, n);
				out[n] = '\0';
				return 0;
			}
			q++;
		}
	}
	return -EINVAL;
}

static long after_key(const char *s, const char *key)
{
	const char *p = strstr(s, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

/* The last trailer: the previous xref's offset and /Size, /Root, /Info (-1 when absent). */
static int read_trailer(const unsigned char *pdf, size_t len, long *prev, long *size, long *root, long *info)
{
	const char *sx = ms_mem_rfind(pdf, len, "startxref"), *tr = ms_mem_rfind(pdf, len, "trailer");
	if (!sx || !tr || tr > sx)
		return -EINVAL;
	/* Both are copied out first: the PDF is not NUL-terminated, strtol could run past it. */
	char num[24], trailer[512];
	size_t nl = (size_t)((const char *)pdf + len - (sx + 9));
	nl = nl < sizeof num - 1 ? nl : sizeof num - 1;
	memcpy(num, sx + 9, nl);
	num[nl] = '\0';
	*prev = strtol(num, NULL, 10);
	size_t tl = (size_t)(sx - tr) < sizeof trailer - 1 ? (size_t)(sx - tr) : sizeof trailer - 1;
	memcpy(trailer, tr, tl);
	trailer[tl] = '\0';
	*size = after_key(trailer, "/Size ");
	*root = after_key(trailer, "/Root ");
	*info = after_key(trailer, "/Info ");
	return 0;
}

/* Fill in b's /ByteRange (at br_at) and the CMS signature over it into the hex string
 * between c_lt ('<') and c_end (after '>'). */
static int sign_ranges(struct ms_buf *b, size_t br_at, size_t c_lt, size_t c_end, const struct ms_signer *s,
		       char *why, size_t whylen)
{
	/* The signature covers everything but the hex string itself, to the end of file. */
	long r0 = (long)c_lt, r1 = (long)c_end, r2 = (long)b->len - (long)c_end;
	char br[48];
	snprintf(br, sizeof br, "%010ld %010ld %010ld %010ld", 0L, r0, r1, r2);
	memcpy(b->p + br_at, br, 43);
	unsigned char *signed_bytes = malloc((size_t)(r0 + r2));
	if (!signed_bytes)
		return -ENOMEM;
	memcpy(signed_bytes, b->p, (size_t)r0);
	memcpy(signed_bytes + r0, b->p + r1, (size_t)r2);
	unsigned char *der;
	size_t derlen;
	int r = ms_cms_sign(s, signed_bytes, (size_t)(r0 + r2), &der, &derlen);
	free(signed_bytes);
	if (r) {
		snprintf(why, whylen, N_("CMS signing failed"));
		return r;
	}
	if (derlen * 2 > MS_PDF_SIG_HEX) {
		OPENSSL_free(der);
		snprintf(why, whylen, N_("the signature (%zu bytes) does not fit the placeholder"), derlen);
		return -E2BIG;
	}
	char hex[3];
	for (size_t i = 0; i < derlen; i++) {
		snprintf(hex, sizeof hex, "%02X", der[i]);
		memcpy(b->p + c_lt + 1 + 2 * i, hex, 2);
	}
	OPENSSL_free(der);
	return 0;
}

int ms_pdf_sign(const unsigned char *pdf, size_t len, const struct ms_signer *s, const char *reason,
		unsigned char **out, size_t *outlen, char *why, size_t whylen)
{
	long prev, size, root, info;
	if (read_trailer(pdf, len, &prev, &size, &root, &info)) {
		snprintf(why, whylen, N_("the PDF has no classic xref trailer"));
		return -EINVAL;
	}
	char catalog[4096], pages[1024], page[4096];
	if (size <= 0 || root <= 0 || object_dict(pdf, len, root, catalog, sizeof catalog)) {
		snprintf(why, whylen, N_("the PDF's catalog was not found"));
		return -EINVAL;
	}
	long pages_obj = after_key(catalog, "/Pages ");
	long page_obj = -1;
	if (pages_obj > 0 && object_dict(pdf, len, pages_obj, pages, sizeof pages) == 0) {
		const char *k = strstr(pages, "/Kids [");
		page_obj = k ? strtol(k + 7, NULL, 10) : -1;
	}
	if (page_obj <= 0 || object_dict(pdf, len, page_obj, page, sizeof page) || strstr(page, "/Annots") ||
	    strstr(catalog, "/AcroForm")) {
		snprintf(why, whylen, N_("the PDF's first page was not found, or it is signed already"));
		return -EINVAL;
	}
	long w = size, sg = size + 1;
	char date[32], name[160];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(date, sizeof date, "D:%Y%m%d%H%M%S", &tm);
	long off = tm.tm_gmtoff / 60;
	size_t dl = strlen(date);
	snprintf(date + dl, sizeof date - dl, "%c%02ld'%02ld'", off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
	snprintf(name, sizeof name, "%s", s->name);
	for (char *c = name; *c; c++)
		if (*c == '(' || *c == ')' || *c == '\\')
			*c = ' ';
	struct ms_buf b = {0};
	ms_buf_put(&b, (const char *)pdf, len);
	if (pdf[len - 1] != '\n')
		ms_buf_puts(&b, "\n");
	long offs[4];
	long nums[4] = {w, sg, root, page_obj};
	offs[0] = (long)b.len;
	ms_buf_printf(&b, "%ld 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /Rect [0 0 0 0] "
		      "/T (massho signature) /V %ld 0 R /P %ld 0 R >>\nendobj\n", w, sg, page_obj);
	offs[1] = (long)b.len;
	ms_buf_printf(&b, "%ld 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
		      "/Name (%s) /Reason (%s) /M (%s) /ByteRange [", sg, name, reason, date);
	size_t br_at = b.len;
	ms_buf_puts(&b, "0000000000 0000000000 0000000000 0000000000] /Contents <");
	size_t c_lt = b.len - 1;
	for (int i = 0; i < MS_PDF_SIG_HEX / 64; i++)
		ms_buf_puts(&b, "0000000000000000000000000000000000000000000000000000000000000000");
	ms_buf_puts(&b, ">");
	size_t c_end = b.len;
	ms_buf_puts(&b, " >>\nendobj\n");
	offs[2] = (long)b.len;
	ms_buf_printf(&b, "%ld 0 obj\n<<%s/AcroForm << /Fields [%ld 0 R] /SigFlags 3 >>\n>>\nendobj\n", root, catalog, w);
	offs[3] = (long)b.len;
	ms_buf_printf(&b, "%ld 0 obj\n<<%s/Annots [%ld 0 R]\n>>\nendobj\n", page_obj, page, w);
	long xref = (long)b.len;
	ms_buf_puts(&b, "xref\n");
	/* one subsection per object, in ascending object order */
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			if (nums[j] < nums[i]) {
				long t = nums[i]; nums[i] = nums[j]; nums[j] = t;
				t = offs[i]; offs[i] = offs[j]; offs[j] = t;
			}
	for (int i = 0; i < 4; i++)
		ms_buf_printf(&b, "%ld 1\n%010ld 00000 n \n", nums[i], offs[i]);
	ms_buf_printf(&b, "trailer\n<< /Size %ld /Root %ld 0 R", size + 2, root);
	if (info > 0)
		ms_buf_printf(&b, " /Info %ld 0 R", info);
	ms_buf_printf(&b, " /Prev %ld >>\nstartxref\n%ld\n%%%%EOF\n", prev, xref);
	if (b.oom) {
		free(b.p);
		return -ENOMEM;
	}
	int r = sign_ranges(&b, br_at, c_lt, c_end, s, why, whylen);
	if (r) {
		free(b.p);
		return r;
	}
	*out = (unsigned char *)b.p;
	*outlen = b.len;
	return 0;
}
