/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A detached CMS signature checked as an auditor needs it years later: the bytes, then
 * the signer's chain to the CA now, or — when the certificate has expired since — at the
 * time the signature says it was made (what `openssl cms -attime` does by hand), and a
 * certificate not issued for signing told apart from one that does not chain. */
#ifndef MS_REPORT_CMSVERIFY_H
#define MS_REPORT_CMSVERIFY_H

#include <stdbool.h>
#include <stddef.h>

struct ms_cms_info {
	char signer[128];        /* the signer's CN */
	char signed_at[32];      /* its signingTime attribute, "YYYY-MM-DDTHH:MM:SSZ", "" none */
	bool expired_since;      /* chains only at signed_at: the certificate has expired since */
};

/* Verify a detached CMS signature (DER) over data; ca may be NULL (the chain is then not
 * checked). Returns 0, -EBADMSG (the bytes or the signature were changed), -EPERM (does
 * not chain to ca, now or when it signed), -EKEYREJECTED (chains, but the certificate is
 * not for signing: key usage or extended key usage), -ENOENT (ca cannot be loaded).
 * info may be NULL. */
int ms_cms_verify_info(const unsigned char *der, size_t derlen, const void *data, size_t len, const char *ca,
		       struct ms_cms_info *info);

/* The same, with only the signer's CN, for what is taken in now (another station's
 * handover): a certificate that has expired since it signed is -EKEYEXPIRED. */
int ms_cms_verify(const unsigned char *der, size_t derlen, const void *data, size_t len, const char *ca,
		  char *signer, size_t signerlen);

#endif
