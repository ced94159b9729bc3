/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"

void ms_ui_init(struct ms_ui_model *m, enum ms_class cls)
{
	memset(m, 0, sizeof *m);
	m->cls = cls;
	m->screen = MS_UI_SESSION;
}

static bool finished(const struct ms_ui_drive *d)
{
	return d->state == MS_UI_DONE || d->state == MS_UI_FAILED || d->state == MS_UI_CANCELLED;
}

int ms_ui_upsert(struct ms_ui_model *m, const struct ms_ui_drive *d)
{
	for (size_t i = m->n; i-- > 0;) {
		struct ms_ui_drive *o = &m->d[i];
		if (strcmp(o->spec, d->spec) != 0)
			continue;
		o->present = true;
		/* Discovery names a drive by its node and sysfs serial: another serial there is
		 * another drive swapped in; no serial known yet, or the same, is the one listed
		 * (the erase still checks its identity against the plan's). */
		bool other = d->serial[0] && o->serial[0] && strcmp(o->serial, d->serial) != 0;
		if (o->state == MS_UI_RUNNING || (finished(o) && !o->away && !other) ||
		    (o->state == MS_UI_IDLE && !other))
			return (int)i;
		if (finished(o)) {
			o->spec[0] = '\0'; /* its result stays on screen; the drive now there is new */
			break;
		}
		*o = *d; /* unplugged and back, or swapped: its choices start over */
		o->present = true;
		return (int)i;
	}
	if (m->n == MS_UI_MAX)
		return -ENOSPC;
	m->d[m->n] = *d;
	m->d[m->n].present = true;
	return (int)m->n++;
}

void ms_ui_sweep_begin(struct ms_ui_model *m)
{
	for (size_t i = 0; i < m->n; i++)
		m->d[i].present = false;
}

void ms_ui_sweep_end(struct ms_ui_model *m)
{
	for (size_t i = 0; i < m->n; i++) {
		struct ms_ui_drive *d = &m->d[i];
		if (d->present || !d->spec[0])
			continue;
		if (d->state == MS_UI_IDLE) {
			d->state = MS_UI_GONE;
			d->selected = false;
		} else if (finished(d)) {
			d->away = true;
		}
	}
}

bool ms_ui_selectable(const struct ms_ui_model *m, size_t i, char *why, size_t len)
{
	const struct ms_ui_drive *d = &m->d[i];
	if (d->flags & MS_UI_BOOT)
		snprintf(why, len, _("the boot medium: never erased"));
	else if (d->flags & MS_UI_OUTPUT)
		snprintf(why, len, _("holds the output directory (records, certificates): never erased"));
	else if (d->state == MS_UI_GONE)
		snprintf(why, len, _("no longer connected"));
	else if (d->state == MS_UI_DONE)
		snprintf(why, len, _("already erased in this session"));
	else if (d->state != MS_UI_IDLE)
		snprintf(why, len, _("its erase ended without success: press r to look at it again, then select it"));
	else if (d->flags & MS_UI_REFUSED)
		snprintf(why, len, "%s", d->why_not);
	else if (!d->planned)
		snprintf(why, len, _("its plan is not made yet"));
	else if (d->custody && !d->custody_plan.can_meet)
		snprintf(why, len, "%s", d->custody_plan.action);
	else if (!d->plan.can_meet && !d->custody)
		snprintf(why, len, "%s", d->why_not[0] ? d->why_not : d->plan.action);
	else if ((d->flags & MS_UI_FROZEN) && !d->unfreeze &&
		 (d->custody ? d->custody_plan : d->plan).chosen.method != MS_METHOD_OVERWRITE)
		snprintf(why, len, _("frozen: press u to unfreeze it by a suspend/resume first"));
	else
		return true;
	return false;
}

bool ms_ui_toggle(struct ms_ui_model *m, size_t i)
{
	if (i >= m->n)
		return false;
	struct ms_ui_drive *d = &m->d[i];
	if (d->selected) {
		d->selected = false;
		m->message[0] = '\0';
		return true;
	}
	char why[300];
	if (!ms_ui_selectable(m, i, why, sizeof why)) {
		snprintf(m->message, sizeof m->message, "%s: %s", d->name, why);
		return false;
	}
	d->selected = true;
	m->message[0] = '\0';
	return true;
}

void ms_ui_set_class(struct ms_ui_model *m, size_t i, enum ms_class cls)
{
	if (i >= m->n || m->d[i].state != MS_UI_IDLE || m->d[i].cls == cls)
		return;
	m->d[i].cls = cls;
	m->d[i].planned = false;
	m->d[i].selected = false; /* chosen for the other class's plan */
}

void ms_ui_look_again(struct ms_ui_model *m)
{
	for (size_t i = 0; i < m->n; i++) {
		struct ms_ui_drive *d = &m->d[i];
		if (d->state == MS_UI_RUNNING || d->state == MS_UI_DONE || d->state == MS_UI_GONE || !d->spec[0])
			continue;
		d->state = MS_UI_IDLE;
		d->planned = d->selected = false;
		d->flags &= ~(unsigned)MS_UI_REFUSED;
		d->outcome[0] = '\0';
	}
}

enum ms_class ms_ui_next_class(enum ms_class c)
{
	static const enum ms_class order[] = {MS_CLASS_MYNUMBER, MS_CLASS_3, MS_CLASS_2, MS_CLASS_1};
	for (size_t i = 0; i < MS_ARRAY_SIZE(order); i++)
		if (order[i] == c)
			return order[(i + 1) % MS_ARRAY_SIZE(order)];
	return order[0];
}

size_t ms_ui_nselected(const struct ms_ui_model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++)
		n += m->d[i].selected;
	return n;
}

static bool next_selected(struct ms_ui_model *m, size_t from)
{
	for (size_t i = from; i < m->n; i++)
		if (m->d[i].selected) {
			m->confirming = i;
			m->typed[0] = '\0';
			return true;
		}
	return false;
}

bool ms_ui_confirm_begin(struct ms_ui_model *m)
{
	m->message[0] = '\0';
	return next_selected(m, 0);
}

void ms_ui_confirm_expect(const struct ms_ui_drive *d, char *out, size_t len)
{
	size_t n = strlen(d->token);
	ms_strlcpy(out, d->token + (n > MS_UI_CONFIRM_CHARS ? n - MS_UI_CONFIRM_CHARS : 0), len);
}

bool ms_ui_confirm_enter(struct ms_ui_model *m, bool *done)
{
	char want[MS_UI_CONFIRM_CHARS + 1];
	const struct ms_ui_drive *d = &m->d[m->confirming];
	*done = false;
	ms_ui_confirm_expect(d, want, sizeof want);
	if (strcmp(m->typed, want) != 0) {
		snprintf(m->message, sizeof m->message, _("%s: that is not the end of its serial number: type its last %zu "
							  "characters"), d->name, strlen(want));
		m->typed[0] = '\0';
		return false;
	}
	m->message[0] = '\0';
	*done = !next_selected(m, m->confirming + 1);
	return true;
}

void ms_ui_text_append(char *buf, size_t len, const char *utf8)
{
	size_t have = strlen(buf), add = strlen(utf8);
	if ((unsigned char)utf8[0] < 0x20 || utf8[0] == 0x7f)
		return; /* control characters never enter a record's text */
	if (have + add < len)
		memcpy(buf + have, utf8, add + 1);
}

void ms_ui_text_backspace(char *buf)
{
	size_t n = strlen(buf);
	while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
		n--; /* continuation bytes belong to the character before */
	if (n > 0)
		n--;
	buf[n] = '\0';
}

void ms_ui_progress(struct ms_ui_model *m, size_t i, const char *phase, double fraction, double rate, double eta)
{
	if (i >= m->n)
		return;
	struct ms_ui_drive *d = &m->d[i];
	ms_strlcpy(d->phase, phase, sizeof d->phase);
	d->fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
	d->rate = rate;
	d->eta = eta;
}

void ms_ui_finish(struct ms_ui_model *m, size_t i, enum ms_ui_state st, const char *outcome)
{
	if (i >= m->n)
		return;
	struct ms_ui_drive *d = &m->d[i];
	d->state = st;
	d->selected = false;
	if (outcome)
		ms_strlcpy(d->outcome, outcome, sizeof d->outcome);
	if (st == MS_UI_DONE)
		d->fraction = 1;
}

bool ms_ui_is_job(const struct ms_ui_drive *d)
{
	return d->state != MS_UI_IDLE && d->state != MS_UI_GONE;
}

bool ms_ui_all_over(const struct ms_ui_model *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->d[i].state == MS_UI_RUNNING)
			return false;
	return true;
}


