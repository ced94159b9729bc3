/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The unattended station's choices (model.h): which drives a batch takes. Pure, as the rest
 * of the model; the runner is ui/unattended.c. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "model.h"

/* The next name or serial of a drives list (blanks and commas between): false at its end. */
static bool next_token(const char **p, const char **tok, size_t *len)
{
	*p += strspn(*p, " ,\t");
	*tok = *p;
	*len = strcspn(*p, " ,\t");
	*p += *len;
	return *len > 0;
}

static bool token_names(const char *tok, size_t n, const struct ms_ui_drive *d)
{
	return (strlen(d->name) == n && memcmp(tok, d->name, n) == 0) ||
	       (d->serial[0] && strlen(d->serial) == n && memcmp(tok, d->serial, n) == 0);
}

bool ms_ui_listed(const char *drives, const struct ms_ui_drive *d)
{
	if (strcmp(drives, MS_CONFIG_ALL_DRIVES) == 0)
		return true;
	const char *p = drives, *tok;
	size_t n;
	while (next_token(&p, &tok, &n))
		if (token_names(tok, n, d))
			return true;
	return false;
}

size_t ms_ui_unfound(const struct ms_ui_model *m, const char *drives, void (*each)(void *ctx, const char *token),
		     void *ctx)
{
	size_t count = 0;
	const char *p = drives, *tok;
	size_t n;
	if (strcmp(drives, MS_CONFIG_ALL_DRIVES) == 0)
		return 0;
	while (next_token(&p, &tok, &n)) {
		bool seen = false;
		for (size_t i = 0; i < m->n && !seen; i++)
			seen = token_names(tok, n, &m->d[i]);
		if (!seen) {
			char token[MS_CONFIG_VALUE + 1];
			snprintf(token, sizeof token, "%.*s", (int)n, tok);
			each(ctx, token);
			count++;
		}
	}
	return count;
}

bool ms_ui_erased_before(const struct ms_ui_model *m, size_t i)
{
	const struct ms_ui_drive *d = &m->d[i];
	if (!d->identity[0])
		return false;
	for (size_t j = 0; j < m->n; j++)
		if (j != i && m->d[j].state == MS_UI_DONE && strcmp(m->d[j].identity, d->identity) == 0)
			return true;
	return false;
}

bool ms_ui_needs_unfreeze(const struct ms_ui_drive *d)
{
	return (d->flags & MS_UI_FROZEN) && d->plan.chosen.method != MS_METHOD_OVERWRITE;
}

size_t ms_ui_auto_select(struct ms_ui_model *m, const char *drives, bool unfreeze)
{
	size_t n = 0;
	char why[300];
	for (size_t i = 0; i < m->n; i++)
		m->d[i].selected = false;
	for (size_t i = 0; i < m->n; i++) {
		struct ms_ui_drive *d = &m->d[i];
		if (d->state != MS_UI_IDLE || !d->planned || !ms_ui_listed(drives, d) || ms_ui_erased_before(m, i))
			continue;
		d->unfreeze = unfreeze && ms_ui_needs_unfreeze(d);
		if (!ms_ui_selectable(m, i, why, sizeof why))
			continue;
		if (d->unfreeze) {
			if (n)
				continue; /* a batch of its own, after this one */
			d->selected = true;
			return 1;
		}
		d->selected = true;
		n++;
	}
	return n;
}
