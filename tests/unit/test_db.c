/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The central store's URI check (report/db.c): what a station and an operator may connect
 * with, decided before anything connects. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "../../report/db.h"
#include "../../ui/config.h"
#include "suites.h"

START_TEST(db_uri_accepts_tls_and_sockets)
{
	char why[300] = "";
	static const char *const ok_any[] = {
		"postgresql://station07@db.example.lg.jp/massho?sslmode=verify-full",
		"postgresql://station07@db.example:6543/massho?hostaddr=10.0.0.5&sslmode=verify-full",
		"postgresql:///massho?host=/var/run/postgresql",
		"host=/run/postgresql dbname=massho user=auditor",
		"dbname=massho", /* libpq's default: the local socket */
	};
	for (size_t i = 0; i < sizeof ok_any / sizeof *ok_any; i++) {
		ck_assert_msg(ms_db_uri_check(ok_any[i], false, why, sizeof why) == 0, "%s: %s", ok_any[i], why);
		ck_assert_msg(ms_db_uri_check(ok_any[i], true, why, sizeof why) == 0, "station %s: %s", ok_any[i], why);
	}
	/* An operator's command line may name its files; a station's file may not. */
	const char *files = "postgresql://a@h/db?sslmode=verify-full&sslcert=/k/c.crt&sslkey=/k/c.key&sslrootcert=/k/ca";
	ck_assert_int_eq(ms_db_uri_check(files, false, why, sizeof why), 0);
	ck_assert_int_eq(ms_db_uri_check(files, true, why, sizeof why), -EINVAL);
	ck_assert_msg(strstr(why, "names sslcert") && strstr(why, MS_DB_KEY_FILE), "%s", why);
}
END_TEST

START_TEST(db_uri_refuses_passwords_and_weak_tls)
{
	char why[300];
	static const struct {
		const char *uri, *why;
	} bad[] = {
		{"postgresql://s:secret@db.example/massho?sslmode=verify-full", "holds a password"},
		{"host=db.example dbname=m password=x sslmode=verify-full", "holds a password"},
		{"postgresql://s@db.example/m?sslmode=verify-full&sslpassword=x", "holds a password"},
		{"postgresql://s@db.example/massho", "sslmode must be verify-full (it is prefer)"},
		{"postgresql://s@db.example/massho?sslmode=require", "(it is require)"},
		{"postgresql://s@db.example/massho?sslmode=verify-ca", "(it is verify-ca)"},
		{"host=/run/pg hostaddr=127.0.0.1 dbname=m", "sslmode must be verify-full"},
		{"postgresql://s@h/m?nosuchparam=1", "postgresql URI: "},
		{"", "empty"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		why[0] = '\0';
		ck_assert_msg(ms_db_uri_check(bad[i].uri, false, why, sizeof why) == -EINVAL, "accepted: %s", bad[i].uri);
		ck_assert_msg(strstr(why, bad[i].why) && strncmp(why, "postgresql URI: ", 16) == 0, "%s: %s", bad[i].uri,
			      why);
	}
}
END_TEST

START_TEST(db_config_collect_is_checked)
{
	struct ms_config c;
	char why[400];
	const char *good = "collect = postgresql://st1@db.example/massho?sslmode=verify-full\n";
	ck_assert_int_eq(ms_config_parse(good, strlen(good), "st.conf", &c, why, sizeof why), 0);
	ck_assert_str_eq(c.v[MS_CFG_COLLECT], "postgresql://st1@db.example/massho?sslmode=verify-full");
	const char *bad = "class = 2\ncollect = postgresql://st1@db.example/massho?sslmode=require\n";
	ck_assert_int_eq(ms_config_parse(bad, strlen(bad), "st.conf", &c, why, sizeof why), -EINVAL);
	ck_assert_msg(strncmp(why, "st.conf:2: collect must be", 26) == 0, "%s", why);
}
END_TEST

Suite *suite_db(void)
{
	Suite *s = suite_create("db");
	TCase *t = tcase_create("core");
	tcase_add_test(t, db_uri_accepts_tls_and_sockets);
	tcase_add_test(t, db_uri_refuses_passwords_and_weak_tls);
	tcase_add_test(t, db_config_collect_is_checked);
	suite_add_tcase(s, t);
	return s;
}
