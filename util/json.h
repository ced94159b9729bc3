/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small JSON document model: build, render (canonical, key order kept), parse.
 * Records, journals and `--json` output all go through it, so the bytes we sign are
 * produced by one serializer. Numbers keep their text, so 64-bit byte counts survive. */
#ifndef MS_UTIL_JSON_H
#define MS_UTIL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ms_jtype { MS_JNULL, MS_JBOOL, MS_JNUM, MS_JSTR, MS_JARR, MS_JOBJ };

struct ms_json {
	enum ms_jtype type;
	bool b;                 /* MS_JBOOL */
	char *s;                /* MS_JSTR: UTF-8 value; MS_JNUM: number text */
	size_t n, cap;          /* MS_JARR / MS_JOBJ: children */
	struct ms_json **items;
	char **keys;            /* MS_JOBJ only */
};

/* Constructors return NULL only when memory is exhausted. */
struct ms_json *ms_json_obj(void);
struct ms_json *ms_json_arr(void);
struct ms_json *ms_json_null(void);
struct ms_json *ms_json_bool(bool v);
struct ms_json *ms_json_str(const char *s);      /* NULL s gives JSON null */
struct ms_json *ms_json_u64(uint64_t v);
struct ms_json *ms_json_i64(int64_t v);
struct ms_json *ms_json_double(double v, int decimals);

/* Adders take ownership of val (also on failure). Return 0 or -ENOMEM. */
int ms_json_set(struct ms_json *obj, const char *key, struct ms_json *val);
int ms_json_push(struct ms_json *arr, struct ms_json *val);
int ms_json_set_str(struct ms_json *obj, const char *key, const char *s);
int ms_json_set_u64(struct ms_json *obj, const char *key, uint64_t v);
int ms_json_set_i64(struct ms_json *obj, const char *key, int64_t v);
int ms_json_set_bool(struct ms_json *obj, const char *key, bool v);
/* Move every member of object src to the end of dst and free src (NULL is a no-op).
 * Returns 0 or -ENOMEM. */
int ms_json_merge(struct ms_json *dst, struct ms_json *src);

/* Lookups return NULL when absent or of another type. */
const struct ms_json *ms_json_get(const struct ms_json *obj, const char *key);
const struct ms_json *ms_json_path(const struct ms_json *root, const char *dotted);
const char *ms_json_get_str(const struct ms_json *obj, const char *key);
/* 0 on success, -ENOENT when absent, -EINVAL when not a non-negative integer. */
int ms_json_get_u64(const struct ms_json *obj, const char *key, uint64_t *out);
int ms_json_as_u64(const struct ms_json *v, uint64_t *out);

/* Render to a malloc'd NUL-terminated string. indent 0 gives one line (journal),
 * indent > 0 pretty-prints. Returns NULL on ENOMEM. */
char *ms_json_render(const struct ms_json *v, int indent);

/* Parse exactly one JSON value (surrounding white space allowed). On error returns
 * NULL and, if err is given, a message with the byte offset (e.g. "offset 12: ..."). */
struct ms_json *ms_json_parse(const char *text, size_t len, char *err, size_t errlen);

void ms_json_free(struct ms_json *v);

/* Append s as a JSON string literal to a growing buffer; used by the renderer. */
struct ms_buf {
	char *p;
	size_t len, cap;
	bool oom;
};
void ms_buf_put(struct ms_buf *b, const char *s, size_t n);
void ms_buf_puts(struct ms_buf *b, const char *s);
void ms_buf_printf(struct ms_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ms_buf_json_string(struct ms_buf *b, const char *s);

#endif
