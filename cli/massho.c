/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho: sanitize drives according to an information-classification table and
 * record the proof. This file dispatches sub-commands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef MS_VERSION
#define MS_VERSION "0.1.0"
#endif

const char *ms_version = MS_VERSION;

/* Severity, least to most serious: a usage error says nothing ran at all; an internal
 * error or a missing record means the run cannot be vouched for. */
static const enum ms_exit severity[] = {
	MS_EXIT_OK, MS_EXIT_WITH_ERRORS, MS_EXIT_NOT_CONFIRMED, MS_EXIT_NODEV, MS_EXIT_REFUSED,
	MS_EXIT_CANNOT_MEET, MS_EXIT_INTERRUPTED, MS_EXIT_ERASE_FAILED, MS_EXIT_VERIFY_FAILED,
	MS_EXIT_UNTRUSTED, MS_EXIT_RECORD_MISMATCH, MS_EXIT_SIG_PARTIAL, MS_EXIT_SIG_INVALID, MS_EXIT_NOT_SIGNED,
	MS_EXIT_KEY, MS_EXIT_ARTIFACT, MS_EXIT_FAILURE, MS_EXIT_USAGE,
};

static size_t rank(enum ms_exit e)
{
	for (size_t i = 0; i < sizeof severity / sizeof severity[0]; i++)
		if (severity[i] == e)
			return i;
	return sizeof severity / sizeof severity[0];
}

enum ms_exit ms_exit_worse(enum ms_exit a, enum ms_exit b)
{
	return rank(b) > rank(a) ? b : a;
}

void ms_say(const char *obj, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	if (obj)
		fprintf(stderr, "%s: ", obj);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *ms_sysroot(const char *opt)
{
	if (opt)
		return opt;
	const char *env = getenv("MS_SYSROOT");
	return env ? env : "";
}

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " massho <command> [options]\n"
	      "\n"
	      "Sanitize drives and record the proof.\n"
	      "\n"
	      "Commands:\n"
	      " devices [show DEV]   list block devices, or describe one in full\n"
	      " plan --class C DEV...  how each device would be erased for class C, and why\n"
	      " erase DEV...         erase and verify devices, write a record for each\n"
	      " destroy              record the physical destruction of a handed-over drive\n"
	      " key init             make a signing key (PKCS#12) and certificate for trials\n"
	      " report pdf|verify|show|ledger   signed certificates: issue, check offline\n"
	      " unlock DEV           remove massho's ATA password after an interrupted erase\n"
	      " version              print the version\n"
	      "\n"
	      "Devices are block devices (/dev/sdX), image files, or emulated drives\n"
	      "(emu:PROFILE:IMAGE, profiles sata-hdd, sata-ssd, nvme-ssd, usb-flash).\n"
	      "\n"
	      "Run 'massho <command> --help' for a command's options; see massho(1).\n",
	      out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return MS_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "devices") == 0)
		return ms_cmd_devices(argc - 1, argv + 1);
	if (strcmp(cmd, "erase") == 0)
		return ms_cmd_erase(argc - 1, argv + 1);
	if (strcmp(cmd, "unlock") == 0)
		return ms_cmd_unlock(argc - 1, argv + 1);
	if (strcmp(cmd, "plan") == 0)
		return ms_cmd_plan(argc - 1, argv + 1);
	if (strcmp(cmd, "key") == 0)
		return ms_cmd_key(argc - 1, argv + 1);
	if (strcmp(cmd, "report") == 0)
		return ms_cmd_report(argc - 1, argv + 1);
	if (strcmp(cmd, "destroy") == 0)
		return ms_cmd_destroy(argc - 1, argv + 1);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("massho %s\n", ms_version);
		return MS_EXIT_OK;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return MS_EXIT_OK;
	}
	ms_say(cmd, "unknown command (try 'massho --help')");
	return MS_EXIT_USAGE;
}
