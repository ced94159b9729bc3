/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "../util/atomic.h"
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

int ms_ledger_append(const char *state, const char *kind, const char *record_id, const char *file, const char *sha)
{
	char path[PATH_MAX], last[65], t[48], hash[65];
	int r = ms_mkdirs(state, 0700);
	if (r)
		return r;
	snprintf(path, sizeof path, "%s/ledger.jsonl", state);
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	flock(fd, LOCK_EX); /* several massho processes on one station */
	uint64_t count;
	if (read_head(state, &count, last) == -EBADMSG) {
		close(fd);
		return -EBADMSG;
	}
	struct timespec ts;
	ms_now(&ts);
	ms_iso_time(&ts, t, sizeof t);
	struct ms_json *e = ms_json_obj();
	ms_json_set_u64(e, "seq", count + 1);
	ms_json_set_str(e, "time", t);
	ms_json_set_str(e, "kind", kind);
	ms_json_set_str(e, "record_id", record_id);
	ms_json_set_str(e, "file", file);
	ms_json_set_str(e, "sha256", sha);
	ms_json_set_str(e, "prev", last);
	entry_hash(e, hash);
	ms_json_set_str(e, "hash", hash);
	char *line = ms_json_render(e, 0);
	ms_json_free(e);
	if (!line) {
		close(fd);
		return -ENOMEM;
	}
	size_t n = strlen(line);
	line[n] = '\n';
	r = write(fd, line, n + 1) == (ssize_t)(n + 1) && fsync(fd) == 0 ? 0 : -EIO;
	free(line);
	if (!r) {
		char head[160];
		int hl = snprintf(head, sizeof head, "{\"count\":%llu,\"last_hash\":\"%s\"}\n", (unsigned long long)count + 1,
				  hash);
		r = ms_atomic_write(state, "ledger.head", head, (size_t)hl, 0600, 0);
	}
	close(fd);
	return r;
}

int ms_ledger_verify(const char *state, size_t *count, char *why, size_t len)
{
	char path[PATH_MAX], *text, prev[65];
	snprintf(path, sizeof path, "%s/ledger.jsonl", state);
	if (ms_read_file(path, &text, NULL, 256 << 20)) {
		snprintf(why, len, "%s: no ledger", path);
		return -ENOENT;
	}
	strcpy(prev, GENESIS);
	uint64_t seq = 0;
	int r = 0, line = 0;
	char *save = NULL;
	for (char *l = strtok_r(text, "\n", &save); l && !r; l = strtok_r(NULL, "\n", &save)) {
		line++;
		struct ms_json *e = ms_json_parse(l, strlen(l), NULL, 0);
		uint64_t s = 0;
		const char *h = ms_json_get_str(e, "hash"), *p = ms_json_get_str(e, "prev");
		char hcopy[65] = "", want[65];
		if (!e || !h || !p || ms_json_get_u64(e, "seq", &s)) {
			snprintf(why, len, "%s:%d: not a ledger entry", path, line);
			r = -EBADMSG;
		} else {
			ms_strlcpy(hcopy, h, sizeof hcopy);
			/* recompute without the hash member (it is the last one) */
			free(e->keys[e->n - 1]);
			ms_json_free(e->items[e->n - 1]);
			e->n--;
			entry_hash(e, want);
			if (s != seq + 1) {
				snprintf(why, len, "%s:%d: entry %llu follows entry %llu: an entry was removed or reordered",
					 path, line, (unsigned long long)s, (unsigned long long)seq);
				r = -EBADMSG;
			} else if (strcmp(p, prev) != 0) {
				snprintf(why, len, "%s:%d: the chain is broken (prev does not match entry %llu)", path, line,
					 (unsigned long long)seq);
				r = -EBADMSG;
			} else if (strcmp(want, hcopy) != 0) {
				snprintf(why, len, "%s:%d: entry %llu was altered (its hash does not match)", path, line,
					 (unsigned long long)s);
				r = -EBADMSG;
			}
			seq = s;
			strcpy(prev, hcopy);
		}
		ms_json_free(e);
	}
	free(text);
	uint64_t hc;
	char hl[65];
	if (!r) {
		if (read_head(state, &hc, hl)) {
			snprintf(why, len, "%s/ledger.head: missing or damaged", state);
			r = -EBADMSG;
		} else if (hc != seq || strcmp(hl, prev) != 0) {
			snprintf(why, len, "%s: %llu entries, but the head says %llu: entries were removed from the end",
				 path, (unsigned long long)seq, (unsigned long long)hc);
			r = -EBADMSG;
		}
	}
	*count = (size_t)seq;
	return r;
}
