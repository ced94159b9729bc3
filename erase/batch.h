/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The erase use case: "erase these drives as this request (or the policy) says". Every
 * front end — the command line, the station UI, the unattended station — calls
 * ms_erase_batch() and only parses, asks, shows and maps results to its exit codes.
 *
 * The whole batch is validated before any drive is written: every name described and
 * checked (boot medium, mounted, busy), the policy applied per drive, every drive
 * confirmed, opened, the record directory writable and each job journaled ("planned").
 * One wrong name stops the batch. Then each drive is erased on its own thread (a locked
 * self-encrypting drive is refused, hidden areas are detected and, when asked, restored
 * around an overwrite), and each finished job becomes a record, a certificate and, for
 * Figure 41 row 1, a handover record — through a sink that report/ provides
 * (ms_report_sink()), so that erase/ needs nothing above it. Nothing here prints or exits. */
#ifndef MS_ERASE_BATCH_H
#define MS_ERASE_BATCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "../devices/device.h"
#include "job.h"
#include "methods.h"
#include "overwrite.h"
#include "policy.h"

#define MS_BATCH_MAX 64

/* What went wrong, for the front end's translation to its exit codes and screens. */
enum ms_fault {
	MS_FAULT_NONE,
	MS_FAULT_USAGE,     /* the request itself: a drive named twice, too many drives */
	MS_FAULT_DEVICE,    /* no such device, cannot be opened (err says which: -EBUSY is "in use") */
	MS_FAULT_REFUSED,   /* boot medium, mounted, held, partition, read-only */
	MS_FAULT_POLICY,    /* the class cannot be met, or the policy does not accept the method */
	MS_FAULT_CONFIRM,   /* the operator did not confirm this drive */
	MS_FAULT_ARTIFACT,  /* journal, record, certificate or handover not written (-EILSEQ: text) */
	MS_FAULT_INTERNAL,  /* no randomness, no memory */
	MS_FAULT_ENGINE,    /* the erase ran: the job's outcome says how it ended */
};

enum ms_erase_ev {
	MS_EV_ERROR,        /* fault, err, object, text */
	MS_EV_WARNING,      /* object, text: nothing fails (the ledger could not be appended) */
	MS_EV_ERASED,       /* every engine has ended (a progress display closes here) */
	MS_EV_DRY_RUN,      /* job: what a dry run generated */
	MS_EV_OUTCOME,      /* job: how the erase ended */
	MS_EV_RECORD,       /* text: the record's path */
	MS_EV_CERTIFICATE,  /* text: the signed PDF's path */
	MS_EV_HANDOVER,     /* text: the handover record's path, when: the deadline, job: the erase before it */
};

struct ms_erase_event {
	enum ms_erase_ev kind;
	size_t index;              /* the drive (its place in the request); SIZE_MAX: the batch */
	const char *object;        /* the thing the message is about: device name, directory, path */
	enum ms_fault fault;
	int err;                   /* -errno, or 0 */
	const char *text;
	const char *when;          /* MS_EV_HANDOVER: destroy by YYYY-MM-DD */
	const struct ms_job *job;  /* MS_EV_DRY_RUN, MS_EV_OUTCOME, MS_EV_HANDOVER */
};

/* Handover record meta (Figure 41 row 1). */
struct ms_handover_req {
	const char *witness, *destroy_by, *operator_name;
	const char *camera;          /* a camera or video reference, with or instead of a witness */
};

/* What becomes of a finished job (report/ implements it: ms_report_sink()). Each returns
 * 0 or -errno with why; paths are written to out. */
struct ms_erase_sink {
	/* Write the job's record in dir: its path in out, and in sha256 the hash of the bytes
	 * written, as they were in memory (what the journal vouches for). */
	int (*record)(void *ctx, const struct ms_job *job, const char *dir, char *out, size_t len, char sha256[65]);
	/* 1 when no certificate is to be issued (no key given). */
	int (*certify)(void *ctx, const char *record_path, char *out, size_t len, char *why, size_t whylen);
	/* The handover of the erasure record at erasure_path, whose bytes must still hash to
	 * erasure_sha256. *object: erasure_path or dir, whichever is at fault. */
	int (*handover)(void *ctx, const char *erasure_path, const char *erasure_sha256, const char *dir,
			const struct ms_handover_req *h, char *out, size_t len, char sha256[65], const char **object,
			char *why, size_t whylen);
	bool certifies;            /* certify will issue (a key was given): the journal says one is due */
	void *ctx;
};

/* The front end's side: events in the order they happen (from the calling thread, except
 * progress), the confirmation question, progress per drive. Any may be NULL. */
struct ms_erase_ui {
	void (*event)(void *ctx, const struct ms_erase_event *ev);
	/* No token matched the drive's serial (or path): may the front end ask someone? */
	bool (*confirm)(void *ctx, const struct ms_device *d);
	void (*progress)(void *ctx, size_t index, const struct ms_progress *p);
	void *ctx;
};

struct ms_erase_request {
	const char *const *devices;  /* names: /dev/sdX, image files, emu:PROFILE:IMAGE */
	size_t ndevices;
	enum ms_method method;       /* without a class, or with method_given */
	bool method_given;           /* --method: checked against the policy under a class */
	struct ms_overwrite_opts ow; /* passes, verification, chunk, depth, retries */
	bool restore_hidden;         /* overwrite: remove HPA/DCO first, fail closed if impossible */
	bool unfreeze;               /* security erase of a frozen drive: suspend/resume first */
	bool dry_run;                /* generate everything, write nothing, no artifacts */
	bool cls_set;                /* the policy decides per drive */
	enum ms_class cls;
	const struct ms_policy *policy;
	const char *const *tokens;   /* confirmations: serial numbers, or paths */
	size_t ntokens;
	const char *state_dir;       /* journal */
	const char *out_dir;         /* records */
	const char *sysroot;         /* where sys/ and proc/ are read ("" for /) */
	const char *operator_name, *witness, *destroy_by, *camera;
	/* Figure 41's custody column for rows 1 and 2: pre-erase on the premises (at least row
	 * 3's level, ms_policy_choose_custody) and write a handover record (row 1 always has it) */
	bool custody;
	/* The contractor's erase of a handed-over drive: the handover it completes (by id and
	 * the SHA-256 of its file, journaled as "completes" when the erase completed and named
	 * in the record), and the identity hash the drive must have (else refused, unwritten). */
	const char *completes_id, *completes_sha256, *expect_identity;
	const atomic_bool *abort;    /* set by the front end to stop every engine */
};

/* For the use cases in erase/ (batch, unlock): pass an event to the front end (ui and its
 * callback may be NULL), or an error built from fmt, returning its fault. */
void ms_erase_emit(const struct ms_erase_ui *ui, const struct ms_erase_event *ev);
enum ms_fault ms_erase_fail(const struct ms_erase_ui *ui, size_t index, enum ms_fault f, int err, const char *obj,
			    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Run the batch. Returns MS_FAULT_NONE when every drive was erased and recorded, else
 * the first fault (MS_FAULT_ENGINE when an erase did not end "completed"); the events
 * say everything, per drive. When anything fails before the first write, nothing is
 * written to any drive. */
enum ms_fault ms_erase_batch(const struct ms_erase_request *rq, const struct ms_erase_ui *ui,
			     const struct ms_erase_sink *sink);

#endif
