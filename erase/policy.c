/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "policy.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/util.h"

/* The guideline's table (shared/POLICY.md, Figure 41 and table 7-1-1) as a policy file:
 * docs/policy-default.txt, built into the program by the Makefile (build/gen/default_policy.c). */
extern const char ms_default_policy_text[];

const char *ms_policy_default_text(void)
{
	return ms_default_policy_text;
}

static const char *const class_names[] = {"mynumber", "3", "2", "1"};
static const char *const pm_names[] = {"hdd", "sata-ssd", "nvme", "sas-hdd", "sas-ssd", "usb-flash", "sd-mmc",
				       "unknown"};

const char *ms_class_name(enum ms_class c) { return class_names[c]; }
const char *ms_pmedium_name(enum ms_pmedium m) { return pm_names[m]; }

int ms_class_parse(const char *s, enum ms_class *out)
{
	for (size_t i = 0; i < MS_ARRAY_SIZE(class_names); i++)
		if (strcmp(s, class_names[i]) == 0) {
			*out = (enum ms_class)i;
			return 0;
		}
	return -EINVAL;
}

static int pm_parse(const char *s, enum ms_pmedium *out)
{
	for (size_t i = 0; i < MS_ARRAY_SIZE(pm_names); i++)
		if (strcmp(s, pm_names[i]) == 0) {
			*out = (enum ms_pmedium)i;
			return 0;
		}
	return -EINVAL;
}

/* ---- parser ------------------------------------------------------------------------- */

struct pctx {
	const char *name;
	int line;
	char *why;
	size_t len;
};

static int perr(struct pctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int perr(struct pctx *c, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(c->why, c->len, "%s:%d: %s", c->name, c->line, msg);
	return -EINVAL;
}

static int parse_row(struct pctx *c, const char *s, int *row)
{
	if (!s || strlen(s) != 1 || s[0] < '1' || s[0] > '3')
		return perr(c, N_("row must be 1, 2 or 3, not '%s'"), s ? s : "");
	*row = s[0] - '0';
	return 0;
}

static int parse_method(struct pctx *c, char *text, struct ms_policy_method *m)
{
	char *save = NULL, *w = strtok_r(text, " \t", &save);
	memset(m, 0, sizeof *m);
	if (!w)
		return perr(c, N_("empty method in the list"));
	if (ms_method_parse(w, &m->method))
		return perr(c, N_("unknown method '%s'"), w);
	ms_strlcpy(m->id, w, sizeof m->id);
	bool overwrite = m->method == MS_METHOD_OVERWRITE;
	if (overwrite) {
		m->passes = 1;
		ms_strlcpy(m->pattern, "random", sizeof m->pattern);
	}
	bool security = ms_method(m->method)->family == MS_FAMILY_ATA_SECURITY;
	while ((w = strtok_r(NULL, " \t", &save))) {
		if (security && strcmp(w, "usb") == 0) {
			m->usb = true;
			continue;
		}
		if (!overwrite)
			return perr(c, N_("'%s' takes no options ('%s')%s"), m->id, w, security ? N_(" but usb") : "");
		if (strncmp(w, "passes=", 7) == 0) {
			char *end;
			long n = strtol(w + 7, &end, 10);
			if (*end || n < 1 || n > 16)
				return perr(c, N_("passes must be 1..16, not '%s'"), w + 7);
			m->passes = (unsigned)n;
		} else if (strncmp(w, "pattern=", 8) == 0) {
			if (strcmp(w + 8, "random") && strcmp(w + 8, "zeros") && strcmp(w + 8, "ones"))
				return perr(c, N_("pattern must be random, zeros or ones, not '%s'"), w + 8);
			ms_strlcpy(m->pattern, w + 8, sizeof m->pattern);
		} else if (strcmp(w, "restore-hidden") == 0) {
			m->restore_hidden = true;
		} else {
			return perr(c, N_("unknown overwrite option '%s' (passes=N, pattern=P, restore-hidden)"), w);
		}
	}
	return 0;
}

static int parse_line(struct pctx *c, char *line, struct ms_policy *p, bool seen[MS_PM_COUNT][4], bool *cls_seen)
{
	char *colon = strchr(line, ':');
	char head[256];
	ms_strlcpy(head, line, colon && (size_t)(colon - line) < sizeof head ? (size_t)(colon - line) + 1 : sizeof head);
	char *save = NULL, *w[8] = {0};
	int n = 0;
	for (char *t = strtok_r(head, " \t", &save); t && n < 8; t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	/* A line that starts with ':' has no words before it (found by fuzz_policy). */
	if (!n)
		return perr(c, N_("a directive must come before ':' (class, allow, verify, row)"));
	int row = 0;
	if (strcmp(w[0], "class") == 0) {
		enum ms_class cl;
		if (n != 4 || strcmp(w[2], "row") != 0)
			return perr(c, N_("expected 'class NAME row N'"));
		if (ms_class_parse(w[1], &cl))
			return perr(c, N_("unknown class '%s' (mynumber, 3, 2, 1)"), w[1]);
		if (parse_row(c, w[3], &row))
			return -EINVAL;
		p->row_of[cl] = row;
		cls_seen[cl] = true;
	} else if (strcmp(w[0], "allow") == 0) {
		enum ms_pmedium m;
		if (!colon || n != 4 || strcmp(w[2], "row") != 0)
			return perr(c, N_("expected 'allow MEDIUM row N: METHOD, METHOD ...'"));
		if (pm_parse(w[1], &m))
			return perr(c, N_("unknown medium '%s' (hdd, sata-ssd, nvme, sas-hdd, sas-ssd, usb-flash, sd-mmc, "
				       "unknown)"), w[1]);
		if (parse_row(c, w[3], &row))
			return -EINVAL;
		if (row == 1)
			return perr(c, N_("row 1 has no methods of its own: it pre-erases by another row and destroys"));
		if (seen[m][row])
			return perr(c, N_("a second 'allow %s row %d' line"), w[1], row);
		seen[m][row] = true;
		struct ms_policy_rule *r = &p->rule[m][row];
		r->n = 0;
		char list[1024], *rest = list, *item;
		ms_strlcpy(list, colon + 1, sizeof list);
		while ((item = strsep(&rest, ","))) { /* strsep keeps empty items: ",," is an error */
			if (r->n == MS_POLICY_MAX_METHODS)
				return perr(c, N_("at most %d methods in a list"), MS_POLICY_MAX_METHODS);
			if (parse_method(c, ms_trim(item), &r->m[r->n]))
				return -EINVAL;
			r->n++;
		}
		if (!r->n)
			return perr(c, N_("no methods listed"));
	} else if (strcmp(w[0], "verify") == 0) {
		if (n != 4 || strcmp(w[1], "row") != 0 || (strcmp(w[3], "full") && strcmp(w[3], "sample")))
			return perr(c, N_("expected 'verify row N full|sample'"));
		if (parse_row(c, w[2], &row))
			return -EINVAL;
		p->verify_full[row] = strcmp(w[3], "full") == 0;
	} else if (strcmp(w[0], "row") == 0) {
		if (n < 2 || strcmp(w[1], "1") != 0)
			return perr(c, N_("only row 1 has settings ('row 1 pre-erase N destroy-within DAYS witness required|optional')"));
		for (int i = 2; i < n; i += 2) {
			if (i + 1 >= n)
				return perr(c, N_("'%s' needs a value"), w[i]);
			if (strcmp(w[i], "pre-erase") == 0) {
				if (parse_row(c, w[i + 1], &row))
					return -EINVAL;
				if (row == 1)
					return perr(c, N_("pre-erase must be row 2 or 3"));
				p->pre_erase_row = row;
			} else if (strcmp(w[i], "destroy-within") == 0) {
				char *end;
				long d = strtol(w[i + 1], &end, 10);
				if (*end || d < 1 || d > 3650)
					return perr(c, N_("destroy-within must be 1..3650 days, not '%s'"), w[i + 1]);
				p->destroy_within_days = (unsigned)d;
			} else if (strcmp(w[i], "witness") == 0) {
				if (strcmp(w[i + 1], "required") && strcmp(w[i + 1], "optional"))
					return perr(c, N_("witness must be required or optional"));
				p->witness_required = strcmp(w[i + 1], "required") == 0;
			} else {
				return perr(c, N_("unknown row 1 setting '%s'"), w[i]);
			}
		}
	} else {
		return perr(c, N_("unknown directive '%s' (class, allow, verify, row)"), w[0]);
	}
	return 0;
}

int ms_policy_parse(const char *text, const char *name, struct ms_policy *p, char *why, size_t len)
{
	memset(p, 0, sizeof *p);
	p->pre_erase_row = 3;
	p->destroy_within_days = 30;
	p->witness_required = true;
	p->verify_full[2] = p->verify_full[3] = true;
	ms_strlcpy(p->source, name, sizeof p->source);
	ms_sha256_hex(text, strlen(text), p->sha256);
	struct pctx c = {.name = name, .why = why, .len = len};
	bool seen[MS_PM_COUNT][4] = {{false}}, cls_seen[MS_CLASS_COUNT] = {false};
	const char *s = text;
	while (*s) {
		c.line++;
		size_t n = strcspn(s, "\n");
		char line[1200];
		if (n >= sizeof line)
			return perr(&c, N_("line too long"));
		memcpy(line, s, n);
		line[n] = '\0';
		s += n + (s[n] == '\n');
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		ms_trim(line);
		if (*line && parse_line(&c, line, p, seen, cls_seen))
			return -EINVAL;
	}
	c.line = 0;
	for (int i = 0; i < MS_CLASS_COUNT; i++)
		if (!cls_seen[i]) {
			snprintf(why, len, N_("%s: class %s has no row ('class %s row N')"), name, class_names[i], class_names[i]);
			return -EINVAL;
		}
	for (int m = 0; m < MS_PM_COUNT; m++)
		for (int row = 2; row <= 3; row++)
			if (!seen[m][row]) {
				snprintf(why, len, N_("%s: no rule for %s in row %d ('allow %s row %d: ...')"), name, pm_names[m],
					 row, pm_names[m], row);
				return -EINVAL;
			}
	return 0;
}

int ms_policy_default(struct ms_policy *p)
{
	char why[256];
	return ms_policy_parse(ms_default_policy_text, "built-in", p, why, sizeof why);
}

int ms_policy_load(const char *path, struct ms_policy *p, char *why, size_t len)
{
	if (!path)
		return ms_policy_default(p);
	char *text;
	int r = ms_read_file(path, &text, NULL, 1 << 20);
	if (r) {
		snprintf(why, len, N_("%s: cannot read the policy: %s"), path, strerror(-r));
		return r;
	}
	r = ms_policy_parse(text, path, p, why, len);
	free(text);
	return r;
}

/* ---- choosing ------------------------------------------------------------------------- */

enum ms_level ms_method_level(const char *name, enum ms_pmedium med, bool restore_hidden)
{
	enum ms_method m;
	(void)restore_hidden; /* removing hidden areas makes an overwrite complete, not stronger */
	return ms_method_parse(name, &m) ? MS_LEVEL_DESTROY : ms_method_level_on(m, med);
}

static void reject(struct ms_decision *d, enum ms_method m, const char *why)
{
	if (m == MS_METHOD_DESTROY)
		return; /* the marker for "no software method", not an alternative */
	for (size_t i = 0; i < d->nrejected; i++)
		if (strcmp(d->rejected[i].method, ms_method_name(m)) == 0)
			return;
	if (d->nrejected < MS_ARRAY_SIZE(d->rejected)) {
		ms_strlcpy(d->rejected[d->nrejected].method, ms_method_name(m), sizeof d->rejected[0].method);
		ms_strlcpy(d->rejected[d->nrejected].why, why, sizeof d->rejected[0].why);
		d->nrejected++;
	}
}

static struct ms_method_args args_of(const struct ms_policy_method *pm)
{
	return (struct ms_method_args){.passes = pm->passes, .restore_hidden = pm->restore_hidden};
}

/* The methods the row lists after the chosen one: each is named with why it is not used
 * (the drive cannot, or the policy ranks the chosen one first). */
static void later(const struct ms_policy_rule *r, size_t chosen, const struct ms_caps *c, struct ms_decision *d)
{
	char why[160];
	for (size_t i = chosen + 1; i < r->n; i++) {
		struct ms_method_args a = args_of(&r->m[i]);
		if (r->m[i].method == r->m[chosen].method)
			continue;
		if (ms_method_supported(r->m[i].method, c, &a, why, sizeof why))
			snprintf(why, sizeof why, N_("also possible, but the policy ranks %s first"), r->m[chosen].id);
		reject(d, r->m[i].method, why);
	}
}

/* Try one row's list; the first method that works wins. */
static bool try_row(const struct ms_policy *p, const struct ms_caps *c, int row, struct ms_decision *d)
{
	const struct ms_policy_rule *r = &p->rule[c->medium][row];
	char why[160];
	for (size_t i = 0; i < r->n; i++) {
		struct ms_method_args a = args_of(&r->m[i]);
		if (c->sed_locked) {
			reject(d, r->m[i].method, N_("a self-encrypting drive with locked ranges: its sectors can be "
			       "neither written nor read back (unlock or PSID-revert it first)"));
			continue;
		}
		/* ACS: in SEC4 media access and SANITIZE are aborted; the erase refuses it too. */
		if (c->sec_locked) {
			reject(d, r->m[i].method, N_("locked by an ATA password: its sectors can be neither written nor "
			       "read ('massho unlock' if massho set it, else its owner's password)"));
			continue;
		}
		if (c->usb && ms_method(r->m[i].method)->family == MS_FAMILY_ATA_SECURITY && !r->m[i].usb) {
			reject(d, r->m[i].method, N_("table 7-1-1: SECURITY ERASE UNIT is not supported over USB (a site "
			       "policy may allow it with the option usb)"));
			continue;
		}
		if (ms_method_supported(r->m[i].method, c, &a, why, sizeof why)) {
			d->chosen = r->m[i];
			later(r, i, c, d);
			return true;
		}
		reject(d, r->m[i].method, why);
	}
	return false;
}

static bool rule_has(const struct ms_policy_rule *r, enum ms_method m)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->m[i].method == m)
			return true;
	return false;
}

static void choose(const struct ms_policy *p, const struct ms_caps *c, enum ms_class cls, bool custody,
		   struct ms_decision *d)
{
	memset(d, 0, sizeof *d);
	d->cls = cls;
	d->row = p->row_of[cls];
	d->destroy_after = d->row == 1;
	d->custody = d->row == 1 || (custody && d->row == 2);
	if (custody && d->row == 3) {
		d->level = MS_LEVEL_DESTROY;
		snprintf(d->action, sizeof d->action, N_("class %s is Figure 41 row 3: it is erased on the premises and "
			 "nothing is handed over"), ms_class_name(cls));
		return;
	}
	/* Row 1 and custody pre-erase: the strongest row first ("stronger where available"). */
	int erase_row = d->row == 1 ? 2 : d->row;
	d->can_meet = try_row(p, c, erase_row, d);
	d->erase_row = d->can_meet ? erase_row : 0;
	/* the custody column asks for row 3's level on the premises; the contractor does the rest */
	if (!d->can_meet && ((d->row == 1 && p->pre_erase_row == 3) || (custody && d->row == 2)) &&
	    (d->can_meet = try_row(p, c, 3, d)))
		d->erase_row = 3;
	d->verify_full = p->verify_full[erase_row];
	/* Everything else a drive of this kind could do: say why it is not used. */
	const struct ms_policy_rule *r = &p->rule[c->medium][erase_row];
	for (enum ms_method m = 0; m < MS_METHOD_DESTROY; m++) {
		if ((d->can_meet && d->chosen.method == m) || !ms_method_relevant(m, c->medium))
			continue;
		if (!rule_has(r, m)) {
			char why[160];
			snprintf(why, sizeof why, N_("not accepted for Figure 41 row %d on %s by the policy"), erase_row,
				 pm_names[c->medium]);
			reject(d, m, why);
		}
	}
	if (d->can_meet) {
		struct ms_method_args a = args_of(&d->chosen);
		d->level = ms_method_level_on(d->chosen.method, c->medium);
		d->est_seconds = ms_method_estimate(d->chosen.method, c, &a);
		if (d->destroy_after)
			snprintf(d->action, sizeof d->action, N_("after the erase, hand the drive over for physical "
				 "destruction within %u days%s"), p->destroy_within_days,
				 p->witness_required ? N_(", witnessed (or filmed)") : "");
		else if (d->custody)
			snprintf(d->action, sizeof d->action, N_("after the erase (row %d level on the premises), hand the "
				 "drive over: the contractor completes row 2 (erasure or destruction) within %u days and "
				 "certifies it"), d->erase_row, p->destroy_within_days);
		return;
	}
	d->level = MS_LEVEL_DESTROY;
	if (rule_has(&p->rule[c->medium][erase_row], MS_METHOD_DESTROY))
		snprintf(d->action, sizeof d->action, N_("physical destruction required: no software method qualifies "
			 "for Figure 41 row %d on %s"), erase_row, pm_names[c->medium]);
	else
		snprintf(d->action, sizeof d->action, N_("no method the policy allows works through this attachment "
			 "(%s: %s); fix that (see the reasons) or destroy the drive physically"),
			 d->nrejected ? d->rejected[0].method : "-", d->nrejected ? d->rejected[0].why : "-");
}

void ms_policy_choose(const struct ms_policy *p, const struct ms_caps *c, enum ms_class cls, struct ms_decision *d)
{
	choose(p, c, cls, false, d);
}

void ms_policy_choose_custody(const struct ms_policy *p, const struct ms_caps *c, enum ms_class cls,
			      struct ms_decision *d)
{
	choose(p, c, cls, true, d);
}

bool ms_policy_allows(const struct ms_policy *p, enum ms_pmedium m, enum ms_class cls, const char *name)
{
	enum ms_method method;
	if (ms_method_parse(name, &method))
		return false;
	int row = p->row_of[cls] == 1 ? 2 : p->row_of[cls];
	return rule_has(&p->rule[m][row], method) ||
	       (p->row_of[cls] == 1 && p->pre_erase_row == 3 && rule_has(&p->rule[m][3], method));
}
