/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The library's English texts (events, failures, reasons), translated where they are
 * shown (docs/i18n.md). Records keep them in English. */
#ifndef MS_CLI_L10N_H
#define MS_CLI_L10N_H

#include <stddef.h>

/* Every format string the library marks N_(), most literal characters first; generated
 * by the Makefile from xgettext's output (build/gen/libtexts.c). */
extern const char *const ms_libtexts[];
extern const size_t ms_libtexts_n;

/* english translated for display: the message's translation, or a library format's
 * translation with the arguments recovered from english (util/l10n_match.h), written
 * into buf; english itself when nothing is translated. */
const char *ms_l10n(const char *english, char *buf, size_t len);
/* A message with a context (msgctxt), for an English word with two meanings:
 * C_("plan", "rejected") is not the "rejected" of a probe's answer. */
#define C_(ctx, s) ms_pgettext(ctx "\004" s, s)
const char *ms_pgettext(const char *key, const char *s);

/* ms_l10n with a buffer that lives until the end of the enclosing block. */
#define L_(s) ms_l10n((s), (char[2048]){""}, 2048)

#endif
