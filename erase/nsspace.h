/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The namespaces of an NVMe controller: what the controller says it has (Identify: the
 * active namespace list, each namespace's format, FNA, unallocated capacity) against
 * what this system can read back (the block devices of struct ms_device). A drive is the
 * controller: an erase that leaves a namespace, or capacity outside every namespace,
 * untouched or unread is refused with the reason (docs/nvme-namespaces.md). */
#ifndef MS_ERASE_NSSPACE_H
#define MS_ERASE_NSSPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../devices/device.h"

struct ms_nvme_space {
	bool read;                   /* the controller answered Identify Controller */
	bool listed;                 /* ... and its active namespace list */
	uint32_t nn;                 /* NN: the most namespaces it can have */
	size_t n;                    /* active namespaces */
	uint32_t nsid[MS_MAX_NS];
	unsigned lbaf[MS_MAX_NS];    /* the LBA format each uses (Format NVM keeps it) */
	uint64_t bytes[MS_MAX_NS];
	bool overflow;               /* more active namespaces than MS_MAX_NS */
	uint32_t unidentified;       /* a namespace whose Identify Namespace failed (0: none) */
	bool fna_all;                /* FNA bit 0: a Format NVM reaches every namespace */
	uint64_t unallocated;        /* UNVMCAP: NVM capacity in no namespace */
	size_t unseen;               /* active namespaces with no block device here */
	size_t detached;             /* allocated namespaces not attached to this controller */
	uint32_t first_detached;
	size_t os_nns;               /* namespaces this system shows (struct ms_device), read or not */
	bool os_overflow;            /* ... more than MS_MAX_NS */
	uint32_t first_unseen;
};

/* What an erase reaches: one namespace (the host's overwrite), every namespace (Format
 * NVM), the whole controller including unallocated capacity (Sanitize). */
enum ms_ns_reach { MS_REACH_ONE, MS_REACH_NAMESPACES, MS_REACH_CONTROLLER };

/* Why an erase of this reach cannot be vouched for on this controller, in words, or
 * NULL (why untouched) when it can. A controller that did not answer Identify has none
 * only when this system shows it one namespace. Pure. */
const char *ms_nvme_space_problem(const struct ms_nvme_space *s, enum ms_ns_reach reach, char *why, size_t len);

/* May every other namespace of d's controller be erased with it? An erase of the drive
 * reaches them all, so each is checked as the device itself is (ms_preflight: boot
 * medium, mounted, held, read-only). Returns 0, or ms_preflight's code with why naming
 * the namespace. */
int ms_nvme_namespaces_free(const struct ms_device *d, char *why, size_t len);

struct ms_xport;
struct ms_job;
/* Ask the controller, read-only (Identify Controller, Active Namespace List, Identify
 * Namespace of each), and match each active namespace with x->dev.ns. job may be NULL
 * (plans); with a job the commands are logged. Returns 0, or -errno when Identify
 * Controller got no answer (s->read false). */
int ms_nvme_space_read(struct ms_xport *x, struct ms_job *job, struct ms_nvme_space *s);

#endif
