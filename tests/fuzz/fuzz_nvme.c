/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NVMe Identify Controller and Identify Namespace (4096 bytes each) and the Sanitize
 * Status and SMART / Health log pages (512 bytes) decoders. The drive fills a fixed
 * buffer, so the input is that buffer (short inputs end in zeros); each decoder reads the
 * same bytes, as all of them must accept any 4 KiB a drive may return. The decoded
 * controller goes through its JSON view as `devices show --json` prints it. The same page
 * as an active namespace ID list (CNS 02h): never more IDs than asked for. */
#include "fuzz.h"

#include "../../devices/nvme.h"
#include "../../devices/nvme_json.h"
#include "../../util/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t page[4096];
	fuzz_fill(page, sizeof page, data, size);
	struct ms_nvme_ctrl c;
	struct ms_nvme_ns ns;
	struct ms_nvme_sanlog sl;
	struct ms_nvme_smart sm;
	int rc = ms_nvme_ctrl_decode(page, &c);
	int rn = ms_nvme_ns_decode(page, &ns);
	int rl = ms_nvme_sanlog_decode(page, &sl);
	ms_nvme_smart_decode(page, &sm);
	uint32_t ids[8];
	bool more;
	int na = ms_nvme_active_decode(page, ids, 8, &more); /* the active namespace list */
	if (na > 8)
		__builtin_trap();
	(void)ms_nvme_sstat_name(sl.status);
	if (rc == 0) {
		struct ms_json *j = ms_nvme_json(&c, rn == 0 ? &ns : NULL, rl == 0 ? &sl : NULL);
		free(ms_json_render(j, 0));
		ms_json_free(j);
	}
	return 0;
}
