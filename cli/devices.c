/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho devices [--json] | massho devices show DEV [--json]: options and the probe; the
 * list is cli/devlist.c, show cli/devshow.c. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../devices/ata.h"
#include "../devices/discover.h"
#include "../devices/nvme.h"
#include "../devices/xport.h"
#include "../util/json.h"
#include "../util/util.h"
#include "cli.h"
#include "devlist.h"

static void usage(void)
{
	FILE *out = stdout;
	fputs(_("Usage:\n"
	        " massho devices [options]\n"
	        " massho devices show [options] DEV\n"
	        " massho devices decode-identify [options] FILE\n"
	        " massho devices probe [options] DEV\n\n"), out);
	fputs(_("List block devices with their identity, attachment and safety state,\n"
	        "or show one device (block device, image file or emu:PROFILE:IMAGE) in full.\n"
	        "decode-identify decodes an ATA IDENTIFY dump (hdparm --Istdout format);\n"
	        "probe sends read-only ATA commands and shows what comes back.\n\n"), out);
	fputs(_("Options:\n"), out);
	fputs(_(" -h, --help          display this help\n"), out);
	fputs(_(" -V, --version       display the version\n"), out);
	fputs(_(" -b, --bytes         print SIZE in bytes rather than in human readable format\n"), out);
	fputs(_(" -J, --json          use JSON output format\n"), out);
	fputs(_(" -n, --noheadings    don't print headings\n"), out);
	fputs(_(" -o, --output LIST   output columns (see below; +LIST adds to the default)\n"), out);
	fputs(_(" -r, --raw           use raw output format\n"), out);
	fputs(_("     --sysroot DIR   read sys/ and proc/ below DIR (recorded trees)\n"), out);
	ms_devices_columns_help(out);
}

/* The end of a probe: the verdict as a line, or everything as one JSON object. */
static int probe_verdict(bool json, const char *spec, enum ms_transport t, struct ms_json *arr, bool trusted,
			 const char *verdict)
{
	if (!json) {
		printf(_("verdict: %s\n"), _(verdict));
		ms_json_free(arr);
		return MS_EXIT_OK;
	}
	struct ms_json *o = ms_json_obj();
	ms_json_set_str(o, "device", spec);
	ms_json_set_str(o, "transport", ms_transport_name(t));
	ms_json_set(o, "commands", arr);
	ms_json_set_bool(o, "trusted", trusted);
	ms_json_set_str(o, "verdict", verdict);
	return ms_print_json(o);
}

/* NVMe: Identify Controller and Namespace, the sanitize and SMART log pages. */
static int probe_nvme(struct ms_xport *x, const char *spec, const struct ms_device *d, bool json)
{
	uint8_t page[4096];
	struct ms_nvme_cmd cmds[4];
	ms_nvme_identify_ctrl(&cmds[0], page);
	ms_nvme_identify_ns(&cmds[1], x->dev.nsid ? x->dev.nsid : 1, page);
	ms_nvme_get_log(&cmds[2], MS_NVME_LOG_SANITIZE, 0xFFFFFFFF, page, 512);
	ms_nvme_get_log(&cmds[3], MS_NVME_LOG_SMART, 0xFFFFFFFF, page, 512);
	struct ms_json *arr = ms_json_arr();
	int answered = 0;
	for (size_t i = 0; i < MS_ARRAY_SIZE(cmds); i++) {
		struct ms_nvme_status st;
		char text[96] = "";
		int e = ms_xport_nvme(x, &cmds[i], &st);
		if (!e) {
			answered++;
			ms_nvme_status_text(&st, text, sizeof text);
		}
		const char *answer = e == -EOPNOTSUPP ? N_("not passed through") : e ? N_("no answer") :
				     ms_nvme_ok(&st) ? N_("ok") : N_("rejected");
		struct ms_json *o = ms_json_obj();
		ms_json_set_str(o, "command", cmds[i].name);
		ms_json_set_str(o, "answer", answer);
		ms_json_set_str(o, "os_error", e && e != -EOPNOTSUPP ? strerror(-e) : "");
		ms_json_set(o, "nvme_status", e ? ms_json_null() : ms_json_str(text));
		ms_json_push(arr, o);
		if (!json)
			printf("%-32s %s %s\n", cmds[i].name, ms_pad(_(answer), 18, (char[64]){""}, 64), L_(text));
	}
	const char *verdict = answered ? N_("NVMe admin commands reach the controller") :
					 N_("no NVMe admin commands reach the controller through this attachment");
	return probe_verdict(json, spec, d->transport, arr, answered == (int)MS_ARRAY_SIZE(cmds), verdict);
}

/* Read-only ATA commands and what came back, to judge an attachment (a USB bridge that
 * drops registers or invents success cannot be trusted with a firmware erase). */
static int probe(const char *sysroot, const char *spec, bool json)
{
	struct ms_device d;
	struct ms_xport *x;
	char why[256];
	int r = ms_describe(spec, sysroot, &d, why, sizeof why);
	if (!r)
		r = ms_xport_open(&d, MS_OPEN_NO_ACT, &x);
	if (r) {
		ms_say(spec, "%s", why[0] ? L_(why) : r == -ENOENT ? _("no such device") : strerror(-r));
		return MS_EXIT_NODEV;
	}
	if (d.transport == MS_TRANSPORT_NVME) {
		int rc = probe_nvme(x, spec, &d, json);
		ms_xport_close(x);
		return rc;
	}
	uint8_t id_raw[512], buf[512];
	struct ms_ata_cmd cmds[6];
	ms_ata_identify(&cmds[0], id_raw);
	ms_ata_read_native_max(&cmds[1], true);
	ms_ata_dco_identify(&cmds[2], buf);
	ms_ata_sanitize_status(&cmds[3], false);
	ms_ata_smart_read_data(&cmds[4], buf);
	ms_ata_nop(&cmds[5]);
	struct ms_json *arr = ms_json_arr();
	int answered = 0, registers = 0, identify_ok = 0;
	bool nop_aborted = false;
	for (size_t i = 0; i < MS_ARRAY_SIZE(cmds); i++) {
		struct ms_ata_status st;
		int e = ms_xport_ata(x, &cmds[i], &st);
		const char *answer = e == -EOPNOTSUPP ? N_("not passed through") : e ? N_("no answer") :
				     ms_ata_ok(&st) ? N_("ok") : ms_ata_aborted(&st) ? N_("aborted") : N_("error");
		if (!e) {
			answered++;
			registers += st.valid;
		}
		if (i == 5 && !e)
			nop_aborted = ms_ata_aborted(&st);
		if (i == 0 && !e && ms_ata_ok(&st)) {
			struct ms_ata_identify id;
			identify_ok = ms_ata_identify_decode(id_raw, &id) == 0 && id.checksum_present && id.checksum_ok;
		}
		struct ms_json *o = ms_json_obj();
		char hex[8];
		ms_json_set_str(o, "command", cmds[i].name);
		ms_json_set_str(o, "answer", answer);
		ms_json_set_str(o, "os_error", e && e != -EOPNOTSUPP ? strerror(-e) : "");
		snprintf(hex, sizeof hex, "0x%02x", st.status);
		ms_json_set(o, "ata_status", st.valid ? ms_json_str(hex) : ms_json_null());
		snprintf(hex, sizeof hex, "0x%02x", st.error);
		ms_json_set(o, "ata_error", st.valid ? ms_json_str(hex) : ms_json_null());
		if (i == 1 && !e && ms_ata_ok(&st))
			ms_json_set_u64(o, "native_max_lba", ms_ata_native_max_lba(&st, true));
		ms_json_push(arr, o);
		if (!json) {
			char regs[48] = "";
			if (st.valid)
				snprintf(regs, sizeof regs, _(" (status 0x%02x, error 0x%02x)"), st.status, st.error);
			printf("%-30s %s%s\n", cmds[i].name, ms_pad(_(answer), 18, (char[64]){""}, 64), regs);
		}
	}
	ms_xport_close(x);
	/* The NOP (last) must have been aborted: a pass-through that calls it a success
	 * invents status. */
	bool trusted = identify_ok && registers == (int)MS_ARRAY_SIZE(cmds) && nop_aborted;
	const char *verdict = !answered ? N_("no ATA commands reach the drive through this attachment") :
			      trusted ? N_("ATA pass-through works: every command came back with its registers, "
					   "and the NOP was aborted") :
			      N_("ATA pass-through is unreliable here: registers are missing or errors are not reported");
	return probe_verdict(json, spec, d.transport, arr, trusted, verdict);
}

int ms_cmd_devices(int argc, char **argv)
{
	enum { OPT_SYSROOT = 256 };
	static const struct option longopts[] = {
		{"bytes", no_argument, NULL, 'b'},
		{"json", no_argument, NULL, 'J'},
		{"noheadings", no_argument, NULL, 'n'},
		{"output", required_argument, NULL, 'o'},
		{"raw", no_argument, NULL, 'r'},
		{"sysroot", required_argument, NULL, OPT_SYSROOT},
		{NULL, 0, NULL, 0},
	};
	struct ms_devlist_opts lo = {0};
	const char *sysroot_opt = NULL;
	struct ms_opts o = {.cmd = "devices", .usage = usage, .shorts = "bJno:r", .longs = longopts};
	int c;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		if (c == MS_OPT_RETURN)
			return o.code;
		switch (c) {
		case 'b': lo.bytes = true; break;
		case 'J': lo.json = true; break;
		case 'n': lo.noheadings = true; break;
		case 'o': lo.output = optarg; break;
		case 'r': lo.raw = true; break;
		case OPT_SYSROOT: sysroot_opt = optarg; break;
		}
	}
	const char *sysroot = ms_sysroot(sysroot_opt);
	/* The columns shape the list's table; JSON has every field (sizes in bytes: -b is
	 * what it does already). */
	if ((lo.output || lo.noheadings || lo.raw) && lo.json)
		return ms_usage_error(_("--output, --noheadings and --raw choose the table's form, not JSON's"));
	if ((lo.output || lo.noheadings || lo.raw || lo.bytes) && optind < argc)
		return ms_usage_error(_("--output, --noheadings, --raw and --bytes are for the list only"));
	if (optind == argc)
		return ms_devices_list(sysroot, &lo);
	bool json = lo.json;
	/* GNU getopt has moved every option before the operands by now. */
	if (strcmp(argv[optind], "show") == 0 && optind + 2 == argc)
		return ms_devices_show(sysroot, argv[optind + 1], json);
	if (strcmp(argv[optind], "decode-identify") == 0 && optind + 2 == argc)
		return ms_devices_decode_identify(argv[optind + 1], json);
	if (strcmp(argv[optind], "probe") == 0 && optind + 2 == argc)
		return probe(sysroot, argv[optind + 1], json);
	return ms_usage_error(_("expected no argument, 'show DEV', 'probe DEV' or 'decode-identify FILE'"));
}
