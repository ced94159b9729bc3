/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Translating a finished English text (util/l10n_match.c): the text holds what drives
 * and operators typed (models, serials, paths, "%n"), the formats are the library's.
 * Any text must come back translated or unchanged, NUL-terminated within the buffer,
 * never cut inside a UTF-8 character that was whole, in bounded time. The first byte
 * picks the size of the output buffer. */
#include "fuzz.h"

#include "../../util/l10n_match.h"

static const char *const catalogue[][2] = {
	{"no such device", "そのような装置はありません"},
	{"frozen", "フリーズ状態"},
	{"is locked by an ATA password (%s)", "ATA パスワードでロックされています (%s)"},
	{"%s is %s %s method; %s drives use %s", "%4$s: %5$s (%1$s, %2$s %3$s)"},
	{"%llu sectors of %u bytes, %.16s", "%3$.16s: %1$llu × %2$u"},
	{"%d%% done at %c", "%2$c %1$d%%"},
	{"the drive refused %s: %s", "拒否 %s: %s"},
	{"%s: %s", "%s: %s"},
	{"%x/%lx %zu %5.2f %p", "%5$p %4$5.2f %3$zu %2$lx %1$x"},
	{"missing %s", "%2$s"},
};

static const char *translate(const char *s)
{
	for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
		if (strcmp(catalogue[i][0], s) == 0)
			return catalogue[i][1];
	return s;
}

static const char *const formats[] = {
	"%s is %s %s method; %s drives use %s", "%llu sectors of %u bytes, %.16s", "is locked by an ATA password (%s)",
	"%x/%lx %zu %5.2f %p", "the drive refused %s: %s", "%d%% done at %c", "missing %s", "%s: %s",
};

/* Well-formed UTF-8 (the lengths of the sequences only: enough to see a cut character). */
static bool utf8_whole(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0)
			return false;
		for (p++; n > 0; n--, p++)
			if ((*p & 0xC0) != 0x80)
				return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t len = 1 + data[0] % 200;
	char *text = fuzz_text(data + 1, size - 1);
	char *out = malloc(len);
	if (!text || !out) {
		free(text);
		free(out);
		return 0;
	}
	bool done = ms_l10n_match(text, formats, sizeof formats / sizeof formats[0], translate, out, len);
	if (memchr(out, '\0', len) == NULL)
		__builtin_trap();
	/* a text of whole characters comes back in whole characters, cut or not */
	if (utf8_whole(text) && !utf8_whole(out))
		__builtin_trap();
	/* nothing translated: the text itself, as much as fits */
	if (!done && strncmp(out, text, strlen(out)) != 0)
		__builtin_trap();
	free(text);
	free(out);
	return 0;
}
