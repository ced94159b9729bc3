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
#include <unistd.h>

#include "../util/atomic.h"
#include "../util/json.h"
#include "../util/util.h"

struct ms_journal {
	int fd;
	char id[64];
	char path[PATH_MAX];
	pthread_mutex_t mu;
};

int ms_journal_open(const char *state_dir, const char *id, struct ms_journal **out)
{
	char dir[PATH_MAX];
	if (snprintf(dir, sizeof dir, "%s/journal", state_dir) >= (int)sizeof dir)
		return -ENAMETOOLONG;
	int r = ms_mkdirs(dir, 0700);
	if (r)
		return r;
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

int ms_journal_replay(const char *state_dir, ms_journal_fn fn, void *ctx)
{
	char dir[PATH_MAX];
	if (snprintf(dir, sizeof dir, "%s/journal", state_dir) >= (int)sizeof dir)
		return -ENAMETOOLONG;
	struct dirent **names;
	int n = scandir(dir, &names, journal_file, alphasort);
	if (n < 0)
		return -errno;
	int r = 0;
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];
		if (!r && snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) < (int)sizeof path) {
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
