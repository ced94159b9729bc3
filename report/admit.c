/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "admit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../erase/journal.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"
#include "custody.h"
#include "record.h"
#include "verify.h"

/* The schema of the record's kind. Summaries are made and signed in one step by `report
 * summary`; nothing journals them, so they are not signed after the fact. */
static int schema(const struct ms_json *rec, char *kind, size_t klen, char *why, size_t len)
{
	const char *k = ms_json_get_str(rec, "kind");
	ms_strlcpy(kind, k ? k : "", klen);
	if (!k) {
		snprintf(why, len, N_("kind: missing"));
		return -EINVAL;
	}
	if (strcmp(k, "unlock") == 0) {
		snprintf(why, len, N_("an unlock record: nothing was erased, so there is no certificate to issue"));
		return -EINVAL;
	}
	if (strcmp(k, "erasure") == 0) {
		int r = ms_record_validate(rec, why, len);
		return r ? r : ms_record_consistent(rec, why, len);
	}
	if (strcmp(k, "handover") == 0 || strcmp(k, "destruction") == 0)
		return ms_custody_validate(rec, k, why, len);
	snprintf(why, len, N_("kind \"%.40s\": not a record `report pdf` signs%s"), k,
		 strcmp(k, "summary") == 0 ? N_(" (run `massho report summary` again)") : "");
	return -EINVAL;
}

static int journaled(const char *dir, bool other, const char *id, struct ms_admission *a, char *why, size_t len)
{
	struct ms_journal_hit hit;
	char want[128];
	int r = ms_journal_find_record(dir, a->sha256, &hit);
	snprintf(want, sizeof want, "%s.json", id);
	if (r == -EPERM) {
		snprintf(why, len, N_("%s/journal can be written by others: its journals vouch for nothing"), dir);
		return -EBADMSG;
	}
	/* the line must be the one its job wrote for this record, under the record's id */
	if (!r && (strcmp(ms_path_base(hit.record), want) != 0 || !hit.job[0])) {
		snprintf(why, len, N_("the journal line with this record's SHA-256 (%s) names another record (%s)"), hit.file,
			 hit.record);
		return -EBADMSG;
	}
	if (r) {
		snprintf(why, len, N_("no journal in %s/journal recorded this record's SHA-256 (%.16s…) when its job ended: "
			 "it was changed since, or written elsewhere%s"), dir, a->sha256,
			 other ? "" : N_(" (give that station's state directory with --journal DIR)"));
		return -EBADMSG;
	}
	ms_strlcpy(a->journal_dir, dir, sizeof a->journal_dir);
	ms_strlcpy(a->journal, hit.file, sizeof a->journal);
	ms_strlcpy(a->journaled_at, hit.ts, sizeof a->journaled_at);
	a->other_station = other;
	return 0;
}

int ms_record_admit(const char *path, const char *state_dir, const char *other, struct ms_admission *a, char *why,
		    size_t len)
{
	char *text, err[128], sub[300];
	size_t n;
	memset(a, 0, sizeof *a);
	int r = ms_read_file(path, &text, &n, MS_RECORD_MAX);
	if (r) {
		snprintf(why, len, N_("cannot read the record: %s"), r == -EFBIG ? N_("larger than a record can be") :
			 strerror(-r));
		return r;
	}
	ms_sha256_hex(text, n, a->sha256);
	struct ms_json *rec = ms_json_parse(text, n, err, sizeof err);
	free(text);
	if (!rec) {
		snprintf(why, len, N_("not a JSON record (%s)"), err);
		return -EBADMSG;
	}
	r = schema(rec, a->kind, sizeof a->kind, sub, sizeof sub);
	char id[96];
	ms_strlcpy(id, ms_json_get_str(rec, "record_id") ? ms_json_get_str(rec, "record_id") : "", sizeof id);
	ms_json_free(rec);
	if (r) {
		snprintf(why, len, N_("not signed: %s"), sub);
		return -EBADMSG;
	}
	return journaled(other ? other : state_dir, other != NULL, id, a, why, len);
}

int ms_handover_admit(const char *path, const char *state_dir, const char *ca, char *how, size_t howlen, char *why,
		      size_t len)
{
	struct ms_admission a;
	char local[700], p7s[PATH_MAX], *text = NULL, *der = NULL, signer[128] = "";
	size_t n = 0, dl = 0;
	ms_strlcpy(local, "", sizeof local);
	if (!ca && ms_record_admit(path, state_dir, NULL, &a, local, sizeof local) == 0 &&
	    strcmp(a.kind, "handover") == 0) {
		snprintf(how, howlen, N_("journaled at this station (%s)"), a.journal);
		return 0;
	}
	/* Without a CA any self-made key would sign a forged handover: another station's
	 * handover is taken only when its signature chains to that station's CA. */
	if (!ca) {
		snprintf(why, len, N_("the handover is not journaled at this station (%s): another station's handover is "
			 "taken only when its signature chains to that station's CA (give it with --ca)"), local);
		return -EBADMSG;
	}
	snprintf(p7s, sizeof p7s, "%s.p7s", path);
	int r = ms_read_file(path, &text, &n, MS_RECORD_MAX);
	if (!r)
		r = ms_read_file(p7s, &der, &dl, 1 << 20);
	if (!r)
		r = ms_cms_verify((unsigned char *)der, dl, text, n, ca, signer, sizeof signer);
	free(text);
	free(der);
	if (r) {
		snprintf(why, len, N_("the handover is %s: a destruction or erase completes only a handover this station "
			 "journaled or one signed by the station that handed the drive over"), r == -ENOENT ?
			 N_("not signed (no .p7s beside it)") : r == -EPERM ? N_("signed by a key that does not chain to --ca") :
			 r == -EKEYREJECTED ? N_("signed by a certificate not issued for signing") :
			 r == -EKEYEXPIRED ? N_("signed with a certificate that has expired since") : N_("not what its signature covers"));
		return -EBADMSG;
	}
	snprintf(how, howlen, N_("signed by %s%s"), signer, ca ? N_(", chaining to the CA given") : "");
	return 0;
}
