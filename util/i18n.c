/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MS_LOCALEDIR
#define MS_LOCALEDIR "/usr/local/share/locale"
#endif

/* The first of the variables POSIX looks at that is set and not empty. */
static const char *messages_locale(void)
{
	const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = getenv(names[i]);
		if (v && *v)
			return v;
	}
	return "";
}

bool ms_i18n_japanese(void)
{
	const char *lang = getenv("LANGUAGE");
	/* LANGUAGE is a list, and the first choice counts here (gettext itself honours it
	 * only when the locale is not C; ms_i18n_init() makes sure it is not). */
	if (lang && strncmp(lang, "ja", 2) == 0)
		return true;
	return strncmp(messages_locale(), "ja", 2) == 0;
}

/* Owned by us or root, and writable by no one else: a catalogue's translations are
 * printf formats, and a program run by root from /tmp or a FAT stick must not take
 * formats someone else planted beside it. */
static bool trusted(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0 || (sb.st_uid != geteuid() && sb.st_uid != 0) || (sb.st_mode & S_IWOTH))
		return false;
	/* group-writable only for our own group or root's (a umask of 002 in a build tree) */
	return !(sb.st_mode & S_IWGRP) || sb.st_gid == getegid() || sb.st_gid == 0;
}

/* <dir of the running program>/build/locale when the catalogue was built there. */
static bool tree_catalogue(char *out, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	/* The sanitizer build lives in build/: its tree is one up. */
	const char *tails[] = {"/build/locale", "/locale"};
	for (size_t i = 0; i < 2; i++) {
		int w = snprintf(out, len, "%s%s/ja/LC_MESSAGES/" MS_TEXTDOMAIN ".mo", exe, tails[i]);
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%s%s/ja/LC_MESSAGES", exe, tails[i]);
		if (w > 0 && (size_t)w < len && access(out, R_OK) == 0 && trusted(out) && trusted(dir) && trusted(exe)) {
			snprintf(out, len, "%s%s", exe, tails[i]);
			return true;
		}
	}
	return false;
}

bool ms_i18n_init(void)
{
	if (!setlocale(LC_ALL, "")) {
		/* The locale named is not generated here. Keep UTF-8 characters and ask for the
		 * language through LANGUAGE, which gettext honours under C.UTF-8. */
		setlocale(LC_ALL, "C.UTF-8");
		if (strncmp(messages_locale(), "ja", 2) == 0)
			setenv("LANGUAGE", "ja", !getenv("LANGUAGE") || !*getenv("LANGUAGE")); /* an empty one says nothing */
	}
	char dir[PATH_MAX];
	const char *env = getenv("MASSHO_LOCALEDIR");
	if (env && *env)
		bindtextdomain(MS_TEXTDOMAIN, env);
	else if (tree_catalogue(dir, sizeof dir))
		bindtextdomain(MS_TEXTDOMAIN, dir);
	else
		bindtextdomain(MS_TEXTDOMAIN, MS_LOCALEDIR);
	bind_textdomain_codeset(MS_TEXTDOMAIN, "UTF-8");
	/* The C library's own messages (strerror) stay English: they end up inside the texts
	 * that records and journals keep, which are in one language whatever the operator's. */
	bindtextdomain("libc", "/nonexistent/massho-keeps-libc-english");
	textdomain(MS_TEXTDOMAIN);
	return ms_i18n_japanese();
}
