/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho: sanitize drives according to an information-classification table and
 * record the proof. This file dispatches sub-commands. */
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"
#include "cli.h"

static void usage(FILE *out)
{
	fputs(_("Usage:\n"
		" massho <command> [options]\n"), out);
	fputs("\n", out);
	fputs(_("Sanitize drives and record the proof.\n"), out);
	fputs("\n", out);
	fputs(_("Commands:\n"), out);
	fputs(_(" devices [show DEV]   list block devices, or describe one in full\n"), out);
	fputs(_(" plan --class C DEV...  how each device would be erased for class C, and why\n"), out);
	fputs(_(" erase DEV...         erase and verify devices, write a record for each\n"), out);
	fputs(_(" station [DEV...]     the full-screen station: plans, confirmation, parallel erase\n"), out);
	fputs(_(" handover             pre-erase a drive (rows 1, 2) and hand it over to the contractor\n"), out);
	fputs(_(" destroy              record the physical destruction of a handed-over drive\n"), out);
	fputs(_(" jobs                 list jobs that did not end (killed, power lost), and what to do\n"), out);
	fputs(_(" key init             make a signing key (PKCS#12) and certificate for trials\n"), out);
	fputs(_(" report pdf|verify|show|ledger|summary|overdue|receive|push|find\n"
	        "                      signed certificates: issue, check offline; custody deadlines;\n"
	        "                      the central store: send, find, audit\n"), out);
	fputs(_(" db migrate URI       create or update the central store's schema (PostgreSQL)\n"), out);
	fputs(_(" unlock DEV           remove massho's ATA password after an interrupted erase\n"), out);
	fputs(_(" version              print the version, and the libraries' in use\n"), out);
	fputs("\n", out);
	fputs(_("Devices are block devices (/dev/sdX), image files, or emulated drives\n"
		"(emu:PROFILE:IMAGE, profiles sata-hdd, sata-ssd, nvme-ssd, usb-flash).\n"), out);
	fputs("\n", out);
	fputs(_("Run 'massho <command> --help' for a command's options; see massho(8).\n"), out);
}

static void version_usage(void)
{
	fputs(_("Usage:\n massho version\n\nPrint the version of massho and of the libraries it runs with.\n\n"
		"Options:\n -h, --help               display this help\n"
		" -V, --version            display the version\n\nExit status: see massho(8).\n"), stdout);
}

static int version_cmd(int argc, char **argv)
{
	static const struct option none[] = {{NULL, 0, NULL, 0}};
	struct ms_opts o = {.cmd = "version", .usage = version_usage, .longs = none};
	if (ms_opt_next(&o, argc, argv) == MS_OPT_RETURN)
		return o.code;
	if (optind != argc)
		return ms_usage_error(_("%s: takes no operand"), argv[optind]);
	ms_cli_version();
	return MS_EXIT_OK;
}

int main(int argc, char **argv)
{
	ms_i18n_init();
	if (argc < 2)
		return ms_usage_error(_("no command given"));
	const char *cmd = argv[1];
	if (strcmp(cmd, "devices") == 0)
		return ms_cmd_devices(argc - 1, argv + 1);
	if (strcmp(cmd, "erase") == 0)
		return ms_cmd_erase(argc - 1, argv + 1);
	if (strcmp(cmd, "station") == 0)
		return ms_cmd_station(argc - 1, argv + 1);
	if (strcmp(cmd, "unlock") == 0)
		return ms_cmd_unlock(argc - 1, argv + 1);
	if (strcmp(cmd, "plan") == 0)
		return ms_cmd_plan(argc - 1, argv + 1);
	if (strcmp(cmd, "key") == 0)
		return ms_cmd_key(argc - 1, argv + 1);
	if (strcmp(cmd, "report") == 0)
		return ms_cmd_report(argc - 1, argv + 1);
	if (strcmp(cmd, "handover") == 0)
		return ms_cmd_handover(argc - 1, argv + 1);
	if (strcmp(cmd, "destroy") == 0)
		return ms_cmd_destroy(argc - 1, argv + 1);
	if (strcmp(cmd, "db") == 0)
		return ms_cmd_db(argc - 1, argv + 1);
	if (strcmp(cmd, "jobs") == 0)
		return ms_cmd_jobs(argc - 1, argv + 1);
	if (strcmp(cmd, "version") == 0)
		return version_cmd(argc - 1, argv + 1);
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		ms_cli_version();
		return MS_EXIT_OK;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return MS_EXIT_OK;
	}
	ms_say(cmd, _("unknown command"));
	ms_say_try();
	return MS_EXIT_USAGE;
}
