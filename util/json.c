/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "json.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* ---- buffer ---------------------------------------------------------------- */

void ms_buf_put(struct ms_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void ms_buf_puts(struct ms_buf *b, const char *s)
{
	ms_buf_put(b, s, strlen(s));
}

void ms_buf_printf(struct ms_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		ms_buf_put(b, tmp, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->oom = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	ms_buf_put(b, big, (size_t)n);
	free(big);
}

void ms_buf_json_string(struct ms_buf *b, const char *s)
{
	ms_buf_put(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': ms_buf_put(b, "\\\"", 2); break;
		case '\\': ms_buf_put(b, "\\\\", 2); break;
		case '\n': ms_buf_put(b, "\\n", 2); break;
		case '\r': ms_buf_put(b, "\\r", 2); break;
		case '\t': ms_buf_put(b, "\\t", 2); break;
		default:
			if (*p < 0x20)
				ms_buf_printf(b, "\\u%04x", *p);
			else
				ms_buf_put(b, (const char *)p, 1);
		}
	}
	ms_buf_put(b, "\"", 1);
}

/* ---- construction ------------------------------------------------------------ */

static struct ms_json *node(enum ms_jtype t)
{
	struct ms_json *v = calloc(1, sizeof *v);
	if (v)
		v->type = t;
	return v;
}

struct ms_json *ms_json_obj(void) { return node(MS_JOBJ); }
struct ms_json *ms_json_arr(void) { return node(MS_JARR); }
struct ms_json *ms_json_null(void) { return node(MS_JNULL); }

struct ms_json *ms_json_bool(bool v)
{
	struct ms_json *j = node(MS_JBOOL);
	if (j)
		j->b = v;
	return j;
}

static struct ms_json *text_node(enum ms_jtype t, const char *s)
{
	struct ms_json *j = node(t);
	if (!j)
		return NULL;
	j->s = strdup(s);
	if (!j->s) {
		free(j);
		return NULL;
	}
	return j;
}

struct ms_json *ms_json_str(const char *s)
{
	return s ? text_node(MS_JSTR, s) : ms_json_null();
}

struct ms_json *ms_json_u64(uint64_t v)
{
	char t[32];
	snprintf(t, sizeof t, "%" PRIu64, v);
	return text_node(MS_JNUM, t);
}

struct ms_json *ms_json_i64(int64_t v)
{
	char t[32];
	snprintf(t, sizeof t, "%" PRId64, v);
	return text_node(MS_JNUM, t);
}

struct ms_json *ms_json_double(double v, int decimals)
{
	char t[64];
	snprintf(t, sizeof t, "%.*f", decimals, v);
	return text_node(MS_JNUM, t);
}

static int grow(struct ms_json *c, bool with_keys)
{
	if (c->n < c->cap)
		return 0;
	size_t cap = c->cap ? c->cap * 2 : 8;
	struct ms_json **it = realloc(c->items, cap * sizeof *it);
	if (!it)
		return -ENOMEM;
	c->items = it;
	if (with_keys) {
		char **k = realloc(c->keys, cap * sizeof *k);
		if (!k)
			return -ENOMEM;
		c->keys = k;
	}
	c->cap = cap;
	return 0;
}

int ms_json_set(struct ms_json *obj, const char *key, struct ms_json *val)
{
	char *k = NULL;
	if (!obj || obj->type != MS_JOBJ || !val || grow(obj, true) || !(k = strdup(key))) {
		ms_json_free(val);
		return -ENOMEM;
	}
	obj->keys[obj->n] = k;
	obj->items[obj->n++] = val;
	return 0;
}

int ms_json_push(struct ms_json *arr, struct ms_json *val)
{
	if (!arr || arr->type != MS_JARR || !val || grow(arr, false)) {
		ms_json_free(val);
		return -ENOMEM;
	}
	arr->items[arr->n++] = val;
	return 0;
}

int ms_json_set_str(struct ms_json *o, const char *k, const char *s) { return ms_json_set(o, k, ms_json_str(s)); }
int ms_json_set_u64(struct ms_json *o, const char *k, uint64_t v) { return ms_json_set(o, k, ms_json_u64(v)); }
int ms_json_set_i64(struct ms_json *o, const char *k, int64_t v) { return ms_json_set(o, k, ms_json_i64(v)); }
int ms_json_set_bool(struct ms_json *o, const char *k, bool v) { return ms_json_set(o, k, ms_json_bool(v)); }

int ms_json_merge(struct ms_json *dst, struct ms_json *src)
{
	int r = 0;
	if (!src)
		return 0;
	if (src->type == MS_JOBJ)
		for (size_t i = 0; i < src->n; i++) {
			if (!r)
				r = ms_json_set(dst, src->keys[i], src->items[i]);
			else
				ms_json_free(src->items[i]);
			free(src->keys[i]);
		}
	src->n = 0;
	ms_json_free(src);
	return r;
}

void ms_json_free(struct ms_json *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		ms_json_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->s);
	free(v);
}

/* ---- lookup ------------------------------------------------------------------ */

const struct ms_json *ms_json_get(const struct ms_json *obj, const char *key)
{
	if (!obj || obj->type != MS_JOBJ)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

const struct ms_json *ms_json_path(const struct ms_json *root, const char *dotted)
{
	char key[128];
	const struct ms_json *v = root;
	while (v && *dotted) {
		size_t n = strcspn(dotted, ".");
		if (n >= sizeof key)
			return NULL;
		memcpy(key, dotted, n);
		key[n] = '\0';
		v = ms_json_get(v, key);
		dotted += n + (dotted[n] == '.');
	}
	return v;
}

const char *ms_json_get_str(const struct ms_json *obj, const char *key)
{
	const struct ms_json *v = ms_json_get(obj, key);
	return v && v->type == MS_JSTR ? v->s : NULL;
}

int ms_json_as_u64(const struct ms_json *v, uint64_t *out)
{
	if (!v)
		return -ENOENT;
	if (v->type != MS_JNUM || !v->s[0] || v->s[0] == '-')
		return -EINVAL;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(v->s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*out = x;
	return 0;
}

int ms_json_get_u64(const struct ms_json *obj, const char *key, uint64_t *out)
{
	return ms_json_as_u64(ms_json_get(obj, key), out);
}

/* ---- rendering ------------------------------------------------------------------ */

static void render(struct ms_buf *b, const struct ms_json *v, int indent, int depth)
{
	switch (v->type) {
	case MS_JNULL: ms_buf_puts(b, "null"); return;
	case MS_JBOOL: ms_buf_puts(b, v->b ? "true" : "false"); return;
	case MS_JNUM: ms_buf_puts(b, v->s); return;
	case MS_JSTR: ms_buf_json_string(b, v->s); return;
	case MS_JARR:
	case MS_JOBJ:
		break;
	}
	bool obj = v->type == MS_JOBJ;
	ms_buf_puts(b, obj ? "{" : "[");
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			ms_buf_puts(b, ",");
		if (indent)
			ms_buf_printf(b, "\n%*s", indent * (depth + 1), "");
		if (obj) {
			ms_buf_json_string(b, v->keys[i]);
			ms_buf_puts(b, indent ? ": " : ":");
		}
		render(b, v->items[i], indent, depth + 1);
	}
	if (indent && v->n)
		ms_buf_printf(b, "\n%*s", indent * depth, "");
	ms_buf_puts(b, obj ? "}" : "]");
}

char *ms_json_render(const struct ms_json *v, int indent)
{
	struct ms_buf b = {0};
	render(&b, v, indent, 0);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* ---- parsing -------------------------------------------------------------------- */

struct parser {
	const char *p, *start, *end;
	char *err;
	size_t errlen;
	int depth;
	size_t values;
};

/* Hostile input is bounded by what records, journals and policies ever hold: a
 * document of at most this many values (each costs a node), checked as it is parsed. */
#define MS_JSON_MAX_VALUES ((size_t)1 << 20)

static void *fail(struct parser *ps, const char *msg)
{
	if (ps->err && !ps->err[0])
		snprintf(ps->err, ps->errlen, N_("offset %zu: %s"), (size_t)(ps->p - ps->start), msg);
	return NULL;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
		else return -1;
	}
	*out = v;
	return 0;
}

static void put_utf8(struct ms_buf *b, unsigned cp)
{
	char t[4];
	size_t n;
	if (cp < 0x80) { t[0] = (char)cp; n = 1; }
	else if (cp < 0x800) { t[0] = (char)(0xC0 | cp >> 6); t[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
	else if (cp < 0x10000) { t[0] = (char)(0xE0 | cp >> 12); t[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); t[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
	else { t[0] = (char)(0xF0 | cp >> 18); t[1] = (char)(0x80 | ((cp >> 12) & 0x3F)); t[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); t[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
	ms_buf_put(b, t, n);
}

static char *parse_string(struct parser *ps)
{
	struct ms_buf b = {0};
	ms_buf_put(&b, "", 0);
	ps->p++; /* opening quote */
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;
		if (c < 0x20) {
			free(b.p);
			return fail(ps, N_("control character in string"));
		}
		if (c != '\\') {
			ms_buf_put(&b, ps->p++, 1);
			continue;
		}
		if (++ps->p >= ps->end)
			break;
		char e = *ps->p++;
		const char *simple = strchr("\"\\/bfnrt", e);
		if (simple && e) {
			static const char map[] = "\"\\/\b\f\n\r\t";
			ms_buf_put(&b, &map[simple - "\"\\/bfnrt"], 1);
			continue;
		}
		unsigned cp, lo;
		if (e != 'u' || ps->end - ps->p < 4 || hex4(ps->p, &cp)) {
			free(b.p);
			return fail(ps, N_("bad escape in string"));
		}
		ps->p += 4;
		if (cp >= 0xD800 && cp < 0xDC00) {
			if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' || hex4(ps->p + 2, &lo) ||
			    lo < 0xDC00 || lo > 0xDFFF) {
				free(b.p);
				return fail(ps, N_("unpaired surrogate in string"));
			}
			ps->p += 6;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		} else if (cp >= 0xDC00 && cp < 0xE000) {
			free(b.p);
			return fail(ps, N_("unpaired surrogate in string"));
		}
		if (cp == 0) {
			free(b.p);
			return fail(ps, N_("NUL in string"));
		}
		put_utf8(&b, cp);
	}
	if (ps->p >= ps->end) {
		free(b.p);
		return fail(ps, N_("unterminated string"));
	}
	ps->p++;
	if (b.oom) {
		free(b.p);
		return fail(ps, N_("out of memory"));
	}
	return b.p;
}

static struct ms_json *parse_value(struct parser *ps);

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Once per object, sorted: checking each key against the ones before it made a record
 * of 100,000 keys cost 75 s. */
static bool has_duplicate(const struct ms_json *c)
{
	if (c->n < 2)
		return false;
	char **k = malloc(c->n * sizeof *k);
	if (!k)
		return true; /* cannot tell: refuse rather than accept */
	memcpy(k, c->keys, c->n * sizeof *k);
	qsort(k, c->n, sizeof *k, key_cmp);
	bool dup = false;
	for (size_t i = 1; i < c->n && !dup; i++)
		dup = strcmp(k[i - 1], k[i]) == 0;
	free(k);
	return dup;
}

static struct ms_json *parse_container(struct parser *ps, bool obj)
{
	struct ms_json *c = obj ? ms_json_obj() : ms_json_arr();
	if (!c)
		return fail(ps, N_("out of memory"));
	if (++ps->depth > 64) {
		ms_json_free(c);
		return fail(ps, N_("nesting too deep"));
	}
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == (obj ? '}' : ']')) {
		ps->p++;
		ps->depth--;
		return c;
	}
	for (;;) {
		char *key = NULL;
		skip_ws(ps);
		if (obj) {
			if (ps->p >= ps->end || *ps->p != '"')
				goto bad_key;
			if (!(key = parse_string(ps)))
				goto err;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				free(key);
				fail(ps, N_("expected ':'"));
				goto err;
			}
			ps->p++;
		}
		struct ms_json *v = parse_value(ps);
		if (!v) {
			free(key);
			goto err;
		}
		int r;
		if (obj) {
			r = ms_json_set(c, key, v);
			free(key);
		} else {
			r = ms_json_push(c, v);
		}
		if (r) {
			fail(ps, N_("out of memory"));
			goto err;
		}
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == (obj ? '}' : ']')) {
			if (obj && has_duplicate(c)) {
				fail(ps, N_("duplicate key"));
				goto err;
			}
			ps->p++;
			ps->depth--;
			return c;
		}
		fail(ps, obj ? N_("expected ',' or '}'") : N_("expected ',' or ']'"));
		goto err;
	}
bad_key:
	fail(ps, N_("expected a string key"));
err:
	ms_json_free(c);
	return NULL;
}

static struct ms_json *parse_number(struct parser *ps)
{
	const char *s = ps->p;
	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
		return fail(ps, N_("bad number"));
	if (*ps->p == '0')
		ps->p++;
	else
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, N_("bad number"));
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, N_("bad number"));
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	char *t = strndup(s, (size_t)(ps->p - s));
	struct ms_json *v = t ? node(MS_JNUM) : NULL;
	if (!v) {
		free(t);
		return fail(ps, N_("out of memory"));
	}
	v->s = t;
	return v;
}

static bool word(struct parser *ps, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, w, n) == 0) {
		ps->p += n;
		return true;
	}
	return false;
}

static struct ms_json *parse_value(struct parser *ps)
{
	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, N_("unexpected end of input"));
	if (++ps->values > MS_JSON_MAX_VALUES)
		return fail(ps, N_("too many values"));
	switch (*ps->p) {
	case '{': return parse_container(ps, true);
	case '[': return parse_container(ps, false);
	case '"': {
		char *s = parse_string(ps);
		if (!s)
			return NULL;
		struct ms_json *v = node(MS_JSTR);
		if (!v) {
			free(s);
			return fail(ps, N_("out of memory"));
		}
		v->s = s;
		return v;
	}
	case 't': if (word(ps, "true")) return ms_json_bool(true); break;
	case 'f': if (word(ps, "false")) return ms_json_bool(false); break;
	case 'n': if (word(ps, "null")) return ms_json_null(); break;
	default:
		return parse_number(ps);
	}
	return fail(ps, N_("unexpected character"));
}

struct ms_json *ms_json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct parser ps = {.p = text, .start = text, .end = text + len, .err = err, .errlen = errlen};
	if (err && errlen)
		err[0] = '\0';
	struct ms_json *v = parse_value(&ps);
	if (!v)
		return NULL;
	skip_ws(&ps);
	if (ps.p != ps.end) {
		ms_json_free(v);
		return fail(&ps, N_("trailing data after JSON value"));
	}
	return v;
}
