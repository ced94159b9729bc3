/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Does a record's outcome follow from its own fields? A record edited from "verification
 * failed" to "completed" keeps the failed verification it describes; this is what catches
 * it before anything is signed (the journal's SHA-256 catches the rest). */
#include "record.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../erase/job.h"
#include "../util/i18n.h"
#include "../util/json.h"

static bool is(const struct ms_json *rec, const char *path, const char *want)
{
	const struct ms_json *v = ms_json_path(rec, path);
	return v && v->type == MS_JSTR && strcmp(v->s, want) == 0;
}

static bool zero(const struct ms_json *rec, const char *path)
{
	uint64_t x;
	const struct ms_json *v = ms_json_path(rec, path);
	return !v || v->type == MS_JNULL || (ms_json_as_u64(v, &x) == 0 && x == 0);
}

static bool truth(const struct ms_json *rec, const char *path)
{
	const struct ms_json *v = ms_json_path(rec, path);
	return v && v->type == MS_JBOOL && v->b;
}

static int bad(char *why, size_t len, const char *outcome, const char *what)
{
	snprintf(why, len, N_("outcome \"%s\" contradicts the record: %s"), outcome, what);
	return -EINVAL;
}

/* Every other namespace of an NVMe controller was read back and its proof passed. */
static bool namespaces_proved(const struct ms_json *rec)
{
	const struct ms_json *arr = ms_json_get(rec, "namespaces");
	for (size_t i = 0; arr && arr->type == MS_JARR && i < arr->n; i++) {
		const struct ms_json *ns = arr->items[i];
		if (!truth(ns, "this_device") && !truth(ns, "sample_proof.passed"))
			return false;
	}
	return true;
}

/* What "completed" needs: no failure, no error, the read-back passed (or was not asked
 * for), the firmware's sample proof passed, every byte written, a policy that was met. */
static int completed(const struct ms_json *rec, const char *o, char *why, size_t len)
{
	const struct ms_json *failure = ms_json_get(rec, "failure");
	const struct ms_json *bad_ranges = ms_json_path(rec, "errors.bad_ranges");
	if (failure && failure->type != MS_JNULL)
		return bad(why, len, o, N_("it has a failure"));
	if (!zero(rec, "errors.count") || !zero(rec, "errors.bad_bytes") || (bad_ranges && bad_ranges->n))
		return bad(why, len, o, N_("it lists I/O errors or bad ranges"));
	if (!is(rec, "kind", "erasure"))
		return 0;
	/* an overwrite's read-back runs only in mode full; a firmware erase's result is its
	 * sample proof's, whatever the mode (full adds the whole device's hash) */
	bool full = is(rec, "verification.mode", "full") || truth(rec, "method.firmware");
	if (!is(rec, "verification.result", ms_verify_result_name(full ? MS_VERIFY_PASSED : MS_VERIFY_NOT_RUN)))
		return bad(why, len, o, N_("its verification result is not the one that mode gives"));
	if (!zero(rec, "verification.mismatched_sectors") || !zero(rec, "verification.unreadable_bytes"))
		return bad(why, len, o, N_("its verification found differing or unreadable sectors"));
	const struct ms_json *pol = ms_json_get(rec, "policy");
	if (pol && pol->type == MS_JOBJ && !truth(pol, "can_meet"))
		return bad(why, len, o, N_("its policy decision could not be met"));
	if (truth(rec, "method.firmware"))
		return !truth(rec, "sample_proof.passed") ? bad(why, len, o, N_("its sample proof did not pass")) :
		       namespaces_proved(rec) ? 0 : bad(why, len, o, N_("a namespace's sample proof did not pass"));
	uint64_t written = 0, cap = 0;
	const struct ms_json *passes = ms_json_path(rec, "method.passes");
	if (!passes || !passes->n)
		return bad(why, len, o, N_("an overwrite without passes"));
	ms_json_get_u64(rec, "bytes_written", &written);
	ms_json_get_u64(ms_json_get(rec, "device"), "capacity_bytes", &cap);
	if (written / passes->n < cap)
		return bad(why, len, o, N_("fewer bytes were written than the drive holds"));
	return 0;
}

int ms_record_consistent(const struct ms_json *rec, char *why, size_t len)
{
	const char *o = ms_json_get_str(rec, "outcome");
	enum ms_outcome oc;
	if (!o || ms_outcome_parse(o, &oc)) {
		snprintf(why, len, N_("outcome: not one massho writes"));
		return -EINVAL;
	}
	const struct ms_json *failure = ms_json_get(rec, "failure");
	bool failed = failure && failure->type == MS_JSTR && failure->s[0];
	switch (oc) {
	case MS_OUTCOME_PENDING:
		snprintf(why, len, N_("outcome \"%s\": the job never ended"), o);
		return -EINVAL;
	case MS_OUTCOME_COMPLETED:
		return completed(rec, o, why, len);
	case MS_OUTCOME_COMPLETED_WITH_ERRORS:
		return !zero(rec, "errors.count") || !zero(rec, "errors.bad_bytes") ? 0 :
		       bad(why, len, o, N_("it lists no error"));
	case MS_OUTCOME_VERIFY_FAILED:
		return is(rec, "verification.result", ms_verify_result_name(MS_VERIFY_FAILED)) ? 0 : bad(why, len, o, N_("its verification did not fail"));
	case MS_OUTCOME_FAILED:
	case MS_OUTCOME_INTERRUPTED:
		return failed ? 0 : bad(why, len, o, N_("it names no failure"));
	}
	return -EINVAL;
}
