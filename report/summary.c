/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "summary.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/i18n.h"
#include "../util/util.h"

static const char *str(const struct ms_json *o, const char *dotted)
{
	const struct ms_json *v = ms_json_path(o, dotted);
	return v && v->type == MS_JSTR ? v->s : "";
}

/* What one line of the summary says about a certificate, by kind. */
static void method_and_result(const struct ms_json *rec, const char *kind, char *method, size_t mlen, char *result,
			      size_t rlen)
{
	if (strcmp(kind, "erasure") == 0) {
		snprintf(method, mlen, "%s", str(rec, "method.id"));
		snprintf(result, rlen, "%s, verification %s", str(rec, "outcome"), str(rec, "verification.result"));
	} else if (strcmp(kind, "handover") == 0) {
		if (ms_json_path(rec, "pre_erase.why")) /* handed over by its label: nothing could be erased */
			snprintf(method, mlen, "not erased: %s (handover)", str(rec, "pre_erase.why"));
		else
			snprintf(method, mlen, "%s (handover)", str(rec, "erasure.method"));
		snprintf(result, rlen, "%s, destroy by %s", str(rec, "status"), str(rec, "destroy_by"));
	} else {
		const struct ms_json *met = ms_json_path(rec, "deadline.met");
		snprintf(method, mlen, "%s (destruction)", str(rec, "method"));
		snprintf(result, rlen, "destroyed %s, deadline %s", str(rec, "destroyed_at"),
			 met && met->type == MS_JBOOL && met->b ? "met" : "missed");
	}
}

struct ms_json *ms_summary_build(const struct ms_summary_item *items, size_t n, const struct ms_summary_meta *m,
				 char *why, size_t len)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(items[i].pdf_sha256, items[j].pdf_sha256) == 0 ||
			    strcmp(items[i].record_sha256, items[j].record_sha256) == 0) {
				snprintf(why, len, N_("%s: the same certificate as %s, listed twice"), items[i].file, items[j].file);
				return NULL;
			}
	char id[48], t[48];
	struct timespec ts;
	if (ms_make_id("SU", id, sizeof id)) {
		snprintf(why, len, N_("no record id could be drawn"));
		return NULL;
	}
	ms_now(&ts);
	ms_iso_time(&ts, t, sizeof t);
	struct ms_json *r = ms_json_obj(), *list = ms_json_arr(), *tool = ms_json_obj(), *host = ms_json_obj();
	ms_json_set_u64(r, "schema_version", 1);
	ms_json_set_str(r, "record_id", id);
	ms_json_set_str(r, "kind", "summary");
	ms_json_set_str(r, "issued_at", t);
	ms_json_set_str(tool, "name", "massho");
	ms_json_set_str(tool, "version", m->tool_version ? m->tool_version : "");
	ms_json_set_str(tool, "binary_sha256", m->binary_sha256 ? m->binary_sha256 : "");
	struct ms_json *img = ms_image_id_json(m->image);
	if (img)
		ms_json_set(tool, "image", img);
	ms_json_set(r, "tool", tool);
	ms_json_set_str(host, "hostname", m->hostname ? m->hostname : "");
	ms_json_set_str(host, "operator", m->operator_name ? m->operator_name : "");
	ms_json_set(r, "host", host);
	uint64_t ok = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ms_json *rec = items[i].record;
		const char *kind = str(rec, "kind");
		char method[96], result[160];
		method_and_result(rec, kind, method, sizeof method, result, sizeof result);
		struct ms_json *e = ms_json_obj(), *dev = ms_json_obj();
		ms_json_set_str(e, "certificate", items[i].file);
		ms_json_set_str(e, "certificate_sha256", items[i].pdf_sha256);
		ms_json_set_str(e, "record_id", str(rec, "record_id"));
		ms_json_set_str(e, "record_sha256", items[i].record_sha256);
		ms_json_set_str(e, "kind", kind);
		ms_json_set_str(dev, "model", str(rec, "device.model"));
		ms_json_set_str(dev, "serial", str(rec, "device.serial"));
		uint64_t cap = 0;
		const struct ms_json *d = ms_json_get(rec, "device");
		if (d && ms_json_get_u64(d, "capacity_bytes", &cap) == 0)
			ms_json_set_u64(dev, "capacity_bytes", cap);
		ms_json_set_str(dev, "identity_hash", str(rec, "device.identity_hash"));
		ms_json_set(e, "device", dev);
		ms_json_set_str(e, "method", method);
		ms_json_set_str(e, "result", result);
		bool good = strcmp(kind, "erasure") == 0 ? strcmp(str(rec, "outcome"), "completed") == 0 &&
								   strcmp(str(rec, "verification.result"), "passed") == 0
							 : strcmp(kind, "destruction") == 0 || strcmp(kind, "handover") == 0;
		ms_json_set_bool(e, "succeeded", good);
		ok += good;
		ms_json_push(list, e);
	}
	ms_json_set(r, "certificates", list);
	struct ms_json *cnt = ms_json_obj();
	ms_json_set_u64(cnt, "certificates", n);
	ms_json_set_u64(cnt, "succeeded", ok);
	ms_json_set_u64(cnt, "not_succeeded", n - ok);
	ms_json_set(r, "counts", cnt);
	return r;
}
