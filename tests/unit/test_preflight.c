/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>

#include "../../erase/preflight.h"
#include "suites.h"

/* A described device, never opened: preflight decides from the description alone. */
static struct ms_device healthy(void)
{
	struct ms_device d = {0};
	strcpy(d.path, "/dev/sdz");
	d.capacity = 1 << 20;
	d.logical_sector = 512;
	return d;
}

static void expect(const struct ms_device *d, int code, const char *words)
{
	char why[300] = "";
	ck_assert_int_eq(ms_preflight(d, why, sizeof why), code);
	ck_assert_msg(strstr(why, words), "'%s' lacks '%s'", why, words);
}

START_TEST(each_refusal)
{
	struct ms_device d = healthy();
	char why[300];
	ck_assert_int_eq(ms_preflight(&d, why, sizeof why), 0);
	d = healthy(); d.boot_medium = true;
	expect(&d, -EPERM, "boot medium");
	d = healthy(); d.mounted = true; strcpy(d.mountpoints, "/data,[swap]");
	expect(&d, -EBUSY, "mounted or in use as swap (/data,[swap])");
	d = healthy(); strcpy(d.holders, "md127");
	expect(&d, -EBUSY, "held by md127");
	d = healthy(); d.readonly = true;
	expect(&d, -EROFS, "read-only");
	d = healthy(); d.is_partition = true;
	expect(&d, -EISDIR, "partition");
	d = healthy(); d.capacity = 0;
	expect(&d, -ENOSPC, "no addressable capacity");
}
END_TEST

START_TEST(boot_medium_wins)
{
	/* Whatever else is true, the boot medium is the reason given: it is the one that
	 * can never be overridden. */
	struct ms_device d = healthy();
	d.boot_medium = d.mounted = d.readonly = true;
	strcpy(d.holders, "dm-0");
	expect(&d, -EPERM, "boot medium");
}
END_TEST

Suite *suite_preflight(void)
{
	Suite *s = suite_create("preflight");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, each_refusal);
	tcase_add_test(tc, boot_medium_wins);
	suite_add_tcase(s, tc);
	return s;
}
