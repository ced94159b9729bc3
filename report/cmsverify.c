/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cmsverify.h"

#include <errno.h>
#include <limits.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/util.h"
#include "sign.h"

static bool verifies(CMS_ContentInfo *cms, X509_STORE *store, const void *data, size_t len, unsigned flags)
{
	BIO *in = BIO_new_mem_buf(data, (int)len);
	bool ok = in && CMS_verify(cms, NULL, store, in, NULL, flags) == 1;
	BIO_free(in);
	ERR_clear_error();
	return ok;
}

/* The signingTime signed attribute of the first signer: what the signer's clock said. */
static bool signing_time(CMS_ContentInfo *cms, time_t *t)
{
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	CMS_SignerInfo *si = sis && sk_CMS_SignerInfo_num(sis) > 0 ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
	int at = si ? CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) : -1;
	X509_ATTRIBUTE *a = at >= 0 ? CMS_signed_get_attr(si, at) : NULL;
	ASN1_TYPE *v = a ? X509_ATTRIBUTE_get0_type(a, 0) : NULL;
	struct tm tm;
	if (!v || (v->type != V_ASN1_UTCTIME && v->type != V_ASN1_GENERALIZEDTIME) ||
	    ASN1_TIME_to_tm((const ASN1_TIME *)v->value.asn1_string, &tm) != 1)
		return false;
	*t = timegm(&tm);
	return *t > 0;
}

/* The chain failed now: was it valid when the signature was made? Was it only the
 * certificate's purpose? Returns 0 (valid at signing time), -EKEYREJECTED or -EPERM. */
static int why_untrusted(CMS_ContentInfo *cms, X509_STORE *store, const void *data, size_t len, unsigned flags,
			 struct ms_cms_info *info)
{
	X509_VERIFY_PARAM *vp = X509_STORE_get0_param(store);
	time_t t, now = time(NULL);
	if (signing_time(cms, &t)) {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(info->signed_at, sizeof info->signed_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
		/* a signing time in the future is no excuse for anything */
		if (t <= now) {
			X509_VERIFY_PARAM_set_time(vp, t);
			bool then = verifies(cms, store, data, len, flags);
			X509_VERIFY_PARAM_clear_flags(vp, X509_V_FLAG_USE_CHECK_TIME);
			if (then) {
				info->expired_since = true;
				return 0;
			}
		}
	}
	X509_STORE_set_purpose(store, X509_PURPOSE_ANY);
	return verifies(cms, store, data, len, flags) ? -EKEYREJECTED : -EPERM;
}

int ms_cms_verify_info(const unsigned char *der, size_t derlen, const void *data, size_t len, const char *ca,
		       struct ms_cms_info *info)
{
	struct ms_cms_info scratch;
	info = info ? info : &scratch;
	memset(info, 0, sizeof *info);
	if (derlen > LONG_MAX || len > INT_MAX)
		return -EBADMSG;
	const unsigned char *p = der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)derlen);
	if (!cms)
		return -EBADMSG;
	X509_STORE *store = X509_STORE_new();
	unsigned flags = CMS_DETACHED | CMS_BINARY;
	int r = 0;
	if (!store || (ca && !X509_STORE_load_file(store, ca))) {
		r = -ENOENT;
		goto out;
	}
	/* the bytes first, so a changed file is never reported as an untrusted signer */
	if (!verifies(cms, store, data, len, flags | CMS_NO_SIGNER_CERT_VERIFY))
		r = -EBADMSG;
	else if (ca && !verifies(cms, store, data, len, flags))
		r = why_untrusted(cms, store, data, len, flags, info);
	STACK_OF(X509) *signers = CMS_get0_signers(cms);
	if (signers && sk_X509_num(signers) > 0)
		ms_cert_cn(sk_X509_value(signers, 0), info->signer, sizeof info->signer);
	sk_X509_free(signers);
	time_t t;
	if (!info->signed_at[0] && signing_time(cms, &t)) {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(info->signed_at, sizeof info->signed_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
out:
	ERR_clear_error();
	X509_STORE_free(store);
	CMS_ContentInfo_free(cms);
	return r;
}

int ms_cms_verify(const unsigned char *der, size_t derlen, const void *data, size_t len, const char *ca,
		  char *signer, size_t signerlen)
{
	struct ms_cms_info info;
	int r = ms_cms_verify_info(der, derlen, data, len, ca, &info);
	if (signer && signerlen)
		ms_strlcpy(signer, info.signer, signerlen);
	/* what is taken in now (another station's handover) needs a signer valid now: a
	 * signing time is the signer's word, and an expired key may be anyone's by now */
	return !r && info.expired_since ? -EKEYEXPIRED : r;
}
