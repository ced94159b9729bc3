/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho unlock DEV: give back a drive that massho left locked with its one-time ATA
 * password (a power loss during SECURITY ERASE UNIT). The password is found in the
 * journal by the drive's identity hash; the result is journaled and recorded. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../devices/xport.h"
#include "../erase/firmware.h"
#include "../erase/journal.h"
#include "../erase/preflight.h"
#include "../report/record.h"
#include "../util/json.h"
#include "../util/util.h"
#include "cli.h"

#define DEFAULT_STATE_DIR "/var/lib/massho"

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " massho unlock [options] DEV\n"
	      "\n"
	      "Unlock and remove the one-time ATA password massho set on DEV, after a security\n"
	      "erase that did not complete (power loss, lost completion). The password comes\n"
	      "from the journal, matched by the drive's identity hash.\n"
	      "\n"
	      "Options:\n"
	      " -h, --help             display this help\n"
	      "     --out DIR          where the record goes (default: STATE_DIR/records)\n"
	      "     --state-dir DIR    journal and records (default " DEFAULT_STATE_DIR ")\n",
	      out);
}

/* The newest journaled password for this identity that no later event cleared. Job ids
 * sort by time, so the newest file wins. Returns 0 and fills pw and job, or -ENOENT. */
static int find_password(const char *state, const char *identity, char *pw, size_t pwlen, char *job, size_t joblen)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/journal", state);
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	int found = -ENOENT;
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX], *text;
		size_t len;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (strstr(names[i]->d_name, ".jsonl") && ms_read_file(path, &text, &len, 64 << 20) == 0) {
			char cur[64] = "", id[64] = "", *save = NULL;
			for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
				struct ms_json *e = ms_json_parse(l, strlen(l), NULL, 0);
				const char *ev = ms_json_get_str(e, "event"), *h = ms_json_get_str(e, "identity_hash");
				if (ev && h && strcmp(h, identity) == 0) {
					if (strcmp(ev, "ata-password") == 0 && ms_json_get_str(e, "password")) {
						ms_strlcpy(cur, ms_json_get_str(e, "password"), sizeof cur);
						ms_strlcpy(id, ms_json_get_str(e, "job") ? ms_json_get_str(e, "job") : "",
							   sizeof id);
					} else if (strcmp(ev, "ata-password-cleared") == 0) {
						cur[0] = '\0';
					}
				}
				ms_json_free(e);
			}
			if (cur[0]) {
				ms_strlcpy(pw, cur, pwlen);
				ms_strlcpy(job, id, joblen);
				found = 0;
			}
			ms_memzero(cur, sizeof cur);
			ms_memzero(text, len); /* it held passwords */
			free(text);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return found;
}

int ms_cmd_unlock(int argc, char **argv)
{
	enum { OPT_OUT = 256, OPT_STATE };
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"out", required_argument, NULL, OPT_OUT},
		{"state-dir", required_argument, NULL, OPT_STATE},
		{NULL, 0, NULL, 0},
	};
	const char *state = DEFAULT_STATE_DIR, *out = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout); return MS_EXIT_OK;
		case OPT_OUT: out = optarg; break;
		case OPT_STATE: state = optarg; break;
		default: usage(stderr); return MS_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		ms_say("unlock", "give exactly one device (see 'massho unlock --help')");
		return MS_EXIT_USAGE;
	}
	const char *spec = argv[optind];
	char outbuf[PATH_MAX], why[256] = "", pw[64], orig[64];
	if (!out) {
		snprintf(outbuf, sizeof outbuf, "%s/records", state);
		out = outbuf;
	}
	struct ms_device dev;
	int r = ms_describe(spec, ms_sysroot(NULL), &dev, why, sizeof why);
	if (r) {
		ms_say(spec, "%s", why[0] ? why : r == -ENOENT ? "no such device or file" : strerror(-r));
		return MS_EXIT_NODEV;
	}
	if (dev.boot_medium) {
		ms_say(spec, "is the boot medium of this system");
		return MS_EXIT_REFUSED;
	}
	if (find_password(state, dev.identity_hash, pw, sizeof pw, orig, sizeof orig)) {
		ms_say(spec, "no journaled massho password for this drive (identity %.16s…) in %s/journal: "
		       "massho did not lock it", dev.identity_hash, state);
		return MS_EXIT_NODEV;
	}
	struct ms_xport *x;
	if ((r = ms_xport_open(&dev, MS_OPEN_WRITE, &x))) {
		ms_memzero(pw, sizeof pw);
		ms_say(spec, "cannot open: %s", strerror(-r));
		return r == -EBUSY ? MS_EXIT_REFUSED : MS_EXIT_NODEV;
	}
	struct ms_job job;
	enum ms_exit code = MS_EXIT_OK;
	if (ms_job_init(&job, &dev, "security-unlock") || ms_journal_open(state, job.id, &job.journal)) {
		ms_say(state, "cannot create the journal");
		ms_xport_close(x);
		ms_memzero(pw, sizeof pw);
		return MS_EXIT_ARTIFACT;
	}
	ms_strlcpy(job.kind, "unlock", sizeof job.kind);
	struct ms_json *f = ms_json_obj();
	ms_json_set_str(f, "unlocks_job", orig);
	ms_json_set_str(f, "identity_hash", dev.identity_hash);
	ms_journal_append(job.journal, "planned", f);
	ms_now(&job.started);
	ms_job_set_state(&job, MS_JOB_RUNNING);
	r = ms_security_unlock(x, &job, pw);
	ms_memzero(pw, sizeof pw);
	ms_now(&job.ended);
	if (r) {
		ms_job_fail(&job, r, "%s", r == -EACCES ? "the drive refused the journaled password" :
			    r == -EOPNOTSUPP ? "ATA commands cannot reach the drive through this attachment" :
			    "the drive refused to unlock or disable its password");
		code = MS_EXIT_ERASE_FAILED;
	} else {
		job.outcome = MS_OUTCOME_COMPLETED;
		f = ms_json_obj();
		ms_json_set_str(f, "identity_hash", dev.identity_hash);
		ms_journal_append(job.journal, "ata-password-cleared", f);
		ms_job_set_state(&job, MS_JOB_DONE);
	}
	char bin[65] = "unknown", host[256] = "unknown", path[PATH_MAX];
	struct utsname u;
	ms_sha256_file_hex("/proc/self/exe", bin);
	gethostname(host, sizeof host);
	uname(&u);
	struct ms_record_meta meta = {.tool_version = ms_version, .binary_sha256 = bin, .hostname = host,
				      .kernel = u.release};
	struct ms_json *rec = ms_record_build(&job, &meta);
	int w = rec ? ms_record_write(out, rec, path, sizeof path) : -ENOMEM;
	ms_json_free(rec);
	if (w) {
		ms_say(out, "cannot write the record: %s", strerror(-w));
		code = ms_exit_worse(code, MS_EXIT_ARTIFACT);
	} else {
		printf("%s: %s%s%s\n", spec, r ? "unlock failed" : "unlocked, password removed", r ? ": " : "",
		       r ? job.failure : "");
		printf("%s: record %s\n", spec, path);
	}
	ms_journal_close(job.journal);
	ms_job_release(&job);
	ms_xport_close(x);
	return code;
}
