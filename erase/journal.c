/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/atomic.h"
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
