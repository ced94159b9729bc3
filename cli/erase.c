/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho erase [options] DEV...
 * Every device is described, checked and confirmed before any is written; then all
 * are erased in parallel, each with its own job, journal, record and exit status. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../devices/xport.h"
#include "../erase/firmware.h"
#include "../erase/hidden.h"
#include "../erase/journal.h"
#include "../erase/overwrite.h"
#include "../erase/caps.h"
#include "../erase/preflight.h"
#include "../report/custody.h"
#include "../report/pdf.h"
#include "../report/record.h"
#include "../util/atomic.h"
#include "../util/util.h"
#include "cli.h"
#include "plan.h"
#include "progress.h"

#define DEFAULT_STATE_DIR "/var/lib/massho"
#define MAX_DEVICES 64

static atomic_bool abort_flag;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&abort_flag, true);
}

struct erase_ctl {
	struct ms_overwrite_opts ow;
	bool firmware;              /* a firmware method instead of the overwrite */
	struct ms_fw_opts fw;
	bool restore_hidden;        /* overwrite: remove HPA/DCO first, fail closed if impossible */
	const char *tokens[MAX_DEVICES];
	size_t ntokens;
	bool dry_run;
	const char *state_dir;
	const char *out_dir;
	const char *sysroot;
	const char *operator_name;
	enum ms_progress_mode progress;
	bool method_given;
	bool cls_set;              /* --class: the policy decides per drive */
	enum ms_class cls;
	const char *policy_path;
	struct ms_policy policy;
	const char *witness;
	const char *destroy_by;
	struct ms_cert_opts cert;  /* --key: a signed certificate for every record */
};

struct run {
	const char *spec;
	/* What this drive gets: the command line's choice, or the policy's. */
	bool firmware;
	struct ms_fw_opts fw;
	struct ms_overwrite_opts ow;
	bool restore_hidden;
	bool planned;
	struct ms_decision dec;
	struct ms_device dev;
	struct ms_xport *x;
	struct ms_job job;
	bool job_ready;
	int engine_r;
	struct ms_board_slot slot;
	const struct erase_ctl *ctl;
	pthread_t tid;
	bool threaded;
};

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " massho erase [options] DEV...\n"
	      "\n"
	      "Overwrite every addressable sector of each device, verify it by reading it\n"
	      "back, and write a signed-ready JSON record of what was done.\n"
	      "\n"
	      "Options:\n"
	      "     --chunk SIZE         I/O size (default 4M)\n"
	      "     --io-depth N         writes (and verification reads) in flight, 1-8 (default 2)\n"
	      "     --asset, --contract, --contractor, --destination, --organisation, --place,\n"
	      "     --source-host TEXT   details printed on the certificate\n"
	      " -c, --class CLASS        mynumber, 3, 2 or 1: the policy chooses the method\n"
	      "     --destroy-by DATE    mynumber: destruction deadline (YYYY-MM-DD)\n"
	      "     --dry-run            do everything except write to the devices\n"
	      " -h, --help               display this help\n"
	      "     --cert PEM           token keys: the certificate, when the token holds none\n"
	      "     --key P12|pkcs11:URI sign a PDF certificate for every record, with a PKCS#12\n"
	      "                          file or a key on a PKCS#11 token (RFC 7512 URI)\n"
	      " -m, --method NAME        overwrite (default), security-erase,\n"
	      "                          security-erase-enhanced, sanitize-block,\n"
	      "                          sanitize-crypto, sanitize-overwrite (ATA or NVMe),\n"
	      "                          format-user, format-crypto (NVMe Format NVM),\n"
	      "                          format-unit (SCSI FORMAT UNIT)\n"
	      "     --operator NAME      who runs the erase (in the record)\n"
	      "     --passphrase-file F  the key's passphrase or the token's PIN (otherwise asked)\n"
	      "     --pkcs11-module LIB  the token's PKCS#11 module (default: p11-kit's proxy)\n"
	      "     --out DIR            where records are written (default: STATE_DIR/records)\n"
	      " -n, --passes N           number of random passes (default 1)\n"
	      " -p, --pattern LIST       passes to write, e.g. random,zeros or byte:0x55\n"
	      "     --policy FILE        a site policy instead of the built-in table\n"
	      "     --progress MODE      auto, bar, json or none (default auto)\n"
	      "     --restore-hidden     overwrite: remove HPA/DCO first and erase those sectors too\n"
	      "     --unfreeze           security erase of a frozen drive: suspend/resume first\n"
	      "     --state-dir DIR      journal and records (default " DEFAULT_STATE_DIR ")\n"
	      "     --sysroot DIR        read sys/ and proc/ below DIR\n"
	      "     --verify MODE        full or none (default full); firmware methods always\n"
	      "                          check hashed samples, full also reads everything back\n"
	      "     --witness NAME       mynumber: the official witnessing the erase\n"
	      " -y, --yes-erase TOKEN    confirm: the device's serial number, or its path when\n"
	      "                          it has none (loop devices, image files); repeatable\n"
	      "\n"
	      "Exit status: see massho(1).\n",
	      out);
}

static bool confirmed(const struct erase_ctl *ctl, const struct ms_device *d)
{
	const char *want = ms_device_confirm_token(d);
	for (size_t i = 0; i < ctl->ntokens; i++)
		if (strcmp(ctl->tokens[i], want) == 0)
			return true;
	if (ctl->ntokens || !isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		return false;
	char size[32], line[256];
	ms_human_size(d->capacity, size, sizeof size);
	fprintf(stderr, "%s: %s %s, serial %s, %s\nAll data on it will be destroyed. Type %s to confirm: ",
		d->path, d->vendor, d->model[0] ? d->model : "(no model)", d->serial[0] ? d->serial : "(none)",
		size, d->serial[0] ? "its serial number" : "its path");
	if (!fgets(line, sizeof line, stdin))
		return false;
	return strcmp(ms_trim(line), want) == 0;
}

/* --class: probe the drive read-only, let the policy choose, and fail closed when
 * nothing it allows works, or when --method names something it does not allow. */
static enum ms_exit apply_policy(struct run *r)
{
	const struct erase_ctl *ctl = r->ctl;
	struct ms_xport *x;
	struct ms_caps caps;
	if (ms_xport_open(&r->dev, MS_OPEN_NO_ACT, &x) == 0) {
		ms_caps_probe(x, &caps);
		ms_xport_close(x);
	} else {
		memset(&caps, 0, sizeof caps);
		caps.medium = ms_caps_medium(&r->dev);
		caps.capacity = r->dev.capacity;
		caps.usb = r->dev.transport == MS_TRANSPORT_USB;
	}
	ms_policy_choose(&ctl->policy, &caps, ctl->cls, &r->dec);
	r->planned = true;
	const char *given = ctl->firmware ? ms_fw_method_id(ctl->fw.method) : "overwrite";
	if (ctl->method_given) {
		if (!ms_policy_allows(&ctl->policy, caps.medium, ctl->cls, given)) {
			ms_say(r->spec, "%s is not accepted for class %s (Figure 41 row %d) on %s by the policy%s%s", given,
			       ms_class_name(ctl->cls), r->dec.row, ms_pmedium_name(caps.medium),
			       r->dec.can_meet ? "; the plan is " : "", r->dec.can_meet ? r->dec.chosen.id : "");
			return MS_EXIT_CANNOT_MEET;
		}
		return MS_EXIT_OK; /* the engine still refuses what the drive cannot do */
	}
	if (!r->dec.can_meet) {
		ms_say(r->spec, "class %s cannot be met here: %s", ms_class_name(ctl->cls), r->dec.action);
		return MS_EXIT_CANNOT_MEET;
	}
	const struct ms_policy_method *m = &r->dec.chosen;
	if (strcmp(m->id, "overwrite") == 0) {
		struct ms_pass pass = {.kind = strcmp(m->pattern, "zeros") == 0 ? MS_PAT_ZEROS :
					       strcmp(m->pattern, "ones") == 0 ? MS_PAT_ONES : MS_PAT_RANDOM};
		r->firmware = false;
		r->ow.npasses = m->passes;
		for (unsigned i = 0; i < m->passes; i++)
			r->ow.passes[i] = pass;
		r->restore_hidden = m->restore_hidden;
		r->ow.verify = r->dec.verify_full ? MS_VERIFY_FULL : r->ow.verify;
	} else {
		r->firmware = true;
		ms_fw_method_parse(m->id, &r->fw.method);
		r->fw.full_hash = r->dec.verify_full || r->fw.full_hash;
	}
	return MS_EXIT_OK;
}

/* Describe, check, confirm and open one device. Returns MS_EXIT_OK or why not. */
static enum ms_exit prepare(struct run *r)
{
	const struct erase_ctl *ctl = r->ctl;
	char why[256] = "";
	int e = ms_describe(r->spec, ctl->sysroot, &r->dev, why, sizeof why);
	if (e) {
		if (!why[0])
			snprintf(why, sizeof why, "%s", e == -ENOENT ? "no such device or file" :
				 e == -EISDIR ? "is a directory, not a device" :
				 e == -ENOTBLK ? "is neither a block device nor an image file" : strerror(-e));
		ms_say(r->spec, "%s", why);
		return MS_EXIT_NODEV;
	}
	if ((e = ms_preflight(&r->dev, why, sizeof why))) {
		ms_say(r->spec, "%s", why);
		return MS_EXIT_REFUSED;
	}
	r->firmware = ctl->firmware;
	r->fw = ctl->fw;
	r->ow = ctl->ow;
	r->restore_hidden = ctl->restore_hidden;
	if (ctl->cls_set) {
		enum ms_exit pe = apply_policy(r);
		if (pe)
			return pe;
	}
	if (!ctl->dry_run && !confirmed(ctl, &r->dev)) {
		ms_say(r->spec, "not confirmed: add --yes-erase %s (the device's %s)",
		       ms_device_confirm_token(&r->dev), r->dev.serial[0] ? "serial number" : "path");
		return MS_EXIT_NOT_CONFIRMED;
	}
	e = ms_xport_open(&r->dev, ctl->dry_run ? MS_OPEN_NO_ACT : MS_OPEN_WRITE, &r->x);
	if (!e)
		r->dev.power_on_hours = ms_power_on_hours(r->x); /* read-only SMART / health log */
	if (e) {
		ms_say(r->spec, "cannot open: %s%s", strerror(-e),
		       e == -EBUSY ? " (in use by another program or another massho)" : "");
		return e == -EBUSY || e == -EROFS ? MS_EXIT_REFUSED : MS_EXIT_NODEV;
	}
	return MS_EXIT_OK;
}

static enum ms_exit start_job(struct run *r)
{
	const struct erase_ctl *ctl = r->ctl;
	if (ms_job_init(&r->job, &r->dev, r->firmware ? ms_fw_method_id(r->fw.method) : "overwrite")) {
		ms_say(r->spec, "no randomness available for the job id");
		return MS_EXIT_FAILURE;
	}
	r->job_ready = true;
	if (r->planned) {
		r->job.policy_set = true;
		r->job.decision = r->dec;
		ms_strlcpy(r->job.policy_source, ctl->policy.source, sizeof r->job.policy_source);
		ms_strlcpy(r->job.policy_sha256, ctl->policy.sha256, sizeof r->job.policy_sha256);
	}
	if (ctl->dry_run)
		return MS_EXIT_OK;
	int e = ms_journal_open(ctl->state_dir, r->job.id, &r->job.journal);
	if (e) {
		ms_say(ctl->state_dir, "cannot create the journal: %s", strerror(-e));
		return MS_EXIT_ARTIFACT;
	}
	struct ms_json *f = ms_json_obj();
	ms_json_set(f, "device", ms_device_json(&r->dev));
	struct ms_json *passes = ms_json_arr();
	for (size_t i = 0; !r->firmware && i < r->ow.npasses; i++) {
		char name[32];
		ms_pass_name(&r->ow.passes[i], name, sizeof name);
		ms_json_push(passes, ms_json_str(name));
	}
	ms_json_set(f, "passes", passes);
	ms_json_set_str(f, "method", r->job.method);
	ms_json_set_str(f, "verify", r->ow.verify == MS_VERIFY_FULL ? "full" : "none");
	if (r->planned)
		ms_json_set(f, "policy", ms_decision_json(&r->dec, ctl->policy.source, ctl->policy.sha256));
	if ((e = ms_journal_append(r->job.journal, "planned", f))) {
		ms_say(ms_journal_path(r->job.journal), "cannot write the journal: %s", strerror(-e));
		return MS_EXIT_ARTIFACT;
	}
	return MS_EXIT_OK;
}

/* Overwrite, optionally after making the hidden areas addressable. Hidden areas are
 * always looked for where ATA commands get through, so the record says what an
 * overwrite left out. */
static int overwrite(struct run *r, struct ms_overwrite_opts *o)
{
	int e = ms_hidden_detect(r->x, &r->job, &r->job.hidden_before);
	if (r->restore_hidden) {
		if (e) {
			ms_job_fail(&r->job, e, "hidden areas (HPA/DCO) cannot be checked through this attachment (%s): "
				    "attach the drive to a SATA port", e == -EOPNOTSUPP ? "no ATA pass-through" : strerror(-e));
			return e;
		}
		if (ms_hidden_present(&r->job.hidden_before) && (e = ms_hidden_restore(r->x, &r->job)))
			return e;
	}
	e = ms_overwrite_run(r->x, &r->job, o);
	if (r->job.hidden_before.checked && !r->job.hidden_after.checked)
		ms_hidden_detect(r->x, &r->job, &r->job.hidden_after);
	return e;
}

/* A self-encrypting drive with locked ranges refuses their sectors: an overwrite would
 * only collect errors, and what a sanitize did could not be read back to prove it. So
 * nothing is sent to it. Returns -EPERM with the job failed, or 0. */
static int refuse_locked_sed(struct run *r)
{
	struct ms_tcg_l0 l0;
	if (!ms_caps_sed(r->x, &l0) || !l0.locked)
		return 0;
	ms_job_fail(&r->job, -EPERM, "is a self-encrypting drive (TCG %s) with locked ranges, which can be neither "
		    "overwritten nor read back: unlock it with its owner's credentials, or revert it with the PSID "
		    "printed on its label using the maker's tool (massho cannot revert a drive yet), or hand it over "
		    "for physical destruction", l0.ssc[0] ? l0.ssc : "SSC unknown");
	return -EPERM;
}

static void *run_device(void *arg)
{
	struct run *r = arg;
	ms_progress_fn progress = r->ctl->progress == MS_PROGRESS_NONE ? NULL : ms_board_update;
	if ((r->engine_r = refuse_locked_sed(r)))
		return NULL;
	if (r->firmware) {
		struct ms_fw_opts f = r->fw;
		f.abort = &abort_flag;
		f.progress = progress;
		f.progress_ctx = &r->slot;
		if (r->dev.emulated)
			f.poll_ms = 50; /* emulated sanitize takes a fraction of a second */
		r->engine_r = ms_firmware_run(r->x, &r->job, &f);
	} else {
		struct ms_overwrite_opts o = r->ow;
		o.abort = &abort_flag;
		o.progress = progress;
		o.progress_ctx = &r->slot;
		r->engine_r = overwrite(r, &o);
	}
	return NULL;
}

static enum ms_exit outcome_exit(const struct ms_job *j)
{
	/* An engine that refused before touching the drive (frozen, expired counter,
	 * foreign password, no ATA through this attachment) is a refusal, not a failure. */
	if (j->outcome == MS_OUTCOME_FAILED && (j->err == -EPERM || j->err == -EOPNOTSUPP))
		return MS_EXIT_REFUSED;
	switch (j->outcome) {
	case MS_OUTCOME_COMPLETED: return MS_EXIT_OK;
	case MS_OUTCOME_COMPLETED_WITH_ERRORS: return MS_EXIT_WITH_ERRORS;
	case MS_OUTCOME_VERIFY_FAILED: return MS_EXIT_VERIFY_FAILED;
	case MS_OUTCOME_INTERRUPTED: return MS_EXIT_INTERRUPTED;
	case MS_OUTCOME_PENDING:
	case MS_OUTCOME_FAILED: break;
	}
	return MS_EXIT_ERASE_FAILED;
}

/* Figure 41 row 1: the erased drive now awaits physical destruction. The handover
 * record refers to the erasure record by id and the SHA-256 of its file. */
static enum ms_exit handover(struct run *r, const char *erasure_path)
{
	const struct erase_ctl *ctl = r->ctl;
	struct ms_json *er;
	char sha[65], why[256], path[PATH_MAX], by[16];
	if (ms_custody_load(erasure_path, "erasure", &er, sha, why, sizeof why)) {
		ms_say(erasure_path, "%s", why);
		return MS_EXIT_ARTIFACT;
	}
	if (ctl->destroy_by) {
		ms_strlcpy(by, ctl->destroy_by, sizeof by);
	} else {
		time_t t = time(NULL) + (time_t)ctl->policy.destroy_within_days * 86400;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(by, sizeof by, "%Y-%m-%d", &tm);
	}
	struct ms_handover_meta m = {.witness = ctl->witness, .destroy_by = by, .operator_name = ctl->operator_name};
	struct ms_json *ho = ms_handover_build(er, sha, &m);
	int e = ho ? ms_custody_write(ctl->out_dir, ho, path, sizeof path) : -ENOMEM;
	ms_json_free(ho);
	ms_json_free(er);
	if (e) {
		ms_say(ctl->out_dir, "cannot write the handover record: %s", strerror(-e));
		return MS_EXIT_ARTIFACT;
	}
	printf("%s: handover %s (awaiting physical destruction by %s)\n", r->spec, path, by);
	return ms_cert_issue((struct ms_cert_opts *)&ctl->cert, path, r->spec);
}

/* Write the record and say one line about the device. */
static enum ms_exit finish(struct run *r, const struct ms_record_meta *meta)
{
	const struct erase_ctl *ctl = r->ctl;
	struct ms_job *j = &r->job;
	enum ms_exit code = outcome_exit(j);
	if (ctl->dry_run) {
		printf("%s: dry run: %llu bytes generated, nothing written\n", r->spec,
		       (unsigned long long)j->bytes_written);
		return code;
	}
	char path[PATH_MAX] = "";
	struct ms_json *rec = ms_record_build(j, meta);
	int e = rec ? ms_record_write(ctl->out_dir, rec, path, sizeof path) : -ENOMEM;
	ms_json_free(rec);
	if (j->journal) {
		struct ms_json *f = ms_json_obj();
		ms_json_set_str(f, "record", path);
		ms_json_set_str(f, "error", e ? strerror(-e) : "");
		ms_journal_append(j->journal, e ? "record-failed" : "record-written", f);
	}
	if (e) {
		ms_say(ctl->out_dir, "cannot write the record of %s: %s", r->spec, strerror(-e));
		return ms_exit_worse(code, MS_EXIT_ARTIFACT);
	}
	char detail[600] = "";
	if (j->outcome == MS_OUTCOME_FAILED || j->outcome == MS_OUTCOME_INTERRUPTED)
		snprintf(detail, sizeof detail, ": %s", j->failure);
	else if (j->outcome == MS_OUTCOME_VERIFY_FAILED)
		snprintf(detail, sizeof detail, ": %llu sectors differ, the first at byte %llu",
			 (unsigned long long)j->verify.mismatched_sectors, (unsigned long long)j->verify.first_mismatch);
	else if (j->outcome == MS_OUTCOME_COMPLETED_WITH_ERRORS)
		snprintf(detail, sizeof detail, ": %llu bad bytes in %zu ranges", (unsigned long long)j->bad_bytes, j->nbad);
	printf("%s: %s%s\n", r->spec, ms_outcome_name(j->outcome), detail);
	const struct ms_hidden *h = j->hidden_after.checked ? &j->hidden_after : &j->hidden_before;
	if (ms_hidden_present(h) && !j->firmware)
		printf("%s: warning: %llu sectors hidden by HPA/DCO were not overwritten (--restore-hidden)\n", r->spec,
		       (unsigned long long)(h->factory - h->accessible));
	if (j->proof.taken_after)
		printf("%s: sample proof: %zu sectors, %s, now %s\n", r->spec, j->proof.n,
		       j->proof.passed ? "all changed" : "NOT all changed", j->proof.verdict);
	if (j->content_sha256[0])
		printf("%s: content SHA-256 %s\n", r->spec, j->content_sha256);
	printf("%s: record %s\n", r->spec, path);
	code = ms_exit_worse(code, ms_cert_issue((struct ms_cert_opts *)&ctl->cert, path, r->spec));
	if (r->planned && r->dec.destroy_after && code == MS_EXIT_OK)
		code = ms_exit_worse(code, handover(r, path));
	return code;
}

static int parse_args(int argc, char **argv, struct erase_ctl *ctl, char ***devs, int *ndev)
{
	enum { OPT_CHUNK = 256, OPT_IODEPTH, OPT_DRY, OPT_OP, OPT_OUT, OPT_PROGRESS, OPT_RESTORE, OPT_STATE, OPT_SYSROOT,
	       OPT_UNFREEZE, OPT_VERIFY, OPT_POLICY, OPT_WITNESS, OPT_DESTROY_BY, OPT_ORG,
	       OPT_CONTRACT, OPT_CONTRACTOR, OPT_PLACE, OPT_ASSET, OPT_SOURCE, OPT_DEST };
	static const struct option longopts[] = {
		{"asset", required_argument, NULL, OPT_ASSET},
		{"chunk", required_argument, NULL, OPT_CHUNK},
		{"io-depth", required_argument, NULL, OPT_IODEPTH},
		{"destination", required_argument, NULL, OPT_DEST},
		{"source-host", required_argument, NULL, OPT_SOURCE},
		{"contract", required_argument, NULL, OPT_CONTRACT},
		{"contractor", required_argument, NULL, OPT_CONTRACTOR},
		MS_KEY_LONGOPTS,
		{"organisation", required_argument, NULL, OPT_ORG},
		{"place", required_argument, NULL, OPT_PLACE},
		{"class", required_argument, NULL, 'c'},
		{"destroy-by", required_argument, NULL, OPT_DESTROY_BY},
		{"dry-run", no_argument, NULL, OPT_DRY},
		{"help", no_argument, NULL, 'h'},
		{"method", required_argument, NULL, 'm'},
		{"operator", required_argument, NULL, OPT_OP},
		{"out", required_argument, NULL, OPT_OUT},
		{"passes", required_argument, NULL, 'n'},
		{"pattern", required_argument, NULL, 'p'},
		{"policy", required_argument, NULL, OPT_POLICY},
		{"progress", required_argument, NULL, OPT_PROGRESS},
		{"restore-hidden", no_argument, NULL, OPT_RESTORE},
		{"state-dir", required_argument, NULL, OPT_STATE},
		{"sysroot", required_argument, NULL, OPT_SYSROOT},
		{"unfreeze", no_argument, NULL, OPT_UNFREEZE},
		{"verify", required_argument, NULL, OPT_VERIFY},
		{"witness", required_argument, NULL, OPT_WITNESS},
		{"yes-erase", required_argument, NULL, 'y'},
		{NULL, 0, NULL, 0},
	};
	const char *passes_n = NULL, *pattern = NULL, *sysroot = NULL, *progress = "auto";
	char why[160];
	uint64_t v;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:hm:n:p:y:", longopts, NULL)) != -1) {
		if (ms_key_option(c, optarg, &ctl->cert))
			continue;
		switch (c) {
		case 'h': usage(stdout); return -1;
		case 'c':
			if (ms_class_parse(optarg, &ctl->cls)) {
				ms_say(optarg, "unknown class (mynumber, 3, 2, 1)");
				return MS_EXIT_USAGE;
			}
			ctl->cls_set = true;
			break;
		case OPT_POLICY: ctl->policy_path = optarg; break;
		case OPT_WITNESS: ctl->witness = optarg; break;
		case OPT_ORG: ctl->cert.organisation = optarg; break;
		case OPT_CONTRACT: ctl->cert.contract = optarg; break;
		case OPT_CONTRACTOR: ctl->cert.contractor = optarg; break;
		case OPT_PLACE: ctl->cert.place = optarg; break;
		case OPT_ASSET: ctl->cert.asset = optarg; break;
		case OPT_SOURCE: ctl->cert.source_host = optarg; break;
		case OPT_DEST: ctl->cert.destination = optarg; break;
		case OPT_DESTROY_BY: ctl->destroy_by = optarg; break;
		case 'm':
			ctl->method_given = true;
			if (strcmp(optarg, "overwrite") == 0) {
				ctl->firmware = false;
			} else if (ms_fw_method_parse(optarg, &ctl->fw.method) == 0) {
				ctl->firmware = true;
			} else {
				ms_say(optarg, "unknown method (overwrite, security-erase, security-erase-enhanced, "
				       "sanitize-block, sanitize-crypto, sanitize-overwrite, format-user, format-crypto, "
				       "format-unit)");
				return MS_EXIT_USAGE;
			}
			break;
		case 'n': passes_n = optarg; break;
		case 'p': pattern = optarg; break;
		case 'y':
			if (ctl->ntokens == MAX_DEVICES) {
				ms_say("--yes-erase", "given too often");
				return MS_EXIT_USAGE;
			}
			ctl->tokens[ctl->ntokens++] = optarg;
			break;
		case OPT_CHUNK:
			if (ms_parse_size(optarg, &v) || v < 4096 || v > (256u << 20)) {
				ms_say(optarg, "--chunk must be a size from 4K to 256M");
				return MS_EXIT_USAGE;
			}
			ctl->ow.chunk = (size_t)v;
			break;
		case OPT_IODEPTH:
			if (ms_parse_size(optarg, &v) || v < 1 || v > 8) {
				ms_say(optarg, "--io-depth must be a number from 1 to 8");
				return MS_EXIT_USAGE;
			}
			ctl->ow.io_depth = (size_t)v;
			break;
		case OPT_DRY: ctl->dry_run = true; break;
		case OPT_OP: ctl->operator_name = optarg; break;
		case OPT_OUT: ctl->out_dir = optarg; break;
		case OPT_PROGRESS: progress = optarg; break;
		case OPT_RESTORE: ctl->restore_hidden = true; break;
		case OPT_UNFREEZE: ctl->fw.unfreeze = true; break;
		case OPT_STATE: ctl->state_dir = optarg; break;
		case OPT_SYSROOT: sysroot = optarg; break;
		case OPT_VERIFY:
			if (strcmp(optarg, "full") == 0)
				ctl->ow.verify = MS_VERIFY_FULL;
			else if (strcmp(optarg, "none") == 0)
				ctl->ow.verify = MS_VERIFY_NONE;
			else {
				ms_say(optarg, "--verify must be full or none");
				return MS_EXIT_USAGE;
			}
			break;
		default: usage(stderr); return MS_EXIT_USAGE;
		}
	}
	if (passes_n && pattern) {
		ms_say("--passes", "give either --passes or --pattern, not both");
		return MS_EXIT_USAGE;
	}
	if (ctl->firmware && (passes_n || pattern || ctl->restore_hidden)) {
		ms_say(ms_fw_method_id(ctl->fw.method), "--passes, --pattern and --restore-hidden go with "
		       "--method overwrite only");
		return MS_EXIT_USAGE;
	}
	ctl->fw.full_hash = ctl->ow.verify == MS_VERIFY_FULL;
	if (ctl->cls_set) {
		enum ms_exit pe = ms_plan_policy(ctl->policy_path, &ctl->policy);
		if (pe)
			return pe;
		if ((passes_n || pattern) && !ctl->method_given) {
			ms_say("--class", "the policy chooses the passes; give --method overwrite with them to insist");
			return MS_EXIT_USAGE;
		}
		if (ctl->destroy_by && !ms_date_valid(ctl->destroy_by)) {
			ms_say(ctl->destroy_by, "--destroy-by must be a date YYYY-MM-DD");
			return MS_EXIT_USAGE;
		}
		if (ctl->cls == MS_CLASS_MYNUMBER && ctl->policy.witness_required && !ctl->witness && !ctl->dry_run) {
			ms_say("--witness", "is required for class mynumber (Figure 41 row 1: staff witness the work)");
			return MS_EXIT_USAGE;
		}
	} else if (ctl->policy_path || ctl->witness || ctl->destroy_by) {
		ms_say("--class", "--policy, --witness and --destroy-by go with --class");
		return MS_EXIT_USAGE;
	}
	if (pattern) {
		int n = ms_passes_parse(pattern, ctl->ow.passes, MS_MAX_PASSES, why, sizeof why);
		if (n < 0) {
			ms_say(pattern, "%s", why);
			return MS_EXIT_USAGE;
		}
		ctl->ow.npasses = (size_t)n;
	} else {
		char *end;
		long n = passes_n ? strtol(passes_n, &end, 10) : 1;
		if (passes_n && (*end || n < 1 || n > MS_MAX_PASSES)) {
			ms_say(passes_n, "--passes must be 1..%d", MS_MAX_PASSES);
			return MS_EXIT_USAGE;
		}
		for (long i = 0; i < n; i++)
			ctl->ow.passes[i].kind = MS_PAT_RANDOM;
		ctl->ow.npasses = (size_t)n;
	}
	if (ms_progress_mode_parse(progress, &ctl->progress)) {
		ms_say(progress, "--progress must be auto, bar, json or none");
		return MS_EXIT_USAGE;
	}
	ctl->sysroot = ms_sysroot(sysroot);
	*devs = argv + optind;
	*ndev = argc - optind;
	if (*ndev < 1 || *ndev > MAX_DEVICES) {
		ms_say("erase", *ndev < 1 ? "no device given (see 'massho erase --help')" : "too many devices (at most 64)");
		return MS_EXIT_USAGE;
	}
	return 0;
}

static void record_meta(struct ms_record_meta *m, char *bin, char *host, size_t hostlen, struct utsname *u,
			const char *op)
{
	if (ms_sha256_file_hex("/proc/self/exe", bin))
		strcpy(bin, "unknown");
	if (gethostname(host, hostlen))
		strcpy(host, "unknown");
	host[hostlen - 1] = '\0';
	if (uname(u))
		strcpy(u->release, "unknown");
	*m = (struct ms_record_meta){
		.tool_version = ms_version, .binary_sha256 = bin, .hostname = host, .kernel = u->release,
		.operator_name = op,
	};
}

int ms_cmd_erase(int argc, char **argv)
{
	struct erase_ctl ctl = {.ow.verify = MS_VERIFY_FULL, .ow.retries = 2, .state_dir = DEFAULT_STATE_DIR};
	char **specs;
	int ndev;
	int pr = parse_args(argc, argv, &ctl, &specs, &ndev);
	if (pr)
		return pr < 0 ? MS_EXIT_OK : pr;
	char outbuf[PATH_MAX];
	if (!ctl.out_dir) {
		snprintf(outbuf, sizeof outbuf, "%s/records", ctl.state_dir);
		ctl.out_dir = outbuf;
	}
	/* libharu prints characters outside the BMP as spaces: refuse them before erasing. */
	const char *texts[][2] = {{"--operator", ctl.operator_name}, {"--witness", ctl.witness},
				  {"--organisation", ctl.cert.organisation}, {"--contract", ctl.cert.contract},
				  {"--contractor", ctl.cert.contractor}, {"--place", ctl.cert.place},
				  {"--asset", ctl.cert.asset}, {"--source-host", ctl.cert.source_host},
				  {"--destination", ctl.cert.destination}};
	for (size_t i = 0; i < MS_ARRAY_SIZE(texts); i++)
		if (texts[i][1] && ms_utf8_non_bmp(texts[i][1])) {
			ms_say(texts[i][0], "holds a character outside the Basic Multilingual Plane, which the certificate "
			       "cannot print (it would become a space): give the BMP form of the name");
			return MS_EXIT_USAGE;
		}
	ctl.cert.state_dir = ctl.state_dir;
	ctl.cert.operator_name = ctl.operator_name;
	ctl.cert.witness = ctl.witness;
	/* A wrong passphrase must cost nothing: the key is loaded before any erase. */
	if (!ctl.dry_run && (pr = ms_cert_load(&ctl.cert)))
		return pr;
	struct run *runs = calloc((size_t)ndev, sizeof *runs);
	if (!runs)
		return MS_EXIT_FAILURE;
	enum ms_exit code = MS_EXIT_OK;
	/* A wrong name in the list may be a typo for the wrong disk: erase none then. */
	for (int i = 0; i < ndev; i++) {
		runs[i].spec = specs[i];
		runs[i].ctl = &ctl;
		for (int k = 0; k < i; k++)
			if (strcmp(specs[k], specs[i]) == 0) {
				ms_say(specs[i], "given twice");
				code = ms_exit_worse(code, MS_EXIT_USAGE);
			}
		if (code == MS_EXIT_OK)
			code = ms_exit_worse(code, prepare(&runs[i]));
	}
	/* An erase whose record cannot be written is an erase nobody can vouch for. */
	if (code == MS_EXIT_OK && !ctl.dry_run) {
		int e = ms_mkdirs(ctl.out_dir, 0755);
		if (!e && access(ctl.out_dir, W_OK | X_OK) < 0)
			e = -errno;
		if (e) {
			ms_say(ctl.out_dir, "cannot write records there: %s", strerror(-e));
			code = MS_EXIT_ARTIFACT;
		}
	}
	for (int i = 0; i < ndev && code == MS_EXIT_OK; i++)
		code = ms_exit_worse(code, start_job(&runs[i]));
	struct ms_board board;
	if (code == MS_EXIT_OK && ms_board_init(&board, ctl.progress, (size_t)ndev))
		code = MS_EXIT_FAILURE;
	if (code != MS_EXIT_OK) {
		for (int i = 0; i < ndev; i++) {
			ms_xport_close(runs[i].x);
			if (runs[i].job_ready) {
				ms_journal_close(runs[i].job.journal);
				ms_job_release(&runs[i].job);
			}
		}
		free(runs);
		ms_cert_unload(&ctl.cert);
		return code;
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	for (int i = 0; i < ndev; i++) {
		runs[i].slot = (struct ms_board_slot){.board = &board, .index = (size_t)i, .device = runs[i].spec};
		runs[i].threaded = pthread_create(&runs[i].tid, NULL, run_device, &runs[i]) == 0;
		if (!runs[i].threaded)
			run_device(&runs[i]); /* no thread to be had: erase it in this one */
	}
	for (int i = 0; i < ndev; i++)
		if (runs[i].threaded)
			pthread_join(runs[i].tid, NULL);
	ms_board_finish(&board);
	char bin[65], host[256];
	struct utsname u;
	struct ms_record_meta meta;
	record_meta(&meta, bin, host, sizeof host, &u, ctl.operator_name);
	for (int i = 0; i < ndev; i++) {
		code = ms_exit_worse(code, finish(&runs[i], &meta));
		ms_xport_close(runs[i].x);
		ms_journal_close(runs[i].job.journal);
		ms_job_release(&runs[i].job);
	}
	ms_board_free(&board);
	free(runs);
	ms_cert_unload(&ctl.cert);
	return code;
}
