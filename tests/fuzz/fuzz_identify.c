/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ATA IDENTIFY DEVICE (and the other 512-byte ATA data the drive sends: DCO IDENTIFY,
 * SMART READ DATA) decoders, fed two ways: as hdparm --Istdout hex text, the format of
 * the fixtures and of `devices decode-identify`, and as the raw sector a drive returns.
 * The decoded identity then goes through its JSON view, as `devices show --json` does. */
#include "fuzz.h"

#include "../../devices/ata.h"
#include "../../devices/ata_json.h"
#include "../../util/json.h"

static void decode(const uint8_t raw[512])
{
	struct ms_ata_identify id;
	if (ms_ata_identify_decode(raw, &id) == 0) {
		struct ms_json *j = ms_ata_identify_json(&id);
		free(ms_json_render(j, 0));
		ms_json_free(j);
	}
	struct ms_ata_dco dco;
	ms_ata_dco_decode(raw, &dco);
	struct ms_ata_smart sm;
	ms_ata_smart_decode(raw, &sm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t raw[512];
	char *text = fuzz_text(data, size);
	if (text && ms_ata_identify_parse_hex(text, raw) == 0)
		decode(raw);
	free(text);
	fuzz_fill(raw, sizeof raw, data, size);
	decode(raw);
	return 0;
}
