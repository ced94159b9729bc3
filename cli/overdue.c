/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The handing station's side of the custody chain: massho report overdue [--state-dir
 * DIR] [--json] lists its handovers past their deadline with no completion recorded
 * (report/overdue.h); massho report receive --ca CERT CERT.pdf confirms a contractor's
 * completion certificate and records the completion (report/receive.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../report/overdue.h"
#include "../report/receive.h"
#include "../util/util.h"
#include "../util/json.h"
#include "cli.h"

static void print_text(const struct ms_json *res)
{
	const struct ms_json *list = ms_json_get(res, "overdue");
	for (size_t i = 0; list && i < list->n; i++) {
		const struct ms_json *o = list->items[i];
		const char *problem = ms_json_get_str(o, "problem");
		const struct ms_json *d = ms_json_get(o, "device");
		uint64_t days = 0; /* past the deadline: never negative */
		ms_json_get_u64(o, "days_overdue", &days);
		if (problem)
			printf("%s: %s (%s)\n", ms_json_get_str(o, "record_id"), L_(problem), ms_json_get_str(o, "record"));
		else
			/* TRANSLATORS: handover id, days overdue, deadline, model, serial, class, the handover
			 * record's path */
			printf(_("%s: overdue by %llu days (destroy by %s): %s, serial %s, class %s — %s\n"),
			       ms_json_get_str(o, "record_id"), (unsigned long long)days, ms_json_get_str(o, "destroy_by"),
			       ms_json_get_str(d, "model"), ms_json_get_str(d, "serial"), ms_json_get_str(o, "class"),
			       ms_json_get_str(o, "record"));
	}
	uint64_t n = 0, done = 0;
	ms_json_get_u64(res, "handovers", &n);
	ms_json_get_u64(res, "completed", &done);
	printf(_("%llu handovers, %llu completed here, %zu overdue\n"), (unsigned long long)n, (unsigned long long)done,
	       list ? list->n : 0);
}

static void usage_overdue(void)
{
	puts(_("Usage:\n massho report overdue [--state-dir DIR] [--json]\n\n"
	       "List the handovers written at this station that are past their deadline with no\n"
	       "completion (destruction or erase) recorded here. Exit 9 when any is overdue.\n\n"
	       "Options:\n"
	       " -J, --json               print them as JSON\n"
	       "     --state-dir DIR      the journal and records (default /var/lib/massho)\n"
	       " -h, --help               display this help\n"
	       " -V, --version            display the version\n\n"
	       "Exit status: see massho(8)."));
}

static void usage_receive(void)
{
	puts(_("Usage:\n massho report receive --ca CERT [--state-dir DIR] CERT.pdf...\n\n"
	       "Confirm the contractor's completion certificates (destruction, or an erase that\n"
	       "completes a handover): each must verify against --ca and refer to a handover this\n"
	       "station wrote; the completion is then recorded (report overdue no longer lists it).\n\n"
	       "Options:\n"
	       "     --ca CERT            the contractor's CA (required)\n"
	       "     --state-dir DIR      the journal and records (default /var/lib/massho)\n"
	       " -h, --help               display this help\n"
	       " -V, --version            display the version\n\n"
	       "Exit status: see massho(8)."));
}

int ms_report_overdue(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'}, {"json", no_argument, NULL, 'J'},
		{"state-dir", required_argument, NULL, 's'}, {NULL, 0, NULL, 0},
	};
	const char *state = MS_DEFAULT_STATE_DIR;
	bool json = false;
	struct ms_opts o = {.cmd = "report overdue", .usage = usage_overdue, .shorts = "J", .longs = longopts};
	int c;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		switch (c) {
		case MS_OPT_RETURN: return o.code;
		case 'J': json = true; break;
		case 's': state = optarg; break;
		}
	}
	if (optind != argc) {
		return ms_usage_error(_("%s: takes no operand"), argv[optind]);
	}
	struct ms_json *res;
	int r = ms_custody_overdue(state, time(NULL), &res);
	if (r) {
		ms_say(state, "%s", r == -ENOENT ? _("no journal directory here: give the state directory of the station "
		       "that wrote the handovers (--state-dir)") : r == -EPERM ? _("its journal directory can be written by "
		       "others: its journals vouch for nothing") : strerror(-r));
		return r == -ENOENT ? MS_EXIT_NODEV : r == -EPERM ? MS_EXIT_ARTIFACT : MS_EXIT_FAILURE;
	}
	const struct ms_json *list = ms_json_get(res, "overdue");
	enum ms_exit code = list && list->n ? MS_EXIT_CANNOT_MEET : MS_EXIT_OK;
	if (json) {
		int pe = ms_print_json(res);
		return pe ? (enum ms_exit)pe : code;
	}
	print_text(res);
	ms_json_free(res);
	return code;
}

/* Verify the certificate against --ca, then record the completion it certifies. */
static enum ms_exit receive_one(const char *file, const char *ca, const char *state)
{
	char *data, sha[65], why[500], id[64] = "";
	size_t len;
	int r = ms_read_file(file, &data, &len, 256 << 20);
	if (r) {
		ms_say(file, _("cannot read: %s"), strerror(-r));
		return MS_EXIT_NODEV;
	}
	ms_sha256_hex(data, len, sha);
	struct ms_pdf_check chk;
	enum ms_check res = ms_pdf_check((unsigned char *)data, len, ca, NULL, NULL, &chk);
	free(data);
	if (res != MS_CHECK_OK) {
		ms_say(file, "%s", L_(chk.why));
		ms_pdf_check_free(&chk);
		return ms_exit_of_check(res);
	}
	if (chk.signer_expired) { /* a completion is received now: its signer must be valid now */
		ms_say(file, _("signed by %s, whose certificate has expired since it signed (%s): a completion is received "
		       "only while its signer's certificate is valid"), chk.signer, chk.signed_at);
		ms_pdf_check_free(&chk);
		return MS_EXIT_UNTRUSTED;
	}
	struct ms_json *rec = ms_json_parse(chk.record, chk.record_len, NULL, 0);
	r = rec ? ms_custody_receive(state, rec, sha, chk.signer, id, sizeof id, why, sizeof why) : -EBADMSG;
	if (!rec)
		snprintf(why, sizeof why, "%s", _("the embedded record is not JSON"));
	if (r)
		ms_say(r == -EALREADY ? id : file, "%s", L_(why));
	else
		/* TRANSLATORS: handover id, kind of record (erasure, destruction), its id, the certificate file,
		 * the signer */
		printf(_("%s: completed by %s %s (%s, signed by %s)\n"), id, ms_json_get_str(rec, "kind"),
		       ms_json_get_str(rec, "record_id"), file, chk.signer);
	ms_json_free(rec);
	ms_pdf_check_free(&chk);
	return !r ? MS_EXIT_OK : r == -EALREADY ? MS_EXIT_REFUSED : r == -EBADMSG ? MS_EXIT_RECORD_MISMATCH :
	       MS_EXIT_ARTIFACT;
}

int ms_report_receive(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"ca", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'},
		{"state-dir", required_argument, NULL, 's'}, {NULL, 0, NULL, 0},
	};
	const char *state = MS_DEFAULT_STATE_DIR, *ca = NULL;
	struct ms_opts o = {.cmd = "report receive", .usage = usage_receive, .longs = longopts};
	int c;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		switch (c) {
		case MS_OPT_RETURN: return o.code;
		case 'c': ca = optarg; break;
		case 's': state = optarg; break;
		}
	}
	/* a completion is believed only from a signer the station trusts */
	if (!ca || optind == argc) {
		return ms_usage_error(_("give --ca CERT (the contractor's CA) and the certificates"));
	}
	enum ms_exit code = MS_EXIT_OK;
	for (int i = optind; i < argc; i++)
		code = ms_exit_worse(code, receive_one(argv[i], ca, state));
	return code;
}
