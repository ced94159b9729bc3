/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "custody.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../util/atomic.h"
#include "../util/i18n.h"
#include "../util/util.h"
#include "../erase/journal.h"
#include "record.h"

static struct ms_json *copy_str(const struct ms_json *o, const char *dotted)
{
	const struct ms_json *v = ms_json_path(o, dotted);
	return ms_json_str(v && v->type == MS_JSTR ? v->s : "");
}

static void now_iso(char *out, size_t len)
{
	struct timespec ts;
	ms_now(&ts);
	ms_iso_time(&ts, out, len);
}

bool ms_date_valid(const char *s)
{
	struct tm tm = {0};
	const char *end = s ? strptime(s, "%Y-%m-%d", &tm) : NULL;
	return end && !*end && strlen(s) == 10;
}

bool ms_date_past(const char *date, time_t now)
{
	struct tm tm;
	char today[16];
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	return strcmp(date, today) < 0; /* YYYY-MM-DD sorts as it counts */
}

int ms_time_parse(const char *s, time_t *out)
{
	struct tm tm = {0};
	const char *p = s ? strptime(s, "%Y-%m-%d", &tm) : NULL;
	if (!p || (*p != 'T' && *p != ' ') || !(p = strptime(p + 1, "%H:%M", &tm)))
		return -EINVAL;
	if (*p == ':' && !(p = strptime(p + 1, "%S", &tm)))
		return -EINVAL;
	long off = 0;
	bool utc = false;
	if (*p == 'Z') {
		utc = true;
		p++;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':' && strspn(p + 1, "0123456789") == 2 &&
		   strspn(p + 4, "0123456789") == 2) {
		utc = true;
		off = (long)((p[1] - '0') * 10 + p[2] - '0') * 3600 + (long)((p[4] - '0') * 10 + p[5] - '0') * 60;
		off = *p == '-' ? -off : off;
		p += 6;
	}
	if (*p || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -EINVAL;
	struct tm want = tm;
	tm.tm_isdst = -1;
	time_t t = utc ? timegm(&tm) - off : mktime(&tm);
	/* strptime takes 2026-02-31: a date that does not come back unchanged is not one */
	struct tm back;
	time_t local = utc ? t + off : t;
	if (utc)
		gmtime_r(&local, &back);
	else
		localtime_r(&local, &back);
	if (t == (time_t)-1 || back.tm_mday != want.tm_mday || back.tm_mon != want.tm_mon)
		return -EINVAL;
	*out = t;
	return 0;
}

static struct ms_json *device_ref(const struct ms_json *src)
{
	struct ms_json *d = ms_json_obj();
	ms_json_set(d, "model", copy_str(src, "device.model"));
	ms_json_set(d, "serial", copy_str(src, "device.serial"));
	ms_json_set(d, "wwn", copy_str(src, "device.wwn"));
	const struct ms_json *ih = ms_json_path(src, "device.identity_hash");
	if (ih && ih->type == MS_JSTR) {
		ms_json_set(d, "identity_hash", copy_str(src, "device.identity_hash"));
	} else { /* a drive identified by its label since its handover: say so, invent nothing */
		ms_json_set(d, "identity_hash", ms_json_null());
		ms_json_set_str(d, "identified_by", "label");
	}
	return d;
}

/* What every handover record starts with: its id, kind, the tool that wrote it, when.
 * NULL when no id can be made. */
static struct ms_json *handover_new(const struct ms_handover_meta *m)
{
	char id[48], t[48];
	if (ms_make_id("HO", id, sizeof id))
		return NULL;
	now_iso(t, sizeof t);
	struct ms_json *r = ms_json_obj();
	ms_json_set_u64(r, "schema_version", 1);
	ms_json_set_str(r, "record_id", id);
	ms_json_set_str(r, "kind", "handover");
	if (m->run)
		ms_record_run_json(r, m->run);
	ms_json_set_str(r, "issued_at", t);
	return r;
}

/* ... and its terms: class and Figure 41 row, what it awaits, the deadline, the people. */
static void handover_terms(struct ms_json *r, const char *cls, int64_t row, const struct ms_handover_meta *m)
{
	ms_json_set_str(r, "class", cls);
	ms_json_set_i64(r, "figure41_row", row);
	ms_json_set_str(r, "status", row == 1 ? "awaiting physical destruction" :
				     "awaiting the contractor's erasure or destruction");
	ms_json_set_str(r, "destroy_by", m->destroy_by);
	ms_json_set_str(r, "witness", m->witness ? m->witness : "");
	ms_json_set_str(r, "camera", m->camera ? m->camera : "");
	ms_json_set_str(r, "operator", m->operator_name ? m->operator_name : "");
}

struct ms_json *ms_handover_build(const struct ms_json *er, const char *er_sha, const struct ms_handover_meta *m)
{
	struct ms_json *r = handover_new(m);
	if (!r)
		return NULL;
	struct ms_json *ref = ms_json_obj();
	ms_json_set(ref, "record_id", copy_str(er, "record_id"));
	ms_json_set_str(ref, "sha256", er_sha);
	ms_json_set(ref, "method", copy_str(er, "method.id"));
	ms_json_set(ref, "outcome", copy_str(er, "outcome"));
	ms_json_set(r, "erasure", ref);
	ms_json_set(r, "device", device_ref(er));
	const char *cls = ms_json_get_str(ms_json_get(er, "policy"), "class");
	uint64_t row = 1, erow = 0;
	ms_json_get_u64(ms_json_get(er, "policy"), "figure41_row", &row);
	ms_json_get_u64(ms_json_get(er, "policy"), "erase_row", &erow);
	/* the level the erase on the premises reached (Figure 41: at least row 3's) */
	ms_json_set_i64(ref, "row_level", (int64_t)(erow ? erow : row == 1 ? 2 : row));
	handover_terms(r, cls ? cls : "mynumber", (int64_t)row, m);
	return r;
}

static struct ms_json *photos_json(const struct ms_photo *ph, size_t n)
{
	struct ms_json *a = ms_json_arr();
	for (size_t i = 0; i < n; i++) {
		struct ms_json *p = ms_json_obj();
		ms_json_set_str(p, "file", ph[i].name);
		ms_json_set_str(p, "sha256", ph[i].sha256);
		ms_json_set_u64(p, "bytes", ph[i].bytes);
		ms_json_push(a, p);
	}
	return a;
}

struct ms_json *ms_handover_label_build(const struct ms_handover_label *l, const struct ms_handover_meta *m)
{
	struct ms_json *r = handover_new(m);
	if (!r)
		return NULL;
	ms_json_set(r, "erasure", ms_json_null());
	struct ms_json *pre = ms_json_obj();
	ms_json_set_bool(pre, "done", false);
	ms_json_set_str(pre, "why", l->why ? l->why : "the drive does not answer");
	ms_json_set(r, "pre_erase", pre);
	struct ms_json *d = ms_json_obj();
	ms_json_set_str(d, "model", l->model);
	ms_json_set_str(d, "serial", l->serial);
	ms_json_set_str(d, "wwn", "");
	ms_json_set(d, "identity_hash", ms_json_null());
	ms_json_set_str(d, "identified_by", "label");
	ms_json_set(r, "device", d);
	handover_terms(r, l->cls, l->row, m);
	ms_json_set(r, "photos", photos_json(l->photos, l->nphotos));
	return r;
}

static long days_between(const char *from_date, const struct tm *to)
{
	struct tm a = {0};
	strptime(from_date, "%Y-%m-%d", &a);
	struct tm b = *to;
	b.tm_hour = b.tm_min = b.tm_sec = 0;
	a.tm_isdst = b.tm_isdst = -1;
	return (long)((mktime(&b) - mktime(&a)) / 86400);
}

struct ms_json *ms_destruction_build(const struct ms_json *ho, const char *ho_sha, const struct ms_destruction_meta *m)
{
	char id[48], t[48], when[48], today[16];
	if (ms_make_id("DS", id, sizeof id))
		return NULL;
	now_iso(t, sizeof t);
	struct timespec ts = {.tv_sec = m->destroyed_at ? m->destroyed_at : time(NULL)};
	ms_iso_time(&ts, when, sizeof when);
	struct tm tm;
	localtime_r(&ts.tv_sec, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	struct ms_json *r = ms_json_obj();
	ms_json_set_u64(r, "schema_version", 1);
	ms_json_set_str(r, "record_id", id);
	ms_json_set_str(r, "kind", "destruction");
	if (m->run)
		ms_record_run_json(r, m->run);
	/* when the drive was destroyed, and when this record of it was written */
	ms_json_set_str(r, "destroyed_at", when);
	ms_json_set_str(r, "recorded_at", t);
	struct ms_json *who = ms_json_obj();
	ms_json_set_str(who, "organisation", m->contractor ? m->contractor : "");
	ms_json_set_str(who, "person", m->operator_name ? m->operator_name : "");
	ms_json_set(r, "contractor", who);
	struct ms_json *ref = ms_json_obj();
	ms_json_set(ref, "record_id", copy_str(ho, "record_id"));
	ms_json_set_str(ref, "sha256", ho_sha);
	ms_json_set(r, "handover", ref);
	struct ms_json *eref = ms_json_obj();
	ms_json_set(eref, "record_id", copy_str(ho, "erasure.record_id"));
	ms_json_set(eref, "sha256", copy_str(ho, "erasure.sha256"));
	ms_json_set(r, "erasure", eref);
	ms_json_set(r, "device", device_ref(ho));
	/* the class and Figure 41 row the destruction completes, as the handover gave them (a
	 * handover before issue 13 was always My Number, row 1) */
	const char *cls = ms_json_get_str(ho, "class");
	uint64_t row = 1;
	if (ms_json_get_u64(ho, "figure41_row", &row) || row < 1 || row > 2)
		row = 1;
	ms_json_set_str(r, "class", cls ? cls : "mynumber");
	ms_json_set_u64(r, "figure41_row", row);
	ms_json_set_str(r, "identified_by", m->identified_by_hash ? "identity hash read from the drive" :
								     "serial number typed from the label (the drive did not answer)");
	if (!m->identified_by_hash)
		ms_json_set_str(r, "typed_serial", m->typed_serial ? m->typed_serial : "");
	ms_json_set_str(r, "method", m->method);
	ms_json_set_str(r, "equipment", m->equipment ? m->equipment : "");
	ms_json_set_str(r, "place", m->place ? m->place : "");
	ms_json_set_str(r, "witness", m->witness ? m->witness : "");
	ms_json_set_str(r, "camera", m->camera ? m->camera : "");
	ms_json_set_str(r, "operator", m->operator_name ? m->operator_name : "");
	ms_json_set(r, "photos", photos_json(m->photos, m->nphotos));
	const char *by = ms_json_get_str(ho, "destroy_by");
	long late = by && ms_date_valid(by) ? days_between(by, &tm) : 0;
	struct ms_json *dl = ms_json_obj();
	ms_json_set_str(dl, "destroy_by", by ? by : "");
	ms_json_set_str(dl, "destroyed_on", today);
	ms_json_set_bool(dl, "met", by && ms_date_valid(by) && late <= 0); /* no deadline: not "met" */
	ms_json_set_i64(dl, "days_late", late > 0 ? late : 0);
	ms_json_set(r, "deadline", dl);
	return r;
}

int ms_custody_write(const char *dir, const struct ms_json *rec, char *path, size_t len, char sha256[65])
{
	return ms_record_write(dir, rec, path, len, sha256);
}

int ms_custody_completed(const char *state_dir, const char *handover_id, char *by, size_t len)
{
	int r = ms_journal_find_completion(state_dir, handover_id, by, len);
	if (r < 0 && r != -ENOENT) /* a journal that cannot be read cannot say "not yet": fail closed */
		snprintf(by, len, N_("? (the journal cannot be read: %s)"), strerror(-r));
	return r != -ENOENT;
}

static int journaled_write(const char *dir, const char *state_dir, const struct ms_json *rec, const char *completes,
			   char *path, size_t len)
{
	/* A job of its own: its journal vouches for the record's bytes, so a journal that
	 * cannot be written stops it before the record exists. */
	char obj[4096], why[200], sha[65];
	int r = ms_journal_dir_check(state_dir, obj, sizeof obj, why, sizeof why);
	/* like mkdir without -p: a mistyped directory must not grow a new tree */
	if (!r && mkdir(dir, 0755) < 0 && errno != EEXIST)
		r = -errno;
	if (!r)
		r = ms_record_write(dir, rec, path, len, sha);
	return r ? r : ms_journal_note_record(state_dir, ms_json_get_str(rec, "record_id"), path, sha, completes);
}

int ms_destruction_write(const char *dir, const char *state_dir, const struct ms_json *rec, char *path, size_t len)
{
	return journaled_write(dir, state_dir, rec, ms_json_get_str(ms_json_get(rec, "handover"), "record_id"), path,
			       len);
}

int ms_handover_write(const char *dir, const char *state_dir, const struct ms_json *rec, char *path, size_t len)
{
	return journaled_write(dir, state_dir, rec, NULL, path, len);
}

int ms_custody_load(const char *path, const char *kind, struct ms_json **out, char sha256[65], char *why, size_t len)
{
	char *text;
	size_t n;
	int r = ms_read_file(path, &text, &n, MS_RECORD_MAX);
	if (r) {
		snprintf(why, len, N_("cannot read: %s"), strerror(-r));
		return r;
	}
	ms_sha256_hex(text, n, sha256);
	char err[128];
	struct ms_json *j = ms_json_parse(text, n, err, sizeof err);
	free(text);
	if (!j) {
		snprintf(why, len, N_("not valid JSON (%s)"), err);
		return -EINVAL;
	}
	if ((r = ms_custody_validate(j, kind, why, len))) {
		ms_json_free(j);
		return r;
	}
	*out = j;
	return 0;
}

int ms_custody_validate(const struct ms_json *j, const char *kind, char *why, size_t len)
{
	const char *k = ms_json_get_str(j, "kind");
	const struct ms_json *dev = ms_json_get(j, "device");
	const char *ih = ms_json_get_str(dev, "identity_hash");
	const char *id = ms_json_get_str(j, "record_id");
	const char *by = ms_json_get_str(dev, "identified_by"), *serial = ms_json_get_str(dev, "serial");
	bool label = !ih && by && strcmp(by, "label") == 0 && serial && serial[0];
	if (!k || strcmp(k, kind) != 0 || !id || !id[0] ||
	    (!label && (!ih || strlen(ih) != 64 || strspn(ih, "0123456789abcdef") != 64))) {
		snprintf(why, len, N_("not a %s record (kind, record_id or device.identity_hash missing)"), kind);
		return -EINVAL;
	}
	return 0;
}
