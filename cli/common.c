/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the commands share: messages, the system root, the policy, signing keys and the
 * printing of the use cases' events. The commands call this file, never each other. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "../erase/hidden.h"
#include "../util/json.h"
#include "../util/size.h"
#include "../util/util.h"
#include "../util/columns.h"
#include "cli.h"
#include "opts.h"
#include "result.h"

/* The command messages start with: "massho erase: ". */
static char say_as[64] = "massho";

void ms_say_as(const char *cmd)
{
	snprintf(say_as, sizeof say_as, "massho%s%s", cmd ? " " : "", cmd ? cmd : "");
}

void ms_say_try(void)
{
	fprintf(stderr, _("Try '%s --help' for more information.\n"), say_as);
}

void ms_say(const char *obj, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	flockfile(stderr); /* one line, even beside another thread's progress line */
	fprintf(stderr, "%s: ", say_as);
	if (obj)
		fprintf(stderr, "%s: ", obj);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

const char *ms_pad(const char *s, int cols, char *buf, size_t len)
{
	int pad = cols - ms_text_columns(s);
	snprintf(buf, len, "%s%*s", s, pad > 0 ? pad : 0, "");
	return buf;
}

enum ms_exit ms_class_option(const char *arg, enum ms_class *out)
{
	if (ms_class_parse(arg, out) == 0)
		return MS_EXIT_OK;
	ms_say(arg, _("unknown class (mynumber, 3, 2, 1)"));
	return MS_EXIT_USAGE;
}

const char *ms_records_dir(const char *out, const char *state_dir, char *buf, size_t len)
{
	if (out)
		return out;
	snprintf(buf, len, "%s/records", state_dir);
	return buf;
}

const char *ms_sysroot(const char *opt)
{
	if (opt)
		return opt;
	const char *env = getenv("MS_SYSROOT");
	return env ? env : "";
}

enum ms_exit ms_load_policy(const char *path, struct ms_policy *p)
{
	char why[300];
	if (ms_policy_load(path, p, why, sizeof why)) {
		ms_say(NULL, "%s", L_(why));
		return MS_EXIT_USAGE;
	}
	return MS_EXIT_OK;
}

/* ---- signing keys ----------------------------------------------------------------------------- */

int ms_read_passphrase(const char *file, const char *prompt, char *out, size_t len)
{
	if (file) {
		char *t;
		size_t n;
		int r = ms_read_file(file, &t, &n, 4096);
		if (r)
			return r;
		t[strcspn(t, "\r\n")] = '\0';
		ms_strlcpy(out, t, len);
		ms_memzero(t, n);
		free(t);
		return 0;
	}
	if (!isatty(STDIN_FILENO))
		return -ENOTTY;
	struct termios old, quiet;
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	fprintf(stderr, "%s", prompt);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	char *got = fgets(out, (int)len, stdin);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	if (!got)
		return -EIO;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

bool ms_key_option(int c, const char *arg, struct ms_cert_opts *co)
{
	switch (c) {
	case MS_OPT_KEY: co->key_path = arg; return true;
	case MS_OPT_PASS: co->passphrase_file = arg; return true;
	case MS_OPT_P11: co->pkcs11_module = arg; return true;
	case MS_OPT_CERT: co->cert_path = arg; return true;
	default: return false;
	}
}

enum ms_exit ms_cert_load(struct ms_cert_opts *c)
{
	char pass[256], why[600] = "";
	if (!c->key_path)
		return MS_EXIT_OK;
	bool token = ms_key_is_token(c->key_path);
	struct ms_key_spec k = {.key = c->key_path, .pkcs11_module = c->pkcs11_module, .cert_path = c->cert_path};
	/* A malformed URI is refused before a PIN is asked for. */
	int r = ms_key_check(c->key_path, why, sizeof why);
	if (r) {
		ms_say(c->key_path, "%s", L_(why));
		return MS_EXIT_KEY;
	}
	r = ms_read_passphrase(c->passphrase_file, token ? _("PIN of the token: ") : _("Passphrase of the signing key: "), pass,
			    sizeof pass);
	if (r) {
		ms_say(c->passphrase_file ? c->passphrase_file : c->key_path, "%s",
		       r == -ENOTTY ? _("no passphrase: give --passphrase-file or run on a terminal") : strerror(-r));
		return MS_EXIT_KEY;
	}
	r = ms_issuer_open(&c->iss, &k, pass, why, sizeof why);
	ms_memzero(pass, sizeof pass);
	if (r) {
		ms_say(token ? c->key_path : NULL, "%s", L_(why));
		return MS_EXIT_KEY;
	}
	return MS_EXIT_OK;
}

void ms_cert_unload(struct ms_cert_opts *c)
{
	ms_issuer_close(&c->iss);
}

const struct ms_issuer *ms_cert_issuer(struct ms_cert_opts *c)
{
	c->iss.state_dir = c->state_dir;
	c->iss.pdf = (struct ms_pdf_opts){
		.organisation = c->organisation, .contract = c->contract, .contractor = c->contractor, .place = c->place,
		.operator_name = c->operator_name, .witness = c->witness, .photos = c->photos, .nphotos = c->nphotos,
		.asset = c->asset, .source_host = c->source_host, .destination = c->destination,
		.vouched_by = c->vouched_by,
	};
	return &c->iss;
}

enum ms_exit ms_cert_issue(struct ms_cert_opts *c, const char *record_path, const char *subject)
{
	char pdf[PATH_MAX], why[600];
	if (!c->iss.signer)
		return MS_EXIT_OK;
	int r = ms_issue(ms_cert_issuer(c), record_path, pdf, sizeof pdf, why, sizeof why);
	if (r) {
		if (strcmp(subject, record_path) == 0) /* report pdf: the record is the subject */
			ms_say(NULL, "%s", L_(why));
		else
			ms_say(subject, _("no certificate: %s (the record %s is kept: `massho report pdf` issues its "
			       "certificate)"), L_(why), record_path);
		/* -EINVAL: what was given does not go with the record (a destruction's photos) */
		return r == -EBADMSG ? MS_EXIT_RECORD_MISMATCH : r == -EINVAL ? MS_EXIT_USAGE : ms_exit_of(MS_FAULT_ARTIFACT, r);
	}
	if (why[0])
		ms_say(c->state_dir, "%s", L_(why));
	printf(_("%s: certificate %s\n"), subject, pdf);
	return MS_EXIT_OK;
}

/* ---- the use cases' events ---------------------------------------------------------------------- */

static void print_outcome(const char *obj, const struct ms_job *j)
{
	char detail[600] = "";
	if (strcmp(j->kind, "unlock") == 0) {
		if (j->outcome == MS_OUTCOME_COMPLETED)
			printf(_("%s: unlocked, password removed\n"), obj);
		else
			printf(_("%s: unlock failed: %s\n"), obj, L_(j->failure));
		return;
	}
	if (j->outcome == MS_OUTCOME_FAILED || j->outcome == MS_OUTCOME_INTERRUPTED)
		snprintf(detail, sizeof detail, "%s", L_(j->failure));
	else if (j->outcome == MS_OUTCOME_VERIFY_FAILED)
		snprintf(detail, sizeof detail, _("%llu sectors differ, the first at byte %llu"),
			 (unsigned long long)j->verify.mismatched_sectors, (unsigned long long)j->verify.first_mismatch);
	else if (j->outcome == MS_OUTCOME_COMPLETED_WITH_ERRORS)
		snprintf(detail, sizeof detail, _("%llu bad bytes in %zu ranges"), (unsigned long long)j->bad_bytes, j->nbad);
	printf("%s: %s%s%s\n", obj, L_(ms_outcome_name(j->outcome)), detail[0] ? ": " : "", detail);
	if (j->policy_set && j->decision.can_meet && j->outcome != MS_OUTCOME_COMPLETED)
		printf(_("%s: Figure 41 row %d NOT met: the record and certificate say so; the drive needs the row's "
		       "measure by other means (physical destruction)\n"), obj, j->decision.row);
	const struct ms_hidden *h = j->hidden_after.checked ? &j->hidden_after : &j->hidden_before;
	if (ms_hidden_present(h) && !j->firmware)
		printf(_("%s: warning: %llu sectors hidden by HPA/DCO were not overwritten (--restore-hidden)\n"), obj,
		       (unsigned long long)(h->factory - h->accessible));
	if (j->proof.taken_after)
		/* TRANSLATORS: device, sectors sampled, "all changed" or "NOT all changed", what the samples read
		 * now */
		printf(_("%s: sample proof: %zu sectors, %s, now %s\n"), obj, j->proof.n,
		       j->proof.passed ? _("all changed") : _("NOT all changed"), L_(j->proof.verdict));
	if (j->content_sha256[0])
		printf(_("%s: content SHA-256 %s\n"), obj, j->content_sha256);
	for (size_t i = 0; i < j->nnsp; i++) {
		const struct ms_ns_proof *q = &j->nsp[i];
		if (q->error[0])
			printf(_("%s: namespace %u: %s\n"), obj, q->ns.nsid, L_(q->error));
		else if (q->proof.taken_after)
			/* TRANSLATORS: device, namespace id, its path, sectors sampled, "all changed"..., what
			 * they read now, ", content SHA-256 " and the hash (or nothing) */
			printf(_("%s: namespace %u (%s): sample proof: %zu sectors, %s, now %s%s%s\n"), obj, q->ns.nsid,
			       q->ns.path, q->proof.n, q->proof.passed ? _("all changed") : _("NOT all changed"),
			       L_(q->proof.verdict), q->content_sha256[0] ? _(", content SHA-256 ") : "", q->content_sha256);
	}
}

/* What an event means for the exit status (0: nothing). */
static enum ms_exit event_code(const struct ms_erase_event *ev)
{
	switch (ev->kind) {
	case MS_EV_ERROR: return ms_exit_of(ev->fault, ev->err);
	case MS_EV_DRY_RUN:
	case MS_EV_OUTCOME: return ms_exit_of_job(ev->job);
	default: return MS_EXIT_OK;
	}
}

/* A drive's last event in a run: --progress json ends its lines with it. */
static void progress_end(struct ms_cli_run *run, const struct ms_erase_event *ev, enum ms_exit code)
{
	if (run->slots && ev->index < run->ndevices)
		ms_board_end(&run->slots[ev->index], ms_result_outcome(ev), code);
}

static void cli_event(struct ms_cli_run *run, const struct ms_erase_event *ev)
{
	enum ms_exit code = event_code(ev);
	run->code = ms_exit_worse(run->code, code);
	if (ev->kind == MS_EV_OUTCOME || ev->kind == MS_EV_DRY_RUN)
		progress_end(run, ev, code);
	if (run->results) {
		/* errors and warnings are still said to people on stderr */
		ms_result_event(run->results, run->ndevices, ev, code);
		if (ev->kind != MS_EV_ERROR && ev->kind != MS_EV_WARNING && ev->kind != MS_EV_ERASED)
			return;
	}
	switch (ev->kind) {
	case MS_EV_ERROR:
		/* no software method: name the custody column's paths (Figure 41 rows 1 and 2) */
		if (ev->fault == MS_FAULT_POLICY && ev->err == -ENOTSUP)
			ms_say(ev->object, "%s; %s", L_(ev->text), run->custody ?
			       _("if nothing can be written to it, hand it over by its label: massho handover --class C "
			       "--serial S --model M --photo FILE") : _("to hand it to a contractor, pre-erased to row 3's "
			       "level: massho handover --class C -y SERIAL DEV (or, when nothing can be written to it, "
			       "massho handover --class C --serial S --model M --photo FILE)"));
		else
			ms_say(ev->object, "%s", L_(ev->text));
		break;
	case MS_EV_WARNING: ms_say(ev->object, "%s", L_(ev->text)); break;
	case MS_EV_ERASED:
		if (run->slots)
			ms_board_finish(run->slots[0].board);
		break;
	case MS_EV_DRY_RUN:
		printf(_("%s: dry run: %llu bytes generated, nothing written\n"), ev->object,
		       (unsigned long long)ev->job->bytes_written);
		break;
	case MS_EV_OUTCOME:
		print_outcome(ev->object, ev->job);
		break;
	case MS_EV_RECORD: printf(_("%s: record %s\n"), ev->object, ev->text); break;
	case MS_EV_CERTIFICATE: printf(_("%s: certificate %s\n"), ev->object, ev->text); break;
	case MS_EV_HANDOVER:
		/* TRANSLATORS: device, handover record path, what is awaited, the deadline (YYYY-MM-DD). */
		printf(_("%s: handover %s (awaiting %s by %s)\n"), ev->object, ev->text,
		       ev->job && ev->job->decision.row == 2 ? _("the contractor's erasure or destruction") :
		       _("physical destruction"), ev->when);
		break;
	}
}

/* Drives' threads report at once: one event at a time keeps the exit code, the --json
 * result and each message whole. */
void ms_cli_event(void *vrun, const struct ms_erase_event *ev)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&mu);
	cli_event(vrun, ev);
	pthread_mutex_unlock(&mu);
}

bool ms_cli_confirm(void *vrun, const struct ms_device *d)
{
	struct ms_cli_run *run = vrun;
	if (run->ntokens || !isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		return false;
	char size[32], line[256];
	/* lsblk's size, and the label's (decimal) one to match it with */
	char iec[16], label[24];
	ms_size_iec(d->capacity, iec, sizeof iec);
	ms_human_size(d->capacity, label, sizeof label);
	snprintf(size, sizeof size, "%s (%s)", iec, label);
	/* TRANSLATORS: device path, vendor, model, serial number, size; then "its serial number" or "its path". */
	fprintf(stderr, _("%s: %s %s, serial %s, %s\nAll data on it will be destroyed. Type %s to confirm: "), d->path,
		d->vendor, d->model[0] ? d->model : _("(no model)"), d->serial[0] ? d->serial : _("(none)"), size,
		d->serial[0] ? _("its serial number") : _("its path"));
	if (!fgets(line, sizeof line, stdin))
		return false;
	return strcmp(ms_trim(line), ms_device_confirm_token(d)) == 0;
}

void ms_cli_progress(void *vrun, size_t index, const struct ms_progress *p)
{
	struct ms_cli_run *run = vrun;
	if (run->slots)
		ms_board_update(&run->slots[index], p);
}

int ms_print_json(struct ms_json *j)
{
	char *s = j ? ms_json_render(j, 2) : NULL;
	ms_json_free(j);
	if (!s) {
		ms_say("massho", _("out of memory"));
		return MS_EXIT_FAILURE;
	}
	puts(s);
	free(s);
	return MS_EXIT_OK;
}

