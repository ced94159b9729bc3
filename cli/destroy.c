/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho destroy: the contractor's side of Figure 41 row 1. Re-identifies the drive
 * against the handover record (or takes the serial typed from its label when it no
 * longer answers), hashes the photos, and writes a destruction record that refers to the
 * handover and erasure records by id and SHA-256. A different drive is refused. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../devices/xport.h"
#include "../report/admit.h"
#include "../report/custody.h"
#include "../report/issue.h"
#include "../report/photo.h"
#include "../util/json.h"
#include "../util/util.h"
#include "cli.h"

#define MAX_PHOTOS 16

static void usage(void)
{
	FILE *out = stdout;
	fputs(_("Usage:\n"
	        " massho destroy --handover FILE --method M [options] DEV\n"
	        " massho destroy --handover FILE --method M --serial SERIAL [options]\n\n"), out);
	fputs(_("Record the physical destruction of a drive handed over (Figure 41 rows 1 and 2).\n\n"), out);
	fputs(_("Options:\n"), out);
	fputs(_("     --ca CERT            the handing station's CA: a handover not journaled here must chain to it\n"), out);
	fputs(_("     --camera REF         camera or video reference (instead of, or with, a witness)\n"), out);
	fputs(_("     --contractor ORG     the organisation that destroyed it (required)\n"), out);
	fputs(_("     --destroyed-at TIME  when it was destroyed, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] (default: now)\n"), out);
	fputs(_("     --equipment TEXT     shredder, crusher... and its identification\n"), out);
	fputs(_("     --handover FILE      the handover record of the drive\n"), out);
	fputs(_("     --cert PEM           token keys: the certificate, when the token holds none\n"), out);
	fputs(_("     --key P12|pkcs11:URI sign a PDF destruction certificate (photos embedded)\n"), out);
	fputs(_("     --passphrase-file F  the key's passphrase or the token's PIN\n"), out);
	fputs(_("     --pkcs11-module LIB  the token's PKCS#11 module (default: p11-kit's proxy)\n"), out);
	fputs(_("     --state-dir DIR      where the ledger is (default /var/lib/massho)\n"), out);
	fputs(_(" -h, --help               display this help\n"), out);
	fputs(_(" -V, --version            display the version\n"), out);
	fputs(_(" -m, --method M           shred, crush, disintegrate, melt, incinerate, degauss\n"), out);
	fputs(_("     --operator NAME      the contractor's person who destroyed it (required)\n"), out);
	fputs(_("     --out DIR            where the record goes (default: the handover's directory)\n"), out);
	fputs(_("     --photo FILE         a photo of the destruction (repeatable; hashed)\n"), out);
	fputs(_("     --place TEXT         where\n"), out);
	fputs(_("     --serial SERIAL      the serial from the label, when the drive no longer answers\n"), out);
	fputs(_("     --witness NAME       the official who witnessed it\n"), out);
}

struct destroy_ctl {
	struct ms_destruction_meta m;
	struct ms_cert_opts co;
	const char *handover, *out, *photos[MAX_PHOTOS];
	const char *ca;             /* the erasing station's CA: the handover's signature must chain to it */
	size_t nphotos;
	const char *dev;            /* the drive, when it still answers */
};

/* Options. Returns 0, -1 after --help, or an exit code. */
static int parse_args(int argc, char **argv, struct destroy_ctl *ctl)
{
	enum { OPT_CAMERA = 256, OPT_EQUIP, OPT_HANDOVER, OPT_OP, OPT_OUT, OPT_PHOTO, OPT_PLACE, OPT_SERIAL, OPT_WITNESS,
	       OPT_STATE, OPT_CA, OPT_CONTRACTOR, OPT_AT };
	static const struct option longopts[] = {
		{"ca", required_argument, NULL, OPT_CA},
		{"camera", required_argument, NULL, OPT_CAMERA}, {"equipment", required_argument, NULL, OPT_EQUIP},
		{"contractor", required_argument, NULL, OPT_CONTRACTOR}, {"destroyed-at", required_argument, NULL, OPT_AT},
		{"handover", required_argument, NULL, OPT_HANDOVER}, MS_KEY_LONGOPTS,
		{"state-dir", required_argument, NULL, OPT_STATE}, {"help", no_argument, NULL, 'h'},
		{"method", required_argument, NULL, 'm'}, {"operator", required_argument, NULL, OPT_OP},
		{"out", required_argument, NULL, OPT_OUT}, {"photo", required_argument, NULL, OPT_PHOTO},
		{"place", required_argument, NULL, OPT_PLACE}, {"serial", required_argument, NULL, OPT_SERIAL},
		{"witness", required_argument, NULL, OPT_WITNESS}, {NULL, 0, NULL, 0},
	};
	static const char *const methods[] = {"shred", "crush", "disintegrate", "melt", "incinerate", "degauss"};
	struct ms_destruction_meta *m = &ctl->m;
	struct ms_opts o = {.cmd = "destroy", .usage = usage, .shorts = "m:", .longs = longopts};
	int c;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		if (c == MS_OPT_RETURN)
			return o.code ? o.code : -1;
		if (ms_key_option(c, optarg, &ctl->co))
			continue;
		switch (c) {
		case 'm': m->method = optarg; break;
		case OPT_CAMERA: m->camera = optarg; break;
		case OPT_EQUIP: m->equipment = optarg; break;
		case OPT_HANDOVER: ctl->handover = optarg; break;
		case OPT_OP: m->operator_name = optarg; break;
		case OPT_OUT: ctl->out = optarg; break;
		case OPT_PHOTO:
			if (ctl->nphotos == MAX_PHOTOS) {
				ms_say("--photo", _("at most %d photos"), MAX_PHOTOS);
				return MS_EXIT_USAGE;
			}
			for (size_t i = 0; i < ctl->nphotos; i++)
				if (strcmp(ms_path_base(ctl->photos[i]), ms_path_base(optarg)) == 0) {
					/* the certificate embeds each photo under its name: two alike are one */
					ms_say(optarg, _("another --photo has the same file name (%s): rename one"), ms_path_base(optarg));
					return MS_EXIT_USAGE;
				}
			ctl->photos[ctl->nphotos++] = optarg;
			break;
		case OPT_PLACE: m->place = optarg; break;
		case OPT_SERIAL: m->typed_serial = optarg; break;
		case OPT_WITNESS: m->witness = optarg; break;
		case OPT_STATE: ctl->co.state_dir = optarg; break;
		case OPT_CA: ctl->ca = optarg; break;
		case OPT_CONTRACTOR: m->contractor = optarg; break;
		case OPT_AT:
			if (ms_time_parse(optarg, &m->destroyed_at)) {
				ms_say(optarg, _("--destroyed-at must be a time YYYY-MM-DDTHH:MM[:SS], optionally with Z or +HH:MM"));
				return MS_EXIT_USAGE;
			}
			break;
		}
	}
	bool known = false;
	for (size_t i = 0; m->method && i < MS_ARRAY_SIZE(methods); i++)
		known |= strcmp(m->method, methods[i]) == 0;
	if (!ctl->handover || !known || (optind < argc) == !!m->typed_serial || optind + 1 < argc) {
		return ms_usage_error("%s", !ctl->handover ? _("--handover FILE is required") :
				      !known ? _("--method must be shred, crush, disintegrate, melt, incinerate or degauss") :
				      _("give the drive (DEV) or, when it no longer answers, --serial from its label"));
	}
	if (!m->witness && !m->camera) {
		return ms_usage_error(_("a --witness or a --camera reference is required (Figure 41 row 1)"));
	}
	if (!m->contractor || !m->operator_name) {
		return ms_usage_error(_("the certificate names who destroyed the drive: --contractor ORG and "
				      "--operator NAME are required"));
	}
	ctl->dev = optind < argc ? argv[optind] : NULL;
	return 0;
}

/* Is this the drive of the handover: by its identity hash, or by the serial typed from its
 * label when it no longer answers? */
static enum ms_exit identify(struct destroy_ctl *ctl, const char *want_hash, const char *want_serial)
{
	char why[300];
	if (!ctl->dev) {
		if (want_serial && strcmp(ctl->m.typed_serial, want_serial) == 0)
			return MS_EXIT_OK;
		ms_say(ctl->m.typed_serial, _("is not the serial in %s (%s)"), ctl->handover, want_serial ? want_serial : _("none"));
		return MS_EXIT_REFUSED;
	}
	if (!want_hash[0]) { /* handed over by its label: there is no identity hash to match */
		ms_say(ctl->dev, _("the handover %s identifies the drive by its label only: give --serial from the label"),
		       ctl->handover);
		return MS_EXIT_USAGE;
	}
	struct ms_device d;
	ctl->m.identified_by_hash = true;
	if (ms_describe(ctl->dev, ms_sysroot(NULL), &d, why, sizeof why)) {
		ms_say(ctl->dev, _("%s (if the drive no longer answers, give --serial from its label)"), L_(why));
		return MS_EXIT_NODEV;
	}
	if (strcmp(d.identity_hash, want_hash) != 0) {
		/* TRANSLATORS: handover record, the drive's identity hash, its serial, the handover's identity
		 * hash, its serial */
		ms_say(ctl->dev, _("is not the drive of %s: identity %.16s… (serial %s), the handover says %.16s… "
		       "(serial %s)"), ctl->handover, d.identity_hash, d.serial[0] ? d.serial : _("none"), want_hash,
		       want_serial ? want_serial : "?");
		return MS_EXIT_REFUSED;
	}
	return MS_EXIT_OK;
}

/* The time of destruction lies between the handover and now: a destruction before the
 * drive was handed over, or one in the future, is a typing error or a lie. */
static enum ms_exit check_time(struct destroy_ctl *ctl, const struct ms_json *ho)
{
	time_t now = time(NULL), issued;
	const char *at = ms_json_get_str(ho, "issued_at");
	if (!ctl->m.destroyed_at)
		return MS_EXIT_OK;
	if (ctl->m.destroyed_at > now + 300) {
		ms_say("--destroyed-at", _("is in the future: give the time the drive was destroyed"));
		return MS_EXIT_USAGE;
	}
	if (at && ms_time_parse(at, &issued) == 0 && ctl->m.destroyed_at < issued) {
		ms_say("--destroyed-at", _("is before the handover was issued (%s): the drive was not yet handed over"), at);
		return MS_EXIT_USAGE;
	}
	return MS_EXIT_OK;
}

static enum ms_exit hash_photos(const struct destroy_ctl *ctl, struct ms_photo *ph)
{
	char why[200];
	for (size_t i = 0; i < ctl->nphotos; i++) {
		int r = ms_photo_read(ctl->photos[i], &ph[i], why, sizeof why);
		if (r) {
			ms_say(ctl->photos[i], "%s", L_(why));
			return r == -ENOENT ? MS_EXIT_NODEV : MS_EXIT_USAGE;
		}
	}
	return MS_EXIT_OK;
}

/* Write the destruction record (beside the handover unless --out), issue its certificate,
 * say what happened. */
static enum ms_exit record(struct destroy_ctl *ctl, const struct ms_json *ho, const char *ho_sha, const char *subject)
{
	char dir[PATH_MAX], path[PATH_MAX];
	const char *out = ctl->out;
	if (!out) {
		ms_path_dir(ctl->handover, dir, sizeof dir);
		out = dir;
	}
	struct ms_run_facts run;
	ms_run_facts(&run, ctl->m.operator_name);
	ctl->m.run = &run.meta;
	struct ms_json *rec = ms_destruction_build(ho, ho_sha, &ctl->m);
	int r = rec ? ms_destruction_write(out, ctl->co.state_dir, rec, path, sizeof path) : -ENOMEM;
	const struct ms_json *dl = ms_json_get(rec, "deadline");
	const struct ms_json *met = ms_json_get(dl, "met");
	bool late = met && !met->b;
	uint64_t days = 0;
	ms_json_get_u64(dl, "days_late", &days);
	ms_json_free(rec);
	if (r) {
		ms_say(out, _("cannot write the destruction record: %s"), strerror(-r));
		return MS_EXIT_ARTIFACT;
	}
	ctl->co.photos = ctl->photos;
	ctl->co.nphotos = ctl->nphotos;
	ctl->co.operator_name = ctl->m.operator_name;
	ctl->co.witness = ctl->m.witness;
	ctl->co.place = ctl->m.place;
	ctl->co.contractor = ctl->m.contractor;
	enum ms_exit ce = ms_cert_issue(&ctl->co, path, subject);
	/* TRANSLATORS: serial or device, destruction method (shred...), number of photos, ", deadline met" or
	 * nothing */
	printf(_("%s: destroyed (%s), %zu photos%s\n"), subject, ctl->m.method, ctl->nphotos, late ? "" : _(", deadline met"));
	if (late)
		printf(_("%s: deadline MISSED by %llu days\n"), subject, (unsigned long long)days);
	printf(_("record %s\n"), path);
	return ce;
}

int ms_cmd_destroy(int argc, char **argv)
{
	static struct destroy_ctl ctl;
	memset(&ctl, 0, sizeof ctl);
	ctl.co.state_dir = MS_DEFAULT_STATE_DIR;
	int r = parse_args(argc, argv, &ctl);
	if (r)
		return r < 0 ? MS_EXIT_OK : r;
	enum ms_exit code = ms_cert_load(&ctl.co);
	if (code)
		return code;
	struct ms_json *ho;
	char ho_sha[65], why[700], how[300];
	if (ms_handover_admit(ctl.handover, ctl.co.state_dir, ctl.ca, how, sizeof how, why, sizeof why)) {
		ms_say(ctl.handover, "%s", L_(why));
		ms_cert_unload(&ctl.co);
		return MS_EXIT_RECORD_MISMATCH;
	}
	if (ms_custody_load(ctl.handover, "handover", &ho, ho_sha, why, sizeof why)) {
		ms_say(ctl.handover, "%s", L_(why));
		ms_cert_unload(&ctl.co);
		return MS_EXIT_NODEV;
	}
	char by[64];
	const char *hid = ms_json_get_str(ho, "record_id");
	if (hid && ms_custody_completed(ctl.co.state_dir, hid, by, sizeof by)) {
		ms_say(ctl.handover, _("was already completed by %s: a handover is completed once"), by);
		ms_json_free(ho);
		ms_cert_unload(&ctl.co);
		return MS_EXIT_REFUSED;
	}
	if ((code = check_time(&ctl, ho))) {
		ms_json_free(ho);
		ms_cert_unload(&ctl.co);
		return code;
	}
	const struct ms_json *dev = ms_json_get(ho, "device");
	char serial[64] = ""; /* copied: it is printed after the handover record is freed */
	if (ms_json_get_str(dev, "serial"))
		ms_strlcpy(serial, ms_json_get_str(dev, "serial"), sizeof serial);
	const char *want_hash = ms_json_get_str(dev, "identity_hash");
	struct ms_photo ph[MAX_PHOTOS];
	code = identify(&ctl, want_hash ? want_hash : "", serial[0] ? serial : NULL);
	if (!code && !(code = hash_photos(&ctl, ph))) {
		ctl.m.photos = ph;
		ctl.m.nphotos = ctl.nphotos;
		code = record(&ctl, ho, ho_sha, serial[0] ? serial : _("drive"));
	}
	ms_json_free(ho);
	ms_cert_unload(&ctl.co);
	return code;
}
