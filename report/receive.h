/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The handing station confirms the contractor's completion certificate (Figure 41: 完了証明書
 * により確認する): a destruction record, or an erasure record that completes a handover,
 * taken from a certificate whose signature was checked, must refer by id and SHA-256 to a
 * handover this station journaled; the station then journals the completion, so that the
 * handover is no longer overdue and is never completed twice. */
#ifndef MS_REPORT_RECEIVE_H
#define MS_REPORT_RECEIVE_H

#include <stddef.h>

#include "../util/json.h"

/* rec: the record embedded in a verified certificate (whose file hashes to cert_sha256,
 * signed by signer). On success the handover's id is in ho_id and the completion is
 * journaled in STATE_DIR. Returns 0; -EBADMSG (not a completion, not of a handover
 * journaled here, or an erase that did not complete: why says which); -EALREADY (the
 * handover was completed already: why names by what); or -errno (journal). */
int ms_custody_receive(const char *state_dir, const struct ms_json *rec, const char *cert_sha256, const char *signer,
		       char *ho_id, size_t idlen, char *why, size_t whylen);

#endif
