/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "columns.h"

#include <stdbool.h>
#include <string.h>
#include <wchar.h>

/* The length of the UTF-8 sequence that starts with byte c (1 for a stray byte). */
static size_t seq_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* One character of s: its bytes and columns (a byte that is not UTF-8 shows as '?'). */
static size_t one_char(const char *s, int *cols, bool *bad)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof st);
	size_t n = mbrtowc(&wc, s, seq_len((unsigned char)*s), &st);
	*bad = n == (size_t)-1 || n == (size_t)-2 || n == 0;
	if (*bad) {
		*cols = 1;
		return 1;
	}
	int w = wcwidth(wc);
	*bad = w < 0; /* a control character */
	*cols = w < 0 ? 1 : w;
	return n;
}

int ms_text_columns(const char *s)
{
	int w = 0, c;
	bool bad;
	while (*s) {
		s += one_char(s, &c, &bad);
		w += c;
	}
	return w;
}

int ms_text_fit(const char *s, int cols, char *out, size_t len)
{
	size_t o = 0;
	int used = 0;
	bool cut = ms_text_columns(s) > cols;
	int room = cut ? cols - 1 : cols; /* a "~" says that the text goes on */
	if (len == 0)
		return 0;
	while (*s) {
		int c;
		bool bad;
		size_t n = one_char(s, &c, &bad);
		if (used + c > room || o + (bad ? 1 : n) + 2 > len)
			break;
		if (bad)
			out[o++] = '?';
		else
			memcpy(out + o, s, n), o += n;
		used += c;
		s += n;
	}
	if (cut && room >= 0 && o + 2 <= len) {
		out[o++] = '~';
		used++;
	}
	out[o] = '\0';
	return used;
}

size_t ms_text_line(const char *s, int cols, char *out, size_t len)
{
	size_t at = 0, o = 0, cut = 0, cut_o = 0;
	int used = 0;
	if (len == 0)
		return 0;
	while (s[at]) {
		int c;
		bool bad;
		size_t n = one_char(s + at, &c, &bad);
		if (used + c > cols || o + (bad ? 1 : n) + 1 > len)
			break;
		if (s[at] == ' ')
			cut = at + 1, cut_o = o;
		if (bad) /* a control character or a byte that is not UTF-8: never to the terminal */
			out[o++] = '?';
		else
			memcpy(out + o, s + at, n), o += n;
		at += n, used += c;
	}
	if (s[at] && cut) /* the text goes on: end the line at its last space */
		at = cut, o = cut_o;
	out[o] = '\0';
	return at;
}
