/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "receive.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../erase/journal.h"
#include "../util/i18n.h"
#include "../util/util.h"
#include "custody.h"

/* The handover a completion record refers to: a destruction's "handover", a completed
 * erasure's "completes_handover". NULL with why otherwise. */
static const struct ms_json *reference(const struct ms_json *rec, char *why, size_t len)
{
	const char *kind = ms_json_get_str(rec, "kind");
	if (kind && strcmp(kind, "destruction") == 0)
		return ms_json_get(rec, "handover");
	const struct ms_json *met = ms_json_get(rec, "figure41_row_met");
	if (kind && strcmp(kind, "erasure") == 0 && ms_json_get(rec, "completes_handover")) {
		if (met && met->type == MS_JBOOL && met->b)
			return ms_json_get(rec, "completes_handover");
		snprintf(why, len, N_("the contractor's erase did not meet Figure 41 row 2 (%s): it completes nothing"),
			 ms_json_get_str(rec, "outcome") ? ms_json_get_str(rec, "outcome") : N_("no outcome"));
		return NULL;
	}
	snprintf(why, len, N_("not a completion certificate: a %s record that completes no handover"), kind ? kind : "?");
	return NULL;
}

static bool same(const struct ms_json *a, const char *pa, const struct ms_json *b, const char *pb)
{
	const struct ms_json *x = ms_json_path(a, pa), *y = ms_json_path(b, pb);
	return x && y && x->type == y->type && (x->type == MS_JNULL || (x->s && y->s && strcmp(x->s, y->s) == 0));
}

/* The completion is of that handover's drive, and (an erase) of its class at row 2 —
 * not of another drive, nor under a policy that put the class on row 3: this station's
 * handover, as it wrote it, is the reference, not what the contractor's record says. */
static int matches(const char *ho_path, const char *ho_sha, const struct ms_json *rec, char *why, size_t len)
{
	struct ms_json *ho;
	char sha[65], sub[200];
	if (ms_custody_load(ho_path, "handover", &ho, sha, sub, sizeof sub) || strcmp(sha, ho_sha) != 0) {
		snprintf(why, len, N_("%s: the handover this station journaled is unreadable or changed since"), ho_path);
		return -EBADMSG;
	}
	const char *kind = ms_json_get_str(rec, "kind");
	bool erase = kind && strcmp(kind, "erasure") == 0;
	const char *what = NULL;
	if (!same(rec, "device.identity_hash", ho, "device.identity_hash") ||
	    (!erase && !same(rec, "device.serial", ho, "device.serial")))
		what = N_("another drive than the one handed over");
	else if (erase && (!same(rec, "policy.class", ho, "class") || !same(rec, "policy.figure41_row", ho, "figure41_row") ||
			   !same(rec, "policy.erase_row", ho, "figure41_row")))
		what = N_("an erase under another class or Figure 41 row than the handover's");
	ms_json_free(ho);
	if (what) {
		snprintf(why, len, N_("is %s: it completes nothing"), what);
		return -EBADMSG;
	}
	return 0;
}

int ms_custody_receive(const char *state_dir, const struct ms_json *rec, const char *cert_sha256, const char *signer,
		       char *ho_id, size_t idlen, char *why, size_t whylen)
{
	const struct ms_json *ref = reference(rec, why, whylen);
	if (!ref)
		return -EBADMSG;
	const char *id = ms_json_get_str(ref, "record_id"), *sha = ms_json_get_str(ref, "sha256");
	struct ms_journal_hit hit;
	char want[96], by[64];
	snprintf(want, sizeof want, "%s.json", id ? id : "");
	/* the very bytes this station wrote and journaled as that handover */
	if (!id || !sha || ms_journal_find_record(state_dir, sha, &hit) ||
	    strcmp(ms_path_base(hit.record), want) != 0) {
		snprintf(why, whylen, N_("refers to handover %s (SHA-256 %.16s…), which no journal in %s/journal recorded: "
			 "not a handover of this station, or not the bytes it wrote"), id ? id : "?", sha ? sha : "?",
			 state_dir);
		return -EBADMSG;
	}
	ms_strlcpy(ho_id, id, idlen);
	int r = matches(hit.record, sha, rec, why, whylen);
	if (r)
		return r;
	if (ms_custody_completed(state_dir, id, by, sizeof by)) {
		snprintf(why, whylen, N_("was already completed by %s"), by);
		return -EALREADY;
	}
	char job[48];
	struct ms_journal *j;
	r = ms_make_id("RC", job, sizeof job);
	if (!r)
		r = ms_journal_open(state_dir, job, &j);
	if (r) {
		snprintf(why, whylen, N_("cannot journal the completion: %s"), strerror(-r));
		return r;
	}
	struct ms_json *f = ms_json_obj();
	ms_json_set_str(f, "handover", id);
	ms_json_set_str(f, "received", ms_json_get_str(rec, "record_id") ? ms_json_get_str(rec, "record_id") : "");
	ms_json_set_str(f, "kind", ms_json_get_str(rec, "kind"));
	ms_json_set_str(f, "certificate_sha256", cert_sha256);
	ms_json_set_str(f, "signer", signer ? signer : "");
	r = ms_journal_append(j, "completes", f);
	ms_journal_close(j);
	if (r)
		snprintf(why, whylen, N_("cannot journal the completion: %s"), strerror(-r));
	return r;
}
