/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Discovery replayed on tests/fixtures/sysroot-pc (see make-sysroot-pc.py). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* A sysroot with the recorded PC's sys/ and mount tables of our own. */
static void own_tables(char *dir, size_t len, const char *mountinfo, const char *swaps)
{
	char sys[PATH_MAX], p[PATH_MAX];
	tmpdir_make(dir, len);
	ck_assert_ptr_nonnull(realpath(ROOT "/sys", sys));
	snprintf(p, sizeof p, "%s/sys", dir);
	ck_assert_int_eq(symlink(sys, p), 0);
	snprintf(p, sizeof p, "%s/proc", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/proc/self", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	write_file(dir, "proc/self/mountinfo", mountinfo);
	write_file(dir, "proc/swaps", swaps);
}

static char *repeat(char *out, const char *s, int n)
{
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		strcat(out, s);
	return out;
}

/* Mount points as the kernel escapes them (\040 a space) come out decoded and whole,
 * however long; a list that does not fit in mountpoints[] ends with "…", never cut
 * silently nor inside a character, and the disk is mounted all the same. */
START_TEST(mount_points_decoded_whole_or_marked)
{
	char dir[256], x210[211], x150[151], a60[181], mi[2048], want[512];
	repeat(x210, "x", 210);
	repeat(x150, "y", 150);
	repeat(a60, "\xe3\x81\x82", 60); /* あ: three bytes in UTF-8 */
	snprintf(mi, sizeof mi,
		 "26 1 8:2 / / rw shared:1 - ext4 /dev/sda2 rw\n"
		 "not a mountinfo line\n"
		 "29 26 259:1 / /srv/my\\040data rw shared:3 - xfs /dev/nvme0n1p1 rw\n"
		 "30 26 259:1 / /srv/%s\\040end rw - xfs /dev/nvme0n1p1 rw\n"
		 "31 26 8:32 / /a/%s rw - ext4 /dev/sdc rw\n"
		 "32 26 8:32 / /b/%s rw - ext4 /dev/sdc rw\n"
		 "33 26 8:32 / /c rw - ext4 /dev/sdc rw\n"
		 "34 26 0:40 / /pool rw - btrfs /dev/sdb rw\n",
		 x210, x150, a60);
	own_tables(dir, sizeof dir, mi,
		   "Filename\tType\tSize\tUsed\tPriority\n"
		   "/dev/sdd1                               partition\t8388604\t0\t-2\n"
		   "/swap\\040file                          file\t\t1048572\t\t0\t\t-3\n");
	struct ms_device *d;
	size_t n;
	ck_assert_int_eq(ms_discover_list(dir, &d, &n), 0);

	const struct ms_device *nv = find(d, n, "nvme0n1");
	snprintf(want, sizeof want, "/srv/my data,/srv/%s end", x210);
	ck_assert(nv->mounted);
	ck_assert_str_eq(nv->mountpoints, want);

	const struct ms_device *sdc = find(d, n, "sdc");
	size_t len = strlen(sdc->mountpoints);
	ck_assert(sdc->mounted);
	ck_assert_uint_lt(len, sizeof sdc->mountpoints);
	snprintf(want, sizeof want, "/a/%s,/b/", x150);
	ck_assert_int_eq(strncmp(sdc->mountpoints, want, strlen(want)), 0);
	ck_assert_str_eq(sdc->mountpoints + len - 6, "\xe3\x81\x82\u2026"); /* a whole あ, then … */
	ck_assert_ptr_null(strstr(sdc->mountpoints, "/c"));

	ck_assert(find(d, n, "sdb")->mounted); /* btrfs: 0:N, the source names the disk */
	ck_assert_str_eq(find(d, n, "sdb")->mountpoints, "/pool");
	ck_assert_str_eq(find(d, n, "sdd")->mountpoints, "[swap]");
	ck_assert(find(d, n, "sda")->boot_medium && find(d, n, "sda")->mounted);
	ck_assert(!find(d, n, "loop0")->mounted);
	free(d);

	struct ms_device part;
	char why[100];
	ck_assert_int_eq(ms_describe("/dev/nvme0n1p1", dir, &part, why, sizeof why), 0);
	ck_assert(part.mounted);
	ck_assert_ptr_nonnull(strstr(part.mountpoints, "/srv/my data,"));
	tmpdir_remove(dir);
}
END_TEST

/* One mount point is not taken for another that begins with it. */
START_TEST(mount_point_prefix_is_another)
{
	char dir[256];
	own_tables(dir, sizeof dir,
		   "29 26 259:1 / /data2 rw - xfs /dev/nvme0n1p1 rw\n"
		   "30 26 259:1 / /data rw - xfs /dev/nvme0n1p1 rw\n", "");
	struct ms_device d;
	ck_assert_int_eq(ms_discover_name(dir, "nvme0n1", &d), 0);
	ck_assert_str_eq(d.mountpoints, "/data2,/data");
	tmpdir_remove(dir);
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
	tcase_add_test(tc, mount_points_decoded_whole_or_marked);
	tcase_add_test(tc, mount_point_prefix_is_another);
	tcase_add_test(tc, describe_live_paths);
	tcase_add_test(tc, maker_of_a_drive);
	suite_add_tcase(s, tc);
	return s;
}
