/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho key init: a signing key and certificate for trials. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../util/atomic.h"
#include "../util/util.h"
#include "cli.h"

/* ---- massho key init --------------------------------------------------------------------- */

static void usage(void)
{
	puts(_("Usage:\n massho key init --name NAME [--org ORG] [--out DIR] [--passphrase-file F]\n\n"
	       "Make a P-256 signing key and a self-signed certificate for trials:\n"
	       "DIR/massho-key.p12 (encrypted with the passphrase) and DIR/massho-cert.pem.\n"
	       "An organisation's own key (PKCS#12) is used the same way.\n\n"
	       "Options:\n"
	       " -n, --name NAME          the signer's name (the certificate's CN)\n"
	       "     --org ORG            the organisation (O)\n"
	       "     --out DIR            where the two files go (default: the current directory)\n"
	       "     --passphrase-file F  the new passphrase (otherwise asked twice)\n"
	       " -h, --help               display this help\n"
	       " -V, --version            display the version\n\n"
	       "Exit status: see massho(8)."));
}

int ms_cmd_key(int argc, char **argv)
{
	enum { OPT_ORG = 256, OPT_OUT, OPT_PASS };
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"name", required_argument, NULL, 'n'},
		{"org", required_argument, NULL, OPT_ORG},
		{"out", required_argument, NULL, OPT_OUT},
		{"passphrase-file", required_argument, NULL, OPT_PASS},
		{NULL, 0, NULL, 0},
	};
	const char *name = NULL, *org = NULL, *out = ".", *pf = NULL;
	struct ms_opts o = {.cmd = "key init", .usage = usage, .shorts = "n:", .longs = longopts};
	int c;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		switch (c) {
		case MS_OPT_RETURN: return o.code;
		case 'n': name = optarg; break;
		case OPT_ORG: org = optarg; break;
		case OPT_OUT: out = optarg; break;
		case OPT_PASS: pf = optarg; break;
		}
	}
	if (optind + 1 != argc || strcmp(argv[optind], "init") != 0 || !name) {
		return ms_usage_error("%s", optind == argc || strcmp(argv[optind], "init") ? _("give init") :
				      optind + 1 != argc ? _("init takes no operand") : _("--name is required"));
	}
	char pass[256], again[256], why[300];
	int r = ms_read_passphrase(pf, _("New passphrase: "), pass, sizeof pass);
	if (!r && !pf && (r = ms_read_passphrase(NULL, _("Again: "), again, sizeof again)) == 0 && strcmp(pass, again) != 0) {
		ms_say(NULL, _("the passphrases differ"));
		r = -EINVAL;
	}
	ms_memzero(again, sizeof again);
	if (!r && strlen(pass) < 8) {
		ms_say("--passphrase-file", _("the passphrase must have at least 8 characters"));
		r = -EINVAL;
	}
	if (r) {
		ms_memzero(pass, sizeof pass);
		if (r != -EINVAL)
			ms_say(pf ? pf : "key", "%s", r == -ENOTTY ? _("no passphrase: give --passphrase-file") : strerror(-r));
		return MS_EXIT_KEY;
	}
	if ((r = ms_mkdirs(out, 0700)) == 0)
		r = ms_issuer_make_key(out, name, org, pass, why, sizeof why);
	ms_memzero(pass, sizeof pass);
	if (r) {
		ms_say(out, "%s", r == -EEXIST ? _("a key exists there already; it is never replaced") : L_(why));
		return MS_EXIT_KEY;
	}
	printf("%s/massho-key.p12\n%s/massho-cert.pem\n", out, out);
	return MS_EXIT_OK;
}

