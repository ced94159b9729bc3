/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `massho devices decode-identify FILE [--json]` as the operator runs it: the input is the
 * file (read with its size limit, parsed as hdparm hex, decoded, printed as text and as
 * JSON). fuzz_identify covers the decoder itself faster; this one covers the command. */
#include "fuzz.h"

#include <stdbool.h>

#include "../../cli/cli.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* The command prints its result and its complaints; neither is checked here, and
	 * millions of lines would drown libFuzzer's report. glibc's stdout and stderr are
	 * plain variables; libFuzzer and the sanitizers keep the real stderr they took at
	 * start-up, so crash reports still appear. */
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		stdout = null;
		stderr = null;
	}
	fuzz_tmpdir();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("identify.hex", data, size);
	ms_devices_decode_identify(path, false);
	ms_devices_decode_identify(path, true);
	return 0;
}
