/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho report --help, and each report sub-command's own --help. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "cli.h"

static const char *const issue_opts =
	N_("     --key P12|pkcs11:URI the signing key: a PKCS#12 file or a key on a PKCS#11 token\n"
	   "     --passphrase-file F  the key's passphrase or the token's PIN (otherwise asked)\n"
	   "     --pkcs11-module LIB  the token's PKCS#11 module (default: p11-kit's proxy)\n"
	   "     --cert PEM           token keys: the certificate, when the token holds none\n"
	   "     --state-dir DIR      the journal and the ledger (default /var/lib/massho)\n"
	   "     --organisation, --contract, --contractor, --place, --operator, --witness TEXT\n"
	   "                          details printed on the certificate\n");

void ms_report_usage(const char *sub)
{
	if (!sub) {
		puts(_("Usage:\n"
		       " massho report pdf RECORD.json --key P12|pkcs11:URI [--passphrase-file F] [--state-dir DIR]\n"
		       "                   [--journal OTHER-STATE-DIR]\n"
		       "                   [--pkcs11-module LIB] [--cert PEM]\n"
		       "                   [--organisation T] [--contract T] [--contractor T] [--place T]\n"
		       "                   [--operator T] [--witness T] [--photo FILE]...\n"
		       " massho report summary CERT.pdf... --key P12|pkcs11:URI [--ca CERT] [--out DIR]\n"
		       "                   [the options of report pdf, except --photo]\n"
		       " massho report verify FILE.pdf [--ca CERT] [--record FILE.json] [--photos DIR] [--json]\n"
		       " massho report verify --from URI --ca CERT\n"
		       " massho report show FILE.pdf|FILE.json\n"
		       " massho report ledger verify [--state-dir DIR] [--ca CERT] [CERT.pdf...]\n"
		       " massho report overdue [--state-dir DIR] [--json]\n"
		       " massho report receive --ca CERT [--state-dir DIR] CERT.pdf...\n"
		       " massho report push [--to URI | --config FILE] [--state-dir DIR] [--all] [RECORDS-DIR]\n"
		       " massho report find --from URI (--serial S | --identity HASH | --record-id ID) [--json]"));
		return;
	}
	fputs(_("Usage:\n"), stdout);
	if (strcmp(sub, "pdf") == 0) {
		fputs(_(" massho report pdf [options] RECORD.json\n\n"
			"Issue the signed PDF certificate of a record (erasure, handover, destruction)\n"
			"that a journal vouches for.\n\nOptions:\n"), stdout);
		fputs(_(issue_opts), stdout);
		fputs(_("     --journal DIR        another station's state directory, whose journal vouches\n"
			"                          for the record\n"
			"     --photo FILE         a photo of the destruction (repeatable, at most 16)\n"), stdout);
	} else if (strcmp(sub, "summary") == 0) {
		fputs(_(" massho report summary [options] CERT.pdf...\n\n"
			"One signed summary that lists a batch's certificates, each verified first.\n\nOptions:\n"),
		      stdout);
		fputs(_(issue_opts), stdout);
		fputs(_("     --ca CERT            the CA each certificate's signer must chain to\n"
			"     --out DIR            where the summary goes (default: the first certificate's\n"
			"                          directory)\n"), stdout);
	} else if (strcmp(sub, "verify") == 0) {
		fputs(_(" massho report verify [options] FILE.pdf\n"
			" massho report verify --from URI --ca CERT\n\n"
			"Check a certificate offline: its signature, the record inside it and the files\n"
			"it names. With --from: every certificate, record and ledger the central store\n"
			"holds, each failure listed (exit 14 when any).\n\nOptions:\n"
			"     --ca CERT            the CA the signer must chain to (without it: exit 19)\n"
			"     --from URI           the central store (postgresql://…; docs/fleet.md)\n"
			"     --record FILE.json   the exported record to compare (default: beside FILE)\n"
			"     --photos DIR         where the destruction's photos are (default: FILE's\n"
			"                          directory)\n"), stdout);
		fputs(_(" -J, --json               print the result on stdout as JSON\n"), stdout);
	} else if (strcmp(sub, "show") == 0) {
		fputs(_(" massho report show FILE.pdf|FILE.json\n\n"
			"Print the record inside a certificate, or a record file, as JSON.\n\nOptions:\n"), stdout);
	} else {
		fputs(_(" massho report ledger verify [options] [CERT.pdf...]\n\n"
			"Check the station's ledger: its hash chain, its signed head, and that each\n"
			"certificate given is in it.\n\nOptions:\n"
			"     --ca CERT            the CA the ledger's signer must chain to\n"
			"     --state-dir DIR      where the ledger is (default /var/lib/massho)\n"), stdout);
	}
	fputs(_(" -h, --help               display this help\n"), stdout);
	fputs(_(" -V, --version            display the version\n\nExit status: see massho(8).\n"), stdout);
}
