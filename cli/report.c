/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho report pdf|verify|show|summary|ledger verify (overdue, receive: cli/overdue.c). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../report/admit.h"
#include "../report/ledger_audit.h"
#include "../report/record.h"
#include "../report/summary.h"
#include "../report/verify.h"
#include "../util/atomic.h"
#include "../util/json.h"
#include "../util/util.h"
#include "cli.h"

/* ---- massho report ---------------------------------------------------------------------- */

static void usage_pdf(void) { ms_report_usage("pdf"); }
static void usage_summary(void) { ms_report_usage("summary"); }
static void usage_show(void) { ms_report_usage("show"); }
static void usage_ledger(void) { ms_report_usage("ledger"); }

static int report_show(const char *file)
{
	char *data;
	size_t len;
	int r = ms_read_file(file, &data, &len, 256 << 20);
	if (r) {
		ms_say(file, _("cannot read: %s"), strerror(-r));
		return MS_EXIT_NODEV;
	}
	const char *text = data;
	size_t tlen = len;
	struct ms_pdf_check chk = {0};
	if (len > 5 && memcmp(data, "%PDF-", 5) == 0) {
		enum ms_check res = ms_pdf_check((unsigned char *)data, len, NULL, NULL, NULL, &chk);
		if (!chk.record) {
			ms_say(file, "%s", L_(chk.why));
			free(data);
			return ms_exit_of_check(res == MS_CHECK_OK ? MS_CHECK_NOT_SIGNED : res);
		}
		if (res != MS_CHECK_OK)
			ms_say(file, _("warning: %s"), L_(chk.why));
		text = chk.record;
		tlen = chk.record_len;
	}
	char err[128];
	struct ms_json *j = ms_json_parse(text, tlen, err, sizeof err);
	if (!j) {
		ms_say(file, _("not a record: %s"), err);
		free(data);
		ms_pdf_check_free(&chk);
		return MS_EXIT_NOT_SIGNED;
	}
	char *out = ms_json_render(j, 2);
	puts(out ? out : "");
	free(out);
	ms_json_free(j);
	free(data);
	ms_pdf_check_free(&chk);
	return MS_EXIT_OK;
}

enum ms_exit ms_cli_summary(struct ms_cert_opts *co, const char *const *files, size_t n, const char *ca,
			    const char *out, char *pdf, size_t pdflen)
{
	bool loaded = co->iss.signer != NULL; /* the station's key, loaded before its screen */
	struct ms_summary_item *items = calloc(n, sizeof *items);
	struct ms_json **recs = calloc(n, sizeof *recs);
	char (*sha)[2][65] = calloc(n, sizeof *sha);
	enum ms_exit code = items && recs && sha ? MS_EXIT_OK : MS_EXIT_FAILURE;
	for (size_t i = 0; i < n && !code; i++) {
		struct ms_pdf_check chk;
		enum ms_check res;
		bool beside;
		if (ms_check_certificate(files[i], ca, NULL, NULL, &chk, sha[i][0], &beside, &res)) {
			code = MS_EXIT_NODEV;
			break;
		}
		recs[i] = res == MS_CHECK_OK ? ms_json_parse(chk.record, chk.record_len, NULL, 0) : NULL;
		const char *kind = ms_json_get_str(recs[i], "kind");
		if (res != MS_CHECK_OK) {
			ms_say(files[i], _("not summarised: %s"), L_(chk.why));
			code = ms_exit_of_check(res);
		} else if (!kind || (strcmp(kind, "erasure") && strcmp(kind, "handover") && strcmp(kind, "destruction"))) {
			ms_say(files[i], _("not summarised: a summary lists erasure, handover and destruction certificates"));
			code = MS_EXIT_USAGE;
		} else {
			const char *slash = strrchr(files[i], '/');
			ms_strlcpy(sha[i][1], chk.record_sha256, sizeof sha[i][1]);
			items[i] = (struct ms_summary_item){.file = slash ? slash + 1 : files[i], .pdf_sha256 = sha[i][0],
							    .record = recs[i], .record_sha256 = sha[i][1]};
		}
		ms_pdf_check_free(&chk);
	}
	char dir[PATH_MAX], why[300], path[PATH_MAX], host[256] = "", bin[65] = "";
	struct ms_json *sum = NULL;
	if (!code) {
		gethostname(host, sizeof host - 1);
		ms_sha256_file_hex("/proc/self/exe", bin);
		struct ms_image_id img;
		ms_image_id_load(NULL, &img);
		struct ms_summary_meta m = {.tool_version = ms_version, .binary_sha256 = bin, .hostname = host,
					    .operator_name = co->operator_name, .image = &img};
		if (!(sum = ms_summary_build(items, n, &m, why, sizeof why))) {
			ms_say(NULL, "%s", L_(why));
			code = MS_EXIT_USAGE;
		}
	}
	if (!code && !loaded)
		code = ms_cert_load(co);
	if (!code) {
		if (out)
			ms_strlcpy(dir, out, sizeof dir);
		else
			ms_path_dir(files[0], dir, sizeof dir);
		int r = ms_record_write(dir, sum, path, sizeof path, NULL);
		if (r) {
			ms_say(dir, _("cannot write the summary record: %s"), strerror(-r));
			code = MS_EXIT_ARTIFACT;
		} else if ((code = ms_cert_issue(co, path, "report summary")) != MS_EXIT_OK) {
			unlink(path); /* a summary without its signed PDF is a partial artifact */
		} else if (pdf) {
			ms_strlcpy(pdf, path, pdflen); /* issued beside its record: NAME.json, NAME.pdf */
			char *dot = strrchr(pdf, '.');
			if (dot && (size_t)(dot - pdf) + 5 <= pdflen)
				strcpy(dot, ".pdf");
		}
	}
	if (!loaded)
		ms_cert_unload(co);
	ms_json_free(sum);
	for (size_t i = 0; recs && i < n; i++)
		ms_json_free(recs[i]);
	free(recs);
	free(items);
	free(sha);
	return code;
}

/* report ledger verify [--state-dir DIR] [--ca CERT] [CERT.pdf...] */
static int report_ledger(int argc, char **argv)
{
	enum { OPT_STATE = 256, OPT_CA };
	static const struct option longopts[] = {
		{"ca", required_argument, NULL, OPT_CA},
		{"state-dir", required_argument, NULL, OPT_STATE},
		{NULL, 0, NULL, 0},
	};
	const char *state = MS_DEFAULT_STATE_DIR, *ca = NULL;
	struct ms_opts o = {.cmd = "report ledger verify", .usage = usage_ledger, .longs = longopts};
	int c;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		if (c == MS_OPT_RETURN)
			return o.code;
		if (c == OPT_STATE)
			state = optarg;
		else if (c == OPT_CA)
			ca = optarg;
	}
	if (optind >= argc || strcmp(argv[optind], "verify") != 0)
		return ms_usage_error(_("give verify"));
	optind++;
	struct ms_ledger_report rep;
	char why[700];
	int r = ms_ledger_audit(state, ca, (const char *const *)argv + optind, (size_t)(argc - optind), &rep, why,
				sizeof why);
	if (r) {
		ms_say(NULL, "%s", L_(why));
		return r == -ENOENT ? MS_EXIT_NODEV : MS_EXIT_NOT_SIGNED;
	}
	printf(_("%s/ledger.jsonl: %zu entries, chain intact"), state, rep.entries);
	if (rep.checkpoint)
		printf(_(", head signed by %s%s"), rep.signer, ca ? _(" (chains to the CA)") : "");
	printf(_("\ncertificates: %zu match their entries, %zu not on this disk, %zu issued before ledger binding\n"),
	       rep.certs_checked, rep.certs_absent, rep.certs_unbound);
	return MS_EXIT_OK;
}

/* report pdf: sign a record after the fact, only if it is admitted (report/admit.h). */
static enum ms_exit issue_record(struct ms_cert_opts *co, const char *record, const char *journal)
{
	struct ms_admission a;
	char why[700];
	int r = ms_record_admit(record, co->state_dir, journal, &a, why, sizeof why);
	if (r) {
		ms_say(record, "%s", L_(why));
		return r == -EBADMSG ? MS_EXIT_RECORD_MISMATCH : MS_EXIT_NODEV;
	}
	/* TRANSLATORS: record file, kind (erasure...), SHA-256 (16 digits), when journaled, state directory,
	 * journal file, " — another station's journal..." or nothing */
	printf(_("%s: %s record, schema and outcome consistent, SHA-256 %.16s… journaled at %s in %s/journal/%s%s\n"),
	       record, a.kind, a.sha256, a.journaled_at, a.journal_dir, a.journal,
	       a.other_station ? _(" — another station's journal, not this station's") : "");
	char vouched[PATH_MAX + 400];
	snprintf(vouched, sizeof vouched, "%s (%s/journal/%s, %s)", a.other_station ?
		 "他の端末の作業記録 / another station's journal, given with --journal" :
		 "この端末の作業記録 / this station's journal", a.journal_dir, a.journal, a.journaled_at);
	co->vouched_by = vouched;
	co->iss.expect_sha256 = a.sha256;
	enum ms_exit code = ms_cert_load(co);
	if (!code)
		code = ms_cert_issue(co, record, record);
	ms_cert_unload(co);
	return code;
}

/* report pdf RECORD | report summary CERT... : the shared options of a signed artifact. */
static int report_issue(int argc, char **argv, bool summary)
{
	enum { OPT_STATE = 256, OPT_ORG, OPT_CONTRACT, OPT_CONTRACTOR, OPT_PLACE, OPT_OP, OPT_WIT, OPT_PHOTO, OPT_CA,
	       OPT_OUT, OPT_JOURNAL };
	static const struct option longopts[] = {
		MS_KEY_LONGOPTS,
		{"ca", required_argument, NULL, OPT_CA},
		{"contract", required_argument, NULL, OPT_CONTRACT},
		{"contractor", required_argument, NULL, OPT_CONTRACTOR},
		{"journal", required_argument, NULL, OPT_JOURNAL},
		{"operator", required_argument, NULL, OPT_OP},
		{"organisation", required_argument, NULL, OPT_ORG},
		{"out", required_argument, NULL, OPT_OUT},
		{"photo", required_argument, NULL, OPT_PHOTO},
		{"place", required_argument, NULL, OPT_PLACE},
		{"state-dir", required_argument, NULL, OPT_STATE},
		{"witness", required_argument, NULL, OPT_WIT},
		{NULL, 0, NULL, 0},
	};
	const char *cmd = summary ? "report summary" : "report pdf", *ca = NULL, *out = NULL, *journal = NULL;
	struct ms_cert_opts co = {.state_dir = MS_DEFAULT_STATE_DIR};
	const char *photos[16];
	struct ms_opts o = {.cmd = cmd, .usage = summary ? usage_summary : usage_pdf, .longs = longopts};
	int c;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		if (c == MS_OPT_RETURN)
			return o.code;
		if (ms_key_option(c, optarg, &co))
			continue;
		switch (c) {
		case OPT_STATE: co.state_dir = optarg; break;
		case OPT_ORG: co.organisation = optarg; break;
		case OPT_CONTRACT: co.contract = optarg; break;
		case OPT_CONTRACTOR: co.contractor = optarg; break;
		case OPT_PLACE: co.place = optarg; break;
		case OPT_OP: co.operator_name = optarg; break;
		case OPT_WIT: co.witness = optarg; break;
		case OPT_CA: ca = optarg; break;
		case OPT_OUT: out = optarg; break;
		case OPT_JOURNAL: journal = optarg; break;
		case OPT_PHOTO:
			if (co.nphotos < 16)
				photos[co.nphotos++] = optarg;
			break;
		}
	}
	co.photos = photos;
	if (!co.key_path || (summary ? optind >= argc || co.nphotos || journal : optind + 1 != argc || ca || out)) {
		return ms_usage_error("%s", summary ? _("give the certificates and --key P12|pkcs11:URI (no --photo, "
				      "no --journal)") : _("give one record and --key P12|pkcs11:URI (--ca and --out belong to "
				      "summary)"));
	}
	if (summary)
		return ms_cli_summary(&co, (const char *const *)argv + optind, (size_t)(argc - optind), ca, out, NULL, 0);
	return issue_record(&co, argv[optind], journal);
}

/* report show takes no option: only --help, --version and "--". */
static int report_show_main(int argc, char **argv)
{
	static const struct option none[] = {{NULL, 0, NULL, 0}};
	struct ms_opts o = {.cmd = "report show", .usage = usage_show, .longs = none};
	if (ms_opt_next(&o, argc, argv) == MS_OPT_RETURN)
		return o.code;
	if (optind + 1 != argc)
		return ms_usage_error(_("give one certificate or record"));
	return report_show(argv[optind]);
}

int ms_cmd_report(int argc, char **argv)
{
	ms_say_as("report");
	if (argc < 2)
		return ms_usage_error(_("no report command given"));
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		ms_report_usage(NULL);
		return MS_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		ms_cli_version();
		return MS_EXIT_OK;
	}
	if (strcmp(argv[1], "verify") == 0)
		return ms_report_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "push") == 0)
		return ms_report_push(argc - 1, argv + 1);
	if (strcmp(argv[1], "find") == 0)
		return ms_report_find(argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return report_show_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "ledger") == 0)
		return report_ledger(argc - 1, argv + 1);
	if (strcmp(argv[1], "overdue") == 0)
		return ms_report_overdue(argc - 1, argv + 1);
	if (strcmp(argv[1], "receive") == 0)
		return ms_report_receive(argc - 1, argv + 1);
	if (strcmp(argv[1], "pdf") == 0 || strcmp(argv[1], "summary") == 0)
		return report_issue(argc - 1, argv + 1, strcmp(argv[1], "summary") == 0);
	ms_say(argv[1], _("unknown report command (pdf, summary, verify, show, ledger, overdue, receive, push, find)"));
	ms_say_try();
	return MS_EXIT_USAGE;
}
