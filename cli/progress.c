/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "progress.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"

int ms_progress_mode_parse(const char *s, enum ms_progress_mode *out)
{
	if (strcmp(s, "auto") == 0)
		*out = isatty(STDERR_FILENO) ? MS_PROGRESS_BAR : MS_PROGRESS_NONE;
	else if (strcmp(s, "bar") == 0)
		*out = MS_PROGRESS_BAR;
	else if (strcmp(s, "json") == 0)
		*out = MS_PROGRESS_JSON;
	else if (strcmp(s, "none") == 0)
		*out = MS_PROGRESS_NONE;
	else
		return -EINVAL;
	return 0;
}

int ms_board_init(struct ms_board *b, enum ms_progress_mode mode, size_t n)
{
	memset(b, 0, sizeof *b);
	b->mode = mode;
	b->n = n;
	b->lines = calloc(n ? n : 1, sizeof *b->lines);
	if (!b->lines)
		return -ENOMEM;
	pthread_mutex_init(&b->mu, NULL);
	return 0;
}

void ms_board_free(struct ms_board *b)
{
	free(b->lines);
	pthread_mutex_destroy(&b->mu);
}

static void fmt_eta(double s, char *out, size_t len)
{
	if (s < 0) {
		snprintf(out, len, "--:--");
		return;
	}
	unsigned long t = (unsigned long)(s + 0.5);
	if (t >= 3600)
		snprintf(out, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(out, len, "%lu:%02lu", t / 60, t % 60);
}

static void redraw(struct ms_board *b)
{
	if (b->drawn)
		fprintf(stderr, "\033[%zuA", b->n);
	for (size_t i = 0; i < b->n; i++)
		fprintf(stderr, "\r\033[K%s\n", b->lines[i]);
	b->drawn = true;
	fflush(stderr);
}

const char *ms_board_label(const char *device, const char *serial, char *buf, size_t len)
{
	/* /dev/sdb and /dev/disk/by-id/ata-… → sdb (the kernel's name); emu:PROFILE:/tmp/a.img,flip=1
	 * → a.img; an image file → its name. Colons are part of by-path names and image
	 * paths: only the emulated drive's prefix is cut at them. */
	char path[PATH_MAX], real[PATH_MAX];
	const char *p = device;
	if (strncmp(p, "emu:", 4) == 0 && strchr(p + 4, ':'))
		p = strchr(p + 4, ':') + 1;
	ms_strlcpy(path, p, sizeof path);
	if (p != device)
		path[strcspn(path, ",")] = '\0';
	else if (strncmp(path, "/dev/", 5) == 0 && realpath(path, real))
		ms_strlcpy(path, real, sizeof path);
	const char *slash = strrchr(path, '/');
	const char *name = slash && slash[1] ? slash + 1 : path;
	snprintf(buf, len, "%s%s%s", name, serial && serial[0] ? " " : "", serial ? serial : "");
	return buf;
}

/* One line of --progress json: the drive's names, then what the caller set in o. */
static void json_line(struct ms_board_slot *s, struct ms_json *o)
{
	struct ms_json *l = ms_json_obj();
	char label[160];
	ms_json_set_str(l, "device", s->device);
	ms_json_set_str(l, "name", ms_board_label(s->device, NULL, label, sizeof label));
	ms_json_set_str(l, "serial", s->serial[0] ? s->serial : NULL);
	ms_json_merge(l, o);
	char *line = ms_json_render(l, 0);
	ms_json_free(l);
	if (line) {
		fprintf(stderr, "%s\n", line);
		fflush(stderr);
		free(line);
	}
}

void ms_board_end(struct ms_board_slot *s, const char *outcome, int exit_status)
{
	struct ms_board *b = s->board;
	if (b->mode != MS_PROGRESS_JSON)
		return;
	pthread_mutex_lock(&b->mu);
	s->ended = true;
	struct ms_json *o = ms_json_obj();
	ms_json_set_str(o, "phase", "end");
	ms_json_set_str(o, "outcome", outcome);
	ms_json_set_u64(o, "exit_status", (uint64_t)exit_status);
	json_line(s, o);
	pthread_mutex_unlock(&b->mu);
}

void ms_board_end_rest(struct ms_board_slot *slots, size_t n, int exit_status)
{
	for (size_t i = 0; i < n; i++)
		if (!slots[i].ended)
			ms_board_end(&slots[i], "not run", exit_status);
}

void ms_board_update(void *vs, const struct ms_progress *p)
{
	struct ms_board_slot *s = vs;
	struct ms_board *b = s->board;
	double pct = p->total ? 100.0 * (double)p->done / (double)p->total : 100.0;
	bool write = strcmp(p->phase, "write") == 0;
	char what[32], label[160];
	if (write)
		snprintf(what, sizeof what, _("pass %zu/%zu"), p->pass, p->passes);
	else
		/* the engines' phases are words of the JSON lines; people read them translated */
		snprintf(what, sizeof what, "%s", strcmp(p->phase, "verify") == 0 ? _("verify") :
			 strcmp(p->phase, "sanitize") == 0 ? _("sanitize") : p->phase);
	pthread_mutex_lock(&b->mu);
	if (p->job && !s->serial[0])
		ms_strlcpy(s->serial, p->job->dev.serial, sizeof s->serial);
	if (b->mode == MS_PROGRESS_JSON) {
		struct ms_json *o = ms_json_obj();
		ms_json_set_str(o, "phase", p->phase);
		/* only writing has passes: the read-back and a firmware's run are not one */
		if (write) {
			ms_json_set_u64(o, "pass", p->pass);
			ms_json_set_u64(o, "passes", p->passes);
		}
		ms_json_set_u64(o, "done_bytes", p->done);
		ms_json_set_u64(o, "total_bytes", p->total);
		ms_json_set(o, "percent", ms_json_double(pct, 1));
		ms_json_set(o, "rate_bytes_per_s", ms_json_double(p->rate, 0));
		ms_json_set(o, "eta_s", ms_json_double(p->eta < 0 ? 0 : p->eta, 0));
		json_line(s, o);
	} else if (b->mode == MS_PROGRESS_BAR) {
		char bar[26], eta[16];
		int fill = (int)(pct / 4);
		for (int i = 0; i < 25; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[25] = '\0';
		fmt_eta(p->eta, eta, sizeof eta);
		snprintf(b->lines[s->index], sizeof b->lines[0], "%-28s %-9s [%s] %5.1f%% %7.1f MB/s %s %s",
			 ms_board_label(s->device, s->serial, label, sizeof label), what, bar, pct, p->rate / 1e6,
			 /* TRANSLATORS: estimated time left, before the time */ _("ETA"), eta);
		redraw(b);
	}
	pthread_mutex_unlock(&b->mu);
}

void ms_board_finish(struct ms_board *b)
{
	pthread_mutex_lock(&b->mu);
	b->drawn = false;
	fflush(stderr);
	pthread_mutex_unlock(&b->mu);
}
