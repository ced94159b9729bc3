/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The unattended station (station.h): the station's discovery, plans and jobs — the same
 * ms_erase_batch() per drive — without a screen, for a contractor's bulk station booted
 * from the image. What a person would read goes out as lines through the front end. */
#include "station.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/i18n.h"
#include "../util/util.h"
#include "station_int.h"

struct watch {
	struct station *st;
	const struct ms_unattended *u;
	enum ms_ui_state was[MS_UI_MAX];
	time_t said[MS_UI_MAX];          /* when progress was last told, per drive */
	bool began;                      /* the first batch was started */
	bool none_told;                  /* "no drive to erase" was said */
	bool called_off;                 /* stopped before the first batch: nothing was tried */
	char message[300];               /* the model's last message, told */
};

static atomic_bool stop_asked;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&stop_asked, true);
}

static void say(const struct watch *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const struct watch *w, const char *fmt, ...)
{
	char text[1200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	/* A drive's strings come from the drive: no control character (an escape sequence
	 * could clear the console or rewrite a "not erased" line) reaches the console or log. */
	for (unsigned char *p = (unsigned char *)text; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			p[0] = p[1] = '?'; /* C1 controls, as UTF-8 */
	w->u->line(w->u->ctx, text);
}

/* The drive as the console names it: its device name, and its serial when known. */
static const char *who(const struct ms_ui_drive *d, char *out, size_t len)
{
	snprintf(out, len, "%s%s%s", d->name, d->serial[0] ? " " : "", d->serial);
	return out;
}

/* Each listed drive's plan, or why it is left alone — once per drive (mu held). */
static void tell_plans(struct watch *w)
{
	struct ms_ui_model *m = &w->st->m;
	char line[800], why[300], id[140];
	for (size_t i = 0; i < m->n; i++) {
		struct ms_ui_drive *d = &m->d[i];
		if (d->noted || d->state != MS_UI_IDLE || !(d->planned || (d->flags & MS_UI_REFUSED)) || !d->spec[0])
			continue;
		d->noted = true;
		ms_station_plan_line(w->st, d, line, sizeof line);
		if (!ms_ui_listed(w->st->o->cfg->v[MS_CFG_DRIVES], d))
			say(w, _("%s: not listed in the configuration's drives: left alone"), who(d, id, sizeof id));
		else if (ms_ui_erased_before(m, i))
			say(w, _("%s: already erased in this session"), who(d, id, sizeof id));
		else if (ms_ui_needs_unfreeze(d) && !w->st->o->cfg->unfreeze)
			say(w, _("%s: not erased: frozen, and the configuration does not allow the unfreeze (unfreeze = yes)"),
			    who(d, id, sizeof id));
		else if (ms_ui_needs_unfreeze(d))
			say(w, _("%s (%s): %s; frozen: unfrozen first by a suspend/resume, and erased alone"),
			    who(d, id, sizeof id), d->model, line);
		else if (!ms_ui_selectable(m, i, why, sizeof why))
			say(w, _("%s: not erased: %s"), who(d, id, sizeof id), d->flags & MS_UI_REFUSED ? line : why);
		else
			say(w, _("%s (%s): %s"), who(d, id, sizeof id), d->model, line);
	}
}

/* Starts, progress every u->progress_every seconds, and ends (mu held). */
static void tell_jobs(struct watch *w)
{
	struct ms_ui_model *m = &w->st->m;
	time_t now = time(NULL);
	char buf[600], id[140];
	for (size_t i = 0; i < m->n; i++) {
		const struct ms_ui_drive *d = &m->d[i];
		if (d->state == w->was[i] && d->state != MS_UI_RUNNING)
			continue;
		if (d->state == MS_UI_RUNNING && w->was[i] != MS_UI_RUNNING) {
			say(w, _("%s: erasing"), who(d, id, sizeof id));
			w->said[i] = now;
		} else if (d->state == MS_UI_RUNNING && now - w->said[i] >= w->u->progress_every) {
			say(w, _("%s: %s %.0f%%, %.0f MB/s"), who(d, id, sizeof id), ms_station_tr(w->st, d->phase, buf, sizeof buf),
			    100 * d->fraction, d->rate / 1e6);
			w->said[i] = now;
		} else if (d->state == MS_UI_DONE) {
			say(w, _("%s: erased; certificate %s"), who(d, id, sizeof id),
			    d->certificate[0] ? d->certificate : d->record);
		} else if (d->state == MS_UI_FAILED || d->state == MS_UI_CANCELLED) {
			say(w, _("%s: %s: %s"), who(d, id, sizeof id), d->state == MS_UI_FAILED ? _("FAILED") : _("stopped"),
			    ms_station_tr(w->st, d->outcome[0] ? d->outcome : _("see the station log"), buf, sizeof buf));
		}
		w->was[i] = d->state;
	}
}

/* The batch summary of the batch that ended, once (mu held). */
static void summarise(struct watch *w)
{
	struct station *st = w->st;
	if (!w->began || st->summarised)
		return;
	ms_station_summarise(st);
	if (st->m.summary[0])
		say(w, _("batch summary: %s"), st->m.summary);
	else if (st->m.message[0])
		say(w, "%s", st->m.message);
	if (st->m.collected[0])
		say(w, "%s", st->m.collected);
}

/* Between batches (mu held): the summary of the one that ended, then the next batch.
 * Returns false when the station is done (nothing left, and not waiting for more). */
static bool next_batch(struct watch *w)
{
	struct station *st = w->st;
	const struct ms_config *c = st->o->cfg;
	summarise(w);
	if (ms_ui_auto_select(&st->m, c->v[MS_CFG_DRIVES], c->unfreeze) == 0) {
		if (!w->began && !c->wait && !w->none_told)
			say(w, "%s", _("no drive to erase"));
		w->none_told = true;
		return c->wait;
	}
	if (w->u->go) { /* before every batch: a drive plugged in later is told, then counted down */
		pthread_mutex_unlock(&st->mu);
		bool go = w->u->go(w->u->ctx, &stop_asked);
		pthread_mutex_lock(&st->mu);
		if (!go || atomic_load(&stop_asked)) { /* stopped, or a signal during the countdown */
			for (size_t i = 0; i < st->m.n; i++)
				st->m.d[i].selected = false;
			w->called_off = !w->began;
			return false;
		}
	}
	w->began = true;
	st->summarised = false;
	ms_station_start_jobs(st);
	tell_jobs(w);
	return true;
}

static void tell_unfound(void *ctx, const char *token)
{
	say(ctx, _("%s: listed in the configuration's drives, but no such drive was found"), token);
}

/* Listed drives never erased: refused, or their row cannot be met here (the boot and
 * output media are not counted: they are never erased), and names or serials the list
 * gives that no drive had (each told). */
static size_t left_alone(const struct watch *w, const char *drives)
{
	const struct ms_ui_model *m = &w->st->m;
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct ms_ui_drive *d = &m->d[i];
		n += d->state == MS_UI_IDLE && d->spec[0] && !(d->flags & (MS_UI_BOOT | MS_UI_OUTPUT)) &&
		     ms_ui_listed(drives, d) && !ms_ui_erased_before(m, i);
	}
	return n + ms_ui_unfound(m, drives, tell_unfound, (void *)w);
}

/* The first look: again every 2 s until no new drive appears (USB drives enumerate
 * seconds after their bus), at most 10 s — a drive that comes later would be missed. */
static void settle(struct station *st)
{
	ms_station_scan(st);
	for (int k = 0; k < 5 && !st->o->ndevices && !atomic_load(&stop_asked); k++) {
		pthread_mutex_lock(&st->mu);
		size_t before = st->m.n;
		pthread_mutex_unlock(&st->mu);
		struct timespec two = {2, 0};
		nanosleep(&two, NULL);
		ms_station_scan(st);
		pthread_mutex_lock(&st->mu);
		bool same = st->m.n == before;
		pthread_mutex_unlock(&st->mu);
		if (same)
			break;
	}
}

int ms_station_unattended(const struct ms_station_opts *o, const struct ms_unattended *u,
			  struct ms_station_result *res)
{
	memset(res, 0, sizeof *res);
	if (!o->cfg->v[MS_CFG_DRIVES][0])
		return -EINVAL;
	struct station *st = ms_station_new(o);
	if (!st)
		return -ENOMEM;
	struct watch w = {.st = st, .u = u};
	struct sigaction sa = {.sa_handler = on_signal}, old[3];
	const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	atomic_store(&stop_asked, false);
	for (size_t i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	settle(st);
	bool more = true;
	time_t last = time(NULL), last_collect = last;
	while (!atomic_load(&stop_asked)) {
		bool over;
		pthread_mutex_lock(&st->mu);
		over = ms_ui_all_over(&st->m);
		pthread_mutex_unlock(&st->mu);
		/* a new look while waiting for drives; never while jobs run from the first look */
		if (over && o->cfg->wait && time(NULL) - last >= 3)
			ms_station_scan(st), last = time(NULL);
		pthread_mutex_lock(&st->mu);
		/* Waiting, with results the central store did not take: the backlog again, once a
		 * minute (the network may have come back). */
		if (over && o->cfg->wait && st->m.collect_failed && time(NULL) - last_collect >= 60) {
			ms_station_collect(st);
			say(&w, "%s", st->m.collected);
			last_collect = time(NULL);
		}
		ms_station_take_progress(st);
		tell_jobs(&w);
		tell_plans(&w);
		if (st->m.message[0] && strcmp(st->m.message, w.message) != 0) { /* e.g. too many drives */
			ms_strlcpy(w.message, st->m.message, sizeof w.message);
			say(&w, "%s", w.message);
		}
		if (ms_ui_all_over(&st->m))
			more = next_batch(&w);
		pthread_mutex_unlock(&st->mu);
		if (!more)
			break;
		struct timespec ts = {0, 250 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	pthread_mutex_lock(&st->mu);
	res->quit_running = !ms_ui_all_over(&st->m);
	pthread_mutex_unlock(&st->mu);
	ms_station_stop_all(st);
	pthread_mutex_lock(&st->mu);
	tell_jobs(&w);
	summarise(&w); /* the drives erased before a signal stopped the rest */
	res->left = w.called_off ? 0 : left_alone(&w, o->cfg->v[MS_CFG_DRIVES]);
	res->signalled = atomic_load(&stop_asked);
	pthread_mutex_unlock(&st->mu);
	for (size_t i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	ms_station_free(st, res);
	return 0;
}
