/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "l10n_match.h"

#include <string.h>

#define MAX_ARGS 12
#define MAX_DEPTH 2    /* a %s argument translated, and one inside it */
#define MAX_PARTS 8    /* "; "-joined parts tried one by one */
#define STEP_BUDGET 20000L /* per format: hostile texts must not make matching explode */

/* One conversion of a format string. */
struct conv {
	size_t len;     /* characters of the specification, '%' included */
	char c;         /* 's', 'd', 'u', 'x', 'c', '%' ... */
	int pos;        /* N of %N$, else 0 */
	int prec;       /* .P, else -1 */
};

struct arg {
	const char *p;
	size_t n;
};

struct ctx {
	const char *const *formats;
	size_t n;
	const char *(*tr)(const char *);
	long budget;
	struct arg args[MAX_ARGS];
	size_t nargs;
};

/* The conversion at f ('%' first); false when it is not one this code knows. */
static bool parse_conv(const char *f, struct conv *cv)
{
	const char *p = f + 1;
	cv->pos = 0;
	cv->prec = -1;
	if (*p == '%') {
		cv->c = '%';
		cv->len = 2;
		return true;
	}
	if (*p >= '1' && *p <= '9') {
		const char *q = p;
		int v = 0;
		while (*q >= '0' && *q <= '9' && v < 100)
			v = v * 10 + (*q++ - '0');
		if (*q == '$') {
			cv->pos = v;
			p = q + 1;
		}
	}
	while (*p && strchr("-+ #0'", *p))
		p++;
	while ((*p >= '0' && *p <= '9') || *p == '*')
		p++;
	if (*p == '.') {
		cv->prec = 0;
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (cv->prec < 100000)
				cv->prec = cv->prec * 10 + (*p - '0');
		if (*p == '*') {
			cv->prec = -1;
			p++;
		}
	}
	while (*p && strchr("hlzjtLq", *p))
		p++;
	if (!*p || !strchr("diouxXcsfgeEpaA", *p))
		return false;
	cv->c = *p;
	cv->len = (size_t)(p - f) + 1;
	return true;
}

/* The characters a numeric conversion may be made of. */
static bool numeric_char(char conv, char ch, size_t at)
{
	if (ch == ' ' || ((ch == '-' || ch == '+') && at == 0))
		return true;
	switch (conv) {
	case 'x': case 'X': case 'p': case 'a': case 'A':
		return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F') || ch == 'x' ||
		       ch == '(' || ch == ')' || ch == 'n' || ch == 'i' || ch == 'l' || ch == '.' || ch == 'p';
	case 'f': case 'g': case 'e': case 'E':
		return (ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == 'E' || ch == '-' || ch == '+' ||
		       ch == 'i' || ch == 'n' || ch == 'f' || ch == 'a';
	default:
		return ch >= '0' && ch <= '9';
	}
}

/* Does format f match all of text t? The arguments are recorded in c->args. */
static bool match(struct ctx *c, const char *f, const char *t)
{
	for (;;) {
		if (--c->budget < 0)
			return false;
		if (*f != '%') {
			if (!*f)
				return !*t;
			if (*f++ != *t++)
				return false;
			continue;
		}
		struct conv cv;
		if (!parse_conv(f, &cv))
			return false;
		if (cv.c == '%') {
			if (*t != '%')
				return false;
			f += 2;
			t++;
			continue;
		}
		if (c->nargs == MAX_ARGS)
			return false;
		size_t slot = c->nargs++, rest = strlen(t), lo = 0, hi = rest;
		if (cv.c == 'c') {
			lo = hi = 1;
		} else if (cv.c == 's') {
			if (cv.prec >= 0 && (size_t)cv.prec < hi)
				hi = (size_t)cv.prec;
		} else {
			lo = 1;
			for (hi = 0; hi < rest && numeric_char(cv.c, t[hi], hi); hi++)
				;
		}
		/* %s: shortest first; a number: all of its digits first */
		for (size_t k = 0; lo <= hi && k <= hi - lo && c->budget > 0; k++) {
			size_t take = cv.c == 's' ? lo + k : hi - k;
			if (take > rest)
				break;
			c->args[slot] = (struct arg){t, take};
			if (match(c, f + cv.len, t + take))
				return true;
		}
		c->nargs = slot;
		return false;
	}
}

/* out[*at...] += s[0..n), cut at a character boundary when it does not fit. */
static void put(char *out, size_t len, size_t *at, const char *s, size_t n)
{
	if (*at + 1 >= len)
		return;
	if (n > len - 1 - *at) {
		n = len - 1 - *at;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out + *at, s, n);
	*at += n;
	out[*at] = '\0';
}

static bool translate_text(const char *const *formats, size_t n, const char *(*tr)(const char *), const char *text,
			   char *out, size_t len, int depth);

/* The catalogue's entry for s (gettext answers with its argument itself when it has none;
 * an entry may equal its msgid: "%s: %s"). */
static const char *translated(const char *(*tr)(const char *), const char *s)
{
	const char *t = *s ? tr(s) : NULL;
	return t && t != s ? t : NULL;
}

/* The arguments of c put into the translated format tf. False when tf asks for an
 * argument the English format did not have. */
static bool substitute(struct ctx *c, const char *english, const char *tf, char *out, size_t len, int depth)
{
	size_t at = 0, next = 0;
	out[0] = '\0';
	/* Which arguments are %s (the others are numbers, never translated). */
	char kinds[MAX_ARGS] = {0};
	size_t k = 0;
	for (const char *f = english; *f && k < MAX_ARGS; f++) {
		struct conv cv;
		if (*f == '%' && parse_conv(f, &cv)) {
			if (cv.c != '%')
				kinds[k++] = cv.c;
			f += cv.len - 1;
		}
	}
	for (const char *p = tf; *p;) {
		struct conv cv;
		if (*p != '%' || !parse_conv(p, &cv)) {
			const char *q = p + 1;
			while (*q && *q != '%')
				q++;
			put(out, len, &at, p, (size_t)(q - p));
			p = q;
			continue;
		}
		p += cv.len;
		if (cv.c == '%') {
			put(out, len, &at, "%", 1);
			continue;
		}
		size_t i = cv.pos ? (size_t)cv.pos - 1 : next++;
		if (i >= c->nargs)
			return false;
		const struct arg *a = &c->args[i];
		char sub[1024], inner[1024];
		size_t sn = a->n < sizeof sub ? a->n : sizeof sub - 1;
		memcpy(sub, a->p, sn);
		sub[sn] = '\0';
		if (kinds[i] == 's' && depth < MAX_DEPTH &&
		    translate_text(c->formats, c->n, c->tr, sub, inner, sizeof inner, depth + 1))
			put(out, len, &at, inner, strlen(inner));
		else
			put(out, len, &at, a->p, a->n);
	}
	return true;
}

/* The first format with a translation that matches all of text. */
static bool by_format(const char *const *formats, size_t n, const char *(*tr)(const char *), const char *text,
		      char *out, size_t len, int depth)
{
	for (size_t i = 0; i < n; i++) {
		const char *f = formats[i];
		if (!f || !strchr(f, '%'))
			continue;
		struct ctx c = {.formats = formats, .n = n, .tr = tr, .budget = STEP_BUDGET};
		if (!match(&c, f, text))
			continue;
		const char *tf = translated(tr, f);
		/* the same text again (a format translated as itself, arguments that are not
		 * messages) is no translation: a later format may still have one */
		if (tf && substitute(&c, f, tf, out, len, depth) && strcmp(out, text) != 0)
			return true;
	}
	return false;
}

/* Texts joined with "; ": the parts one by one, when every part is a translatable text. */
static bool by_parts(const char *const *formats, size_t n, const char *(*tr)(const char *), const char *text,
		     char *out, size_t len, int depth)
{
	const char *cut[MAX_PARTS + 1];
	size_t ncut = 0;
	for (const char *p = strstr(text, "; "); p && ncut < MAX_PARTS; p = strstr(p + 2, "; "))
		cut[ncut++] = p;
	if (!ncut || strstr(cut[ncut - 1] + 2, "; "))
		return false; /* none, or too many to try */
	size_t at = 0;
	bool any = false;
	out[0] = '\0';
	const char *start = text;
	for (size_t i = 0; i <= ncut; i++) {
		const char *end = i < ncut ? cut[i] : text + strlen(text);
		char part[1024], t[1024];
		size_t pn = (size_t)(end - start) < sizeof part ? (size_t)(end - start) : sizeof part - 1;
		memcpy(part, start, pn);
		part[pn] = '\0';
		bool ok = translate_text(formats, n, tr, part, t, sizeof t, depth + 1);
		any |= ok;
		put(out, len, &at, ok ? t : part, strlen(ok ? t : part));
		if (i < ncut)
			put(out, len, &at, "; ", 2);
		start = end + 2;
	}
	return any;
}

static bool translate_text(const char *const *formats, size_t n, const char *(*tr)(const char *), const char *text,
			   char *out, size_t len, int depth)
{
	const char *t = translated(tr, text);
	if (t) {
		size_t at = 0;
		out[0] = '\0';
		put(out, len, &at, t, strlen(t));
		return true;
	}
	if (by_format(formats, n, tr, text, out, len, depth))
		return true;
	return depth < MAX_DEPTH && by_parts(formats, n, tr, text, out, len, depth);
}

bool ms_l10n_match(const char *text, const char *const *formats, size_t n, const char *(*translate)(const char *),
		   char *out, size_t len)
{
	if (!out || !len)
		return false;
	out[0] = '\0';
	if (!text)
		return false;
	if (translate && translate_text(formats, n, translate, text, out, len, 0))
		return true;
	size_t at = 0;
	put(out, len, &at, text, strlen(text));
	return false;
}
