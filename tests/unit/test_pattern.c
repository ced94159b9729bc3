/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../erase/pattern.h"
#include "../../erase/streamhash.h"
#include "../../util/util.h"
#include "suites.h"

static void unhex(const char *h, uint8_t *out)
{
	for (size_t i = 0; h[2 * i]; i++) {
		unsigned v;
		sscanf(h + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

static const struct ms_pass RANDOM = {.kind = MS_PAT_RANDOM};

/* NIST SP 800-38A F.5.5 (CTR-AES256.Encrypt): keystream = ciphertext XOR plaintext. */
START_TEST(aes_ctr_known_answer)
{
	uint8_t key[32], iv[16], pt[32], ct[32], ks[32];
	unhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", key);
	unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", iv);
	unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51", pt);
	unhex("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5", ct);
	struct ms_stream *s = ms_stream_new_keyed(&RANDOM, key, iv);
	ck_assert_int_eq(ms_stream_fill(s, 0, ks, 32), 0);
	for (int i = 0; i < 32; i++)
		ck_assert_uint_eq(ks[i], (uint8_t)(pt[i] ^ ct[i]));
	/* The second block alone, regenerated from its offset. */
	uint8_t ks2[16];
	ck_assert_int_eq(ms_stream_fill(s, 16, ks2, 16), 0);
	ck_assert_mem_eq(ks2, ks + 16, 16);
	ms_stream_free(s);
}
END_TEST

START_TEST(aes_ctr_any_offset_matches_whole_stream)
{
	uint8_t key[32], iv[16];
	/* low counter bytes all ones: offsets cross a 64-bit carry */
	memset(key, 0x11, sizeof key);
	memset(iv, 0xff, sizeof iv);
	iv[0] = 0x00;
	enum { N = 1 << 20 };
	uint8_t *whole = malloc(N), *part = malloc(N);
	struct ms_stream *s = ms_stream_new_keyed(&RANDOM, key, iv);
	ck_assert_int_eq(ms_stream_fill(s, 0, whole, N), 0);
	const uint64_t offs[] = {16, 512, 4096, 12345 * 16, N - 512};
	for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
		size_t len = N - offs[i] < 70000 ? N - offs[i] : 70000;
		ck_assert_int_eq(ms_stream_fill(s, offs[i], part, len), 0);
		ck_assert_mem_eq(part, whole + offs[i], len);
	}
	struct ms_stream *c = ms_stream_clone(s);
	ck_assert_int_eq(ms_stream_fill(c, 4096, part, 4096), 0);
	ck_assert_mem_eq(part, whole + 4096, 4096);
	ck_assert_int_eq(ms_stream_fill(s, 8, part, 16), -EINVAL);
	ms_stream_free(s);
	ms_stream_free(c);
	free(whole);
	free(part);
}
END_TEST

START_TEST(fresh_keys_differ)
{
	uint8_t a[64], b[64];
	struct ms_stream *s1 = ms_stream_new(&RANDOM), *s2 = ms_stream_new(&RANDOM);
	ms_stream_fill(s1, 0, a, 64);
	ms_stream_fill(s2, 0, b, 64);
	ck_assert(memcmp(a, b, 64) != 0);
	ms_stream_free(s1);
	ms_stream_free(s2);
}
END_TEST

START_TEST(constant_patterns)
{
	struct ms_pass p[4];
	char why[100];
	ck_assert_int_eq(ms_passes_parse("zeros, ones,byte:0x55,random", p, 4, why, sizeof why), 4);
	uint8_t b, buf[8];
	const uint8_t want[] = {0x00, 0xff, 0x55};
	for (int i = 0; i < 3; i++) {
		struct ms_stream *s = ms_stream_new(&p[i]);
		ck_assert(ms_stream_constant(s, &b));
		ck_assert_uint_eq(b, want[i]);
		ms_stream_fill(s, 3, buf, 8); /* any offset for constants */
		for (int k = 0; k < 8; k++)
			ck_assert_uint_eq(buf[k], want[i]);
		ms_stream_free(s);
	}
	char name[32];
	ms_pass_name(&p[2], name, sizeof name);
	ck_assert_str_eq(name, "byte:0x55");
}
END_TEST

START_TEST(pass_list_errors)
{
	struct ms_pass p[2];
	char why[100];
	ck_assert_int_eq(ms_passes_parse("random,gutmann", p, 2, why, sizeof why), -EINVAL);
	ck_assert_str_eq(why, "unknown pass 'gutmann' (random, zeros, ones, byte:N)");
	ck_assert_int_eq(ms_passes_parse("byte:300", p, 2, why, sizeof why), -EINVAL);
	ck_assert_int_eq(ms_passes_parse("random,random,random", p, 2, why, sizeof why), -EINVAL);
	ck_assert_str_eq(why, "at most 2 passes");
	ck_assert_int_eq(ms_passes_parse(",", p, 2, why, sizeof why), -EINVAL);
}
END_TEST

/* The stream hash equals SHA-256 of the bytes ms_stream_fill gives, for lengths that are
 * not a multiple of the chunk or of its internal slice, and for a constant pattern. */
START_TEST(stream_hash_matches_the_stream)
{
	const struct { struct ms_pass pass; uint64_t len; size_t chunk; } cases[] = {
		{RANDOM, (3u << 20) + 512, 1u << 20},
		{RANDOM, 512, 4u << 20},
		{RANDOM, 300 * 1024, 4096},
		{{.kind = MS_PAT_BYTE, .byte = 0xa5}, (1u << 20) + 4096, 256u << 10},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ms_stream *st = ms_stream_new(&cases[i].pass);
		ck_assert_ptr_nonnull(st);
		char *all = malloc(cases[i].len);
		ck_assert_ptr_nonnull(all);
		ck_assert_int_eq(ms_stream_fill(st, 0, all, cases[i].len), 0);
		char want[65], got[65];
		ck_assert_int_eq(ms_sha256_hex(all, cases[i].len, want), 0);
		struct ms_streamhash *h = ms_streamhash_start(st, cases[i].len, cases[i].chunk, NULL);
		ck_assert_ptr_nonnull(h);
		unsigned char md[32];
		ck_assert_int_eq(ms_streamhash_finish(h, md), 0);
		ms_hex(md, 32, got);
		ck_assert_msg(strcmp(got, want) == 0, "case %zu", i);
		free(all);
		ms_stream_free(st);
	}
}
END_TEST

START_TEST(stream_hash_stops_on_abort)
{
	struct ms_stream *st = ms_stream_new(&RANDOM);
	atomic_bool stop;
	atomic_init(&stop, true);
	struct ms_streamhash *h = ms_streamhash_start(st, 1u << 30, 1u << 20, &stop);
	ck_assert_ptr_nonnull(h);
	unsigned char md[32];
	ck_assert_int_eq(ms_streamhash_finish(h, md), -EINTR);
	ms_streamhash_cancel(ms_streamhash_start(st, 1u << 30, 1u << 20, NULL)); /* no leak, no hang */
	ms_stream_free(st);
}
END_TEST

/* A verifier meeting the thread chunk by chunk, early (it takes over) or late (the thread
 * has hashed everything): the digest is the stream's either way. */
static void meet_all(uint64_t len, size_t chunk, unsigned delay_us, int expect_take)
{
	struct ms_stream *st = ms_stream_new(&RANDOM);
	char *all = malloc(len);
	ck_assert_ptr_nonnull(all);
	ck_assert_int_eq(ms_stream_fill(st, 0, all, len), 0);
	char want[65], got[65];
	ck_assert_int_eq(ms_sha256_hex(all, len, want), 0);
	struct ms_streamhash *h = ms_streamhash_start(st, len, chunk, NULL);
	ck_assert_ptr_nonnull(h);
	usleep(delay_us);
	int took = 0;
	for (uint64_t off = 0; off < len; off += chunk) {
		size_t n = len - off < chunk ? (size_t)(len - off) : chunk;
		int r = ms_streamhash_meet(h, off, n);
		ck_assert_int_ge(r, 0);
		if (r == 0) {
			took = 1;
			ck_assert_int_eq(ms_streamhash_feed(h, all + off, n), 0);
		} else {
			ck_assert_msg(!took, "a chunk skipped after the hand-over");
		}
	}
	unsigned char md[32];
	ck_assert_int_eq(ms_streamhash_finish(h, md), 0);
	ms_hex(md, 32, got);
	ck_assert_str_eq(got, want);
	if (expect_take >= 0)
		ck_assert_int_eq(took, expect_take);
	free(all);
	ms_stream_free(st);
}

START_TEST(stream_hash_hand_over)
{
	/* 256 MiB take the thread ~0.2 s, far longer than the first meeting. */
	meet_all(256u << 20, 1u << 20, 0, 1);              /* early: the verifier takes over */
	meet_all((1u << 20) + 4096, 64u << 10, 300000, 0); /* late: all hashed by the thread */
	meet_all(5u << 20, 4096 * 3, 1000, -1);            /* either */
}
END_TEST

Suite *suite_pattern(void)
{
	Suite *s = suite_create("pattern");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, aes_ctr_known_answer);
	tcase_add_test(tc, aes_ctr_any_offset_matches_whole_stream);
	tcase_add_test(tc, fresh_keys_differ);
	tcase_add_test(tc, constant_patterns);
	tcase_add_test(tc, pass_list_errors);
	tcase_add_test(tc, stream_hash_matches_the_stream);
	tcase_add_test(tc, stream_hash_stops_on_abort);
	tcase_add_test(tc, stream_hash_hand_over);
	suite_add_tcase(s, tc);
	return s;
}
