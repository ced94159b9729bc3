/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The unattended station's choices (model.h): which drives a batch takes. Pure, as the rest
 * of the model; the runner is ui/unattended.c. */
#include <string.h>

#include "config.h"
#include "model.h"

bool ms_ui_listed(const char *drives, const struct ms_ui_drive *d)
{
	if (strcmp(drives, MS_CONFIG_ALL_DRIVES) == 0)
		return true;
	for (const char *p = drives; *p;) {
		size_t n = strcspn(p, " ,\t");
		if (n && ((strlen(d->name) == n && memcmp(p, d->name, n) == 0) ||
			  (d->serial[0] && strlen(d->serial) == n && memcmp(p, d->serial, n) == 0)))
			return true;
		p += n;
		p += strspn(p, " ,\t");
	}
	return false;
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
