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

#include "../devices/xport.h"
#include "../report/custody.h"
#include "../util/json.h"
#include "../util/util.h"
#include "cli.h"

#define MAX_PHOTOS 16

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " massho destroy --handover FILE --method M [options] DEV\n"
	      " massho destroy --handover FILE --method M --serial SERIAL [options]\n"
	      "\n"
	      "Record the physical destruction of a drive handed over under Figure 41 row 1.\n"
	      "\n"
	      "Options:\n"
	      "     --camera REF         camera or video reference (instead of, or with, a witness)\n"
	      "     --equipment TEXT     shredder, crusher... and its identification\n"
	      "     --handover FILE      the handover record of the drive\n"
	      "     --cert PEM           token keys: the certificate, when the token holds none\n"
	      "     --key P12|pkcs11:URI sign a PDF destruction certificate (photos embedded)\n"
	      "     --passphrase-file F  the key's passphrase or the token's PIN\n"
	      "     --pkcs11-module LIB  the token's PKCS#11 module (default: p11-kit's proxy)\n"
	      "     --state-dir DIR      where the ledger is (default /var/lib/massho)\n"
	      " -h, --help               display this help\n"
	      " -m, --method M           shred, crush, disintegrate, melt, incinerate, degauss\n"
	      "     --operator NAME      who destroyed it\n"
	      "     --out DIR            where the record goes (default: the handover's directory)\n"
	      "     --photo FILE         a photo of the destruction (repeatable; hashed)\n"
	      "     --place TEXT         where\n"
	      "     --serial SERIAL      the serial from the label, when the drive no longer answers\n"
	      "     --witness NAME       the official who witnessed it\n",
	      out);
}

int ms_cmd_destroy(int argc, char **argv)
{
	enum { OPT_CAMERA = 256, OPT_EQUIP, OPT_HANDOVER, OPT_OP, OPT_OUT, OPT_PHOTO, OPT_PLACE, OPT_SERIAL, OPT_WITNESS,
	       OPT_STATE };
	static const struct option longopts[] = {
		{"camera", required_argument, NULL, OPT_CAMERA},
		{"equipment", required_argument, NULL, OPT_EQUIP},
		{"handover", required_argument, NULL, OPT_HANDOVER},
		MS_KEY_LONGOPTS,
		{"state-dir", required_argument, NULL, OPT_STATE},
		{"help", no_argument, NULL, 'h'},
		{"method", required_argument, NULL, 'm'},
		{"operator", required_argument, NULL, OPT_OP},
		{"out", required_argument, NULL, OPT_OUT},
		{"photo", required_argument, NULL, OPT_PHOTO},
		{"place", required_argument, NULL, OPT_PLACE},
		{"serial", required_argument, NULL, OPT_SERIAL},
		{"witness", required_argument, NULL, OPT_WITNESS},
		{NULL, 0, NULL, 0},
	};
	static const char *const methods[] = {"shred", "crush", "disintegrate", "melt", "incinerate", "degauss"};
	struct ms_destruction_meta m = {0};
	struct ms_cert_opts co = {.state_dir = "/var/lib/massho"};
	const char *handover = NULL, *out = NULL, *photos[MAX_PHOTOS];
	size_t nphotos = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hm:", longopts, NULL)) != -1) {
		if (ms_key_option(c, optarg, &co))
			continue;
		switch (c) {
		case 'h': usage(stdout); return MS_EXIT_OK;
		case 'm': m.method = optarg; break;
		case OPT_CAMERA: m.camera = optarg; break;
		case OPT_EQUIP: m.equipment = optarg; break;
		case OPT_HANDOVER: handover = optarg; break;
		case OPT_OP: m.operator_name = optarg; break;
		case OPT_OUT: out = optarg; break;
		case OPT_PHOTO:
			if (nphotos == MAX_PHOTOS) {
				ms_say("--photo", "at most %d photos", MAX_PHOTOS);
				return MS_EXIT_USAGE;
			}
			photos[nphotos++] = optarg;
			break;
		case OPT_PLACE: m.place = optarg; break;
		case OPT_SERIAL: m.typed_serial = optarg; break;
		case OPT_WITNESS: m.witness = optarg; break;
		case OPT_STATE: co.state_dir = optarg; break;
		default: usage(stderr); return MS_EXIT_USAGE;
		}
	}
	bool known = false;
	for (size_t i = 0; m.method && i < MS_ARRAY_SIZE(methods); i++)
		known |= strcmp(m.method, methods[i]) == 0;
	if (!handover || !known || (optind < argc) == !!m.typed_serial || optind + 1 < argc) {
		ms_say("destroy", !handover ? "--handover FILE is required" :
			      !known ? "--method must be shred, crush, disintegrate, melt, incinerate or degauss" :
			      "give the drive (DEV) or, when it no longer answers, --serial from its label");
		return MS_EXIT_USAGE;
	}
	if (!m.witness && !m.camera) {
		ms_say("destroy", "a --witness or a --camera reference is required (Figure 41 row 1)");
		return MS_EXIT_USAGE;
	}
	enum ms_exit ke = ms_cert_load(&co);
	if (ke)
		return ke;
	struct ms_json *ho;
	char ho_sha[65], why[300];
	if (ms_custody_load(handover, "handover", &ho, ho_sha, why, sizeof why)) {
		ms_say(handover, "%s", why);
		ms_cert_unload(&co);
		return MS_EXIT_NODEV;
	}
	const struct ms_json *dev = ms_json_get(ho, "device");
	const char *want_hash = ms_json_get_str(dev, "identity_hash");
	/* copied: it is printed after the handover record is freed */
	char serial_buf[64] = "";
	if (ms_json_get_str(dev, "serial"))
		ms_strlcpy(serial_buf, ms_json_get_str(dev, "serial"), sizeof serial_buf);
	const char *want_serial = serial_buf[0] ? serial_buf : NULL;
	enum ms_exit code = MS_EXIT_OK;
	if (optind < argc) {
		struct ms_device d;
		int r = ms_describe(argv[optind], ms_sysroot(NULL), &d, why, sizeof why);
		if (r) {
			ms_say(argv[optind], "%s (if the drive no longer answers, give --serial from its label)",
			       why[0] ? why : strerror(-r));
			code = MS_EXIT_NODEV;
		} else if (strcmp(d.identity_hash, want_hash) != 0) {
			ms_say(argv[optind], "is not the drive of %s: identity %.16s… (serial %s), the handover says %.16s… "
			       "(serial %s)", handover, d.identity_hash, d.serial[0] ? d.serial : "none", want_hash,
			       want_serial ? want_serial : "?");
			code = MS_EXIT_REFUSED;
		}
		m.identified_by_hash = true;
	} else if (!want_serial || strcmp(m.typed_serial, want_serial) != 0) {
		ms_say(m.typed_serial, "is not the serial in %s (%s)", handover, want_serial ? want_serial : "none");
		code = MS_EXIT_REFUSED;
	}
	struct ms_photo ph[MAX_PHOTOS];
	for (size_t i = 0; i < nphotos && !code; i++) {
		struct stat st;
		int r = stat(photos[i], &st) < 0 ? -errno : ms_sha256_file_hex(photos[i], ph[i].sha256);
		if (r) {
			ms_say(photos[i], "cannot read the photo: %s", strerror(-r));
			code = MS_EXIT_NODEV;
			break;
		}
		const char *base = strrchr(photos[i], '/');
		ms_strlcpy(ph[i].name, base ? base + 1 : photos[i], sizeof ph[i].name);
		ph[i].bytes = (unsigned long long)st.st_size;
	}
	if (code) {
		ms_json_free(ho);
		ms_cert_unload(&co);
		return code;
	}
	m.photos = ph;
	m.nphotos = nphotos;
	char dir[PATH_MAX], path[PATH_MAX];
	if (!out) {
		ms_strlcpy(dir, handover, sizeof dir);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		else
			strcpy(dir, ".");
		out = dir;
	}
	struct ms_json *rec = ms_destruction_build(ho, ho_sha, &m);
	int r = rec ? ms_custody_write(out, rec, path, sizeof path) : -ENOMEM;
	const struct ms_json *dl = ms_json_get(rec, "deadline");
	const struct ms_json *met = ms_json_get(dl, "met");
	bool late = met && !met->b;
	uint64_t days = 0;
	ms_json_get_u64(dl, "days_late", &days);
	ms_json_free(rec);
	ms_json_free(ho);
	if (r) {
		ms_say(out, "cannot write the destruction record: %s", strerror(-r));
		ms_cert_unload(&co);
		return MS_EXIT_ARTIFACT;
	}
	co.photos = photos;
	co.nphotos = nphotos;
	co.operator_name = m.operator_name;
	co.witness = m.witness;
	co.place = m.place;
	enum ms_exit ce = ms_cert_issue(&co, path, want_serial ? want_serial : "drive");
	ms_cert_unload(&co);
	printf("%s: destroyed (%s), %zu photos%s\n", want_serial ? want_serial : "drive", m.method, nphotos,
	       late ? "" : ", deadline met");
	if (late)
		printf("%s: deadline MISSED by %llu days\n", want_serial ? want_serial : "drive", (unsigned long long)days);
	printf("record %s\n", path);
	return ce;
}
