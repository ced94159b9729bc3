/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Signing keys on PKCS#11 tokens (smart cards, HSMs, SoftHSM), through libp11: the private
 * key never leaves the token; massho holds a session for as long as the signer lives, so
 * a PIN typed before an erase of several hours still signs its certificate. */
#ifndef MS_REPORT_TOKEN_H
#define MS_REPORT_TOKEN_H

#include <stddef.h>

#include "p11uri.h"
#include "sign.h"

/* The module loaded when neither the URI (module-path) nor the caller names one:
 * p11-kit's proxy, which reaches every module registered with p11-kit. */
#define MS_P11_DEFAULT_MODULE "p11-kit-proxy.so"

/* Open the one token and the one private key that uri names, log in with pin, and take the
 * certificate stored with the key (same CKA_ID) or, failing that, the first certificate in
 * cert_pem (its other certificates become the chain). A test signature proves that key and
 * certificate belong together before anything is erased. module may be NULL. Returns 0,
 * -EACCES (wrong or locked PIN), -ENOENT (no such module, token, key or certificate),
 * -EINVAL (ambiguous URI, certificate of another key), -EIO; why says which and what to do. */
int ms_signer_load_token(const struct ms_p11uri *uri, const char *module, const char *pin, const char *cert_pem,
			 struct ms_signer *s, char *why, size_t len);

#endif
