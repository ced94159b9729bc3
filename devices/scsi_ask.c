/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "scsi_ask.h"

#include <errno.h>
#include <string.h>

/* INQUIRY VPD page into buf; the length the device returned, or -errno. */
static int vpd(struct ms_xport *x, uint8_t page, uint8_t *buf, size_t len)
{
	struct ms_scsi_cmd c;
	struct ms_scsi_status st;
	memset(buf, 0, len);
	ms_scsi_inquiry(&c, true, page, buf, (uint16_t)len);
	int r = ms_xport_scsi(x, &c, &st);
	if (r)
		return r;
	return ms_scsi_good(&st) ? (int)ms_scsi_got(&c) : -EIO;
}

enum ms_scsi_rotation ms_scsi_ask_rotation(struct ms_xport *x)
{
	uint8_t buf[255];
	bool has = false;
	struct ms_scsi_bdc bdc;
	int n = vpd(x, 0x00, buf, sizeof buf);
	if (n < 0 || ms_scsi_vpd00_has(buf, (size_t)n, 0xB1, &has) || !has)
		return MS_SCSI_ROT_UNREPORTED;
	n = vpd(x, 0xB1, buf, sizeof buf);
	if (n < 0 || ms_scsi_vpdb1_decode(buf, (size_t)n, &bdc))
		return MS_SCSI_ROT_UNREPORTED;
	return bdc.rotation;
}

int ms_scsi_ask_serial(struct ms_xport *x, char *out, size_t len)
{
	uint8_t buf[256];
	int n = vpd(x, 0x80, buf, sizeof buf);
	if (n < 0)
		return n;
	return ms_scsi_vpd80_decode(buf, (size_t)n, out, len) == 0 && out[0] ? 0 : -ENODATA;
}

int ms_scsi_ask_naa(struct ms_xport *x, char *out, size_t len)
{
	uint8_t buf[256];
	int n = vpd(x, 0x83, buf, sizeof buf);
	if (n < 0)
		return n;
	return ms_scsi_vpd83_naa(buf, (size_t)n, out, len) == 0 && out[0] ? 0 : -ENODATA;
}
