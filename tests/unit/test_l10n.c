/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Translating finished English texts by the library's formats (util/l10n_match.c), with a
 * catalogue of a few entries in place of gettext. */
#include <string.h>

#include "../../util/l10n_match.h"
#include "suites.h"

/* An entry equal to its msgid, at its own address (as in a .mo file). */
static const char colon[] = "%s: %s";

static const char *const catalogue[][2] = {
	{"no such device", "そのような装置はありません"},
	{"is locked by an ATA password (%s)", "ATA パスワードでロックされています (%s)"},
	{"security locked", "セキュリティロック"},
	{"%s is %s %s method; %s drives use %s", "%4$s のドライブは %5$s を使います (%1$s は %2$s %3$s の方式)"},
	{"%llu sectors of %u bytes", "%llu セクタ × %u バイト"},
	{"identity %.16s, serial %s", "識別 %.16s、シリアル番号 %s"},
	{"%d%% done", "%d%% 完了"},
	{"the drive refused %s: %s", "ドライブが %s を拒否しました: %s"},
	{"%s: %s", colon},
	{"frozen", "フリーズ状態"},
	{"class %c", "区分 %c"},
	{"bad %s", "不正 %3$s"}, /* a translation asking for an argument the text has not */
};

static const char *translate(const char *s)
{
	for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
		if (strcmp(catalogue[i][0], s) == 0)
			return catalogue[i][1];
	return s;
}

/* The formats as the Makefile orders them: most literal characters first. */
static const char *const formats[] = {
	"%s is %s %s method; %s drives use %s", "is locked by an ATA password (%s)", "%llu sectors of %u bytes",
	"identity %.16s, serial %s", "the drive refused %s: %s", "%d%% done", "class %c", "bad %s", "%s: %s",
};
#define NF (sizeof formats / sizeof formats[0])

static const char *l10n(const char *text, char *out, size_t len)
{
	return ms_l10n_match(text, formats, NF, translate, out, len) ? out : NULL;
}

START_TEST(l10n_whole_message)
{
	char out[256];
	ck_assert_str_eq(l10n("no such device", out, sizeof out), "そのような装置はありません");
}
END_TEST

START_TEST(l10n_format_arguments_recovered)
{
	char out[256];
	ck_assert_str_eq(l10n("is locked by an ATA password (security locked)", out, sizeof out),
			 "ATA パスワードでロックされています (セキュリティロック)");
	ck_assert_str_eq(l10n("is locked by an ATA password (someone's)", out, sizeof out),
			 "ATA パスワードでロックされています (someone's)");
	ck_assert_str_eq(l10n("12345 sectors of 512 bytes", out, sizeof out), "12345 セクタ × 512 バイト");
	ck_assert_str_eq(l10n("50% done", out, sizeof out), "50% 完了");
	ck_assert_str_eq(l10n("class 2", out, sizeof out), "区分 2");
	ck_assert_str_eq(l10n("identity 0123456789abcdef, serial S1", out, sizeof out),
			 "識別 0123456789abcdef、シリアル番号 S1");
}
END_TEST

START_TEST(l10n_positional_translation)
{
	char out[256];
	ck_assert_str_eq(l10n("crypto-erase is a Purge method; HDD drives use overwrite", out, sizeof out),
			 "HDD のドライブは overwrite を使います (crypto-erase は a Purge の方式)");
}
END_TEST

START_TEST(l10n_nested_and_joined)
{
	char out[256];
	/* a %s argument that is itself a message */
	ck_assert_str_eq(l10n("the drive refused SECURITY ERASE UNIT: frozen", out, sizeof out),
			 "ドライブが SECURITY ERASE UNIT を拒否しました: フリーズ状態");
	/* a format translated as itself: its arguments still are */
	ck_assert_str_eq(l10n("frozen: no such device", out, sizeof out), "フリーズ状態: そのような装置はありません");
	ck_assert_ptr_null(l10n("sda: sdb", out, sizeof out));
	/* texts joined with "; " */
	ck_assert_str_eq(l10n("no such device; 7 sectors of 4096 bytes", out, sizeof out),
			 "そのような装置はありません; 7 セクタ × 4096 バイト");
}
END_TEST

START_TEST(l10n_nothing_to_translate)
{
	char out[256];
	ck_assert_ptr_null(l10n("a text nobody marked", out, sizeof out));
	ck_assert_str_eq(out, "a text nobody marked");
	/* a number where a number must be: "x sectors" is not %llu */
	ck_assert_ptr_null(l10n("x sectors of 512 bytes", out, sizeof out));
	/* precision: at most 16 characters for %.16s */
	ck_assert_ptr_null(l10n("identity 0123456789abcdefX, serial", out, sizeof out));
	/* the translation asks for a third argument: the English is kept */
	ck_assert_ptr_null(l10n("bad thing", out, sizeof out));
	ck_assert_ptr_null(l10n("", out, sizeof out));
	ck_assert(!ms_l10n_match(NULL, formats, NF, translate, out, sizeof out));
}
END_TEST

/* Conversions in the text are data, never a format: "%n%s" must come back as written. */
START_TEST(l10n_hostile_arguments)
{
	char out[256];
	ck_assert_str_eq(l10n("is locked by an ATA password (%n%s%99999d)", out, sizeof out),
			 "ATA パスワードでロックされています (%n%s%99999d)");
	char big[4000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "the drive refused ", 18);
	ck_assert_ptr_null(l10n(big, out, sizeof out)); /* no ": " anywhere: no match, and bounded */
}
END_TEST

START_TEST(l10n_cut_at_a_character)
{
	char out[12];
	/* 12 bytes hold three 3-byte characters and a NUL: never half a character */
	ck_assert_ptr_nonnull(l10n("no such device", out, sizeof out));
	ck_assert_str_eq(out, "そのよ");
	char one[1];
	ck_assert_ptr_nonnull(l10n("no such device", one, sizeof one));
	ck_assert_str_eq(one, "");
}
END_TEST

Suite *suite_l10n(void)
{
	Suite *s = suite_create("l10n");
	TCase *t = tcase_create("match");
	tcase_add_test(t, l10n_whole_message);
	tcase_add_test(t, l10n_format_arguments_recovered);
	tcase_add_test(t, l10n_positional_translation);
	tcase_add_test(t, l10n_nested_and_joined);
	tcase_add_test(t, l10n_nothing_to_translate);
	tcase_add_test(t, l10n_hostile_arguments);
	tcase_add_test(t, l10n_cut_at_a_character);
	suite_add_tcase(s, t);
	return s;
}
