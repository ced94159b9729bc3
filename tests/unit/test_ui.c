/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The station's model (selection, confirmation, discovery passes, jobs' ends), its text
 * fitting for wide characters, and the station configuration's parser: all without a
 * terminal (ui/model.h, ui/config.h). */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "../../ui/config.h"
#include "../../ui/model.h"
#include "../../util/columns.h"
#include "../../util/util.h"
#include "suites.h"

static struct ms_ui_model m;

/* A planned drive that the table lets the station erase. */
static struct ms_ui_drive drive(const char *spec, const char *serial)
{
	struct ms_ui_drive d;
	memset(&d, 0, sizeof d);
	ms_strlcpy(d.spec, spec, sizeof d.spec);
	ms_strlcpy(d.name, spec, sizeof d.name);
	ms_strlcpy(d.serial, serial, sizeof d.serial);
	ms_strlcpy(d.token, serial[0] ? serial : spec, sizeof d.token);
	d.cls = MS_CLASS_2;
	d.planned = true;
	d.plan.can_meet = true;
	d.plan.row = 2;
	d.plan.chosen.method = MS_METHOD_SANITIZE_CRYPTO;
	return d;
}

static void setup(void)
{
	ms_ui_init(&m, MS_CLASS_2);
}

START_TEST(selection_follows_the_plan)
{
	struct ms_ui_drive a = drive("/dev/sda", "AAA1"), boot = drive("/dev/sdb", "BBB2");
	struct ms_ui_drive cannot = drive("/dev/sdc", "CCC3"), frozen = drive("/dev/sdd", "DDD4");
	boot.flags = MS_UI_BOOT;
	cannot.plan.can_meet = false;
	ms_strlcpy(cannot.plan.action, "physical destruction required", sizeof cannot.plan.action);
	frozen.flags = MS_UI_FROZEN;
	ck_assert_int_eq(ms_ui_upsert(&m, &a), 0);
	ck_assert_int_eq(ms_ui_upsert(&m, &boot), 1);
	ck_assert_int_eq(ms_ui_upsert(&m, &cannot), 2);
	ck_assert_int_eq(ms_ui_upsert(&m, &frozen), 3);
	ck_assert(ms_ui_toggle(&m, 0));
	ck_assert(!ms_ui_toggle(&m, 1));
	ck_assert_ptr_nonnull(strstr(m.message, "boot medium"));
	ck_assert(!ms_ui_toggle(&m, 2));
	ck_assert_ptr_nonnull(strstr(m.message, "physical destruction"));
	/* frozen and a firmware method: only after the unfreeze is chosen */
	ck_assert(!ms_ui_toggle(&m, 3));
	m.d[3].unfreeze = true;
	ck_assert(ms_ui_toggle(&m, 3));
	ck_assert_uint_eq(ms_ui_nselected(&m), 2);
	/* another class: the plan is made again, the selection dropped */
	ms_ui_set_class(&m, 0, MS_CLASS_MYNUMBER);
	ck_assert(!m.d[0].selected && !m.d[0].planned);
	ck_assert(!ms_ui_toggle(&m, 0));
	ck_assert_uint_eq(ms_ui_nselected(&m), 1);
	/* the custody path makes a drive whose row cannot be met selectable, when it can be met */
	m.d[2].custody = true;
	m.d[2].custody_plan.can_meet = true;
	ck_assert(ms_ui_toggle(&m, 2));
}
END_TEST

START_TEST(confirmation_needs_each_serial_end)
{
	struct ms_ui_drive a = drive("/dev/sda", "WD-ABCDEF12"), img = drive("/tmp/x.img", "");
	ms_ui_upsert(&m, &a);
	ms_ui_upsert(&m, &img);
	ck_assert(!ms_ui_confirm_begin(&m)); /* nothing selected */
	ms_ui_toggle(&m, 0);
	ms_ui_toggle(&m, 1);
	ck_assert(ms_ui_confirm_begin(&m));
	ck_assert_uint_eq(m.confirming, 0);
	bool done;
	strcpy(m.typed, "EF13");
	ck_assert(!ms_ui_confirm_enter(&m, &done));
	ck_assert_str_eq(m.typed, "");
	strcpy(m.typed, "ef12"); /* case matters: a serial is what the label says */
	ck_assert(!ms_ui_confirm_enter(&m, &done));
	strcpy(m.typed, "EF12");
	ck_assert(ms_ui_confirm_enter(&m, &done));
	ck_assert(!done);
	ck_assert_uint_eq(m.confirming, 1);
	char want[8];
	ms_ui_confirm_expect(&m.d[1], want, sizeof want); /* no serial: the end of its path */
	ck_assert_str_eq(want, ".img");
	strcpy(m.typed, ".img");
	ck_assert(ms_ui_confirm_enter(&m, &done));
	ck_assert(done);
}
END_TEST

START_TEST(discovery_passes)
{
	struct ms_ui_drive a = drive("/dev/sda", "S1"), b = drive("/dev/sdb", "S2");
	ms_ui_upsert(&m, &a);
	ms_ui_upsert(&m, &b);
	ms_ui_toggle(&m, 0);
	m.d[1].state = MS_UI_RUNNING;
	/* both pulled: the idle one is gone, the running one runs on (its engine ends it) */
	ms_ui_sweep_begin(&m);
	ms_ui_sweep_end(&m);
	ck_assert_int_eq(m.d[0].state, MS_UI_GONE);
	ck_assert(!m.d[0].selected);
	ck_assert_int_eq(m.d[1].state, MS_UI_RUNNING);
	/* plugged in again: listed afresh, not selected */
	struct ms_ui_drive again = drive("/dev/sda", "S1");
	ms_ui_sweep_begin(&m);
	ck_assert_int_eq(ms_ui_upsert(&m, &again), 0);
	ms_ui_sweep_end(&m);
	ck_assert_int_eq(m.d[0].state, MS_UI_IDLE);
	ck_assert(!m.d[0].selected);
	/* another drive in the same bay takes the place, with nothing chosen */
	ms_ui_toggle(&m, 0);
	struct ms_ui_drive other = drive("/dev/sda", "S9");
	ms_ui_upsert(&m, &other);
	ck_assert_str_eq(m.d[0].serial, "S9");
	ck_assert(!m.d[0].selected);
	/* the same drive seen again keeps its choices */
	ms_ui_toggle(&m, 0);
	ms_ui_upsert(&m, &other);
	ck_assert(m.d[0].selected);
	/* a finished drive unplugged, and a drive at its node again: a new row; the result stays */
	m.d[0].state = MS_UI_DONE;
	ms_ui_sweep_begin(&m);
	ms_ui_sweep_end(&m);
	ck_assert(m.d[0].away);
	size_t before = m.n;
	ck_assert_int_eq(ms_ui_upsert(&m, &other), (int)before);
	ck_assert_uint_eq(m.n, before + 1);
	ck_assert_int_eq(m.d[0].state, MS_UI_DONE);
	ck_assert_str_eq(m.d[0].spec, "");
	ck_assert_int_eq(m.d[before].state, MS_UI_IDLE);
	/* a finished drive still there is the same row */
	ck_assert_int_eq(ms_ui_upsert(&m, &other), (int)before);
	/* 'r': a stopped or refused drive is looked at again; an erased one is not */
	m.d[before].state = MS_UI_CANCELLED;
	m.d[before].flags = MS_UI_REFUSED;
	ms_ui_look_again(&m);
	ck_assert_int_eq(m.d[before].state, MS_UI_IDLE);
	ck_assert(!m.d[before].planned && !(m.d[before].flags & MS_UI_REFUSED));
	ck_assert_int_eq(m.d[0].state, MS_UI_DONE);
	/* a job's end */
	ms_ui_progress(&m, 1, "write", 1.7, 1e8, 3);
	ck_assert(m.d[1].fraction <= 1.0);
	ck_assert(!ms_ui_all_over(&m));
	ms_ui_finish(&m, 1, MS_UI_FAILED, "sdb: I/O error");
	ck_assert(ms_ui_all_over(&m));
	ck_assert_str_eq(m.d[1].outcome, "sdb: I/O error");
	ck_assert_uint_eq(ms_ui_next_class(MS_CLASS_1), MS_CLASS_MYNUMBER);
}
END_TEST

START_TEST(text_fits_by_columns)
{
	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	char out[64];
	ck_assert_int_eq(ms_text_columns("試験市"), 6);
	ck_assert_int_eq(ms_text_fit("abc", 5, out, sizeof out), 3);
	ck_assert_str_eq(out, "abc");
	/* 5 columns for "試験市 IT" (8): two wide characters and the cut mark */
	ck_assert_int_eq(ms_text_fit("試験市 IT", 5, out, sizeof out), 5);
	ck_assert_str_eq(out, "試験~");
	/* 4 columns: one wide character would leave half of the next: never split */
	ck_assert_int_eq(ms_text_fit("試験市", 4, out, sizeof out), 3);
	ck_assert_str_eq(out, "試~");
	/* bytes that are not UTF-8 and control characters are shown as '?' */
	ms_text_fit("a\xff\x1b[2Jb", 20, out, sizeof out);
	ck_assert_str_eq(out, "a??[2Jb");
	/* a small buffer bounds the copy */
	char tiny[4];
	ms_text_fit("試験市", 10, tiny, sizeof tiny);
	ck_assert_uint_le(strlen(tiny), 3);
	/* wrapping: at a space, else anywhere between characters */
	size_t took = ms_text_line("erase the drive now", 10, out, sizeof out);
	ck_assert_str_eq(out, "erase the");
	ck_assert_uint_eq(took, 10);
	took = ms_text_line("物理的破壊が必要です", 7, out, sizeof out);
	ck_assert_str_eq(out, "物理的");
	ck_assert_uint_eq(took, 9);
	ck_assert_uint_eq(ms_text_line("", 10, out, sizeof out), 0);
	/* text entry removes whole characters, and takes no control characters */
	char buf[16] = "";
	ms_ui_text_append(buf, sizeof buf, "市");
	ms_ui_text_append(buf, sizeof buf, "\x1b");
	ms_ui_text_append(buf, sizeof buf, "A");
	ck_assert_str_eq(buf, "市A");
	ms_ui_text_backspace(buf);
	ms_ui_text_backspace(buf);
	ck_assert_str_eq(buf, "");
	ms_ui_text_backspace(buf);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(config_parses_and_refuses)
{
	struct ms_config c;
	char why[200];
	const char *good = "# station\norganisation = 試験市 情報政策課\n  class=mynumber  \r\nkey = /media/out/k.p12\n";
	ck_assert_int_eq(ms_config_parse(good, strlen(good), "f", &c, why, sizeof why), 0);
	ck_assert_str_eq(c.v[MS_CFG_ORGANISATION], "試験市 情報政策課");
	ck_assert(c.cls_set);
	ck_assert_int_eq(c.cls, MS_CLASS_MYNUMBER);
	ck_assert_str_eq(c.v[MS_CFG_KEY], "/media/out/k.p12");
	const char *bad[][2] = {
		{"colour = red\n", "f:1: unknown key"}, {"class = 4\n", "f:1: class must be"},
		{"operator = a\noperator = b\n", "f:2: key given twice"}, {"\n\nwitness\n", "f:3: expected"},
		{"operator = a\x1b[2J\n", "f:1: control characters"},
		/* what decides the erase or where root writes is not the removable medium's to say */
		{"policy = /media/weak.policy\n", "f:1: unknown key"}, {"state-dir = /media/x\n", "f:1: unknown key"},
		{"passphrase-file = /media/p\n", "f:1: unknown key"},
		{"key = pkcs11:token=t;object=k?module-path=/media/evil.so\n", "f:1: a key's module-path"},
	};
	for (size_t i = 0; i < MS_ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(ms_config_parse(bad[i][0], strlen(bad[i][0]), "f", &c, why, sizeof why), -EINVAL);
		ck_assert_msg(strncmp(why, bad[i][1], strlen(bad[i][1])) == 0, "%s: %s", bad[i][0], why);
		ck_assert_str_eq(c.v[MS_CFG_OPERATOR], "");
	}
	char nul[] = "operator = a\0b\n";
	ck_assert_int_eq(ms_config_parse(nul, sizeof nul - 1, "f", &c, why, sizeof why), -EINVAL);
	char longv[300] = "place = ";
	memset(longv + 8, 'x', 250);
	ck_assert_int_eq(ms_config_parse(longv, strlen(longv), "f", &c, why, sizeof why), -EINVAL);
	/* render and parse again: the same settings */
	ck_assert_int_eq(ms_config_parse(good, strlen(good), "f", &c, why, sizeof why), 0);
	char text[4096];
	int n = ms_config_render(&c, text, sizeof text);
	ck_assert_int_gt(n, 0);
	struct ms_config back;
	ck_assert_int_eq(ms_config_parse(text, (size_t)n, "g", &back, why, sizeof why), 0);
	ck_assert_mem_eq(&back, &c, sizeof c);
	ck_assert_int_eq(ms_config_render(&c, text, 20), -ENOSPC);
}
END_TEST

START_TEST(config_unattended_in_words)
{
	struct ms_config c;
	char why[300];
	const char *good = "mode = unattended\ndrives = every-drive-except-boot-and-output\nunfreeze = yes\nafter = wait\n";
	ck_assert_int_eq(ms_config_parse(good, strlen(good), "f", &c, why, sizeof why), 0);
	ck_assert(c.unattended && c.unfreeze && c.wait);
	const char *list = "drives = sda, nvme0n1 WD-123\nmode = interactive\n";
	ck_assert_int_eq(ms_config_parse(list, strlen(list), "f", &c, why, sizeof why), 0);
	ck_assert(!c.unattended && !c.unfreeze && !c.wait);
	const char *bad[][2] = {
		{"mode = auto\n", "f:1: mode must be"}, {"unfreeze = 1\n", "f:1: unfreeze must be"},
		{"after = reboot\n", "f:1: after must be"},
		/* "all" is said in words, never by a pattern or nothing */
		{"drives = all\n", "f:1: drives must be"}, {"drives = *\n", "f:1: drives must be"},
		{"drives = , ,\n", "f:1: drives must be"}, {"drives = /dev/sda\n", "f:1: drives must be"},
	};
	for (size_t i = 0; i < MS_ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(ms_config_parse(bad[i][0], strlen(bad[i][0]), "f", &c, why, sizeof why), -EINVAL);
		ck_assert_msg(strncmp(why, bad[i][1], strlen(bad[i][1])) == 0, "%s: %s", bad[i][0], why);
	}
}
END_TEST

static void collect(void *ctx, const char *token)
{
	strcat(ctx, token);
	strcat(ctx, ";");
}

/* The unattended station's batches: the listed drives that can be erased, a frozen one that
 * needs the unfreeze alone and only when allowed, never one erased before. */
START_TEST(unattended_batches)
{
	struct ms_ui_drive a = drive("sda", "AAA1"), boot = drive("sdb", "BBB2"), frozen = drive("sdc", "CCC3");
	struct ms_ui_drive other = drive("sdd", "DDD4"), overwrite_frozen = drive("sde", "EEE5");
	boot.flags = MS_UI_BOOT;
	frozen.flags = MS_UI_FROZEN;
	overwrite_frozen.flags = MS_UI_FROZEN;
	overwrite_frozen.plan.chosen.method = MS_METHOD_OVERWRITE;
	ms_strlcpy(a.identity, "id-a", sizeof a.identity);
	struct ms_ui_drive *all[] = {&a, &boot, &frozen, &other, &overwrite_frozen};
	for (size_t i = 0; i < MS_ARRAY_SIZE(all); i++)
		ck_assert_int_eq(ms_ui_upsert(&m, all[i]), (int)i);
	ck_assert(ms_ui_listed("sda DDD4", &m.d[0]) && ms_ui_listed("sda,DDD4", &m.d[3]));
	/* the names and serials no drive has are named, each once */
	char unfound[64] = "";
	ck_assert_uint_eq(ms_ui_unfound(&m, " sda, NOPE-1 ,DDD4 sdz", collect, unfound), 2);
	ck_assert_str_eq(unfound, "NOPE-1;sdz;");
	ck_assert_uint_eq(ms_ui_unfound(&m, MS_CONFIG_ALL_DRIVES, collect, unfound), 0);
	ck_assert(!ms_ui_listed("sda DDD4", &m.d[2]) && !ms_ui_listed("sd", &m.d[0]));
	/* no unfreeze: the frozen drive that needs it is left, the one overwritten is taken */
	ck_assert_uint_eq(ms_ui_auto_select(&m, MS_CONFIG_ALL_DRIVES, false), 3);
	ck_assert(m.d[0].selected && !m.d[1].selected && !m.d[2].selected && m.d[3].selected && m.d[4].selected);
	/* with it: the same batch without it, then it alone */
	ck_assert_uint_eq(ms_ui_auto_select(&m, MS_CONFIG_ALL_DRIVES, true), 3);
	ck_assert(!m.d[2].selected);
	for (size_t i = 0; i < m.n; i++)
		if (m.d[i].selected)
			ms_ui_finish(&m, i, MS_UI_DONE, NULL);
	ck_assert_uint_eq(ms_ui_auto_select(&m, MS_CONFIG_ALL_DRIVES, true), 1);
	ck_assert(m.d[2].selected && m.d[2].unfreeze);
	ms_ui_finish(&m, 2, MS_UI_DONE, NULL);
	ck_assert_uint_eq(ms_ui_auto_select(&m, MS_CONFIG_ALL_DRIVES, true), 0);
	/* the same drive plugged in again (a new row): already erased in this session */
	struct ms_ui_drive again = drive("sdf", "AAA1");
	ms_strlcpy(again.identity, "id-a", sizeof again.identity);
	ck_assert_int_eq(ms_ui_upsert(&m, &again), 5);
	ck_assert(ms_ui_erased_before(&m, 5));
	ck_assert_uint_eq(ms_ui_auto_select(&m, MS_CONFIG_ALL_DRIVES, true), 0);
	/* only the names listed */
	struct ms_ui_drive named = drive("sdg", "GGG7"), unnamed = drive("sdh", "HHH8");
	ms_ui_upsert(&m, &named);
	ms_ui_upsert(&m, &unnamed);
	ck_assert_uint_eq(ms_ui_auto_select(&m, "sdg", false), 1);
	ck_assert(m.d[6].selected && !m.d[7].selected);
}
END_TEST

START_TEST(config_saved_atomically)
{
	char dir[256], path[300], why[200];
	tmpdir_make(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/station.conf", dir);
	struct ms_config c, back;
	ck_assert_int_eq(ms_config_load(path, &c, why, sizeof why), 0); /* none yet: empty */
	ck_assert_str_eq(c.v[MS_CFG_ORGANISATION], "");
	ms_strlcpy(c.v[MS_CFG_WITNESS], "佐藤", sizeof c.v[MS_CFG_WITNESS]);
	ck_assert_int_eq(ms_config_save(path, &c), 0);
	ck_assert_int_eq(ms_config_load(path, &back, why, sizeof why), 0);
	ck_assert_str_eq(back.v[MS_CFG_WITNESS], "佐藤");
	tmpdir_remove(dir);
}
END_TEST

Suite *suite_ui(void)
{
	Suite *s = suite_create("ui");
	TCase *t = tcase_create("model");
	tcase_add_checked_fixture(t, setup, NULL);
	tcase_add_test(t, selection_follows_the_plan);
	tcase_add_test(t, confirmation_needs_each_serial_end);
	tcase_add_test(t, discovery_passes);
	tcase_add_test(t, text_fits_by_columns);
	tcase_add_test(t, unattended_batches);
	suite_add_tcase(s, t);
	t = tcase_create("config");
	tcase_add_test(t, config_parses_and_refuses);
	tcase_add_test(t, config_saved_atomically);
	tcase_add_test(t, config_unattended_in_words);
	suite_add_tcase(s, t);
	return s;
}
