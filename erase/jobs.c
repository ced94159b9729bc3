/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "jobs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"
#include "journal.h"

struct scan {
	const char *identity;
	struct ms_unfinished *out;
	size_t max, n;
	char file[256];
	struct ms_unfinished cur;
	bool planned, ended, certifying, cert_due, cert_done, superseded;
};

static void copy(char *dst, size_t len, const struct ms_json *o, const char *key)
{
	const char *v = ms_json_get_str(o, key);
	ms_strlcpy(dst, v ? v : "", len);
}

/* The end of one journal: keep its job if it did not end. A job whose record was written
 * ended, unless its certificate was being issued when it stopped. */
static void commit(struct scan *s)
{
	/* a certificate was due (a key was given) and none was issued or declined */
	bool cert_missing = s->cert_due && s->cur.record_written && !s->cert_done && !s->superseded;
	bool open = s->planned && (!s->ended || s->certifying || cert_missing);
	if (open && (!s->identity || strcmp(s->identity, s->cur.identity) == 0)) {
		if (s->n < s->max)
			s->out[s->n] = s->cur;
		s->n++;
	}
	memset(&s->cur, 0, sizeof s->cur);
	s->planned = s->ended = s->certifying = s->cert_due = s->cert_done = s->superseded = false;
}

static void phase(struct scan *s, const char *ev, const struct ms_json *e)
{
	uint64_t pass = 0;
	if (strcmp(ev, "pass-start") == 0 && ms_json_get_u64(e, "pass", &pass) == 0) {
		const char *pat = ms_json_get_str(e, "pattern");
		snprintf(s->cur.phase, sizeof s->cur.phase, N_("overwrite pass %llu (%s)"), (unsigned long long)pass,
			 pat ? pat : "?");
	} else if (strcmp(ev, "state") == 0) {
		const char *st = ms_json_get_str(e, "state");
		if (st && strcmp(st, "verifying") == 0)
			snprintf(s->cur.phase, sizeof s->cur.phase, "verifying");
		else if (st && strcmp(st, "running") == 0 && !s->cur.phase[0])
			snprintf(s->cur.phase, sizeof s->cur.phase, "%s", s->cur.method);
	} else if (strcmp(ev, "command") == 0) {
		const char *c = ms_json_get_str(e, "command");
		if (c && strncmp(c, "IDENTIFY", 8) != 0 && strncmp(c, "READ", 4) != 0)
			snprintf(s->cur.phase, sizeof s->cur.phase, N_("%s sent"), c);
	} else if (strcmp(ev, "planned") != 0) {
		snprintf(s->cur.phase, sizeof s->cur.phase, "%s", ev);
	}
}

static int line(void *ctx, const char *file, const struct ms_json *e)
{
	struct scan *s = ctx;
	if (strcmp(file, s->file) != 0) {
		commit(s);
		ms_strlcpy(s->file, file, sizeof s->file);
	}
	const char *ev = ms_json_get_str(e, "event");
	if (!ev)
		return 0; /* a torn last line */
	copy(s->cur.stopped, sizeof s->cur.stopped, e, "ts");
	if (strcmp(ev, "planned") == 0) {
		const struct ms_json *d = ms_json_get(e, "device");
		const struct ms_json *due = ms_json_get(e, "certificate");
		s->planned = true;
		s->cert_due = due && due->type == MS_JBOOL && due->b;
		copy(s->cur.job, sizeof s->cur.job, e, "job");
		copy(s->cur.started, sizeof s->cur.started, e, "ts");
		copy(s->cur.method, sizeof s->cur.method, e, "method");
		copy(s->cur.device, sizeof s->cur.device, d, "path");
		copy(s->cur.model, sizeof s->cur.model, d, "model");
		copy(s->cur.serial, sizeof s->cur.serial, d, "serial");
		copy(s->cur.identity, sizeof s->cur.identity, d ? d : e, "identity_hash");
	} else if (strcmp(ev, "record-written") == 0 || strcmp(ev, "record-failed") == 0) {
		s->ended = true;
		s->cur.record_written = strcmp(ev, "record-written") == 0;
		copy(s->cur.record, sizeof s->cur.record, e, "record");
	} else if (strcmp(ev, "certifying") == 0) {
		s->certifying = true;
	} else if (strncmp(ev, "certificate-", 12) == 0) {
		s->certifying = false;
		s->cert_done = true;
	} else if (strcmp(ev, "superseded") == 0) {
		s->ended = s->superseded = true;
		s->certifying = false;
	} else if (strcmp(ev, "ata-password") == 0) {
		s->cur.password_set = true;
	} else if (strcmp(ev, "ata-password-cleared") == 0) {
		s->cur.password_set = false;
	}
	phase(s, ev, e);
	return 0;
}

int ms_jobs_unfinished(const char *state_dir, const char *identity, struct ms_unfinished *out, size_t max)
{
	struct scan s = {.identity = identity, .out = out, .max = max};
	int r = ms_journal_replay(state_dir, line, &s);
	commit(&s);
	/* a password found in a journal is no one's business here: the list keeps none */
	return r < 0 ? r : (int)s.n;
}

int ms_jobs_supersede(const char *state_dir, const char *old, const char *by, const char *record)
{
	struct ms_json *f = ms_json_obj();
	ms_json_set_str(f, "by", by);
	ms_json_set_str(f, "record", record);
	return ms_journal_append_to(state_dir, old, "superseded", f);
}
