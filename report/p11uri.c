/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "p11uri.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/i18n.h"
#include "../util/util.h"

bool ms_p11uri_is(const char *s)
{
	return s && strncasecmp(s, "pkcs11:", 7) == 0;
}

/* Decode [v, v+n) into out (cap bytes, NUL-terminated when text). Returns the length or -1. */
static long decode(const char *v, size_t n, unsigned char *out, size_t cap, bool text)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)v[i];
		if (c == '%') {
			uint8_t b;
			if (i + 2 >= n || ms_hex_decode(v + i + 1, 2, &b, 1) != 1)
				return -1;
			c = b;
			i += 2;
		}
		if (o + (text ? 1 : 0) >= cap)
			return -1;
		if (text && c == 0)
			return -1;
		out[o++] = (unsigned char)c;
	}
	if (text)
		out[o] = '\0';
	return (long)o;
}

struct attr {
	const char *name;
	size_t off, cap;
};

int ms_p11uri_parse(const char *s, struct ms_p11uri *u, char *why, size_t len)
{
	memset(u, 0, sizeof *u);
	if (!ms_p11uri_is(s)) {
		snprintf(why, len, N_("not a PKCS#11 URI (it starts with pkcs11:)"));
		return -EINVAL;
	}
	static const struct attr text[] = {
		{"token", offsetof(struct ms_p11uri, token), sizeof u->token},
		{"manufacturer", offsetof(struct ms_p11uri, manufacturer), sizeof u->manufacturer},
		{"serial", offsetof(struct ms_p11uri, serial), sizeof u->serial},
		{"model", offsetof(struct ms_p11uri, model), sizeof u->model},
		{"object", offsetof(struct ms_p11uri, object), sizeof u->object},
		{"module-path", offsetof(struct ms_p11uri, module), sizeof u->module},
	};
	const char *p = s + 7;
	bool query = false;
	while (*p) {
		size_t n = strcspn(p, query ? "&" : ";?");
		const char *eq = memchr(p, '=', n);
		if (n == 0)
			goto next;
		if (!eq) {
			snprintf(why, len, N_("%.*s: an attribute is NAME=VALUE"), (int)n, p);
			return -EINVAL;
		}
		size_t kn = (size_t)(eq - p), vn = n - kn - 1;
		const char *v = eq + 1;
		bool done = false;
		for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
			bool is_query = strcmp(text[i].name, "module-path") == 0;
			if (strlen(text[i].name) != kn || strncmp(p, text[i].name, kn) != 0)
				continue;
			if (is_query != query) {
				snprintf(why, len, N_("%s: belongs in the %s part of the URI"), text[i].name,
					 is_query ? N_("query (after ?)") : N_("path (before ?)"));
				return -EINVAL;
			}
			if (decode(v, vn, (unsigned char *)u + text[i].off, text[i].cap, true) < 0) {
				snprintf(why, len, N_("%s: bad percent-encoding, or too long"), text[i].name);
				return -EINVAL;
			}
			done = true;
		}
		if (done)
			goto next;
		if (kn == 2 && strncmp(p, "id", 2) == 0 && !query) {
			long l = decode(v, vn, u->id, sizeof u->id, false);
			if (l < 0) {
				snprintf(why, len, N_("id: bad percent-encoding, or too long"));
				return -EINVAL;
			}
			u->id_len = (size_t)l;
			u->has_id = true;
		} else if (kn == 4 && strncmp(p, "type", 4) == 0 && !query) {
			if (vn != 7 || strncmp(v, "private", 7) != 0) {
				snprintf(why, len, N_("type=%.*s: massho signs with a private key (type=private)"), (int)vn, v);
				return -EINVAL;
			}
		} else if (kn == 9 && strncmp(p, "pin-value", 9) == 0) {
			snprintf(why, len, N_("pin-value: a PIN in the URI ends up in shell history; give --passphrase-file or type it"));
			return -EINVAL;
		} else {
			snprintf(why, len, N_("%.*s: attribute not supported (token, manufacturer, serial, model, object, id, type; ?module-path)"),
				 (int)kn, p);
			return -EINVAL;
		}
	next:
		p += n;
		if (*p == '?') /* a '?' inside the query is part of a value (RFC 7512) */
			query = true;
		if (*p)
			p++;
	}
	return 0;
}
