/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "firmware.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/util.h"
#include "ata_erase.h"
#include "ata_exec.h"
#include "bridge.h"
#include "caps.h"
#include "journal.h"
#include "nsproof.h"
#include "nvme_erase.h"
#include "sample.h"
#include "scsi_erase.h"

static int check_attachment(struct ms_xport *x, struct ms_job *job)
{
	if (job->dev.transport != MS_TRANSPORT_USB)
		return 0;
	/* Table 7-1-1: security erase is not supported over USB; bridges also drop or
	 * invent the status a firmware erase is judged by. NVMe behind a bridge: identify
	 * only. An ATA drive behind a bridge that passes the self-test may go on. */
	char why[160];
	int r = job->dev.medium == MS_MEDIUM_NVME ? -EOPNOTSUPP : ms_bridge_selftest(x, job, why, sizeof why);
	if (job->dev.medium == MS_MEDIUM_NVME)
		snprintf(why, sizeof why, N_("NVMe admin commands do not pass through USB bridges"));
	if (job->journal) {
		struct ms_json *f = ms_json_obj();
		ms_json_set_str(f, "bridge", job->dev.usb_bridge);
		ms_json_set_bool(f, "trusted", r == 0);
		ms_json_set_str(f, "why", r ? why : "registers and aborts come back faithfully");
		ms_journal_append(job->journal, "bridge-selftest", f);
	}
	snprintf(job->bridge_check, sizeof job->bridge_check, "%s", r ? why : N_("passed: registers and aborts come back"));
	if (!r)
		return 0;
	ms_job_fail(job, -EOPNOTSUPP, N_("the drive is behind a USB bridge%s%s and %s: a firmware erase cannot be "
		    "vouched for; attach it to a SATA/M.2 port, or use an overwrite where the class allows it "
		    "(--method overwrite)"), job->dev.usb_bridge[0] ? " " : "", job->dev.usb_bridge, why);
	return -EOPNOTSUPP;
}

/* The engine of the command set the drive speaks: NVMe; SCSI for SAS and for a disk
 * behind another HBA that answers no ATA IDENTIFY (virtio-scsi); ATA otherwise. */
static ms_fw_engine_fn engine_for(struct ms_xport *x)
{
	enum ms_transport t = x->dev.transport;
	struct ms_ata_identify id;
	if (t == MS_TRANSPORT_NVME)
		return ms_nvme_erase;
	/* a SATA drive on a SAS HBA answers IDENTIFY: it is an ATA drive */
	if (t != MS_TRANSPORT_USB && ms_caps_scsi_bus(t) && ms_ata_run_identify(x, NULL, &id) != 0)
		return ms_scsi_erase;
	return ms_ata_erase;
}

/* The drive said it is done: what do the sampled sectors (and, with full_hash, the
 * whole device) hold now? Sets the outcome. */
static int prove(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o, bool resumed)
{
	if (resumed) { /* no "before" could be read: the proof is what the drive holds now */
		uint64_t lbas[MS_SAMPLE_MAX];
		ms_random_bytes(&job->proof.seed, sizeof job->proof.seed);
		job->proof.n = ms_sample_lbas(job->proof.seed, x->dev.capacity / x->dev.logical_sector, 64, lbas);
		job->proof.after_only = true;
		for (size_t i = 0; i < job->proof.n; i++)
			job->proof.s[i].lba = lbas[i];
	}
	ms_sample_after(x, job, ms_method(o->method)->expects_zeros);
	bool others = ms_nsproof_after(job, ms_method(o->method)->expects_zeros);
	if (o->full_hash) {
		ms_job_set_state(job, MS_JOB_VERIFYING);
		int r = ms_device_read_back(x, job, o->abort);
		if (!r && ms_nsproof_hash(job, o->abort))
			others = false; /* a namespace that cannot be read back is not vouched for */
		if (r) {
			ms_job_fail(job, r, N_("reading the device back failed: %s"), strerror(-r));
			ms_now(&job->ended);
			return r;
		}
	}
	bool passed = job->proof.passed && others;
	job->verify.result = passed ? MS_VERIFY_PASSED : MS_VERIFY_FAILED;
	/* Sectors the drive cannot read after its own erase are listed, as an overwrite lists
	 * them: "completed with errors", judged by the class (they may hold old data). */
	job->outcome = !passed ? MS_OUTCOME_VERIFY_FAILED :
		       job->bad_bytes ? MS_OUTCOME_COMPLETED_WITH_ERRORS : MS_OUTCOME_COMPLETED;
	if (!job->proof.passed)
		snprintf(job->failure, sizeof job->failure, N_("the drive reported success but sampled sectors did not "
			 "change (%s): the erase cannot be vouched for"), job->proof.verdict);
	ms_now(&job->ended);
	ms_job_set_state(job, passed ? MS_JOB_DONE : MS_JOB_FAILED);
	return 0;
}

int ms_firmware_run(struct ms_xport *x, struct ms_job *job, const struct ms_fw_opts *o)
{
	bool resumed = false;
	job->firmware = true;
	job->dry_run = x->no_act;
	job->verify_mode = o->full_hash ? MS_VERIFY_FULL : MS_VERIFY_NONE;
	ms_strlcpy(job->method, ms_method_name(o->method), sizeof job->method);
	ms_now(&job->started);
	ms_job_set_state(job, MS_JOB_RUNNING);
	int r = -EINVAL;
	if (!ms_method_is_firmware(o->method))
		ms_job_fail(job, r, N_("%s is not a firmware method"), ms_method_name(o->method));
	else if (!(r = check_attachment(x, job)))
		r = engine_for(x)(x, job, o, &resumed);
	if (!r && !x->no_act)
		return prove(x, job, o, resumed);
	ms_now(&job->ended);
	if (!r) {
		job->outcome = MS_OUTCOME_COMPLETED;
		ms_job_set_state(job, MS_JOB_DONE);
	}
	return r;
}
