/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Keys and signatures (OpenSSL 3): a signing key lives in a passphrase-protected
 * PKCS#12 file (never an unencrypted private key on the boot medium) or on a PKCS#11
 * token (token.h). Records get a
 * detached CMS signature (`openssl cms -verify -binary` accepts it); certificates get a
 * PDF signature appended as an incremental update (`pdfsig` accepts it). */
#ifndef MS_REPORT_SIGN_H
#define MS_REPORT_SIGN_H

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stddef.h>

struct ms_signer {
	EVP_PKEY *key;
	X509 *cert;
	STACK_OF(X509) *chain;
	char name[128];
	/* A key held elsewhere (a PKCS#11 token): called after key is freed. */
	void (*release)(void *owner);
	void *owner;
};

/* A new P-256 key and a self-signed certificate (10 years) for trials, written as
 * DIR/massho-key.p12 (encrypted with pass, mode 0600) and DIR/massho-cert.pem. Returns 0
 * or -errno with why. */
int ms_key_init(const char *dir, const char *name, const char *org, const char *pass, char *why, size_t len);

/* The certificate's subject CN as UTF-8 whatever string type the CA chose (Japanese CAs
 * use BMPString and UTF8String; X509_NAME_get_text_by_NID would copy UCS-2 bytes). */
void ms_cert_cn(const X509 *cert, char *out, size_t len);

/* Load a PKCS#12 file. Returns 0, -EACCES (wrong passphrase), or -errno with why. */
int ms_signer_load(const char *p12, const char *pass, struct ms_signer *s, char *why, size_t len);
/* Would a signature by cert verify today (report/cmsverify.c)? Valid now and issued for
 * signing. 0, -EKEYEXPIRED or -EKEYREJECTED with why starting with what. */
int ms_signer_usable(X509 *cert, const char *what, char *why, size_t len);
void ms_signer_free(struct ms_signer *s);

/* Detached CMS SignedData over data, DER. Returns 0 or -EIO. */
int ms_cms_sign(const struct ms_signer *s, const void *data, size_t len, unsigned char **der, size_t *derlen);

#define MS_PDF_SIG_HEX 16384 /* /Contents placeholder: 8 KiB of DER, enough without a timestamp */

/* Append a signature to a PDF written by libharu (classic xref, no /ID). Returns 0, or
 * -EINVAL when the PDF's structure is not understood, -E2BIG when the CMS does not fit,
 * -EIO on a signing failure. */
int ms_pdf_sign(const unsigned char *pdf, size_t len, const struct ms_signer *s, const char *reason,
		unsigned char **out, size_t *outlen, char *why, size_t whylen);

#endif
