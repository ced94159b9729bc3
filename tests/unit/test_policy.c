/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The policy: the default parses, every line of tests/policy-matrix.tsv is decided as
 * it says, and each kind of mistake in a policy file is reported with file:line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../erase/policy.h"
#include "../../util/util.h"
#include "suites.h"

static bool fact(const char *facts, const char *w)
{
	char buf[256];
	ms_strlcpy(buf, facts, sizeof buf);
	char *save = NULL;
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
		if (strcmp(t, w) == 0)
			return true;
	return false;
}

/* A SAS drive's word on a command: unknown unless it answers REPORT SUPPORTED OPERATION
 * CODES (fact rsoc). */
static enum ms_cap_state scsi_fact(const char *facts, const char *w)
{
	return !fact(facts, "rsoc") ? MS_CAP_UNKNOWN : fact(facts, w) ? MS_CAP_YES : MS_CAP_NO;
}

static void decision_text(const struct ms_decision *d, char *out, size_t len)
{
	if (!d->can_meet) {
		snprintf(out, len, "none");
		return;
	}
	if (strcmp(d->chosen.id, "overwrite") == 0)
		snprintf(out, len, "overwrite x%u%s", d->chosen.passes, d->chosen.restore_hidden ? " +restore-hidden" : "");
	else
		snprintf(out, len, "%s", d->chosen.id);
}

START_TEST(matrix)
{
	struct ms_policy p;
	ck_assert_int_eq(ms_policy_default(&p), 0);
	char *text;
	ck_assert_int_eq(ms_read_file("../policy-matrix.tsv", &text, NULL, 1 << 20), 0);
	int line = 0, cases = 0;
	char *save = NULL;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		line++;
		if (l[0] == '#' || !l[0])
			continue;
		char *f[5] = {0}, *s2 = l;
		for (int i = 0; i < 5; i++) {
			f[i] = s2 ? strsep(&s2, "\t") : (char *)"";
			if (!f[i])
				f[i] = (char *)"";
		}
		enum ms_class cls;
		ck_assert_msg(ms_class_parse(f[0], &cls) == 0, "line %d: class '%s'", line, f[0]);
		struct ms_caps c = {.capacity = 1ull << 30};
		const char *pm[] = {"hdd", "sata-ssd", "nvme", "sas-hdd", "sas-ssd", "usb-flash", "sd-mmc", "unknown"};
		bool found = false;
		for (int i = 0; i < MS_PM_COUNT; i++)
			if (strcmp(pm[i], f[1]) == 0) {
				c.medium = (enum ms_pmedium)i;
				found = true;
			}
		ck_assert_msg(found, "line %d: medium '%s'", line, f[1]);
		const char *x = f[2];
		c.ata = fact(x, "ata"); c.sec = fact(x, "sec"); c.sec_enhanced = fact(x, "enh");
		c.sec_frozen = fact(x, "frozen"); c.sec_expired = fact(x, "expired"); c.sec_enabled = fact(x, "pw");
		c.ata_san_block = fact(x, "san-block"); c.ata_san_crypto = fact(x, "san-crypto");
		c.ata_san_overwrite = fact(x, "san-ow"); c.hidden_present = fact(x, "hidden");
		c.hidden_restorable = fact(x, "restorable") || !c.hidden_present;
		c.usb = fact(x, "usb"); c.usb_trusted = fact(x, "usb-ok");
		c.sed_locked = fact(x, "sed-locked"); c.sec_locked = fact(x, "locked");
		c.nvme = fact(x, "nvme"); c.nvme_format = fact(x, "fmt"); c.nvme_crypto_format = fact(x, "fmt-crypto");
		c.nvme_san_block = fact(x, "nsan-block"); c.nvme_san_crypto = fact(x, "nsan-crypto");
		c.nvme_san_overwrite = fact(x, "nsan-ow"); c.scsi = fact(x, "scsi");
		c.scsi_rsoc = fact(x, "rsoc");
		c.scsi_san_overwrite = scsi_fact(x, "ssan-ow"); c.scsi_san_block = scsi_fact(x, "ssan-block");
		c.scsi_san_crypto = scsi_fact(x, "ssan-crypto"); c.scsi_format_unit = scsi_fact(x, "sfmt");
		struct ms_decision d;
		ms_policy_choose(&p, &c, cls, &d);
		char got[64];
		decision_text(&d, got, sizeof got);
		ck_assert_msg(strcmp(got, f[3]) == 0, "policy-matrix.tsv:%d: %s %s [%s]: chose '%s', expected '%s' (%s)",
			      line, f[0], f[1], f[2], got, f[3], d.action);
		if (f[4][0]) {
			bool seen = strstr(d.action, f[4]) != NULL;
			for (size_t i = 0; i < d.nrejected && !seen; i++)
				seen = strstr(d.rejected[i].why, f[4]) != NULL || strstr(d.rejected[i].method, f[4]);
			ck_assert_msg(seen, "policy-matrix.tsv:%d: no reason mentions '%s' (action: %s)", line, f[4], d.action);
		}
		ck_assert(d.row == p.row_of[cls]);
		ck_assert(d.destroy_after == (cls == MS_CLASS_MYNUMBER));
		cases++;
	}
	free(text);
	ck_assert_int_ge(cases, 40);
}
END_TEST

static void bad(const char *text, const char *want)
{
	struct ms_policy p;
	char why[256] = "";
	ck_assert_int_eq(ms_policy_parse(text, "site.policy", &p, why, sizeof why), -EINVAL);
	ck_assert_msg(strstr(why, want), "'%s' lacks '%s'", why, want);
}

START_TEST(malformed_files)
{
	const char *base = ms_policy_default_text();
	char t[8192];
	bad("class 5 row 2\n", "site.policy:1: unknown class '5'");
	bad("# x\nclass 3 row 4\n", "site.policy:2: row must be 1, 2 or 3, not '4'");
	bad("class 3 is 2\n", "site.policy:1: expected 'class NAME row N'");
	bad("allow floppy row 2: overwrite\n", "site.policy:1: unknown medium 'floppy'");
	bad("allow hdd row 2 overwrite\n", "site.policy:1: expected 'allow MEDIUM row N: METHOD, METHOD ...'");
	bad("allow hdd row 2: gutmann\n", "site.policy:1: unknown method 'gutmann'");
	bad("allow hdd row 2: overwrite passes=99\n", "site.policy:1: passes must be 1..16");
	bad("allow hdd row 2: overwrite dance\n", "site.policy:1: unknown overwrite option 'dance'");
	bad("allow hdd row 2: sanitize-crypto passes=2\n", "site.policy:1: 'sanitize-crypto' takes no options");
	bad("allow hdd row 1: overwrite\n", "site.policy:1: row 1 has no methods of its own");
	bad("allow hdd row 2: overwrite\nallow hdd row 2: overwrite\n", "site.policy:2: a second 'allow hdd row 2' line");
	bad("allow hdd row 2: overwrite,\n", "site.policy:1: empty method in the list");
	bad("verify row 2 maybe\n", "site.policy:1: expected 'verify row N full|sample'");
	bad("row 1 destroy-within never\n", "site.policy:1: destroy-within must be 1..3650 days");
	bad("row 1 pre-erase 1\n", "site.policy:1: pre-erase must be row 2 or 3");
	bad("erase everything\n", "site.policy:1: unknown directive 'erase'");
	/* complete except one class, or one medium's rule */
	snprintf(t, sizeof t, "%s", base);
	*strstr(t, "class 1 row 3") = '#';
	bad(t, "site.policy: class 1 has no row");
	snprintf(t, sizeof t, "%s", base);
	*strstr(t, "allow sd-mmc row 3") = '#';
	bad(t, "site.policy: no rule for sd-mmc in row 3");
	struct ms_policy p;
	char why[256];
	ck_assert_int_eq(ms_policy_parse(base, "copy", &p, why, sizeof why), 0);
	ck_assert_int_eq(p.row_of[MS_CLASS_2], 2);
	ck_assert_uint_eq(p.destroy_within_days, 30);
	ck_assert(p.witness_required && p.pre_erase_row == 3);
	ck_assert(ms_policy_allows(&p, MS_PM_SATA_SSD, MS_CLASS_2, "sanitize-crypto"));
	ck_assert(!ms_policy_allows(&p, MS_PM_SATA_SSD, MS_CLASS_2, "overwrite"));
	ck_assert(ms_policy_allows(&p, MS_PM_SATA_SSD, MS_CLASS_1, "overwrite"));
	ck_assert(ms_policy_allows(&p, MS_PM_USB_FLASH, MS_CLASS_MYNUMBER, "overwrite"));
	ck_assert_int_eq(ms_method_level("security-erase", MS_PM_SATA_SSD, false), MS_LEVEL_CLEAR);
	ck_assert_int_eq(ms_method_level("security-erase", MS_PM_HDD, false), MS_LEVEL_PURGE);
	ck_assert_int_eq(ms_method_level("sanitize-crypto", MS_PM_NVME, false), MS_LEVEL_PURGE);
	ck_assert_int_eq(ms_method_level("overwrite", MS_PM_HDD, true), MS_LEVEL_CLEAR);
}
END_TEST

/* A site policy may allow SECURITY ERASE UNIT over USB (option usb), which the built-in
 * table never does; other methods take no such option. */
START_TEST(security_erase_over_usb_by_site_policy)
{
	char text[8192], why[256];
	snprintf(text, sizeof text, "%s", ms_policy_default_text());
	char *row = strstr(text, "allow hdd row 3: ");
	ck_assert_ptr_nonnull(row);
	memcpy(row, "#", 1);
	strncat(text, "\nallow hdd row 3: security-erase usb, overwrite passes=1 pattern=random\n",
		sizeof text - strlen(text) - 1);
	struct ms_policy p;
	ck_assert_msg(ms_policy_parse(text, "site.policy", &p, why, sizeof why) == 0, "%s", why);
	struct ms_caps c = {.medium = MS_PM_HDD, .capacity = 1ull << 30, .ata = true, .sec = true, .usb = true,
			    .usb_trusted = true};
	struct ms_decision d;
	ms_policy_choose(&p, &c, MS_CLASS_1, &d);
	ck_assert_str_eq(d.chosen.id, "security-erase");
	ck_assert_int_eq(ms_policy_default(&p), 0);
	ms_policy_choose(&p, &c, MS_CLASS_1, &d);
	ck_assert_str_eq(d.chosen.id, "overwrite");
	snprintf(text, sizeof text, "%s", ms_policy_default_text());
	strncat(text, "\nallow nvme row 3: format-user usb\n", sizeof text - strlen(text) - 1);
	ck_assert_int_eq(ms_policy_parse(text, "site.policy", &p, why, sizeof why), -EINVAL);
}
END_TEST

/* The operators' copy of the built-in table must be the table. */
START_TEST(docs_copy_is_the_default)
{
	char *text;
	ck_assert_int_eq(ms_read_file("../../docs/policy-default.txt", &text, NULL, 1 << 20), 0);
	ck_assert_str_eq(text, ms_policy_default_text());
	free(text);
}
END_TEST

/* The custody column (rows 1 and 2): the pre-erase reaches at least row 3's level; a
 * USB flash drive gets row 3's 2 random passes, which alone never meet row 2. */
START_TEST(custody_pre_erase)
{
	struct ms_policy p;
	ck_assert_int_eq(ms_policy_default(&p), 0);
	struct ms_caps c = {.capacity = 1ull << 30, .medium = MS_PM_USB_FLASH};
	struct ms_decision d;
	ms_policy_choose(&p, &c, MS_CLASS_2, &d);
	ck_assert(!d.can_meet && !d.custody);
	ms_policy_choose_custody(&p, &c, MS_CLASS_2, &d);
	ck_assert(d.can_meet && d.custody && !d.destroy_after);
	ck_assert_int_eq(d.row, 2);
	ck_assert_int_eq(d.erase_row, 3);
	ck_assert_str_eq(d.chosen.id, "overwrite");
	ck_assert_uint_eq(d.chosen.passes, 2);
	ck_assert_ptr_nonnull(strstr(d.action, "hand the drive over"));
	ms_policy_choose_custody(&p, &c, MS_CLASS_1, &d); /* row 3: nothing is handed over */
	ck_assert(!d.can_meet && !d.custody);
	ck_assert_ptr_nonnull(strstr(d.action, "nothing is handed over"));
	ms_policy_choose_custody(&p, &c, MS_CLASS_MYNUMBER, &d);
	ck_assert(d.can_meet && d.custody && d.destroy_after);
	ck_assert_int_eq(d.erase_row, 3);
	c.sed_locked = true; /* nothing can be written: no pre-erase; the label path is the way */
	ms_policy_choose_custody(&p, &c, MS_CLASS_2, &d);
	ck_assert(!d.can_meet);
	ck_assert_int_eq(d.erase_row, 0);
}
END_TEST

Suite *suite_policy(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, matrix);
	tcase_add_test(tc, malformed_files);
	tcase_add_test(tc, docs_copy_is_the_default);
	tcase_add_test(tc, security_erase_over_usb_by_site_policy);
	tcase_add_test(tc, custody_pre_erase);
	suite_add_tcase(s, tc);
	return s;
}
