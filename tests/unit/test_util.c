/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "../../devices/device.h"
#include "../../util/atomic.h"
#include "../../util/size.h"
#include "../../util/util.h"
#include "suites.h"

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' || strlen(e->d_name) > 2)
			n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return n;
}

START_TEST(atomic_write_exclusive_leaves_no_temp)
{
	char dir[256], path[300], *data;
	tmpdir_make(dir, sizeof dir);
	ck_assert_int_eq(ms_atomic_write(dir, "r.json", "one", 3, 0644, 1), 0);
	ck_assert_int_eq(ms_atomic_write(dir, "r.json", "two", 3, 0644, 1), -EEXIST);
	snprintf(path, sizeof path, "%s/r.json", dir);
	ck_assert_int_eq(ms_read_file(path, &data, NULL, 100), 0);
	ck_assert_str_eq(data, "one"); /* the first record is never replaced */
	free(data);
	ck_assert_int_eq(count_entries(dir), 1);
	ck_assert_int_eq(ms_atomic_write(dir, "r.json", "two", 3, 0644, 0), 0);
	ck_assert_int_eq(ms_read_file(path, &data, NULL, 100), 0);
	ck_assert_str_eq(data, "two");
	free(data);
	ck_assert_int_eq(count_entries(dir), 1);
	ck_assert_int_eq(ms_atomic_write("/nonexistent-dir", "x", "1", 1, 0644, 0), -ENOENT);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(read_file_reads_procfs)
{
	/* procfs reports size 0: reading by st_size would see nothing (a real bug once:
	 * the boot disk looked unmounted). */
	char *data;
	size_t n;
	ck_assert_int_eq(ms_read_file("/proc/self/mountinfo", &data, &n, 1 << 20), 0);
	ck_assert_uint_gt(n, 10);
	ck_assert_ptr_nonnull(strstr(data, " / "));
	free(data);
	ck_assert_int_eq(ms_read_file("/proc/self/mountinfo", &data, &n, 4), -EFBIG);
	ck_assert_int_eq(ms_read_file("/", &data, &n, 4), -EISDIR);
}
END_TEST

/* The limit is checked before anything is allocated: a sparse terabyte costs nothing
 * (it used to be allocated whole first). Exactly max bytes are read, one more is not. */
START_TEST(read_file_refuses_by_size_first)
{
	char dir[256], path[300];
	tmpdir_make(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/sparse", dir);
	int fd = open(path, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)1 << 40), 0);
	char *data = NULL;
	size_t n = 0;
	ck_assert_int_eq(ms_read_file(path, &data, &n, 1 << 20), -EFBIG);
	ck_assert_int_eq(ftruncate(fd, 100), 0);
	close(fd);
	ck_assert_int_eq(ms_read_file(path, &data, &n, 99), -EFBIG);
	ck_assert_int_eq(ms_read_file(path, &data, &n, 100), 0);
	ck_assert_uint_eq(n, 100);
	free(data);
	tmpdir_remove(dir);
}
END_TEST

/* A killed writer's temporary file is swept; a live one's (this process) is not. */
START_TEST(atomic_sweep_removes_only_the_dead)
{
	char dir[256], dead[400], live[400], other[400];
	tmpdir_make(dir, sizeof dir);
	pid_t gone = 4194304; /* above any pid_max: no such process */
	snprintf(dead, sizeof dead, "%s/.r.json.tmp.%ld", dir, (long)gone);
	snprintf(live, sizeof live, "%s/.r.json.tmp.%ld", dir, (long)getpid());
	snprintf(other, sizeof other, "%s/r.json", dir);
	const char *paths[] = {dead, live, other};
	for (size_t i = 0; i < 3; i++) {
		FILE *f = fopen(paths[i], "w");
		ck_assert_ptr_nonnull(f);
		fclose(f);
	}
	ck_assert_int_eq(ms_atomic_sweep(dir), 1);
	ck_assert_int_eq(access(dead, F_OK), -1);
	ck_assert_int_eq(access(live, F_OK), 0);
	ck_assert_int_eq(access(other, F_OK), 0);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(parse_size)
{
	uint64_t v;
	ck_assert_int_eq(ms_parse_size("4096", &v), 0); ck_assert(v == 4096);
	ck_assert_int_eq(ms_parse_size("4K", &v), 0); ck_assert(v == 4096);
	ck_assert_int_eq(ms_parse_size("64MiB", &v), 0); ck_assert(v == 64ull << 20);
	ck_assert_int_eq(ms_parse_size("2g", &v), 0); ck_assert(v == 2ull << 30);
	ck_assert_int_eq(ms_parse_size("x", &v), -EINVAL);
	ck_assert_int_eq(ms_parse_size("1Q", &v), -EINVAL);
	ck_assert_int_eq(ms_parse_size("99999999999T", &v), -EINVAL);
}
END_TEST

/* The identity string and hash are a published format (docs/identity.md): these
 * values were computed with printf | sha256sum, independently of massho. */
START_TEST(identity_format_is_stable)
{
	struct ms_device d = {0};
	strcpy(d.path, "/dev/sda"); /* a string in the identity, never opened */
	strcpy(d.model, "WDC WD10EZEX-08W");
	strcpy(d.serial, "WD-WCC6Y0ABCDEF");
	strcpy(d.wwn, "naa.50014ee2b5c0a1b2");
	strcpy(d.firmware, "1A01");
	d.capacity = 1000204886016;
	char s[512];
	ck_assert_int_gt(ms_device_identity_string(&d, s, sizeof s), 0);
	ck_assert_str_eq(s, "massho-identity/1\nmodel=WDC WD10EZEX-08W\nserial=WD-WCC6Y0ABCDEF\n"
			    "wwn=naa.50014ee2b5c0a1b2\npath=\n");
	ck_assert_int_eq(ms_device_identity_update(&d), 0);
	ck_assert_str_eq(d.identity_hash, "631e55e9018baf16d7c46c04534a304ef1efd5bf2e32ca7c4b9a344fac4b3936");
	/* firmware, capacity and transport changes do not change the identity */
	strcpy(d.firmware, "1A02");
	d.capacity = 1;
	d.transport = MS_TRANSPORT_USB;
	ms_device_identity_update(&d);
	ck_assert_str_eq(d.identity_hash, "631e55e9018baf16d7c46c04534a304ef1efd5bf2e32ca7c4b9a344fac4b3936");
	/* no serial, no WWN: the backing file names it */
	struct ms_device l = {0};
	strcpy(l.path, "/dev/loop0");
	strcpy(l.backing_file, "/var/tmp/disk.img");
	ms_device_identity_update(&l);
	ck_assert_str_eq(l.identity_hash, "58024aacc748185825028ac19040d6e93829ea8ad02ff398b34262f678448f12");
	ck_assert_str_eq(ms_device_confirm_token(&l), "/dev/loop0");
	ck_assert_str_eq(ms_device_confirm_token(&d), "WD-WCC6Y0ABCDEF");
}
END_TEST

START_TEST(names_roundtrip)
{
	for (int m = MS_MEDIUM_UNKNOWN; m <= MS_MEDIUM_IMAGE; m++) {
		enum ms_medium back;
		ck_assert_int_eq(ms_medium_parse(ms_medium_name((enum ms_medium)m), &back), 0);
		ck_assert_int_eq(back, m);
	}
	for (int t = MS_TRANSPORT_UNKNOWN; t <= MS_TRANSPORT_FILE; t++) {
		enum ms_transport back;
		ck_assert_int_eq(ms_transport_parse(ms_transport_name((enum ms_transport)t), &back), 0);
		ck_assert_int_eq(back, t);
	}
	enum ms_medium m;
	ck_assert_int_eq(ms_medium_parse("floppy", &m), -EINVAL);
}
END_TEST

START_TEST(path_dir)
{
	char d[16];
	ms_path_dir("records/MS-1.json", d, sizeof d);
	ck_assert_str_eq(d, "records");
	ms_path_dir("MS-1.json", d, sizeof d);
	ck_assert_str_eq(d, ".");
	ms_path_dir("/MS-1.json", d, sizeof d);
	ck_assert_str_eq(d, "/");
	ms_path_dir("/var/lib/massho/records/x.json", d, sizeof d); /* truncated, terminated */
	ck_assert_str_eq(d, "/var/lib/massho");
	ms_path_dir("a/b/", d, sizeof d);
	ck_assert_str_eq(d, "a/b");
}
END_TEST

START_TEST(hex_decode_strict_and_bounded)
{
	uint8_t out[8], all[256];
	char hex[513];
	for (int i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	ms_hex(all, sizeof all, hex);
	uint8_t back[256];
	ck_assert_int_eq(ms_hex_decode(hex, 512, back, sizeof back), 256);
	ck_assert_mem_eq(back, all, sizeof all);
	ck_assert_int_eq(ms_hex_decode("A0fF", 4, out, sizeof out), 2);
	ck_assert_uint_eq(out[0], 0xA0);
	ck_assert_uint_eq(out[1], 0xFF);
	ck_assert_int_eq(ms_hex_decode("", 0, out, 0), 0);
	/* what sscanf("%2x") took and a strict decoder must not */
	static const char *bad[] = {"0x", " a", "+a", "-1", "g0", "0g", "a\0", "\0a"};
	for (size_t i = 0; i < MS_ARRAY_SIZE(bad); i++)
		ck_assert_msg(ms_hex_decode(bad[i], 2, out, sizeof out) == -EINVAL, "accepted bad[%zu]", i);
	ck_assert_int_eq(ms_hex_decode("abc", 3, out, sizeof out), -EINVAL); /* odd length */
	ck_assert_int_eq(ms_hex_decode("00112233", 8, out, 3), -EINVAL); /* does not fit */
	/* exactly hexlen bytes, not NUL-terminated: an over-read shows under ASan */
	char *raw = malloc(6);
	ck_assert_ptr_nonnull(raw);
	memcpy(raw, "c0ffee", 6);
	ck_assert_int_eq(ms_hex_decode(raw, 6, out, sizeof out), 3);
	ck_assert_uint_eq(out[2], 0xee);
	ck_assert_int_eq(ms_hex_decode(raw, 4, out, sizeof out), 2); /* a prefix only */
	free(raw);
}
END_TEST

/* What lsblk 2.38 printed for loop devices of these sizes, up to 2 TB (1023B, P and E
 * follow the same rule; tests/integration/t-devices-cols.sh asks lsblk itself where it
 * can make loop devices). */
START_TEST(iec_sizes_as_lsblk)
{
	static const struct {
		uint64_t bytes;
		const char *lsblk;
	} t[] = {
		{0, "0B"}, {512, "512B"}, {1023, "1023B"}, {1024, "1K"}, {1536, "1.5K"}, {1047552, "1023K"},
		{1048064, "1023.5K"}, {1048576, "1M"}, {1049088, "1M"}, {1101312, "1.1M"}, {1153024, "1.1M"},
		{5295104, "5M"}, {10433536, "10M"}, {11010048, "10.5M"}, {105381888, "100.5M"},
		{1073217536, "1023.5M"}, {1073741312, "1024M"}, {274877906944ull, "256G"},
		{1000204886016ull, "931.5G"}, {2000398934016ull, "1.8T"}, {1099511627776ull, "1T"},
		{1ull << 50, "1P"}, {1ull << 60, "1E"}, {UINT64_MAX, "16E"},
	};
	char out[16];
	for (size_t i = 0; i < MS_ARRAY_SIZE(t); i++) {
		ms_size_iec(t[i].bytes, out, sizeof out);
		ck_assert_msg(strcmp(out, t[i].lsblk) == 0, "%llu: %s, lsblk %s", (unsigned long long)t[i].bytes, out,
			      t[i].lsblk);
	}
	ms_size_iec(1000204886016ull, out, 4);
	ck_assert_str_eq(out, "931"); /* cut to the buffer, terminated */
}
END_TEST

Suite *suite_util(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, atomic_write_exclusive_leaves_no_temp);
	tcase_add_test(tc, read_file_reads_procfs);
	tcase_add_test(tc, read_file_refuses_by_size_first);
	tcase_add_test(tc, atomic_sweep_removes_only_the_dead);
	tcase_add_test(tc, parse_size);
	tcase_add_test(tc, identity_format_is_stable);
	tcase_add_test(tc, names_roundtrip);
	tcase_add_test(tc, hex_decode_strict_and_bounded);
	tcase_add_test(tc, path_dir);
	tcase_add_test(tc, iec_sizes_as_lsblk);
	suite_add_tcase(s, tc);
	return s;
}
