/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho unlock DEV: the command line of the unlock use case (erase/unlock.h). */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>

#include "../erase/unlock.h"
#include "cli.h"

static void usage(FILE *out)
{
	fputs(_("Usage:\n"
	        " massho unlock [options] DEV\n\n"), out);
	fputs(_("Unlock and remove the one-time ATA password massho set on DEV, after a security\n"
	        "erase that did not complete (power loss, lost completion). The password comes\n"
	        "from the journal, matched by the drive's identity hash.\n\n"), out);
	fputs(_("Options:\n"), out);
	fputs(_(" -h, --help             display this help\n"), out);
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
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout); return MS_EXIT_OK;
		case OPT_OUT: rq.out_dir = optarg; break;
		case OPT_STATE: rq.state_dir = optarg; break;
		default: usage(stderr); return MS_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		ms_say("unlock", _("give exactly one device (see 'massho unlock --help')"));
		return MS_EXIT_USAGE;
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
