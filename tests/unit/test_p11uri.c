/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "../../report/p11uri.h"
#include "suites.h"

START_TEST(p11uri_names_token_key_and_module)
{
	struct ms_p11uri u;
	char why[200];
	ck_assert_int_eq(ms_p11uri_parse("pkcs11:token=My%20Token;serial=0042;object=signer;id=%01%a0;type=private"
					 "?module-path=/usr/lib/softhsm/libsofthsm2.so",
					 &u, why, sizeof why),
			 0);
	ck_assert_str_eq(u.token, "My Token");
	ck_assert_str_eq(u.serial, "0042");
	ck_assert_str_eq(u.object, "signer");
	ck_assert_str_eq(u.module, "/usr/lib/softhsm/libsofthsm2.so");
	ck_assert(u.has_id);
	ck_assert_uint_eq(u.id_len, 2);
	ck_assert_uint_eq(u.id[0], 0x01);
	ck_assert_uint_eq(u.id[1], 0xa0);
	ck_assert_str_eq(u.manufacturer, "");

	ck_assert_int_eq(ms_p11uri_parse("pkcs11:object=a?module-path=/opt/p?11.so", &u, why, sizeof why), 0);
	ck_assert_str_eq(u.module, "/opt/p?11.so");
	ck_assert_int_eq(ms_p11uri_parse("PKCS11:", &u, why, sizeof why), 0);
	ck_assert(!u.has_id);
	ck_assert_str_eq(u.token, "");
}
END_TEST

START_TEST(p11uri_refuses_what_it_cannot_honour)
{
	struct ms_p11uri u;
	char why[200];
	static const struct {
		const char *uri, *why;
	} bad[] = {
		{"/etc/key.p12", "not a PKCS#11 URI"},
		{"pkcs11:token", "token: an attribute is NAME=VALUE"},
		{"pkcs11:token=a%2", "token: bad percent-encoding"},
		{"pkcs11:token=a%zz", "token: bad percent-encoding"},
		{"pkcs11:object=a%00b", "object: bad percent-encoding"},
		{"pkcs11:token=0123456789012345678901234567890123", "token: bad percent-encoding, or too long"},
		{"pkcs11:type=cert", "type=cert: massho signs with a private key"},
		{"pkcs11:object=k?pin-value=1234", "pin-value: a PIN in the URI"},
		{"pkcs11:module-path=/x.so", "module-path: belongs in the query"},
		{"pkcs11:?token=a", "token: belongs in the path"},
		{"pkcs11:slot-id=3", "slot-id: attribute not supported"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		why[0] = '\0';
		ck_assert_msg(ms_p11uri_parse(bad[i].uri, &u, why, sizeof why) == -EINVAL, "%s accepted", bad[i].uri);
		ck_assert_msg(strstr(why, bad[i].why) == why, "%s: '%s'", bad[i].uri, why);
	}
	ck_assert(ms_p11uri_is("pkcs11:token=a"));
	ck_assert(!ms_p11uri_is("keys/pkcs11.p12"));
}
END_TEST

Suite *suite_p11uri(void)
{
	Suite *s = suite_create("p11uri");
	TCase *t = tcase_create("core");
	tcase_add_test(t, p11uri_names_token_key_and_module);
	tcase_add_test(t, p11uri_refuses_what_it_cannot_honour);
	suite_add_tcase(s, t);
	return s;
}
