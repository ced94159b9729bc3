/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ATA encoders/decoders and SAT, byte for byte against ACS-3/ACS-4 and SAT-4. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../devices/ata.h"
#include "../../devices/sat.h"
#include "../../devices/xport.h"
#include "../../erase/pattern.h"
#include "../../erase/sample.h"
#include "../../util/util.h"
#include "suites.h"

/* Real drives' IDENTIFY dumps, copied from the project's shared/fixtures/identify so that a
 * clone is self-contained (tests/fixtures/identify/SOURCES.md says where each came from). */
#define FIX "../fixtures/identify/"

static void cdb_is(const struct ms_ata_cmd *c, bool ck, const char *hex)
{
	uint8_t cdb[16];
	char got[33];
	ck_assert_int_eq(ms_sat_cdb16(c, ck, cdb), 0);
	ms_hex(cdb, 16, got);
	ck_assert_str_eq(got, hex);
}

/* Expected bytes laid out by hand from the SAT-4 ATA PASS-THROUGH(16) field table. */
START_TEST(cdb16_encodings)
{
	struct ms_ata_cmd c;
	uint8_t buf[512];
	const uint8_t pw[MS_ATA_PW_LEN] = "massho-one-time";
	ms_ata_identify(&c, buf);
	cdb_is(&c, false, "85080e0000000100000000000000ec00");
	ms_ata_read_native_max(&c, true);
	cdb_is(&c, true, "85072000000000000000000000402700");
	ms_ata_set_max(&c, 0x0FFFFFFE, false, true); /* LBA 27:24 go to the device register */
	cdb_is(&c, true, "8506200000000100fe00ff00ff4ff900");
	ms_ata_set_max(&c, 0x123456789ABull, true, false);
	cdb_is(&c, true, "8507200000000045ab23890167403700");
	ms_ata_sanitize(&c, MS_SAN_CRYPTO, false, 0, 0, false);
	cdb_is(&c, true, "8507200011000043700079007240b400");
	ms_ata_sanitize(&c, MS_SAN_BLOCK, true, 0, 0, false);
	cdb_is(&c, true, "8507200012001042720045006b40b400");
	ms_ata_sanitize(&c, MS_SAN_OVERWRITE, true, 0xDEADBEEF, 3, true);
	cdb_is(&c, true, "85072000140093deef57be4fad40b400");
	ms_ata_sanitize_status(&c, true);
	cdb_is(&c, true, "8507200000000100000000000040b400");
	ms_ata_sec_erase_unit(&c, buf, pw, false, true, 120);
	cdb_is(&c, true, "850a260000000100000000000040f400");
	ck_assert_uint_eq(c.timeout_s, 120);
	ck_assert_str_eq(c.name, "ENHANCED SECURITY ERASE UNIT");
	ms_ata_smart_read_data(&c, buf);
	cdb_is(&c, false, "85080e00d000010000004f00c200b000");
	ms_ata_amac_set_accessible(&c, 0xFFFF);
	cdb_is(&c, true, "8507200001000000ff00ff0000407800");
	c.len = 100;
	uint8_t cdb[16];
	ck_assert_int_eq(ms_sat_cdb16(&c, false, cdb), -EINVAL);
}
END_TEST

/* The remaining encoders, as sgio.c sends them: CK_COND only on non-data commands. */
START_TEST(cdb16_remaining_encoders)
{
	struct ms_ata_cmd c;
	uint8_t buf[512];
	const uint8_t pw[MS_ATA_PW_LEN] = "x";
	ms_ata_dco_identify(&c, buf);
	cdb_is(&c, false, "85080e00c2000100000000000040b100");
	ms_ata_dco_restore(&c);
	cdb_is(&c, true, "85062000c0000000000000000040b100");
	ms_ata_amac_get_native(&c);
	cdb_is(&c, true, "85072000000000000000000000407800");
	ms_ata_sec_set_password(&c, buf, pw, false, false);
	cdb_is(&c, false, "850a060000000100000000000040f100");
	ms_ata_sec_unlock(&c, buf, pw, false);
	cdb_is(&c, false, "850a060000000100000000000040f200");
	ms_ata_sec_disable(&c, buf, pw, false);
	cdb_is(&c, false, "850a060000000100000000000040f600");
	ms_ata_sec_erase_prepare(&c);
	cdb_is(&c, true, "8506200000000000000000000040f300");
	ms_ata_sec_freeze_lock(&c);
	cdb_is(&c, true, "8506200000000000000000000040f500");
	ms_ata_read_native_max(&c, false);
	cdb_is(&c, true, "8506200000000000000000000040f800");
	ms_ata_nop(&c);
	cdb_is(&c, true, "85062000000000000000000000000000");
}
END_TEST

START_TEST(cdb12_encodings)
{
	struct ms_ata_cmd c;
	uint8_t cdb[12], buf[512];
	char got[25];
	ms_ata_identify(&c, buf);
	ck_assert_int_eq(ms_sat_cdb12(&c, false, cdb), 0);
	ms_hex(cdb, 12, got);
	ck_assert_str_eq(got, "a1080e000100000000ec0000");
	ms_ata_sanitize_status(&c, false);
	ck_assert_int_eq(ms_sat_cdb12(&c, false, cdb), -EINVAL); /* 48-bit: 16-byte form only */
}
END_TEST

START_TEST(password_blocks)
{
	struct ms_ata_cmd c;
	uint8_t buf[512], pw[MS_ATA_PW_LEN] = {0};
	memcpy(pw, "secret", 6);
	ms_ata_sec_set_password(&c, buf, pw, false, true);
	ck_assert_uint_eq(buf[0], 0x00);
	ck_assert_uint_eq(buf[1], 0x01); /* word 0 bit 8: security level maximum */
	ck_assert_mem_eq(buf + 2, "secret", 6);
	ck_assert_uint_eq(buf[8], 0);
	ck_assert_uint_eq(c.command, 0xF1);
	ck_assert_int_eq(c.proto, MS_ATA_PIO_OUT);
	ms_ata_sec_erase_unit(&c, buf, pw, true, true, 60);
	ck_assert_uint_eq(buf[0], 0x03); /* master + enhanced */
	ms_ata_sec_disable(&c, buf, pw, false);
	ck_assert_uint_eq(buf[0], 0x00);
	ck_assert_uint_eq(c.command, 0xF6);
	ms_ata_sec_unlock(&c, buf, pw, false);
	ck_assert_uint_eq(c.command, 0xF2);
	ms_ata_sec_erase_prepare(&c);
	ck_assert_uint_eq(c.command, 0xF3);
	ck_assert_int_eq(c.proto, MS_ATA_NON_DATA);
}
END_TEST

static void load_fixture(const char *name, uint8_t raw[512])
{
	char path[256], *text;
	snprintf(path, sizeof path, FIX "%s", name);
	ck_assert_int_eq(ms_read_file(path, &text, NULL, 1 << 16), 0);
	ck_assert_int_eq(ms_ata_identify_parse_hex(text, raw), 0);
	free(text);
}

START_TEST(identify_real_drive)
{
	uint8_t raw[512];
	struct ms_ata_identify id;
	load_fixture("Seagate-ST240FP0021-B710.hex", raw);
	ck_assert_int_eq(ms_ata_identify_decode(raw, &id), 0);
	ck_assert_str_eq(id.model, "SEAGATE ST240FP0021");
	ck_assert_str_eq(id.serial, "Z5800M90");
	ck_assert_str_eq(id.firmware, "B710");
	ck_assert(id.lba48 && id.sectors == 468862128);
	ck_assert_uint_eq(id.physical_sector, 4096);
	ck_assert(id.sec_supported && id.sec_enabled && id.sec_locked && !id.sec_frozen && !id.sec_enhanced);
	ck_assert(id.sec_maximum);
	ck_assert_uint_eq(id.erase_minutes, 8);
	ck_assert(id.sanitize && id.sanitize_block && !id.sanitize_crypto && !id.sanitize_overwrite);
	ck_assert(id.hpa && id.hpa_enabled && id.trim);
	ck_assert_str_eq(id.wwn, "5000c5002ff23848");
	ck_assert(id.checksum_present && id.checksum_ok);
	raw[20] ^= 1; /* a damaged byte breaks the checksum */
	ms_ata_identify_decode(raw, &id);
	ck_assert(!id.checksum_ok);
	load_fixture("WD-WD10EZEX_08WN4A0-02.01A02.hex", raw);
	ms_ata_identify_decode(raw, &id);
	ck_assert_uint_eq(id.erase_minutes, 122); /* word 89 = 803Dh: extended form */
	ck_assert_uint_eq(id.rotation, 7200);
}
END_TEST

static void setw(uint8_t *raw, int w, uint16_t v)
{
	raw[2 * w] = (uint8_t)v;
	raw[2 * w + 1] = (uint8_t)(v >> 8);
}

START_TEST(identify_synthetic_fields)
{
	uint8_t raw[512] = {0};
	struct ms_ata_identify id;
	setw(raw, 0, 0x0040);
	setw(raw, 27, 'E' << 8 | 'M');
	setw(raw, 28, 'U' << 8 | ' ');
	setw(raw, 83, 0x4000 | 0x0400 | 0x0800); /* valid, LBA48, DCO */
	setw(raw, 84, 0x4000);
	setw(raw, 100, 0x0010);
	setw(raw, 106, 0x4000 | 0x2000 | 0x1000 | 3); /* 8 logical per physical, long logical */
	setw(raw, 117, 2048);                          /* 4096-byte logical sectors */
	setw(raw, 119, 0x4000 | 0x0100);              /* AMAC */
	setw(raw, 59, 0xF000 | 0x0400);
	setw(raw, 89, 0x00FF);
	ms_ata_identify_seal(raw);
	ck_assert_int_eq(ms_ata_identify_decode(raw, &id), 0);
	ck_assert_str_eq(id.model, "EMU");
	ck_assert(id.checksum_ok);
	ck_assert_uint_eq(id.logical_sector, 4096);
	ck_assert_uint_eq(id.physical_sector, 32768);
	ck_assert(id.dco && id.amac && id.lba48 && id.sectors == 16);
	ck_assert(id.sanitize_block && id.sanitize_crypto && id.sanitize_overwrite && id.sanitize_antifreeze);
	ck_assert(id.erase_time_more && id.erase_minutes == 510);
	setw(raw, 0, 0x8580); /* ATAPI */
	ck_assert_int_eq(ms_ata_identify_decode(raw, &id), -EINVAL);
	ck_assert_int_eq(ms_ata_identify_parse_hex("0040 ffff", raw), -EINVAL);
}
END_TEST

static void unhex(const char *h, uint8_t *out, size_t *n)
{
	*n = 0;
	for (; h[0] && h[1]; h += 2) {
		unsigned v;
		sscanf(h, "%2x", &v);
		out[(*n)++] = (uint8_t)v;
	}
}

START_TEST(sense_descriptor)
{
	/* CK_COND success: RECOVERED ERROR, 00h/1Dh, ATA Status Return descriptor. */
	uint8_t s[64];
	size_t n;
	unhex("720100" "1d000000" "0e" "090c01" "00" "00" "05" "00" "11" "00" "22" "00" "33" "40" "50", s, &n);
	struct ms_scsi_sense sk;
	struct ms_ata_status st;
	ck_assert_int_eq(ms_sat_sense_decode(s, n, &sk, &st), 0);
	ck_assert(sk.valid && sk.key == 1 && sk.asc == 0 && sk.ascq == 0x1d);
	ck_assert(st.valid && st.status == 0x50 && st.error == 0 && st.count == 5 && st.device == 0x40);
	ck_assert(st.lba == 0x332211);
	ck_assert(ms_ata_ok(&st));
}
END_TEST

START_TEST(sense_fixed_both_layouts)
{
	struct ms_scsi_sense sk;
	struct ms_ata_status st;
	uint8_t s[32] = {0};
	/* SAT-4 / Linux >= 6.11: VALID, registers in INFORMATION, LBA in CSI. */
	s[0] = 0xF0; s[2] = 0x0B; s[7] = 10; s[12] = 0x00; s[13] = 0x00;
	s[3] = 0x04; s[4] = 0x51; s[5] = 0x40; s[6] = 0x01;
	s[8] = 0x80; s[9] = 0xAA; s[10] = 0xBB; s[11] = 0xCC;
	ck_assert_int_eq(ms_sat_sense_decode(s, 18, &sk, &st), 0);
	ck_assert(sk.key == 0x0B);
	ck_assert(st.error == 0x04 && st.status == 0x51 && st.device == 0x40 && st.count == 1);
	ck_assert(st.lba == 0xCCBBAA);
	ck_assert(ms_ata_aborted(&st));
	/* Linux <= 6.10 (Debian 12's 6.1): no VALID, registers at 8..11, LBA at 17..19. */
	memset(s, 0, sizeof s);
	s[0] = 0x70; s[2] = 0x0B; s[7] = 10;
	s[8] = 0x04; s[9] = 0x51; s[10] = 0x40; s[11] = 0x00;
	s[16] = 0x00; s[17] = 0x11; s[18] = 0x22; s[19] = 0x33;
	ck_assert_int_eq(ms_sat_sense_decode(s, 32, &sk, &st), 0);
	ck_assert(st.error == 0x04 && st.status == 0x51 && st.lba == 0x332211);
	ck_assert(ms_ata_aborted(&st));
	/* What Debian 12's kernel really returned for an aborted DEVICE CONFIGURATION
	 * IDENTIFY (QEMU AHCI, captured by the system test): 18 bytes, LBA cut short. */
	uint8_t real[18] = {0x70, 0, 0x0b, 0, 0, 0, 0, 0x0a, 0x04, 0x41, 0x40, 0x01, 0, 0, 0, 0, 0x80, 0x00};
	ck_assert_int_eq(ms_sat_sense_decode(real, sizeof real, &sk, &st), 0);
	ck_assert(st.error == 0x04 && st.status == 0x41 && st.device == 0x40 && st.count == 1 && st.lba == 0);
	ck_assert(ms_ata_aborted(&st) && !ms_ata_ok(&st));
	/* What QEMU's scsi-hd (and usb-storage) answer to ATA PASS-THROUGH(16): ILLEGAL
	 * REQUEST, INVALID COMMAND OPERATION CODE, fixed format: no registers at all
	 * (issue 14: it used to be read as an answer with status 00h). */
	uint8_t qemu[18] = {0x70, 0, 0x05, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x20, 0x00, 0, 0, 0, 0};
	ck_assert_int_eq(ms_sat_sense_decode(qemu, sizeof qemu, &sk, &st), -ENODATA);
	ck_assert(sk.valid && sk.key == 5 && sk.asc == 0x20 && !st.valid);
	qemu[12] = 0x24; /* INVALID FIELD IN CDB */
	ck_assert_int_eq(ms_sat_sense_decode(qemu, sizeof qemu, &sk, &st), -ENODATA);
	qemu[2] = 0x06, qemu[12] = 0x29; /* UNIT ATTENTION, POWER ON OR RESET: not run */
	ck_assert_int_eq(ms_sat_sense_decode(qemu, sizeof qemu, &sk, &st), -ENODATA);
	qemu[2] = 0x03, qemu[12] = 0x11, qemu[13] = 0x04; /* a MEDIUM ERROR whose bytes 8-11 are zero */
	ck_assert_int_eq(ms_sat_sense_decode(qemu, sizeof qemu, &sk, &st), -ENODATA);
	qemu[9] = 0x51, qemu[8] = 0x40; /* ... and libata's UNC with its registers: an answer */
	ck_assert_int_eq(ms_sat_sense_decode(qemu, sizeof qemu, &sk, &st), 0);
	ck_assert(st.valid && st.status == 0x51 && st.error == 0x40);
	ck_assert_int_eq(ms_sat_sense_decode(s, 4, &sk, &st), -EINVAL);
	s[0] = 0x7F;
	ck_assert_int_eq(ms_sat_sense_decode(s, 32, &sk, &st), -EINVAL);
}
END_TEST

START_TEST(sanitize_status_and_logs)
{
	struct ms_ata_status st = {.valid = true, .status = 0x50, .count = 0x4000, .lba = 0x8000};
	struct ms_ata_sanitize_state ss;
	ms_ata_sanitize_status_decode(&st, &ss);
	ck_assert(ss.in_progress && !ss.completed_ok && ss.progress == 0x8000 && !ss.failed);
	st.count = 0x8000;
	ms_ata_sanitize_status_decode(&st, &ss);
	ck_assert(ss.completed_ok && !ss.in_progress);
	st.status = 0x51; st.error = 0x04; st.count = 0;
	ms_ata_sanitize_status_decode(&st, &ss);
	ck_assert(ss.failed);

	uint8_t raw[512] = {0};
	raw[2] = 9;  raw[2 + 5] = 0x10; raw[2 + 6] = 0x27;    /* 10000 hours */
	raw[14] = 5; raw[14 + 5] = 3;                        /* 3 reallocated */
	raw[26] = 197; raw[26 + 5] = 1;                      /* 1 pending */
	uint8_t sum = 0;
	for (int i = 0; i < 511; i++)
		sum = (uint8_t)(sum + raw[i]);
	raw[511] = (uint8_t)(0x100 - sum);
	struct ms_ata_smart sm;
	ck_assert_int_eq(ms_ata_smart_decode(raw, &sm), 0);
	ck_assert(sm.have_hours && sm.power_on_hours == 10000 && sm.reallocated == 3 && sm.pending == 1);
	raw[100] ^= 1;
	ck_assert_int_eq(ms_ata_smart_decode(raw, &sm), -EINVAL);

	uint8_t dco[512] = {0};
	setw(dco, 0, 2);
	setw(dco, 3, 0x5678); setw(dco, 4, 0x1234); setw(dco, 5, 0x0001);
	setw(dco, 7, 0x0089);
	struct ms_ata_dco d;
	ck_assert_int_eq(ms_ata_dco_decode(dco, &d), 0);
	ck_assert(d.max_lba == 0x000112345678ull && d.hpa && d.security && d.smart);
	struct ms_ata_status nm = {.valid = true, .lba = 0xFFFF12345678ull};
	ck_assert(ms_ata_native_max_lba(&nm, false) == 0x2345678);
}
END_TEST

START_TEST(sample_selection_and_classes)
{
	uint64_t a[64], b[64];
	size_t n = ms_sample_lbas(42, 1000000, 64, a);
	ck_assert_uint_eq(n, 64);
	ck_assert(a[0] == 0 && a[63] == 999999);             /* first and last always */
	for (size_t i = 1; i < n; i++)
		ck_assert(a[i] > a[i - 1]);                    /* distinct, ascending */
	ck_assert_uint_eq(ms_sample_lbas(42, 1000000, 64, b), 64);
	ck_assert_mem_eq(a, b, sizeof a);                      /* re-drawn from the seed */
	ms_sample_lbas(43, 1000000, 64, b);
	ck_assert(memcmp(a, b, sizeof a) != 0);
	ck_assert_uint_eq(ms_sample_lbas(1, 3, 64, a), 3);     /* tiny device: every sector */
	ck_assert(a[0] == 0 && a[1] == 1 && a[2] == 2);
	uint8_t s[512] = {0};
	ck_assert_str_eq(ms_sample_classify(s, 512), "zeros");
	memset(s, 0xFF, 512);
	ck_assert_str_eq(ms_sample_classify(s, 512), "pattern");
	for (int i = 0; i < 512; i++)
		s[i] = (uint8_t)(0x44 - (i % 4) * 0x11);
	ck_assert_str_eq(ms_sample_classify(s, 512), "pattern");
	uint8_t key[32] = {1}, iv[16] = {2};
	struct ms_pass p = {.kind = MS_PAT_RANDOM};
	struct ms_stream *st = ms_stream_new_keyed(&p, key, iv);
	ms_stream_fill(st, 0, s, 512);
	ms_stream_free(st);
	ck_assert_str_eq(ms_sample_classify(s, 512), "random");
	memset(s, 'A', 512);
	memcpy(s, "RESIDENT-RECORD 000001", 22);
	ck_assert_str_eq(ms_sample_classify(s, 512), "other");
}
END_TEST

/* What an answer to ATA PASS-THROUGH means, whoever gives it (issue 14): a SCSI disk's
 * rejection is no answer, whatever the data buffer holds; a short data-in is none either. */
START_TEST(passthrough_results)
{
	struct ms_scsi_sense sk;
	struct ms_ata_status st;
	uint8_t rej[18];
	ms_sat_sense_rejected(rej);
	ck_assert_int_eq(ms_sat_result(rej, 18, 0x02, 0, false, 512, true, &sk, &st), -EOPNOTSUPP);
	ck_assert(!st.valid && sk.key == 5 && sk.asc == 0x20);
	ck_assert_int_eq(ms_sat_result(NULL, 0, 0, 3, false, 0, true, &sk, &st), -ETIMEDOUT);
	ck_assert_int_eq(ms_sat_result(NULL, 0, 0, 0, true, 0, true, &sk, &st), -ETIMEDOUT);
	ck_assert_int_eq(ms_sat_result(NULL, 0, 0, 4, false, 0, true, &sk, &st), -ENODEV);
	ck_assert_int_eq(ms_sat_result(NULL, 0, 0x02, 0, false, 0, false, &sk, &st), -EIO);
	ck_assert_int_eq(ms_sat_result(NULL, 0, 0, 0, false, 512, true, &sk, &st), -EIO); /* nothing came */
	ck_assert_int_eq(ms_sat_result(NULL, 0, 0, 0, false, 0, true, &sk, &st), 0);
	ck_assert(st.valid && ms_ata_ok(&st));
}
END_TEST

/* The emulated SCSI disk plays the same part: IDENTIFY through it is rejected, the buffer
 * keeps the marker it held, and nothing decodes it. */
START_TEST(emulated_scsi_disk_rejects_ata)
{
	char dir[256], spec[400];
	tmpdir_make(dir, sizeof dir);
	snprintf(spec, sizeof spec, "emu:sas-hdd:%s/s.img,capacity=1M", dir);
	struct ms_device d;
	struct ms_xport *x;
	ck_assert_int_eq(ms_describe(spec, NULL, &d, NULL, 0), 0);
	ck_assert_int_eq(ms_xport_open(&d, MS_OPEN_NO_ACT, &x), 0);
	static uint8_t buf[512];
	memset(buf, 0xA5, sizeof buf);
	struct ms_ata_cmd c;
	struct ms_ata_status st;
	ms_ata_identify(&c, buf);
	ck_assert_int_eq(ms_xport_ata(x, &c, &st), -EOPNOTSUPP);
	ck_assert(!st.valid);
	for (size_t i = 0; i < sizeof buf; i++)
		ck_assert_int_eq(buf[i], 0xA5);
	ms_xport_close(x);
	tmpdir_remove(dir);
}
END_TEST

Suite *suite_ata(void)
{
	Suite *s = suite_create("ata");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, cdb16_encodings);
	tcase_add_test(tc, cdb16_remaining_encoders);
	tcase_add_test(tc, cdb12_encodings);
	tcase_add_test(tc, password_blocks);
	tcase_add_test(tc, identify_real_drive);
	tcase_add_test(tc, identify_synthetic_fields);
	tcase_add_test(tc, sense_descriptor);
	tcase_add_test(tc, sense_fixed_both_layouts);
	tcase_add_test(tc, passthrough_results);
	tcase_add_test(tc, emulated_scsi_disk_rejects_ata);
	tcase_add_test(tc, sanitize_status_and_logs);
	tcase_add_test(tc, sample_selection_and_classes);
	suite_add_tcase(s, tc);
	return s;
}
