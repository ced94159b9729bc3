/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the station: what its runner (station.c), keys (keys.c) and screen (draw.c) share. */
#ifndef MS_UI_STATION_INT_H
#define MS_UI_STATION_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#include "../erase/batch.h"
#include "../report/issue.h"
#include "model.h"
#include "station.h"

struct station;

struct job {
	struct station *st;
	size_t idx;
	pthread_t th;
	bool started;
	atomic_bool abort;
	char spec[512], token[512], identity[65];
	const char *devs[1], *tokens[1];
	bool verify_full, unfreeze, custody;
	enum ms_class cls;
	struct ms_report_sink_ctx sctx;
	struct ms_erase_sink inner;     /* report/'s sink; certificates are issued under sign_mu */
	/* The engine's last progress, kept under its own lock: an engine never waits for the
	 * screen (which holds the model's lock while it draws); each turn copies it over. */
	pthread_mutex_t pmu;
	bool pnew;
	char phase[32];
	double fraction, rate, eta;
};

struct station {
	const struct ms_station_opts *o;
	struct ms_ui_model m;
	pthread_mutex_t mu, sign_mu;    /* mu: the model; sign_mu: one signature at a time */
	struct job jobs[MS_UI_MAX];
	time_t last_scan;
	bool quit, summarised;
	bool stopping;                  /* quitting: every job was told to stop; waiting for them */
	bool ask_quit;                  /* "stop the running jobs and quit?" is on screen */
	bool ask_cancel;                /* "stop this drive's job?" is on screen */
};

/* The session's fields on the screen, in order, and the configuration key of each. */
extern const enum ms_config_key ms_station_field_key[MS_UI_F_CLASS];

/* station.c */
struct station *ms_station_new(const struct ms_station_opts *o);  /* NULL: ENOMEM */
void ms_station_free(struct station *st, struct ms_station_result *res); /* res: the counts */
void ms_station_take_progress(struct station *st);  /* mu held */
void ms_station_scan(struct station *st);
void ms_station_plan_all(struct station *st);
void ms_station_start_jobs(struct station *st);   /* mu held */
void ms_station_stop_all(struct station *st);     /* abort every job and wait for them */
void ms_station_summarise(struct station *st);    /* mu held: the batch summary, once */
/* collect.c: mu held (released while sending): the results sent to the configuration's
 * "collect" store, when set; m.collected says how it went. */
void ms_station_collect(struct station *st);

/* keys.c: one key (a wide character, or a curses KEY_ code when is_key). mu held. */
void ms_station_key(struct station *st, int is_key, unsigned ch);
/* Copy the session screen's fields into the configuration, and save it when it has a path. */
void ms_station_keep_session(struct station *st);

/* draw.c: the whole screen from the model. mu held. */
void ms_station_draw(const struct station *st);
/* A text the library wrote (English), translated for the operator (o->l10n). */
const char *ms_station_tr(const struct station *st, const char *english, char *buf, size_t len);
/* One line: what will happen to drive d, or why it cannot be chosen (translated). */
void ms_station_plan_line(const struct station *st, const struct ms_ui_drive *d, char *out, size_t len);
/* Does the terminal hold at least 80x24? */
bool ms_station_fits(void);

#endif
