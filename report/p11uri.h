/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PKCS#11 URIs (RFC 7512), the part that names a signing key: which token (token,
 * manufacturer, serial, model), which key on it (object, id), and optionally which module
 * to load (query attribute module-path). Pure: no token is opened here. */
#ifndef MS_REPORT_P11URI_H
#define MS_REPORT_P11URI_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct ms_p11uri {
	/* Empty string: not given (matches anything). Sizes are the CK_TOKEN_INFO fields'. */
	char token[33], manufacturer[33], serial[17], model[17];
	char object[256];
	unsigned char id[128];
	size_t id_len;
	bool has_id;
	char module[PATH_MAX];
};

/* True when s starts with "pkcs11:" (so --key takes either a file or a URI). */
bool ms_p11uri_is(const char *s);

/* Parse a URI. Percent-encoding is decoded in every value. Attributes that would make
 * massho do something else than sign with a private key are refused (type other than
 * private, pin-value: a PIN in a URI ends up in shell history and process lists).
 * Returns 0, or -EINVAL with why ("object: ..."). */
int ms_p11uri_parse(const char *s, struct ms_p11uri *u, char *why, size_t len);

#endif
