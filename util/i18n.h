/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages a person reads, in Japanese or English (docs/i18n.md).
 *
 * The front ends (cli/, ui/) translate with _() through gettext's "massho" domain. The
 * layers below never translate: what they write into records, journals and certificates
 * stays in one language, whatever the operator's locale. Their texts for people are
 * marked N_() so that xgettext collects them into the catalogue, and the front end
 * translates them when it shows them (cli/l10n.c matches a formatted text against the
 * marked formats). */
#ifndef MS_I18N_H
#define MS_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define MS_TEXTDOMAIN "massho"

/* Marks a literal for the catalogue without translating it here. */
#define N_(s) (s)
/* Translates, in the front ends only. */
#define _(s) gettext(s)

/* Set the locale from the environment and bind the catalogue. A Japanese LANG works
 * even where that locale was not generated (the boot image, a fresh Debian): the
 * characters are then C.UTF-8's and the language is taken from LANGUAGE. The catalogue
 * is looked for beside the program when it runs from its build tree (only a catalogue
 * that the user running massho, or root, owns and nobody else may change: its formats
 * are printf formats), else in LOCALEDIR. Returns true when the user's language is
 * Japanese (ms_i18n_japanese()), whether or not a catalogue was found. */
bool ms_i18n_init(void);

/* True when the user's language (LC_ALL, LC_MESSAGES, LANG, LANGUAGE) is Japanese. */
bool ms_i18n_japanese(void);

#endif
