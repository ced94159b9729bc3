/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: the only code that prints or exits. */
#ifndef MS_CLI_H
#define MS_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "../erase/batch.h"
#include "../report/issue.h"
#include "../report/verify.h"
#include "../util/columns.h"
#include "../util/i18n.h"
#include "l10n.h"
#include "opts.h"
#include "progress.h"

/* Documented exit codes (docs/massho.8, EXIT STATUS). Keep exit.c and the man page
 * in step. */
enum ms_exit {
	MS_EXIT_OK = 0,
	MS_EXIT_FAILURE = 1,        /* internal error */
	MS_EXIT_USAGE = 2,          /* bad option or argument */
	MS_EXIT_NODEV = 3,          /* no such device, cannot open it, bad emulated-drive spec */
	MS_EXIT_REFUSED = 4,        /* boot medium, mounted, held, read-only, partition, busy */
	MS_EXIT_NOT_CONFIRMED = 5,  /* --yes-erase missing or not the device's serial */
	MS_EXIT_ERASE_FAILED = 6,   /* the erase could not be carried out */
	MS_EXIT_VERIFY_FAILED = 7,  /* read-back differs from what was written */
	MS_EXIT_WITH_ERRORS = 8,    /* completed, bad sectors recorded */
	MS_EXIT_CANNOT_MEET = 9,    /* the policy cannot be met on this device */
	MS_EXIT_ARTIFACT = 10,      /* record or journal could not be written */
	MS_EXIT_INTERRUPTED = 11,   /* stopped by a signal */
	MS_EXIT_SIG_INVALID = 12,   /* report verify: the file was changed after signing */
	MS_EXIT_SIG_PARTIAL = 13,   /* report verify: data appended after the signature */
	MS_EXIT_RECORD_MISMATCH = 14, /* report verify: record, sidecar, page hash or photos differ */
	MS_EXIT_UNTRUSTED = 15,     /* report verify: the signer does not chain to --ca */
	MS_EXIT_NOT_SIGNED = 16,    /* report verify: not a signed certificate; ledger damaged */
	MS_EXIT_KEY = 17,           /* signing key missing, unreadable or wrong passphrase */
	MS_EXIT_NOT_VERIFIED = 18,  /* overwritten as asked with --verify none: nothing was read back */
	MS_EXIT_SIGNER_UNCHECKED = 19, /* report verify without --ca: intact, the signer not checked */
	MS_EXIT_NOT_COLLECTED = 20, /* the central store could not be reached: results stay queued */
};

/* ---- exit.c: the one translation into exit codes ------------------------------------- */

/* The more serious of two exit codes (for several devices in one run). */
enum ms_exit ms_exit_worse(enum ms_exit a, enum ms_exit b);
/* A fault of the use cases with its -errno (a device that is busy is "refused"). */
enum ms_exit ms_exit_of(enum ms_fault f, int err);
/* How a job ended. */
enum ms_exit ms_exit_of_job(const struct ms_job *j);
/* What report verify found. */
enum ms_exit ms_exit_of_check(enum ms_check c);

/* ---- common.c: what the commands share --------------------------------------------------- */

#define MS_DEFAULT_STATE_DIR "/var/lib/massho"

/* Messages go to stderr and start with the object at fault: "OBJ: text". The object (a
 * device, path or option) is never translated; fmt is, by the caller (_()). */
void ms_say(const char *obj, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* s padded with spaces to cols terminal columns, in buf. */
const char *ms_pad(const char *s, int cols, char *buf, size_t len);

/* --class ARG: the class, or the one-line error printed and MS_EXIT_USAGE. */
enum ms_exit ms_class_option(const char *arg, enum ms_class *out);
/* Where records go: out (--out) when given, else STATE_DIR/records in buf. */
const char *ms_records_dir(const char *out, const char *state_dir, char *buf, size_t len);

/* Where sys/ and proc/ are read: --sysroot, else $MS_SYSROOT, else the live system. */
const char *ms_sysroot(const char *opt);

/* --policy FILE (or the built-in default); prints the error. MS_EXIT_OK or MS_EXIT_USAGE. */
enum ms_exit ms_load_policy(const char *path, struct ms_policy *p);

/* The passphrase from a file's first line, or typed on the terminal without echo.
 * Returns 0, -ENOTTY (no file and no terminal) or -errno. */
int ms_read_passphrase(const char *file, const char *prompt, char *out, size_t len);

/* Signing at erase/destroy time: the key is loaded (passphrase asked) before anything is
 * erased, so a wrong passphrase costs nothing. */
struct ms_cert_opts {
	const char *key_path;        /* PKCS#12 file or pkcs11: URI; NULL: no certificate */
	const char *passphrase_file; /* the passphrase, or the token's PIN */
	const char *pkcs11_module;   /* NULL: the URI's module-path, else p11-kit's proxy */
	const char *cert_path;       /* token keys: the certificate when the token has none */
	const char *state_dir;       /* for the ledger */
	const char *organisation, *contract, *contractor, *place, *operator_name, *witness;
	const char *asset, *source_host, *destination;
	const char *vouched_by;      /* report pdf: whose journal vouched for the record */
	const char **photos;
	size_t nphotos;
	struct ms_issuer iss;        /* loaded: iss.signer */
};
/* The signing-key options every command that issues certificates takes (--key,
 * --passphrase-file, --pkcs11-module, --cert): put MS_KEY_LONGOPTS in the getopt table and
 * let ms_key_option() take them. Their codes are above any command's own. */
enum { MS_OPT_KEY = 1000, MS_OPT_PASS, MS_OPT_P11, MS_OPT_CERT };
#define MS_KEY_LONGOPTS                                                                                            \
	{"key", required_argument, NULL, MS_OPT_KEY}, {"passphrase-file", required_argument, NULL, MS_OPT_PASS},   \
		{"pkcs11-module", required_argument, NULL, MS_OPT_P11}, {"cert", required_argument, NULL, MS_OPT_CERT}
/* True when c was one of those options (and arg is stored in c). */
bool ms_key_option(int c, const char *arg, struct ms_cert_opts *co);
/* Load the signer; prints the error. Returns MS_EXIT_OK or MS_EXIT_KEY. */
enum ms_exit ms_cert_load(struct ms_cert_opts *c);
void ms_cert_unload(struct ms_cert_opts *c);
/* The issuer with the texts of c (NULL signer when no key was given). */
const struct ms_issuer *ms_cert_issuer(struct ms_cert_opts *c);
/* Issue the certificate of a record (ms_issue()) and print its path. */
enum ms_exit ms_cert_issue(struct ms_cert_opts *c, const char *record_path, const char *subject);

/* The front end of the erase and unlock use cases: prints their events, keeps the exit
 * code, asks for confirmation on a terminal, draws progress. */
struct ms_cli_result;
struct ms_cli_run {
	enum ms_exit code;
	struct ms_cli_result *results; /* erase --json: kept for the end instead of printed (n+1) */
	size_t ndevices;
	size_t ntokens;               /* --yes-erase given: never ask */
	struct ms_board_slot *slots;  /* progress, per device (NULL: none) */
	bool custody;                 /* massho handover: the custody path is being taken */
};
void ms_cli_event(void *run, const struct ms_erase_event *ev);
bool ms_cli_confirm(void *run, const struct ms_device *d);
void ms_cli_progress(void *run, size_t index, const struct ms_progress *p);

/* report summary: the certificates files[0..n), each verified (and against ca), listed in a
 * signed summary written in out (default: the first one's directory); its PDF's path in
 * pdf (NULL: not wanted). A key c already holds is used as it is (the station's). */
enum ms_exit ms_cli_summary(struct ms_cert_opts *c, const char *const *files, size_t n, const char *ca,
			    const char *out, char *pdf, size_t pdflen);

/* Render j (freed) as indented JSON on stdout. MS_EXIT_OK or MS_EXIT_FAILURE. */
struct ms_json;
int ms_print_json(struct ms_json *j);

/* devshow.c: massho devices show DEV, massho devices decode-identify FILE. */
int ms_devices_show(const char *sysroot, const char *spec, bool json);
int ms_devices_decode_identify(const char *file, bool json);

int ms_cmd_devices(int argc, char **argv);
int ms_cmd_erase(int argc, char **argv);
int ms_cmd_station(int argc, char **argv);
int ms_cmd_unlock(int argc, char **argv);
int ms_cmd_plan(int argc, char **argv);
int ms_cmd_key(int argc, char **argv);
int ms_cmd_report(int argc, char **argv);
/* collect.c: the central store: massho db migrate, report push, report find, and report
 * verify --from URI (argv as report verify's, the URI already taken). */
int ms_cmd_db(int argc, char **argv);
int ms_report_push(int argc, char **argv);
int ms_report_find(int argc, char **argv);
int ms_report_verify_from(const char *uri, const char *ca);
/* verify.c: massho report verify; and one certificate checked: its exported record
 * (default: FILE.json beside it) and the files its record lists (default: FILE's
 * directory). Returns -errno (and says why) when the file cannot be read, else 0 with the
 * result in *res and chk (to be freed). pdf_sha256 (may be NULL) gets the file's hash;
 * beside says whether an exported record was compared. */
int ms_report_verify(int argc, char **argv);
struct ms_pdf_check;
int ms_check_certificate(const char *file, const char *ca, const char *record, const char *files,
			 struct ms_pdf_check *chk, char pdf_sha256[65], bool *beside, enum ms_check *res);
/* report_help.c: the usage of report (sub NULL) or of report SUB (pdf, summary, verify,
 * show, ledger), on stdout. */
void ms_report_usage(const char *sub);
int ms_cmd_destroy(int argc, char **argv);
int ms_cmd_jobs(int argc, char **argv);
/* erase.c: massho erase, and in custody mode (handover: pre-erase, then the handover). */
int ms_erase_main(int argc, char **argv, bool custody);
/* handover.c: massho handover; and taking a handover for the contractor's erase
 * (`erase --handover`): admitted (journaled in rq->state_dir, or signed — chaining to ca
 * when given), not completed yet, of row 2, with the drive's identity hash; rq then
 * erases under its class and completes it (h must outlive rq). Prints the error; returns
 * MS_EXIT_OK or the exit code. */
int ms_cmd_handover(int argc, char **argv);
struct ms_cli_handover {
	char id[64], sha256[65], identity[65];
	enum ms_class cls;
};
enum ms_exit ms_cli_take_handover(const char *path, const char *ca, struct ms_erase_request *rq,
				  struct ms_cli_handover *h);
/* overdue.c: massho report overdue, massho report receive. */
int ms_report_overdue(int argc, char **argv);
int ms_report_receive(int argc, char **argv);

#endif
