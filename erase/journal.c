/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/atomic.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"

struct ms_journal {
	int fd;
	char id[64];
	char path[PATH_MAX];
	pthread_mutex_t mu;
};

/* A directory someone else can write to is one where a journal line (or a password) can
 * be planted or read: the state directory and its journal must be ours alone. */
static int private_dir(const char *dir, char *why, size_t len)
{
	struct stat st;
	if (stat(dir, &st) < 0) {
		int e = errno;
		snprintf(why, len, "%s", strerror(e));
		return -e;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, len, N_("not a directory"));
		return -ENOTDIR;
	}
	if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		snprintf(why, len, N_("writable by %s (mode %03o, owner %u): refusing to keep journals there; chmod 0700 it "
			 "or give another --state-dir"), st.st_uid != geteuid() ? N_("another user") : N_("others"),
			 (unsigned)(st.st_mode & 0777), (unsigned)st.st_uid);
		return -EPERM;
	}
	return 0;
}

int ms_journal_dir_check(const char *state_dir, char *obj, size_t objlen, char *why, size_t len)
{
	why[0] = '\0';
	if (snprintf(obj, objlen, "%s/journal", state_dir) >= (int)objlen) {
		snprintf(why, len, N_("path too long"));
		return -ENAMETOOLONG;
	}
	int r = ms_mkdirs(obj, 0700);
	if (r) {
		snprintf(why, len, "%s", strerror(-r));
		return r;
	}
	if ((r = private_dir(obj, why, len)))
		return r;
	ms_strlcpy(obj, state_dir, objlen);
	return private_dir(state_dir, why, len);
}

int ms_journal_open(const char *state_dir, const char *id, struct ms_journal **out)
{
	char dir[PATH_MAX], why[200];
	int r = ms_journal_dir_check(state_dir, dir, sizeof dir, why, sizeof why);
	if (r)
		return r;
	snprintf(dir, sizeof dir, "%s/journal", state_dir); /* fits: the check made it */
	struct ms_journal *j = calloc(1, sizeof *j);
	if (!j)
		return -ENOMEM;
	snprintf(j->path, sizeof j->path, "%s/%s.jsonl", dir, id);
	ms_strlcpy(j->id, id, sizeof j->id);
	j->fd = open(j->path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
	if (j->fd < 0) {
		r = -errno;
		free(j);
		return r;
	}
	/* The new name must survive a crash too. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	pthread_mutex_init(&j->mu, NULL);
	*out = j;
	return 0;
}

int ms_journal_append(struct ms_journal *j, const char *event, struct ms_json *fields)
{
	struct ms_json *o = ms_json_obj();
	struct timespec ts;
	char t[48];
	ms_now(&ts);
	ms_iso_time(&ts, t, sizeof t);
	ms_json_set_str(o, "ts", t);
	ms_json_set_str(o, "job", j->id);
	ms_json_set_str(o, "event", event);
	ms_json_merge(o, fields);
	char *line = ms_json_render(o, 0);
	ms_json_free(o);
	if (!line)
		return -ENOMEM;
	size_t len = strlen(line);
	line[len++] = '\n'; /* replaces the NUL; written with an explicit length */
	int r = 0;
	pthread_mutex_lock(&j->mu);
	ssize_t n = write(j->fd, line, len);
	if (n < 0)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO;
	else if (fdatasync(j->fd) < 0)
		r = -errno;
	pthread_mutex_unlock(&j->mu);
	free(line);
	return r;
}

const char *ms_journal_path(const struct ms_journal *j)
{
	return j->path;
}

void ms_journal_close(struct ms_journal *j)
{
	if (!j)
		return;
	close(j->fd);
	pthread_mutex_destroy(&j->mu);
	free(j);
}

int ms_journal_append_to(const char *state_dir, const char *id, const char *event, struct ms_json *fields)
{
	struct ms_journal j = {0};
	char why[200], dir[PATH_MAX];
	int r = ms_journal_dir_check(state_dir, dir, sizeof dir, why, sizeof why);
	if (!r && (!id[0] || strchr(id, '/') ||
		   snprintf(j.path, sizeof j.path, "%s/journal/%s.jsonl", state_dir, id) >= (int)sizeof j.path))
		r = -EINVAL;
	if (!r && (j.fd = open(j.path, O_WRONLY | O_APPEND | O_CLOEXEC)) < 0)
		r = -errno;
	if (r) {
		ms_json_free(fields);
		return r;
	}
	ms_strlcpy(j.id, id, sizeof j.id);
	pthread_mutex_init(&j.mu, NULL);
	r = ms_journal_append(&j, event, fields);
	close(j.fd);
	pthread_mutex_destroy(&j.mu);
	return r;
}

/* ---- reading ------------------------------------------------------------------------------- */

static int replay_file(const char *path, const char *name, ms_journal_fn fn, void *ctx)
{
	char *text;
	size_t len;
	int r = ms_read_file(path, &text, &len, 64 << 20);
	if (r)
		return r;
	char *save = NULL;
	for (char *l = strtok_r(text, "\n", &save); l && !r; l = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(l);
		struct ms_json *e = n <= (1u << 20) ? ms_json_parse(l, n, NULL, 0) : NULL;
		r = fn(ctx, name, e);
		ms_json_free(e);
	}
	ms_memzero(text, len); /* it may hold passwords */
	free(text);
	return r;
}

static int journal_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 6 && strcmp(d->d_name + n - 6, ".jsonl") == 0;
}

/* A journal is believed only when no one else could have written it: its directory and
 * the file belong to this user and are not writable by others. */
static bool trusted_file(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
	       !(st.st_mode & (S_IWGRP | S_IWOTH));
}

int ms_journal_replay(const char *state_dir, ms_journal_fn fn, void *ctx)
{
	char dir[PATH_MAX], why[200];
	if (snprintf(dir, sizeof dir, "%s/journal", state_dir) >= (int)sizeof dir)
		return -ENAMETOOLONG;
	int pr = private_dir(dir, why, sizeof why);
	if (pr == -EPERM)
		return -EPERM; /* journals others can write vouch for nothing */
	struct dirent **names;
	int n = scandir(dir, &names, journal_file, alphasort);
	if (n < 0)
		return -errno;
	int r = 0;
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];
		if (!r && snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) < (int)sizeof path &&
		    trusted_file(path)) {
			int e = replay_file(path, names[i]->d_name, fn, ctx);
			r = e > 0 ? e : 0; /* an unreadable journal is skipped, a stop is kept */
		}
		free(names[i]);
	}
	free(names);
	return r;
}

struct pw_search {
	const char *identity;
	char file[256];             /* the journal being read */
	char cur[64], job[64];      /* its last word on this drive's password */
	char found[64], found_job[64];
};

/* A journal's last word counts; of several, the newest (files are read oldest first). */
static void pw_commit(struct pw_search *s)
{
	if (s->cur[0]) {
		ms_strlcpy(s->found, s->cur, sizeof s->found);
		ms_strlcpy(s->found_job, s->job, sizeof s->found_job);
	}
	s->cur[0] = '\0';
}

static int pw_line(void *vctx, const char *file, const struct ms_json *e)
{
	struct pw_search *s = vctx;
	if (strcmp(file, s->file) != 0) {
		pw_commit(s);
		ms_strlcpy(s->file, file, sizeof s->file);
	}
	const char *ev = ms_json_get_str(e, "event"), *h = ms_json_get_str(e, "identity_hash");
	if (!ev || !h || strcmp(h, s->identity) != 0)
		return 0;
	if (strcmp(ev, "ata-password") == 0 && ms_json_get_str(e, "password")) {
		ms_strlcpy(s->cur, ms_json_get_str(e, "password"), sizeof s->cur);
		ms_strlcpy(s->job, ms_json_get_str(e, "job") ? ms_json_get_str(e, "job") : "", sizeof s->job);
	} else if (strcmp(ev, "ata-password-cleared") == 0) {
		s->cur[0] = '\0';
	}
	return 0;
}

int ms_journal_find_password(const char *state_dir, const char *identity, char *pw, size_t pwlen, char *job,
			     size_t joblen)
{
	struct pw_search s = {.identity = identity};
	ms_journal_replay(state_dir, pw_line, &s);
	pw_commit(&s);
	int r = s.found[0] ? 0 : -ENOENT;
	if (!r) {
		ms_strlcpy(pw, s.found, pwlen);
		ms_strlcpy(job, s.found_job, joblen);
	}
	ms_memzero(&s, sizeof s);
	return r;
}

/* ---- scrubbing a cleared password ------------------------------------------------------------ */

/* One line with its "password" replaced by null and "password_scrubbed": true (a line
 * scrubbed before is kept as it is). NULL: not JSON (a torn line). */
static char *scrubbed_line(const char *line, size_t n)
{
	struct ms_json *e = ms_json_parse(line, n, NULL, 0);
	const struct ms_json *pw = ms_json_get(e, "password");
	char *out = e && !(pw && pw->type == MS_JSTR) ? strndup(line, n) : NULL;
	if (pw && pw->type == MS_JSTR) {
		for (size_t i = 0; i < e->n; i++)
			if (strcmp(e->keys[i], "password") == 0) {
				ms_memzero(e->items[i]->s, strlen(e->items[i]->s));
				ms_json_free(e->items[i]);
				e->items[i] = ms_json_null();
			}
		ms_json_set_bool(e, "password_scrubbed", true);
		out = ms_json_render(e, 0);
	}
	ms_json_free(e);
	return out;
}

/* Rewrite a journal without the passwords in it (temp, fsync, rename, fsync dir) and
 * open the new file for appending. A torn line that names a password is dropped. */
static int scrub_file(const char *path, int *fd)
{
	char *text, dir[PATH_MAX];
	size_t len;
	int r = ms_read_file(path, &text, &len, 64 << 20);
	if (r)
		return r;
	struct ms_buf b = {0};
	for (char *l = text, *nl; l < text + len; l = nl + 1) {
		nl = memchr(l, '\n', (size_t)(text + len - l));
		if (!nl)
			nl = text + len;
		size_t n = (size_t)(nl - l);
		bool pw = memmem(l, n, "\"password\"", 10) != NULL;
		char *s = pw ? scrubbed_line(l, n) : NULL;
		if (s)
			ms_buf_puts(&b, s);
		else if (!pw)
			ms_buf_put(&b, l, n);
		free(s);
		if (n)
			ms_buf_put(&b, "\n", 1);
	}
	ms_memzero(text, len);
	free(text);
	ms_path_dir(path, dir, sizeof dir);
	r = b.oom ? -ENOMEM : ms_atomic_write(dir, ms_path_base(path), b.p ? b.p : "", b.len, 0600, 0);
	if (b.p)
		ms_memzero(b.p, b.len);
	free(b.p);
	if (!r && fd && (*fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) < 0)
		r = -errno;
	return r;
}

int ms_journal_scrub(struct ms_journal *j)
{
	pthread_mutex_lock(&j->mu);
	int fd = -1, r = scrub_file(j->path, &fd);
	if (!r) {
		close(j->fd);
		j->fd = fd;
	}
	pthread_mutex_unlock(&j->mu);
	return r;
}

int ms_journal_scrub_job(const char *state_dir, const char *job)
{
	char path[PATH_MAX];
	if (!job[0] || strchr(job, '/') ||
	    snprintf(path, sizeof path, "%s/journal/%s.jsonl", state_dir, job) >= (int)sizeof path)
		return -EINVAL;
	return scrub_file(path, NULL);
}

/* ---- records journaled at the end of a job ----------------------------------------------- */

int ms_journal_record_written(struct ms_journal *j, const char *path, const char *sha, int err)
{
	struct ms_json *ev = ms_json_obj();
	ms_json_set_str(ev, "record", path);
	ms_json_set(ev, "sha256", !err && sha && sha[0] ? ms_json_str(sha) : ms_json_null());
	ms_json_set_str(ev, "error", err ? strerror(-err) : "");
	return ms_journal_append(j, err ? "record-failed" : "record-written", ev);
}

int ms_journal_note_record(const char *state_dir, const char *job, const char *path, const char *sha,
			   const char *completes)
{
	struct ms_journal *j;
	int r = ms_journal_open(state_dir, job, &j);
	if (r)
		return r;
	if (completes) {
		struct ms_json *f = ms_json_obj();
		ms_json_set_str(f, "handover", completes);
		r = ms_journal_append(j, "completes", f);
	}
	if (!r)
		r = ms_journal_record_written(j, path, sha, 0);
	ms_journal_close(j);
	return r;
}

struct rec_search {
	const char *sha;
	struct ms_journal_hit *hit;
	bool found;
};

static int rec_line(void *vctx, const char *file, const struct ms_json *e)
{
	struct rec_search *s = vctx;
	const char *ev = ms_json_get_str(e, "event"), *sha = ms_json_get_str(e, "sha256");
	if (!ev || !sha || strcmp(ev, "record-written") != 0 || strcmp(sha, s->sha) != 0)
		return 0;
	ms_strlcpy(s->hit->file, file, sizeof s->hit->file);
	ms_strlcpy(s->hit->ts, ms_json_get_str(e, "ts") ? ms_json_get_str(e, "ts") : "", sizeof s->hit->ts);
	const char *rec = ms_json_get_str(e, "record"), *job = ms_json_get_str(e, "job");
	ms_strlcpy(s->hit->record, rec ? rec : "", sizeof s->hit->record);
	ms_strlcpy(s->hit->job, job ? job : "", sizeof s->hit->job);
	s->found = true;
	return 1;
}

int ms_journal_find_record(const char *state_dir, const char *sha256, struct ms_journal_hit *hit)
{
	struct rec_search s = {.sha = sha256, .hit = hit};
	memset(hit, 0, sizeof *hit);
	int r = ms_journal_replay(state_dir, rec_line, &s);
	if (s.found)
		return 0;
	return r < 0 ? r : -ENOENT;
}

struct completion {
	const char *id;
	char *by;
	size_t bylen;
};

static int completion_line(void *vctx, const char *file, const struct ms_json *e)
{
	struct completion *c = vctx;
	(void)file;
	const char *ev = ms_json_get_str(e, "event"), *h = ms_json_get_str(e, "handover");
	if (!ev || !h || strcmp(ev, "completes") != 0 || strcmp(h, c->id) != 0)
		return 0;
	const char *job = ms_json_get_str(e, "job");
	ms_strlcpy(c->by, job ? job : "?", c->bylen);
	return 1;
}

int ms_journal_find_completion(const char *state_dir, const char *handover_id, char *by, size_t bylen)
{
	struct completion c = {.id = handover_id, .by = by, .bylen = bylen};
	int r = ms_journal_replay(state_dir, completion_line, &c);
	return r == 1 ? 0 : r < 0 && r != -ENOENT ? r : -ENOENT;
}
