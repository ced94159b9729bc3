/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The station's screen, drawn whole from the model each time (curses sends only what
 * changed). 80x24 is enough; wider terminals get wider columns. Every state is also a
 * word: colours only repeat it. Texts are cut by columns, never inside a wide character
 * (ms_text_fit, util/columns.h). */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util/columns.h"
#include "../util/i18n.h"
#include "../util/util.h"
#include "station_int.h"

enum { C_OK = 1, C_BAD, C_WARN };

/* Print fmt at (y, x), cut to the columns left on the line. */
static void put(int y, int x, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(int y, int x, const char *fmt, ...)
{
	char text[1024], fit[1200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (y < 0 || y >= LINES || x >= COLS)
		return;
	ms_text_fit(text, COLS - x, fit, sizeof fit);
	mvaddstr(y, x, fit);
}

/* A field of exactly cols columns at (y, x): cut, then padded. */
static void cell(int y, int x, int cols, const char *s)
{
	char fit[512];
	int used = ms_text_fit(s, cols, fit, sizeof fit);
	mvaddstr(y, x, fit);
	for (; used < cols; used++)
		addch(' ');
}

/* s from (y, x) on, wrapped, at most max lines; returns the lines used. */
static int wrap(int y, int x, int max, const char *s)
{
	char line[1024];
	int n = 0;
	size_t took;
	while (n < max && y + n < LINES - 2 && (took = ms_text_line(s, COLS - x - 1, line, sizeof line)) > 0) {
		mvaddstr(y + n++, x, line);
		s += took;
	}
	return n;
}

const char *ms_station_tr(const struct station *st, const char *english, char *buf, size_t len)
{
	return st->o->l10n ? st->o->l10n(english, buf, len) : english;
}

static void class_label(enum ms_class c, char *out, size_t len)
{
	if (c == MS_CLASS_MYNUMBER)
		snprintf(out, len, "%s", _("My Number"));
	else
		snprintf(out, len, _("class %s"), ms_class_name(c));
}

static void color_on(const struct station *st, int pair)
{
	if (st->o->color && has_colors())
		attron(COLOR_PAIR(pair));
}

static void color_off(const struct station *st, int pair)
{
	if (st->o->color && has_colors())
		attroff(COLOR_PAIR(pair));
}

static void header(const struct station *st, const char *screen)
{
	const struct ms_ui_model *m = &st->m;
	char cls[64];
	class_label(m->cls, cls, sizeof cls);
	attron(A_REVERSE);
	move(0, 0);
	for (int i = 0; i < COLS; i++)
		addch(' ');
	/* TRANSLATORS: the screen's name, organisation, operator, the default class */
	put(0, 1, _("massho %s | organisation: %s | operator: %s | %s"), screen, m->field[MS_UI_F_ORG],
	    m->field[MS_UI_F_OPERATOR], cls);
	attroff(A_REVERSE);
}

static void footer(const struct station *st, const char *keys)
{
	const struct ms_ui_model *m = &st->m;
	if (m->message[0]) {
		char buf[600];
		color_on(st, C_WARN);
		put(LINES - 2, 1, "%s", ms_station_tr(st, m->message, buf, sizeof buf));
		color_off(st, C_WARN);
	}
	attron(A_REVERSE);
	move(LINES - 1, 0);
	for (int i = 0; i < COLS; i++)
		addch(' ');
	put(LINES - 1, 1, "%s", keys);
	attroff(A_REVERSE);
}

static void draw_session(const struct station *st)
{
	const struct ms_ui_model *m = &st->m;
	const char *labels[MS_UI_NFIELDS] = {_("Organisation"), _("Operator"), _("Witness (My Number)"),
					     _("Contract number"), _("Default class")};
	header(st, _("session"));
	put(2, 2, "%s", _("Who erases, for whom: printed on every certificate of this session."));
	for (int f = 0; f < MS_UI_NFIELDS; f++) {
		int y = 4 + 2 * f;
		if (f == (int)m->focus)
			attron(A_BOLD);
		put(y, 2, "%s %s", f == (int)m->focus ? ">" : " ", labels[f]);
		char cls[64];
		class_label(m->cls, cls, sizeof cls);
		put(y, 30, "[%s]%s", f == MS_UI_F_CLASS ? cls : m->field[f],
		    f == (int)m->focus && f != MS_UI_F_CLASS ? "_" : "");
		if (f == (int)m->focus)
			attroff(A_BOLD);
	}
	put(15, 2, "%s", _("Classes: My Number = My Number domain; 3, 2, 1 = confidentiality class (Figure 41)."));
	footer(st, _("Enter: next / done   Up/Down/Tab: field   Left/Right: class"));
}

/* The words for a drive's flags and state (never colour only). */
static void flag_words(const struct ms_ui_drive *d, char *out, size_t len)
{
	struct { unsigned bit; const char *word; } w[] = {
		{MS_UI_BOOT, _("BOOT MEDIUM")}, {MS_UI_OUTPUT, _("OUTPUT MEDIUM")}, {MS_UI_FROZEN, _("frozen")},
		{MS_UI_LOCKED, _("locked")}, {MS_UI_SED, _("self-encrypting")}, {MS_UI_SED_LOCKED, _("SED locked")},
		{MS_UI_HIDDEN, _("hidden areas")}, {MS_UI_USB, _("USB bridge")},
	};
	out[0] = '\0';
	for (size_t i = 0; i < MS_ARRAY_SIZE(w); i++)
		if (d->flags & w[i].bit)
			snprintf(out + strlen(out), len - strlen(out), "%s%s", out[0] ? ", " : "", w[i].word);
	if (d->unfreeze)
		snprintf(out + strlen(out), len - strlen(out), "%s%s", out[0] ? ", " : "", _("unfreeze first"));
}

/* One line: what will happen to the drive, or why it cannot be chosen. */
void ms_station_plan_line(const struct station *st, const struct ms_ui_drive *d, char *out, size_t len)
{
	char cls[64], buf[600], passes[64] = "";
	class_label(d->cls, cls, sizeof cls);
	const struct ms_decision *p = &d->plan;
	if (d->state == MS_UI_GONE) {
		snprintf(out, len, "%s", _("unplugged"));
	} else if (d->flags & (MS_UI_REFUSED | MS_UI_BOOT | MS_UI_OUTPUT)) {
		snprintf(out, len, _("not selectable: %s"), ms_station_tr(st, d->why_not[0] ? d->why_not : _("boot or output medium"),
								 buf, sizeof buf));
	} else if (!d->planned) {
		snprintf(out, len, "%s -> %s", cls, _("planning..."));
	} else if (d->custody && d->custody_plan.can_meet) {
		snprintf(out, len, _("%s -> Figure 41 row %d: handover after %s (%s)"), cls, p->row,
			 d->custody_plan.chosen.id, ms_level_name(d->custody_plan.level));
	} else if (!p->can_meet) {
		snprintf(out, len, _("%s -> Figure 41 row %d: cannot be met here: %s"), cls, p->row,
			 ms_station_tr(st, p->action, buf, sizeof buf));
	} else {
		if (p->chosen.method == MS_METHOD_OVERWRITE)
			snprintf(passes, sizeof passes, " %ux%s", p->chosen.passes, p->chosen.pattern);
		snprintf(out, len, _("%s -> Figure 41 row %d: %s%s (%s), about %.0f min%s"), cls, p->row, p->chosen.id,
			 passes, ms_level_name(p->level), p->est_seconds / 60 + 0.5,
			 p->destroy_after ? _(", then physical destruction") : "");
	}
}

static void size_text(uint64_t bytes, char *out, size_t len)
{
	if (bytes)
		ms_human_size(bytes, out, len);
	else
		snprintf(out, len, "-");
}

static int first_row(size_t cursor, int per, int rows)
{
	int room = rows / per;
	return room > 0 && (int)cursor >= room ? (int)cursor - room + 1 : 0;
}

static void draw_list(const struct station *st)
{
	const struct ms_ui_model *m = &st->m;
	int wm = COLS >= 100 ? 28 : 16, ws = COLS >= 100 ? 24 : 20, y = 3;
	header(st, _("drives"));
	attron(A_BOLD);
	cell(2, 1, 3, _("Sel"));
	cell(2, 5, 9, _("Drive"));
	cell(2, 15, wm, _("Model"));
	cell(2, 16 + wm, ws, _("Serial"));
	cell(2, 17 + wm + ws, 8, _("Size"));
	put(2, 26 + wm + ws, "%s", _("Medium/attachment"));
	attroff(A_BOLD);
	if (m->n == 0)
		put(4, 2, "%s", _("No drive found. Plug one in: it appears here."));
	for (size_t i = (size_t)first_row(m->cursor, 3, LINES - 6); i < m->n && y + 1 < LINES - 2; i++, y += 3) {
		const struct ms_ui_drive *d = &m->d[i];
		char sz[32], line[800], flags[300];
		if (i == m->cursor)
			attron(A_REVERSE);
		cell(y, 0, 1, i == m->cursor ? ">" : " ");
		cell(y, 1, 4, d->selected ? "[x]" : (d->flags & (MS_UI_BOOT | MS_UI_OUTPUT)) ? "---" : "[ ]");
		cell(y, 5, 9, d->name);
		cell(y, 15, wm, d->model);
		cell(y, 16 + wm, ws, d->serial[0] ? d->serial : "-");
		size_text(d->capacity, sz, sizeof sz);
		cell(y, 17 + wm + ws, 8, sz);
		put(y, 26 + wm + ws, "%s/%s", d->medium, d->attach);
		if (i == m->cursor)
			attroff(A_REVERSE);
		ms_station_plan_line(st, d, line, sizeof line);
		bool bad = d->state == MS_UI_GONE || (d->flags & (MS_UI_REFUSED | MS_UI_BOOT | MS_UI_OUTPUT)) ||
			   (d->planned && !d->plan.can_meet);
		color_on(st, bad ? C_BAD : C_OK);
		put(y + 1, 3, "%s", line);
		color_off(st, bad ? C_BAD : C_OK);
		flag_words(d, flags, sizeof flags);
		if (flags[0]) {
			color_on(st, C_WARN);
			put(y + 2, 3, "%s", flags);
			color_off(st, C_WARN);
		}
	}
	footer(st, _("Space:select c:class Enter:plan h:handover u:unfreeze e:erase s:session q:quit"));
}

/* Rows 1 and 2 that cannot be met here: the custody path, and whether it is chosen. */
static int custody_lines(const struct station *st, const struct ms_ui_drive *d, int y)
{
	const struct ms_decision *c = &d->custody_plan;
	char line[800], buf[600];
	if (c->can_meet)
		snprintf(line, sizeof line, _("Custody path (h): erase here with %s (%s), then hand the drive over to "
					      "the contractor with a handover record%s"), c->chosen.id, ms_level_name(c->level),
			 d->custody ? _(" - chosen") : "");
	else
		snprintf(line, sizeof line, _("Custody path: %s"), ms_station_tr(st, c->action, buf, sizeof buf));
	return wrap(y, 1, 3, line);
}

static void draw_plan(const struct station *st)
{
	const struct ms_ui_model *m = &st->m;
	const struct ms_ui_drive *d = &m->d[m->cursor];
	const struct ms_decision *p = &d->plan;
	char line[800], buf[600], flags[300];
	int y = 2;
	header(st, _("plan"));
	put(y++, 1, "%s  %s  %s", d->name, d->model, d->serial);
	ms_station_plan_line(st, d, line, sizeof line);
	y += wrap(y, 1, 3, line);
	flag_words(d, flags, sizeof flags);
	if (flags[0])
		put(y++, 1, "%s: %s", _("state"), flags);
	if (d->custody_plan.row)
		y += custody_lines(st, d, y);
	if (d->planned && p->can_meet) {
		put(y++, 1, _("verification: %s"), p->verify_full ? _("every sector read back") : _("hashed samples"));
		if (p->destroy_after)
			y += wrap(y, 1, 3, _("Afterwards: physical destruction. A handover record is written; the drive goes "
					     "to the contractor, whose destruction certificate completes it."));
	}
	if (d->planned && p->nrejected) {
		attron(A_BOLD);
		put(++y, 1, "%s", _("Not used, and why:"));
		attroff(A_BOLD);
		y++;
		for (size_t i = 0; i < p->nrejected && y + 1 < LINES - 3; i++) {
			snprintf(line, sizeof line, "%s: %s", p->rejected[i].method, ms_station_tr(st, p->rejected[i].why, buf, sizeof buf));
			y += wrap(y, 3, 2, line);
		}
	}
	if (d->planned && p->action[0]) {
		snprintf(line, sizeof line, _("What to do: %s"), ms_station_tr(st, p->action, buf, sizeof buf));
		wrap(++y, 1, 3, line);
	}
	footer(st, _("any key: back to the drives"));
}

static void draw_confirm(const struct station *st)
{
	const struct ms_ui_model *m = &st->m;
	char want[16], line[800];
	int y = 2;
	header(st, _("confirm"));
	/* the selected drives, by name only: their serials would give the answer away */
	put(y++, 1, "%s", _("These drives will be erased. Nothing can bring their data back."));
	for (size_t i = 0; i < m->n && y < LINES - 8; i++) {
		if (!m->d[i].selected)
			continue;
		ms_station_plan_line(st, &m->d[i], line, sizeof line);
		put(y++, 2, "%s %s  %s", i == m->confirming ? ">" : " ", m->d[i].name, line);
	}
	const struct ms_ui_drive *d = &m->d[m->confirming];
	ms_ui_confirm_expect(d, want, sizeof want);
	y++;
	/* The end the operator types is not shown: it is read from the drive's label. */
	char shown[600], size[32];
	const char *whole = d->serial[0] ? d->serial : d->token;
	size_t keep = strlen(whole) > strlen(want) ? strlen(whole) - strlen(want) : 0;
	snprintf(shown, sizeof shown, "%.*s%.*s", (int)keep, whole, (int)strlen(want), "********");
	size_text(d->capacity, size, sizeof size);
	put(y++, 1, _("Drive %s: %s, %s, serial %s"), d->name, d->model, size, shown);
	put(y++, 1, d->serial[0] ? _("Type the last %zu characters of its serial number (on its label) and press Enter:")
				 : _("It has no serial number: type the last %zu characters of its path and press Enter:"),
	    strlen(want));
	attron(A_BOLD);
	put(y, 3, "[%s_]", m->typed);
	attroff(A_BOLD);
	footer(st, _("Enter: confirm this drive   Esc: back, nothing erased"));
}

static const char *state_word(enum ms_ui_state s)
{
	switch (s) {
	case MS_UI_IDLE: return _("waiting");
	case MS_UI_RUNNING: return _("erasing");
	case MS_UI_DONE: return _("completed");
	case MS_UI_FAILED: return _("FAILED");
	case MS_UI_CANCELLED: return _("cancelled");
	case MS_UI_GONE: return _("unplugged");
	}
	return "";
}

/* The engines' phase names (English: they are also progress events' values), for the
 * catalogue; shown through gettext. */
static const char *const phase_words[] __attribute__((unused)) = {
	N_("write"), N_("verify"), N_("hash"), N_("sanitize"), N_("security erase"), N_("enhanced security erase"),
};

static void bar(int y, int x, int w, double f)
{
	int full = (int)(f * (double)w + 0.5);
	mvaddch(y, x, '[');
	for (int i = 0; i < w; i++)
		addch(i < full ? '#' : '-');
	addch(']');
}

/* Lines a job's row takes on the run and result screens (with the blank after it). */
static int job_height(const struct ms_ui_drive *d)
{
	return d->state == MS_UI_DONE ? 4 + (d->handover[0] ? 1 : 0) : 3;
}

/* The first job row to draw so that the cursor's row is on screen within rows lines. */
static size_t first_job(const struct ms_ui_model *m, int rows)
{
	size_t first = m->cursor < m->n ? m->cursor : 0;
	int used = 0;
	for (size_t i = first + 1; i-- > 0;) {
		if (!ms_ui_is_job(&m->d[i]))
			continue;
		if (used + job_height(&m->d[i]) > rows)
			break;
		used += job_height(&m->d[i]);
		first = i;
	}
	return first;
}

static void job_row(const struct station *st, const struct ms_ui_drive *d, bool at, int y)
{
	char buf[600];
	int pair = d->state == MS_UI_DONE ? C_OK : d->state == MS_UI_RUNNING ? 0 : C_BAD;
	if (at)
		attron(A_REVERSE);
	put(y, 0, "%s %s %s", at ? ">" : " ", d->name, d->serial);
	if (at)
		attroff(A_REVERSE);
	color_on(st, pair);
	put(y, 40, "%s", state_word(d->state));
	color_off(st, pair);
	if (d->state == MS_UI_RUNNING) {
		bar(y + 1, 2, 30, d->fraction);
		char eta[32] = "", rate[32] = "";
		if (d->eta >= 0)
			snprintf(eta, sizeof eta, _("%.0f min left"), d->eta / 60 + 0.5);
		/* a rate only for what the host moves itself: a firmware erase's is the drive's */
		if (d->rate > 0 && (!strcmp(d->phase, "write") || !strcmp(d->phase, "verify")))
			snprintf(rate, sizeof rate, _(" %.0f MB/s"), d->rate / 1e6);
		put(y + 1, 35, "%3.0f%% %s%s %s", d->fraction * 100, d->phase[0] ? _(d->phase) : "", rate, eta);
	} else if (d->state == MS_UI_DONE) {
		put(y + 1, 2, "%s %s", _("record:"), ms_path_base(d->record));
		put(y + 2, 2, "%s %s", _("certificate:"), d->certificate[0] ? ms_path_base(d->certificate) : "-");
		if (d->handover[0])
			put(y + 3, 2, "%s %s", _("handover:"), ms_path_base(d->handover));
	} else {
		put(y + 1, 2, "%s", ms_station_tr(st, d->outcome[0] ? d->outcome : state_word(d->state), buf, sizeof buf));
	}
}

static void draw_run(const struct station *st, bool result)
{
	const struct ms_ui_model *m = &st->m;
	size_t n[MS_UI_GONE + 1] = {0};
	int y = 2, bottom = LINES - 5;
	header(st, result ? _("result") : _("running"));
	for (size_t i = 0; i < m->n; i++)
		n[m->d[i].state]++;
	put(1, 1, _("completed %zu, failed %zu, stopped %zu, erasing %zu"), n[MS_UI_DONE], n[MS_UI_FAILED],
	    n[MS_UI_CANCELLED], n[MS_UI_RUNNING]);
	for (size_t i = first_job(m, bottom - y); i < m->n && y + job_height(&m->d[i]) - 1 <= bottom; i++) {
		if (!ms_ui_is_job(&m->d[i]))
			continue;
		job_row(st, &m->d[i], i == m->cursor, y);
		y += job_height(&m->d[i]);
	}
	if (result) {
		put(LINES - 4, 1, "%s %s", _("written in:"), st->o->out_dir);
		if (m->summary[0])
			put(LINES - 3, 1, "%s %s", _("batch summary:"), ms_path_base(m->summary));
		if (m->collected[0])
			put(LINES - 5, 1, "%s", m->collected);
	}
	if (st->stopping)
		put(LINES - 3, 1, _("Stopping: waiting for %zu drives (an erase inside a drive runs to its end)"),
		    n[MS_UI_RUNNING]);
	else if (st->ask_quit)
		put(LINES - 3, 1, "%s", _("Stop every running erase and quit? (y/n)"));
	else if (st->ask_cancel)
		put(LINES - 3, 1, _("Stop the erase of %s (serial %s)? It is then not erased. (y/n)"), m->d[m->cursor].name,
		    m->d[m->cursor].serial);
	footer(st, result ? _("q: quit   l: back to the drives") : _("x: stop this drive   q: stop all and quit"));
}

void ms_station_draw(const struct station *st)
{
	erase();
	switch (st->m.screen) {
	case MS_UI_SESSION: draw_session(st); break;
	case MS_UI_LIST: draw_list(st); break;
	case MS_UI_PLAN: draw_plan(st); break;
	case MS_UI_CONFIRM: draw_confirm(st); break;
	case MS_UI_RUN: draw_run(st, false); break;
	case MS_UI_RESULT: draw_run(st, true); break;
	}
	refresh();
}

bool ms_station_fits(void)
{
	return COLS >= 80 && LINES >= 24;
}
