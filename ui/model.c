/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "../util/i18n.h"
#include "../util/util.h"

void ms_ui_init(struct ms_ui_model *m, enum ms_class cls)
{
	memset(m, 0, sizeof *m);
	m->cls = cls;
	m->screen = MS_UI_SESSION;
}

int ms_ui_upsert(struct ms_ui_model *m, const struct ms_ui_drive *d)
{
	for (size_t i = 0; i < m->n; i++) {
		struct ms_ui_drive *o = &m->d[i];
		if (strcmp(o->spec, d->spec) != 0)
			continue;
		o->present = true;
		/* A job's drive keeps what it had. */
		if (o->state == MS_UI_RUNNING || o->state == MS_UI_DONE || o->state == MS_UI_FAILED ||
		    o->state == MS_UI_CANCELLED)
			return (int)i;
		/* Discovery names a drive by its node and sysfs serial: the same node with another
		 * serial is another drive swapped in (its choices start over); no serial known
		 * yet, or the same one, is the drive already listed. */
		if (o->state != MS_UI_GONE && (!d->serial[0] || !o->serial[0] || strcmp(o->serial, d->serial) == 0))
			return (int)i;
		*o = *d;
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
	for (size_t i = 0; i < m->n; i++)
		if (!m->d[i].present && m->d[i].state == MS_UI_IDLE) {
			m->d[i].state = MS_UI_GONE;
			m->d[i].selected = false;
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
	else if (d->state != MS_UI_IDLE)
		snprintf(why, len, _("already erased in this session"));
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

/* The length of the UTF-8 sequence that starts with byte c (1 for a stray byte). */
static size_t seq_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
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

void ms_ui_finish(struct ms_ui_model *m, size_t i, enum ms_ui_state st, int exit_code, const char *outcome)
{
	if (i >= m->n)
		return;
	struct ms_ui_drive *d = &m->d[i];
	d->state = st;
	d->exit_code = exit_code;
	d->selected = false;
	if (outcome)
		ms_strlcpy(d->outcome, outcome, sizeof d->outcome);
	if (st == MS_UI_DONE)
		d->fraction = 1;
}

bool ms_ui_all_over(const struct ms_ui_model *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->d[i].state == MS_UI_RUNNING)
			return false;
	return true;
}

/* One character of s: its bytes and columns (a byte that is not UTF-8 shows as '?'). */
static size_t one_char(const char *s, int *cols, bool *bad)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof st);
	size_t n = mbrtowc(&wc, s, seq_len((unsigned char)*s), &st);
	*bad = n == (size_t)-1 || n == (size_t)-2 || n == 0;
	if (*bad) {
		*cols = 1;
		return 1;
	}
	int w = wcwidth(wc);
	*bad = w < 0; /* a control character */
	*cols = w < 0 ? 1 : w;
	return n;
}

int ms_ui_width(const char *s)
{
	int w = 0, c;
	bool bad;
	while (*s) {
		s += one_char(s, &c, &bad);
		w += c;
	}
	return w;
}

int ms_ui_fit(const char *s, int cols, char *out, size_t len)
{
	size_t o = 0;
	int used = 0;
	bool cut = ms_ui_width(s) > cols;
	int room = cut ? cols - 1 : cols; /* a "~" says that the text goes on */
	if (len == 0)
		return 0;
	while (*s) {
		int c;
		bool bad;
		size_t n = one_char(s, &c, &bad);
		if (used + c > room || o + (bad ? 1 : n) + 2 > len)
			break;
		if (bad)
			out[o++] = '?';
		else
			memcpy(out + o, s, n), o += n;
		used += c;
		s += n;
	}
	if (cut && room >= 0 && o + 2 <= len) {
		out[o++] = '~';
		used++;
	}
	out[o] = '\0';
	return used;
}

size_t ms_ui_line(const char *s, int cols, char *out, size_t len)
{
	size_t at = 0, o = 0, cut = 0, cut_o = 0;
	int used = 0;
	if (len == 0)
		return 0;
	while (s[at]) {
		int c;
		bool bad;
		size_t n = one_char(s + at, &c, &bad);
		if (used + c > cols || o + n + 1 > len)
			break;
		if (s[at] == ' ')
			cut = at + 1, cut_o = o;
		memcpy(out + o, s + at, n);
		o += n, at += n, used += c;
	}
	if (s[at] && cut) /* the text goes on: end the line at its last space */
		at = cut, o = cut_o;
	out[o] = '\0';
	return at;
}
