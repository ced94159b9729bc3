/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text by terminal columns: what the command line's tables and the station's screen need
 * to line up Japanese (a kanji takes two columns) and to cut or wrap text without
 * splitting a character. Control characters and bytes that are not UTF-8 (a drive's model
 * string is the drive's to choose) are shown as '?' when text is cut or wrapped for
 * display. Needs a UTF-8 LC_CTYPE for wide characters. */
#ifndef MS_UTIL_COLUMNS_H
#define MS_UTIL_COLUMNS_H

#include <stddef.h>

/* Columns s takes (a byte that is not a character of the locale: one). */
int ms_text_columns(const char *s);

/* The longest prefix of s that fits in cols columns, with "~" when cut, into out (len
 * bytes); wide characters are never split. Returns the columns used. */
int ms_text_fit(const char *s, int cols, char *out, size_t len);

/* The first line of s wrapped at cols columns (after a space where there is one, else
 * between any two characters) into out; returns the bytes of s it took (with the space
 * after it), 0 at the end of s. */
size_t ms_text_line(const char *s, int cols, char *out, size_t len);

#endif
