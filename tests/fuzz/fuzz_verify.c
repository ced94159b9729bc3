/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `report verify` on a certificate (report/verify.c, ms_pdf_check). A mutated certificate
 * no longer verifies, and everything after the signature check (the embedded record,
 * its inflate, the page's hash, the listed files) would never run. So each input is
 * checked twice: as it is (damaged byte ranges, a broken signature), and re-signed with a
 * test key made at start-up: its /ByteRange and /Contents are rewritten for the input's
 * own layout and the CMS signature computed over it, as ms_pdf_sign does. The re-signed
 * file is checked without a CA (as an auditor runs it first) and against the test key's
 * certificate with a photo directory; the embedded record is then read as `report verify`
 * reads it. FUZZ_VERBOSE=1 prints each result (to see what a seed reaches). */
#include "fuzz.h"

#include <openssl/crypto.h>
#include <sys/stat.h>

#include "../../report/record.h"
#include "../../report/sign.h"
#include "../../report/verify.h"
#include "../../util/json.h"

static struct ms_signer signer;
static char ca[160], files[160];
static size_t hexlen; /* hex digits reserved for the signature */
static bool verbose;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = fuzz_tmpdir();
	char why[300], p12[160];
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	/* A key of the kind `massho key init` makes, loaded the way massho loads keys. */
	if (ms_key_init(dir, "massho fuzz test key", "massho fuzz", "fuzz", why, sizeof why) ||
	    (snprintf(p12, sizeof p12, "%s/massho-key.p12", dir),
	     ms_signer_load(p12, "fuzz", &signer, why, sizeof why))) {
		fprintf(stderr, "fuzz_verify: no test key: %s\n", why);
		abort();
	}
	snprintf(ca, sizeof ca, "%s/massho-cert.pem", dir);
	/* The photo directory: one file the seeds' destruction record names, with other
	 * bytes, so that both "missing" and "not the one recorded" are reached. */
	snprintf(files, sizeof files, "%s/files", dir);
	mkdir(files, 0700);
	snprintf(p12, sizeof p12, "%s/ph-1.jpg", files);
	FILE *f = fopen(p12, "w");
	if (f) {
		fputs("not the photo\n", f);
		fclose(f);
	}
	unsigned char *der;
	size_t derlen;
	if (ms_cms_sign(&signer, "x", 1, &der, &derlen)) {
		fprintf(stderr, "fuzz_verify: the test key does not sign\n");
		abort();
	}
	OPENSSL_free(der);
	hexlen = 2 * derlen + 64; /* an ECDSA signature's DER varies by a few bytes */
	return 0;
}

static const uint8_t *rfind(const uint8_t *p, size_t len, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (memcmp(p + i, s, n) == 0)
			return p + i;
	return NULL;
}

static size_t min(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* The input with its last /ByteRange [...] and the hex string after it replaced by a
 * signature of the test key over the result: "... /ByteRange [0 A B C] /Contents <HEX>
 * ...", as ms_pdf_sign writes it. NULL when the input has no such place. */
static uint8_t *resign(const uint8_t *d, size_t n, size_t *outlen)
{
	const uint8_t *end = d + n, *br = rfind(d, n, "/ByteRange [");
	if (!br)
		return NULL;
	const uint8_t *nums = br + 12;
	const uint8_t *close = memchr(nums, ']', min((size_t)(end - nums), 128));
	const uint8_t *lt = close ? memchr(close, '<', min((size_t)(end - close), 64)) : NULL;
	const uint8_t *gt = lt ? memchr(lt, '>', (size_t)(end - lt)) : NULL;
	if (!gt)
		return NULL;
	size_t head = (size_t)(nums - d), mid = (size_t)(lt + 1 - close), tail = (size_t)(end - gt);
	size_t len = head + 43 + mid + hexlen + tail;
	uint8_t *o = malloc(len);
	if (!o)
		return NULL;
	memcpy(o, d, head);
	memcpy(o + head + 43, close, mid);
	size_t v1 = head + 43 + mid - 1; /* the '<' */
	memset(o + v1 + 1, '0', hexlen);
	memcpy(o + v1 + 1 + hexlen, gt, tail);
	size_t v2 = v1 + hexlen + 2; /* after the '>' */
	char nb[64];
	snprintf(nb, sizeof nb, "%010zu %010zu %010zu %010zu", (size_t)0, v1, v2, len - v2);
	memcpy(o + head, nb, 43);
	uint8_t *covered = malloc(v1 + len - v2 + 1);
	unsigned char *der = NULL;
	size_t derlen = 0;
	if (covered) {
		memcpy(covered, o, v1);
		memcpy(covered + v1, o + v2, len - v2);
	}
	if (!covered || ms_cms_sign(&signer, covered, v1 + len - v2, &der, &derlen) || 2 * derlen > hexlen) {
		free(covered);
		OPENSSL_free(der);
		free(o);
		return NULL;
	}
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < derlen; i++) {
		o[v1 + 1 + 2 * i] = (uint8_t)hex[der[i] >> 4];
		o[v1 + 2 + 2 * i] = (uint8_t)hex[der[i] & 15];
	}
	free(covered);
	OPENSSL_free(der);
	*outlen = len;
	return o;
}

static void check(const uint8_t *pdf, size_t len, const char *with_ca, const char *with_files, const char *what)
{
	struct ms_pdf_check c;
	enum ms_check r = ms_pdf_check(pdf, len, with_ca, NULL, with_files, &c);
	if (verbose)
		fprintf(stderr, "fuzz_verify: %s: %d %s\n", what, (int)r, c.why);
	if (c.record) {
		/* What report verify does next with the embedded record. */
		char why[300];
		struct ms_json *rec = ms_json_parse(c.record, c.record_len, NULL, 0);
		if (rec)
			(void)ms_record_validate(rec, why, sizeof why);
		ms_json_free(rec);
	}
	ms_pdf_check_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size, NULL, NULL, "as given");
	size_t len;
	uint8_t *pdf = resign(data, size, &len);
	if (!pdf)
		return 0;
	check(pdf, len, NULL, NULL, "re-signed, no CA");
	check(pdf, len, ca, files, "re-signed, test CA, photo directory");
	free(pdf);
	return 0;
}
