/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The station's results sent to the central store after each batch (the configuration's
 * "collect"; docs/fleet.md). The same push as `massho report push` (report/push.h): what
 * the database could not take stays queued on the output medium and goes with the next
 * batch, or with `massho report push` (the boot image runs it before powering off). */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../report/db.h"
#include "../report/push.h"
#include "../util/i18n.h"
#include "../util/util.h"
#include "station_int.h"

void ms_station_collect(struct station *st)
{
	const struct ms_station_opts *o = st->o;
	struct ms_ui_model *m = &st->m;
	if (!o->cfg || !o->cfg->v[MS_CFG_COLLECT][0] || !o->config_path)
		return;
	char dir[PATH_MAX], uri[MS_CONFIG_VALUE + 1], why[400] = "", buf[600];
	ms_path_dir(o->config_path, dir, sizeof dir);
	ms_strlcpy(uri, o->cfg->v[MS_CFG_COLLECT], sizeof uri);
	struct ms_db_opts dbo = {.uri = uri, .tls_dir = dir};
	struct ms_push_report p = {0};
	struct ms_db *db = NULL;
	/* Connecting may take the connect timeout: the jobs are over, nothing waits for mu. */
	pthread_mutex_unlock(&st->mu);
	int r = ms_db_connect(&dbo, &db, why, sizeof why);
	if (!r) {
		r = ms_push_dir(db, o->out_dir, o->state_dir, false, &p, why, sizeof why);
		ms_db_close(db);
	}
	size_t queued = 0;
	ms_push_pending(o->out_dir, o->state_dir, &queued);
	pthread_mutex_lock(&st->mu);
	m->collect_failed = r != 0 || p.conflicts || p.bad || p.unsigned_ledger;
	if (r)
		snprintf(m->collected, sizeof m->collected, _("not collected (%zu queued): %s"), queued,
			 ms_station_tr(st, why, buf, sizeof buf));
	else if (p.conflicts || p.bad)
		snprintf(m->collected, sizeof m->collected, _("collected, but %zu refused: %s"), p.conflicts + p.bad,
			 ms_station_tr(st, p.conflicts ? p.conflict : p.bad_file, buf, sizeof buf));
	else
		snprintf(m->collected, sizeof m->collected, _("collected: %zu sent now, %zu queued"), p.sent + p.present,
			 queued);
}
