/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "maker.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

/* Model prefixes as drives report them in IDENTIFY (case-insensitive). Where two makers
 * share a prefix the longer prefix is listed first. */
static const struct {
	const char *prefix, *maker;
} models[] = {
	{"MASSHO EMU", "massho (emulated drive)"},
	{"WDC ", "Western Digital"}, {"WD", "Western Digital"},
	{"Samsung ", "Samsung"}, {"MZ", "Samsung"},
	{"HGST ", "HGST"}, {"HUS", "HGST"}, {"HTS", "HGST"}, {"HDS", "Hitachi"}, {"HDT", "Hitachi"},
	{"HUA", "HGST"}, {"Hitachi ", "Hitachi"},
	{"TOSHIBA ", "Toshiba"}, {"KIOXIA", "Kioxia"},
	{"INTEL ", "Intel"}, {"SSDSA", "Intel"}, {"SSDSC", "Intel"},
	{"Crucial", "Crucial (Micron)"}, {"Micron", "Micron"}, {"MTFD", "Micron"},
	{"KINGSTON ", "Kingston"}, {"SanDisk ", "SanDisk"}, {"SDSSD", "SanDisk"},
	{"Maxtor ", "Maxtor"}, {"FUJITSU ", "Fujitsu"}, {"ADATA ", "ADATA"}, {"IC35", "IBM"},
	{"IBM-", "IBM"}, {"Corsair ", "Corsair"}, {"SK hynix", "SK hynix"}, {"TEAM ", "Team Group"},
};

/* IEEE OUIs of drive makers, as they appear in an NAA 5 WWN. */
static const struct {
	const char *oui, *maker;
} ouis[] = {
	{"000c50", "Seagate"}, {"0014ee", "Western Digital"}, {"002538", "Samsung"}, {"00a075", "Micron"},
	{"000039", "Toshiba"}, {"000cca", "HGST"}, {"001b44", "SanDisk"}, {"0024e9", "Samsung"},
	{"00080d", "Toshiba"}, {"001173", "Kioxia"},
};

static const char *from_wwn(const char *wwn)
{
	if (!wwn)
		return NULL;
	if (strncasecmp(wwn, "0x", 2) == 0)
		wwn += 2;
	else if (strncasecmp(wwn, "naa.", 4) == 0)
		wwn += 4;
	if (wwn[0] != '5' || strlen(wwn) < 7)
		return NULL;
	char oui[7];
	for (int i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)wwn[1 + i]))
			return NULL;
		oui[i] = (char)tolower((unsigned char)wwn[1 + i]);
	}
	oui[6] = '\0';
	for (size_t i = 0; i < sizeof ouis / sizeof ouis[0]; i++)
		if (strcmp(oui, ouis[i].oui) == 0)
			return ouis[i].maker;
	return NULL;
}

const char *ms_maker(const char *vendor, const char *model, const char *wwn)
{
	/* a SCSI vendor is the maker's; "ATA" (libata's SAT) and generic names are not */
	if (vendor && vendor[0] && strcasecmp(vendor, "ATA") && strcasecmp(vendor, "NVMe") &&
	    strcasecmp(vendor, "Linux") && strcasecmp(vendor, "QEMU"))
		return vendor;
	for (size_t i = 0; model && i < sizeof models / sizeof models[0]; i++)
		if (strncasecmp(model, models[i].prefix, strlen(models[i].prefix)) == 0)
			return models[i].maker;
	/* Seagate: "ST" and a digit */
	if (model && strncmp(model, "ST", 2) == 0 && isdigit((unsigned char)model[2]))
		return "Seagate";
	return from_wwn(wwn);
}
