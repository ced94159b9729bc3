/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The policy parser (erase/policy.c): a site's policy file is text an administrator
 * writes, given with --policy. A policy that parses is then used as the erase uses it:
 * a choice for every class on a few typical drives, and the allow check. */
#include "fuzz.h"

#include "../../erase/policy.h"

/* Drives of every medium, with and without firmware methods. */
static const struct ms_caps drives[] = {
	{.medium = MS_PM_HDD, .ata = true, .sec = true, .sec_enhanced = true, .hidden_present = true,
	 .hidden_restorable = true, .capacity = 1ull << 40, .erase_minutes = 120, .enhanced_minutes = 120},
	{.medium = MS_PM_SATA_SSD, .ata = true, .sec = true, .ata_san_block = true, .ata_san_crypto = true,
	 .capacity = 1ull << 39},
	{.medium = MS_PM_NVME, .nvme = true, .nvme_format = true, .nvme_crypto_format = true,
	 .nvme_san_block = true, .nvme_san_crypto = true, .capacity = 1ull << 39},
	{.medium = MS_PM_SAS_SSD, .scsi = true, .capacity = 1ull << 40},
	{.medium = MS_PM_USB_FLASH, .usb = true, .capacity = 1ull << 34},
	{.medium = MS_PM_UNKNOWN},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	if (!text)
		return 0;
	static struct ms_policy p;
	char why[300];
	if (ms_policy_parse(text, "fuzz.policy", &p, why, sizeof why) == 0) {
		for (size_t i = 0; i < sizeof drives / sizeof drives[0]; i++)
			for (int cls = 0; cls < MS_CLASS_COUNT; cls++) {
				struct ms_decision d;
				ms_policy_choose(&p, &drives[i], (enum ms_class)cls, &d);
				(void)ms_policy_allows(&p, drives[i].medium, (enum ms_class)cls, d.chosen.id);
			}
	}
	free(text);
	return 0;
}
