/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NVMe admin command set (NVMe 2.0), pure: build admin commands, decode Identify
 * Controller / Namespace and the log pages massho reads. Transports (blk through
 * NVME_IOCTL_ADMIN_CMD, the emulated drive) execute them. */
#ifndef MS_DEVICES_NVME_H
#define MS_DEVICES_NVME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	MS_NVME_GET_LOG_PAGE = 0x02,
	MS_NVME_IDENTIFY = 0x06,
	MS_NVME_FORMAT = 0x80,
	MS_NVME_SECURITY_SEND = 0x81,
	MS_NVME_SECURITY_RECV = 0x82,
	MS_NVME_SANITIZE = 0x84,
};

enum { MS_NVME_LOG_SMART = 0x02, MS_NVME_LOG_SANITIZE = 0x81 };

/* Status: SCT 0 (generic) codes massho acts on. */
enum {
	MS_NVME_SC_SUCCESS = 0x00,
	MS_NVME_SC_INVALID_OPCODE = 0x01,
	MS_NVME_SC_INVALID_FIELD = 0x02,
	MS_NVME_SC_SANITIZE_FAILED = 0x1C,
	MS_NVME_SC_SANITIZE_IN_PROGRESS = 0x1D,
};

struct ms_nvme_cmd {
	uint8_t opcode;
	uint32_t nsid;
	uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
	void *data;
	uint32_t len;
	unsigned timeout_s;
	const char *name;
};

/* What the controller answered; the OS errno is kept apart by the transport. */
struct ms_nvme_status {
	bool valid;
	uint8_t sct, sc;   /* status code type and status code */
	bool dnr;          /* do not retry */
	uint32_t result;   /* completion dword 0 */
};

static inline bool ms_nvme_ok(const struct ms_nvme_status *s)
{
	return s->valid && s->sct == 0 && s->sc == 0;
}

/* Linux returns the 15-bit status field (SC 7:0, SCT 10:8, MORE 13, DNR 14). */
void ms_nvme_status_from_kernel(int status, uint32_t result, struct ms_nvme_status *st);
/* e.g. "Invalid Command Opcode (SCT 0h SC 01h)" */
void ms_nvme_status_text(const struct ms_nvme_status *st, char *out, size_t len);

/* ---- encoders ----------------------------------------------------------------------- */
void ms_nvme_identify_ctrl(struct ms_nvme_cmd *c, void *buf4096);
void ms_nvme_identify_ns(struct ms_nvme_cmd *c, uint32_t nsid, void *buf4096);
/* CNS 02h: the active namespace IDs greater than above (0: from the first). */
void ms_nvme_identify_active(struct ms_nvme_cmd *c, uint32_t above, void *buf4096);
/* CNS 10h: the allocated namespace IDs greater than above, attached or not (namespace
 * management, OACS bit 3). The same list format as CNS 02h. */
void ms_nvme_identify_allocated(struct ms_nvme_cmd *c, uint32_t above, void *buf4096);
void ms_nvme_get_log(struct ms_nvme_cmd *c, uint8_t lid, uint32_t nsid, void *buf, uint32_t len);

enum ms_nvme_ses { MS_NVME_SES_NONE = 0, MS_NVME_SES_USER = 1, MS_NVME_SES_CRYPTO = 2 };
/* Keep the namespace's LBA format (lbaf index), no protection information. */
void ms_nvme_format(struct ms_nvme_cmd *c, uint32_t nsid, unsigned lbaf, enum ms_nvme_ses ses, unsigned timeout_s);

enum ms_nvme_sanact { MS_NVME_SAN_EXIT_FAILURE = 1, MS_NVME_SAN_BLOCK = 2, MS_NVME_SAN_OVERWRITE = 3,
		      MS_NVME_SAN_CRYPTO = 4 };
/* ause: allow unrestricted sanitize exit (leave the failure state without a new
 * sanitize); no_dealloc: NDAS. Overwrite: pattern, passes 1..16. */
void ms_nvme_sanitize(struct ms_nvme_cmd *c, enum ms_nvme_sanact act, bool ause, bool no_dealloc,
		      uint32_t pattern, unsigned passes);

/* ---- decoders ----------------------------------------------------------------------- */
struct ms_nvme_ctrl {
	char model[41], serial[21], firmware[9];
	uint16_t oacs;
	bool security, format, sanitize_any;
	bool ns_management;             /* OACS bit 3: namespaces may exist that are not attached */
	uint8_t fna;
	bool format_all_ns, erase_all_ns, crypto_erase_format;
	uint32_t sanicap;
	bool san_crypto, san_block, san_overwrite, san_no_dealloc_inhibited;
	uint32_t nn;
	/* Total and unallocated NVM capacity in bytes (saturated at UINT64_MAX); 0 when the
	 * controller does not report them (no namespace management). */
	uint64_t tnvmcap, unvmcap;
};
int ms_nvme_ctrl_decode(const uint8_t raw[4096], struct ms_nvme_ctrl *out);

/* An active namespace ID list (CNS 02h): up to max IDs into out, ascending, stopping
 * at the first zero. Returns the count, or -EINVAL when the list is not ascending or
 * holds a reserved ID (FFFFFFFEh, FFFFFFFFh), -E2BIG past max. *more: the list filled the page (1024
 * entries): ask again above the last. Pure. */
int ms_nvme_active_decode(const uint8_t raw[4096], uint32_t *out, size_t max, bool *more);

struct ms_nvme_ns {
	uint64_t nsze, ncap, nuse;
	unsigned lbaf;           /* format in use */
	unsigned nlbaf;          /* number of formats */
	uint32_t lba_size;       /* bytes */
	uint16_t metadata;       /* bytes per LBA */
	char nguid[33], eui64[17];  /* hex, "" when zero */
};
int ms_nvme_ns_decode(const uint8_t raw[4096], struct ms_nvme_ns *out);

enum ms_nvme_sstat {
	MS_NVME_SSTAT_NEVER = 0,
	MS_NVME_SSTAT_SUCCESS = 1,
	MS_NVME_SSTAT_IN_PROGRESS = 2,
	MS_NVME_SSTAT_FAILED = 3,
	MS_NVME_SSTAT_SUCCESS_NO_DEALLOC = 4,
};
struct ms_nvme_sanlog {
	uint16_t sprog;              /* progress, of 65536 */
	enum ms_nvme_sstat status;   /* SSTAT 2:0 */
	unsigned passes_done;        /* SSTAT 7:3 */
	bool global_erased;          /* SSTAT bit 8 */
	uint32_t scdw10;             /* the sanitize command being run */
	uint32_t est_overwrite, est_block, est_crypto; /* seconds, 0xFFFFFFFF unknown */
};
int ms_nvme_sanlog_decode(const uint8_t raw[512], struct ms_nvme_sanlog *out);
const char *ms_nvme_sstat_name(enum ms_nvme_sstat s);

struct ms_nvme_smart {
	uint8_t critical_warning, percentage_used;
	uint64_t power_on_hours, media_errors, unsafe_shutdowns;
};
int ms_nvme_smart_decode(const uint8_t raw[512], struct ms_nvme_smart *out);

#endif
