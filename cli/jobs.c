/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho jobs: the jobs that did not end (erase/jobs.h), and what to do about each. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../erase/jobs.h"
#include "../util/json.h"
#include "cli.h"

#define MAX_LISTED 256

static void usage(void)
{
	FILE *out = stdout;
	fputs(_("Usage:\n"
	        " massho jobs [options]\n\n"), out);
	fputs(_("List the jobs whose journal has no end: an erase killed or cut off by a power loss,\n"
	        "or whose certificate was being issued when it stopped. The next erase of the same\n"
	        "drive supersedes them and its record names them.\n\n"), out);
	fputs(_("Options:\n"), out);
	fputs(_(" -h, --help             display this help\n"), out);
	fputs(_(" -V, --version          display the version\n"), out);
	fputs(_(" -J, --json             print JSON\n"), out);
	fputs(_("     --state-dir DIR    the journals (default /var/lib/massho)\n\n"), out);
	fputs(_("Exit status: 0 none unfinished, 6 some are (what to do is printed), 3 no journals.\n"),
	      out);
}

/* What the operator must do next about one job. */
static const char *todo(const struct ms_unfinished *u)
{
	if (u->password_set)
		return N_("the drive may hold massho's one-time ATA password: run 'massho unlock DEV', then erase it again");
	if (u->record_written)
		return N_("the erase ended and its record exists: issue the certificate with 'massho report pdf RECORD'");
	return N_("the drive was not (fully) erased: erase it again; the new record will name this job");
}

static int print_json(const struct ms_unfinished *u, size_t n)
{
	struct ms_json *arr = ms_json_arr();
	for (size_t i = 0; i < n; i++) {
		struct ms_json *o = ms_json_obj();
		ms_json_set_str(o, "job", u[i].job);
		ms_json_set_str(o, "device", u[i].device);
		ms_json_set_str(o, "model", u[i].model);
		ms_json_set_str(o, "serial", u[i].serial);
		ms_json_set_str(o, "identity_hash", u[i].identity);
		ms_json_set_str(o, "method", u[i].method);
		ms_json_set_str(o, "started_at", u[i].started);
		ms_json_set_str(o, "stopped_at", u[i].stopped);
		ms_json_set_str(o, "last_step", u[i].phase);
		ms_json_set_bool(o, "ata_password_set", u[i].password_set);
		ms_json_set(o, "record", u[i].record_written ? ms_json_str(u[i].record) : ms_json_null());
		ms_json_set_str(o, "todo", todo(&u[i]));
		ms_json_push(arr, o);
	}
	return ms_print_json(arr);
}

int ms_cmd_jobs(int argc, char **argv)
{
	enum { OPT_STATE = 256 };
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"json", no_argument, NULL, 'J'},
		{"state-dir", required_argument, NULL, OPT_STATE},
		{NULL, 0, NULL, 0},
	};
	const char *state = MS_DEFAULT_STATE_DIR;
	bool json = false;
	struct ms_opts o = {.cmd = "jobs", .usage = usage, .shorts = "J", .longs = longopts};
	int c;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		if (c == MS_OPT_RETURN)
			return o.code;
		switch (c) {
		case 'J': json = true; break;
		case OPT_STATE: state = optarg; break;
		}
	}
	if (optind != argc) {
		return ms_usage_error(_("%s: takes no operand"), argv[optind]);
	}
	static struct ms_unfinished u[MAX_LISTED];
	int n = ms_jobs_unfinished(state, NULL, u, MAX_LISTED);
	if (n < 0) {
		ms_say(state, "%s", n == -ENOENT ? _("no journals here (nothing was ever erased with this --state-dir)") :
		       strerror(-n));
		return MS_EXIT_NODEV;
	}
	size_t shown = (size_t)n < MAX_LISTED ? (size_t)n : MAX_LISTED;
	if (json) {
		int r = print_json(u, shown);
		return r ? r : n ? MS_EXIT_ERASE_FAILED : MS_EXIT_OK;
	}
	if (!n)
		printf(_("%s: no unfinished jobs\n"), state);
	for (size_t i = 0; i < shown; i++)
		/* TRANSLATORS: job id, device, model, serial, method, when it stopped, the last step done
		 * ("planned" when none), what to do */
		printf(_("%s  %s %s (S/N %s)  %s, stopped %s after: %s\n    %s\n"), u[i].job, u[i].device, u[i].model,
		       u[i].serial, u[i].method, u[i].stopped, u[i].phase[0] ? u[i].phase : _("planned"), _(todo(&u[i])));
	if ((size_t)n > shown)
		printf(_("... and %d more\n"), n - MAX_LISTED);
	return n ? MS_EXIT_ERASE_FAILED : MS_EXIT_OK;
}
