/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bad-input B30: every fuzz target replays its corpus and crashes under ASan/UBSan in make check (fuzz-check). */
/* What the fuzz targets share (docs/fuzzing.md). Each target is one file, linked with
 * libFuzzer, which calls LLVMFuzzerTestOneInput() with every input it tries. */
#ifndef MS_TESTS_FUZZ_H
#define MS_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a C string: the parsers under test take NUL-terminated text, and libFuzzer's
 * buffer is not terminated (ASan catches a parser that would read past it only this way:
 * the copy is exactly size + 1 bytes). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *t = malloc(size + 1);
	if (t) {
		memcpy(t, data, size);
		t[size] = '\0';
	}
	return t;
}

/* The input in a fixed-size buffer, as a device fills it: missing bytes are zeros. */
static inline void fuzz_fill(uint8_t *buf, size_t len, const uint8_t *data, size_t size)
{
	memset(buf, 0, len);
	memcpy(buf, data, size < len ? size : len);
}

static char fuzz_dir[64];

static inline void fuzz_tmpdir_remove(void)
{
	char cmd[128];
	/* Only ever our own mkdtemp directory. */
	if (strstr(fuzz_dir, "/massho-fuzz-")) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", fuzz_dir);
	}
}

/* A private directory for files a target must hand over by name (the code under test
 * reads a path); created once, removed at exit. Returns its path; aborts when it cannot
 * be made, since every later input would fail for a reason that is not the input's. */
static inline const char *fuzz_tmpdir(void)
{
	if (!fuzz_dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/massho-fuzz-XXXXXX", t && *t && strlen(t) < 40 ? t : "/tmp");
		if (!mkdtemp(fuzz_dir)) {
			perror(fuzz_dir);
			abort();
		}
		atexit(fuzz_tmpdir_remove);
	}
	return fuzz_dir;
}

/* Write the input to a file called name in fuzz_tmpdir(); returns its path (a static
 * buffer, valid until the next call). */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
	FILE *f = fopen(path, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

#endif
