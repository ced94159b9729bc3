/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "decision_json.h"

struct ms_json *ms_decision_json(const struct ms_decision *d, const char *source, const char *sha256)
{
	struct ms_json *o = ms_json_obj();
	ms_json_set_str(o, "class", ms_class_name(d->cls));
	ms_json_set_i64(o, "figure41_row", d->row);
	ms_json_set_bool(o, "can_meet", d->can_meet);
	if (d->can_meet) {
		ms_json_set_str(o, "method", d->chosen.id);
		if (d->chosen.method == MS_METHOD_OVERWRITE) {
			ms_json_set_u64(o, "passes", d->chosen.passes);
			ms_json_set_str(o, "pattern", d->chosen.pattern);
			ms_json_set_bool(o, "restore_hidden", d->chosen.restore_hidden);
		}
	} else {
		ms_json_set(o, "method", ms_json_null());
	}
	ms_json_set_str(o, "nist_level", ms_level_name(d->level));
	ms_json_set_str(o, "verification", d->verify_full ? "full" : "sample");
	ms_json_set_bool(o, "physical_destruction_follows", d->destroy_after);
	/* the custody column: a handover follows; the erase on the premises reached erase_row */
	ms_json_set_bool(o, "handover_follows", d->custody);
	ms_json_set_i64(o, "erase_row", d->erase_row);
	ms_json_set_str(o, "action", d->action);
	ms_json_set(o, "estimated_seconds", ms_json_double(d->est_seconds, 0));
	struct ms_json *rej = ms_json_arr();
	for (size_t i = 0; i < d->nrejected; i++) {
		struct ms_json *e = ms_json_obj();
		ms_json_set_str(e, "method", d->rejected[i].method);
		ms_json_set_str(e, "why", d->rejected[i].why);
		ms_json_push(rej, e);
	}
	ms_json_set(o, "rejected", rej);
	ms_json_set_str(o, "policy", source ? source : "");
	ms_json_set_str(o, "policy_sha256", sha256 ? sha256 : "");
	return o;
}
