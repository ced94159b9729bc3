/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The station's keys, screen by screen (docs/station.md lists them). Every choice goes
 * into the model; nothing here erases: confirmation starts the jobs (station.c). */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../report/pdf.h"
#include "../util/i18n.h"
#include "../util/util.h"
#include "station_int.h"

enum { K_ESC = 27, K_TAB = '\t' };

static bool is_enter(int is_key, unsigned ch)
{
	return is_key ? ch == KEY_ENTER : ch == '\n' || ch == '\r';
}

static bool is_backspace(int is_key, unsigned ch)
{
	return is_key ? ch == KEY_BACKSPACE : ch == 127 || ch == 8;
}

/* A typed character as UTF-8 ("" for control characters and keys). */
static void typed_utf8(int is_key, unsigned ch, char *out, size_t len)
{
	out[0] = '\0';
	if (is_key || ch < 0x20 || ch == 0x7f || len < MB_LEN_MAX + 1)
		return;
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	size_t n = wcrtomb(out, (wchar_t)ch, &ps);
	out[n == (size_t)-1 ? 0 : n] = '\0';
}

static void move_cursor(struct ms_ui_model *m, int is_key, unsigned ch)
{
	if (m->n == 0)
		return;
	if ((is_key && ch == KEY_UP) || (!is_key && ch == 'k'))
		m->cursor = m->cursor ? m->cursor - 1 : 0;
	if ((is_key && ch == KEY_DOWN) || (!is_key && ch == 'j'))
		m->cursor = m->cursor + 1 < m->n ? m->cursor + 1 : m->cursor;
}

void ms_station_keep_session(struct station *st)
{
	struct ms_config *c = st->o->cfg;
	struct ms_ui_model *m = &st->m;
	for (size_t i = 0; i < MS_UI_F_CLASS; i++)
		ms_strlcpy(c->v[ms_station_field_key[i]], m->field[i], sizeof c->v[ms_station_field_key[i]]);
	ms_strlcpy(c->v[MS_CFG_CLASS], ms_class_name(m->cls), sizeof c->v[MS_CFG_CLASS]);
	c->cls = m->cls;
	c->cls_set = true;
	if (st->o->config_path && ms_config_save(st->o->config_path, c) != 0)
		snprintf(m->message, sizeof m->message, _("%s: cannot save the station configuration"),
			 st->o->config_path);
}

static void session_key(struct station *st, int is_key, unsigned ch)
{
	struct ms_ui_model *m = &st->m;
	char mb[MB_LEN_MAX + 1];
	if ((is_key && ch == KEY_UP) || (is_key && ch == KEY_BTAB)) {
		m->focus = m->focus ? m->focus - 1 : 0;
	} else if ((is_key && ch == KEY_DOWN) || (!is_key && ch == K_TAB)) {
		m->focus = m->focus + 1 < MS_UI_NFIELDS ? m->focus + 1 : m->focus;
	} else if (m->focus == MS_UI_F_CLASS && ((is_key && (ch == KEY_LEFT || ch == KEY_RIGHT)) || ch == ' ')) {
		m->cls = ms_ui_next_class(m->cls);
	} else if (is_enter(is_key, ch)) {
		if (m->focus + 1 < MS_UI_NFIELDS) {
			m->focus++;
			return;
		}
		/* Drives nobody gave a class of their own ('c') take the station's. */
		for (size_t i = 0; i < m->n; i++)
			if (!m->d[i].cls_chosen)
				ms_ui_set_class(m, i, m->cls);
		ms_station_keep_session(st);
		m->screen = MS_UI_LIST;
	} else if (m->focus < MS_UI_F_CLASS && is_backspace(is_key, ch)) {
		ms_ui_text_backspace(m->field[m->focus]);
	} else if (m->focus < MS_UI_F_CLASS) {
		typed_utf8(is_key, ch, mb, sizeof mb);
		if (mb[0])
			ms_ui_text_append(m->field[m->focus], sizeof m->field[m->focus], mb);
	}
}

/* Row 1 (My Number): staff witness the work, or a camera records it (the policy says). */
static bool witnessed(struct station *st)
{
	const struct ms_config *c = st->o->cfg;
	struct ms_ui_model *m = &st->m;
	for (size_t i = 0; i < m->n; i++)
		if (m->d[i].selected && m->d[i].plan.row == 1 && st->o->policy->witness_required &&
		    !c->v[MS_CFG_WITNESS][0] && !c->v[MS_CFG_CAMERA][0]) {
			snprintf(m->message, sizeof m->message, _("%s: Figure 41 row 1 is erased before a witness: enter "
								  "the witness at the session screen (s)"), m->d[i].name);
			return false;
		}
	return true;
}

/* A text the certificate cannot print whole is refused before anything is erased (as
 * `massho erase` refuses it): the erase would be done and its certificate not issued. */
static bool printable(struct station *st)
{
	const struct ms_config *c = st->o->cfg;
	const enum ms_config_key keys[] = {MS_CFG_ORGANISATION, MS_CFG_OPERATOR, MS_CFG_WITNESS, MS_CFG_CONTRACT,
					   MS_CFG_CONTRACTOR, MS_CFG_PLACE, MS_CFG_CAMERA};
	for (size_t i = 0; i < MS_ARRAY_SIZE(keys); i++) {
		const char *bad = c->v[keys[i]][0] ? ms_pdf_text_problem(c->v[keys[i]], MS_PDF_FIELD_MAX) : NULL;
		if (bad) {
			snprintf(st->m.message, sizeof st->m.message, "%s: %s", ms_config_key_name(keys[i]), bad);
			return false;
		}
	}
	return true;
}

/* A suspend/resume (the unfreeze) sends the whole station to sleep: no other drive may be
 * in the middle of an erase then, so a drive that needs it is erased in a batch of its own. */
static bool unfreeze_alone(struct ms_ui_model *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->d[i].selected && m->d[i].unfreeze && ms_ui_nselected(m) > 1) {
			snprintf(m->message, sizeof m->message, _("%s: the unfreeze suspends the whole station: erase this "
								  "drive in a batch of its own"), m->d[i].name);
			return false;
		}
	return true;
}

/* The keys that need no drive. Returns true when ch was one. */
static bool list_key_any(struct station *st, unsigned ch)
{
	struct ms_ui_model *m = &st->m;
	switch (ch) {
	case 's': m->screen = MS_UI_SESSION; m->focus = MS_UI_F_ORG; return true;
	case 'r': ms_ui_look_again(m); st->last_scan = 0; return true;
	case 'q': st->quit = true; return true;
	case 'e':
		if (!ms_ui_nselected(m))
			snprintf(m->message, sizeof m->message, _("no drive selected: select drives with the space bar"));
		else if (witnessed(st) && printable(st) && unfreeze_alone(m) && ms_ui_confirm_begin(m))
			m->screen = MS_UI_CONFIRM;
		return true;
	}
	return false;
}

static void list_key(struct station *st, int is_key, unsigned ch)
{
	struct ms_ui_model *m = &st->m;
	move_cursor(m, is_key, ch);
	if (is_key) {
		if (ch == KEY_ENTER && m->n)
			m->screen = MS_UI_PLAN;
		return;
	}
	if (list_key_any(st, ch) || m->n == 0)
		return;
	struct ms_ui_drive *d = &m->d[m->cursor];
	switch (ch) {
	case ' ': ms_ui_toggle(m, m->cursor); break;
	case 'c':
		ms_ui_set_class(m, m->cursor, ms_ui_next_class(d->cls));
		d->cls_chosen = true;
		break;
	case 'u':
		if (d->flags & MS_UI_FROZEN) {
			d->unfreeze = !d->unfreeze;
			if (!d->unfreeze)
				d->selected = false;
		} else {
			snprintf(m->message, sizeof m->message, _("%s: not frozen"), d->name);
		}
		break;
	case 'p': case '\n': case '\r': m->screen = MS_UI_PLAN; break;
	case 'h':
		if (d->custody_plan.row) {
			d->custody = !d->custody;
			d->selected = false;
		} else {
			snprintf(m->message, sizeof m->message, _("%s: no handover: the drive is erased here"), d->name);
		}
		break;
	}
}

/* Up and down among the drives that have a job (the run and result screens). */
static void move_job_cursor(struct ms_ui_model *m, int is_key, unsigned ch)
{
	bool up = (is_key && ch == KEY_UP) || (!is_key && ch == 'k');
	bool down = (is_key && ch == KEY_DOWN) || (!is_key && ch == 'j');
	for (size_t i = m->cursor; (up || down) && (up ? i-- > 0 : ++i < m->n);)
		if (ms_ui_is_job(&m->d[i])) {
			m->cursor = i;
			return;
		}
}

static void first_job_cursor(struct ms_ui_model *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (ms_ui_is_job(&m->d[i]) && m->d[i].batch == m->batch) {
			m->cursor = i;
			return;
		}
}

static void confirm_key(struct station *st, int is_key, unsigned ch)
{
	struct ms_ui_model *m = &st->m;
	char mb[MB_LEN_MAX + 1];
	bool done;
	if (!is_key && ch == K_ESC) {
		m->typed[0] = '\0';
		m->screen = MS_UI_LIST;
	} else if (is_enter(is_key, ch)) {
		if (ms_ui_confirm_enter(m, &done) && done) {
			ms_station_start_jobs(st);
			first_job_cursor(m);
			m->screen = MS_UI_RUN;
		}
	} else if (is_backspace(is_key, ch)) {
		ms_ui_text_backspace(m->typed);
	} else {
		typed_utf8(is_key, ch, mb, sizeof mb);
		if (mb[0])
			ms_ui_text_append(m->typed, sizeof m->typed, mb);
	}
}

static void run_key(struct station *st, int is_key, unsigned ch)
{
	struct ms_ui_model *m = &st->m;
	if (st->ask_cancel || st->ask_quit) {
		if (!is_key && (ch == 'y' || ch == 'Y')) {
			if (st->ask_quit)
				st->quit = true;
			else if (m->d[m->cursor].state == MS_UI_RUNNING)
				atomic_store(&st->jobs[m->cursor].abort, true);
		}
		st->ask_cancel = st->ask_quit = false;
		return;
	}
	move_job_cursor(m, is_key, ch);
	if (is_key)
		return;
	if (ch == 'x' && m->n && m->d[m->cursor].state == MS_UI_RUNNING)
		st->ask_cancel = true;
	else if (ch == 'q')
		st->ask_quit = true;
}

void ms_station_key(struct station *st, int is_key, unsigned ch)
{
	struct ms_ui_model *m = &st->m;
	if ((is_key && ch == KEY_RESIZE) || st->stopping)
		return;
	if (m->screen != MS_UI_CONFIRM && m->screen != MS_UI_SESSION)
		m->message[0] = '\0';
	switch (m->screen) {
	case MS_UI_SESSION: session_key(st, is_key, ch); break;
	case MS_UI_LIST: list_key(st, is_key, ch); break;
	case MS_UI_PLAN: m->screen = MS_UI_LIST; break;
	case MS_UI_CONFIRM: confirm_key(st, is_key, ch); break;
	case MS_UI_RUN: run_key(st, is_key, ch); break;
	case MS_UI_RESULT:
		move_job_cursor(m, is_key, ch);
		if (!is_key && ch == 'q')
			st->quit = true;
		else if (!is_key && ch == 'l') {
			m->screen = MS_UI_LIST;
			st->summarised = false; /* the next batch gets a summary of its own */
			m->summary[0] = '\0';
		}
		break;
	}
}
