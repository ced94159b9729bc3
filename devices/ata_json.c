/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IDENTIFY data as JSON: for `devices show`, `decode-identify` and records. */
#include "ata_json.h"

struct ms_json *ms_ata_identify_json(const struct ms_ata_identify *id)
{
	struct ms_json *o = ms_json_obj();
	ms_json_set_str(o, "model", id->model);
	ms_json_set_str(o, "serial", id->serial);
	ms_json_set_str(o, "firmware", id->firmware);
	ms_json_set_bool(o, "lba48", id->lba48);
	ms_json_set_u64(o, "lba28_sectors", id->lba28_sectors);
	ms_json_set_u64(o, "lba48_sectors", id->lba48_sectors);
	ms_json_set_u64(o, "sectors", id->sectors);
	ms_json_set_u64(o, "logical_sector_size", id->logical_sector);
	ms_json_set_u64(o, "physical_sector_size", id->physical_sector);
	ms_json_set_u64(o, "rotation_rate", id->rotation);
	ms_json_set_bool(o, "trim", id->trim);
	ms_json_set_bool(o, "smart", id->smart);
	struct ms_json *s = ms_json_obj();
	ms_json_set_bool(s, "supported", id->sec_supported);
	ms_json_set_bool(s, "enabled", id->sec_enabled);
	ms_json_set_bool(s, "locked", id->sec_locked);
	ms_json_set_bool(s, "frozen", id->sec_frozen);
	ms_json_set_bool(s, "count_expired", id->sec_expired);
	ms_json_set_bool(s, "enhanced_erase", id->sec_enhanced);
	ms_json_set_str(s, "level", id->sec_maximum ? "maximum" : "high");
	ms_json_set_u64(s, "erase_minutes", id->erase_minutes);
	ms_json_set_u64(s, "enhanced_erase_minutes", id->enhanced_erase_minutes);
	ms_json_set(o, "security", s);
	struct ms_json *z = ms_json_obj();
	ms_json_set_bool(z, "supported", id->sanitize);
	ms_json_set_bool(z, "crypto_scramble", id->sanitize_crypto);
	ms_json_set_bool(z, "block_erase", id->sanitize_block);
	ms_json_set_bool(z, "overwrite", id->sanitize_overwrite);
	ms_json_set_bool(z, "antifreeze", id->sanitize_antifreeze);
	ms_json_set(o, "sanitize", z);
	struct ms_json *h = ms_json_obj();
	ms_json_set_bool(h, "hpa", id->hpa);
	ms_json_set_bool(h, "hpa_enabled", id->hpa_enabled);
	ms_json_set_bool(h, "dco", id->dco);
	ms_json_set_bool(h, "amac", id->amac);
	ms_json_set(o, "hidden_areas", h);
	ms_json_set_bool(o, "encrypts_all_data", id->encrypts_all);
	ms_json_set_str(o, "wwn", id->wwn);
	ms_json_set_bool(o, "checksum_present", id->checksum_present);
	ms_json_set_bool(o, "checksum_ok", id->checksum_present && id->checksum_ok);
	return o;
}
