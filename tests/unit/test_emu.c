/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../devices/emu.h"
#include "../../util/util.h"
#include "suites.h"

START_TEST(parse_spec_with_options)
{
	struct ms_emu_config c;
	char why[200];
	ck_assert_int_eq(ms_emu_parse("emu:sata-hdd:/x/d.img,bad=10-12,bad=99,flip=4097,capacity=1M,logical=4096,"
				      "transient=7,serial=ABC", &c, why, sizeof why), 0);
	ck_assert_str_eq(c.profile, "sata-hdd");
	ck_assert_str_eq(c.image, "/x/d.img");
	ck_assert_str_eq(c.model, "MASSHO EMU HDD 7200");
	ck_assert_str_eq(c.serial, "ABC");
	ck_assert(c.capacity == 1 << 20);
	ck_assert_uint_eq(c.logical, 4096);
	ck_assert_uint_eq(c.faults.nbad, 2);
	ck_assert(c.faults.bad[0].first == 10 && c.faults.bad[0].last == 12);
	ck_assert(c.faults.bad[1].first == 99 && c.faults.bad[1].last == 99);
	ck_assert(c.faults.flip_set && c.faults.flip_offset == 4097);
	ck_assert(c.faults.transient_set && c.faults.transient_lba == 7);
	ck_assert_int_eq(c.medium, MS_MEDIUM_HDD);
	ck_assert_int_eq(c.transport, MS_TRANSPORT_SATA);
}
END_TEST

static void bad_spec(const char *spec, const char *want)
{
	struct ms_emu_config c;
	char why[300] = "";
	ck_assert_int_eq(ms_emu_parse(spec, &c, why, sizeof why), -EINVAL);
	ck_assert_msg(strstr(why, want), "%s: '%s' lacks '%s'", spec, why, want);
}

START_TEST(parse_spec_errors)
{
	bad_spec("emu:floppy:/x", "unknown profile 'floppy' (known: sata-hdd, sata-hdd-hpa, sata-old, sata-ssd, ");
	bad_spec("emu:sata-ssd:", "no image file given");
	bad_spec("emu:sata-ssd:/x,colour=red", "unknown key 'colour'");
	bad_spec("emu:sata-ssd:/x,bad=9-3", "bad LBA range '9-3'");
	bad_spec("emu:sata-ssd:/x,capacity=lots", "capacity 'lots' is not a size");
	bad_spec("emu:sata-ssd:/x,logical=1000", "logical sector size must be 512 or 4096");
	bad_spec("emu:sata-ssd:/x,image=/y", "'image' cannot be given as an option");
	bad_spec("emu:/nonexistent/p.profile", "cannot read profile");
}
END_TEST

START_TEST(profile_file)
{
	char dir[256], p[300];
	tmpdir_make(dir, sizeof dir);
	snprintf(p, sizeof p, "%s/ssd.profile", dir);
	FILE *f = fopen(p, "w");
	fputs("# an SSD with one bad sector\nprofile = sata-ssd\nimage = disk.img\nmodel = Test SSD\n"
	      "capacity = 2M\nbad = 100\n", f);
	fclose(f);
	struct ms_emu_config c;
	char why[300], spec[320], want[300];
	snprintf(spec, sizeof spec, "emu:%s", p);
	ck_assert_int_eq(ms_emu_parse(spec, &c, why, sizeof why), 0);
	snprintf(want, sizeof want, "%s/disk.img", dir);
	ck_assert_str_eq(c.image, want); /* relative to the profile file */
	ck_assert_str_eq(c.model, "Test SSD");
	ck_assert_uint_eq(c.faults.nbad, 1);
	f = fopen(p, "w");
	fputs("profile = sata-ssd\nimage = disk.img\nthis line is wrong\n", f);
	fclose(f);
	ck_assert_int_eq(ms_emu_parse(spec, &c, why, sizeof why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "ssd.profile:3: expected key=value"));
	tmpdir_remove(dir);
}
END_TEST

START_TEST(describe_serial_and_capacity)
{
	char dir[256], s1[320], s2[320];
	tmpdir_make(dir, sizeof dir);
	snprintf(s1, sizeof s1, "emu:nvme-ssd:%s/a.img", dir);
	snprintf(s2, sizeof s2, "emu:nvme-ssd:%s/b.img", dir);
	struct ms_device a, a2, b;
	char why[200];
	ck_assert_int_eq(ms_emu_describe(s1, &a, why, sizeof why), 0);
	ck_assert_int_eq(ms_emu_describe(s1, &a2, why, sizeof why), 0);
	ck_assert_int_eq(ms_emu_describe(s2, &b, why, sizeof why), 0);
	ck_assert_str_eq(a.serial, a2.serial);
	ck_assert_str_ne(a.serial, b.serial);
	ck_assert_str_eq(a.identity_hash, a2.identity_hash);
	ck_assert_str_ne(a.identity_hash, b.identity_hash);
	ck_assert(a.emulated && a.medium == MS_MEDIUM_NVME && a.transport == MS_TRANSPORT_NVME);
	ck_assert(a.capacity == 256ull << 20); /* profile default */
	/* an existing image gives the capacity */
	char img[300];
	snprintf(img, sizeof img, "%s/b.img", dir);
	ck_assert_int_eq(truncate(img, 0) == 0 || errno == ENOENT, 1);
	int fd = open(img, O_CREAT | O_WRONLY, 0600);
	ck_assert_int_eq(ftruncate(fd, 3 * 512), 0);
	close(fd);
	ck_assert_int_eq(ms_emu_describe(s2, &b, why, sizeof why), 0);
	ck_assert(b.capacity == 3 * 512);
	ck_assert_int_eq(ftruncate(fd = open(img, O_WRONLY), 1000), 0);
	close(fd);
	ck_assert_int_eq(ms_emu_describe(s2, &b, why, sizeof why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "not a multiple of the 512-byte sector"));
	tmpdir_remove(dir);
}
END_TEST

static struct ms_xport *open_emu(const char *dir, const char *opts, unsigned flags)
{
	char spec[400], why[200];
	snprintf(spec, sizeof spec, "emu:sata-ssd:%s/d.img,capacity=1M%s", dir, opts);
	struct ms_device d;
	ck_assert_int_eq(ms_emu_describe(spec, &d, why, sizeof why), 0);
	struct ms_xport *x = NULL;
	ck_assert_int_eq(ms_xport_open(&d, flags, &x), 0);
	return x;
}

START_TEST(fault_hooks)
{
	char dir[256];
	tmpdir_make(dir, sizeof dir);
	struct ms_xport *x = open_emu(dir, ",bad=10-11,transient=20,flip=33000", MS_OPEN_WRITE);
	static char buf[4096] __attribute__((aligned(4096)));
	memset(buf, 0x5A, sizeof buf);
	/* bad LBAs fail both ways, forever */
	ck_assert_int_eq(x->ops->write(x, buf, 512, 10 * 512), -EIO);
	ck_assert_int_eq(x->ops->write(x, buf, 4096, 8 * 512), -EIO);
	ck_assert_int_eq(x->ops->read(x, buf, 512, 11 * 512), -EIO);
	ck_assert_int_eq(x->ops->write(x, buf, 512, 12 * 512), 0);
	/* a transient fault fails once */
	ck_assert_int_eq(x->ops->write(x, buf, 512, 20 * 512), -EIO);
	ck_assert_int_eq(x->ops->write(x, buf, 512, 20 * 512), 0);
	/* the flip corrupts exactly one byte, once, after the write */
	ck_assert_int_eq(x->ops->write(x, buf, 4096, 32768), 0);
	static char back[4096] __attribute__((aligned(4096)));
	ck_assert_int_eq(x->ops->read(x, back, 4096, 32768), 0);
	for (int i = 0; i < 4096; i++)
		ck_assert_uint_eq((unsigned char)back[i], i == 33000 - 32768 ? 0xA5 : 0x5A);
	ck_assert_int_eq(x->ops->write(x, buf, 4096, 32768), 0);
	ck_assert_int_eq(x->ops->read(x, back, 4096, 32768), 0);
	ck_assert_mem_eq(back, buf, 4096);
	/* past the end */
	ck_assert_int_eq(x->ops->read(x, back, 512, 1 << 20), -ENXIO);
	/* the hooks can be set by tests directly */
	struct ms_emu_faults *f = ms_emu_faults(x);
	ck_assert_ptr_nonnull(f);
	f->nbad = 0;
	ck_assert_int_eq(x->ops->write(x, buf, 512, 10 * 512), 0);
	ms_xport_close(x);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(no_act_writes_nothing)
{
	char dir[256], img[300];
	tmpdir_make(dir, sizeof dir);
	struct ms_xport *x = open_emu(dir, "", MS_OPEN_WRITE);
	ms_xport_close(x);
	x = open_emu(dir, "", MS_OPEN_WRITE | MS_OPEN_NO_ACT);
	static char buf[4096] __attribute__((aligned(4096)));
	memset(buf, 0x77, sizeof buf);
	ck_assert_int_eq(x->ops->write(x, buf, 4096, 0), 0);
	ck_assert_int_eq(x->ops->zeroout(x, 0, 4096), 0);
	ms_xport_close(x);
	snprintf(img, sizeof img, "%s/d.img", dir);
	char hex[65];
	ck_assert_int_eq(ms_sha256_file_hex(img, hex), 0);
	/* SHA-256 of 1 MiB of zeros */
	ck_assert_str_eq(hex, "30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58");
	tmpdir_remove(dir);
}
END_TEST

START_TEST(exclusive_open)
{
	char dir[256];
	tmpdir_make(dir, sizeof dir);
	struct ms_xport *x = open_emu(dir, "", MS_OPEN_WRITE);
	char spec[400], why[200];
	snprintf(spec, sizeof spec, "emu:sata-ssd:%s/d.img,capacity=1M", dir);
	struct ms_device d;
	ms_emu_describe(spec, &d, why, sizeof why);
	struct ms_xport *y = NULL;
	ck_assert_int_eq(ms_xport_open(&d, MS_OPEN_WRITE, &y), -EBUSY);
	ms_xport_close(x);
	tmpdir_remove(dir);
}
END_TEST

Suite *suite_emu(void)
{
	Suite *s = suite_create("emu");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, parse_spec_with_options);
	tcase_add_test(tc, parse_spec_errors);
	tcase_add_test(tc, profile_file);
	tcase_add_test(tc, describe_serial_and_capacity);
	tcase_add_test(tc, fault_hooks);
	tcase_add_test(tc, no_act_writes_nothing);
	tcase_add_test(tc, exclusive_open);
	suite_add_tcase(s, tc);
	return s;
}
