/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho erase [options] DEV...: the command line of the erase use case (erase/batch.h).
 * Options are parsed here; everything else — validation of the whole batch, the policy,
 * the engines, records, certificates — is ms_erase_batch(). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../report/custody.h"
#include "../report/pdf.h"
#include "../util/util.h"
#include "cli.h"
#include "result.h"

static atomic_bool abort_flag;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&abort_flag, true);
}

struct erase_ctl {
	struct ms_erase_request rq;
	const char *tokens[MS_BATCH_MAX];
	const char *passes_n, *pattern, *sysroot, *progress_arg, *policy_path;
	enum ms_progress_mode progress;
	bool json;                 /* --json: the result as one JSON object at the end */
	struct ms_policy policy;
	struct ms_cert_opts cert;  /* --key: a signed certificate for every record */
	char outbuf[PATH_MAX];
	const char *handover, *ca; /* the contractor's erase: the handover it completes */
	struct ms_cli_handover ho;
};

static void usage(void)
{
	FILE *out = stdout;
	fputs(_("Usage:\n"
	        " massho erase [options] DEV...\n\n"), out);
	fputs(_("Overwrite every addressable sector of each device, verify it by reading it\n"
	        "back, and write a signed-ready JSON record of what was done.\n\n"), out);
	fputs(_("Options:\n"), out);
	fputs(_("     --chunk SIZE         I/O size (default 4M)\n"), out);
	fputs(_("     --io-depth N         writes (and verification reads) in flight, 1-8 (default 2)\n"), out);
	fputs(_(" -J, --json               print the result on stdout as JSON: one object per device\n"), out);
	fputs(_("     --asset, --contract, --contractor, --destination, --organisation, --place,\n"
	        "     --source-host TEXT   details printed on the certificate\n"), out);
	fputs(_(" -c, --class CLASS        mynumber, 3, 2 or 1: the policy chooses the method\n"), out);
	fputs(_("     --destroy-by DATE    mynumber: destruction deadline (YYYY-MM-DD)\n"), out);
	fputs(_("     --dry-run            do everything except write to the devices\n"), out);
	fputs(_(" -h, --help               display this help\n"), out);
	fputs(_(" -V, --version            display the version\n"), out);
	fputs(_("     --cert PEM           token keys: the certificate, when the token holds none\n"), out);
	fputs(_("     --key P12|pkcs11:URI sign a PDF certificate for every record, with a PKCS#12\n"
	        "                          file or a key on a PKCS#11 token (RFC 7512 URI)\n"), out);
	fputs(_(" -m, --method NAME        how to erase (default overwrite; see below)\n"), out);
	fputs(_("     --operator NAME      who runs the erase (in the record)\n"), out);
	fputs(_("     --passphrase-file F  the key's passphrase or the token's PIN (otherwise asked)\n"), out);
	fputs(_("     --pkcs11-module LIB  the token's PKCS#11 module (default: p11-kit's proxy)\n"), out);
	fputs(_("     --out DIR            where records are written (default: STATE_DIR/records)\n"), out);
	fputs(_(" -n, --passes N           number of random passes (default 1)\n"), out);
	fputs(_(" -p, --pattern LIST       passes to write, e.g. random,zeros or byte:0x55\n"), out);
	fputs(_("     --policy FILE        a site policy instead of the built-in table\n"), out);
	fputs(_("     --progress MODE      auto, bar, json or none (default auto)\n"), out);
	fputs(_("     --restore-hidden     overwrite: remove HPA/DCO first and erase those sectors too\n"), out);
	fputs(_("     --unfreeze           security erase of a frozen drive: suspend/resume first\n"), out);
	fputs(_("     --state-dir DIR      journal and records (default /var/lib/massho)\n"), out);
	fputs(_("     --sysroot DIR        read sys/ and proc/ below DIR\n"), out);
	fputs(_("     --verify MODE        full or none (default full); firmware methods always\n"
	        "                          check hashed samples, full also reads everything back\n"), out);
	fputs(_("     --witness NAME       mynumber: the official witnessing the erase\n"), out);
	fputs(_("     --camera REF         mynumber, handover: a camera or video reference\n"), out);
	fputs(_("     --handover FILE      the contractor's erase of a drive handed over under row 2:\n"
	        "                          re-identified, the class taken from it, completed once\n"), out);
	fputs(_("     --ca CERT            --handover: the handing station's CA, when not journaled here\n"), out);
	fputs(_(" -y, --yes-erase TOKEN    confirm: the device's serial number, or its path when\n"
	        "                          it has none (loop devices, image files); repeatable\n\n"), out);
	fputs(_("Methods:\n"), out);
	for (enum ms_method m = 0; m < MS_METHOD_DESTROY; m++)
		fprintf(out, " %-24s %s\n", ms_method_name(m), L_(ms_method(m)->help));
	fputs(_("\nExit status: see massho(8).\n"), out);
}

/* The options that take a number or a word. Returns 0 or an exit code. */
static int take_value(int c, const char *arg, struct erase_ctl *ctl)
{
	uint64_t v;
	switch (c) {
	case 'c':
		if (ms_class_option(arg, &ctl->rq.cls))
			return MS_EXIT_USAGE;
		ctl->rq.cls_set = true;
		return 0;
	case 'm':
		ctl->rq.method_given = true;
		if (ms_method_parse(arg, &ctl->rq.method) || ctl->rq.method == MS_METHOD_DESTROY) {
			char names[300];
			ms_say(arg, _("unknown method (%s)"), ms_method_names(false, names, sizeof names));
			return MS_EXIT_USAGE;
		}
		return 0;
	case 'y':
		if (ctl->rq.ntokens == MS_BATCH_MAX) {
			ms_say("--yes-erase", _("given too often"));
			return MS_EXIT_USAGE;
		}
		ctl->tokens[ctl->rq.ntokens++] = arg;
		return 0;
	case 'C':
		if (ms_parse_size(arg, &v) || v < 4096 || v > (256u << 20)) {
			ms_say(arg, _("--chunk must be a size from 4K to 256M"));
			return MS_EXIT_USAGE;
		}
		ctl->rq.ow.chunk = (size_t)v;
		return 0;
	case 'D':
		if (ms_parse_size(arg, &v) || v < 1 || v > 8) {
			ms_say(arg, _("--io-depth must be a number from 1 to 8"));
			return MS_EXIT_USAGE;
		}
		ctl->rq.ow.io_depth = (size_t)v;
		return 0;
	case 'v':
		if (strcmp(arg, "full") && strcmp(arg, "none")) {
			ms_say(arg, _("--verify must be full or none"));
			return MS_EXIT_USAGE;
		}
		ctl->rq.ow.verify = strcmp(arg, "full") == 0 ? MS_VERIFY_FULL : MS_VERIFY_NONE;
		return 0;
	}
	return -1;
}

enum { OPT_DRY = 256, OPT_OP, OPT_OUT, OPT_PROGRESS, OPT_RESTORE, OPT_STATE, OPT_SYSROOT, OPT_UNFREEZE, OPT_POLICY,
       OPT_WITNESS, OPT_DESTROY_BY, OPT_ORG, OPT_CONTRACT, OPT_CONTRACTOR, OPT_PLACE, OPT_ASSET, OPT_SOURCE, OPT_DEST,
       OPT_CAMERA, OPT_HANDOVER, OPT_CA };

/* Options that only store their argument. Returns 0, or -1 when c is not one. */
static int take_text(int c, const char *arg, struct erase_ctl *ctl)
{
	struct ms_cert_opts *co = &ctl->cert;
	switch (c) {
	case OPT_POLICY: ctl->policy_path = arg; break;
	case OPT_WITNESS: ctl->rq.witness = arg; break;
	case OPT_CAMERA: ctl->rq.camera = arg; break;
	case OPT_HANDOVER: ctl->handover = arg; break;
	case OPT_CA: ctl->ca = arg; break;
	case OPT_ORG: co->organisation = arg; break;
	case OPT_CONTRACT: co->contract = arg; break;
	case OPT_CONTRACTOR: co->contractor = arg; break;
	case OPT_PLACE: co->place = arg; break;
	case OPT_ASSET: co->asset = arg; break;
	case OPT_SOURCE: co->source_host = arg; break;
	case OPT_DEST: co->destination = arg; break;
	case OPT_DESTROY_BY: ctl->rq.destroy_by = arg; break;
	case OPT_DRY: ctl->rq.dry_run = true; break;
	case 'J': ctl->json = true; break;
	case OPT_OP: ctl->rq.operator_name = arg; break;
	case OPT_OUT: ctl->rq.out_dir = arg; break;
	case OPT_PROGRESS: ctl->progress_arg = arg; break;
	case OPT_RESTORE: ctl->rq.restore_hidden = true; break;
	case OPT_UNFREEZE: ctl->rq.unfreeze = true; break;
	case OPT_STATE: ctl->rq.state_dir = arg; break;
	case OPT_SYSROOT: ctl->sysroot = arg; break;
	case 'n': ctl->passes_n = arg; break;
	case 'p': ctl->pattern = arg; break;
	default: return -1;
	}
	return 0;
}

static int read_options(int argc, char **argv, struct erase_ctl *ctl)
{
	static const struct option longopts[] = {
		{"asset", required_argument, NULL, OPT_ASSET}, {"chunk", required_argument, NULL, 'C'},
		{"camera", required_argument, NULL, OPT_CAMERA}, {"handover", required_argument, NULL, OPT_HANDOVER},
		{"ca", required_argument, NULL, OPT_CA},
		{"io-depth", required_argument, NULL, 'D'}, {"destination", required_argument, NULL, OPT_DEST},
		{"source-host", required_argument, NULL, OPT_SOURCE}, {"contract", required_argument, NULL, OPT_CONTRACT},
		{"contractor", required_argument, NULL, OPT_CONTRACTOR}, MS_KEY_LONGOPTS,
		{"organisation", required_argument, NULL, OPT_ORG}, {"place", required_argument, NULL, OPT_PLACE},
		{"class", required_argument, NULL, 'c'}, {"destroy-by", required_argument, NULL, OPT_DESTROY_BY},
		{"dry-run", no_argument, NULL, OPT_DRY}, {"json", no_argument, NULL, 'J'}, {"help", no_argument, NULL, 'h'},
		{"method", required_argument, NULL, 'm'}, {"operator", required_argument, NULL, OPT_OP},
		{"out", required_argument, NULL, OPT_OUT}, {"passes", required_argument, NULL, 'n'},
		{"pattern", required_argument, NULL, 'p'}, {"policy", required_argument, NULL, OPT_POLICY},
		{"progress", required_argument, NULL, OPT_PROGRESS}, {"restore-hidden", no_argument, NULL, OPT_RESTORE},
		{"state-dir", required_argument, NULL, OPT_STATE}, {"sysroot", required_argument, NULL, OPT_SYSROOT},
		{"unfreeze", no_argument, NULL, OPT_UNFREEZE}, {"verify", required_argument, NULL, 'v'},
		{"witness", required_argument, NULL, OPT_WITNESS}, {"yes-erase", required_argument, NULL, 'y'},
		{NULL, 0, NULL, 0},
	};
	struct ms_opts o = {.cmd = ctl->rq.custody ? "handover" : "erase", .usage = usage, .shorts = "c:Jm:n:p:y:", .longs = longopts};
	int c, r;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		if (c == MS_OPT_RETURN)
			return o.code ? o.code : -1;
		if (ms_key_option(c, optarg, &ctl->cert))
			continue;
		if ((r = take_value(c, optarg, ctl)) >= 0 || (r = take_text(c, optarg, ctl)) >= 0) {
			if (r)
				return r;
			continue;
		}
	}
	return 0;
}

/* Options that go together, or not. */
static int check_class(struct erase_ctl *ctl)
{
	struct ms_erase_request *rq = &ctl->rq;
	if (!rq->cls_set) {
		if (ctl->policy_path || rq->witness || rq->destroy_by || rq->camera || rq->custody) {
			ms_say("--class", "%s", rq->custody ? _("is required: the class says which row's custody applies") :
			       _("--policy, --witness, --camera and --destroy-by go with --class"));
			return MS_EXIT_USAGE;
		}
		return 0;
	}
	int pe = ms_load_policy(ctl->policy_path, &ctl->policy);
	if (pe)
		return pe;
	rq->policy = &ctl->policy;
	if ((ctl->passes_n || ctl->pattern) && !rq->method_given) {
		ms_say("--class", _("the policy chooses the passes; give --method overwrite with them to insist"));
		return MS_EXIT_USAGE;
	}
	if (rq->destroy_by && !ms_date_valid(rq->destroy_by)) {
		ms_say(rq->destroy_by, _("--destroy-by must be a date YYYY-MM-DD"));
		return MS_EXIT_USAGE;
	}
	if (rq->destroy_by && ms_date_past(rq->destroy_by, time(NULL))) {
		ms_say(rq->destroy_by, _("--destroy-by is in the past: a handover's deadline is today or later"));
		return MS_EXIT_USAGE;
	}
	if (ctl->policy.row_of[rq->cls] == 1 && ctl->policy.witness_required && !rq->witness && !rq->camera &&
	    !rq->dry_run) {
		ms_say("--witness", _("is required for class %s (Figure 41 row 1: staff witness the work), or a --camera "
		       "reference"), ms_class_name(rq->cls));
		return MS_EXIT_USAGE;
	}
	if (rq->custody && (ctl->policy.row_of[rq->cls] == 3 || rq->method_given)) {
		ms_say(rq->method_given ? "--method" : "--class", "%s", rq->method_given ? _("the policy chooses the "
		       "erase before a handover") : _("a class of Figure 41 row 3 is erased on the premises: nothing is "
		       "handed over (massho erase --class)"));
		return MS_EXIT_USAGE;
	}
	return 0;
}

static int set_passes(struct erase_ctl *ctl)
{
	struct ms_overwrite_opts *ow = &ctl->rq.ow;
	char why[160];
	if (ctl->pattern) {
		int n = ms_passes_parse(ctl->pattern, ow->passes, MS_MAX_PASSES, why, sizeof why);
		if (n < 0) {
			ms_say(ctl->pattern, "%s", L_(why));
			return MS_EXIT_USAGE;
		}
		ow->npasses = (size_t)n;
		return 0;
	}
	char *end;
	long n = ctl->passes_n ? strtol(ctl->passes_n, &end, 10) : 1;
	if (ctl->passes_n && (*end || n < 1 || n > MS_MAX_PASSES)) {
		ms_say(ctl->passes_n, _("--passes must be 1..%d"), MS_MAX_PASSES);
		return MS_EXIT_USAGE;
	}
	for (long i = 0; i < n; i++)
		ow->passes[i].kind = MS_PAT_RANDOM;
	ow->npasses = (size_t)n;
	return 0;
}

/* A text the certificate cannot print whole (libharu prints characters outside the BMP
 * as spaces; a page holds 200 characters of a field): refuse it before erasing. */
static int check_texts(const struct erase_ctl *ctl)
{
	const struct ms_cert_opts *co = &ctl->cert;
	const char *texts[][2] = {{"--operator", ctl->rq.operator_name}, {"--witness", ctl->rq.witness},
				  {"--camera", ctl->rq.camera},
				  {"--organisation", co->organisation}, {"--contract", co->contract},
				  {"--contractor", co->contractor}, {"--place", co->place},
				  {"--asset", co->asset}, {"--source-host", co->source_host},
				  {"--destination", co->destination}};
	const char *bad;
	for (size_t i = 0; i < MS_ARRAY_SIZE(texts); i++)
		if (texts[i][1] && (bad = ms_pdf_text_problem(texts[i][1], MS_PDF_FIELD_MAX))) {
			ms_say(texts[i][0], "%s", L_(bad));
			return MS_EXIT_USAGE;
		}
	return 0;
}

static int parse_args(int argc, char **argv, struct erase_ctl *ctl)
{
	int r = read_options(argc, argv, ctl);
	if (r)
		return r;
	if (ctl->passes_n && ctl->pattern) {
		ms_say("--passes", _("give either --passes or --pattern, not both"));
		return MS_EXIT_USAGE;
	}
	if (ms_method_is_firmware(ctl->rq.method) && (ctl->passes_n || ctl->pattern || ctl->rq.restore_hidden)) {
		ms_say(ms_method_name(ctl->rq.method), _("--passes, --pattern and --restore-hidden go with "
		       "--method %s only"), ms_method_name(MS_METHOD_OVERWRITE));
		return MS_EXIT_USAGE;
	}
	if (ctl->ca && !ctl->handover) {
		ms_say("--ca", _("goes with --handover"));
		return MS_EXIT_USAGE;
	}
	if ((ctl->handover && (r = ms_cli_take_handover(ctl->handover, ctl->ca, &ctl->rq, &ctl->ho))) ||
	    (r = check_class(ctl)) || (r = set_passes(ctl)) || (r = check_texts(ctl)))
		return r;
	if (ms_progress_mode_parse(ctl->progress_arg, &ctl->progress)) {
		ms_say(ctl->progress_arg, _("--progress must be auto, bar, json or none"));
		return MS_EXIT_USAGE;
	}
	ctl->rq.sysroot = ms_sysroot(ctl->sysroot);
	ctl->rq.devices = (const char *const *)argv + optind;
	ctl->rq.ndevices = (size_t)(argc - optind);
	if (argc - optind < 1 || argc - optind > MS_BATCH_MAX) {
		return ms_usage_error("%s", argc - optind < 1 ? _("no device given") :
				      _("too many devices (at most 64)"));
	}
	ctl->rq.out_dir = ms_records_dir(ctl->rq.out_dir, ctl->rq.state_dir, ctl->outbuf, sizeof ctl->outbuf);
	return 0;
}

/* Erase with progress shown per device and every signal stopping the engines. */
static enum ms_exit run(struct erase_ctl *ctl)
{
	struct ms_cli_run cr = {.ntokens = ctl->rq.ntokens, .custody = ctl->rq.custody, .ndevices = ctl->rq.ndevices};
	static struct ms_cli_result results[MS_BATCH_MAX + 1]; /* one more: what names no drive */
	memset(results, 0, sizeof results);
	if (ctl->json)
		cr.results = results;
	for (size_t i = 0; i < ctl->rq.ndevices; i++)
		results[i].device = ctl->rq.devices[i];
	struct ms_board board;
	struct ms_board_slot slots[MS_BATCH_MAX];
	if (ms_board_init(&board, ctl->progress, ctl->rq.ndevices))
		return MS_EXIT_FAILURE;
	for (size_t i = 0; i < ctl->rq.ndevices; i++)
		slots[i] = (struct ms_board_slot){.board = &board, .index = i, .device = ctl->rq.devices[i]};
	cr.slots = slots;
	struct ms_erase_ui ui = {.event = ms_cli_event, .confirm = ms_cli_confirm, .ctx = &cr,
				 .progress = ctl->progress == MS_PROGRESS_NONE ? NULL : ms_cli_progress};
	struct ms_report_sink_ctx sctx;
	struct ms_erase_sink sink;
	ms_report_sink(&sctx, ms_cert_issuer(&ctl->cert), ctl->rq.operator_name, &sink);
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	ms_erase_batch(&ctl->rq, &ui, &sink);
	ms_board_end_rest(slots, ctl->rq.ndevices, cr.code);
	ms_board_free(&board);
	if (ctl->json && ms_result_print(results, ctl->rq.ndevices, cr.code))
		cr.code = ms_exit_worse(cr.code, MS_EXIT_FAILURE);
	return cr.code;
}

int ms_cmd_erase(int argc, char **argv)
{
	return ms_erase_main(argc, argv, false);
}

int ms_erase_main(int argc, char **argv, bool custody)
{
	static struct erase_ctl ctl; /* large (the policy); one per process */
	memset(&ctl, 0, sizeof ctl);
	ctl.rq = (struct ms_erase_request){.method = MS_METHOD_OVERWRITE, .ow.verify = MS_VERIFY_FULL, .custody = custody,
					   .ow.retries = 2, .state_dir = MS_DEFAULT_STATE_DIR, .abort = &abort_flag};
	ctl.rq.tokens = ctl.tokens;
	ctl.progress_arg = "auto";
	int r = parse_args(argc, argv, &ctl);
	if (r)
		return r < 0 ? MS_EXIT_OK : r;
	ctl.cert.state_dir = ctl.rq.state_dir;
	ctl.cert.operator_name = ctl.rq.operator_name;
	ctl.cert.witness = ctl.rq.witness;
	/* A wrong passphrase must cost nothing: the key is loaded before any erase. */
	if (!ctl.rq.dry_run && (r = ms_cert_load(&ctl.cert)))
		return ctl.json ? ms_result_refused(ctl.rq.devices, ctl.rq.ndevices, r, ctl.cert.key_path) : r;
	enum ms_exit code = run(&ctl);
	ms_cert_unload(&ctl.cert);
	return code;
}
