/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The JSON parser (util/json.c): records, journals and the record embedded in a
 * certificate are read with it, and a certificate comes from anyone. A document that
 * parses is rendered both ways and checked against the record schema, as `report show`
 * and `report verify` do; and the renderer must be canonical: what it wrote parses back
 * to the same bytes (the signed bytes are the rendered ones). */
#include "fuzz.h"

#include <stdio.h>

#include "../../report/record.h"
#include "../../util/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[200], why[300];
	/* libFuzzer's buffer is exactly size bytes: a parser that reads past len is caught. */
	struct ms_json *j = ms_json_parse((const char *)data, size, err, sizeof err);
	if (!j)
		return 0;
	(void)ms_record_validate(j, why, sizeof why);
	char *flat = ms_json_render(j, 0), *pretty = ms_json_render(j, 2);
	ms_json_free(j);
	if (flat && pretty) {
		struct ms_json *again = ms_json_parse(flat, strlen(flat), err, sizeof err);
		char *flat2 = again ? ms_json_render(again, 0) : NULL;
		if (!again || (flat2 && strcmp(flat, flat2) != 0)) {
			fprintf(stderr, "render/parse is not a fixed point: %s\nfirst:  %s\nsecond: %s\n",
				again ? "different bytes" : err, flat, flat2 ? flat2 : "(none)");
			abort();
		}
		free(flat2);
		ms_json_free(again);
		struct ms_json *p = ms_json_parse(pretty, strlen(pretty), err, sizeof err);
		if (!p) {
			fprintf(stderr, "the pretty rendering does not parse: %s\n%s\n", err, pretty);
			abort();
		}
		ms_json_free(p);
	}
	free(flat);
	free(pretty);
	return 0;
}
