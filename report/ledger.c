/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "../util/atomic.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"

static const char GENESIS[] = "0000000000000000000000000000000000000000000000000000000000000000";

/* The entry's hash covers its canonical rendering without the "hash" member. */
static void entry_hash(struct ms_json *e, char out[65])
{
	char *t = ms_json_render(e, 0);
	ms_sha256_hex(t ? t : "", t ? strlen(t) : 0, out);
	free(t);
}

static int read_head(const char *state, uint64_t *count, char last[65])
{
	char path[PATH_MAX], *text;
	snprintf(path, sizeof path, "%s/ledger.head", state);
	*count = 0;
	strcpy(last, GENESIS);
	if (ms_read_file(path, &text, NULL, 4096))
		return -ENOENT;
	struct ms_json *h = ms_json_parse(text, strlen(text), NULL, 0);
	free(text);
	const char *l = ms_json_get_str(h, "last_hash");
	int r = h && l && strlen(l) == 64 && ms_json_get_u64(h, "count", count) == 0 ? 0 : -EBADMSG;
	if (!r)
		strcpy(last, l);
	ms_json_free(h);
	return r;
}

struct ms_ledger {
	int fd;
	uint64_t count;
	char last[65], state[PATH_MAX], head[160];
	size_t headlen;
};

int ms_ledger_open(const char *state, struct ms_ledger **out)
{
	char path[PATH_MAX];
	int r = ms_mkdirs(state, 0700);
	if (r)
		return r;
	struct ms_ledger *l = calloc(1, sizeof *l);
	if (!l)
		return -ENOMEM;
	snprintf(path, sizeof path, "%s/ledger.jsonl", state);
	ms_strlcpy(l->state, state, sizeof l->state);
	l->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (l->fd < 0) {
		r = -errno;
		free(l);
		return r;
	}
	flock(l->fd, LOCK_EX); /* several massho processes on one station */
	if (read_head(state, &l->count, l->last) == -EBADMSG) {
		ms_ledger_close(l);
		return -EBADMSG;
	}
	*out = l;
	return 0;
}

uint64_t ms_ledger_count(const struct ms_ledger *l)
{
	return l->count;
}

const char *ms_ledger_last(const struct ms_ledger *l)
{
	return l->last;
}

const char *ms_ledger_dir(const struct ms_ledger *l)
{
	return l->state;
}

size_t ms_ledger_head_text(const struct ms_ledger *l, char *buf, size_t len)
{
	if (!l->headlen || l->headlen >= len)
		return 0;
	memcpy(buf, l->head, l->headlen);
	return l->headlen;
}

void ms_ledger_close(struct ms_ledger *l)
{
	if (!l)
		return;
	close(l->fd); /* releases the lock */
	free(l);
}

int ms_ledger_add(struct ms_ledger *l, const char *kind, const char *record_id, const char *file, const char *sha)
{
	char t[48], hash[65];
	struct timespec ts;
	ms_now(&ts);
	ms_iso_time(&ts, t, sizeof t);
	struct ms_json *e = ms_json_obj();
	ms_json_set_u64(e, "seq", l->count + 1);
	ms_json_set_str(e, "time", t);
	ms_json_set_str(e, "kind", kind);
	ms_json_set_str(e, "record_id", record_id);
	ms_json_set_str(e, "file", file);
	ms_json_set_str(e, "sha256", sha);
	ms_json_set_str(e, "prev", l->last);
	entry_hash(e, hash);
	ms_json_set_str(e, "hash", hash);
	char *line = ms_json_render(e, 0);
	ms_json_free(e);
	if (!line)
		return -ENOMEM;
	size_t n = strlen(line);
	line[n] = '\n';
	int r = write(l->fd, line, n + 1) == (ssize_t)(n + 1) && fsync(l->fd) == 0 ? 0 : -EIO;
	free(line);
	if (r)
		return r;
	int hl = snprintf(l->head, sizeof l->head, "{\"count\":%llu,\"last_hash\":\"%s\"}\n",
			  (unsigned long long)l->count + 1, hash);
	l->headlen = (size_t)hl;
	if ((r = ms_atomic_write(l->state, "ledger.head", l->head, l->headlen, 0600, 0)))
		return r;
	l->count++;
	strcpy(l->last, hash);
	return 0;
}

int ms_ledger_append(const char *state, const char *kind, const char *record_id, const char *file, const char *sha)
{
	struct ms_ledger *l;
	int r = ms_ledger_open(state, &l);
	if (r)
		return r;
	r = ms_ledger_add(l, kind, record_id, file, sha);
	ms_ledger_close(l);
	return r;
}

int ms_ledger_walk(const char *state, size_t *count, ms_ledger_fn fn, void *ctx, char *why, size_t len)
{
	char path[PATH_MAX], *text, prev[65];
	snprintf(path, sizeof path, "%s/ledger.jsonl", state);
	if (ms_read_file(path, &text, NULL, 256 << 20)) {
		snprintf(why, len, N_("%s: no ledger"), path);
		return -ENOENT;
	}
	strcpy(prev, GENESIS);
	uint64_t seq = 0;
	int r = 0, line = 0;
	char *save = NULL;
	bool break_walk = false;
	for (char *l = strtok_r(text, "\n", &save); l && !r && !break_walk; l = strtok_r(NULL, "\n", &save)) {
		line++;
		struct ms_json *e = ms_json_parse(l, strlen(l), NULL, 0);
		uint64_t s = 0;
		const char *h = ms_json_get_str(e, "hash"), *p = ms_json_get_str(e, "prev");
		char hcopy[65] = "", want[65];
		if (!e || !h || !p || ms_json_get_u64(e, "seq", &s)) {
			snprintf(why, len, N_("%s:%d: not a ledger entry"), path, line);
			r = -EBADMSG;
		} else {
			ms_strlcpy(hcopy, h, sizeof hcopy);
			/* recompute without the hash member (it is the last one) */
			free(e->keys[e->n - 1]);
			ms_json_free(e->items[e->n - 1]);
			e->n--;
			entry_hash(e, want);
			if (s != seq + 1) {
				snprintf(why, len, N_("%s:%d: entry %llu follows entry %llu: an entry was removed or reordered"),
					 path, line, (unsigned long long)s, (unsigned long long)seq);
				r = -EBADMSG;
			} else if (strcmp(p, prev) != 0) {
				snprintf(why, len, N_("%s:%d: the chain is broken (prev does not match entry %llu)"), path, line,
					 (unsigned long long)seq);
				r = -EBADMSG;
			} else if (strcmp(want, hcopy) != 0) {
				snprintf(why, len, N_("%s:%d: entry %llu was altered (its hash does not match)"), path, line,
					 (unsigned long long)s);
				r = -EBADMSG;
			}
			seq = s;
			strcpy(prev, hcopy);
			if (!r && fn) {
				ms_json_set_str(e, "hash", hcopy); /* the entry as it is in the file */
				if (fn(ctx, e))
					break_walk = true;
			}
		}
		ms_json_free(e);
	}
	free(text);
	uint64_t hc;
	char hl[65];
	if (!r && !break_walk) {
		if (read_head(state, &hc, hl)) {
			snprintf(why, len, N_("%s/ledger.head: missing or damaged"), state);
			r = -EBADMSG;
		} else if (hc != seq) {
			snprintf(why, len, N_("%s: %llu entries, but the head says %llu: entries were removed from the end"),
				 path, (unsigned long long)seq, (unsigned long long)hc);
			r = -EBADMSG;
		} else if (strcmp(hl, prev) != 0) {
			snprintf(why, len, N_("%s: the last entry is not the one the head names: the ledger was rewritten"),
				 path);
			r = -EBADMSG;
		}
	}
	*count = (size_t)seq;
	return r;
}

int ms_ledger_verify(const char *state, size_t *count, char *why, size_t len)
{
	return ms_ledger_walk(state, count, NULL, NULL, why, len);
}
