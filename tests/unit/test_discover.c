/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Discovery replayed on tests/fixtures/sysroot-pc (see make-sysroot-pc.py). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../devices/discover.h"
#include "../../devices/xport.h"
#include "../../devices/maker.h"
#include "suites.h"

#define ROOT "../fixtures/sysroot-pc"

static const struct ms_device *find(const struct ms_device *d, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].name, name) == 0)
			return &d[i];
	ck_abort_msg("%s not listed", name);
	return NULL;
}

START_TEST(list_replayed_tree)
{
	struct ms_device *d;
	size_t n;
	ck_assert_int_eq(ms_discover_list(ROOT, &d, &n), 0);
	ck_assert_uint_eq(n, 7); /* loop1 has no size and is left out */
	ck_assert_str_eq(d[0].name, "loop0");

	const struct ms_device *sda = find(d, n, "sda");
	ck_assert(sda->boot_medium && sda->mounted);
	ck_assert_ptr_nonnull(strstr(sda->mountpoints, "/boot/efi"));
	ck_assert_int_eq(sda->transport, MS_TRANSPORT_SATA);
	ck_assert_int_eq(sda->medium, MS_MEDIUM_HDD);
	ck_assert_str_eq(sda->model, "WDC WD10EZEX-08W");
	ck_assert_str_eq(sda->serial, "WD-WCC6Y0ABCDEF");
	ck_assert_str_eq(sda->firmware, "1A01");
	ck_assert_str_eq(sda->wwn, "naa.50014ee2b5c0a1b2");
	ck_assert(sda->capacity == 1953525168ull * 512);
	ck_assert_uint_eq(sda->physical_sector, 4096);
	ck_assert_uint_eq(sda->nparts, 2);
	ck_assert_str_eq(sda->parts[1].name, "sda2");
	ck_assert_str_eq(sda->identity_hash, "631e55e9018baf16d7c46c04534a304ef1efd5bf2e32ca7c4b9a344fac4b3936");

	const struct ms_device *nv = find(d, n, "nvme0n1");
	ck_assert_int_eq(nv->transport, MS_TRANSPORT_NVME);
	ck_assert_int_eq(nv->medium, MS_MEDIUM_NVME);
	ck_assert_str_eq(nv->serial, "S5GXNX0R123456A");
	ck_assert_str_eq(nv->firmware, "5B2QGXA7");
	ck_assert_str_eq(nv->wwn, "eui.002538b511b2c3d4");
	ck_assert(nv->mounted && !nv->boot_medium);
	ck_assert_str_eq(nv->mountpoints, "/data");

	const struct ms_device *usb = find(d, n, "sdb");
	ck_assert_int_eq(usb->transport, MS_TRANSPORT_USB);
	ck_assert_int_eq(usb->medium, MS_MEDIUM_USB_FLASH);
	ck_assert_str_eq(usb->usb_bridge, "0781:5581");
	ck_assert_str_eq(usb->serial, "4C530001230308117154");
	ck_assert(!usb->mounted && !usb->boot_medium && usb->removable);

	const struct ms_device *raid = find(d, n, "sdc");
	ck_assert_str_eq(raid->holders, "md127");
	ck_assert_int_eq(raid->medium, MS_MEDIUM_SSD);

	const struct ms_device *sas = find(d, n, "sdd");
	ck_assert_int_eq(sas->transport, MS_TRANSPORT_SAS);
	ck_assert(sas->mounted);
	ck_assert_str_eq(sas->mountpoints, "[swap]");

	const struct ms_device *loop = find(d, n, "loop0");
	ck_assert_int_eq(loop->medium, MS_MEDIUM_LOOP);
	ck_assert_str_eq(loop->backing_file, "/var/tmp/disk.img");
	free(d);
}
END_TEST

/* The names below are resolved in the fixture sysroot only (ROOT): ms_describe reads
 * sysfs files under it and never opens a device node. */
START_TEST(describe_by_path)
{
	struct ms_device d;
	char why[100];
	ck_assert_int_eq(ms_describe("/dev/sda1", ROOT, &d, why, sizeof why), 0);
	ck_assert(d.is_partition);
	ck_assert(d.mounted);
	ck_assert_int_eq(ms_describe("/dev/sdq", ROOT, &d, why, sizeof why), -ENOENT);
	ck_assert_int_eq(ms_describe("/dev/sdb", ROOT, &d, why, sizeof why), 0);
	ck_assert_str_eq(d.path, "/dev/sdb");
	ck_assert(!d.mounted && !d.boot_medium && !d.holders[0]);
}
END_TEST

START_TEST(describe_live_paths)
{
	struct ms_device d;
	char why[100];
	ck_assert_int_eq(ms_describe("/nonexistent/disk", NULL, &d, why, sizeof why), -ENOENT);
	ck_assert_int_eq(ms_describe("/tmp", NULL, &d, why, sizeof why), -EISDIR);
	ck_assert_int_eq(ms_describe("/dev/null", NULL, &d, why, sizeof why), -ENOTBLK);
}
END_TEST

/* Who made it: the SCSI vendor when it is one, else the model's prefix, else the WWN's
 * OUI; never "ATA". */
START_TEST(maker_of_a_drive)
{
	ck_assert_str_eq(ms_maker("ATA", "WDC WD10EZEX-08WN4A0", ""), "Western Digital");
	ck_assert_str_eq(ms_maker("ATA", "ST1000DM010-2EP102", ""), "Seagate");
	ck_assert_str_eq(ms_maker("ATA", "Samsung SSD 860 EVO 500GB", ""), "Samsung");
	ck_assert_str_eq(ms_maker("ATA", "INTEL SSDSA2CW120G3", ""), "Intel");
	ck_assert_str_eq(ms_maker("ATA", "HGST HTS721010A9E630", ""), "HGST");
	ck_assert_str_eq(ms_maker("SEAGATE", "ST600MM0006", ""), "SEAGATE");
	ck_assert_str_eq(ms_maker("ATA", "Unknown Model 9", "5000c500a1b2c3d4"), "Seagate");
	ck_assert_str_eq(ms_maker("", "X", "0x50014ee2b5c6d7e8"), "Western Digital");
	ck_assert_ptr_null(ms_maker("ATA", "Unknown Model 9", "3000c500a1b2c3d4"));
	ck_assert_ptr_null(ms_maker("ATA", "STX", "5zzzzzz"));
	ck_assert_ptr_null(ms_maker(NULL, NULL, NULL));
}
END_TEST

Suite *suite_discover(void)
{
	Suite *s = suite_create("discover");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, list_replayed_tree);
	tcase_add_test(tc, describe_by_path);
	tcase_add_test(tc, describe_live_paths);
	tcase_add_test(tc, maker_of_a_drive);
	suite_add_tcase(s, tc);
	return s;
}
