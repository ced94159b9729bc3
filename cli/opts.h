/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line's conventions, as util-linux and nvme-cli keep them: every command
 * answers -h/--help and -V/--version; a wrong option is one line naming the command and a
 * pointer to its --help, never the whole usage text. */
#ifndef MS_CLI_OPTS_H
#define MS_CLI_OPTS_H

#include <getopt.h>
#include <stdio.h>

/* ms_opt_next()'s answer when the command must return o->code now: its help or the
 * version was printed (0), or a wrong option was said (MS_EXIT_USAGE). */
#define MS_OPT_RETURN (-2)

struct ms_opts {
	const char *cmd;           /* "erase", "report pdf": named in messages */
	void (*usage)(void);       /* prints the command's --help on stdout */
	const char *shorts;        /* as getopt_long's, without h and V */
	const struct option *longs; /* ends with a zero entry; without help and version */
	int code;                  /* after MS_OPT_RETURN */
	/* private: the tables with help and version added */
	struct option table_[80];
	char shorts_[64];
	int ready_;
};

/* getopt_long over argv with the conventions: the next option's code, -1 at the end (the
 * operands from optind), or MS_OPT_RETURN. Also makes o->cmd the name messages start with. */
int ms_opt_next(struct ms_opts *o, int argc, char **argv);

/* A usage error found after the options: "massho CMD: text" and the pointer to --help
 * (the command ms_opt_next named). Returns MS_EXIT_USAGE. */
int ms_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The command whose name messages start with ("massho CMD: "); NULL: "massho". */
void ms_say_as(const char *cmd);
/* "Try 'massho CMD --help' for more information." for that command, on stderr. */
void ms_say_try(void);

/* massho --version: the version and the libraries' (cli/massho.c). */
void ms_cli_version(void);

#endif
