/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Option parsing with the conventions every command keeps (cli/opts.h). getopt's own
 * messages are off: ours name the command and are translated. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"
#include "cli.h"
#include "opts.h"

/* Codes of --help and --version: above every command's own (cli.h's MS_OPT_KEY is 1000). */
enum { OPT_HELP = 2000, OPT_VERSION };

static void prepare(struct ms_opts *o)
{
	size_t n = 0;
	for (const struct option *l = o->longs; l && l->name && n + 3 < MS_ARRAY_SIZE(o->table_); l++)
		if (strcmp(l->name, "help") && strcmp(l->name, "version"))
			o->table_[n++] = *l;
	o->table_[n++] = (struct option){"help", no_argument, NULL, OPT_HELP};
	o->table_[n++] = (struct option){"version", no_argument, NULL, OPT_VERSION};
	o->table_[n] = (struct option){NULL, 0, NULL, 0};
	/* ':' first: a missing argument is told from an unknown option. */
	snprintf(o->shorts_, sizeof o->shorts_, ":hV%s", o->shorts ? o->shorts : "");
	ms_say_as(o->cmd);
	opterr = 0;
	optind = 1;
	o->ready_ = 1;
}

static int wrong(struct ms_opts *o, const char *fmt, const char *arg, int ch)
{
	char what[300];
	if (arg)
		snprintf(what, sizeof what, fmt, arg);
	else
		snprintf(what, sizeof what, fmt, ch);
	ms_usage_error("%s", what);
	o->code = MS_EXIT_USAGE;
	return MS_OPT_RETURN;
}

/* What getopt_long refused, in glibc's words. optind has moved past a long option but not
 * past a bundle of short ones ("-Zb"), so the element named is chosen by what was wrong:
 * optopt is 0 for a long option that is unknown or ambiguous, the option's code for a long
 * one given an argument it does not take ("--json=1"), the letter for a short one. */
static int refused(struct ms_opts *o, int c, const char *at)
{
	char name[120];
	ms_strlcpy(name, at, sizeof name);
	name[strcspn(name, "=")] = '\0';
	const struct option *hit = NULL;
	size_t prefixed = 0;
	for (const struct option *l = o->table_; l->name; l++) {
		if (strncmp(name, "--", 2) == 0 && strcmp(l->name, name + 2) == 0)
			hit = l;
		prefixed += strncmp(name, "--", 2) == 0 && strncmp(l->name, name + 2, strlen(name + 2)) == 0;
	}
	if (c == ':')
		return strncmp(at, "--", 2) == 0 ? wrong(o, _("option '%s' requires an argument"), name, 0)
						  : wrong(o, _("option requires an argument -- '%c'"), NULL, optopt);
	if (optopt == 0)
		return prefixed > 1 && !hit ? wrong(o, _("option '%s' is ambiguous"), name, 0)
					    : wrong(o, _("unrecognized option '%s'"), name, 0);
	if (hit && hit->has_arg == no_argument && hit->val == optopt && strchr(at, '='))
		return wrong(o, _("option '%s' doesn't allow an argument"), name, 0);
	return wrong(o, _("invalid option -- '%c'"), NULL, optopt);
}

int ms_opt_next(struct ms_opts *o, int argc, char **argv)
{
	if (!o->ready_)
		prepare(o);
	int c = getopt_long(argc, argv, o->shorts_, o->table_, NULL);
	switch (c) {
	case 'h':
	case OPT_HELP:
		o->usage();
		o->code = MS_EXIT_OK;
		return MS_OPT_RETURN;
	case 'V':
	case OPT_VERSION:
		ms_cli_version();
		o->code = MS_EXIT_OK;
		return MS_OPT_RETURN;
	case ':':
	case '?':
		return refused(o, c, optind > 0 && optind <= argc ? argv[optind - 1] : "");
	default:
		return c;
	}
}

int ms_usage_error(const char *fmt, ...)
{
	va_list ap;
	char text[600];
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	ms_say(NULL, "%s", text);
	ms_say_try();
	return MS_EXIT_USAGE;
}

void ms_cli_version(void)
{
	/* The first line alone is what scripts read (scripts/build-image); the second says
	 * which libraries the reports were made with, for a bug report. */
	char libs[256];
	ms_library_versions(libs, sizeof libs);
	printf("massho %s\n%s\n", ms_version, libs);
}
