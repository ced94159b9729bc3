/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho unlock DEV: the command line of the unlock use case (erase/unlock.h). */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>

#include "../erase/unlock.h"
#include "cli.h"

static void usage(void)
{
	FILE *out = stdout;
	fputs(_("Usage:\n"
	        " massho unlock [options] DEV\n\n"), out);
	fputs(_("Unlock and remove the one-time ATA password massho set on DEV, after a security\n"
	        "erase that did not complete (power loss, lost completion). The password comes\n"
	        "from the journal, matched by the drive's identity hash.\n\n"), out);
	fputs(_("Options:\n"), out);
	fputs(_(" -h, --help             display this help\n"), out);
	fputs(_(" -V, --version          display the version\n"), out);
	fputs(_("     --out DIR          where the record goes (default: STATE_DIR/records)\n"), out);
	fputs(_("     --state-dir DIR    journal and records (default /var/lib/massho)\n"), out);
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
	struct ms_unlock_request rq = {.state_dir = MS_DEFAULT_STATE_DIR, .sysroot = ms_sysroot(NULL)};
	struct ms_opts o = {.cmd = "unlock", .usage = usage, .shorts = "", .longs = longopts};
	int c;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		if (c == MS_OPT_RETURN)
			return o.code;
		switch (c) {
		case OPT_OUT: rq.out_dir = optarg; break;
		case OPT_STATE: rq.state_dir = optarg; break;
		}
	}
	if (optind + 1 != argc) {
		return ms_usage_error(_("give exactly one device"));
	}
	char outbuf[PATH_MAX];
	rq.device = argv[optind];
	rq.out_dir = ms_records_dir(rq.out_dir, rq.state_dir, outbuf, sizeof outbuf);
	struct ms_cli_run cr = {.code = MS_EXIT_OK};
	struct ms_erase_ui ui = {.event = ms_cli_event, .ctx = &cr};
	struct ms_report_sink_ctx sctx;
	struct ms_erase_sink sink;
	ms_report_sink(&sctx, NULL, NULL, &sink);
	ms_unlock(&rq, &ui, &sink);
	return cr.code;
}
