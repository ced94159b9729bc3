/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho station [options] [DEV...]: the full-screen station (ui/station.h). Options and
 * the station configuration are read here, the key is loaded (its passphrase typed)
 * before the screen starts, and the result is mapped to an exit code. */
#include <errno.h>
#include <getopt.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../ui/station.h"
#include "../util/atomic.h"
#include "../util/i18n.h"
#include "../util/util.h"
#include "cli.h"
#include "l10n.h"

static void usage(void)
{
	FILE *out = stdout;
	fputs(_("Usage:\n"
		" massho station [options] [DEV...]\n"
		"\n"
		"The full-screen station: list the drives, show each one's plan under the\n"
		"classification table, confirm each drive by the end of its serial number,\n"
		"erase them in parallel, and issue their certificates. Without DEV, every\n"
		"block device is listed, and drives plugged in later appear.\n"
		"\n"
		"Options:\n"), out);
	fputs(_(" -c, --class CLASS        the station's default class: mynumber, 3, 2 or 1\n"
		"     --config FILE        the station configuration: read, and the session's\n"
		"                          details saved to it (docs/station.md)\n"
		"     --countdown SECONDS  unattended: wait this long before erasing (default 10)\n"
		" -h, --help               display this help\n"
		" -V, --version            display the version\n"
		"     --interactive        the screen, even when the configuration says unattended\n"
		"     --no-color           status as text only, without colours\n"
		"     --out DIR            where records and certificates are written\n"
		"                          (default: STATE_DIR/records)\n"
		"     --policy FILE        a site policy instead of the built-in table\n"
		"     --state-dir DIR      journal, ledger and the station log (default /var/lib/massho)\n"
		"     --sysroot DIR        read sys/ and proc/ below DIR\n"
		"     --unattended         no screen: erase the drives the configuration names\n"
		"                          (as its 'mode = unattended' does)\n"
		"     --key P12|pkcs11:URI sign a certificate for every record\n"
		"     --passphrase-file F  the key's passphrase or the token's PIN (otherwise asked)\n"
		"     --pkcs11-module LIB  the token's PKCS#11 module (default: p11-kit's proxy)\n"
		"     --cert PEM           token keys: the certificate, when the token holds none\n"
		"\n"
		"Exit status: see massho(8).\n"), out);
}

struct station_ctl {
	struct ms_config cfg;
	struct ms_policy policy;
	struct ms_cert_opts cert;
	const char *config_path, *cls, *policy_path, *state_dir, *out_dir, *sysroot;
	bool no_color, unattended, interactive;
	int countdown;
	FILE *log;              /* unattended: the station log, beside the console */
	bool declined;          /* unattended: the operator stopped the countdown */
	bool summary_failed;    /* a batch summary was not issued */
	char outbuf[PATH_MAX], logbuf[PATH_MAX];
};

enum { OPT_CONFIG = 256, OPT_NOCOLOR, OPT_OUT, OPT_POLICY, OPT_STATE, OPT_SYSROOT, OPT_UNATTENDED, OPT_COUNTDOWN,
       OPT_INTERACTIVE };

static int read_options(int argc, char **argv, struct station_ctl *s)
{
	static const struct option longopts[] = {
		{"class", required_argument, NULL, 'c'}, {"config", required_argument, NULL, OPT_CONFIG},
		{"help", no_argument, NULL, 'h'}, {"no-color", no_argument, NULL, OPT_NOCOLOR},
		{"out", required_argument, NULL, OPT_OUT}, {"policy", required_argument, NULL, OPT_POLICY},
		{"state-dir", required_argument, NULL, OPT_STATE}, {"sysroot", required_argument, NULL, OPT_SYSROOT},
		{"unattended", no_argument, NULL, OPT_UNATTENDED}, {"countdown", required_argument, NULL, OPT_COUNTDOWN},
		{"interactive", no_argument, NULL, OPT_INTERACTIVE},
		MS_KEY_LONGOPTS, {NULL, 0, NULL, 0},
	};
	struct ms_opts o = {.cmd = "station", .usage = usage, .shorts = "c:", .longs = longopts};
	int c;
	s->countdown = 10;
	while ((c = ms_opt_next(&o, argc, argv)) != -1) {
		if (c == MS_OPT_RETURN)
			return o.code ? o.code : -1;
		if (ms_key_option(c, optarg, &s->cert))
			continue;
		switch (c) {
		case 'c': s->cls = optarg; break;
		case OPT_CONFIG: s->config_path = optarg; break;
		case OPT_NOCOLOR: s->no_color = true; break;
		case OPT_OUT: s->out_dir = optarg; break;
		case OPT_POLICY: s->policy_path = optarg; break;
		case OPT_STATE: s->state_dir = optarg; break;
		case OPT_SYSROOT: s->sysroot = optarg; break;
		case OPT_UNATTENDED: s->unattended = true; break;
		case OPT_INTERACTIVE: s->interactive = true; break;
		case OPT_COUNTDOWN: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || v > 3600) {
				ms_say("--countdown", _("takes seconds, 0 to 3600"));
				return MS_EXIT_USAGE;
			}
			s->countdown = (int)v;
			break;
		}
		}
	}
	return 0;
}

/* The configuration's settings where no option gave them. */
static int take_config(struct station_ctl *s)
{
	char why[300];
	struct ms_config *c = &s->cfg;
	if (s->config_path && ms_config_load(s->config_path, c, why, sizeof why)) {
		ms_say(NULL, "%s", why);
		return MS_EXIT_USAGE;
	}
	if (s->cls) {
		if (ms_class_option(s->cls, &c->cls))
			return MS_EXIT_USAGE;
		c->cls_set = true;
		ms_strlcpy(c->v[MS_CFG_CLASS], s->cls, sizeof c->v[MS_CFG_CLASS]);
	}
	if (!s->cert.key_path && c->v[MS_CFG_KEY][0])
		s->cert.key_path = c->v[MS_CFG_KEY];
	if (!s->state_dir)
		s->state_dir = MS_DEFAULT_STATE_DIR;
	s->out_dir = ms_records_dir(s->out_dir, s->state_dir, s->outbuf, sizeof s->outbuf);
	snprintf(s->logbuf, sizeof s->logbuf, "%s/station.log", s->state_dir);
	return 0;
}

/* The batch summary, as `massho report summary` issues it (its messages go to the
 * station log: the screen is up). */
static int summarise(void *ctx, const char *const *pdfs, size_t n, char *out, size_t len, char *why, size_t wlen)
{
	struct station_ctl *s = ctx;
	enum ms_exit e = ms_cli_summary(&s->cert, pdfs, n, NULL, s->out_dir, out, len);
	s->summary_failed |= e != MS_EXIT_OK;
	if (e != MS_EXIT_OK)
		snprintf(why, wlen, _("exit status %d, see %s"), (int)e, s->logbuf);
	return e == MS_EXIT_OK ? 0 : -EIO;
}

/* ---- unattended ---------------------------------------------------------------------- */

/* What an unattended station's configuration must say in words: nothing by default. */
static int unattended_ready(const struct station_ctl *s)
{
	const struct ms_config *c = &s->cfg;
	const char *obj = s->config_path ? s->config_path : "station";
	if (!c->v[MS_CFG_DRIVES][0])
		ms_say(obj, _("unattended: 'drives' is not set (every-drive-except-boot-and-output, or names and "
			      "serials): no drive is erased by default"));
	else if (!c->cls_set)
		ms_say(obj, _("unattended: 'class' is not set: the class decides how each drive is erased"));
	else if (!s->cert.key_path)
		ms_say(obj, _("unattended: 'key' is not set: an unattended station signs every certificate"));
	else
		return 0;
	return MS_EXIT_USAGE;
}

/* A line for the console, with the time, and the same in the station log. */
static void ua_line(void *ctx, const char *text)
{
	struct station_ctl *s = ctx;
	char t[16];
	time_t now = time(NULL);
	struct tm tm;
	strftime(t, sizeof t, "%H:%M:%S", localtime_r(&now, &tm));
	printf("%s %s\n", t, text);
	fflush(stdout);
	if (s->log) {
		fprintf(s->log, "%s %s\n", t, text);
		fflush(s->log);
	}
}

/* The countdown before the first batch: Enter (on a terminal) stops it. */
static bool ua_go(void *ctx, const atomic_bool *stop)
{
	struct station_ctl *s = ctx;
	bool tty = isatty(STDIN_FILENO);
	char line[160];
	if (!s->countdown)
		return true;
	snprintf(line, sizeof line, tty ? _("erasing in %d seconds: press Enter to stop") : _("erasing in %d seconds"),
		 s->countdown);
	ua_line(s, line);
	for (int left = s->countdown; left > 0; left--) {
		struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
		struct timespec second = {1, 0};
		int got = tty ? poll(&p, 1, 1000) : nanosleep(&second, NULL);
		if (got < 0 || atomic_load(stop)) { /* a signal: the station ends before this batch */
			ua_line(s, _("stopped by a signal before the batch began"));
			return false;
		}
		if (got > 0) {
			tcflush(STDIN_FILENO, TCIFLUSH);
			s->declined = true;
			ua_line(s, _("stopped by the operator: nothing was erased"));
			return false;
		}
	}
	return true;
}

static int run_unattended(struct station_ctl *s, const struct ms_station_opts *o)
{
	struct ms_unattended u = {.line = ua_line, .go = ua_go, .ctx = s, .progress_every = 30};
	struct ms_station_result res;
	/* never through a link someone left where the log goes */
	int fd = open(s->logbuf, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	s->log = fd >= 0 ? fdopen(fd, "a") : NULL;
	if (!s->log && fd >= 0)
		close(fd);
	int r = ms_station_unattended(o, &u, &res);
	if (r) {
		if (s->log)
			fclose(s->log);
		return ms_say(NULL, "%s", strerror(-r)), MS_EXIT_FAILURE;
	}
	char line[300];
	snprintf(line, sizeof line, _("station: %zu erased, %zu failed, %zu stopped, %zu not erasable here; the log is %s"),
		 res.erased, res.failed, res.cancelled, res.left, s->logbuf);
	ua_line(s, line);
	if (s->log)
		fclose(s->log);
	/* a signal before anything ran is an interruption; after a batch (after = wait) the end */
	bool nothing_ran = !res.erased && !res.failed && !res.cancelled;
	return s->declined && nothing_ran ? MS_EXIT_NOT_CONFIRMED : res.failed > res.artifacts ? MS_EXIT_ERASE_FAILED
		: res.artifacts || s->summary_failed ? MS_EXIT_ARTIFACT
		: res.cancelled || res.quit_running || (res.signalled && nothing_ran) ? MS_EXIT_INTERRUPTED
		: res.left ? MS_EXIT_CANNOT_MEET : res.not_collected ? MS_EXIT_NOT_COLLECTED : MS_EXIT_OK;
}

int ms_cmd_station(int argc, char **argv)
{
	static struct station_ctl s; /* large (the policy); one per process */
	memset(&s, 0, sizeof s);
	int r = read_options(argc, argv, &s);
	if (r)
		return r < 0 ? MS_EXIT_OK : r;
	if ((r = take_config(&s)) || (r = ms_load_policy(s.policy_path, &s.policy)))
		return r;
	bool unattended = !s.interactive && (s.unattended || s.cfg.unattended);
	if (unattended && (r = unattended_ready(&s)))
		return r;
	if (ms_mkdirs(s.state_dir, 0700) && access(s.state_dir, W_OK)) {
		ms_say(s.state_dir, _("cannot create the state directory: %s"), strerror(errno));
		return MS_EXIT_ARTIFACT;
	}
	s.cert.state_dir = s.state_dir;
	/* The passphrase is typed now, on the plain terminal, before anything is erased. */
	if ((r = ms_cert_load(&s.cert)))
		return r;
	struct ms_station_opts o = {
		.devices = (const char *const *)argv + optind, .ndevices = (size_t)(argc - optind),
		.sysroot = ms_sysroot(s.sysroot), .policy = &s.policy, .config_path = s.config_path, .cfg = &s.cfg,
		.state_dir = s.state_dir, .out_dir = s.out_dir, .issuer = (struct ms_issuer *)ms_cert_issuer(&s.cert),
		.log_path = s.logbuf, .summarise = s.cert.key_path ? summarise : NULL, .summarise_ctx = &s,
		.l10n = ms_l10n, .color = !s.no_color && !getenv("NO_COLOR"),
	};
	if (unattended) {
		r = run_unattended(&s, &o);
		ms_cert_unload(&s.cert);
		return r;
	}
	struct ms_station_result res;
	r = ms_station_run(&o, &res);
	ms_cert_unload(&s.cert);
	if (r == -ENOTTY || r == -ENXIO || r == -ERANGE) {
		ms_say(NULL, "%s", r == -ENOTTY ? _("needs a terminal: standard input and output are not one")
				       : r == -ENXIO ? _("TERM names no terminal this system knows")
						      : _("needs a terminal of at least 80x24"));
		return MS_EXIT_USAGE;
	}
	if (r) {
		ms_say(NULL, "%s", strerror(-r));
		return MS_EXIT_FAILURE;
	}
	printf(_("station: %zu erased, %zu failed, %zu stopped; the log is %s\n"), res.erased, res.failed,
	       res.cancelled, s.logbuf);
	return res.failed ? MS_EXIT_ERASE_FAILED
		: res.cancelled || res.quit_running ? MS_EXIT_INTERRUPTED
		: res.not_collected ? MS_EXIT_NOT_COLLECTED : MS_EXIT_OK;
}
