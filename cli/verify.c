/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho report verify FILE.pdf: check a certificate offline, for people or (--json) for
 * programs. The central store's audit, --from, is cli/collect.c's. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../report/record.h"
#include "../report/verify.h"
#include "../util/json.h"
#include "../util/util.h"
#include "cli.h"

static void usage_verify(void)
{
	ms_report_usage("verify");
}

/* Check one signed PDF: its exported record (default: FILE.json beside it) and the files
 * its record lists (default: FILE's directory). Returns -errno (and says why) when the file
 * cannot be read, else 0 with the result in *res and chk (to be freed). pdf_sha256 (may be
 * NULL) gets the file's hash; beside says whether an exported record was compared. */
int ms_check_certificate(const char *file, const char *ca, const char *record, const char *files,
			     struct ms_pdf_check *chk, char pdf_sha256[65], bool *beside, enum ms_check *res)
{
	char *data, side[PATH_MAX], dir[PATH_MAX];
	size_t len;
	int r = ms_read_file(file, &data, &len, 256 << 20);
	if (r) {
		ms_say(file, _("cannot read: %s"), strerror(-r));
		return r;
	}
	if (!record) {
		/* X.pdf (or X.PDF) has its exported record X.json beside it; a file not so named
		 * has none, and must never be compared with itself */
		ms_strlcpy(side, file, sizeof side);
		char *dot = strrchr(side, '.');
		if (dot && strcasecmp(dot, ".pdf") == 0 && (size_t)(dot - side) + 6 <= sizeof side) {
			strcpy(dot, ".json");
			record = access(side, R_OK) == 0 ? side : NULL;
		}
	}
	*beside = record != NULL;
	if (!files) {
		ms_path_dir(file, dir, sizeof dir);
		files = dir;
	}
	if (pdf_sha256)
		ms_sha256_hex(data, len, pdf_sha256);
	*res = ms_pdf_check((unsigned char *)data, len, ca, record, files, chk);
	free(data);
	return 0;
}

/* The result's name in --json (machine output stays English). */
static const char *check_name(enum ms_check c)
{
	switch (c) {
	case MS_CHECK_OK: return "ok";
	case MS_CHECK_NOT_SIGNED: return "not-signed";
	case MS_CHECK_SIG_INVALID: return "signature-invalid";
	case MS_CHECK_PARTIAL: return "data-appended";
	case MS_CHECK_RECORD_MISMATCH: return "record-mismatch";
	case MS_CHECK_UNTRUSTED: return "untrusted";
	}
	return "?";
}

struct verdict {
	const char *file;
	enum ms_check res;
	const struct ms_pdf_check *chk;
	const struct ms_json *rec; /* the embedded record, when it parsed */
	bool beside;               /* the exported record was compared */
	const char *problem;       /* why it failed (English), or NULL */
	const char *damaged;       /* the embedded erasure record is not valid: why */
};

static int print_json(const struct verdict *v, int code)
{
	const struct ms_pdf_check *c = v->chk;
	struct ms_json *o = ms_json_obj();
	ms_json_set_str(o, "file", v->file);
	ms_json_set_str(o, "result", check_name(v->res));
	ms_json_set_u64(o, "exit_status", (uint64_t)code);
	char damaged[300];
	if (v->damaged)
		snprintf(damaged, sizeof damaged, "the embedded record is damaged: %s", v->damaged);
	ms_json_set_str(o, "problem", v->damaged ? damaged : v->problem);
	ms_json_set_str(o, "signer", c->signer[0] ? c->signer : NULL);
	ms_json_set_bool(o, "chain_checked", c->chain_checked);
	ms_json_set_bool(o, "signer_expired", c->signer_expired);
	ms_json_set_str(o, "signed_at", c->signed_at[0] ? c->signed_at : NULL);
	ms_json_set_str(o, "record_id", ms_json_get_str(v->rec, "record_id"));
	ms_json_set_str(o, "kind", ms_json_get_str(v->rec, "kind"));
	ms_json_set_str(o, "record_sha256", c->record_sha256[0] ? c->record_sha256 : NULL);
	ms_json_set_bool(o, "exported_record_compared", v->beside);
	ms_json_set_u64(o, "photos_checked", c->photos_embedded);
	ms_json_set_u64(o, "ledger_entry", c->ledger_seq);
	return ms_print_json(o);
}

static void print_text(const struct verdict *v)
{
	const struct ms_pdf_check *chk = v->chk;
	const char *file = v->file, *kind = ms_json_get_str(v->rec, "kind");
	if (v->damaged || v->problem) {
		if (v->damaged)
			ms_say(file, _("the embedded record is damaged: %s"), L_(v->damaged));
		else
			ms_say(file, "%s", L_(v->problem));
		return;
	}
	/* TRANSLATORS: certificate file, signer, " (chain checked)" or " (not checked against a CA...)" */
	printf(_("%s: signature valid, covers the whole file; signed by %s%s\n"), file, chk->signer,
	       chk->chain_checked ? _(" (chain checked)") : _(" (not checked against a CA: give --ca)"));
	if (chk->signer_expired)
		printf(_("%s: the signer's certificate has expired since; it chained to the CA when the "
		       "signature was made (%s, the signer's own clock)\n"), file, chk->signed_at);
	printf(_("%s: record %s (%s, SHA-256 %s)%s\n"), file, ms_json_get_str(v->rec, "record_id"), kind ? kind : "?",
	       chk->record_sha256, v->beside ? _(", equal to the exported record") : "");
	if (chk->photos_embedded)
		printf(_("%s: %zu photos checked inside the certificate against the record's hashes\n"), file,
		       chk->photos_embedded);
}

/* --json when a file cannot be read: still one object, so that a script always has one. */
static int unreadable(const char *file, const char *what, int err)
{
	char why[PATH_MAX + 100];
	snprintf(why, sizeof why, "%s: cannot read: %s", what, strerror(err));
	struct ms_json *o = ms_json_obj();
	ms_json_set_str(o, "file", file);
	ms_json_set_str(o, "result", "unreadable");
	ms_json_set_u64(o, "exit_status", MS_EXIT_NODEV);
	ms_json_set_str(o, "problem", why);
	ms_print_json(o);
	return MS_EXIT_NODEV;
}

int ms_report_verify(int argc, char **argv)
{
	const char *ca = NULL, *record = NULL, *photos = NULL, *from = NULL;
	bool json = false;
	static const struct option longopts[] = {
		{"ca", required_argument, NULL, 'c'}, {"from", required_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'J'}, {"photos", required_argument, NULL, 'p'},
		{"record", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0},
	};
	struct ms_opts o = {.cmd = "report verify", .usage = usage_verify, .shorts = "J", .longs = longopts};
	int c;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		switch (c) {
		case MS_OPT_RETURN: return o.code;
		case 'c': ca = optarg; break;
		case 'f': from = optarg; break;
		case 'J': json = true; break;
		case 'p': photos = optarg; break;
		case 'r': record = optarg; break;
		}
	}
	if (from && optind == argc && !record && !photos && !json)
		return ms_report_verify_from(from, ca);
	if (from || optind + 1 != argc)
		return ms_usage_error("%s", from && json ? _("--json goes with one certificate, not "
				      "--from") : _("give one certificate (FILE.pdf), or --from URI alone"));
	struct ms_pdf_check chk;
	struct verdict v = {.file = argv[optind], .chk = &chk};
	/* a CA that cannot be read is a file missing (3), not a signer that does not chain (15) */
	if (ca && access(ca, R_OK)) {
		int e = errno;
		ms_say(ca, _("cannot read: %s"), strerror(e));
		return json ? unreadable(v.file, ca, e) : MS_EXIT_NODEV;
	}
	int r = ms_check_certificate(v.file, ca, record, photos, &chk, NULL, &v.beside, &v.res);
	if (r)
		return json ? unreadable(v.file, v.file, -r) : MS_EXIT_NODEV;
	struct ms_json *rec = chk.record ? ms_json_parse(chk.record, chk.record_len, NULL, 0) : NULL;
	char why[200];
	v.rec = rec;
	const char *kind = ms_json_get_str(rec, "kind");
	if (v.res != MS_CHECK_OK) {
		v.problem = chk.why;
	} else if (kind && strcmp(kind, "erasure") == 0 && ms_record_validate(rec, why, sizeof why)) {
		v.damaged = why;
		v.res = MS_CHECK_RECORD_MISMATCH;
	}
	/* intact, but anyone's key would do: an auditor's script must not read 0 as "trusted" */
	int code = v.res == MS_CHECK_OK && !chk.chain_checked ? MS_EXIT_SIGNER_UNCHECKED : ms_exit_of_check(v.res);
	if (json) {
		if (print_json(&v, code))
			code = MS_EXIT_FAILURE;
	} else {
		print_text(&v);
	}
	ms_json_free(rec);
	ms_pdf_check_free(&chk);
	return code;
}
