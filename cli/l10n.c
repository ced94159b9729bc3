/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The gettext side of translating library texts; the matching is util/l10n_match.c. */
#include "l10n.h"

#include "../util/i18n.h"
#include "../util/l10n_match.h"

static const char *catalogue(const char *s)
{
	return *s ? gettext(s) : s;
}

const char *ms_pgettext(const char *key, const char *s)
{
	const char *t = gettext(key);
	return t == key ? s : t;
}

const char *ms_l10n(const char *english, char *buf, size_t len)
{
	if (!english || !*english || !buf || !len)
		return english;
	/* no catalogue for the language shown (English): nothing to match against */
	const char *header = gettext("");
	if (!header || !*header)
		return english;
	return ms_l10n_match(english, ms_libtexts, ms_libtexts_n, catalogue, buf, len) ? buf : english;
}
