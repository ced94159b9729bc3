/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Translating a text that was formatted in English (docs/i18n.md): the library's texts
 * for people (a job's failure, a policy's reasons) are composed in English, because they
 * also go into records. A front end shows them translated by matching the finished text
 * against the library's format strings, recovering the arguments and putting them into
 * the translated format — by this code's own substitution: the text holds drive-controlled
 * strings and is never a printf format. Pure: the catalogue is reached through translate. */
#ifndef MS_L10N_MATCH_H
#define MS_L10N_MATCH_H

#include <stdbool.h>
#include <stddef.h>

/* The translation of text into out (at most len bytes, NUL-terminated, cut at a UTF-8
 * character boundary):
 *  - translate(text) when the whole text is a message with a translation;
 *  - else the first of formats[0..n) (tried in their order: most literal characters first)
 *    that matches the whole text — %s the shortest argument that lets the rest match, the
 *    numeric conversions digits, %c one byte, %% a percent sign; widths and precisions
 *    honoured — with the arguments substituted into translate(format) (%s, %d..., %N$s);
 *    a %s argument is itself translated when it is a message or a library text;
 *  - else, for texts joined with "; ", each part translated on its own.
 * translate returns its argument (or NULL) when it has no translation. Returns true when
 * something was translated; false with out a copy of text (as much as fits). */
bool ms_l10n_match(const char *text, const char *const *formats, size_t n, const char *(*translate)(const char *),
		   char *out, size_t len);

#endif
