/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The times and dates an operator types for the custody chain (report/custody.c):
 * `destroy --destroyed-at` (ms_time_parse) and `--destroy-by` (ms_date_valid,
 * ms_date_past). Any text must give a time or -EINVAL, and a time that parses must be
 * one a date check agrees on. */
#include "fuzz.h"

#include <time.h>

#include "../../report/custody.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	if (!text)
		return 0;
	time_t t;
	if (ms_time_parse(text, &t) == 0) {
		struct tm tm;
		char day[16];
		if (!gmtime_r(&t, &tm) || strftime(day, sizeof day, "%Y-%m-%d", &tm) == 0)
			__builtin_trap();
		(void)ms_date_past(day, t);
	}
	if (ms_date_valid(text))
		(void)ms_date_past(text, time(NULL));
	free(text);
	return 0;
}
