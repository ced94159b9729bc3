/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "nvme_json.h"

struct ms_json *ms_nvme_json(const struct ms_nvme_ctrl *c, const struct ms_nvme_ns *ns,
			     const struct ms_nvme_sanlog *sl)
{
	struct ms_json *o = ms_json_obj();
	ms_json_set_str(o, "model", c->model);
	ms_json_set_str(o, "serial", c->serial);
	ms_json_set_str(o, "firmware", c->firmware);
	ms_json_set_u64(o, "oacs", c->oacs);
	ms_json_set_bool(o, "format_nvm", c->format);
	ms_json_set_bool(o, "security_send_receive", c->security);
	ms_json_set_bool(o, "crypto_erase_in_format", c->crypto_erase_format);
	ms_json_set_bool(o, "format_applies_to_all_namespaces", c->format_all_ns);
	struct ms_json *s = ms_json_obj();
	ms_json_set_u64(s, "sanicap", c->sanicap);
	ms_json_set_bool(s, "crypto_erase", c->san_crypto);
	ms_json_set_bool(s, "block_erase", c->san_block);
	ms_json_set_bool(s, "overwrite", c->san_overwrite);
	if (sl) {
		ms_json_set_str(s, "last_status", ms_nvme_sstat_name(sl->status));
		ms_json_set_u64(s, "progress", sl->sprog);
		ms_json_set_u64(s, "estimated_crypto_erase_s", sl->est_crypto);
		ms_json_set_u64(s, "estimated_block_erase_s", sl->est_block);
		ms_json_set_u64(s, "estimated_overwrite_s", sl->est_overwrite);
	}
	ms_json_set(o, "sanitize", s);
	if (ns) {
		struct ms_json *n = ms_json_obj();
		ms_json_set_u64(n, "size_blocks", ns->nsze);
		ms_json_set_u64(n, "lba_size", ns->lba_size);
		ms_json_set_u64(n, "lba_format", ns->lbaf);
		ms_json_set_str(n, "nguid", ns->nguid);
		ms_json_set_str(n, "eui64", ns->eui64);
		ms_json_set(o, "namespace", n);
	}
	return o;
}
