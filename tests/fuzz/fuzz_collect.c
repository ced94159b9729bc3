/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What collection reads that others could have written: the connection URI (a station's
 * configuration is on removable media; report/db.c checks it through libpq's parser) and
 * the queue's notes, STATE/collected (report/push.c), which sit on the output medium. A
 * URI either passes the check or is refused with a reason; any notes give a count of
 * records not yet collected between 0 and the records there are. */
#include "fuzz.h"

#include <errno.h>
#include <sys/stat.h>

#include "../../report/db.h"
#include "../../report/push.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), why[400] = "";
	if (!text)
		return 0;
	for (int station = 0; station < 2; station++) {
		int r = ms_db_uri_check(text, station, why, sizeof why);
		if (r != 0 && r != -EINVAL && r != -ENOMEM)
			__builtin_trap();
		if (r == -EINVAL && !why[0])
			__builtin_trap();
	}
	free(text);

	static char records[128];
	if (!records[0]) {
		snprintf(records, sizeof records, "%s/records", fuzz_tmpdir());
		mkdir(records, 0700);
		fuzz_file("records/MS-a.json", (const uint8_t *)"{}", 2);
		fuzz_file("records/MS-b.json", (const uint8_t *)"{}", 2);
	}
	fuzz_file(MS_PUSH_LOG, data, size);
	size_t n = 99;
	if (ms_push_pending(records, fuzz_tmpdir(), &n) != 0 || n > 2)
		__builtin_trap();
	return 0;
}
