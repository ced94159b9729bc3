/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho handover: Figure 41's custody column for rows (1) and (2). A drive that answers
 * is pre-erased on the premises to at least row (3)'s level by the erase use case itself
 * (`massho handover` is `massho erase` in custody mode: the same library call), then its
 * handover record is written. A drive nothing can be written to (dead, locked) is handed
 * over by its label: --serial and --model typed from it and --photo of it, required.
 * Also the contractor's side of an erase: taking a handover for `erase --handover`. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../devices/xport.h"
#include "../report/admit.h"
#include "../report/custody.h"
#include "../report/pdf.h"
#include "../report/photo.h"
#include "../util/json.h"
#include "../util/util.h"
#include "cli.h"

#define MAX_PHOTOS 16

static void usage(void)
{
	FILE *out = stdout;
	fputs(_("Usage:\n"
	        " massho handover --class CLASS [erase options] -y SERIAL DEV\n"
	        " massho handover --class CLASS --serial S --model M --photo FILE... [options]\n\n"), out);
	fputs(_("Hand a drive over to the contractor (Figure 41 rows 1 and 2): erase it on the premises\n"
	        "to at least row 3's level (flash: 2 random passes), then write the handover record. A\n"
	        "drive nothing can be written to is handed over by its label, with photos.\n\n"), out);
	fputs(_("Options (besides those of massho erase with a device):\n"), out);
	fputs(_("     --camera REF         camera or video reference\n"), out);
	fputs(_(" -c, --class CLASS        mynumber, 3 or 2 (class 1 is erased on the premises)\n"), out);
	fputs(_("     --destroy-by DATE    deadline for the contractor, YYYY-MM-DD, today or later\n"), out);
	fputs(_("     --model M            the drive's model, typed from its label\n"), out);
	fputs(_("     --operator NAME      who hands it over\n"), out);
	fputs(_("     --out DIR            where the record goes (default STATE_DIR/records)\n"), out);
	fputs(_("     --photo FILE         a photo of the drive and its label (repeatable; required)\n"), out);
	fputs(_("     --policy FILE        a site policy instead of the built-in table\n"), out);
	fputs(_("     --reason TEXT        why nothing could be erased (default: the drive does not answer)\n"), out);
	fputs(_("     --serial S           the drive's serial, typed from its label\n"), out);
	fputs(_("     --state-dir DIR      journal and ledger (default /var/lib/massho)\n"), out);
	fputs(_("     --witness NAME       the official witnessing the handover\n"), out);
	fputs(_("     --key, --passphrase-file, --pkcs11-module, --cert   sign its certificate\n"), out);
	fputs(_(" -h, --help               display this help\n"), out);
	fputs(_(" -V, --version            display the version\n"), out);
}

struct label_ctl {
	struct ms_handover_label l;
	struct ms_handover_meta m;
	struct ms_cert_opts co;
	struct ms_policy policy;
	const char *cls_arg, *policy_path, *out, *photos[MAX_PHOTOS];
	size_t nphotos;
	char by[16], outbuf[PATH_MAX];
};

static int read_label_options(int argc, char **argv, struct label_ctl *c)
{
	enum { O_CAMERA = 256, O_BY, O_MODEL, O_OP, O_OUT, O_PHOTO, O_POLICY, O_REASON, O_SERIAL, O_STATE, O_WITNESS };
	static const struct option longopts[] = {
		{"camera", required_argument, NULL, O_CAMERA}, {"class", required_argument, NULL, 'c'},
		{"destroy-by", required_argument, NULL, O_BY}, {"model", required_argument, NULL, O_MODEL},
		{"operator", required_argument, NULL, O_OP}, {"out", required_argument, NULL, O_OUT},
		{"photo", required_argument, NULL, O_PHOTO}, {"policy", required_argument, NULL, O_POLICY},
		{"reason", required_argument, NULL, O_REASON}, {"serial", required_argument, NULL, O_SERIAL},
		{"state-dir", required_argument, NULL, O_STATE}, {"witness", required_argument, NULL, O_WITNESS},
		MS_KEY_LONGOPTS, {NULL, 0, NULL, 0},
	};
	struct ms_opts opts = {.cmd = "handover", .usage = usage, .shorts = "c:", .longs = longopts};
	int o;
	while ((o = ms_opt_next(&opts, argc, argv)) != -1) {
		if (o == MS_OPT_RETURN)
			return opts.code ? opts.code : -1;
		if (ms_key_option(o, optarg, &c->co))
			continue;
		switch (o) {
		case 'c': c->cls_arg = optarg; break;
		case O_CAMERA: c->m.camera = optarg; break;
		case O_BY: c->m.destroy_by = optarg; break;
		case O_MODEL: c->l.model = optarg; break;
		case O_OP: c->m.operator_name = optarg; break;
		case O_OUT: c->out = optarg; break;
		case O_PHOTO:
			if (c->nphotos == MAX_PHOTOS) {
				ms_say("--photo", _("at most %d photos"), MAX_PHOTOS);
				return MS_EXIT_USAGE;
			}
			c->photos[c->nphotos++] = optarg;
			break;
		case O_POLICY: c->policy_path = optarg; break;
		case O_REASON: c->l.why = optarg; break;
		case O_SERIAL: c->l.serial = optarg; break;
		case O_STATE: c->co.state_dir = optarg; break;
		case O_WITNESS: c->m.witness = optarg; break;
		}
	}
	if (optind != argc) {
		ms_say(argv[optind], _("a drive handed over by its label is not named: give --serial and --model only"));
		return MS_EXIT_USAGE;
	}
	return 0;
}

/* What a handover by the label needs: the class of a row that sends media away, the
 * label's identity, photos, a witness where the policy asks for one, a deadline ahead. */
static int check_label(struct label_ctl *c)
{
	enum ms_class cls;
	if (!c->cls_arg || ms_class_parse(c->cls_arg, &cls)) {
		ms_say("--class", _("is required: mynumber, 3 or 2"));
		return MS_EXIT_USAGE;
	}
	int pe = ms_load_policy(c->policy_path, &c->policy);
	if (pe)
		return pe;
	c->l.cls = ms_class_name(cls);
	c->l.row = c->policy.row_of[cls];
	if (c->l.row == 3) {
		ms_say(c->cls_arg, _("class %s is Figure 41 row 3: it is erased on the premises and nothing is handed over"),
		       c->l.cls);
		return MS_EXIT_USAGE;
	}
	if (!c->l.serial[0] || !c->l.model || !c->l.model[0] || !c->nphotos) {
		return ms_usage_error(_("a drive handed over by its label needs --serial and --model from the "
				      "label and at least one --photo of it"));
	}
	if (c->l.row == 1 && c->policy.witness_required && !c->m.witness && !c->m.camera) {
		ms_say("--witness", _("is required for class %s (Figure 41 row 1), or a --camera reference"), c->l.cls);
		return MS_EXIT_USAGE;
	}
	const char *texts[][2] = {{"--serial", c->l.serial}, {"--model", c->l.model}, {"--reason", c->l.why},
				  {"--witness", c->m.witness}, {"--camera", c->m.camera}, {"--operator", c->m.operator_name}};
	const char *bad;
	for (size_t i = 0; i < MS_ARRAY_SIZE(texts); i++)
		if (texts[i][1] && (bad = ms_pdf_text_problem(texts[i][1], MS_PDF_FIELD_MAX))) {
			ms_say(texts[i][0], "%s", L_(bad));
			return MS_EXIT_USAGE;
		}
	if (!c->m.destroy_by) {
		time_t t = time(NULL) + (time_t)c->policy.destroy_within_days * 86400;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(c->by, sizeof c->by, "%Y-%m-%d", &tm);
		c->m.destroy_by = c->by;
	} else if (!ms_date_valid(c->m.destroy_by) || ms_date_past(c->m.destroy_by, time(NULL))) {
		ms_say(c->m.destroy_by, _("--destroy-by must be a date YYYY-MM-DD, today or later"));
		return MS_EXIT_USAGE;
	}
	return 0;
}

static int read_photos(struct label_ctl *c, struct ms_photo *ph)
{
	char why[200];
	for (size_t i = 0; i < c->nphotos; i++) {
		for (size_t k = 0; k < i; k++)
			if (strcmp(ms_path_base(c->photos[k]), ms_path_base(c->photos[i])) == 0) {
				ms_say(c->photos[i], _("another --photo has the same file name (%s): rename one"),
				       ms_path_base(c->photos[i]));
				return MS_EXIT_USAGE;
			}
		int r = ms_photo_read(c->photos[i], &ph[i], why, sizeof why);
		if (r) {
			ms_say(c->photos[i], "%s", L_(why));
			return r == -ENOENT ? MS_EXIT_NODEV : MS_EXIT_USAGE;
		}
	}
	c->l.photos = ph;
	c->l.nphotos = c->nphotos;
	return 0;
}

/* The label path is for a drive nothing can be written to: one that answers on this
 * machine under that serial is erased (and pre-erased) through its device instead. */
static int answers_here(const char *serial)
{
	struct ms_device *devs = NULL;
	size_t n = 0;
	int code = MS_EXIT_OK;
	if (ms_describe_list(NULL, &devs, &n))
		return MS_EXIT_OK; /* no device list here (no sysfs): nothing answers */
	for (size_t i = 0; i < n && !code; i++)
		if (strcmp(devs[i].serial, serial) == 0 && ms_device_stable_identity(&devs[i])) {
			/* TRANSLATORS: device path, serial, device path */
			ms_say(serial, _("is the serial of %s, which answers here: hand it over through its device, "
			       "pre-erased (massho handover --class C -y %s %s)"), devs[i].path, serial, devs[i].path);
			code = MS_EXIT_USAGE;
		}
	free(devs);
	return code;
}

static int label_handover(int argc, char **argv)
{
	static struct label_ctl c; /* the policy is large */
	memset(&c, 0, sizeof c);
	c.co.state_dir = MS_DEFAULT_STATE_DIR;
	c.l.serial = "";
	struct ms_photo ph[MAX_PHOTOS];
	int r = read_label_options(argc, argv, &c);
	if (r || (r = check_label(&c)) || (r = answers_here(c.l.serial)) || (r = read_photos(&c, ph)))
		return r;
	c.out = ms_records_dir(c.out, c.co.state_dir, c.outbuf, sizeof c.outbuf);
	if ((r = ms_cert_load(&c.co)))
		return r;
	struct ms_run_facts run;
	ms_run_facts(&run, c.m.operator_name);
	c.m.run = &run.meta;
	char path[PATH_MAX];
	struct ms_json *rec = ms_handover_label_build(&c.l, &c.m);
	int e = rec ? ms_handover_write(c.out, c.co.state_dir, rec, path, sizeof path) : -ENOMEM;
	ms_json_free(rec);
	if (e) {
		ms_say(c.out, _("cannot write the handover record: %s"), strerror(-e));
		ms_cert_unload(&c.co);
		return e == -EPERM ? MS_EXIT_ARTIFACT : ms_exit_of(MS_FAULT_ARTIFACT, e);
	}
	/* TRANSLATORS: serial, handover record path, "awaiting ..." (what is awaited), deadline YYYY-MM-DD, why
	 * nothing was erased */
	printf(_("%s: handover %s (%s by %s; not erased on the premises: %s)\n"), c.l.serial, path,
	       c.l.row == 1 ? _("awaiting physical destruction") : _("awaiting the contractor's erasure or destruction"),
	       c.m.destroy_by, c.l.why ? c.l.why : _("the drive does not answer"));
	c.co.photos = c.photos;
	c.co.nphotos = c.nphotos;
	c.co.operator_name = c.m.operator_name;
	c.co.witness = c.m.witness;
	enum ms_exit code = ms_cert_issue(&c.co, path, c.l.serial);
	ms_cert_unload(&c.co);
	return code;
}

int ms_cmd_handover(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage();
			return MS_EXIT_OK;
		}
		if (strcmp(argv[i], "--serial") == 0 || strncmp(argv[i], "--serial=", 9) == 0)
			return label_handover(argc, argv);
	}
	return ms_erase_main(argc, argv, true);
}

/* Is this a handover a contractor's erase completes? */
static enum ms_exit admit(const char *path, const char *state_dir, const char *ca, struct ms_cli_handover *h)
{
	char why[700], how[300], by[64];
	struct ms_json *ho = NULL;
	memset(h, 0, sizeof *h);
	if (ms_handover_admit(path, state_dir, ca, how, sizeof how, why, sizeof why)) {
		ms_say(path, "%s", L_(why));
		return MS_EXIT_RECORD_MISMATCH;
	}
	if (ms_custody_load(path, "handover", &ho, h->sha256, why, sizeof why)) {
		ms_say(path, "%s", L_(why));
		return MS_EXIT_NODEV;
	}
	const char *id = ms_json_get_str(ho, "record_id"), *cls = ms_json_get_str(ho, "class");
	const char *ih = ms_json_get_str(ms_json_get(ho, "device"), "identity_hash");
	uint64_t row = 0;
	ms_json_get_u64(ho, "figure41_row", &row);
	ms_strlcpy(h->id, id, sizeof h->id);
	ms_strlcpy(h->identity, ih ? ih : "", sizeof h->identity);
	bool known = cls && ms_class_parse(cls, &h->cls) == 0;
	ms_json_free(ho);
	if (ms_custody_completed(state_dir, h->id, by, sizeof by)) {
		ms_say(path, _("was already completed by %s: a handover is completed once"), by);
		return MS_EXIT_REFUSED;
	}
	if (!known || row != 2) {
		ms_say(path, _("is a handover of Figure 41 row %llu: %s"), (unsigned long long)row,
		       row == 1 ? _("it is completed by physical destruction (massho destroy), not by an erase") :
		       _("not a row a contractor's erase completes"));
		return MS_EXIT_CANNOT_MEET;
	}
	if (!h->identity[0]) {
		ms_say(path, _("identifies the drive by its label only (nothing could be written to it): complete it "
		       "by physical destruction (massho destroy --serial)"));
		return MS_EXIT_CANNOT_MEET;
	}
	return MS_EXIT_OK;
}

enum ms_exit ms_cli_take_handover(const char *path, const char *ca, struct ms_erase_request *rq,
				  struct ms_cli_handover *h)
{
	if (rq->custody || rq->destroy_by) {
		ms_say("--handover", _("completes a handover: it takes no --destroy-by and is not itself handed over"));
		return MS_EXIT_USAGE;
	}
	enum ms_exit r = admit(path, rq->state_dir, ca, h);
	if (r)
		return r;
	if (rq->cls_set && rq->cls != h->cls) {
		ms_say("--class", _("the handover %s says class %s"), h->id, ms_class_name(h->cls));
		return MS_EXIT_USAGE;
	}
	rq->cls_set = true;
	rq->cls = h->cls;
	rq->completes_id = h->id;
	rq->completes_sha256 = h->sha256;
	rq->expect_identity = h->identity;
	return MS_EXIT_OK;
}
