/* SPDX-License-Identifier: GPL-2.0-or-later */
/* massho report overdue [--state-dir DIR] [--json]: the handovers of this station past
 * their deadline with no completion recorded (report/overdue.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../report/overdue.h"
#include "../util/json.h"
#include "cli.h"

static void print_text(const struct ms_json *res)
{
	const struct ms_json *list = ms_json_get(res, "overdue");
	for (size_t i = 0; list && i < list->n; i++) {
		const struct ms_json *o = list->items[i];
		const char *problem = ms_json_get_str(o, "problem");
		const struct ms_json *d = ms_json_get(o, "device");
		uint64_t days = 0; /* past the deadline: never negative */
		ms_json_get_u64(o, "days_overdue", &days);
		if (problem)
			printf("%s: %s (%s)\n", ms_json_get_str(o, "record_id"), problem, ms_json_get_str(o, "record"));
		else
			printf("%s: overdue by %llu days (destroy by %s): %s, serial %s, class %s — %s\n",
			       ms_json_get_str(o, "record_id"), (unsigned long long)days, ms_json_get_str(o, "destroy_by"),
			       ms_json_get_str(d, "model"), ms_json_get_str(d, "serial"), ms_json_get_str(o, "class"),
			       ms_json_get_str(o, "record"));
	}
	uint64_t n = 0, done = 0;
	ms_json_get_u64(res, "handovers", &n);
	ms_json_get_u64(res, "completed", &done);
	printf("%llu handovers, %llu completed here, %zu overdue\n", (unsigned long long)n, (unsigned long long)done,
	       list ? list->n : 0);
}

int ms_report_overdue(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'}, {"json", no_argument, NULL, 'j'},
		{"state-dir", required_argument, NULL, 's'}, {NULL, 0, NULL, 0},
	};
	const char *state = MS_DEFAULT_STATE_DIR;
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			puts("Usage:\n massho report overdue [--state-dir DIR] [--json]\n\n"
			     "List the handovers written at this station that are past their deadline with no\n"
			     "completion (destruction or erase) recorded here. Exit 9 when any is overdue.");
			return MS_EXIT_OK;
		case 'j': json = true; break;
		case 's': state = optarg; break;
		default: return MS_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		ms_say(argv[optind], "report overdue takes no arguments (--state-dir DIR, --json)");
		return MS_EXIT_USAGE;
	}
	struct ms_json *res;
	int r = ms_custody_overdue(state, time(NULL), &res);
	if (r) {
		ms_say(state, "%s", r == -ENOENT ? "no journal directory here: give the state directory of the station "
		       "that wrote the handovers (--state-dir)" : r == -EPERM ? "its journal directory can be written by "
		       "others: its journals vouch for nothing" : strerror(-r));
		return r == -ENOENT ? MS_EXIT_NODEV : r == -EPERM ? MS_EXIT_ARTIFACT : MS_EXIT_FAILURE;
	}
	const struct ms_json *list = ms_json_get(res, "overdue");
	enum ms_exit code = list && list->n ? MS_EXIT_CANNOT_MEET : MS_EXIT_OK;
	if (json) {
		int pe = ms_print_json(res);
		return pe ? (enum ms_exit)pe : code;
	}
	print_text(res);
	ms_json_free(res);
	return code;
}
