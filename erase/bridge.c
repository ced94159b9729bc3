/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "bridge.h"

#include <errno.h>
#include <stdio.h>

#include "../util/i18n.h"
#include "ata_exec.h"

int ms_bridge_selftest(struct ms_xport *x, struct ms_job *job, char *why, size_t len)
{
	struct ms_ata_cmd c;
	struct ms_ata_status st;
	uint8_t raw[512];
	struct ms_ata_identify id;
	ms_ata_identify(&c, raw);
	int r = ms_ata_run(x, job, &c, &st);
	if (r == -EOPNOTSUPP) {
		snprintf(why, len, N_("no ATA commands pass through it"));
		return -EOPNOTSUPP;
	}
	if (r || !st.valid || !ms_ata_ok(&st) || ms_ata_identify_decode(raw, &id) ||
	    (id.checksum_present && !id.checksum_ok)) {
		snprintf(why, len, N_("IDENTIFY DEVICE does not come back intact through it%s"),
			 r || st.valid ? "" : N_(" (no status registers)"));
		return -EPROTO;
	}
	ms_ata_nop(&c);
	r = ms_ata_run(x, job, &c, &st);
	if (r || !st.valid) {
		snprintf(why, len, N_("it returns no status registers (a NOP came back %s)"), r ? N_("without an answer") : N_("empty"));
		return -EPROTO;
	}
	if (!ms_ata_aborted(&st)) {
		snprintf(why, len, N_("it reports success for a command every drive aborts (NOP: status 0x%02x)"), st.status);
		return -EPROTO;
	}
	return 0;
}
