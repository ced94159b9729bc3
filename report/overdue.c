/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "overdue.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../erase/journal.h"
#include "../util/i18n.h"
#include "../util/util.h"
#include "custody.h"

/* What the journals say: the handovers written here and the handovers completed here. */
struct scan {
	struct ms_json *written;   /* [{record, sha256}] of HO-… records */
	struct ms_json *completed; /* [id] */
};

static int scan_line(void *vctx, const char *file, const struct ms_json *e)
{
	struct scan *s = vctx;
	(void)file;
	const char *ev = ms_json_get_str(e, "event");
	if (!ev)
		return 0;
	if (strcmp(ev, "completes") == 0 && ms_json_get_str(e, "handover")) {
		ms_json_push(s->completed, ms_json_str(ms_json_get_str(e, "handover")));
		return 0;
	}
	const char *rec = ms_json_get_str(e, "record"), *sha = ms_json_get_str(e, "sha256");
	if (strcmp(ev, "record-written") != 0 || !rec || !sha || strncmp(ms_path_base(rec), "HO-", 3) != 0)
		return 0;
	struct ms_json *w = ms_json_obj();
	ms_json_set_str(w, "record", rec);
	ms_json_set_str(w, "sha256", sha);
	ms_json_push(s->written, w);
	return 0;
}

static bool in(const struct ms_json *list, const char *id)
{
	for (size_t i = 0; id && i < list->n; i++)
		if (strcmp(list->items[i]->s, id) == 0)
			return true;
	return false;
}

/* Whole days from the date "YYYY-MM-DD" to today (both as calendar dates). */
static long days_since(const char *date, const char *today)
{
	struct tm a = {0}, b = {0};
	strptime(date, "%Y-%m-%d", &a);
	strptime(today, "%Y-%m-%d", &b);
	return (long)((timegm(&b) - timegm(&a)) / 86400);
}

/* The overdue entry of one journaled handover, or NULL when it is not overdue. */
static struct ms_json *judge(const struct ms_json *w, const struct ms_json *completed, const char *today,
			     time_t now, bool *done)
{
	const char *path = ms_json_get_str(w, "record"), *want = ms_json_get_str(w, "sha256");
	struct ms_json *ho = NULL;
	char sha[65] = "", why[300] = "";
	int r = ms_custody_load(path, "handover", &ho, sha, why, sizeof why);
	if (!r && strcmp(sha, want) != 0)
		snprintf(why, sizeof why, N_("the file is not the handover journaled here (SHA-256 %.16s…, journaled %.16s…)"),
			 sha, want);
	const char *id = ho ? ms_json_get_str(ho, "record_id") : NULL;
	const char *by = ho ? ms_json_get_str(ho, "destroy_by") : NULL;
	*done = !why[0] && in(completed, id);
	if (!why[0] && !*done && (!by || !ms_date_valid(by))) /* no deadline to judge by: listed, not taken as met */
		snprintf(why, sizeof why, N_("the handover has no valid deadline (destroy_by)"));
	if (!why[0] && (*done || !ms_date_past(by, now))) {
		ms_json_free(ho);
		return NULL;
	}
	struct ms_json *o = ms_json_obj();
	char base[96];
	ms_strlcpy(base, ms_path_base(path), sizeof base);
	char *dot = strrchr(base, '.');
	if (dot)
		*dot = '\0';
	ms_json_set_str(o, "record_id", id ? id : base);
	ms_json_set_str(o, "record", path);
	ms_json_set(o, "destroy_by", by ? ms_json_str(by) : ms_json_null());
	if (by && ms_date_valid(by))
		ms_json_set_i64(o, "days_overdue", days_since(by, today));
	else
		ms_json_set(o, "days_overdue", ms_json_null());
	const struct ms_json *dev = ho ? ms_json_get(ho, "device") : NULL;
	struct ms_json *d = ms_json_obj();
	ms_json_set_str(d, "model", dev && ms_json_get_str(dev, "model") ? ms_json_get_str(dev, "model") : "");
	ms_json_set_str(d, "serial", dev && ms_json_get_str(dev, "serial") ? ms_json_get_str(dev, "serial") : "");
	ms_json_set(o, "device", d);
	ms_json_set_str(o, "class", ho && ms_json_get_str(ho, "class") ? ms_json_get_str(ho, "class") : "");
	ms_json_set_str(o, "witness", ho && ms_json_get_str(ho, "witness") ? ms_json_get_str(ho, "witness") : "");
	ms_json_set(o, "problem", why[0] ? ms_json_str(why) : ms_json_null());
	ms_json_free(ho);
	return o;
}

int ms_custody_overdue(const char *state_dir, time_t now, struct ms_json **out)
{
	char obj[PATH_MAX], why[200], today[16];
	struct stat st;
	char jdir[PATH_MAX];
	snprintf(jdir, sizeof jdir, "%s/journal", state_dir);
	if (stat(jdir, &st) != 0)
		return -errno;
	/* a journal directory others can write to vouches for nothing (it exists: nothing is made) */
	int e = ms_journal_dir_check(state_dir, obj, sizeof obj, why, sizeof why);
	if (e)
		return e;
	struct scan s = {.written = ms_json_arr(), .completed = ms_json_arr()};
	int r = ms_journal_replay(state_dir, scan_line, &s);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	struct ms_json *list = ms_json_arr();
	size_t done = 0;
	for (size_t i = 0; !r && i < s.written->n; i++) {
		bool d = false;
		struct ms_json *o = judge(s.written->items[i], s.completed, today, now, &d);
		done += d;
		if (o)
			ms_json_push(list, o);
	}
	struct ms_json *res = ms_json_obj();
	ms_json_set_str(res, "state_dir", state_dir);
	ms_json_set_str(res, "checked_on", today);
	ms_json_set_u64(res, "handovers", s.written->n);
	ms_json_set_u64(res, "completed", done);
	ms_json_set(res, "overdue", list);
	ms_json_free(s.written);
	ms_json_free(s.completed);
	if (r) {
		ms_json_free(res);
		return r;
	}
	*out = res;
	return 0;
}
