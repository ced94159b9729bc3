/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The station configuration (ui/config.c): a file on the output medium that anyone with the
 * USB stick could have written. A configuration that parses must render and parse back
 * to the same settings; and the station's text fitting (ui/model.c) must take any bytes
 * as a value it would draw. */
#include "fuzz.h"

#include <locale.h>

#include "../../ui/config.h"
#include "../../ui/model.h"
#include "../../util/columns.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	setlocale(LC_CTYPE, "C.UTF-8");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ms_config c, back;
	char why[300];
	/* The parser takes a length: no terminator is read. */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (ms_config_parse((const char *)copy, size, "fuzz.conf", &c, why, sizeof why) == 0) {
		static char text[MS_CFG_COUNT * (MS_CONFIG_VALUE + 24) + 64];
		int n = ms_config_render(&c, text, sizeof text);
		if (n < 0 || ms_config_parse(text, (size_t)n, "again", &back, why, sizeof why) != 0 ||
		    memcmp(&c, &back, sizeof c) != 0)
			abort();
	}
	free(copy);
	char *t = fuzz_text(data, size);
	if (t) {
		char out[128];
		for (int cols = 0; cols < 40; cols += 7) {
			ms_text_fit(t, cols, out, sizeof out);
			if (ms_text_columns(out) > (cols > 0 ? cols : 0) + 1)
				abort();
			size_t took = ms_text_line(t, cols + 1, out, sizeof out);
			if (took > size)
				abort();
		}
		char buf[16] = "";
		ms_ui_text_append(buf, sizeof buf, t);
		ms_ui_text_backspace(buf);
		free(t);
	}
	return 0;
}
