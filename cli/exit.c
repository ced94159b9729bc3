/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one translation of library results (-errno, faults, outcomes, checks) into the
 * documented exit codes (docs/massho.8, EXIT STATUS). */
#include <errno.h>
#include <string.h>

#include "../report/verify.h"
#include "cli.h"

/* Severity, least to most serious: a usage error says nothing ran at all; an internal
 * error or a missing record means the run cannot be vouched for. */
static const enum ms_exit severity[] = {
	MS_EXIT_OK, MS_EXIT_NOT_VERIFIED, MS_EXIT_SIGNER_UNCHECKED, MS_EXIT_NOT_COLLECTED, MS_EXIT_WITH_ERRORS, MS_EXIT_NOT_CONFIRMED, MS_EXIT_NODEV, MS_EXIT_REFUSED,
	MS_EXIT_CANNOT_MEET, MS_EXIT_INTERRUPTED, MS_EXIT_ERASE_FAILED, MS_EXIT_VERIFY_FAILED,
	MS_EXIT_UNTRUSTED, MS_EXIT_RECORD_MISMATCH, MS_EXIT_SIG_PARTIAL, MS_EXIT_SIG_INVALID, MS_EXIT_NOT_SIGNED,
	MS_EXIT_KEY, MS_EXIT_ARTIFACT, MS_EXIT_FAILURE, MS_EXIT_USAGE,
};

static size_t rank(enum ms_exit e)
{
	for (size_t i = 0; i < sizeof severity / sizeof severity[0]; i++)
		if (severity[i] == e)
			return i;
	return sizeof severity / sizeof severity[0];
}

enum ms_exit ms_exit_worse(enum ms_exit a, enum ms_exit b)
{
	return rank(b) > rank(a) ? b : a;
}

/* A device that exists but may not be touched (in use, read-only, not ours to take). */
static bool refusal(int err)
{
	return err == -EBUSY || err == -EROFS || err == -EPERM || err == -EACCES || err == -EUCLEAN;
}

enum ms_exit ms_exit_of(enum ms_fault f, int err)
{
	switch (f) {
	case MS_FAULT_NONE: return MS_EXIT_OK;
	case MS_FAULT_USAGE: return MS_EXIT_USAGE;
	case MS_FAULT_DEVICE: return refusal(err) ? MS_EXIT_REFUSED : MS_EXIT_NODEV;
	case MS_FAULT_REFUSED: return MS_EXIT_REFUSED;
	case MS_FAULT_POLICY: return MS_EXIT_CANNOT_MEET;
	case MS_FAULT_CONFIRM: return MS_EXIT_NOT_CONFIRMED;
	case MS_FAULT_ARTIFACT: return err == -EILSEQ ? MS_EXIT_USAGE : MS_EXIT_ARTIFACT;
	case MS_FAULT_INTERNAL: return MS_EXIT_FAILURE;
	case MS_FAULT_ENGINE: return MS_EXIT_ERASE_FAILED;
	}
	return MS_EXIT_FAILURE;
}

enum ms_exit ms_exit_of_job(const struct ms_job *j)
{
	/* An engine that refused before touching the drive (frozen, expired counter,
	 * foreign password, no ATA through this attachment) is a refusal, not a failure. */
	if (j->outcome == MS_OUTCOME_FAILED && (j->err == -EPERM || j->err == -EOPNOTSUPP))
		return MS_EXIT_REFUSED;
	switch (j->outcome) {
	case MS_OUTCOME_COMPLETED:
		/* 0 means erased and verified; an overwrite nobody read back is only the first */
		return strcmp(j->kind, "erasure") == 0 && !j->firmware && j->verify_mode == MS_VERIFY_NONE && !j->dry_run ?
		       MS_EXIT_NOT_VERIFIED : MS_EXIT_OK;
	case MS_OUTCOME_COMPLETED_WITH_ERRORS: return MS_EXIT_WITH_ERRORS;
	case MS_OUTCOME_VERIFY_FAILED: return MS_EXIT_VERIFY_FAILED;
	case MS_OUTCOME_INTERRUPTED: return MS_EXIT_INTERRUPTED;
	case MS_OUTCOME_PENDING:
	case MS_OUTCOME_FAILED: break;
	}
	return MS_EXIT_ERASE_FAILED;
}

enum ms_exit ms_exit_of_check(enum ms_check c)
{
	switch (c) {
	case MS_CHECK_OK: return MS_EXIT_OK;
	case MS_CHECK_SIG_INVALID: return MS_EXIT_SIG_INVALID;
	case MS_CHECK_PARTIAL: return MS_EXIT_SIG_PARTIAL;
	case MS_CHECK_RECORD_MISMATCH: return MS_EXIT_RECORD_MISMATCH;
	case MS_CHECK_UNTRUSTED: return MS_EXIT_UNTRUSTED;
	case MS_CHECK_NOT_SIGNED: break;
	}
	return MS_EXIT_NOT_SIGNED;
}
