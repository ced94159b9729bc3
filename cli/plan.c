/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho plan --class C DEV...: what massho would do to each drive, and why not the
 * other methods. Read-only: only identification and capability queries are sent. */
#include "plan.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../devices/xport.h"
#include "../erase/caps.h"
#include "../erase/preflight.h"
#include "../report/record.h"
#include "../util/json.h"
#include "../util/size.h"
#include "../util/util.h"

static void usage(void)
{
	FILE *out = stdout;
	fputs(_("Usage:\n"
	        " massho plan --class CLASS [options] DEV...\n\n"), out);
	fputs(_("Show, without changing anything, how each device would be erased for the\n"
	        "information class (mynumber, 3, 2, 1): the Figure 41 row, the chosen method and\n"
	        "its level, why the other methods are not used, and what to do when nothing\n"
	        "qualifies.\n\n"), out);
	fputs(_("Options:\n"), out);
	fputs(_(" -c, --class CLASS      mynumber, 3, 2 or 1\n"), out);
	fputs(_(" -h, --help             display this help\n"), out);
	fputs(_(" -V, --version          display the version\n"), out);
	fputs(_(" -J, --json             use JSON output format\n"), out);
	fputs(_("     --policy FILE      a site policy instead of the built-in table\n"), out);
	fputs(_("     --sysroot DIR      read sys/ and proc/ below DIR\n"), out);
}

/* NVMe: each namespace this system shows, and what the plan does to it (the whole
 * controller is erased by one method). Empty for other drives. */
static struct ms_json *namespaces_json(const struct ms_planned *pl)
{
	struct ms_json *arr = ms_json_arr();
	for (size_t i = 0; i < pl->dev.nns; i++) {
		struct ms_json *o = ms_json_obj();
		ms_json_set_u64(o, "nsid", pl->dev.ns[i].nsid);
		ms_json_set_str(o, "path", pl->dev.ns[i].path);
		ms_json_set_u64(o, "capacity_bytes", pl->dev.ns[i].capacity);
		ms_json_set(o, "method", pl->d.can_meet ? ms_json_str(pl->d.chosen.id) : ms_json_null());
		ms_json_set_str(o, "verification", pl->d.verify_full ? "full" : "sample");
		ms_json_push(arr, o);
	}
	return arr;
}

/* When the row cannot be met here, the custody column may still be (rows 1 and 2): the
 * pre-erase `massho handover` would run, or the label path when nothing can be written. */
static void print_custody(const struct ms_planned *pl, const struct ms_policy *p)
{
	struct ms_decision cd;
	if (pl->d.can_meet || pl->d.row == 3)
		return;
	ms_policy_choose_custody(p, &pl->caps, pl->d.cls, &cd);
	char passes[48] = "";
	if (cd.can_meet && cd.chosen.method == MS_METHOD_OVERWRITE)
		snprintf(passes, sizeof passes, " (%u x %s)", cd.chosen.passes, cd.chosen.pattern);
	if (cd.can_meet)
		/* TRANSLATORS: class, method, " (N x pattern)" or nothing, Figure 41 row whose level the pre-erase
		 * reaches, the row the contractor completes. The label "custody" is padded to 10 columns. */
		printf(_("  custody   massho handover --class %s: pre-erase with %s%s, row %d level, then the contractor "
		       "completes row %d\n"), ms_class_name(cd.cls), cd.chosen.id, passes, cd.erase_row, cd.row);
	else
		printf(_("  custody   nothing can be written: massho handover --class %s --serial S --model M --photo FILE\n"),
		       ms_class_name(cd.cls));
}

/* A label of the plan, padded to 9 terminal columns. */
#define pad9(s) ms_pad((s), 9, (char[64]){""}, 64)

static void print_text(const struct ms_planned *pl)
{
	const struct ms_decision *d = &pl->d;
	char size[48];
	uint64_t total = pl->dev.nns > 1 ? 0 : pl->dev.capacity;
	for (size_t i = 0; pl->dev.nns > 1 && i < pl->dev.nns; i++)
		total += pl->dev.ns[i].capacity;
	ms_size_iec(total, size, sizeof size);
	if (pl->dev.nns > 1)
		snprintf(size + strlen(size), sizeof size - strlen(size), _(" in %zu namespaces"), pl->dev.nns);
	/* TRANSLATORS: device, class, Figure 41 row, medium, transport, size */
	printf(_("%s: class %s -> Figure 41 row %d (%s, %s, %s)\n"), pl->spec, ms_class_name(d->cls), d->row,
	       ms_pmedium_name(pl->caps.medium), ms_transport_name(pl->dev.transport), size);
	if (pl->caps.medium_untold)
		printf(_("  medium    unknown: the drive does not report whether it rotates (SCSI VPD B1h); the "
		       "stricter rule for unknown media applies\n"));
	if (d->can_meet) {
		char extra[64] = "";
		if (d->chosen.method == MS_METHOD_OVERWRITE)
			snprintf(extra, sizeof extra, " (%u x %s%s)", d->chosen.passes, d->chosen.pattern,
				 d->chosen.restore_hidden ? _(", hidden areas removed first") : "");
		/* TRANSLATORS: method, " (N x pattern...)" or nothing, NIST level (clear, purge), "full" or
		 * "sample", minutes. The label "chosen" is padded to 10 columns. */
		printf(_("  chosen    %s%s: NIST %s, verification %s, about %.0f min\n"), d->chosen.id, extra,
		       ms_level_name(d->level), d->verify_full ? _("full") : _("sample"), d->est_seconds / 60 + 0.5);
	} else {
		printf(_("  chosen    none\n"));
	}
	for (size_t i = 0; i < pl->dev.nns && pl->dev.nns + pl->caps.nvme_space.n > 2; i++) {
		char nsz[32];
		ms_size_iec(pl->dev.ns[i].capacity, nsz, sizeof nsz);
		/* TRANSLATORS: the label "namespace" (padded) or blanks, namespace id, its path, its size, method
		 * or "none", "full" or "sample" */
		printf(_("  %s %u: %s, %s: %s, verification %s\n"), pad9(i ? "" : _("namespace")), pl->dev.ns[i].nsid,
		       pl->dev.ns[i].path, nsz, d->can_meet ? d->chosen.id : _("none"), d->verify_full ? _("full") : _("sample"));
	}
	for (size_t i = 0; i < d->nrejected; i++)
		printf("  %s %s: %s\n", pad9(i ? "" : C_("plan", "rejected")), d->rejected[i].method, L_(d->rejected[i].why));
	if (d->action[0])
		printf(_("  action    %s\n"), L_(d->action));
}

int ms_cmd_plan(int argc, char **argv)
{
	enum { OPT_POLICY = 256, OPT_SYSROOT };
	static const struct option longopts[] = {
		{"class", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{"json", no_argument, NULL, 'J'},
		{"policy", required_argument, NULL, OPT_POLICY},
		{"sysroot", required_argument, NULL, OPT_SYSROOT},
		{NULL, 0, NULL, 0},
	};
	const char *cls_s = NULL, *policy_path = NULL, *sysroot = NULL;
	bool json = false;
	struct ms_opts op = {.cmd = "plan", .usage = usage, .shorts = "c:J", .longs = longopts};
	int c;
	while ((c = ms_opt_next(&op, argc, argv)) != -1) {
		if (c == MS_OPT_RETURN)
			return op.code;
		switch (c) {
		case 'c': cls_s = optarg; break;
		case 'J': json = true; break;
		case OPT_POLICY: policy_path = optarg; break;
		case OPT_SYSROOT: sysroot = optarg; break;
		}
	}
	enum ms_class cls;
	if (!cls_s) {
		return ms_usage_error(_("--class is required"));
	}
	if (ms_class_option(cls_s, &cls))
		return MS_EXIT_USAGE;
	if (optind == argc) {
		return ms_usage_error(_("no device given"));
	}
	struct ms_policy p;
	enum ms_exit code = ms_load_policy(policy_path, &p);
	if (code)
		return code;
	struct ms_json *arr = ms_json_arr();
	for (int i = optind; i < argc; i++) {
		struct ms_planned pl;
		enum ms_fault f = ms_plan_device(argv[i], ms_sysroot(sysroot), &p, cls, &pl);
		enum ms_exit e = ms_exit_of(f, pl.err);
		if (e) {
			ms_say(argv[i], "%s", L_(pl.why));
			code = ms_exit_worse(code, e);
			if (json) {
				struct ms_json *o = ms_json_obj();
				ms_json_set_str(o, "device", argv[i]);
				ms_json_set_str(o, "refused", pl.why);
				ms_json_push(arr, o);
			}
			continue;
		}
		if (!pl.d.can_meet)
			code = ms_exit_worse(code, MS_EXIT_CANNOT_MEET);
		if (json) {
			struct ms_json *o = ms_json_obj();
			ms_json_set_str(o, "device", argv[i]);
			ms_json_set_str(o, "medium", ms_pmedium_name(pl.caps.medium));
			ms_json_set_str(o, "serial", pl.dev.serial);
			ms_json_set_str(o, "identity_hash", pl.dev.identity_hash);
			ms_json_set(o, "decision", ms_decision_json(&pl.d, p.source, p.sha256));
			ms_json_set(o, "namespaces", namespaces_json(&pl));
			ms_json_set_bool(o, "medium_unreported", pl.caps.medium_untold);
			ms_json_push(arr, o);
		} else {
			print_text(&pl);
			print_custody(&pl, &p);
		}
	}
	if (json) {
		struct ms_json *root = ms_json_obj();
		ms_json_set(root, "plans", arr);
		char *s = ms_json_render(root, 2);
		ms_json_free(root);
		if (s)
			puts(s);
		free(s);
	} else {
		ms_json_free(arr);
	}
	return code;
}
